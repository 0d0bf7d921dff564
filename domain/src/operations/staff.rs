//! Staff (S4, V9): the one record of every person who serves in a school's
//! service — teachers, workers, volunteers and vendor staff — with their
//! vetting (background check, qualification, expiry) and the safety
//! agreements of volunteer groups [000 att.2 §19]. Nobody serves without a
//! clear check in force; a volunteer's group needs an agreement in force.
//! Vetting records are only ever added: the newest counts.
use crate::audit::{self, Event};
use crate::auth::Phone;
use crate::invitations::{self, Kind};
use crate::authz::{Action, Actor};
use crate::entities::{contract, safety_agreement, staff, staff_vetting, vendor};
use crate::error::{DomainError, DomainResult};
use crate::ids::{SafetyAgreementId, SchoolId, StaffId};
use crate::operations::rooms;
use chrono::{DateTime, NaiveDate, Utc};
use crate::clock::local_date;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use std::collections::HashMap;
pub use wire::operations::{
    AcceptedInvitation, Clearance, NewSafetyAgreement, NewStaff, NewVetting, SafetyAgreement, SchoolResources, Staff, StaffInvitation, StaffKind, Vetting,
    VettingResult,
};

pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_ORGANISATION_CHARS: usize = 80;
pub const MAX_QUALIFICATION_CHARS: usize = 100;
pub const MAX_STAFF: u64 = 500;

/// A school's rooms, staff (with whether each may serve today) and safety
/// agreements, for its admin.
pub async fn resources(cx: &crate::Ctx, school: SchoolId) -> DomainResult<SchoolResources> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageSchool).await?;
    let today = local_date(now);
    Ok(SchoolResources {
        school,
        school_name: s.name,
        rooms: rooms::of_school(db, s.id).await?,
        staff: of_school(db, s.id, today, Some(now)).await?,
        agreements: agreements_of(db, s.id).await?.into_iter().map(agreement_view).collect(),
    })
}

fn agreement_view(a: safety_agreement::Model) -> SafetyAgreement {
    SafetyAgreement { id: SafetyAgreementId(a.id), organisation: a.organisation, signed_on: a.signed_on, valid_until: a.valid_until }
}

async fn agreements_of<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<Vec<safety_agreement::Model>> {
    Ok(safety_agreement::Entity::find()
        .filter(safety_agreement::Column::SchoolId.eq(school))
        .order_by_desc(safety_agreement::Column::ValidUntil)
        .all(db)
        .await?)
}

/// The school's current staff, each with the clearance for serving up to
/// `until` (and, for the school's admin at `invitations_at`, the open
/// invitations to sign in).
pub(crate) async fn of_school<C: ConnectionTrait>(db: &C, school: i64, until: NaiveDate, invitations_at: Option<DateTime<Utc>>) -> DomainResult<Vec<Staff>> {
    let rows = current_staff(db, &[school]).await?;
    let gate = Gate::load(db, &[school], rows.iter().map(|r| r.id)).await?;
    let invited: HashMap<i64, DateTime<Utc>> = match invitations_at {
        Some(now) => invitations::open(db, Kind::Staff, rows.iter().map(|r| r.id), now).await?.into_iter().collect(),
        None => HashMap::new(),
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let v = gate.vetting.get(&r.id);
            Staff {
                id: StaffId(r.id),
                kind: StaffKind::parse(&r.kind).unwrap_or(StaffKind::Volunteer),
                clearance: gate.clearance(&r, until),
                vetting: v.map(|v| Vetting {
                    checked_on: v.checked_on,
                    result: VettingResult::parse(&v.result).unwrap_or(VettingResult::Record),
                    qualification: v.qualification.clone(),
                    valid_until: v.valid_until,
                }),
                signs_in: r.account_id.is_some(),
                invited_until: invited.get(&r.id).copied(),
                name: r.name,
                phone: r.phone,
                organisation: r.organisation,
            }
        })
        .collect())
}

/// The staff of these schools who have not left, by name.
pub(crate) async fn current_staff<C: ConnectionTrait>(db: &C, schools: &[i64]) -> DomainResult<Vec<staff::Model>> {
    Ok(staff::Entity::find()
        .filter(staff::Column::SchoolId.is_in(schools.iter().copied()))
        .filter(staff::Column::LeftAt.is_null())
        .order_by_asc(staff::Column::Name)
        .all(db)
        .await?)
}

