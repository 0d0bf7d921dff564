//! Every form of the tender page, made once: the page refetches when any
//! of them is done and shows their errors together.
use crate::api::{
    AnswerComplaint, ChangeTender, ConfirmBid, DeclareRelation, DecideAward, EndContract, EvaluateVendor, FileComplaint, ObjectToTender, OpenBids, ProposeAward, ReissueTender,
    ScoreBid, SignContract, WithdrawBid,
};
use crate::components::{FormError, failure};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(super) struct Actions {
    pub change: ServerAction<ChangeTender>,
    pub reissue: ServerAction<ReissueTender>,
    pub withdraw: ServerAction<WithdrawBid>,
    pub confirm: ServerAction<ConfirmBid>,
    pub open: ServerAction<OpenBids>,
    pub score: ServerAction<ScoreBid>,
    pub declare: ServerAction<DeclareRelation>,
    pub object: ServerAction<ObjectToTender>,
    pub propose: ServerAction<ProposeAward>,
    pub complain: ServerAction<FileComplaint>,
    pub answer: ServerAction<AnswerComplaint>,
    pub decide: ServerAction<DecideAward>,
    pub sign: ServerAction<SignContract>,
    pub evaluate: ServerAction<EvaluateVendor>,
    pub end: ServerAction<EndContract>,
}

impl Actions {
    pub(super) fn new() -> Actions {
        Actions {
            change: ServerAction::new(),
            reissue: ServerAction::new(),
            withdraw: ServerAction::new(),
            confirm: ServerAction::new(),
            open: ServerAction::new(),
            score: ServerAction::new(),
            declare: ServerAction::new(),
            object: ServerAction::new(),
            propose: ServerAction::new(),
            complain: ServerAction::new(),
            answer: ServerAction::new(),
            decide: ServerAction::new(),
            sign: ServerAction::new(),
            evaluate: ServerAction::new(),
            end: ServerAction::new(),
        }
    }

    pub(super) fn version(&self) -> [usize; 15] {
        [
            self.change.version().get(),
            self.reissue.version().get(),
            self.withdraw.version().get(),
            self.confirm.version().get(),
            self.open.version().get(),
            self.score.version().get(),
            self.declare.version().get(),
            self.object.version().get(),
            self.propose.version().get(),
            self.complain.version().get(),
            self.answer.version().get(),
            self.decide.version().get(),
            self.sign.version().get(),
            self.evaluate.version().get(),
            self.end.version().get(),
        ]
    }

    pub(super) fn errors(&self) -> impl IntoView {
        let a = *self;
        [
            failure(a.change.value()),
            failure(a.reissue.value()),
            failure(a.withdraw.value()),
            failure(a.confirm.value()),
            failure(a.open.value()),
            failure(a.score.value()),
            failure(a.declare.value()),
            failure(a.object.value()),
            failure(a.propose.value()),
            failure(a.complain.value()),
            failure(a.answer.value()),
            failure(a.decide.value()),
            failure(a.sign.value()),
            failure(a.evaluate.value()),
            failure(a.end.value()),
        ]
        .into_iter()
        .map(|e| view! { <FormError error=e/> })
        .collect_view()
    }
}
