//! The tender board (V1–V8, P10): vendors, tenders, sealed bids and their
//! receipts, the opening, scores, the award, contracts, satisfaction and the
//! blacklist.
use crate::ids::{AccountId, AwardId, BarId, BidId, CityId, ComplaintId, ContractId, DistrictId, SchoolId, TenderId, VendorDocumentId, VendorEntryId, VendorId};
use crate::text_enum::text_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Documents (PDF) a bid may carry, and how large each may be: together
/// within the server's request limit (3 MB).
pub const MAX_BID_FILES: usize = 2;
pub const MAX_BID_FILE_BYTES: usize = 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VendorKind {
    /// An after-school institution (第三方机构).
    AfterSchool,
    /// A lunch caterer (供餐企业).
    Catering,
}
text_enum!(VendorKind { AfterSchool = "after_school", Catering = "catering" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 营业执照: every vendor.
    BusinessLicence,
    /// 办学许可证 of an after-school institution.
    SchoolPermit,
    /// 食品经营许可证: a meal vendor cannot bid without it.
    CateringLicence,
}
text_enum!(DocumentKind { BusinessLicence = "business_licence", SchoolPermit = "school_permit", CateringLicence = "catering_licence" });

impl DocumentKind {
    /// What a vendor must hold, valid, to bid for a service.
    pub fn required_for(service: TenderService) -> &'static [DocumentKind] {
        match service {
            TenderService::AfterSchool => &[DocumentKind::BusinessLicence],
            TenderService::LunchMeal => &[DocumentKind::BusinessLicence, DocumentKind::CateringLicence],
        }
    }
}

/// What a tender buys [004].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenderService {
    AfterSchool,
    LunchMeal,
}
text_enum!(TenderService { AfterSchool = "after_school", LunchMeal = "lunch_meal" });

