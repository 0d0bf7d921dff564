//! Pages, one folder per audience: a page lives with the people who use it;
//! the inbox and the not-found page serve everyone.
mod bureau;
mod parent;
mod public;
mod school;
mod staff;
mod tender;
mod vendor;
mod inbox;
mod not_found;

pub use bureau::home::BureauPage;
pub use bureau::money::BureauMoneyPage;
pub use bureau::supervision::{BureauReportsPage, CityPage, SchoolReportsPage, SupervisionPage};
pub use parent::money::ChildMoneyPage;
pub use parent::proof::ProofPage;
pub use public::disclosure::DisclosurePage;
pub use school::bank_import::BankImportPage;
pub use school::claims::ClaimQueuePage;
pub use school::money::MoneyDeskPage;
pub use school::pay::PayRunPage;
pub use school::settlement::SettlementPage;
pub use bureau::vendors::{CityDeskPage, VendorDeskPage};
pub use public::tenders::{BlacklistPage, TendersPage};
pub use school::tenders::SchoolTendersPage;
pub use tender::{BidPage, TenderPage};
pub use vendor::home::VendorPage;
pub use vendor::register::RegisterVendorPage;
pub use inbox::InboxPage;
pub use not_found::NotFound;
pub use parent::agreement::{AgreementPage, PlanAgreementPage, ReceiptPage};
pub use parent::child::ChildPage;
pub use parent::home::ParentPage;
pub use parent::my_data::MyDataPage;
pub use parent::photos::PickupPhotosPage;
pub use public::home::HomePage;
pub use public::notice::NoticePage;
pub use public::plan::PlanPage;
pub use public::register::RegisterPage;
pub use public::schools::{SchoolPublicPage, SchoolsPage};
pub use public::sign_in::SignInPage;
pub use school::calendar::CalendarPage;
pub use school::day::SchoolDayPage;
pub use school::families::{ClassLinksPage, RosterPage, StudentNeedsPage};
pub use school::home::SchoolPage;
pub use school::plan_editor::{EditPlanPage, NewPlanPage};
pub use school::plans::SchoolPlansPage;
pub use school::resources::ResourcesPage;
pub use school::safety::SafetyPage;
pub use school::review::ReviewPage;
pub use school::timetable::TimetablePage;
pub use school::workload::WorkloadPage;
pub use staff::invitation::AcceptInvitationPage;
pub use staff::session_day::SessionDayPage;
pub use staff::week::MyWeekPage;

use leptos_router::hooks::use_params_map;
use leptos::prelude::*;

/// The numeric `:id` of the current route, if it is one.
pub(crate) fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse().ok()))
}
