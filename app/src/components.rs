//! Pieces shared by pages: the header, loading and error states.
use crate::error::AppError;
use crate::i18n::{M, use_i18n};
use crate::use_session;
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
                <button class="link" type="button" on:click=move |_| i18n.switch()>
                    {move || i18n.t(M::OtherLanguage)}
                </button>
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

/// Prints the page. A handler of the app's, not an inline `onclick`, which
/// the page's Content-Security-Policy refuses.
#[component]
pub fn PrintButton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button class="button no-print" type="button" on:click=move |_| { let _ = window().print(); }>
            {move || i18n.t(M::Print)}
        </button>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading">{move || i18n.t(M::Loading)}</p> }
}

/// A failed request, said plainly, with a way forward.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let message = error.message();
    let sign_in = matches!(error, AppError::Unauthenticated);
    view! {
        <div class="error" role="alert">
            <p>{move || i18n.t(message)}</p>
            {sign_in.then(|| view! { <A href="/login">{move || i18n.t(M::SignIn)}</A> })}
            <A href="/">{move || i18n.t(M::BackHome)}</A>
        </div>
    }
}

/// Shows a resource: loading, then either its value through `view` or the
/// error.
pub fn show<T, V>(result: Option<Result<T, AppError>>, view: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match result {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(value)) => view(value).into_any(),
        Some(Err(error)) => view! { <ErrorBox error/> }.into_any(),
    }
}

/// The error of a form's last submission, if any, said plainly.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            let m = e.message();
            view! { <p class="error" role="alert">{move || i18n.t(m)}</p> }
        })
    }
}

/// `FormError`'s signal for a server action.
pub fn failure<T: 'static>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static) -> Signal<Option<AppError>> {
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// Whether a server action's last call succeeded.
pub fn succeeded<T: 'static>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static) -> Signal<bool> {
    Signal::derive(move || value.get().is_some_and(|r| r.is_ok()))
}
