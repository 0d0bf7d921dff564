//! The bureau's supervision (B1–B5, B7): statistics per school, grade and
//! month, the district map, compliance and procurement flags with their
//! evidence and rule, and the schools' monthly and annual reports.
use crate::ids::{CityId, DistrictId, SchoolId};
use crate::org::SchoolKind;
use crate::plan::ActivityKind;
use crate::text_enum::text_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A school's (or a grade's, or a district's) figures for a period. Sums
/// add up: a district's figures are the sum of its schools'.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub students: i64,
    pub enrolled: i64,
    /// Enrolled children of a priority group.
    pub priority: i64,
    /// Enrolled children whose fee is waived.
    pub waived: i64,
    pub present: i64,
    pub absent: i64,
    pub child_days: i64,
    pub staff: i64,
    pub outside_staff: i64,
    pub vendors: i64,
    pub incidents: i64,
    pub charged_fen: i64,
    pub paid_fen: i64,
    /// The government subsidy owed for the child-days, at the district's rate.
    pub subsidy_fen: i64,
    pub survey_sum: i64,
    pub survey_n: i64,
}

impl Figures {
    pub fn add(&mut self, o: &Figures) {
        self.students += o.students;
        self.enrolled += o.enrolled;
        self.priority += o.priority;
        self.waived += o.waived;
        self.present += o.present;
        self.absent += o.absent;
        self.child_days += o.child_days;
        self.staff += o.staff;
        self.outside_staff += o.outside_staff;
        self.vendors += o.vendors;
        self.incidents += o.incidents;
        self.charged_fen += o.charged_fen;
        self.paid_fen += o.paid_fen;
        self.subsidy_fen += o.subsidy_fen;
        self.survey_sum += o.survey_sum;
        self.survey_n += o.survey_n;
    }

    /// Per mille, rounded down; `None` when there is nothing to divide by.
    fn permille(part: i64, whole: i64) -> Option<i64> {
        (whole > 0).then(|| part * 1000 / whole)
    }
    pub fn participation_permille(&self) -> Option<i64> {
        Self::permille(self.enrolled, self.students)
    }
    pub fn attendance_permille(&self) -> Option<i64> {
        Self::permille(self.present, self.present + self.absent)
    }
    pub fn priority_permille(&self) -> Option<i64> {
        Self::permille(self.priority, self.enrolled)
    }
    pub fn waived_permille(&self) -> Option<i64> {
        Self::permille(self.waived, self.enrolled)
    }
    /// Average satisfaction in tenths of a point (1–5 scale): 42 = 4.2.
    pub fn satisfaction_tenths(&self) -> Option<i64> {
        (self.survey_n > 0).then(|| self.survey_sum * 10 / self.survey_n)
    }
}

/// What the map colours the schools by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    Flags,
    Participation,
    Enrolled,
    Priority,
    Waived,
    Attendance,
    Staff,
    Incidents,
    Fees,
    Subsidy,
    Satisfaction,
}
text_enum!(Statistic {
    Flags = "flags",
    Participation = "participation",
    Enrolled = "enrolled",
    Priority = "priority",
    Waived = "waived",
    Attendance = "attendance",
    Staff = "staff",
    Incidents = "incidents",
    Fees = "fees",
    Subsidy = "subsidy",
    Satisfaction = "satisfaction",
});

/// How a statistic's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    Permille,
    Fen,
    Tenths,
}

impl Statistic {
    pub fn unit(self) -> Unit {
        match self {
            Statistic::Participation | Statistic::Priority | Statistic::Waived | Statistic::Attendance => Unit::Permille,
            Statistic::Fees | Statistic::Subsidy => Unit::Fen,
            Statistic::Satisfaction => Unit::Tenths,
            _ => Unit::Count,
        }
    }

