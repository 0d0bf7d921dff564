//! Applications as guardians and reviewers see them.
use crate::api::{WithdrawApplication, my_applications};
use crate::components::{ApplicationCard, Loading, show};
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use wire::enrolment::ApplicationStatus;

/// The guardian's applications, each withdrawable while under review.
#[component]
pub fn MyApplications() -> impl IntoView {
    let i18n = use_i18n();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let list = Resource::new(move || withdraw.version().get(), |_| my_applications());
    view! {
        <h2>{move || i18n.t(M::MyApplications)}</h2>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(list.get(), |apps| {
                if apps.is_empty() {
                    return view! { <p>{move || i18n.t(M::NoApplications)}</p> }.into_any();
                }
                view! {
                    <ul class="cards">
                        {apps.into_iter().map(|app| {
                            let open = matches!(
                                app.status,
                                ApplicationStatus::InReview | ApplicationStatus::Approved | ApplicationStatus::Waitlisted
                            );
                            let id = app.id;
                            view! {
                                <ApplicationCard app>
                                    {open.then(|| view! {
                                        <ActionForm action=withdraw>
                                            <input type="hidden" name="application" value=id.to_string()/>
                                            <button class="link danger" type="submit">{move || i18n.t(M::Withdraw)}</button>
                                        </ActionForm>
                                    })}
                                </ApplicationCard>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </Suspense>
    }
}
