//! Authorization: the one place that decides whether an actor may do
//! something to an object. Every service calls `Actor::require` before it
//! reads or writes; nothing in the UI or in a server function decides.
use crate::error::{DomainError, DomainResult};
use crate::ids::{AccountId, CityId, ClassId, DistrictId, GradeId, GuardianId, SchoolId, VendorId};
use serde::{Deserialize, Serialize};
pub use wire::roles::{Panel, Role, ScopeKind};
use wire::enrolment::ReviewStep;
use wire::money::ProofStep;


/// Where an object sits in city → district → school → grade → class.
/// Unknown levels are `None`; a check on a level the object lacks fails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub district: Option<DistrictId>,
    pub school: Option<SchoolId>,
    pub grade: Option<GradeId>,
    pub class: Option<ClassId>,
}

impl Place {
    /// Whether `self` (a grant's scope) contains `other` (an object's place).
    /// The most specific level the scope names must match.
    fn contains(&self, other: &Place) -> bool {
        fn eq<T: PartialEq>(scope: Option<T>, obj: Option<T>) -> bool {
            scope.is_some() && scope == obj
        }
        if self.class.is_some() {
            eq(self.class, other.class)
        } else if self.grade.is_some() {
            eq(self.grade, other.grade)
        } else if self.school.is_some() {
            eq(self.school, other.school)
        } else {
            eq(self.district, other.district)
        }
    }

    fn same_school(&self, other: &Place) -> bool {
        self.school.is_some() && self.school == other.school
    }
}

/// One role the actor holds, with its scope resolved to a place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub scope_kind: ScopeKind,
    pub scope_id: i64,
    pub panel: Option<Panel>,
    /// The scope's place (empty for family and vendor scopes).
    pub place: Place,
}

impl Grant {
    pub fn family(&self) -> Option<GuardianId> {
        (self.scope_kind == ScopeKind::Family).then_some(GuardianId(self.scope_id))
    }
    pub fn vendor(&self) -> Option<VendorId> {
        (self.scope_kind == ScopeKind::Vendor).then_some(VendorId(self.scope_id))
    }
    pub fn city(&self) -> Option<CityId> {
        (self.scope_kind == ScopeKind::City).then_some(CityId(self.scope_id))
    }
}

/// A signed-in person and what they hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub account: AccountId,
    pub display_name: String,
    pub grants: Vec<Grant>,
}

/// What an actor wants to do. Later features add their own actions here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The bureau's district-wide view (statistics, all schools).
    ViewDistrict,
    /// A school's overview: classes, enrolment counts.
    ViewSchool,
    /// Change a school's settings and people.
    ManageSchool,
    ViewClass,
    /// A student's record (not health or special needs).
    ViewStudent,
    ViewVendor,
    ManageVendor,
    /// Decide one step of the application review chain for a student.
    Review(ReviewStep),
    /// See (and print) a class's link codes and the guardians linked.
    ViewLinkCodes,
    /// A child's special needs (sensitive: only those who serve the child).
    ViewSpecialNeeds,
    /// The school's day: pickup requests and the like.
    ViewDay,
    /// Import the district's calendar of holidays and make-up workdays.
    ManageDistrictCalendar,
    /// Create tenders, propose awards, sign and end contracts.
    ManageTenders,
    /// A school's tenders and contracts, with scores after the opening.
    ViewTenders,
    /// Decide a vendor's entry or an award at the bureau's step; answer
    /// complaints; bar a vendor.
    ApproveVendors,
    /// Rate a school's service (P10) as its staff; a guardian rates the
    /// schools of their children (`tender::survey`).
    RateService,
    /// Keep a school's service money: fees, billing, payments, spending,
    /// refunds, settlement, the monthly disclosure.
    ManageMoney,
    /// Read a school's books (its money keepers, the supervision panel, the
    /// district's bureau).
    ViewMoney,
    /// Consent, as the school's family committee, to a fee for another
    /// form of service [003].
    ConsentFees,
    /// Approve a fee rise at the bureau [004].
    ApproveFees,
    /// Decide one step of the review of a declared status's proof (P3).
    ReviewProof(ProofStep),
    /// A school's supervision record: its statistics, flags and reports
    /// (the bureau for every school of its district, a school for itself).
    ViewSupervision,
    /// Accept or return a school's monthly or annual report (B4).
    ReviewReports,
    /// Every district of a city side by side (the city's officials).
    ViewCity,
}

