//! The school's operations after admission: the calendar, rooms, staff and
//! their vetting, and the weekly timetable with its conflicts (S1–S4).
use crate::ids::{CalendarDayId, GroupId, PlanId, RoomId, SafetyAgreementId, SchoolId, SessionId, StaffId, StudentId, TimetableId};
use crate::plan::{ActivityKind, Season, ServiceType};
use crate::text_enum::text_enum;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// Largest calendar file read; a year of holidays is a few kilobytes.
pub const MAX_CALENDAR_BYTES: usize = 256 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// No school, no service.
    Holiday,
    /// A weekend day that is a working day (调休): school, and service.
    MakeUpWorkday,
}
text_enum!(DayKind { Holiday = "holiday", MakeUpWorkday = "make_up_workday" });

/// A holiday or make-up workday as a school's calendar has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub id: CalendarDayId,
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    /// Whose timetable a make-up workday runs (ISO weekday).
    pub follows_weekday: Option<u8>,
    /// From the school's own calendar rather than the district's.
    pub own: bool,
}

/// A school's calendar for one year, with the plans' terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub school: SchoolId,
    pub school_name: String,
    pub year: i32,
    pub days: Vec<CalendarDay>,
    /// Years some calendar (the district's or the school's) covers.
    pub years: Vec<i32>,
    /// Years shipped with the product, ready to import.
    pub shipped: Vec<i32>,
    pub terms: Vec<Term>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub plan: PlanId,
    pub title: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Service days in the term once holidays are taken out.
    pub service_days: u32,
}

