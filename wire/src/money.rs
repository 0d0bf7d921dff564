//! Money (M1–M6, P3, P7): fee schedules, each school's ring-fenced ledger,
//! refunds, settlement, disclosure and the government subsidy, as pages
//! show them. Amounts are integer fen (分); people type and read yuan.
use crate::ids::{ApplicationId, ClaimId, FeeScheduleId, PlanId, PostingId, SchoolId, StudentId};
use crate::plan::{BillingPeriod, ServiceType};
use crate::text_enum::text_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Yuan as typed ("80", "80.5") to fen; `None` if it is not an amount.
pub fn fen(yuan: &str) -> Option<i64> {
    let (whole, part) = yuan.trim().split_once('.').unwrap_or((yuan.trim(), ""));
    if part.len() > 2 || whole.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cents: i64 = format!("{part:0<2}").parse().ok()?;
    whole.parse::<u32>().ok().map(i64::from)?.checked_mul(100)?.checked_add(cents)
}

/// Fen as yuan with two decimals: `4782` → `47.82`, `-50` → `-0.50`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The accounts of one school's service money (专款专用): nothing outside
/// them can be booked, and none of them takes a management fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Account {
    /// The service's own bank account (专户).
    Bank,
    /// What families owe, per child.
    Receivable,
    /// Refunds owed to families and not yet paid out, per child.
    RefundsPayable,
    FeeIncome,
    /// Fees waived for registered low-income households.
    Waivers,
    /// Fees given back for service days not delivered after a withdrawal.
    Refunds,
    /// The term's surplus given back at settlement.
    SurplusRefunds,
    SubsidyCity,
    SubsidyDistrict,
    /// Gifts for the service (社会赞助 [002]).
    Sponsorship,
    /// Pay of the school's own teachers and workers.
    PayOwnStaff,
    /// Pay of outside people and institutions: volunteers' allowances,
    /// vendors' staff, purchased services.
    PayExternal,
    Materials,
    Maintenance,
    Training,
    /// Anything else for the service, with its purpose stated.
    Other,
}
text_enum!(Account {
    Bank = "bank",
    Receivable = "receivable",
    RefundsPayable = "refunds_payable",
    FeeIncome = "fee_income",
    Waivers = "waivers",
    Refunds = "refunds",
    SurplusRefunds = "surplus_refunds",
    SubsidyCity = "subsidy_city",
    SubsidyDistrict = "subsidy_district",
    Sponsorship = "sponsorship",
    PayOwnStaff = "pay_own_staff",
    PayExternal = "pay_external",
    Materials = "materials",
    Maintenance = "maintenance",
    Training = "training",
    Other = "other",
});

impl Account {
    pub const INCOME: [Account; 4] = [Account::FeeIncome, Account::SubsidyCity, Account::SubsidyDistrict, Account::Sponsorship];
    /// What reduces fee income.
    pub const GIVEN_BACK: [Account; 3] = [Account::Waivers, Account::Refunds, Account::SurplusRefunds];
    pub const SPENDING: [Account; 6] = [Account::PayOwnStaff, Account::PayExternal, Account::Materials, Account::Maintenance, Account::Training, Account::Other];

    pub fn is_staff_pay(self) -> bool {
        matches!(self, Account::PayOwnStaff | Account::PayExternal)
    }

    /// Income and what is owed to others grow by credits: people read their
    /// balance with the sign turned.
    pub fn credit_normal(self) -> bool {
        matches!(self, Account::RefundsPayable | Account::FeeIncome | Account::SubsidyCity | Account::SubsidyDistrict | Account::Sponsorship)
    }
}

