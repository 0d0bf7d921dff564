//! Roles, the kinds of scope a role is granted on, and committee panels.
use crate::text_enum::text_enum;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Parent,
    ClassTeacher,
    ServiceStaff,
    SchoolAdmin,
    FamilyCommittee,
    Vendor,
    BureauOfficial,
    /// The city's bureau: the last step of some approval chains [002] and the citywide blacklist [004].
    CityOfficial,
}

/// What kind of object a role grant is scoped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    District,
    School,
    Grade,
    Class,
    Family,
    Vendor,
    City,
}

/// A family committee member's panel, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Panel {
    PriceInquiry,
    Supervision,
    /// Keeps the service money's books with the school (收费由家长委员会实施 [001]).
    Treasurer,
}

impl Panel {
    /// Whether members of this panel sit on the school's tenders.
    pub fn on_tender_panel(self) -> bool {
        matches!(self, Panel::PriceInquiry | Panel::Supervision)
    }
}

text_enum!(Role {
    Parent = "parent",
    ClassTeacher = "class_teacher",
    ServiceStaff = "service_staff",
    SchoolAdmin = "school_admin",
    FamilyCommittee = "family_committee",
    Vendor = "vendor",
    BureauOfficial = "bureau_official",
    CityOfficial = "city_official",
});
text_enum!(ScopeKind {
    District = "district",
    School = "school",
    Grade = "grade",
    Class = "class",
    Family = "family",
    Vendor = "vendor",
    City = "city",
});
text_enum!(Panel { PriceInquiry = "price_inquiry", Supervision = "supervision", Treasurer = "treasurer" });

impl Role {
    /// The scope kinds a grant of this role may carry.
    pub fn allows_scope(self, kind: ScopeKind) -> bool {
        use ScopeKind as K;
        match self {
            Role::Parent => kind == K::Family,
            Role::ClassTeacher => kind == K::Class,
            Role::SchoolAdmin => kind == K::School,
            // School-wide, or assigned to a grade or class (whose children's
            // needs they then read).
            Role::ServiceStaff => matches!(kind, K::School | K::Grade | K::Class),
            Role::FamilyCommittee => matches!(kind, K::School | K::Grade | K::Class),
            Role::Vendor => kind == K::Vendor,
            Role::BureauOfficial => kind == K::District,
            Role::CityOfficial => kind == K::City,
        }
    }
}

