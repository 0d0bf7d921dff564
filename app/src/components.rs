//! Pieces shared by pages: the header, loading and error states.
use crate::error::AppError;
use crate::i18n::{Lang, M, use_i18n};
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

/// The server action of a form inside an island. On the server (and in the
/// static front end) it is `shared`, the page's own, when the page has one;
/// in the browser the island makes its own, which reads the error of a form
/// posted without script from the address as the page did (`?__err=`).
pub fn island_action<S>(shared: Option<ServerAction<S>>) -> ServerAction<S>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    if let Some(action) = shared {
        return action;
    }
    #[cfg(feature = "hydrate")]
    if let Ok(search) = window().location().search() {
        let pairs: Vec<(String, String)> = search
            .trim_start_matches('?')
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .filter_map(|(k, v)| Some((k.to_string(), js_sys::decode_uri_component(&v.replace('+', " ")).ok()?.as_string()?)))
            .collect();
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        if let (Some(path), Some(err)) = (get("__path"), get("__err")) {
            provide_context(leptos::server::ServerActionError::new(&path, &err));
        }
    }
    ServerAction::new()
}

/// Marks the page ready for a browser test's clicks: the islands have
/// hydrated.
pub fn ready() {
    #[cfg(any(feature = "hydrate", feature = "csr"))]
    let _ = js_sys::Reflect::set(&window(), &"__beilei_hydrated".into(), &true.into());
}

/// Whether the page being rendered holds an island, and so needs the
/// islands' script (`IslandScripts`); a page without one loads no script.
#[derive(Clone, Copy)]
pub struct PageHasIslands(pub RwSignal<bool>);

/// A page that always shows an island inside `Suspense` calls this outside
/// it: the shell decides on the script before `Suspense` content renders.
pub fn expects_island() {
    if let Some(PageHasIslands(flag)) = use_context::<PageHasIslands>() {
        flag.set(true);
    }
}

/// Every island calls this first: on the server it tells the page to load
/// the script, in the browser it marks the page ready once hydrated.
pub fn island_here() {
    if let Some(PageHasIslands(flag)) = use_context::<PageHasIslands>() {
        flag.set(true);
    }
    Effect::new(|_| ready());
}

/// Prints the page. A handler of the app's (an island), not an inline
/// `onclick`, which the page's Content-Security-Policy refuses.
#[island]
pub fn PrintButton() -> impl IntoView {
    let i18n = use_i18n();
    island_here();
    view! {
        <button class="button no-print" type="button" on:click=move |_| { let _ = window().print(); }>
            {move || i18n.t(M::Print)}
        </button>
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

/// Whether a form did `what`: the page the server answered the posted form
/// with says so (`?done=what`, from `ssr::tell_page`), or, when a script sent
/// it (the static front end), the action's last value is a success.
pub fn said<T: 'static>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static, what: &'static str) -> Signal<bool> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || value.get().is_some_and(|r| r.is_ok()) || query.read().get(DONE).as_deref() == Some(what))
}

/// The query parameter `ssr::tell_page` sets.
pub const DONE: &str = "done";

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