/// What a posting is: each kind moves money between two fixed accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostingKind {
    Charge,
    Waiver,
    Payment,
    /// Part of a charge given back after a withdrawal.
    Refund,
    /// A child's credit becomes a refund owed to the family.
    RefundDue,
    /// The school paid a refund out.
    RefundPaid,
    SurplusRefund,
    SubsidyCity,
    SubsidyDistrict,
    Sponsorship,
    PayOwnStaff,
    PayExternal,
    Materials,
    Maintenance,
    Training,
    Other,
    /// Undoes an earlier posting: its accounts swapped.
    Reversal,
}
text_enum!(PostingKind {
    Charge = "charge",
    Waiver = "waiver",
    Payment = "payment",
    Refund = "refund",
    RefundDue = "refund_due",
    RefundPaid = "refund_paid",
    SurplusRefund = "surplus_refund",
    SubsidyCity = "subsidy_city",
    SubsidyDistrict = "subsidy_district",
    Sponsorship = "sponsorship",
    PayOwnStaff = "pay_own_staff",
    PayExternal = "pay_external",
    Materials = "materials",
    Maintenance = "maintenance",
    Training = "training",
    Other = "other",
    Reversal = "reversal",
});

/// Money the school or the committee's treasurer books by hand, other than
/// a family's payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManualKind {
    SubsidyCity,
    SubsidyDistrict,
    Sponsorship,
    PayOwnStaff,
    PayExternal,
    Materials,
    Maintenance,
    Training,
    Other,
}
text_enum!(ManualKind {
    SubsidyCity = "subsidy_city",
    SubsidyDistrict = "subsidy_district",
    Sponsorship = "sponsorship",
    PayOwnStaff = "pay_own_staff",
    PayExternal = "pay_external",
    Materials = "materials",
    Maintenance = "maintenance",
    Training = "training",
    Other = "other",
});

impl ManualKind {
    pub fn posting(self) -> PostingKind {
        match self {
            ManualKind::SubsidyCity => PostingKind::SubsidyCity,
            ManualKind::SubsidyDistrict => PostingKind::SubsidyDistrict,
            ManualKind::Sponsorship => PostingKind::Sponsorship,
            ManualKind::PayOwnStaff => PostingKind::PayOwnStaff,
            ManualKind::PayExternal => PostingKind::PayExternal,
            ManualKind::Materials => PostingKind::Materials,
            ManualKind::Maintenance => PostingKind::Maintenance,
            ManualKind::Training => PostingKind::Training,
            ManualKind::Other => PostingKind::Other,
        }
    }
}

/// A status a guardian declares and the school confirms from proof (P3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    LeftBehind,
    MigrantWorker,
    Disabled,
    LowIncome,
    /// A registered low-income household (建档立卡贫困家庭): served free.
    Waiver,
}
text_enum!(ClaimKind { LeftBehind = "left_behind", MigrantWorker = "migrant_worker", Disabled = "disabled", LowIncome = "low_income", Waiver = "waiver" });

/// Who reviews the proof of a claim, in order, by district policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofStep {
    /// The school's family committee.
    FamilyCommittee,
    School,
}
text_enum!(ProofStep { FamilyCommittee = "family_committee", School = "school" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Declared; no proof yet.
    Declared,
    Waiting,
    Approved,
    Rejected,
}
text_enum!(ClaimStatus { Declared = "declared", Waiting = "waiting", Approved = "approved", Rejected = "rejected" });

/// The largest proof accepted: a photo the phone scaled, or a PDF.
pub const MAX_PROOF_JPEG_BYTES: usize = 400 * 1024;
pub const MAX_PROOF_PDF_BYTES: usize = 1024 * 1024;
/// The longer side of a proof photo after the phone scales it: a
/// certificate stays legible.
pub const PROOF_SIDE: u32 = 1400;

/// One declared status of an application, as its guardian and its
/// reviewers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: Option<ClaimId>,
    pub application: ApplicationId,
    pub kind: ClaimKind,
    pub status: ClaimStatus,
    /// The step the claim waits for.
    pub waiting_for: Option<ProofStep>,
    pub reason: Option<String>,
    /// Whether proof is on file (it is removed after the term).
    pub has_proof: bool,
    pub proof_pdf: bool,
    pub removed_after_term: bool,
}

/// A guardian's claims on one application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsPage {
    pub application: ApplicationId,
    pub student_name: String,
    pub plan_title: String,
    /// Empty: the district counts declarations without proof.
    pub review: Vec<ProofStep>,
    pub claims: Vec<Claim>,
    /// The proof is removed after this day (the term's last).
    pub purge_after: NaiveDate,
}

/// A claim waiting for a reviewer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimToReview {
    pub claim: Claim,
    pub student_name: String,
    pub class_name: String,
    pub plan_title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimQueue {
    pub school: SchoolId,
    pub school_name: String,
    pub waiting: Vec<ClaimToReview>,
}

