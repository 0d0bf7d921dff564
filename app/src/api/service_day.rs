//! The service day: a session's list on a staff phone (attendance, notes,
//! handover, children who stay behind), leave slips, the school's board and
//! duty roster, and what guardians confirm or agree to.
use crate::error::AppError;
use leptos::prelude::*;
use wire::ids::{DayNoteId, LeaveSlipId, SchoolId, SessionId, StaffId, StudentId};
use wire::service_day::{AttendanceForm, HandoverForm, NewDayNote, NewLeaveSlip, SchoolDay, SessionDay};

#[server(endpoint = "day_of_session")]
pub async fn day_of_session(session: SessionId, on: chrono::NaiveDate) -> Result<SessionDay, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    Ok(domain::service_day::views::session_day(&cx, session, on).await?)
}

/// One submit records the group; the form's key makes a resubmit harmless.
#[server(endpoint = "take_attendance")]
pub async fn take_attendance(sheet: AttendanceForm) -> Result<i64, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let absent = sheet.absent_ids().ok_or(domain::DomainError::invalid("student", "not_in_group"))?;
    let id = domain::service_day::attendance::take(&cx, sheet.session, sheet.on, &absent, &sheet.key).await?;
    tell_page("attendance_taken", &[]);
    Ok(id)
}

/// A late correction of one child's mark: an addendum with its reason.
#[server(endpoint = "correct_attendance")]
pub async fn correct_attendance(sheet: i64, student: StudentId, present: bool, reason: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::service_day::attendance::correct(&cx, sheet, student, present, &reason).await?;
    tell_page("corrected", &[]);
    Ok(())
}

#[server(endpoint = "note_child")]
pub async fn note_child(session: SessionId, student: StudentId, note: NewDayNote) -> Result<DayNoteId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::service_day::notes::add(&cx, session, student, note).await?;
    tell_page("noted", &[]);
    Ok(id)
}

#[server(endpoint = "hand_child_over")]
pub async fn hand_child_over(handover: HandoverForm) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::service_day::handover::hand_over(&cx, handover).await?;
    tell_page("handed_over", &[]);
    Ok(())
}

/// Adds a child of the school (by student number) who stays behind today.
#[server(endpoint = "add_day_guest")]
pub async fn add_day_guest(session: SessionId, student_no: String, reason: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::service_day::handover::add_guest(&cx, session, &student_no, &reason).await?;
    tell_page("guest_added", &[]);
    Ok(())
}

#[server(endpoint = "issue_leave_slip")]
pub async fn issue_leave_slip(student: StudentId, on: chrono::NaiveDate, slip: NewLeaveSlip) -> Result<LeaveSlipId, AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let id = domain::service_day::leave::issue(&cx, student, on, slip).await?;
    tell_page("slip_issued", &[]);
    Ok(id)
}

#[server(endpoint = "confirm_leave_slip")]
pub async fn confirm_leave_slip(slip: LeaveSlipId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::service_day::leave::confirm(&cx, slip).await?;
    tell_page("slip_confirmed", &[]);
    Ok(())
}

#[server(endpoint = "agree_to_sports")]
pub async fn agree_to_sports(note: DayNoteId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::service_day::notes::agree_to_sports(&cx, note).await?;
    tell_page("sports_agreed", &[]);
    Ok(())
}

/// A guardian renews the child's pickup code or says whether the child may
/// walk home alone.
#[server(endpoint = "change_pickup")]
pub async fn change_pickup(child: StudentId, renew_code: Option<bool>, walks_alone: Option<bool>) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::service_day::handover::change(&cx, child, renew_code.unwrap_or(false), walks_alone).await?;
    tell_page("pickup_changed", &[]);
    Ok(())
}

/// The school's day (today when none is named).
#[server(endpoint = "day_at_school")]
pub async fn day_at_school(school: SchoolId, day: Option<chrono::NaiveDate>) -> Result<SchoolDay, AppError> {
    use crate::ssr::*;
    let (ctx, cx) = (ctx()?, cx()?);
    let day = day.unwrap_or_else(|| ctx.clock.today());
    Ok(domain::service_day::views::school_day(&cx, school, day).await?)
}

#[server(endpoint = "set_duty_leader")]
pub async fn set_duty_leader(school: SchoolId, on: chrono::NaiveDate, staff: StaffId) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    domain::service_day::duty::set(&cx, school, on, staff).await?;
    tell_page("duty_set", &[]);
    Ok(())
}

/// A collector's photo, scaled to a JPEG on the phone and sent as base64.
#[server(endpoint = "upload_pickup_photo")]
pub async fn upload_pickup_photo(child: StudentId, collector: String, content: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let cx = cx()?;
    let jpeg = decode_upload("photo", &content)?;
    domain::service_day::photos::upload(&cx, child, &collector, jpeg).await?;
    Ok(())
}
