use crate::components::show;
use crate::i18n::{self, M, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use wire::home::{Home, RoleCard};
use wire::roles::Role;

/// Signed out: what the product is. Signed in: who you are and, per role,
/// what you may do and where to go.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let finder = crate::pages::public::schools::finder_data();
    view! {
        <Suspense fallback=|| view! { <crate::components::Loading/> }>
            {move || show(session.me.get(), move |me| match me {
                Some(home) => view! { <Dashboard home/> }.into_any(),
                None => view! { <Landing finder/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Landing(finder: crate::pages::public::schools::FinderData) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="landing">
            <h1>{move || i18n.t(M::AppName)}</h1>
            <p class="lead">{move || i18n.t(M::Tagline)}</p>
            <crate::pages::public::schools::SchoolFinder data=finder/>
            <ul class="audiences">
                <li>{move || i18n.t(M::ForParents)}</li>
                <li>{move || i18n.t(M::ForSchools)}</li>
                <li>{move || i18n.t(M::ForBureau)}</li>
            </ul>
            <A href="/login" attr:class="button">{move || i18n.t(M::SignIn)}</A>
        </section>
    }
}

#[component]
fn Dashboard(home: Home) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="dashboard">
            <h1>{move || i18n::msg::hello(i18n.lang.get(), &home.display_name)}</h1>
            <h2>{move || i18n.t(M::YourRoles)}</h2>
            {home.roles.iter().any(|r| r.capabilities.contains(&wire::home::Capability::SeeOwnTimetable)).then(|| view! {
                <p><A href="/my/timetable" attr:class="button">{move || i18n.t(M::MyTimetable)}</A></p>
            })}
            <ul class="cards">
                {home.roles.into_iter().map(|card| view! { <RoleCardView card/> }).collect_view()}
            </ul>
            <p class="hint"><A href="/my/invitation">{move || i18n.t(M::AcceptInvitation)}</A>" · "{move || i18n.t(M::AcceptInvitationWhen)}</p>
        </section>
    }
}

/// Where a role's work starts, if it has a page yet.
fn link(card: &RoleCard) -> Option<String> {
    match card.role {
        Role::Parent => Some("/parent".into()),
        Role::BureauOfficial => card.district.map(|d| format!("/bureau/{d}")),
        Role::SchoolAdmin | Role::ClassTeacher | Role::ServiceStaff | Role::FamilyCommittee => {
            card.school.map(|s| format!("/school/{s}"))
        }
        Role::Vendor => card.scope_kind.eq(&wire::roles::ScopeKind::Vendor).then(|| format!("/vendor/{}", card.scope_id)),
        Role::CityOfficial => Some(format!("/city/{}/overview", card.scope_id)),
    }
}

#[component]
fn RoleCardView(card: RoleCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = link(&card);
    let role = i18n::role(card.role);
    let panel = card.panel.map(i18n::panel);
    let caps = card.capabilities.clone();
    view! {
        <li class="card" data-role=card.role.as_str()>
            <h3>
                {move || i18n.t(role)}
                {panel.map(|p| view! { <small>" · "{move || i18n.t(p)}</small> })}
            </h3>
            <p class="scope">{card.scope_name.clone()}</p>
            {if caps.is_empty() {
                view! { <p>{move || i18n.t(M::NothingForRoleYet)}</p> }.into_any()
            } else {
                view! {
                    <p>{move || i18n.t(M::YouMay)}</p>
                    <ul class="caps">
                        {caps.into_iter().map(|c| {
                            let m = i18n::capability(c);
                            view! { <li>{move || i18n.t(m)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {href.map(|h| view! { <A href=h attr:class="button">{move || i18n.t(M::Open)}</A> })}
        </li>
    }
}
