//! The service day (S5–S7, P8, P9): a session's children on a date with
//! their attendance, notes, leave slips and handover, as staff see them on
//! a phone; the school's board of the day; what a guardian sees.
use crate::ids::{DayNoteId, LeaveSlipId, SchoolId, SessionId, StaffId, StudentId};
use crate::operations::Session;
use crate::pickup::PickupRequest;
use crate::text_enum::text_enum;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What staff note about a child on a day; each is told to the guardians
/// [000 att.2 §18].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// Kept out of sports unless a guardian agrees [000 att.2 §9].
    Unwell,
    Health,
    Behaviour,
    /// Left without handover (擅自离校).
    LeftWithoutHandover,
}
text_enum!(NoteKind { Unwell = "unwell", Health = "health", Behaviour = "behaviour", LeftWithoutHandover = "left_without_handover" });

/// How a child went home.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoverWay {
    Guardian,
    PickupPerson,
    /// Walked home alone, as the guardian agreed.
    WalksAlone,
}
text_enum!(HandoverWay { Guardian = "guardian", PickupPerson = "pickup_person", WalksAlone = "walks_alone" });

/// Who the collector at the gate is, as staff choose on the handover form:
/// `g<guardian id>`, `p<pickup person id>`, `alone`, or `other` (a person
/// not on the list: always refused, and recorded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverForm {
    pub session: SessionId,
    pub on: NaiveDate,
    pub student: StudentId,
    pub collector: String,
    #[serde(default)]
    pub code: String,
    /// The name a person not on the list gave.
    #[serde(default)]
    pub claimed: String,
}

/// One submit of a group's attendance: every child present but those
/// ticked (`absent[<student id>]`). `key` makes a retried submit harmless.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceForm {
    pub session: SessionId,
    pub on: NaiveDate,
    pub key: String,
    #[serde(default)]
    pub absent: BTreeMap<String, String>,
}

impl AttendanceForm {
    /// The ticked children; a key that is not an id is refused.
    pub fn absent_ids(&self) -> Option<Vec<StudentId>> {
        self.absent.keys().map(|k| k.parse().ok().map(StudentId)).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDayNote {
    pub kind: NoteKind,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLeaveSlip {
    pub leave_at: NaiveTime,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayNote {
    pub id: DayNoteId,
    pub kind: NoteKind,
    pub note: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub sports_agreed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveSlip {
    pub id: LeaveSlipId,
    pub student: StudentId,
    pub student_name: String,
    pub on_date: NaiveDate,
    pub leave_at: NaiveTime,
    pub reason: String,
    pub confirmed: bool,
}

/// A child gone home.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handed {
    pub way: HandoverWay,
    pub to_name: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub checked_by: String,
}

/// Someone who may collect a child, as staff see them at the gate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collector {
    /// The handover form's `collector` value.
    pub choice: String,
    pub name: String,
    /// Empty for a guardian.
    pub relation: String,
    /// Whether a photo is on file (`/photos/<child>/<choice>.jpg`).
    #[serde(default)]
    pub photo: bool,
}

/// The longest side, in pixels, a phone scales a pickup photo to before
/// uploading it.
pub const PHOTO_SIDE: u32 = 480;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayChild {
    pub student: StudentId,
    pub name: String,
    pub class_name: String,
    /// Not enrolled: stays behind today for this reason [001].
    pub guest_reason: Option<String>,
    /// A guardian's absence request for the day, with its reason.
    pub excused: Option<String>,
    /// `None` until the sheet is taken; then present or not.
    pub present: Option<bool>,
    /// Unwell at a sports session, no guardian agreed: kept out.
    pub kept_out: bool,
    pub notes: Vec<DayNote>,
    pub slip: Option<LeaveSlip>,
    pub handed: Option<Handed>,
    pub collectors: Vec<Collector>,
    pub walks_alone: bool,
    /// Present, not handed over, and the session has ended.
    pub stranded: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub id: i64,
    /// RFC 3339, UTC.
    pub taken_at: String,
    pub taken_by: String,
}

/// A session on a date, for the staff who serve it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDay {
    pub session: Session,
    pub date: NaiveDate,
    pub school: SchoolId,
    pub school_name: String,
    pub sheet: Option<Sheet>,
    pub children: Vec<DayChild>,
    pub duty_leader: Option<String>,
    /// The session's care log today.
    pub log: Vec<crate::records::CareLogEntry>,
    /// A fresh idempotency key for the attendance form.
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stranded {
    pub student: StudentId,
    pub name: String,
    pub class_name: String,
    pub session: SessionId,
    pub ended_at: NaiveTime,
    pub escalated: bool,
}

/// Why a pickup was refused at the gate: stored as its key, named by the
/// app's locale files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickupRefusal {
    /// The collector is on the list, but the pickup code did not match.
    WrongCode,
    /// The collector is not among the child's authorised ones.
    NotAuthorised,
}

text_enum!(PickupRefusal { WrongCode = "wrong_code", NotAuthorised = "not_authorised" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub student_name: String,
    pub claimed: String,
    pub reason: PickupRefusal,
    /// RFC 3339, UTC.
    pub at: String,
}

/// The school's day: who leads it, who is still here, what went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolDay {
    pub school: SchoolId,
    pub school_name: String,
    pub date: NaiveDate,
    pub duty_leader: Option<(StaffId, String)>,
    /// Staff who may lead a day (cleared, the school's own).
    pub leaders: Vec<(StaffId, String)>,
    /// Service days in the coming week with nobody on duty.
    pub days_without_leader: Vec<NaiveDate>,
    pub requests: Vec<PickupRequest>,
    pub slips: Vec<LeaveSlip>,
    pub stranded: Vec<Stranded>,
    pub refusals: Vec<Refusal>,
    pub visitors: Vec<crate::records::Visitor>,
    pub handed_over: u32,
}

/// One day of a child's service, for the guardian.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildDay {
    pub date: NaiveDate,
    pub present: Option<bool>,
    pub excused: bool,
    pub kept_out: bool,
    pub notes: Vec<DayNote>,
    pub handed: Option<Handed>,
}

/// How a child goes home, for the guardian: the code to show at the gate,
/// the agreement to walk alone, the slips to confirm, the recent days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildService {
    pub pickup_code: String,
    /// Who may collect the child, with whether each has a photo.
    pub collectors: Vec<Collector>,
    pub walks_alone: bool,
    pub slips: Vec<LeaveSlip>,
    pub days: Vec<ChildDay>,
}
