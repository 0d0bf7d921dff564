//! A vendor's sealed bid with its PDF documents. The form posts as
//! multipart to `/tenders/ID/bid`; in the browser this lazy island sends it
//! with `XMLHttpRequest` to show the upload's progress (fetch cannot), and
//! checks the documents' size before anything leaves the phone.
use crate::components::FormError;
use crate::error::AppError;
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;
use wire::ids::TenderId;
use wire::tender::{MAX_BID_FILE_BYTES, MAX_BID_FILES};

#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
pub fn BidForm(tender: TenderId, replacing: bool) -> impl IntoView {
    let i18n = use_i18n();
    crate::components::island_here();
    let form = NodeRef::<leptos::html::Form>::new();
    let files = NodeRef::<leptos::html::Input>::new();
    let progress = RwSignal::new(None::<u32>);
    let error = RwSignal::new(None::<AppError>);
    let action = format!("/tenders/{tender}/bid");
    let target = action.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let (Some(f), Some(input)) = (form.get(), files.get()) else { return };
        ev.prevent_default();
        if let Some(list) = input.files() {
            let too_large = (0..list.length()).filter_map(|i| list.item(i)).any(|f| f.size() > MAX_BID_FILE_BYTES as f64);
            if list.length() as usize > MAX_BID_FILES || too_large {
                let rule = if too_large { "too_large" } else { "too_many" };
                error.set(Some(AppError::Invalid { field: "documents".into(), rule: rule.into() }));
                return;
            }
        }
        error.set(None);
        if let Err(e) = send(&f, &target, &format!("/tenders/{tender}"), progress, error) {
            error.set(Some(e));
        }
    };
    view! {
        <form class="card stack bid-form" method="post" enctype="multipart/form-data" action=action node_ref=form on:submit=on_submit>
            <h2>{move || i18n.t(if replacing { M::ReplaceBid } else { M::SubmitBid })}</h2>
            <p class="hint">{move || i18n.t(M::SealedHint)}</p>
            <label><span>{move || i18n.t(M::PriceYuan)}</span><input name="price_yuan" inputmode="decimal" required/></label>
            <label><span>{move || i18n.t(M::Programme)}</span><textarea name="programme" rows="4" maxlength="4000" required></textarea></label>
            <label><span>{move || i18n.t(M::StaffPlan)}</span><textarea name="staff_plan" rows="3" maxlength="4000" required></textarea></label>
            <label>
                <span>{move || i18n.t(M::BidDocuments)}</span>
                <input type="file" name="documents" accept="application/pdf" multiple node_ref=files/>
            </label>
            <p class="hint">{move || i18n.t(M::BidDocumentsHint)}</p>
            {move || progress.get().map(|p| view! {
                <progress max="100" value=p.to_string() aria-label=move || i18n.t(M::Uploading)></progress>
                <span class="hint" role="status">{format!("{p}%")}</span>
            })}
            <FormError error=Signal::derive(move || error.get())/>
            <button class="button" type="submit" disabled=move || progress.get().is_some()>{move || i18n.t(M::SealBid)}</button>
        </form>
    }
}

/// Sends the form; on success the page reloads to show the receipt.
fn send(form: &leptos::web_sys::HtmlFormElement, url: &str, back: &str, progress: RwSignal<Option<u32>>, error: RwSignal<Option<AppError>>) -> Result<(), AppError> {
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::web_sys::{FormData, ProgressEvent, XmlHttpRequest};
    let broken = |_| AppError::Transport("upload".into());
    let data = FormData::new_with_form(form).map_err(broken)?;
    let xhr = XmlHttpRequest::new().map_err(broken)?;
    xhr.open("POST", url).map_err(broken)?;
    xhr.set_request_header("accept", "application/json").map_err(broken)?;
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress.set(Some((e.loaded() * 100.0 / e.total()) as u32));
        }
    });
    xhr.upload().map_err(broken)?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let done = xhr.clone();
    let back = back.to_string();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        let status = done.status().unwrap_or(0);
        if (200..300).contains(&status) {
            let _ = window().location().set_href(&format!("{}?done=bid_sealed", back));
            return;
        }
        let body = done.response_text().ok().flatten().unwrap_or_default();
        let e = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| Some(AppError::Invalid { field: v.get("field")?.as_str()?.into(), rule: v.get("rule")?.as_str()?.into() }))
            .unwrap_or(match status {
                401 => AppError::Unauthenticated,
                403 => AppError::Forbidden,
                404 => AppError::NotFound,
                413 => AppError::Invalid { field: "documents".into(), rule: "too_large".into() },
                0 => AppError::Transport("upload".into()),
                _ => AppError::Internal,
            });
        error.set(Some(e));
    });
    xhr.set_onloadend(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    progress.set(Some(0));
    xhr.send_with_opt_form_data(Some(&data)).map_err(broken)
}