/// What a person's clearance rests on, for the staff of some schools: their
/// latest check, the schools' safety agreements and vendor contracts.
pub(crate) struct Gate {
    vetting: HashMap<i64, staff_vetting::Model>,
    agreements: Vec<safety_agreement::Model>,
    contracts: Vec<contract::Model>,
}

impl Gate {
    pub(crate) async fn load<C: ConnectionTrait>(db: &C, schools: &[i64], staff: impl IntoIterator<Item = i64>) -> DomainResult<Gate> {
        Ok(Gate {
            vetting: latest_vetting(db, staff).await?,
            agreements: safety_agreement::Entity::find()
                .filter(safety_agreement::Column::SchoolId.is_in(schools.iter().copied()))
                .order_by_desc(safety_agreement::Column::ValidUntil)
                .all(db)
                .await?,
            contracts: contract::Entity::find().filter(contract::Column::SchoolId.is_in(schools.iter().copied())).all(db).await?,
        })
    }

    /// Whether a person may serve on every day up to `until`.
    pub(crate) fn clearance(&self, s: &staff::Model, until: NaiveDate) -> Clearance {
        let Some(v) = self.vetting.get(&s.id) else { return Clearance::NotVetted };
        if v.result != VettingResult::Clear.as_str() {
            return Clearance::BadRecord;
        }
        if v.valid_until < until {
            return Clearance::Expires { until: v.valid_until };
        }
        let needs_agreement = s.kind == StaffKind::Volunteer.as_str();
        if needs_agreement
            && !self.agreements.iter().any(|a| a.school_id == s.school_id && a.organisation == s.organisation && a.signed_on <= until && a.valid_until >= until)
        {
            return Clearance::NoSafetyAgreement;
        }
        if let Some(vendor) = s.vendor_id
            && !self.contracts.iter().any(|c| c.school_id == s.school_id && c.vendor_id == vendor && c.status == "active" && c.starts_on <= until && c.ends_on >= until)
        {
            return Clearance::NoContract;
        }
        Clearance::Cleared { until: v.valid_until }
    }
}

async fn latest_vetting<C: ConnectionTrait>(db: &C, staff: impl IntoIterator<Item = i64>) -> DomainResult<HashMap<i64, staff_vetting::Model>> {
    let mut out: HashMap<i64, staff_vetting::Model> = HashMap::new();
    for v in staff_vetting::Entity::find()
        .filter(staff_vetting::Column::StaffId.is_in(staff.into_iter().collect::<Vec<_>>()))
        .order_by_asc(staff_vetting::Column::Id)
        .all(db)
        .await?
    {
        out.insert(v.staff_id, v);
    }
    Ok(out)
}

/// The school's contracts with vendors, for the gate their staff go through.
async fn contracts_of<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<Vec<contract::Model>> {
    Ok(contract::Entity::find().filter(contract::Column::SchoolId.eq(school)).all(db).await?)
}

/// The vendor named `organisation` that has (or had) a contract with the
/// school: its staff record is then the vendor's, under the contract gate.
async fn contracted_vendor<C: ConnectionTrait>(db: &C, school: i64, organisation: &str) -> DomainResult<Option<i64>> {
    let vendors: Vec<i64> = contracts_of(db, school).await?.into_iter().map(|c| c.vendor_id).collect();
    Ok(vendor::Entity::find()
        .filter(vendor::Column::Id.is_in(vendors))
        .filter(vendor::Column::Name.eq(organisation))
        .one(db)
        .await?
        .map(|v| v.id))
}

/// Each of `ids`' clearance for serving up to `until`: the gate the
/// timetable and the day's attendance go through.
pub async fn clearances<C: ConnectionTrait>(db: &C, school: SchoolId, ids: &[StaffId], until: NaiveDate) -> DomainResult<HashMap<StaffId, Clearance>> {
    let rows = staff::Entity::find()
        .filter(staff::Column::SchoolId.eq(school.0))
        .filter(staff::Column::Id.is_in(ids.iter().map(|i| i.0).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let gate = Gate::load(db, &[school.0], rows.iter().map(|r| r.id)).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let c = if r.left_at.is_some() { Clearance::NotVetted } else { gate.clearance(r, until) };
            (StaffId(r.id), c)
        })
        .collect())
}