    /// The statistic's value for a school (with its number of flags).
    pub fn value(self, f: &Figures, flags: usize) -> Option<i64> {
        match self {
            Statistic::Flags => Some(flags as i64),
            Statistic::Participation => f.participation_permille(),
            Statistic::Enrolled => Some(f.enrolled),
            Statistic::Priority => f.priority_permille(),
            Statistic::Waived => f.waived_permille(),
            Statistic::Attendance => f.attendance_permille(),
            Statistic::Staff => Some(f.staff),
            Statistic::Incidents => Some(f.incidents),
            Statistic::Fees => Some(f.charged_fen),
            Statistic::Subsidy => Some(f.subsidy_fen),
            Statistic::Satisfaction => f.satisfaction_tenths(),
        }
    }

    /// Whether more is worse (so the darkest colour is the most alarming).
    pub fn more_is_worse(self) -> bool {
        matches!(self, Statistic::Flags | Statistic::Incidents)
    }
}

/// A compliance or procurement rule the bureau watches (B3, V-rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    FeeAboveCap,
    ServiceEndsOutsideWindow,
    ForbiddenActivity,
    OutsideInterestClass,
    InsuranceMissing,
    StaffPayShareLow,
    UnvettedStaffOnDuty,
    OutsideStaffShare,
    VendorNotApproved,
    VendorBlacklisted,
    DisclosureOverdue,
    MonthlyReportOverdue,
    AnnualReportOverdue,
    IncidentReportOverdue,
    IncidentOpen,
    FindingOverdue,
    NoDutyLeader,
    FewBidders,
    PriceFarFromOthers,
    PriceFarFromEstimate,
    SameVendorWins,
    ShortBidWindow,
    ComplaintUpheld,
}
text_enum!(Rule {
    FeeAboveCap = "fee_above_cap",
    ServiceEndsOutsideWindow = "service_ends_outside_window",
    ForbiddenActivity = "forbidden_activity",
    OutsideInterestClass = "outside_interest_class",
    InsuranceMissing = "insurance_missing",
    StaffPayShareLow = "staff_pay_share_low",
    UnvettedStaffOnDuty = "unvetted_staff_on_duty",
    OutsideStaffShare = "outside_staff_share",
    VendorNotApproved = "vendor_not_approved",
    VendorBlacklisted = "vendor_blacklisted",
    DisclosureOverdue = "disclosure_overdue",
    MonthlyReportOverdue = "monthly_report_overdue",
    AnnualReportOverdue = "annual_report_overdue",
    IncidentReportOverdue = "incident_report_overdue",
    IncidentOpen = "incident_open",
    FindingOverdue = "finding_overdue",
    NoDutyLeader = "no_duty_leader",
    FewBidders = "few_bidders",
    PriceFarFromOthers = "price_far_from_others",
    PriceFarFromEstimate = "price_far_from_estimate",
    SameVendorWins = "same_vendor_wins",
    ShortBidWindow = "short_bid_window",
    ComplaintUpheld = "complaint_upheld",
});

impl Rule {
    /// Procurement red flags: signs to look into, not breaches by themselves.
    pub fn is_procurement(self) -> bool {
        matches!(self, Rule::FewBidders | Rule::PriceFarFromOthers | Rule::PriceFarFromEstimate | Rule::SameVendorWins | Rule::ShortBidWindow | Rule::ComplaintUpheld)
    }

    /// The clause of the district's seed the rule comes from (`seed` like
    /// `002`), or every seed's when none names it.
    pub fn clause_for(self, seed: Option<&str>) -> String {
        let all = self.clause();
        let tag = seed.map(|s| format!("[{s}"));
        let mine: Vec<&str> = all.split(" · ").filter(|part| tag.as_ref().is_some_and(|t| part.contains(t.as_str()))).collect();
        if mine.is_empty() { all.to_string() } else { mine.join(" · ") }
    }

