//! The public notice of a plan's admitted list (P4), for people at the school.
use crate::api::{AnswerObjection, FileObjection, FinalizeEnrolment, notice};
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use crate::pages::params::id_param;
use crate::session::is_school_admin;
use leptos::prelude::*;
use wire::ids::PlanId;
use wire::notice::NoticeView;

#[component]
pub fn NoticePage() -> impl IntoView {
    let id = id_param();
    let object = ServerAction::<FileObjection>::new();
    let answer = ServerAction::<AnswerObjection>::new();
    let finalize = ServerAction::<FinalizeEnrolment>::new();
    let view_data = Resource::new(
        move || (id.get(), object.version().get(), answer.version().get(), finalize.version().get()),
        |(id, ..)| notice(PlanId(id.unwrap_or(0))),
    );
    let i18n = use_i18n();
    let error = move || {
        [object.value().get().and_then(|r| r.err()), answer.value().get().and_then(|r| r.err()), finalize.value().get().and_then(|r| r.err())]
            .into_iter()
            .flatten()
            .next()
    };
    view! {
        <section>
            <h1>{move || i18n.t(M::PublicNotice)}</h1>
            {move || error().map(|e| { let m = e.message(); view! { <p class="error" role="alert">{move || i18n.t(m)}</p> } })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(view_data.get(), move |n| view! { <NoticeBody n object answer finalize/> })}
            </Suspense>
        </section>
    }
}

#[component]
fn NoticeBody(
    n: NoticeView,
    object: ServerAction<FileObjection>,
    answer: ServerAction<AnswerObjection>,
    finalize: ServerAction<FinalizeEnrolment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let admin = is_school_admin();
    let plan = n.plan.to_string();
    let ends = i18n::instant(&n.ends_at);
    let (open, finalized) = (n.open, n.finalized);
    view! {
        <p class="eyebrow">{n.plan_title.clone()}</p>
        <p>
            {move || i18n::msg::notice_ends(i18n.lang.get(), &ends)}" "
            {(!open).then(|| view! { <span class="chip">{move || i18n.t(M::NoticeClosed)}</span> })}
            {finalized.then(|| view! { <span class="chip">{move || i18n.t(M::EnrolmentFinal)}</span> })}
        </p>
        <table class="data notice">
            <thead><tr><th>{move || i18n.t(M::Class)}</th><th>{move || i18n.t(M::Students)}</th></tr></thead>
            <tbody>
                {n.admitted.into_iter().map(|e| view! { <tr><td>{e.class}</td><td>{e.masked_name}</td></tr> }).collect_view()}
            </tbody>
        </table>
        <h2>{move || i18n.t(M::Objections)}</h2>
        {n.objections.is_empty().then(|| view! { <p>{move || i18n.t(M::NoObjections)}</p> })}
        <ul class="cards">
            {n.objections.into_iter().map(|o| {
                let id = o.id.to_string();
                view! {
                    <li class="card objection">
                        <p>{o.text}</p>
                        {match o.answer {
                            Some(a) => view! { <p class="ok">{move || i18n.t(M::AnswerText)}": "{a}</p> }.into_any(),
                            None => view! {
                                <p class="hint">{move || i18n.t(M::AwaitingAnswer)}</p>
                                {move || admin().then(|| { let id = id.clone(); view! {
                                    <ActionForm action=answer attr:class="stack">
                                        <input type="hidden" name="objection" value=id/>
                                        <label><span>{move || i18n.t(M::AnswerText)}</span><textarea name="text" rows="2" maxlength="1000" required></textarea></label>
                                        <button class="button" type="submit">{move || i18n.t(M::SendAnswer)}</button>
                                    </ActionForm>
                                }})}
                            }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
        {open.then(|| { let plan = plan.clone(); view! {
            <ActionForm action=object attr:class="stack">
                <input type="hidden" name="plan" value=plan/>
                <label><span>{move || i18n.t(M::ObjectionText)}</span><textarea name="text" rows="3" maxlength="1000" required></textarea></label>
                <button class="button secondary" type="submit">{move || i18n.t(M::FileObjection)}</button>
            </ActionForm>
        }})}
        {move || (admin() && !finalized).then(|| { let plan = plan.clone(); view! {
            <ActionForm action=finalize>
                <input type="hidden" name="plan" value=plan/>
                <button class="button" type="submit">{move || i18n.t(M::FinalizeEnrolment)}</button>
            </ActionForm>
        }})}
    }
}