/// One service's fee in a schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeItem {
    pub service: ServiceType,
    pub fen_per_month: i64,
    /// Minutes a day the service runs: a fee for a shorter or other service
    /// is capped in proportion [003].
    pub minutes_per_day: u16,
}

/// One service's fee as typed in the form: yuan a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeItemInput {
    pub service: ServiceType,
    pub yuan_per_month: String,
    pub minutes_per_day: u16,
}

/// A new fee schedule for a plan, from a date, as the form sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFeeSchedule {
    pub effective_from: NaiveDate,
    pub items: Vec<FeeItemInput>,
    pub billing_period: BillingPeriod,
    #[serde(default)]
    pub filing_number: String,
    /// `YYYY-MM-DD`, or empty.
    #[serde(default)]
    pub filing_date: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleStatus {
    /// Waits for the family committee's consent or the authorities' approval.
    Pending,
    InForce,
    Refused,
}
text_enum!(ScheduleStatus { Pending = "pending", InForce = "in_force", Refused = "refused" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeScheduleView {
    /// `None`: the fee the plan was published with.
    pub id: Option<FeeScheduleId>,
    pub version: i32,
    pub effective_from: NaiveDate,
    pub items: Vec<FeeItem>,
    pub billing_period: BillingPeriod,
    pub filing_number: String,
    pub filing_date: Option<NaiveDate>,
    pub status: ScheduleStatus,
    pub needs_consent: bool,
    pub consented_by: Option<String>,
    pub needs_approval: bool,
    pub approved_by: Option<String>,
    pub note: String,
}

/// A plan's fees: the version in force and every change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFees {
    pub plan: PlanId,
    pub plan_title: String,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub services: Vec<ServiceType>,
    pub cap_fen: Option<i64>,
    pub cap_basis_minutes: Option<u16>,
    pub versions: Vec<FeeScheduleView>,
}

/// One posting of the ledger as the school reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingView {
    pub id: PostingId,
    pub on_date: NaiveDate,
    pub kind: PostingKind,
    pub debit: Account,
    pub credit: Account,
    pub amount_fen: i64,
    pub student: Option<StudentId>,
    pub student_name: Option<String>,
    pub memo: String,
    pub reference: Option<String>,
    pub reverses: Option<PostingId>,
    pub reversed: bool,
    /// Booked by a person and not yet reversed: a money keeper may reverse it.
    pub may_reverse: bool,
    pub by: String,
}

/// A school's money desk for a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyDesk {
    pub school: SchoolId,
    pub school_name: String,
    pub month: NaiveDate,
    pub may_manage: bool,
    /// Each account's balance now (debit positive).
    pub balances: Vec<(Account, i64)>,
    pub plans: Vec<PlanFees>,
    pub refunds_due: Vec<RefundDue>,
    /// The month's latest postings (at most `DESK_POSTINGS`; the
    /// spreadsheet has them all), and how many there are.
    pub postings: Vec<PostingView>,
    pub postings_in_month: u64,
    pub claims_waiting: u32,
    pub pay_rates: PayRates,
    /// Months with money booked and no disclosure yet, with their due date.
    pub disclosures_due: Vec<(String, NaiveDate, bool)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundDue {
    pub student: StudentId,
    pub student_name: String,
    pub amount_fen: i64,
}

/// A family's payment, booked by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPayment {
    pub student_no: String,
    /// Yuan, as typed.
    pub amount: String,
    pub on_date: NaiveDate,
    #[serde(default)]
    pub reference: String,
}

/// Money booked by hand: a receipt or a spending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBooking {
    pub kind: ManualKind,
    /// Yuan, as typed.
    pub amount: String,
    pub on_date: NaiveDate,
    /// What it was for (required for `Other`, shown in the disclosure).
    #[serde(default)]
    pub memo: String,
    #[serde(default)]
    pub reference: String,
}

/// One row of a bank statement, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRow {
    pub line: u32,
    pub on_date: Option<NaiveDate>,
    pub amount_fen: i64,
    pub transaction: String,
    pub memo: String,
    /// The child the memo names.
    pub student: Option<StudentId>,
    pub student_name: String,
    /// Booked by an earlier import.
    pub already: bool,
}