    /// The seed clauses the rule comes from, quoted in the original.
    pub fn clause(self) -> &'static str {
        match self {
            Rule::FeeAboveCap => "[000] 小学生课后免费托管服务 · [002] 按每生每月不高于100元的标准收取费用 · [003] 每生每月最高不超过80元 · [004] 不得擅自提高收费标准",
            Rule::ServiceEndsOutsideWindow => "[000] 放学后约90分钟 · [002] 每课时40分钟，1—2课时 · [003] 夏季不早于18:30、冬季不早于18:00，放学后2小时内 · [004] 至18:00",
            Rule::ForbiddenActivity => "不得上新课、集体补课、考试 [000][001][002][003][004]",
            Rule::OutsideInterestClass => "[003] 不得由社会机构进校举办“特色班”“兴趣班”“培优班”",
            Rule::InsuranceMissing => "[003] 学生意外伤害保险",
            Rule::StaffPayShareLow => "[000] 90%用于托管教师、管理人员绩效工资发放 · [002] 绩效工资总额不低于服务性收费和财政补贴总额的80%",
            Rule::UnvettedStaffOnDuty => "[001][003] 参与课后服务人员须经审核，无不良记录",
            Rule::OutsideStaffShare => "[000] 严禁将课后托管全盘委托给社会机构 · [002] 以在岗教师、职工为主 · [003] 以学校在职教职工为主",
            Rule::VendorNotApproved => "[000] 区教育局审批 · [002] 准入审核 · [004] 遴选",
            Rule::VendorBlacklisted => "[004] 列入黑名单，6年内不得参与全市课后服务",
            Rule::DisclosureOverdue => "[001][002] 费用支出情况要定期公开公示",
            Rule::MonthlyReportOverdue => "[000] 建立“月报告”制度，及时将工作进展及发现的问题形成材料",
            Rule::AnnualReportOverdue => "[001] 形成绩效报告，于每年12月报教育行政部门备案 · [002] 每年2月之前报上年度开展情况",
            Rule::IncidentReportOverdue => "[000 附件2 §16、§22] 事故经过、原因分析、处理结果及反思教训和今后工作的改进措施",
            Rule::IncidentOpen => "[000 附件2 §16] 安全事故及时报告、处理",
            Rule::FindingOverdue => "[000 附件2 §15、§23] 安全检查发现问题限期整改",
            Rule::NoDutyLeader => "[000 附件2 §7][004] 每个服务日有校领导值班",
            Rule::FewBidders => "[004] 每校不少于3家机构参与遴选",
            Rule::PriceFarFromOthers | Rule::PriceFarFromEstimate => "[004] 询价遴选，价格合理",
            Rule::SameVendorWins => "[004] 公开遴选，择优选用",
            Rule::ShortBidWindow => "[004] 公开遴选，留足报名时间",
            Rule::ComplaintUpheld => "[004] 遴选结果公示，接受监督",
        }
    }
}

/// What a flag points at, in figures a reader can check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Evidence {
    /// A plan's fee against the cap in force.
    Fee { plan: String, fee_fen: i64, cap_fen: i64 },
    /// A plan's or a session's end against the window.
    EndTime { plan: String, limit: String },
    /// A plan or timetable names an activity it may not.
    Activity { plan: String, activity: ActivityKind },
    /// The named plan lacks what the rule asks for.
    Plan { plan: String },
    /// A month's disclosure: staff pay share in per mille against the minimum.
    PayShare { month: String, permille: i64, min_percent: u8 },
    /// A person on the timetable without a valid check.
    Person { plan: String, person: String },
    /// Outside staff's share of the hours.
    Share { plan: String, percent: u32, below: u8 },
    /// A vendor under contract.
    Vendor { vendor: String, contract_ends: NaiveDate },
    /// A period's report or disclosure, due on a day.
    Due { period: String, due: NaiveDate },
    /// An incident and, when one is owed, the report's due day.
    Incident { summary: String, due: Option<NaiveDate> },
    /// An inspection finding past its deadline.
    Finding { description: String, due: NaiveDate },
    /// Service days without a leader on duty.
    Days { days: Vec<NaiveDate> },
    /// A tender: its figures for the red flag.
    Tender { title: String, detail: TenderDetail },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TenderDetail {
    Bidders { qualified: u32, usual: u32 },
    Price { winning_fen: i64, compared_fen: i64, percent_off: i64 },
    Wins { vendor: String, won: u32, of: u32 },
    Window { days: i64, min_days: u8 },
    Complaints { upheld: u32 },
}

