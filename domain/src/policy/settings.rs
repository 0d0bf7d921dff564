//! What a district's policy says: every setting, and its validation.
use crate::error::{DomainError, DomainResult};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
pub use wire::enrolment::ReviewStep;
pub use wire::money::ProofStep;
pub use wire::plan::{BillingPeriod, Season, ServiceType};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingModel {
    /// Free to families, paid by government per student-day [000].
    GovernmentFunded,
    /// Parents share the cost, collected by the family committee [001].
    ParentsShare,
    /// Government subsidy plus a capped service fee [002].
    SubsidyPlusFee,
    /// A capped service fee [003].
    FeeCapped,
    /// Fee negotiated by school, committee and vendor, filed with the
    /// authorities [004].
    MarketNegotiated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityGroup {
    LeftBehind,
    MigrantWorker,
    Disabled,
    LowIncome,
}

/// One step of the approval a vendor's entry or an award goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VendorApprovalStep {
    /// Family committee and teacher representatives [002].
    AdmissionPanel,
    SchoolParty,
    SchoolAndCommittee,
    DistrictBureau,
    CityBureau,
}

/// How applicants of equal priority are ordered when places run out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// First submitted, first served.
    #[default]
    SubmissionOrder,
    /// A reproducible draw: SHA-256 of the plan and application ids.
    Lottery,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsuranceRule {
    Encouraged,
    Required,
}

/// Money is integer fen (分).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funding {
    pub model: FundingModel,
    /// Government subsidy per student-day, if any.
    pub subsidy_fen_per_student_day: Option<i64>,
    /// City's share of the subsidy in percent, for district schools and for
    /// city-direct / private schools [000].
    pub city_share_percent_district_schools: u8,
    pub city_share_percent_other_schools: u8,
    /// Cap on the family's fee per student-month, if any.
    pub fee_cap_fen_per_month: Option<i64>,
    /// The fee must be filed with price, education and discipline authorities.
    pub fee_filing_required: bool,
    /// The daily service time the cap is set for, in minutes ("80 yuan for
    /// 2 hours a school day" [003]): a fee for a shorter or other service
    /// (lunch-time care) is capped in proportion to its time.
    #[serde(default)]
    pub fee_cap_basis_minutes: Option<u16>,
    /// A fee for another form of service needs the family committee's
    /// consent (征得家长委员会同意 [003]).
    #[serde(default)]
    pub other_fee_needs_consent: bool,
    /// A fee rise needs the authorities' approval (未经发改部门和教体部门同意，
    /// 不得擅自提高收费标准 [004]); the bureau records it.
    #[serde(default)]
    pub fee_rise_needs_approval: bool,
    /// What the staff-pay minimum is a share of: the funds spent ("90% of
    /// the funds for pay" [000]) or the fees and subsidy received ("not
    /// below 80% of fees and subsidy" [002]).
    #[serde(default)]
    pub staff_pay_basis: StaffPayBasis,
    /// A term's surplus goes back to the families at settlement
    /// (结余部分应及时退还 [001]); otherwise it carries into the next term.
    #[serde(default)]
    pub surplus_refunded: bool,
    /// The day of the next month by which a school publishes its monthly
    /// disclosure (每月…向家长公开 [001][002]).
    #[serde(default = "default_disclosure_due_day")]
    pub disclosure_due_day: u8,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffPayBasis {
    #[default]
    Income,
    Spending,
}

