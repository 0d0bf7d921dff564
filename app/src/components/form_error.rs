//! A form's error, said plainly.
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The error of a form's last submission, if any, said plainly.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            let m = e.message();
            // Announced when it appears; on a page the server answered a
            // posted form with, focus starts on it, so a screen reader reads it.
            view! { <p class="error" role="alert" tabindex="-1" autofocus=true>{move || i18n.t(m)}</p> }
        })
    }
}

/// `FormError`'s signal for a server action.
pub fn failure<T: 'static>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static) -> Signal<Option<AppError>> {
    Signal::derive(move || value.get().and_then(|r| r.err()))
}