/// A bank statement checked row by row: imported only when no row is wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementPreview {
    pub rows: Vec<StatementRow>,
    pub errors: Vec<crate::roster::RowError>,
    pub total_fen: i64,
    pub new_rows: u32,
    pub imported: bool,
}

/// The largest bank statement accepted.
pub const MAX_STATEMENT_BYTES: usize = 1024 * 1024;

/// One charge of a child and what a withdrawal gives back of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundLine {
    /// `YYYY-MM`, or `term`.
    pub period: String,
    pub covers_from: NaiveDate,
    pub covers_to: NaiveDate,
    /// Service days charged.
    pub days: i32,
    /// Of them, on or after the withdrawal.
    pub undelivered: i32,
    /// What the charge comes to after waivers and earlier refunds.
    pub net_fen: i64,
    pub refund_fen: i64,
}

/// What withdrawing a child from a date gives back, shown before the
/// guardian confirms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundPreview {
    pub application: ApplicationId,
    pub student_name: String,
    pub plan_title: String,
    pub from: NaiveDate,
    pub lines: Vec<RefundLine>,
    pub refund_fen: i64,
    pub owed_before_fen: i64,
    /// What the family gets back in money: the credit the refund leaves.
    pub paid_back_fen: i64,
    pub owed_after_fen: i64,
}

/// The most postings the desk lists.
pub const DESK_POSTINGS: u64 = 200;

/// Whether a charge line is a month or the whole term.
pub const TERM_PERIOD: &str = "term";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeLine {
    pub plan_title: String,
    pub period: String,
    pub covers_from: NaiveDate,
    pub covers_to: NaiveDate,
    pub days: i32,
    pub amount_fen: i64,
    pub waived_fen: i64,
    pub refunded_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    pub on_date: NaiveDate,
    pub kind: PostingKind,
    pub amount_fen: i64,
    pub reference: Option<String>,
}

/// A child's money, for the guardian (P7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildMoney {
    pub student: StudentId,
    pub student_name: String,
    pub school: SchoolId,
    pub school_name: String,
    /// What to write on a bank transfer so it finds the child.
    pub payment_reference: String,
    pub charged_fen: i64,
    pub waived_fen: i64,
    pub refunded_fen: i64,
    pub paid_fen: i64,
    /// Owed now (negative: the family is in credit).
    pub owed_fen: i64,
    pub refund_due_fen: i64,
    pub refund_paid_fen: i64,
    pub charges: Vec<ChargeLine>,
    pub payments: Vec<PaymentLine>,
    pub statements: Vec<FamilyStatement>,
    /// The school's latest published monthly disclosure, `YYYY-MM`.
    pub latest_disclosure: Option<String>,
}

/// A month's income and spending at a school (M4, M5).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    pub fees_charged_fen: i64,
    pub waived_fen: i64,
    pub refunded_fen: i64,
    pub surplus_refunded_fen: i64,
    pub fees_net_fen: i64,
    pub fees_received_fen: i64,
    pub subsidy_city_fen: i64,
    pub subsidy_district_fen: i64,
    pub sponsorship_fen: i64,
    pub income_fen: i64,
    /// Spending per account (the `SPENDING` accounts).
    pub spending: Vec<(Account, i64)>,
    pub spending_fen: i64,
    /// The stated purposes of "other" spending, each with its amount.
    pub other_purposes: Vec<(String, i64)>,
    pub staff_pay_fen: i64,
    /// Staff pay against income or spending (the district's basis), in
    /// tenths of a percent; `None` when there is nothing to measure against.
    pub staff_share_permille: Option<i64>,
    pub staff_min_percent: u8,
    pub staff_share_on_income: bool,
    pub below_minimum: bool,
    /// The service account's balance at the month's end.
    pub bank_balance_fen: i64,
    pub children_charged: u32,
    pub children_waived: u32,
    /// Postings of earlier months undone this month: a month once published
    /// takes no more money, so its mistakes are corrected here, openly.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// A reversal booked in a month of a posting dated in an earlier one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// `YYYY-MM`: the month of the posting undone.
    pub of_month: String,
    pub kind: PostingKind,
    pub amount_fen: i64,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub school: SchoolId,
    pub school_name: String,
    pub figures: MonthFigures,
    /// RFC 3339; `None`: a draft only the school's money keepers see.
    pub published_at: Option<String>,
    pub due: NaiveDate,
    pub overdue: bool,
    pub may_publish: bool,
}

