//! "Who am I and what may I do": the home page of every role.
use crate::authz::{Panel, Role, ScopeKind};
use crate::entities::{city, grade, guardian, vendor};
use crate::error::DomainResult;
use crate::ids::{ClassId, DistrictId, SchoolId};
use sea_orm::{ConnectionTrait, EntityTrait};
pub use wire::home::{Capability, Home, RoleCard};

pub fn capabilities(role: Role, panel: Option<Panel>) -> Vec<Capability> {
    use Capability::*;
    match role {
        Role::Parent => vec![SeeChildren, ApplyForService, SignAgreement, ArrangePickup, RateService, SeeFees],
        Role::ClassTeacher => vec![ReviewClassApplications, PrintLinkCodes, SeePickupDay, SeeOwnTimetable],
        Role::ServiceStaff => vec![SeePickupDay, SeeOwnTimetable],
        Role::SchoolAdmin => vec![ManageSchool, PublishPlan, ReviewApplications, SeePickupDay, BuildTimetable, RunTenders, KeepBooks, ReviewProof],
        Role::FamilyCommittee => match panel {
            Some(Panel::PriceInquiry) => vec![ReviewApplications, ScoreBids, ReviewProof],
            Some(Panel::Supervision) => vec![ReviewApplications, SuperviseTenders, ReviewProof, SeeBooks],
            Some(Panel::Treasurer) => vec![ReviewApplications, ReviewProof, KeepBooks],
            None => vec![ReviewApplications, ReviewProof],
        },
        Role::Vendor => vec![BidForTenders],
        Role::BureauOfficial => vec![SeeDistrictSchools, ApproveVendors, SeeDistrictMoney],
        Role::CityOfficial => vec![ApproveVendors],
    }
}

pub async fn home(cx: &crate::Ctx) -> DomainResult<Home> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let mut roles = Vec::with_capacity(actor.grants.len());
    for g in &actor.grants {
        roles.push(RoleCard {
            role: g.role,
            panel: g.panel,
            scope_kind: g.scope_kind,
            scope_id: g.scope_id,
            scope_name: scope_name(db, g.scope_kind, g.scope_id).await?,
            capabilities: capabilities(g.role, g.panel),
            district: g.place.district,
            school: g.place.school,
        });
    }
    Ok(Home { display_name: actor.display_name.clone(), roles })
}

async fn scope_name<C: ConnectionTrait>(db: &C, kind: ScopeKind, id: i64) -> DomainResult<String> {
    let school_name = |id| async move {
        DomainResult::Ok(crate::scope::maybe_school(db, SchoolId(id)).await?.map(|s| s.name).unwrap_or_default())
    };
    Ok(match kind {
        ScopeKind::District => crate::scope::maybe_district(db, DistrictId(id)).await?.map(|d| d.name).unwrap_or_default(),
        ScopeKind::School => school_name(id).await?,
        ScopeKind::Grade => match grade::Entity::find_by_id(id).one(db).await? {
            Some(g) => format!("{} {}", school_name(g.school_id).await?, g.name),
            None => String::new(),
        },
        ScopeKind::Class => match crate::scope::maybe_class(db, ClassId(id)).await? {
            Some(c) => format!("{} {}", school_name(c.school_id).await?, c.name),
            None => String::new(),
        },
        ScopeKind::Family => guardian::Entity::find_by_id(id).one(db).await?.map(|g| g.name).unwrap_or_default(),
        ScopeKind::Vendor => vendor::Entity::find_by_id(id).one(db).await?.map(|v| v.name).unwrap_or_default(),
        ScopeKind::City => city::Entity::find_by_id(id).one(db).await?.map(|c| c.name).unwrap_or_default(),
    })
}
