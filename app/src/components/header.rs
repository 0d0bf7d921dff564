//! The header every page has: home, the language switch, signing in and out.
use crate::i18n::{Lang, M, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <header class="top">
            <A href="/" attr:class="brand">{move || i18n.t(M::AppName)}</A>
            <nav>
                <LanguageSwitch/>
                <Transition fallback=|| ()>
                    {move || session.me.get().map(|me| match me {
                        Ok(Some(home)) => view! {
                            <span class="who">{home.display_name}</span>
                            <ActionForm action=session.sign_out attr:class="inline">
                                <button class="link" type="submit">{move || i18n.t(M::SignOut)}</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! { <A href="/login">{move || i18n.t(M::SignIn)}</A> }.into_any(),
                    })}
                </Transition>
            </nav>
        </header>
    }
}

/// The other languages, one tap away, each named in itself: a form the
/// server answers with the same page in that language (a script caller
/// switches in place).
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<crate::api::SetLanguage>::new();
    Effect::new(move |_| {
        if let Some(Ok(chosen)) = action.value().get() {
            if let Some(l) = Lang::ALL.into_iter().find(|l| l.cookie_value() == chosen) {
                i18n.lang.set(l);
            }
        }
    });
    move || {
        i18n.lang.get().others().map(|other| view! {
            <ActionForm action attr:class="inline">
                <input type="hidden" name="lang" value=other.cookie_value()/>
                <button class="link" type="submit" lang=other.tag()>{M::LanguageName.text(other)}</button>
            </ActionForm>
        }).collect_view()
    }
}
