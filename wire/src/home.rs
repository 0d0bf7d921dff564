//! The home page: who you are and what each of your roles lets you do.
use crate::ids::{DistrictId, SchoolId};
use crate::roles::{Panel, Role, ScopeKind};
use serde::{Deserialize, Serialize};

/// Things a role is for; the UI names each in the user's language. Areas not
/// built yet are listed so people see where the product is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    SeeChildren,
    ApplyForService,
    SignAgreement,
    ReviewClassApplications,
    TakeAttendance,
    HandOverChildren,
    ManageSchool,
    PublishPlan,
    ReviewApplications,
    CompareBids,
    SuperviseTenders,
    BidOnTenders,
    ViewDistrictStatistics,
    ApproveVendors,
    Inspect,
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

