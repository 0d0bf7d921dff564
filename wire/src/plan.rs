//! A school's plan for a term (一校一案), as the school writes it and as
//! guardians and the public read it once published.
use crate::ids::{PlanId, SchoolId};
use crate::text_enum::text_enum;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceType {
    AfterSchool,
    Lunch,
    NoonRest,
}
text_enum!(ServiceType { AfterSchool = "after_school", Lunch = "lunch", NoonRest = "noon_rest" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingPeriod {
    Monthly,
    Semester,
}
text_enum!(BillingPeriod { Monthly = "monthly", Semester = "semester" });

/// What a session may be spent on. The last three are forbidden by every
/// seed policy (不得上新课、集体补课、考试); individual help is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    HomeworkHelp,
    IndividualHelp,
    Reading,
    Sports,
    Arts,
    Science,
    Clubs,
    SocialPractice,
    Films,
    Labour,
    /// A course-like class (特色班、兴趣班、培优班): allowed when the school's
    /// own staff run it; some districts forbid outside institutions to [003].
    InterestClass,
    NewLessons,
    GroupTutoring,
    Exams,
}
text_enum!(ActivityKind {
    HomeworkHelp = "homework_help",
    IndividualHelp = "individual_help",
    Reading = "reading",
    Sports = "sports",
    Arts = "arts",
    Science = "science",
    Clubs = "clubs",
    SocialPractice = "social_practice",
    Films = "films",
    Labour = "labour",
    InterestClass = "interest_class",
    NewLessons = "new_lessons",
    GroupTutoring = "group_tutoring",
    Exams = "exams",
});

impl ActivityKind {
    pub fn is_forbidden(self) -> bool {
        matches!(self, ActivityKind::NewLessons | ActivityKind::GroupTutoring | ActivityKind::Exams)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Season {
    Summer,
    Winter,
}

/// Everything a guardian reads before applying (P1) and the school commits
/// to for the term (S1). Money in fen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    pub title: String,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    /// ISO weekdays the service runs: 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<u8>,
    pub dismissal_time: NaiveTime,
    pub end_time_summer: NaiveTime,
    pub end_time_winter: NaiveTime,
    pub service_types: Vec<ServiceType>,
    pub activities: Vec<ActivityKind>,
    pub capacity: u32,
    pub fee_fen_per_month: i64,
    pub billing_period: BillingPeriod,
    /// The filing with the price authorities, where policy requires one:
    /// its number and date.
    pub fee_filing_reference: String,
    #[serde(default)]
    pub fee_filing_date: Option<NaiveDate>,
    /// The school's liability insurance, as shown to guardians (P6).
    pub liability_insurance: String,
    pub pickup_rules: String,
    pub safety_measures: String,
    pub emergency_plan: String,
}

/// Why a plan cannot be published under the district's policy. Each names
/// the rule so that the school can fix exactly that.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum PlanProblem {
    TitleMissing,
    TermEndsBeforeItStarts,
    /// The term begins or ends outside the years the service runs in.
    TermOutsideYears,
    /// A term is one semester: at most `MAX_TERM_DAYS` days.
    TermTooLong,
    NoWeekdays,
    WeekendService,
    EndsBeforeDismissal,
    /// Ends before the season's earliest allowed end.
    EndsTooEarly { season: Season, earliest: NaiveTime },
    EndsTooLate { latest: NaiveTime },
    TooLongAfterDismissal { season: Season, max_minutes: u16 },
    ServiceTypeNotAllowed { service_type: ServiceType },
    NoActivities,
    ForbiddenActivity { activity: ActivityKind },
    NoCapacity,
    FeeNotAllowed,
    FeeAboveCap { cap_fen: i64 },
    NegativeFee,
    FeeFilingMissing,
    BillingPeriodNotAllowed { period: BillingPeriod },
    /// A fee for another service above the cap scaled by its time [003].
    OtherFeeAboveCap { service_type: ServiceType, cap_fen: i64 },
    /// A fee schedule names a service the plan does not offer, or one twice.
    ServiceNotInPlan { service_type: ServiceType },
    /// A service's minutes a day must be 1 to 600.
    ServiceMinutesOutOfRange,
    /// A fee schedule starts outside the plan's term.
    EffectiveOutsideTerm,
    InsuranceMissing,
    PickupRulesMissing,
    SafetyMeasuresMissing,
    EmergencyPlanMissing,
    OverlapsPublishedPlan,
}

/// The longest term a plan may have: a school year.
pub const MAX_TERM_DAYS: i64 = 366;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Published,
}
text_enum!(PlanStatus { Draft = "draft", Published = "published" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: PlanId,
    pub title: String,
    pub status: PlanStatus,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
}

/// A published plan with where it belongs, for anyone to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedPlan {
    pub id: PlanId,
    pub school: SchoolId,
    pub school_name: String,
    pub district_name: String,
    pub content: PlanContent,
    /// The district policy version the plan was checked against.
    pub policy_version: i32,
}

/// A plan as its school's managers edit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditablePlan {
    pub id: PlanId,
    pub school: SchoolId,
    pub status: PlanStatus,
    pub content: PlanContent,
}
