//! Photos of the people who may collect a child, which staff see at the
//! gate (S6). The phone scales each photo before it is sent (a camera photo
//! is several megabytes on a slow network): a small island, loaded only on
//! this page.
use crate::api::{child_care, upload_pickup_photo};
use crate::components::{FilePicker, Loading, show};
use crate::error::AppError;
use crate::i18n::{M, use_i18n};
use crate::pages::params::id_param;
use leptos::prelude::*;
use wire::families::ChildCare;
use wire::ids::StudentId;

#[component]
pub fn PickupPhotosPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    crate::components::expects_island();
    let care = Resource::new(move || id.get(), |id| child_care(StudentId(id.unwrap_or(0)), None));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || show(care.get(), |c: ChildCare| {
                let child = c.student;
                view! {
                    <section class="photos">
                        <p class="eyebrow">{c.name.clone()}</p>
                        <h1>{move || i18n.t(M::PickupPhotos)}</h1>
                        <p class="hint">{move || i18n.t(M::PickupPhotosHint)}</p>
                        <p><a href=format!("/children/{child}")>{move || i18n.t(M::BackToChild)}</a></p>
                        <ul class="cards">
                            {c.service.collectors.into_iter().map(|x| {
                                let label = if x.relation.is_empty() { x.name.clone() } else { format!("{}（{}）", x.name, x.relation) };
                                let src = format!("/photos/{child}/{}.jpg", x.choice);
                                let choice = x.choice.clone();
                                view! {
                                    <li class="card collector" data-collector=x.choice.clone()>
                                        <strong>{label.clone()}</strong>
                                        {x.photo.then(|| view! { <p><img class="pickup-photo" src=src alt=label width="120"/></p> })}
                                        <PhotoPicker child collector=choice/>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        </Suspense>
    }
}

/// Chooses or takes a photo, scales it to a small JPEG in the browser and
/// sends it; the page then reloads to show it.
#[cfg_attr(not(feature = "csr"), island(lazy))]
#[cfg_attr(feature = "csr", island)]
fn PhotoPicker(child: StudentId, collector: String) -> impl IntoView {
    crate::components::island_here();
    let send = Action::new_local(move |input: &leptos::web_sys::HtmlInputElement| {
        let (input, collector) = (input.clone(), collector.clone());
        async move {
            let content = crate::components::scaled_jpeg(&input, wire::service_day::PHOTO_SIDE).await?;
            upload_pickup_photo(child, collector, content).await?;
            let _ = window().location().reload();
            Ok::<(), AppError>(())
        }
    });
    view! { <FilePicker label=M::ChoosePhoto accept="image/*" send/> }
}
