//! Families: registration, linking children, the school's link codes and
//! roster import, pickup and special needs.
use crate::error::AppError;
use leptos::prelude::*;
use wire::families::{
    ClassLinks, LinkRequest, NeedsForStaff, NewPickupPerson, NewPickupRequest,
    Registration, SpecialNeeds,
};
use wire::ids::{ClassId, LinkId, PickupPersonId, PickupRequestId, SchoolId, StudentId};
use wire::roster::RosterPreview;

/// Sends a one-time code to the phone (through the outbox). A posted form
/// comes back to the registration form with the phone filled in.
#[server(endpoint = "request_phone_code")]
pub async fn request_phone_code(phone: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::families::registration::request_code(&cx, &phone, &request_info().client_address).await?;
    tell_page("code_sent", &[("phone", phone.trim())]);
    Ok(())
}

/// Registers a guardian with the phone's code, signs them in and sends them
/// to their page.
#[server(endpoint = "register")]
pub async fn register(registration: Registration) -> Result<(), AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let (phone, password) = (registration.phone.clone(), registration.password.clone());
    domain::families::registration::register(&cx, registration).await?;
    start_session(&ctx, &phone, password).await?;
    leptos_axum::redirect("/parent");
    Ok(())
}

/// The newest text sent to a phone. Only on a test server (config
/// `test_clock`, whose sender keeps texts in memory), so browser tests can
/// read the code an SMS would bring.
#[server(endpoint = "test_last_text")]
pub async fn test_last_text(phone: String) -> Result<Option<String>, AppError> {
    let ctx = crate::ssr::ctx()?;
    if !ctx.test_clock {
        return Err(domain::DomainError::NotFound.into());
    }
    Ok(ctx.delivery.captured_last_to(&ctx.db.write, &phone, ctx.clock.now()).await?)
}

#[server(endpoint = "link_child")]
pub async fn link_child(request: LinkRequest) -> Result<StudentId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let out = domain::families::links::link_child(&cx, request).await?;
    crate::ssr::tell_page("linked", &[]);
    Ok(out)
}

#[server(endpoint = "class_links")]
pub async fn class_link_codes(class: ClassId) -> Result<ClassLinks, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::families::links::class_links(&cx, class).await?)
}

#[server(endpoint = "reissue_link_code")]
pub async fn reissue_link_code(student: StudentId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::families::links::reissue_code(&cx, student).await?)
}

#[server(endpoint = "revoke_link")]
pub async fn revoke_link(link: LinkId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::families::links::revoke_link(&cx, link).await?)
}

/// Checks (`import` false) or imports a roster sheet, sent as base64 (an
/// XLSX is binary; a plain form keeps multipart code out of the browser).
#[server(endpoint = "roster")]
pub async fn roster(school: SchoolId, import: bool, file_name: String, content: String) -> Result<RosterPreview, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let bytes = decode_upload("file", &content)?;
    Ok(if import {
        domain::families::roster::import(&cx, school, &file_name, &bytes).await?
    } else {
        domain::families::roster::preview(&cx, school, &file_name, &bytes).await?
    })
}

/// A child's pickup persons, coming pickup requests, special needs and the
/// sessions of the week of `week` (this week when none is named), for the
/// guardian.
#[server(endpoint = "child_care")]
pub async fn child_care(child: StudentId, week: Option<chrono::NaiveDate>) -> Result<wire::families::ChildCare, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::families::child::care(&cx, child, week).await?)
}

/// Everything the platform holds on the guardian's family ("my data").
#[server(endpoint = "my_data")]
pub async fn my_data() -> Result<wire::families::FamilyData, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::families::privacy::family_data(&cx).await?)
}

#[server(endpoint = "set_link_code_days")]
pub async fn set_link_code_days(school: SchoolId, days: i32) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let out = domain::families::links::set_code_term(&cx, school, days).await?;
    crate::ssr::tell_page("saved", &[]);
    Ok(out)
}

#[server(endpoint = "add_pickup_person")]
pub async fn add_pickup_person(child: StudentId, person: NewPickupPerson) -> Result<PickupPersonId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::families::pickup::add_person(&cx, child, person).await?)
}

#[server(endpoint = "remove_pickup_person")]
pub async fn remove_pickup_person(person: PickupPersonId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::families::pickup::remove_person(&cx, person).await?)
}

#[server(endpoint = "request_pickup")]
pub async fn request_pickup(child: StudentId, request: NewPickupRequest) -> Result<PickupRequestId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let absent = request.kind == wire::families::PickupKind::Absent;
    let id = domain::families::pickup::request(&cx, child, request).await?;
    if absent {
        tell_page("absence_asked", &[]);
    }
    Ok(id)
}

#[server(endpoint = "save_special_needs")]
pub async fn save_special_needs(child: StudentId, needs: SpecialNeeds, consent_version: Option<u32>) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let out = domain::families::special_needs::save(&cx, child, needs, consent_version).await?;
    crate::ssr::tell_page("saved", &[]);
    Ok(out)
}

/// A child's special needs for the staff who serve the child; the read is
/// logged.
#[server(endpoint = "special_needs")]
pub async fn student_special_needs(child: StudentId) -> Result<NeedsForStaff, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::families::special_needs::for_staff(&cx, child).await?)
}