fn text(raw: &str, field: &'static str, max: usize) -> DomainResult<String> {
    let t = raw.trim().to_string();
    if t.is_empty() {
        return Err(DomainError::invalid(field, "required"));
    }
    if t.chars().count() > max {
        return Err(DomainError::invalid(field, "too_long"));
    }
    Ok(t)
}

pub async fn add(cx: &crate::Ctx, school: SchoolId, new: NewStaff) -> DomainResult<StaffId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    crate::scope::school(db, actor, school, Action::ManageSchool).await?;
    let name = text(&new.name, "name", MAX_NAME_CHARS)?;
    let phone = Phone::parse(&new.phone)?;
    let organisation = if new.kind.is_outside() {
        text(&new.organisation, "organisation", MAX_ORGANISATION_CHARS)?
    } else {
        String::new()
    };
    let vendor = match new.kind {
        StaffKind::VendorStaff => contracted_vendor(db, school.0, &organisation).await?,
        _ => None,
    };
    let txn = db.begin().await?;
    let same_phone = staff::Entity::find()
        .filter(staff::Column::Phone.eq(phone.as_str()))
        .filter(staff::Column::LeftAt.is_null())
        .all(&txn)
        .await?;
    if same_phone.iter().any(|s| s.school_id == school.0) {
        return Err(DomainError::invalid("phone", "taken"));
    }
    // A vendor's staff serve only in this school's service (V9 [004]).
    if new.kind == StaffKind::VendorStaff && same_phone.iter().any(|s| s.kind == StaffKind::VendorStaff.as_str()) {
        return Err(DomainError::invalid("phone", "works_elsewhere"));
    }
    let count = staff::Entity::find().filter(staff::Column::SchoolId.eq(school.0)).filter(staff::Column::LeftAt.is_null()).count(&txn).await?;
    if count >= MAX_STAFF {
        return Err(DomainError::invalid("staff", "too_many"));
    }
    let s = staff::ActiveModel {
        school_id: Set(school.0),
        kind: Set(new.kind.as_str().into()),
        name: Set(name.clone()),
        phone: Set(phone.as_str().into()),
        organisation: Set(organisation.clone()),
        vendor_id: Set(vendor),
        account_id: Set(None),
        created_at: Set(now),
        left_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "staff.added",
            format!("school:{school}"),
            json!({"staff": s.id, "kind": new.kind.as_str(), "name": name, "organisation": organisation}),
        ),
    )
    .await?;
    crate::store::stale::touch(&txn, school.0, crate::clock::local_date(now)).await?;
    txn.commit().await?;
    Ok(StaffId(s.id))
}

/// A current staff member of a school the actor manages, with the school.
async fn managed_staff<C: ConnectionTrait>(db: &C, actor: &Actor, id: StaffId) -> DomainResult<(staff::Model, crate::entities::school::Model)> {
    let s = staff::Entity::find_by_id(id.0).one(db).await?.filter(|s| s.left_at.is_none()).ok_or(DomainError::NotFound)?;
    let school = crate::scope::school(db, actor, SchoolId(s.school_id), Action::ManageSchool).await?;
    Ok((s, school))
}