pub(super) fn default_disclosure_due_day() -> u8 {
    10
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTime {
    /// How long the service may run after normal dismissal, in minutes.
    pub max_minutes_after_dismissal: u16,
    /// Length of one period, when the district counts in periods [002].
    pub period_minutes: Option<u16>,
    pub max_periods: Option<u8>,
    /// The service may not end before these times [003].
    pub earliest_end_summer: Option<NaiveTime>,
    pub earliest_end_winter: Option<NaiveTime>,
    /// The service may not end after this time [004].
    pub latest_end: Option<NaiveTime>,
    /// The summer timetable (夏季作息) runs in these months, inclusive.
    #[serde(default = "summer_from")]
    pub summer_from_month: u32,
    #[serde(default = "summer_until")]
    pub summer_until_month: u32,
}

pub(super) fn summer_from() -> u32 {
    5
}
pub(super) fn summer_until() -> u32 {
    9
}

impl ServiceTime {
    /// The longest the service may run after dismissal: the allowed minutes,
    /// or fewer where the district counts in periods [002].
    pub fn max_minutes(&self) -> u16 {
        match (self.period_minutes, self.max_periods) {
            (Some(len), Some(n)) => self.max_minutes_after_dismissal.min(len * u16::from(n)),
            _ => self.max_minutes_after_dismissal,
        }
    }

    pub fn season(&self, date: NaiveDate) -> Season {
        use chrono::Datelike;
        if (self.summer_from_month..=self.summer_until_month).contains(&date.month()) { Season::Summer } else { Season::Winter }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySettings {
    pub funding: Funding,
    /// Children of registered low-income households are served free.
    pub low_income_waiver: bool,
    pub priority_groups: Vec<PriorityGroup>,
    /// Orders applicants of equal priority when a plan is oversubscribed.
    #[serde(default)]
    pub tie_break: TieBreak,
    /// Service runs Monday–Friday except public holidays and vacations.
    pub weekdays_only: bool,
    pub service_time: ServiceTime,
    pub service_types: Vec<ServiceType>,
    pub billing_periods: Vec<BillingPeriod>,
    /// Minimum share of funds paid to staff, in percent.
    pub staff_pay_min_percent: u8,
    pub review_chain: Vec<ReviewStep>,
    /// Days the admitted list stays on public notice (公示期).
    pub notice_days: u8,
    pub vendor_approval: Vec<VendorApprovalStep>,
    /// Nobody who scored a tender's bids decides the committee's part of its
    /// award: the price-inquiry committee inquires and scores, and the award
    /// is the school's and the family committee's (学校、家委会…确定;
    /// 校级家长委员会下设询价委员会和监督委员会 [004]).
    #[serde(default)]
    pub scorers_do_not_approve: bool,
    /// Qualified bidders needed before a tender can be awarded.
    pub min_bidders: u8,
    pub blacklist_years: u8,
    pub accident_insurance: InsuranceRule,
    /// Outside staff (vendor staff, volunteers) must carry less than this
    /// share of the staff hours, in percent: 100 forbids only handing the
    /// whole service out [000]; 50 keeps it run mainly by the school's own
    /// teachers and workers [002][003]. `None`: no rule [001][004].
    #[serde(default)]
    pub outside_staff_below_percent: Option<u8>,
    /// Outside institutions may not run 特色班、兴趣班、培优班 in school [003].
    #[serde(default)]
    pub outside_interest_classes_forbidden: bool,
    /// Days a school has to file the written report on a serious incident
    /// (及时报区教育局 [000 att.2 §22]).
    #[serde(default = "default_incident_report_days")]
    pub incident_report_days: u8,
    /// Days after an award is proposed in which a bidder may complain
    /// before it goes for approval (公示期 of the award).
    #[serde(default = "default_standstill_days")]
    pub standstill_days: u8,
    /// Whether the number of sealed bids may be shown before the opening
    /// (never who bid or what).
    #[serde(default)]
    pub bid_count_before_opening: bool,
    /// Who reviews the proof of a declared priority group or waiver, in
    /// order (由学校审核 [002][003]); empty: declarations count as made.
    #[serde(default)]
    pub proof_review: Vec<ProofStep>,
    /// What the bureau asks of its schools, and what it watches.
    #[serde(default)]
    pub reports: Reports,
}

/// The reports a school owes the bureau, and the bid window the bureau
/// expects of a tender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reports {
    /// Day of the next month by which a school reports its month
    /// (建立"月报告"制度 [000]); `None`: monthly reports are not required.
    #[serde(default)]
    pub monthly_due_day: Option<u8>,
    /// When a school's annual performance report is due: in December
    /// (于每年12月报教育行政部门备案 [001]) or before February for the year
    /// before (每年2月之前…上年度 [002]); `None`: not required.
    #[serde(default)]
    pub annual_due: Option<AnnualDue>,
    /// Days a tender stays open for bids, at least; a shorter window is a
    /// procurement red flag, not a refusal.
    #[serde(default = "default_min_bid_window_days")]
    pub min_bid_window_days: u8,
}

impl Default for Reports {
    fn default() -> Self {
        Reports { monthly_due_day: None, annual_due: None, min_bid_window_days: default_min_bid_window_days() }
    }
}

fn default_min_bid_window_days() -> u8 {
    5
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnualDue {
    /// By 31 December of the year reported.
    December,
    /// By 31 January of the year after.
    BeforeFebruary,
}

impl AnnualDue {
    pub fn due(self, year: i32) -> NaiveDate {
        match self {
            AnnualDue::December => NaiveDate::from_ymd_opt(year, 12, 31),
            AnnualDue::BeforeFebruary => NaiveDate::from_ymd_opt(year + 1, 1, 31),
        }
        .unwrap_or(NaiveDate::MAX)
    }
}

pub(super) fn default_incident_report_days() -> u8 {
    7
}

pub(super) fn default_standstill_days() -> u8 {
    3
}

impl PolicySettings {
    /// Checks the settings for internal consistency before they are stored.
    pub fn validate(&self) -> DomainResult<()> {
        if self.review_chain.is_empty() {
            return Err(DomainError::invalid("review_chain", "empty"));
        }
        if self.staff_pay_min_percent > 100
            || self.funding.city_share_percent_district_schools > 100
            || self.funding.city_share_percent_other_schools > 100
        {
            return Err(DomainError::invalid("percent", "over_100"));
        }
        if self.service_types.is_empty() {
            return Err(DomainError::invalid("service_types", "empty"));
        }
        if self.outside_staff_below_percent.is_some_and(|p| p == 0 || p > 100) {
            return Err(DomainError::invalid("percent", "over_100"));
        }
        let t = &self.service_time;
        if !(1..=12).contains(&t.summer_from_month) || !(1..=12).contains(&t.summer_until_month) || t.summer_from_month > t.summer_until_month {
            return Err(DomainError::invalid("service_time", "summer_months"));
        }
        if !(1..=30).contains(&self.standstill_days) {
            return Err(DomainError::invalid("standstill_days", "out_of_range"));
        }
        if self.min_bidders == 0 || self.blacklist_years == 0 || self.vendor_approval.is_empty() {
            return Err(DomainError::invalid("vendor_approval", "empty"));
        }
        if self.reports.monthly_due_day.is_some_and(|d| !(1..=28).contains(&d)) || self.reports.min_bid_window_days > 60 {
            return Err(DomainError::invalid("reports", "out_of_range"));
        }
        if !(1..=60).contains(&self.incident_report_days) {
            return Err(DomainError::invalid("incident_report_days", "out_of_range"));
        }
        if self.service_time.max_minutes_after_dismissal == 0 {
            return Err(DomainError::invalid("service_time", "zero"));
        }
        let f = &self.funding;
        if f.fee_cap_basis_minutes == Some(0) || !(1..=28).contains(&f.disclosure_due_day) {
            return Err(DomainError::invalid("funding", "out_of_range"));
        }
        if f.subsidy_fen_per_student_day.is_some_and(|r| r < 0) || f.fee_cap_fen_per_month.is_some_and(|c| c < 0) {
            return Err(DomainError::invalid("funding", "negative"));
        }
        Ok(())
    }
}

pub(super) fn time(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}
