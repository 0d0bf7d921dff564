//! Loading and error states, and a resource shown through them.
use crate::error::AppError;
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

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