/// One flag on one school.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub school: SchoolId,
    pub school_name: String,
    pub rule: Rule,
    /// The rule's clause in the district's seed.
    pub clause: String,
    pub evidence: Evidence,
    /// The page that shows the evidence.
    pub link: String,
}

/// A school on the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolRow {
    pub id: SchoolId,
    pub name: String,
    pub kind: SchoolKind,
    pub figures: Figures,
    pub flags: usize,
    /// Where the map draws it, in the map's coordinates.
    pub dot: Option<(f64, f64)>,
}

/// The district's outline, drawn in SVG user units (north up).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapShape {
    pub width: f64,
    pub height: f64,
    /// SVG path data of the boundary.
    pub outline: String,
}

/// The bureau's dashboard of a district for a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub district: DistrictId,
    pub name: String,
    pub month: String,
    /// Months with figures, newest first, for the month picker.
    pub months: Vec<String>,
    pub total: Figures,
    pub schools_offering: usize,
    pub schools: Vec<SchoolRow>,
    /// Per grade level (1–6…) for the month.
    pub grades: Vec<(i32, Figures)>,
    /// The last twelve months' district figures, oldest first.
    pub trend: Vec<(String, Figures)>,
    pub map: Option<MapShape>,
    pub flags: Vec<Flag>,
    /// Whether the reader may inspect and review reports (a district official).
    pub may_supervise: bool,
}

/// One school's drill-down: its figures by month and grade, its flags.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolDrill {
    pub district: DistrictId,
    pub school: SchoolId,
    pub name: String,
    pub month: String,
    pub figures: Figures,
    pub grades: Vec<(i32, Figures)>,
    pub trend: Vec<(String, Figures)>,
    pub flags: Vec<Flag>,
    pub reports: Vec<Report>,
    /// The school's and the bureau's inspections, scheduled ones first.
    pub inspections: Vec<crate::records::Inspection>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Submitted,
    Returned,
    Accepted,
}
text_enum!(ReportStatus { Submitted = "submitted", Returned = "returned", Accepted = "accepted" });

/// A school's report for a month (`YYYY-MM`) or a year (`YYYY`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: i64,
    pub school: SchoolId,
    pub school_name: String,
    pub period: String,
    pub figures: Figures,
    pub narrative: String,
    pub status: ReportStatus,
    pub submitted_at: String,
    pub review_note: String,
    /// Inspections of the period (annual reports): done, findings, still open.
    pub inspections: Option<(u32, u32, u32)>,
}

/// A report a school owes, or has sent back to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDue {
    pub period: String,
    pub due: NaiveDate,
    pub overdue: bool,
    pub figures: Figures,
    pub returned: Option<Report>,
}

/// The school's reports page: what is owed, what was sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolReports {
    pub school: SchoolId,
    pub school_name: String,
    pub owed: Vec<ReportDue>,
    pub sent: Vec<Report>,
}

/// The districts of a city side by side, for its city official.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CityView {
    pub city: CityId,
    pub name: String,
    pub month: String,
    pub districts: Vec<(DistrictId, String, Figures, usize, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_is_the_districts_seed_or_every_seed() {
        assert_eq!(Rule::FeeAboveCap.clause_for(Some("002")), "[002] 按每生每月不高于100元的标准收取费用");
        assert_eq!(Rule::IncidentOpen.clause_for(Some("000")), Rule::IncidentOpen.clause());
        assert_eq!(Rule::FeeAboveCap.clause_for(None), Rule::FeeAboveCap.clause());
        assert_eq!(Rule::FewBidders.clause_for(Some("001")), Rule::FewBidders.clause());
        for r in Rule::ALL {
            assert!(!r.clause().is_empty());
        }
    }
}