/// The object an action is aimed at, with what authorization needs to know.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    District(DistrictId),
    School(Place),
    Class(Place),
    Student { place: Place, guardians: &'a [GuardianId] },
    Vendor(VendorId),
    City(CityId),
}

impl Target<'_> {
    fn place(&self) -> Option<Place> {
        match *self {
            Target::District(d) => Some(Place { district: Some(d), ..Place::default() }),
            Target::School(p) | Target::Class(p) | Target::Student { place: p, .. } => Some(p),
            Target::Vendor(_) | Target::City(_) => None,
        }
    }
}

impl Grant {
    fn allows(&self, action: Action, target: &Target<'_>) -> bool {
        use Action as A;
        let place = target.place();
        let within = |p: &Place| place.is_some_and(|t| p.contains(&t));
        let same_school = place.is_some_and(|t| self.place.same_school(&t));
        match self.role {
            Role::BureauOfficial => {
                matches!(
                    action,
                    A::ViewDistrict
                        | A::ViewSchool
                        | A::ViewClass
                        | A::ViewStudent
                        | A::ManageDistrictCalendar
                        | A::ViewTenders
                        | A::ApproveVendors
                        | A::ViewMoney
                        | A::ApproveFees
                        | A::ViewSupervision
                        | A::ReviewReports
                ) && within(&self.place)
            }
            Role::SchoolAdmin => {
                matches!(
                    action,
                    A::ViewSchool
                        | A::ManageSchool
                        | A::ViewClass
                        | A::ViewStudent
                        | A::Review(ReviewStep::School)
                        | A::ViewLinkCodes
                        | A::ViewSpecialNeeds
                        | A::ViewDay
                        | A::ManageTenders
                        | A::ViewTenders
                        | A::ManageMoney
                        | A::ViewMoney
                        | A::ReviewProof(ProofStep::School)
                        | A::ViewSupervision
                ) && same_school
            }
            Role::ClassTeacher => match action {
                A::ViewSchool | A::ViewDay => same_school,
                A::ViewClass
                | A::ViewStudent
                | A::Review(ReviewStep::ClassTeacher)
                | A::ViewLinkCodes
                | A::ViewSpecialNeeds => within(&self.place),
                _ => false,
            },
            // Service staff work across the school; a child's needs only
            // for the class or grade they are assigned to.
            Role::ServiceStaff => match action {
                A::ViewSchool | A::ViewDay | A::RateService => same_school,
                A::ViewSpecialNeeds => self.scope_kind != ScopeKind::School && within(&self.place),
                _ => false,
            },
            // A committee reviews at its own level: class, grade or school
            // (three-level chains [004]), or as the school's committee [001].
            Role::FamilyCommittee => match action {
                A::ViewSchool => same_school,
                A::ViewClass => within(&self.place),
                A::Review(ReviewStep::ClassCommittee) => self.scope_kind == ScopeKind::Class && within(&self.place),
                A::Review(ReviewStep::GradeCommittee) => self.scope_kind == ScopeKind::Grade && within(&self.place),
                A::Review(ReviewStep::SchoolCommittee | ReviewStep::FamilyCommittee) | A::ConsentFees => {
                    self.scope_kind == ScopeKind::School && same_school
                }
                // Tenders are the price-inquiry and supervision committees'
                // work [004]; the treasurer keeps the books.
                A::ViewTenders => {
                    matches!(self.panel, Some(Panel::PriceInquiry | Panel::Supervision)) && self.scope_kind == ScopeKind::School && same_school
                }
                // A proof of hardship or disability is sensitive personal
                // information (PIPL Art. 28): the committee that reviews
                // applications decides it, not its tender panels or treasurer.
                A::ReviewProof(ProofStep::FamilyCommittee) => self.panel.is_none() && self.scope_kind == ScopeKind::School && same_school,
                // The treasurer keeps the books with the school; the
                // supervision panel reads them.
                A::ManageMoney => self.panel == Some(Panel::Treasurer) && self.scope_kind == ScopeKind::School && same_school,
                A::ViewMoney => {
                    matches!(self.panel, Some(Panel::Treasurer | Panel::Supervision)) && self.scope_kind == ScopeKind::School && same_school
                }
                _ => false,
            },
            Role::Parent => match (action, target) {
                (A::ViewStudent | A::ViewSpecialNeeds, Target::Student { guardians, .. }) => {
                    self.family().is_some_and(|g| guardians.contains(&g))
                }
                _ => false,
            },
            Role::Vendor => match (action, target) {
                (A::ViewVendor | A::ManageVendor, Target::Vendor(v)) => self.vendor() == Some(*v),
                _ => false,
            },
            Role::CityOfficial => match (action, target) {
                (A::ApproveVendors | A::ViewCity, Target::City(c)) => self.city() == Some(*c),
                _ => false,
            },
        }
    }
}

