//! District policy (REQUIREMENTS §2): the rules on which the five seed
//! documents differ are data, versioned per district. Rules read the version
//! in force on a date; a new version never rewrites an old one.
use crate::entities::district_policy;
use crate::error::{DomainError, DomainResult};
use crate::ids::DistrictId;
use chrono::{NaiveDate, NaiveTime};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
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

fn default_disclosure_due_day() -> u8 {
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

fn summer_from() -> u32 {
    5
}
fn summer_until() -> u32 {
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

fn default_incident_report_days() -> u8 {
    7
}

fn default_standstill_days() -> u8 {
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

fn time(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

/// The policy each seed document describes, keyed by seed number.
pub fn preset(seed: &str) -> Option<PolicySettings> {
    use FundingModel::*;
    use PriorityGroup::*;
    use ReviewStep::*;
    use VendorApprovalStep::*;
    let base = PolicySettings {
        funding: Funding {
            model: GovernmentFunded,
            subsidy_fen_per_student_day: None,
            city_share_percent_district_schools: 0,
            city_share_percent_other_schools: 0,
            fee_cap_fen_per_month: None,
            fee_filing_required: false,
            fee_cap_basis_minutes: None,
            other_fee_needs_consent: false,
            fee_rise_needs_approval: false,
            staff_pay_basis: StaffPayBasis::Income,
            surplus_refunded: false,
            disclosure_due_day: default_disclosure_due_day(),
        },
        low_income_waiver: false,
        priority_groups: vec![LeftBehind, MigrantWorker],
        tie_break: TieBreak::SubmissionOrder,
        weekdays_only: true,
        service_time: ServiceTime {
            max_minutes_after_dismissal: 90,
            period_minutes: None,
            max_periods: None,
            earliest_end_summer: None,
            earliest_end_winter: None,
            latest_end: None,
            summer_from_month: summer_from(),
            summer_until_month: summer_until(),
        },
        service_types: vec![ServiceType::AfterSchool],
        billing_periods: vec![BillingPeriod::Semester],
        staff_pay_min_percent: 80,
        review_chain: vec![ClassTeacher, School],
        notice_days: 3,
        vendor_approval: vec![DistrictBureau],
        scorers_do_not_approve: false,
        min_bidders: 1,
        blacklist_years: 6,
        accident_insurance: InsuranceRule::Encouraged,
        outside_staff_below_percent: None,
        outside_interest_classes_forbidden: false,
        incident_report_days: default_incident_report_days(),
        standstill_days: default_standstill_days(),
        bid_count_before_opening: false,
        proof_review: Vec::new(),
        reports: Reports::default(),
    };
    let p = match seed {
        // Changchun Jingyue: free, 2 yuan per student-day, city:district 6:4,
        // "about 90 minutes" after dismissal (a quarter hour's leeway).
        "000" => PolicySettings {
            service_time: ServiceTime { max_minutes_after_dismissal: 105, ..base.service_time.clone() },
            funding: Funding {
                subsidy_fen_per_student_day: Some(200),
                city_share_percent_district_schools: 60,
                city_share_percent_other_schools: 100,
                // 90% of the funds for pay, 10% for running costs.
                staff_pay_basis: StaffPayBasis::Spending,
                ..base.funding.clone()
            },
            staff_pay_min_percent: 90,
            // 严禁将课后托管全盘委托给社会机构.
            outside_staff_below_percent: Some(100),
            // 建立"月报告"制度.
            reports: Reports { monthly_due_day: Some(10), ..Reports::default() },
            ..base
        },
        // A Hubei city: parents share the cost through the family committee.
        "001" => PolicySettings {
            // 结余部分应及时退还.
            funding: Funding { model: ParentsShare, surplus_refunded: true, ..base.funding.clone() },
            billing_periods: vec![BillingPeriod::Monthly, BillingPeriod::Semester],
            review_chain: vec![FamilyCommittee, School],
            // 形成绩效报告，于每年12月报教育行政部门备案.
            reports: Reports { annual_due: Some(AnnualDue::December), ..Reports::default() },
            ..base
        },
        // Zaozhuang: subsidy plus a fee capped at 100 yuan per month, 40-minute periods.
        "002" => PolicySettings {
            funding: Funding {
                model: SubsidyPlusFee,
                fee_cap_fen_per_month: Some(10_000),
                ..base.funding.clone()
            },
            low_income_waiver: true,
            proof_review: vec![ProofStep::School],
            service_time: ServiceTime {
                max_minutes_after_dismissal: 80,
                period_minutes: Some(40),
                max_periods: Some(2),
                ..base.service_time.clone()
            },
            vendor_approval: vec![AdmissionPanel, SchoolParty, DistrictBureau, CityBureau],
            // 以在岗教师、职工为主.
            outside_staff_below_percent: Some(50),
            // 每年2月之前…将上年度本校课后服务开展情况…报.
            reports: Reports { annual_due: Some(AnnualDue::BeforeFebruary), ..Reports::default() },
            ..base
        },
        // Luohe: fee capped at 80 yuan per month; end no earlier than 18:30 / 18:00.
        "003" => PolicySettings {
            funding: Funding {
                model: FeeCapped,
                fee_cap_fen_per_month: Some(8_000),
                // 以工作日每天服务2小时…核定; 午间服务…按实际服务时间…征得家长委员会同意.
                fee_cap_basis_minutes: Some(120),
                other_fee_needs_consent: true,
                ..base.funding.clone()
            },
            low_income_waiver: true,
            proof_review: vec![ProofStep::School],
            priority_groups: vec![LeftBehind, MigrantWorker, Disabled, LowIncome],
            // 午间服务等其他形式课后服务.
            service_types: vec![ServiceType::AfterSchool, ServiceType::NoonRest],
            service_time: ServiceTime {
                max_minutes_after_dismissal: 120,
                earliest_end_summer: time(18, 30),
                earliest_end_winter: time(18, 0),
                ..base.service_time.clone()
            },
            accident_insurance: InsuranceRule::Required,
            // 以学校在职教职工为主; no outside 特色班、兴趣班、培优班.
            outside_staff_below_percent: Some(50),
            outside_interest_classes_forbidden: true,
            ..base
        },
        // Qujing: market-run, negotiated fee filed with the authorities,
        // three committee levels, tenders with at least 3 bidders.
        "004" => PolicySettings {
            funding: Funding {
                model: MarketNegotiated,
                fee_filing_required: true,
                fee_rise_needs_approval: true,
                // 据实结算.
                surplus_refunded: true,
                ..base.funding.clone()
            },
            // The school reviews a declared status's proof: no seed gives a
            // committee the file, which is sensitive personal information
            // (PIPL Art. 28); the committees decide applications on the
            // status the school approved.
            proof_review: vec![ProofStep::School],
            priority_groups: vec![LeftBehind, MigrantWorker, Disabled, LowIncome],
            service_time: ServiceTime {
                max_minutes_after_dismissal: 120,
                latest_end: time(18, 0),
                ..base.service_time.clone()
            },
            service_types: vec![ServiceType::AfterSchool, ServiceType::Lunch, ServiceType::NoonRest],
            billing_periods: vec![BillingPeriod::Monthly, BillingPeriod::Semester],
            review_chain: vec![ClassCommittee, GradeCommittee, SchoolCommittee],
            vendor_approval: vec![SchoolAndCommittee],
            scorers_do_not_approve: true,
            min_bidders: 3,
            ..base
        },
        _ => return None,
    };
    Some(p)
}

/// Stores a new version of a district's policy, in force from `effective_from`.
pub async fn publish<C: ConnectionTrait>(
    db: &C,
    district: DistrictId,
    effective_from: NaiveDate,
    settings: &PolicySettings,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<i32> {
    settings.validate()?;
    let latest = district_policy::Entity::find()
        .filter(district_policy::Column::DistrictId.eq(district.0))
        .order_by_desc(district_policy::Column::Version)
        .one(db)
        .await?;
    let version = latest.map_or(1, |p| p.version + 1);
    district_policy::ActiveModel {
        district_id: Set(district.0),
        version: Set(version),
        effective_from: Set(effective_from),
        settings: Set(serde_json::to_string(settings).map_err(|e| DomainError::Internal(e.to_string()))?),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(version)
}

/// The policy in force in `district` on `date`: the highest version whose
/// start date is not after `date`.
pub async fn in_force<C: ConnectionTrait>(
    db: &C,
    district: DistrictId,
    date: NaiveDate,
) -> DomainResult<(i32, PolicySettings)> {
    let row = district_policy::Entity::find()
        .filter(district_policy::Column::DistrictId.eq(district.0))
        .filter(district_policy::Column::EffectiveFrom.lte(date))
        .order_by_desc(district_policy::Column::EffectiveFrom)
        .order_by_desc(district_policy::Column::Version)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let settings = serde_json::from_str(&row.settings)
        .map_err(|e| DomainError::Internal(format!("stored policy {} unreadable: {e}", row.id)))?;
    Ok((row.version, settings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_has_a_valid_preset() {
        for seed in ["000", "001", "002", "003", "004"] {
            let p = preset(seed).expect("preset");
            p.validate().expect("valid");
            let json = serde_json::to_string(&p).expect("json");
            assert_eq!(serde_json::from_str::<PolicySettings>(&json).expect("back"), p);
        }
        assert!(preset("999").is_none());
    }

    #[test]
    fn seeds_differ_where_the_documents_differ() {
        let p = |s| preset(s).expect("preset");
        assert_eq!(p("000").funding.subsidy_fen_per_student_day, Some(200));
        assert_eq!(p("002").funding.fee_cap_fen_per_month, Some(10_000));
        assert_eq!(p("003").funding.fee_cap_fen_per_month, Some(8_000));
        assert_eq!(p("003").service_time.earliest_end_summer, time(18, 30));
        assert_eq!(p("004").review_chain.len(), 3);
        assert_eq!(p("004").min_bidders, 3);
        assert_eq!(p("000").staff_pay_min_percent, 90);
        assert_eq!(p("002").staff_pay_min_percent, 80);
    }

    #[test]
    fn an_empty_review_chain_is_refused() {
        let mut p = preset("000").expect("preset");
        p.review_chain.clear();
        assert!(matches!(p.validate(), Err(DomainError::Invalid { field: "review_chain", .. })));
    }
}
