//! Routes whose code a browser downloads only when they are visited: the
//! bureau's and the school staff's pages, and a guardian's rarely opened
//! "my data". A guardian's phone never fetches the staff pages. (`cargo leptos … --split` cuts each into its own WASM chunk; the
//! trunk CSR build cannot split, so there they are ordinary functions.)
use leptos::prelude::*;

macro_rules! lazy_routes {
    ($($route:ident => $page:path, $view:ident, $preload:ident;)*) => {$(
        pub struct $route;

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_: Self) -> AnyView {
                $view().await
            }
            // The router awaits this before hydrating: the chunk must have
            // arrived, or the page's HTML and the app would disagree.
            async fn preload() {
                #[cfg(all(feature = "hydrate", not(feature = "csr")))]
                $preload().await;
            }
        }

        #[cfg_attr(not(feature = "csr"), leptos::lazy)]
        async fn $view() -> AnyView {
            $page().into_any()
        }
    )*};
}

lazy_routes! {
    BureauRoute => super::BureauPage, bureau_view, __preload_bureau_view;
    SchoolRoute => super::SchoolPage, school_view, __preload_school_view;
    ReviewRoute => super::ReviewPage, review_view, __preload_review_view;
    EditPlanRoute => super::EditPlanPage, edit_plan_view, __preload_edit_plan_view;
    NewPlanRoute => super::NewPlanPage, new_plan_view, __preload_new_plan_view;
    PlanAgreementRoute => super::PlanAgreementPage, plan_agreement_view, __preload_plan_agreement_view;
    RosterRoute => super::RosterPage, roster_view, __preload_roster_view;
    ClassLinksRoute => super::ClassLinksPage, class_links_view, __preload_class_links_view;
    PickupDayRoute => super::PickupDayPage, pickup_day_view, __preload_pickup_day_view;
    StudentNeedsRoute => super::StudentNeedsPage, student_needs_view, __preload_student_needs_view;
    MyDataRoute => super::MyDataPage, my_data_view, __preload_my_data_view;
}