impl TenderService {
    /// After-school service is priced per child-month, meals per meal.
    pub fn price_unit(self) -> PriceUnit {
        match self {
            TenderService::AfterSchool => PriceUnit::ChildMonth,
            TenderService::LunchMeal => PriceUnit::Meal,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceUnit {
    ChildMonth,
    Meal,
}
text_enum!(PriceUnit { ChildMonth = "child_month", Meal = "meal" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenderStatus {
    /// Taking bids until the deadline; sealed until the opening.
    Open,
    /// Opened: the price-inquiry panel scores.
    Evaluating,
    /// Fewer qualified bids than the district's minimum: no award [004].
    Unsuccessful,
    /// An award is in its standstill or approvals.
    Awarding,
    /// The award is approved; a contract follows.
    Awarded,
    Contracted,
}
text_enum!(TenderStatus {
    Open = "open",
    Evaluating = "evaluating",
    Unsuccessful = "unsuccessful",
    Awarding = "awarding",
    Awarded = "awarded",
    Contracted = "contracted",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardStatus {
    /// Bidders may complain until the standstill ends.
    Standstill,
    Approving,
    Approved,
    Rejected,
    /// A complaint was upheld.
    Cancelled,
}
text_enum!(AwardStatus { Standstill = "standstill", Approving = "approving", Approved = "approved", Rejected = "rejected", Cancelled = "cancelled" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndCause {
    /// 虚假资质.
    FalseQualifications,
    MajorFault,
    LowSatisfaction,
    /// Ended without cause (by agreement): no bar follows.
    Agreement,
}
text_enum!(EndCause { FalseQualifications = "false_qualifications", MajorFault = "major_fault", LowSatisfaction = "low_satisfaction", Agreement = "agreement" });

impl EndCause {
    pub fn bars(self) -> bool {
        self != EndCause::Agreement
    }
}

/// One evaluation criterion; the weights of a tender add up to 100.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub name: String,
    pub weight: u8,
}

/// A school's new tender. Times are the school's local time, as a
/// `datetime-local` input sends them (`2027-03-01T17:00`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTender {
    pub title: String,
    pub service: TenderService,
    pub requirements: String,
    pub criteria: Vec<Criterion>,
    /// Yuan, as typed; per child-month or per meal.
    pub estimate_yuan: String,
    /// The tender would hand the whole service to the vendor.
    #[serde(default)]
    pub whole_service: Option<String>,
    pub bid_deadline: String,
    pub opening_at: String,
}

/// A vendor's bid as typed; documents come separately.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBid {
    pub price_yuan: String,
    pub programme: String,
    pub staff_plan: String,
}

/// What a bidder keeps: proof of what was sealed, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub tender: TenderId,
    pub submitted_at: DateTime<Utc>,
    /// SHA-256 (hex) over the sealed content, which carries a random salt.
    pub commitment: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidFileMeta {
    pub no: u32,
    pub name: String,
    pub bytes: u64,
}

/// A vendor's own bid, before or after the opening.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBid {
    pub receipt: Receipt,
    pub price_fen: i64,
    pub programme: String,
    pub staff_plan: String,
    pub files: Vec<BidFileMeta>,
    /// The terms changed after it was sealed: confirm or resubmit.
    pub voided: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelMember {
    pub account: AccountId,
    pub name: String,
    pub supervision: bool,
    /// Declared a relation to a bidder: takes no part.
    pub excluded: bool,
    pub opened: bool,
}

/// A vendor's record where bids are compared: past contracts, evaluations
/// and satisfaction (V5, V7).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VendorRecord {
    pub contracts: u32,
    pub terminated: u32,
    /// Mean of schools' evaluations, 1–5.
    pub evaluation: Option<f64>,
    /// Mean satisfaction of guardians and staff where it served, 1–5.
    pub satisfaction: Option<f64>,
    pub responses: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenedBid {
    pub id: BidId,
    pub vendor: VendorId,
    pub vendor_name: String,
    pub price_fen: i64,
    pub programme: String,
    pub staff_plan: String,
    pub files: Vec<BidFileMeta>,
    pub receipt: Receipt,
    /// The opened content hashes to the receipt's commitment.
    pub receipt_holds: bool,
    pub qualified: bool,
    /// Why not: `not_approved`, `barred`, `documents_expired`, `voided`, `tampered`.
    pub disqualified: Option<String>,
    pub documents: Vec<VendorDocument>,
    pub record: VendorRecord,
    /// Mean over the members who scored every criterion; `None` until one has.
    pub total: Option<f64>,
    pub rank: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub member: AccountId,
    pub member_name: String,
    pub bid: BidId,
    pub criterion: u32,
    pub score: u8,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    pub by: String,
    pub bid: Option<BidId>,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub step: String,
    pub approved: bool,
    pub by: String,
    pub note: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: ComplaintId,
    pub vendor_name: String,
    pub body: String,
    pub filed_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub upheld: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardView {
    pub id: AwardId,
    pub bid: BidId,
    pub vendor_name: String,
    pub status: AwardStatus,
    pub standstill_until: DateTime<Utc>,
    pub approvals: Vec<Approval>,
    /// The step that decides next, as `VendorApprovalStep` text.
    pub next_step: Option<String>,
    pub complaints: Vec<Complaint>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub id: ContractId,
    pub school: SchoolId,
    pub school_name: String,
    pub vendor: VendorId,
    pub vendor_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub price_fen: i64,
    pub price_unit: PriceUnit,
    pub service: String,
    pub active: bool,
    pub end_cause: Option<EndCause>,
    pub barred: bool,
}

/// What the signed-in person may do on a tender page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderRights {
    pub manage: bool,
    pub bid: bool,
    pub open: bool,
    pub score: bool,
    pub supervise: bool,
    pub complain: bool,
    /// The approval step this person may decide now.
    pub approve: bool,
    pub answer_complaints: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TenderSummary {
    pub id: TenderId,
    pub school: SchoolId,
    pub school_name: String,
    pub title: String,
    pub service: TenderService,
    pub status: TenderStatus,
    pub bid_deadline: DateTime<Utc>,
    pub opening_at: DateTime<Utc>,
    pub estimate_fen: i64,
    /// Shown before the opening only where the district's policy allows.
    pub bids: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TenderView {
    pub summary: TenderSummary,
    pub district: DistrictId,
    pub requirements: String,
    pub criteria: Vec<Criterion>,
    pub price_unit: PriceUnit,
    pub whole_service: bool,
    pub terms_version: u32,
    /// The district's fee cap per child-month, for comparing prices.
    pub fee_cap_fen: Option<i64>,
    pub min_bidders: u8,
    /// The panel's members, to the school, the panel and the bureau only.
    pub panel: Vec<PanelMember>,
    pub panel_size: u32,
    pub opened_at: Option<DateTime<Utc>>,
    pub bids: Vec<OpenedBid>,
    /// Every score: after the opening, to the panel, the school and the bureau.
    pub scores: Vec<Score>,
    pub objections: Vec<Objection>,
    pub my_bid: Option<MyBid>,
    pub award: Option<AwardView>,
    pub contract: Option<Contract>,
    pub reissue_of: Option<TenderId>,
    pub rights: TenderRights,
    /// The tender is published as open data (the site's public address is
    /// configured).
    #[serde(default)]
    pub open_data: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorDocument {
    pub id: VendorDocumentId,
    pub kind: DocumentKind,
    pub number: String,
    pub expires_on: NaiveDate,
    pub expired: bool,
    /// Expires within the warning window.
    pub expiring: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorEntry {
    pub id: VendorEntryId,
    pub vendor: VendorId,
    pub vendor_name: String,
    pub credit_code: String,
    pub district: DistrictId,
    pub district_name: String,
    pub status: String,
    pub approvals: Vec<Approval>,
    pub next_step: Option<String>,
    pub documents: Vec<VendorDocument>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorStaffMember {
    pub name: String,
    pub school_name: String,
    pub cleared: bool,
}

/// The vendor's own page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VendorProfile {
    pub id: VendorId,
    pub city: CityId,
    pub name: String,
    pub credit_code: String,
    pub kind: VendorKind,
    pub documents: Vec<VendorDocument>,
    pub entries: Vec<VendorEntry>,
    /// Districts of the city it may ask to enter.
    pub districts: Vec<(DistrictId, String)>,
    pub staff: Vec<VendorStaffMember>,
    pub contracts: Vec<Contract>,
    pub record: VendorRecord,
    pub barred_until: Option<NaiveDate>,
    pub tenders: Vec<TenderSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDocument {
    pub kind: DocumentKind,
    pub number: String,
    pub expires_on: NaiveDate,
}

/// A bar on the public blacklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub id: BarId,
    pub vendor_name: String,
    pub credit_code: String,
    pub reason: String,
    pub from_date: NaiveDate,
    pub until_date: NaiveDate,
}

/// The bureau's (or city's) vendor desk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VendorDesk {
    pub entries: Vec<VendorEntry>,
    /// Contracts ended with cause in the district, not yet barred.
    pub to_bar: Vec<Contract>,
    pub bars: Vec<Bar>,
    pub tenders: Vec<TenderSummary>,
}

/// A school's satisfaction results by month (P10).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyMonth {
    pub period: String,
    pub responses: u32,
    pub service: f64,
    pub staff: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolTenders {
    pub school: SchoolId,
    pub school_name: String,
    pub tenders: Vec<TenderSummary>,
    pub contracts: Vec<Contract>,
    pub survey: Vec<SurveyMonth>,
    pub manage: bool,
}

/// A guardian's survey for one school this month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAsk {
    pub school: SchoolId,
    pub school_name: String,
    pub period: String,
    /// This month's answer, if given: (service, staff).
    pub given: Option<(u8, u8)>,
}

/// One criterion's score as a price-inquiry member gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    pub score: u8,
    pub reason: String,
}

/// A vendor's registration, with the account its manager signs in with:
/// the manager's mobile number, proved by the code texted to it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewVendor {
    pub city: CityId,
    pub name: String,
    /// 统一社会信用代码: 18 digits and capital letters.
    pub credit_code: String,
    pub kind: VendorKind,
    pub phone: String,
    pub code: String,
    pub password: crate::secret::Secret,
}
