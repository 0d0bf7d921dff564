//! Pages, one module per audience.
mod agreement;
mod applications;
mod apply;
mod bureau;
mod child;
mod home;
mod inbox;
mod my_data;
mod not_found;
mod notice;
mod parent;
mod plan;
mod plan_editor;
mod register;
mod review;
mod school;
mod school_families;
mod school_plans;
mod schools;
mod sign_in;

pub use agreement::{AgreementPage, PlanAgreementPage, ReceiptPage};
pub use bureau::BureauPage;
pub use child::ChildPage;
pub use home::HomePage;
pub use inbox::InboxPage;
pub use my_data::MyDataPage;
pub use not_found::NotFound;
pub use notice::NoticePage;
pub use parent::ParentPage;
pub use plan::PlanPage;
pub use plan_editor::{EditPlanPage, NewPlanPage};
pub use register::RegisterPage;
pub use review::ReviewPage;
pub use school::SchoolPage;
pub use school_families::{ClassLinksPage, PickupDayPage, RosterPage, StudentNeedsPage};
pub use school_plans::SchoolPlansPage;
pub use schools::{SchoolFinder, SchoolPublicPage, SchoolsPage};
pub use sign_in::SignInPage;

use leptos_router::hooks::use_params_map;
use leptos::prelude::*;

/// The numeric `:id` of the current route, if it is one.
pub(crate) fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse().ok()))
}