/// What an import stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarImport {
    pub years: Vec<i32>,
    pub holidays: u32,
    pub workdays: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomKind {
    Classroom,
    Lab,
    Library,
    Gym,
    MusicRoom,
    ArtRoom,
    Playground,
    Canteen,
    Dormitory,
    Other,
}
text_enum!(RoomKind {
    Classroom = "classroom",
    Lab = "lab",
    Library = "library",
    Gym = "gym",
    MusicRoom = "music_room",
    ArtRoom = "art_room",
    Playground = "playground",
    Canteen = "canteen",
    Dormitory = "dormitory",
    Other = "other",
});

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub id: RoomId,
    pub name: String,
    pub kind: RoomKind,
    pub capacity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRoom {
    pub name: String,
    pub kind: RoomKind,
    pub capacity: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffKind {
    Teacher,
    Worker,
    Volunteer,
    VendorStaff,
}
text_enum!(StaffKind { Teacher = "teacher", Worker = "worker", Volunteer = "volunteer", VendorStaff = "vendor_staff" });

impl StaffKind {
    /// Not the school's own teachers and workers: their hours are counted
    /// against the district's share [000][002][003].
    pub fn is_outside(self) -> bool {
        matches!(self, StaffKind::Volunteer | StaffKind::VendorStaff)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VettingResult {
    /// No criminal or misconduct record found.
    Clear,
    /// A record found: the person may not serve.
    Record,
}
text_enum!(VettingResult { Clear = "clear", Record = "record" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStaff {
    pub kind: StaffKind,
    pub name: String,
    pub phone: String,
    /// The volunteer group, community organisation or vendor.
    #[serde(default)]
    pub organisation: String,
}

/// An invitation a school sent one of its staff to sign in as that person.
/// Its code went only to the person's phone: whoever holds it takes the
/// record, so the school never sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInvitation {
    pub staff: StaffId,
    pub expires_at: DateTime<Utc>,
}

/// What accepting an invitation gave the account: the school's staff record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedInvitation {
    pub school_name: String,
    pub staff_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewVetting {
    pub checked_on: NaiveDate,
    pub result: VettingResult,
    pub qualification: String,
    pub valid_until: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vetting {
    pub checked_on: NaiveDate,
    pub result: VettingResult,
    pub qualification: String,
    pub valid_until: NaiveDate,
}

/// Whether a person may serve up to a date, and if not, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Clearance {
    Cleared { until: NaiveDate },
    NotVetted,
    /// A background check found a record.
    BadRecord,
    /// The check or qualification runs out on `until`.
    Expires { until: NaiveDate },
    /// A volunteer whose group has no safety agreement with the school in
    /// force [000 att.2 §19].
    NoSafetyAgreement,
    /// A vendor's staff member without the vendor's contract with the
    /// school in force: service under a tender starts only after its
    /// approval, and ends with the contract (V6).
    NoContract,
}

impl Clearance {
    pub fn is_cleared(&self) -> bool {
        matches!(self, Clearance::Cleared { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: StaffId,
    pub kind: StaffKind,
    pub name: String,
    pub phone: String,
    pub organisation: String,
    pub signs_in: bool,
    /// An invitation to sign in as this person waits until then.
    pub invited_until: Option<DateTime<Utc>>,
    pub vetting: Option<Vetting>,
    /// Whether the person may serve today.
    pub clearance: Clearance,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSafetyAgreement {
    pub organisation: String,
    pub signed_on: NaiveDate,
    pub valid_until: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyAgreement {
    pub id: SafetyAgreementId,
    pub organisation: String,
    pub signed_on: NaiveDate,
    pub valid_until: NaiveDate,
}

/// A school's rooms, staff and safety agreements, for its admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolResources {
    pub school: SchoolId,
    pub school_name: String,
    pub rooms: Vec<Room>,
    pub staff: Vec<Staff>,
    pub agreements: Vec<SafetyAgreement>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub student: StudentId,
    pub name: String,
    pub class_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub members: Vec<Member>,
}

/// Adds one child, or every child of a class who may attend, to a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAddition {
    #[serde(default)]
    pub student: Option<StudentId>,
    #[serde(default)]
    pub class: Option<crate::ids::ClassId>,
}

/// A session as the school's admin adds it; up to three adults, the first
/// dining with the pupils at a lunch session when `dining` is ticked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSession {
    pub weekday: u8,
    pub starts_at: NaiveTime,
    pub ends_at: NaiveTime,
    pub service_type: ServiceType,
    pub activity: ActivityKind,
    #[serde(default)]
    pub title: String,
    pub room: RoomId,
    pub group: GroupId,
    #[serde(default)]
    pub lead: Option<StaffId>,
    #[serde(default)]
    pub second: Option<StaffId>,
    #[serde(default)]
    pub third: Option<StaffId>,
    #[serde(default)]
    pub dining: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAdult {
    pub staff: StaffId,
    pub name: String,
    pub kind: StaffKind,
    pub dining: bool,
}

/// One weekly session, with the names a reader needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub weekday: u8,
    pub starts_at: NaiveTime,
    pub ends_at: NaiveTime,
    pub service_type: ServiceType,
    pub activity: ActivityKind,
    pub title: String,
    pub room: RoomId,
    pub room_name: String,
    pub group: GroupId,
    pub group_name: String,
    pub children: u32,
    pub adults: Vec<SessionAdult>,
}

/// What the conflict finder reports before a timetable may be published.
/// Each names the rule, so the school can fix exactly that.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "conflict")]
pub enum Conflict {
    RoomDoubleBooked { first: SessionId, second: SessionId, room: String },
    PersonDoubleBooked { first: SessionId, second: SessionId, person: String },
    GroupDoubleBooked { first: SessionId, second: SessionId, group: String },
    ChildDoubleBooked { first: SessionId, second: SessionId, child: String },
    NoSupervisor { session: SessionId },
    OverRoomCapacity { session: SessionId, children: u32, capacity: u32 },
    RatioTooLow { session: SessionId, children: u32, adults: u32, per_adult: u32 },
    /// The service starts after normal dismissal; a school may not dismiss
    /// early to lengthen it [002].
    BeforeDismissal { session: SessionId, dismissal: NaiveTime },
    /// Ends after the district's latest time (dismissal + the allowed
    /// minutes, or a fixed latest end).
    EndsTooLate { session: SessionId, latest: NaiveTime },
    /// The day's service ends before the season's earliest end [003].
    EndsTooEarly { weekday: u8, season: Season, earliest: NaiveTime },
    PeriodLength { session: SessionId, minutes: u16 },
    TooManyPeriods { group: String, weekday: u8, max: u8 },
    NotAServiceDay { session: SessionId },
    ServiceTypeNotAllowed { session: SessionId, service_type: ServiceType },
    ServiceTypeNotInPlan { session: SessionId, service_type: ServiceType },
    ActivityNotInPlan { session: SessionId, activity: ActivityKind },
    ForbiddenActivity { session: SessionId, activity: ActivityKind },
    /// An outside institution's 特色班/兴趣班/培优班, where forbidden [003].
    OutsideInterestClass { session: SessionId },
    /// Outside staff (vendor, volunteer) carry too much of the hours.
    OutsideStaffShare { percent: u32, below: u8 },
    /// Scheduled without a valid check (or the check runs out in term).
    NotCleared { session: SessionId, person: String, clearance: Clearance },
    /// A lunch session without a teacher dining with the pupils (陪餐 [004]).
    NoDiningTeacher { session: SessionId },
    /// A child in a group whose place or signed agreement is no longer in
    /// force [000].
    NoAgreement { group: String, child: String },
}

/// A timetable as its school's admin builds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableEditor {
    pub id: TimetableId,
    pub plan: PlanId,
    pub plan_title: String,
    pub school: SchoolId,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub weekdays: Vec<u8>,
    pub dismissal_time: NaiveTime,
    pub service_types: Vec<ServiceType>,
    pub activities: Vec<ActivityKind>,
    pub children_per_adult: u32,
    pub rooms: Vec<Room>,
    pub staff: Vec<Staff>,
    pub groups: Vec<Group>,
    /// Children who hold a place and a signed agreement, with their class.
    pub eligible: Vec<Member>,
    pub classes: Vec<(crate::ids::ClassId, String)>,
    pub sessions: Vec<Session>,
    pub conflicts: Vec<Conflict>,
    pub published_version: Option<i32>,
    /// Changed since the last publication.
    pub changed: bool,
}

/// What staff and guardians read: a snapshot taken when it was published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedTimetable {
    pub version: i32,
    pub sessions: Vec<Session>,
    pub groups: Vec<(GroupId, Vec<StudentId>)>,
}

/// One session on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedSession {
    pub date: NaiveDate,
    pub school_name: String,
    pub session: Session,
}

/// A week of sessions for one reader (a staff member, or a child).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    pub monday: NaiveDate,
    /// The days of the week that are no service day, with why (a holiday's name).
    pub days_off: Vec<(NaiveDate, String)>,
    pub sessions: Vec<DatedSession>,
    /// The school's date now, so a page can mark today.
    #[serde(default)]
    pub today: Option<NaiveDate>,
}