/// One school's semester settlement (结算): cost against what came in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub plan: PlanId,
    pub plan_title: String,
    pub school_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub income_fen: i64,
    pub spending_fen: i64,
    /// Income less spending; negative is a deficit.
    pub surplus_fen: i64,
    /// Whether the district's policy refunds a surplus to families [001].
    pub refunded: bool,
    pub statements: Vec<FamilyStatement>,
    /// RFC 3339 once confirmed.
    pub confirmed_at: Option<String>,
    pub may_confirm: bool,
}

/// A family's statement for a term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyStatement {
    pub plan: PlanId,
    pub plan_title: String,
    pub student: StudentId,
    pub student_name: String,
    pub charged_fen: i64,
    pub waived_fen: i64,
    pub refunded_fen: i64,
    pub surplus_share_fen: i64,
    pub paid_fen: i64,
    pub balance_fen: i64,
}

/// A school's hourly rates for staff pay, per kind of staff, in fen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayRates {
    pub teacher: i64,
    pub worker: i64,
    pub volunteer: i64,
    pub vendor_staff: i64,
}

/// One person's pay for a month's served hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayLine {
    pub staff: crate::ids::StaffId,
    pub name: String,
    pub kind: crate::operations::StaffKind,
    pub minutes: u32,
    pub rate_fen: i64,
    pub amount_fen: i64,
    pub booked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayRun {
    pub school: SchoolId,
    pub month: NaiveDate,
    pub lines: Vec<PayLine>,
    pub total_fen: i64,
}

/// A month's billing run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Billing {
    pub charged: u32,
    pub waived: u32,
    pub total_fen: i64,
    /// Children already charged for the period.
    pub already: u32,
}

/// The subsidy a school is owed from its children's actual days (M6), and
/// what came in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolSubsidy {
    pub school: SchoolId,
    pub school_name: String,
    pub kind: crate::org::SchoolKind,
    pub child_days: i64,
    pub entitled_fen: i64,
    pub city_fen: i64,
    pub district_fen: i64,
    pub received_city_fen: i64,
    pub received_district_fen: i64,
    /// Entitled less received: what the city and district still owe.
    pub outstanding_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubsidyReport {
    pub district_name: String,
    pub year: i32,
    pub rate_fen: Option<i64>,
    pub schools: Vec<SchoolSubsidy>,
    pub child_days: i64,
    pub entitled_fen: i64,
    pub city_fen: i64,
    pub district_fen: i64,
    pub received_fen: i64,
    pub outstanding_fen: i64,
    /// Fee changes waiting for the bureau's approval.
    pub fee_approvals: Vec<FeeApproval>,
    /// Disclosures past their date: school, month, due.
    pub overdue_disclosures: Vec<(SchoolId, String, String, NaiveDate)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeApproval {
    pub schedule: FeeScheduleId,
    pub school_name: String,
    pub plan_title: String,
    pub from: NaiveDate,
    pub items: Vec<FeeItem>,
    pub before: Vec<FeeItem>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn yuan_amounts_become_fen_or_nothing() {
        assert_eq!(super::fen("80"), Some(8_000));
        assert_eq!(super::fen(" 80.5 "), Some(8_050));
        assert_eq!(super::fen("0.05"), Some(5));
        assert_eq!(super::fen("80.555"), None);
        assert_eq!(super::fen("-5"), None);
        assert_eq!(super::fen("1.-5"), None);
        assert_eq!(super::fen("abc"), None);
        assert_eq!(super::fen(""), None);
    }

    #[test]
    fn fen_read_as_yuan() {
        assert_eq!(super::yuan(4782), "47.82");
        assert_eq!(super::yuan(10_000), "100.00");
        assert_eq!(super::yuan(-50), "-0.50");
        assert_eq!(super::yuan(0), "0.00");
    }
}
