use crate::api::{MarkInboxRead, inbox};
use crate::components::{Loading, show};
use crate::i18n::{self, M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

/// The guardian's notices, newest first (P9).
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkInboxRead>::new();
    let items = Resource::new(move || mark.version().get(), |_| inbox());
    view! {
        <section>
            <h1>{move || i18n.t(M::Inbox)}</h1>
            <ActionForm action=mark>
                <button class="link" type="submit">{move || i18n.t(M::MarkAllRead)}</button>
            </ActionForm>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || show(items.get(), |list| {
                    if list.is_empty() {
                        return view! { <p>{move || i18n.t(M::InboxEmpty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="cards inbox">
                            {list.into_iter().map(|item| {
                                let notice = item.notice.clone();
                                let unread = !item.read;
                                view! {
                                    <li class="card notice" class:unread=unread>
                                        <p class="eyebrow">
                                            {item.student_name.clone()}" · "{item.plan_title.clone()}
                                            {unread.then(|| view! { " "<span class="chip">{move || i18n.t(M::Unread)}</span> })}
                                        </p>
                                        <p>{move || i18n::notice(&notice, i18n.lang.get())}</p>
                                        <small>{i18n::instant(&item.at)}</small>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
            <A href="/parent">{move || i18n.t(M::MyApplications)}</A>
        </section>
    }
}
