//! The school's operations: calendar, rooms and staff, the timetable, and
//! the weeks staff and guardians read.
use crate::error::AppError;
use leptos::prelude::*;
use wire::ids::{CalendarDayId, DistrictId, GroupId, PlanId, RoomId, SchoolId, SessionId, StaffId, StudentId, TimetableId};
use wire::operations::{
    AcceptedInvitation, CalendarImport, CalendarYear, GroupAddition, NewRoom, NewSafetyAgreement, NewSession, NewStaff, NewVetting, SchoolResources,
    StaffInvitation, TimetableEditor, Week,
};

/// A school's calendar for a year (this year when none is named).
#[server(endpoint = "school_calendar")]
pub async fn school_calendar(school: SchoolId, year: Option<i32>) -> Result<CalendarYear, AppError> {
    use crate::ssr::*;
    use chrono::Datelike;
    let (ctx, cx) = (ctx()?, cx()?);
    let year = year.unwrap_or_else(|| ctx.clock.today().year());
    Ok(domain::operations::calendar::year(&cx, school, year).await?)
}

#[cfg(feature = "ssr")]
fn scope(school: Option<SchoolId>, district: Option<DistrictId>) -> Result<domain::operations::calendar::Scope, AppError> {
    use domain::operations::calendar::Scope;
    match (school, district) {
        (Some(s), _) => Ok(Scope::School(s)),
        (None, Some(d)) => Ok(Scope::District(d)),
        (None, None) => Err(domain::DomainError::invalid("scope", "required").into()),
    }
}

/// Imports a year shipped with the product into a school's or a district's calendar.
#[server(endpoint = "import_shipped_calendar")]
pub async fn import_shipped_calendar(school: Option<SchoolId>, district: Option<DistrictId>, year: i32) -> Result<CalendarImport, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let done = domain::operations::calendar::import_shipped(&cx, scope(school, district)?, year).await?;
    tell_page("calendar_imported", &[("year", &year.to_string())]);
    Ok(done)
}

/// Imports an iCalendar file, sent as base64 by the upload island.
#[server(endpoint = "import_calendar")]
pub async fn import_calendar(school: Option<SchoolId>, district: Option<DistrictId>, content: String) -> Result<CalendarImport, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let bytes = decode_upload("file", &content)?;
    Ok(domain::operations::calendar::import(&cx, scope(school, district)?, &bytes).await?)
}

#[server(endpoint = "set_make_up_weekday")]
pub async fn set_make_up_weekday(day: CalendarDayId, weekday: u8) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::calendar::set_follows(&cx, day, weekday).await?)
}

#[server(endpoint = "rooms_and_staff")]
pub async fn rooms_and_staff(school: SchoolId) -> Result<SchoolResources, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::staff::resources(&cx, school).await?)
}

#[server(endpoint = "add_room")]
pub async fn add_room(school: SchoolId, room: NewRoom) -> Result<RoomId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::operations::rooms::add(&cx, school, room).await?;
    tell_page("room_added", &[]);
    Ok(id)
}

#[server(endpoint = "retire_room")]
pub async fn retire_room(room: RoomId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::rooms::retire(&cx, room).await?)
}

#[server(endpoint = "add_staff")]
pub async fn add_staff(school: SchoolId, person: NewStaff) -> Result<StaffId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::operations::staff::add(&cx, school, person).await?;
    tell_page("staff_added", &[]);
    Ok(id)
}

#[server(endpoint = "record_vetting")]
pub async fn record_vetting(staff: StaffId, vetting: NewVetting) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::operations::staff::record_vetting(&cx, staff, vetting).await?;
    tell_page("vetted", &[]);
    Ok(())
}

/// Texts one of the school's staff an invitation to sign in as themselves.
#[server(endpoint = "invite_staff")]
pub async fn invite_staff(staff: StaffId) -> Result<StaffInvitation, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let (invited, _) = domain::operations::staff::invite(&cx, staff).await?;
    tell_page("staff_invited", &[]);
    Ok(invited)
}

/// The signed-in account accepts a school's invitation by its code.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(code: String) -> Result<AcceptedInvitation, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let done = domain::operations::staff::accept_invitation(&cx, &code).await?;
    tell_page("invitation_accepted", &[("school", &done.school_name)]);
    Ok(done)
}

#[server(endpoint = "staff_leaves")]
pub async fn staff_leaves(staff: StaffId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::staff::leave(&cx, staff).await?)
}

#[server(endpoint = "add_safety_agreement")]
pub async fn add_safety_agreement(school: SchoolId, agreement: NewSafetyAgreement) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::operations::staff::add_safety_agreement(&cx, school, agreement).await?;
    tell_page("agreement_filed", &[]);
    Ok(())
}

/// A plan's timetable as its school's admin edits it (`None` until opened).
#[server(endpoint = "edit_timetable")]
pub async fn edit_timetable(plan: PlanId) -> Result<Option<TimetableEditor>, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::timetable::editor(&cx, plan).await?)
}

#[server(endpoint = "open_timetable")]
pub async fn open_timetable(plan: PlanId) -> Result<TimetableId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::timetable::open(&cx, plan).await?)
}

#[server(endpoint = "set_children_per_adult")]
pub async fn set_children_per_adult(timetable: TimetableId, children_per_adult: u32) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::timetable::set_children_per_adult(&cx, timetable, children_per_adult).await?)
}

#[server(endpoint = "add_group")]
pub async fn add_group(timetable: TimetableId, name: String) -> Result<GroupId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::timetable::add_group(&cx, timetable, &name).await?)
}

#[server(endpoint = "remove_group")]
pub async fn remove_group(group: GroupId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::timetable::remove_group(&cx, group).await?)
}

#[server(endpoint = "add_to_group")]
pub async fn add_to_group(group: GroupId, who: GroupAddition) -> Result<u32, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let n = domain::operations::timetable::add_to_group(&cx, group, who).await?;
    tell_page("children_added", &[("count", &n.to_string())]);
    Ok(n)
}

#[server(endpoint = "remove_from_group")]
pub async fn remove_from_group(group: GroupId, student: StudentId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::timetable::remove_from_group(&cx, group, student).await?)
}

#[server(endpoint = "add_session")]
pub async fn add_session(timetable: TimetableId, session: NewSession) -> Result<SessionId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::operations::timetable::add_session(&cx, timetable, session).await?;
    tell_page("session_added", &[]);
    Ok(id)
}

#[server(endpoint = "remove_session")]
pub async fn remove_session(session: SessionId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::operations::timetable::remove_session(&cx, session).await?)
}

#[server(endpoint = "publish_timetable")]
pub async fn publish_timetable(timetable: TimetableId) -> Result<i32, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let version = domain::operations::timetable::publish(&cx, timetable).await?;
    tell_page("timetable_published", &[("version", &version.to_string())]);
    Ok(version)
}

/// The signed-in person's own sessions in the week of `week` (this week
/// when none is named).
#[server(endpoint = "my_week")]
pub async fn my_week(week: Option<chrono::NaiveDate>) -> Result<Week, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let today = ctx.clock.today();
    let mut w = domain::operations::timetable::staff_week(&cx, week.unwrap_or(today)).await?;
    w.today = Some(today);
    Ok(w)
}
