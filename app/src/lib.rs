//! Beilei's web application. Renders on the server (`ssr`) and hydrates in
//! the browser (`hydrate`), or renders in the browser alone (`csr`) for
//! static hosting. Business rules live in the server's `domain` crate; this
//! crate shows pages and calls server functions.
pub mod api;
pub mod components;
pub mod error;
pub mod i18n;
mod outcome;
mod pages;
#[cfg(feature = "ssr")]
mod response;
mod session;
#[cfg(feature = "ssr")]
pub mod ssr;

use components::Header;
use i18n::{M, provide_i18n};
use leptos::prelude::*;
use leptos_meta::{Html, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use session::Session;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let islands = components::PageHasIslands(RwSignal::new(false));
    provide_context(islands);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <InlineStylesheet/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                // After the page: only a page with an island loads the
                // script, and it never holds up the first paint.
                {move || islands.0.get().then(|| view! { <HydrationScripts options=options.clone() islands=true/> })}
            </body>
        </html>
    }
}

/// The stylesheet, in the page: nothing else holds up the first paint on a
/// slow link (the islands' script loads after).
#[component]
fn InlineStylesheet() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let css = use_context::<ssr::AppContext>().map(|c| c.stylesheet.to_string()).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let css = String::new();
    view! { <style nonce=leptos::nonce::use_nonce() inner_html=css></style> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    // leptos_meta reads the title after the page's reactive scope has ended
    // on the server, where reading a signal then panics: the server renders
    // it once; in the browser it follows the language.
    let title = move || i18n.t(M::AppName).to_string();
    #[cfg(feature = "ssr")]
    let title = title();
    view! {
        <Html attr:lang=move || i18n.lang.get().tag()/>
        <Title text=title/>
        <Meta name="description" content=move || i18n.t(M::Tagline).to_string()/>
        <Router>
            <Site/>
        </Router>
    }
}

