//! The home page: who you are and what each of your roles lets you do.
use crate::ids::{DistrictId, SchoolId};
use crate::roles::{Panel, Role, ScopeKind};
use serde::{Deserialize, Serialize};

/// What a role can do in the product today; the UI names each in the
/// user's language. Only what is built is listed: a new area adds its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    SeeChildren,
    ApplyForService,
    SignAgreement,
    ArrangePickup,
    ReviewClassApplications,
    PrintLinkCodes,
    SeePickupDay,
    ManageSchool,
    PublishPlan,
    ReviewApplications,
    SeeDistrictSchools,
    SeeOwnTimetable,
    BuildTimetable,
    RunTenders,
    ScoreBids,
    SuperviseTenders,
    BidForTenders,
    ApproveVendors,
    RateService,
    /// A child's fees, payments and refunds; withdrawal with a refund.
    SeeFees,
    /// Fees, billing, payments, spending, refunds, settlement, disclosure.
    KeepBooks,
    /// Read the school's books (the supervision panel).
    SeeBooks,
    /// Review the proof of declared statuses.
    ReviewProof,
    /// The district's subsidy, fee approvals and disclosures.
    SeeDistrictMoney,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleCard {
    pub role: Role,
    pub panel: Option<Panel>,
    pub scope_kind: ScopeKind,
    pub scope_id: i64,
    /// The name of what the role is scoped to (a school, a district…).
    pub scope_name: String,
    pub capabilities: Vec<Capability>,
    /// The district and school the scope lies in, for links.
    pub district: Option<DistrictId>,
    pub school: Option<SchoolId>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Home {
    pub display_name: String,
    pub roles: Vec<RoleCard>,
}