/// Records a background check and qualification: a new record, never an edit.
pub async fn record_vetting(cx: &crate::Ctx, id: StaffId, v: NewVetting) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (s, _) = managed_staff(db, actor, id).await?;
    let qualification = text(&v.qualification, "qualification", MAX_QUALIFICATION_CHARS)?;
    if v.checked_on > local_date(now) {
        return Err(DomainError::invalid("checked_on", "in_the_future"));
    }
    crate::dates::require("checked_on", v.checked_on)?;
    crate::dates::require("valid_until", v.valid_until)?;
    if v.valid_until <= v.checked_on {
        return Err(DomainError::invalid("valid_until", "before_check"));
    }
    let txn = db.begin().await?;
    staff_vetting::ActiveModel {
        staff_id: Set(s.id),
        checked_on: Set(v.checked_on),
        result: Set(v.result.as_str().into()),
        qualification: Set(qualification.clone()),
        valid_until: Set(v.valid_until),
        recorded_by: Set(actor.account.0),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "staff.vetted",
            format!("school:{}", s.school_id),
            json!({"staff": s.id, "checked_on": v.checked_on, "result": v.result.as_str(), "qualification": qualification, "valid_until": v.valid_until}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The person no longer serves here; their record and its history stay.
pub async fn leave(cx: &crate::Ctx, id: StaffId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (s, _) = managed_staff(db, actor, id).await?;
    let txn = db.begin().await?;
    staff::Entity::update_many()
        .col_expr(staff::Column::LeftAt, Expr::value(now))
        .filter(staff::Column::Id.eq(s.id))
        .filter(staff::Column::LeftAt.is_null())
        .exec(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "staff.left", format!("school:{}", s.school_id), json!({"staff": s.id}))).await?;
    crate::store::stale::touch(&txn, s.school_id, crate::clock::local_date(now)).await?;
    txn.commit().await?;
    Ok(())
}

/// Invites a person of the school's staff to sign in as themselves: a code
/// texted to their phone, which they type once signed in with their own
/// account (`accept_invitation`). The admin learns nothing of which
/// account, if any, will take it, and never sees the code; it is returned
/// beside the invitation only for the demo and tests, which have no phone.
pub async fn invite(cx: &crate::Ctx, id: StaffId) -> DomainResult<(StaffInvitation, String)> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (s, school) = managed_staff(db, actor, id).await?;
    if s.account_id.is_some() {
        return Err(DomainError::invalid("staff", "signs_in_already"));
    }
    let txn = db.begin().await?;
    let (code, expires_at) = invitations::issue(&txn, Kind::Staff, s.id, s.school_id, actor.account, now).await?;
    let text = format!(
        "【蓓蕾课后服务】{}邀请您登录课后服务平台查看和管理您的课后服务安排。邀请码 {code}，{} 天内有效：用您自己的账号登录后，打开“接受邀请”输入。",
        school.name,
        invitations::VALID.num_days()
    );
    crate::messages::inbox::text_to(&txn, &s.phone, text, cx.now()).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "staff.invited", format!("school:{}", s.school_id), json!({"staff": s.id, "expires_at": expires_at}))).await?;
    txn.commit().await?;
    Ok((StaffInvitation { staff: StaffId(s.id), expires_at }, code))
}

/// The signed-in account accepts an invitation to a school's staff: it
/// becomes that person's sign-in, once, while the person still serves.
pub async fn accept_invitation(cx: &crate::Ctx, code: &str) -> DomainResult<AcceptedInvitation> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    invitations::count_try(db, actor.account, now).await?;
    let txn = db.begin().await?;
    let inv = invitations::redeem(&txn, Kind::Staff, code, actor.account, now).await?;
    let linked = staff::Entity::update_many()
        .col_expr(staff::Column::AccountId, Expr::value(actor.account.0))
        .filter(staff::Column::Id.eq(inv.subject_id))
        .filter(staff::Column::AccountId.is_null())
        .filter(staff::Column::LeftAt.is_null())
        .exec(&txn)
        .await?;
    if linked.rows_affected != 1 {
        return Err(DomainError::invalid("invitation", "wrong"));
    }
    let person = staff::Entity::find_by_id(inv.subject_id).one(&txn).await?.ok_or(DomainError::NotFound)?;
    let school = crate::scope::find_school(&txn, SchoolId(person.school_id)).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "staff.invitation_accepted", format!("school:{}", person.school_id), json!({"staff": person.id}))).await?;
    txn.commit().await?;
    Ok(AcceptedInvitation { school_name: school.name, staff_name: person.name })
}

/// Files a volunteer group's or community organisation's safety agreement.
pub async fn add_safety_agreement(cx: &crate::Ctx, school: SchoolId, new: NewSafetyAgreement) -> DomainResult<SafetyAgreementId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    crate::scope::school(db, actor, school, Action::ManageSchool).await?;
    let organisation = text(&new.organisation, "organisation", MAX_ORGANISATION_CHARS)?;
    if new.signed_on > local_date(now) {
        return Err(DomainError::invalid("signed_on", "in_the_future"));
    }
    crate::dates::require("signed_on", new.signed_on)?;
    crate::dates::require("valid_until", new.valid_until)?;
    if new.valid_until <= new.signed_on {
        return Err(DomainError::invalid("valid_until", "before_signing"));
    }
    let txn = db.begin().await?;
    let a = safety_agreement::ActiveModel {
        school_id: Set(school.0),
        organisation: Set(organisation.clone()),
        signed_on: Set(new.signed_on),
        valid_until: Set(new.valid_until),
        recorded_by: Set(actor.account.0),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "safety_agreement.filed",
            format!("school:{school}"),
            json!({"agreement": a.id, "organisation": organisation, "signed_on": new.signed_on, "valid_until": new.valid_until}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(SafetyAgreementId(a.id))
}