/// Everything inside the router. The session's actions are made here, where
/// the router holds the error of a form posted without script (`?__err=`),
/// so they can show it.
#[component]
fn Site() -> impl IntoView {
    // `<Routes>` provides that error only to the pages below it.
    leptos_router::hooks::use_url().read_untracked().provide_server_action_error();
    let sign_in = ServerAction::<api::SignIn>::new();
    let sign_out = ServerAction::<api::SignOut>::new();
    let register = ServerAction::<api::Register>::new();
    let me = Resource::new(
        move || (sign_in.version().get(), sign_out.version().get(), register.version().get()),
        |_| api::me(),
    );
    provide_context(Session { me, sign_in, sign_out, register });
    view! {
            <Header/>
        // Pages render whole on the server, and stay server HTML: status
        // codes are right, forms post to the server, and a page works
        // before or without its script. Only islands (`#[island]`)
        // hydrate, and the heavy ones load only where they are.
        <main>
            <Routes fallback=pages::NotFound>
                <Route ssr=SsrMode::Async path=path!("") view=pages::HomePage/>
                <Route ssr=SsrMode::Async path=path!("login") view=pages::SignInPage/>
                <Route ssr=SsrMode::Async path=path!("parent") view=pages::ParentPage/>
                <Route ssr=SsrMode::Async path=path!("parent/data") view=pages::MyDataPage/>
                <Route ssr=SsrMode::Async path=path!("inbox") view=pages::InboxPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id") view=pages::SchoolPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/plans") view=pages::SchoolPlansPage/>
                <Route ssr=SsrMode::Async path=path!("schools") view=pages::SchoolsPage/>
                <Route ssr=SsrMode::Async path=path!("schools/:id") view=pages::SchoolPublicPage/>
                <Route ssr=SsrMode::Async path=path!("bureau/:id") view=pages::BureauPage/>
                <Route ssr=SsrMode::Async path=path!("plans/:id") view=pages::PlanPage/>
                <Route ssr=SsrMode::Async path=path!("plans/:id/review") view=pages::ReviewPage/>
                <Route ssr=SsrMode::Async path=path!("plans/:id/notice") view=pages::NoticePage/>
                <Route ssr=SsrMode::Async path=path!("plans/:id/edit") view=pages::EditPlanPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/plans/new") view=pages::NewPlanPage/>
                <Route ssr=SsrMode::Async path=path!("register") view=pages::RegisterPage/>
                <Route ssr=SsrMode::Async path=path!("children/:id") view=pages::ChildPage/>
                <Route ssr=SsrMode::Async path=path!("children/:id/photos") view=pages::PickupPhotosPage/>
                <Route ssr=SsrMode::Async path=path!("applications/:id/agreement") view=pages::AgreementPage/>
                <Route ssr=SsrMode::Async path=path!("receipts/:id") view=pages::ReceiptPage/>
                <Route ssr=SsrMode::Async path=path!("plans/:id/agreement") view=pages::PlanAgreementPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/roster") view=pages::RosterPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/pickups") view=pages::SchoolDayPage/>
                <Route ssr=SsrMode::Async path=path!("classes/:id/links") view=pages::ClassLinksPage/>
                <Route ssr=SsrMode::Async path=path!("students/:id/needs") view=pages::StudentNeedsPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/calendar") view=pages::CalendarPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/rooms-and-staff") view=pages::ResourcesPage/>
                <Route ssr=SsrMode::Async path=path!("plans/:id/timetable") view=pages::TimetablePage/>
                <Route ssr=SsrMode::Async path=path!("my/timetable") view=pages::MyWeekPage/>
                <Route ssr=SsrMode::Async path=path!("my/invitation") view=pages::AcceptInvitationPage/>
                <Route ssr=SsrMode::Async path=path!("sessions/:id/:date") view=pages::SessionDayPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/safety") view=pages::SafetyPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/workload") view=pages::WorkloadPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/tenders") view=pages::SchoolTendersPage/>
                <Route ssr=SsrMode::Async path=path!("tenders") view=pages::TendersPage/>
                <Route ssr=SsrMode::Async path=path!("tenders/:id") view=pages::TenderPage/>
                <Route ssr=SsrMode::Async path=path!("tenders/:id/bid") view=pages::BidPage/>
                <Route ssr=SsrMode::Async path=path!("blacklist") view=pages::BlacklistPage/>
                <Route ssr=SsrMode::Async path=path!("vendors/register") view=pages::RegisterVendorPage/>
                <Route ssr=SsrMode::Async path=path!("vendor/:id") view=pages::VendorPage/>
                <Route ssr=SsrMode::Async path=path!("bureau/:id/vendors") view=pages::VendorDeskPage/>
                <Route ssr=SsrMode::Async path=path!("city/:id/vendors") view=pages::CityDeskPage/>
                <Route ssr=SsrMode::Async path=path!("children/:id/money") view=pages::ChildMoneyPage/>
                <Route ssr=SsrMode::Async path=path!("applications/:id/proof") view=pages::ProofPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/money") view=pages::MoneyDeskPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/money/import") view=pages::BankImportPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/money/pay") view=pages::PayRunPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/claims") view=pages::ClaimQueuePage/>
                <Route ssr=SsrMode::Async path=path!("schools/:id/disclosure") view=pages::DisclosurePage/>
                <Route ssr=SsrMode::Async path=path!("plans/:id/settlement") view=pages::SettlementPage/>
                <Route ssr=SsrMode::Async path=path!("bureau/:id/money") view=pages::BureauMoneyPage/>
                <Route ssr=SsrMode::Async path=path!("bureau/:id/reports") view=pages::BureauReportsPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/supervision") view=pages::SupervisionPage/>
                <Route ssr=SsrMode::Async path=path!("school/:id/reports") view=pages::SchoolReportsPage/>
                <Route ssr=SsrMode::Async path=path!("city/:id/overview") view=pages::CityPage/>
            </Routes>
        </main>
    }
}
