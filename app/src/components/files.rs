//! Files chosen in the browser: a photo scaled down, a file read, an
//! upload that starts on choosing, a spreadsheet form. Inside islands.
use crate::components::form_error::FormError;
use crate::error::AppError;
use crate::i18n::{M, use_i18n};
use leptos::prelude::*;

/// The chosen image, drawn at most `max_side` pixels on its longer side
/// and encoded as a JPEG (base64): a camera photo of several megabytes
/// becomes tens of kilobytes before it leaves the phone.
pub async fn scaled_jpeg(input: &leptos::web_sys::HtmlInputElement, max_side: u32) -> Result<String, AppError> {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};
    let unreadable = || AppError::Invalid { field: "photo".into(), rule: "not_an_image".into() };
    let file = input.files().and_then(|f| f.get(0)).ok_or(AppError::Invalid { field: "photo".into(), rule: "empty".into() })?;
    let promise = window().create_image_bitmap_with_blob(&file).map_err(|_| unreadable())?;
    let bitmap: ImageBitmap = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| unreadable())?.dyn_into().map_err(|_| unreadable())?;
    let (w, h) = (bitmap.width().max(1), bitmap.height().max(1));
    let scale = (f64::from(max_side) / f64::from(w.max(h))).min(1.0);
    let (tw, th) = (((f64::from(w) * scale).round() as u32).max(1), ((f64::from(h) * scale).round() as u32).max(1));
    let canvas: HtmlCanvasElement = document().create_element("canvas").map_err(|_| unreadable())?.dyn_into().map_err(|_| unreadable())?;
    canvas.set_width(tw);
    canvas.set_height(th);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok().flatten().ok_or_else(unreadable)?.dyn_into().map_err(|_| unreadable())?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(tw), f64::from(th)).map_err(|_| unreadable())?;
    let url = canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &leptos::wasm_bindgen::JsValue::from_f64(0.8)).map_err(|_| unreadable())?;
    url.split_once(',').map(|(_, b)| b.to_string()).ok_or_else(unreadable)
}

/// The chosen file's name and content (base64), refused above `max_bytes`.
pub async fn read_file(input: &leptos::web_sys::HtmlInputElement, max_bytes: usize) -> Result<(String, String), AppError> {
    use base64::Engine;
    let unreadable = || AppError::Invalid { field: "file".into(), rule: "unreadable".into() };
    let file = input.files().and_then(|f| f.get(0)).ok_or(AppError::Invalid { field: "file".into(), rule: "empty".into() })?;
    if file.size() > max_bytes as f64 {
        return Err(AppError::Invalid { field: "file".into(), rule: "too_large".into() });
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|_| unreadable())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok((file.name(), base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// A file input that sends the file as soon as one is chosen (`send`), then
/// says it is uploading, and shows what went wrong. Inside an island.
#[component]
pub fn FilePicker(label: M, accept: &'static str, send: Action<leptos::web_sys::HtmlInputElement, Result<(), AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let file = NodeRef::<leptos::html::Input>::new();
    let result = send.value();
    view! {
        <label class="stack">
            <span>{move || i18n.t(label)}</span>
            <input type="file" accept=accept node_ref=file on:change=move |_| {
                if let Some(input) = file.get() {
                    send.dispatch_local(input);
                }
            }/>
        </label>
        {move || send.pending().get().then(|| view! { <p class="hint" role="status">{move || i18n.t(M::Uploading)}</p> })}
        <FormError error=Signal::derive(move || result.get().and_then(|r| r.err()))/>
    }
}

/// A spreadsheet upload: a file and two buttons, check (`false`) or import
/// (`true`); `send` gets which and the file. Inside an island.
#[component]
pub fn SheetForm(label: M, check: M, import: M, send: impl Fn(bool, leptos::web_sys::HtmlInputElement) + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let file = NodeRef::<leptos::html::Input>::new();
    // Which button sent the form.
    let importing = RwSignal::new(false);
    view! {
        <form class="stack card" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Some(input) = file.get() {
                send(importing.get_untracked(), input);
            }
        }>
            <label>
                <span>{move || i18n.t(label)}</span>
                <input type="file" accept=".xlsx,.csv,text/csv" required node_ref=file/>
            </label>
            <div class="actions">
                <button class="button secondary" type="submit" on:click=move |_| importing.set(false)>{move || i18n.t(check)}</button>
                <button class="button" type="submit" on:click=move |_| importing.set(true)>{move || i18n.t(import)}</button>
            </div>
        </form>
    }
}