impl Actor {
    pub fn may(&self, action: Action, target: &Target<'_>) -> bool {
        self.grants.iter().any(|g| g.allows(action, target))
    }

    pub fn require(&self, action: Action, target: &Target<'_>) -> DomainResult<()> {
        if self.may(action, target) { Ok(()) } else { Err(DomainError::Forbidden) }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    pub fn families(&self) -> impl Iterator<Item = GuardianId> + '_ {
        self.grants.iter().filter_map(Grant::family)
    }
}

/// The actor of a request, or `Unauthenticated`.
pub fn signed_in(actor: Option<&Actor>) -> DomainResult<&Actor> {
    actor.ok_or(DomainError::Unauthenticated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(d: i64, s: i64, g: i64, c: i64) -> Place {
        Place {
            district: Some(DistrictId(d)),
            school: Some(SchoolId(s)),
            grade: Some(GradeId(g)),
            class: Some(ClassId(c)),
        }
    }

    fn actor(role: Role, kind: ScopeKind, id: i64, at: Place) -> Actor {
        Actor {
            account: AccountId(1),
            display_name: "t".into(),
            grants: vec![Grant { role, scope_kind: kind, scope_id: id, panel: None, place: at }],
        }
    }

    #[test]
    fn a_class_teacher_sees_only_own_class() {
        let own = place(1, 1, 1, 1);
        let t = actor(Role::ClassTeacher, ScopeKind::Class, 1, own);
        let neighbour = place(1, 1, 1, 2);
        assert!(t.may(Action::ViewClass, &Target::Class(own)));
        assert!(!t.may(Action::ViewClass, &Target::Class(neighbour)));
        assert!(t.may(Action::ViewSchool, &Target::School(neighbour)));
        assert!(!t.may(Action::ManageSchool, &Target::School(own)));
        assert!(!t.may(Action::ViewDistrict, &Target::District(DistrictId(1))));
    }

    #[test]
    fn only_staff_assigned_to_a_child_read_its_needs() {
        let child = Target::Student { place: place(1, 1, 1, 1), guardians: &[] };
        let neighbour = Target::Student { place: place(1, 1, 1, 2), guardians: &[] };
        let school_wide = actor(Role::ServiceStaff, ScopeKind::School, 1, Place { class: None, grade: None, ..place(1, 1, 1, 1) });
        assert!(school_wide.may(Action::ViewDay, &child));
        assert!(!school_wide.may(Action::ViewSpecialNeeds, &child), "not assigned to the child");
        let assigned = actor(Role::ServiceStaff, ScopeKind::Class, 1, place(1, 1, 1, 1));
        assert!(assigned.may(Action::ViewSpecialNeeds, &child));
        assert!(!assigned.may(Action::ViewSpecialNeeds, &neighbour));
        let teacher = actor(Role::ClassTeacher, ScopeKind::Class, 1, place(1, 1, 1, 1));
        assert!(teacher.may(Action::ViewSpecialNeeds, &child) && !teacher.may(Action::ViewSpecialNeeds, &neighbour));
        let bureau = actor(Role::BureauOfficial, ScopeKind::District, 1, Place { district: Some(DistrictId(1)), ..Place::default() });
        assert!(!bureau.may(Action::ViewSpecialNeeds, &child));
    }

    #[test]
    fn a_parent_sees_only_linked_children() {
        let p = actor(Role::Parent, ScopeKind::Family, 7, Place::default());
        let pl = place(1, 1, 1, 1);
        assert!(p.may(Action::ViewStudent, &Target::Student { place: pl, guardians: &[GuardianId(7)] }));
        assert!(!p.may(Action::ViewStudent, &Target::Student { place: pl, guardians: &[GuardianId(8)] }));
        assert!(!p.may(Action::ViewSchool, &Target::School(pl)));
        assert!(!p.may(Action::ViewDistrict, &Target::District(DistrictId(1))));
    }

    #[test]
    fn the_bureau_reads_its_district_only() {
        let b = actor(Role::BureauOfficial, ScopeKind::District, 1, Place { district: Some(DistrictId(1)), ..Place::default() });
        assert!(b.may(Action::ViewDistrict, &Target::District(DistrictId(1))));
        assert!(b.may(Action::ViewSchool, &Target::School(place(1, 5, 5, 5))));
        assert!(!b.may(Action::ViewDistrict, &Target::District(DistrictId(2))));
        assert!(!b.may(Action::ViewSchool, &Target::School(place(2, 6, 6, 6))));
        assert!(!b.may(Action::ManageSchool, &Target::School(place(1, 5, 5, 5))));
    }

    #[test]
    fn the_school_and_the_treasurer_keep_the_books_supervision_and_the_bureau_read_them() {
        let at = place(1, 1, 1, 1);
        let school = Target::School(Place { class: None, grade: None, ..at });
        let committee = |panel| Actor {
            account: AccountId(1),
            display_name: "t".into(),
            grants: vec![Grant { role: Role::FamilyCommittee, scope_kind: ScopeKind::School, scope_id: 1, panel, place: Place { class: None, grade: None, ..at } }],
        };
        let treasurer = committee(Some(Panel::Treasurer));
        assert!(treasurer.may(Action::ManageMoney, &school) && treasurer.may(Action::ViewMoney, &school));
        let supervisor = committee(Some(Panel::Supervision));
        assert!(!supervisor.may(Action::ManageMoney, &school) && supervisor.may(Action::ViewMoney, &school));
        let inquiry = committee(Some(Panel::PriceInquiry));
        assert!(!inquiry.may(Action::ViewMoney, &school) && inquiry.may(Action::ConsentFees, &school));
        let admin = actor(Role::SchoolAdmin, ScopeKind::School, 1, at);
        assert!(admin.may(Action::ManageMoney, &school) && !admin.may(Action::ApproveFees, &school) && !admin.may(Action::ConsentFees, &school));
        let bureau = actor(Role::BureauOfficial, ScopeKind::District, 1, Place { district: Some(DistrictId(1)), ..Place::default() });
        assert!(bureau.may(Action::ViewMoney, &school) && bureau.may(Action::ApproveFees, &school) && !bureau.may(Action::ManageMoney, &school));
        let elsewhere = Target::School(place(1, 2, 2, 2));
        assert!(!treasurer.may(Action::ViewMoney, &elsewhere) && !admin.may(Action::ManageMoney, &elsewhere));
        assert!(admin.may(Action::ReviewProof(ProofStep::School), &school) && !admin.may(Action::ReviewProof(ProofStep::FamilyCommittee), &school));
        assert!(!inquiry.may(Action::ReviewProof(ProofStep::FamilyCommittee), &school) && !inquiry.may(Action::ReviewProof(ProofStep::School), &school));
        let member = committee(None);
        assert!(member.may(Action::ReviewProof(ProofStep::FamilyCommittee), &school), "the committee as such reviews proof where its district asks");
        assert!(!treasurer.may(Action::ViewTenders, &school) && supervisor.may(Action::ViewTenders, &school) && inquiry.may(Action::ViewTenders, &school));
    }

    #[test]
    fn an_object_without_a_level_is_not_inside_a_scope_of_that_level() {
        let a = actor(Role::SchoolAdmin, ScopeKind::School, 1, place(1, 1, 1, 1));
        assert!(!a.may(Action::ViewSchool, &Target::School(Place { district: Some(DistrictId(1)), ..Place::default() })));
    }

    #[test]
    fn text_forms_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(*r));
        }
        for k in ScopeKind::ALL {
            assert_eq!(ScopeKind::parse(k.as_str()), Some(*k));
        }
        assert!(Role::Parent.allows_scope(ScopeKind::Family));
        assert!(!Role::Parent.allows_scope(ScopeKind::School));
    }
}
