//! What an operator does from the command line before anyone can sign in:
//! a district (with its city and its policy from one of the five presets),
//! its schools, and the first accounts (bureau officials, school admins).
//! Nothing here has a known password: the operator types one or is given a
//! random one, once.
use crate::audit::{self, Event};
use crate::auth::password::Password;
use crate::auth::{self, NewAccount};
use crate::authz::{Panel, Role, ScopeKind};
use crate::entities::{city, district, school};
use crate::error::{Clash, DomainError, DomainResult};
use crate::ids::{AccountId, ClassId, DistrictId, SchoolId};
use wire::org::SchoolKind;
use crate::policy;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionSession, TransactionTrait};
use serde_json::json;

/// Whether the database holds any district yet: on an empty one the server
/// prints these first steps, or loads the demo (only ever into an empty one).
pub async fn is_empty<C: ConnectionTrait>(db: &C) -> DomainResult<bool> {
    Ok(district::Entity::find().count(db).await? == 0)
}

pub struct NewDistrict {
    pub city_code: String,
    pub city_name: String,
    pub code: String,
    pub name: String,
    /// One of the presets, `000` … `004`.
    pub policy: String,
    /// The policy is in force from this date of service.
    pub from: NaiveDate,
}

/// Creates the district (and its city, when new) with its policy.
pub async fn add_district<C: ConnectionTrait + TransactionTrait>(db: &C, new: NewDistrict, now: chrono::DateTime<chrono::Utc>) -> DomainResult<DistrictId> {
    for (field, v) in [("city_code", &new.city_code), ("city_name", &new.city_name), ("code", &new.code), ("name", &new.name)] {
        if v.trim().is_empty() {
            return Err(DomainError::invalid(field, "required"));
        }
    }
    let settings = policy::preset(&new.policy).ok_or(DomainError::invalid("policy", "unknown_preset"))?;
    let txn = db.begin().await?;
    if district::Entity::find().filter(district::Column::Code.eq(new.code.trim())).one(&txn).await?.is_some() {
        return Err(DomainError::Conflict(Clash::DistrictExists));
    }
    let city = match city::Entity::find().filter(city::Column::Code.eq(new.city_code.trim())).one(&txn).await? {
        Some(c) => c,
        None => city::ActiveModel { code: Set(new.city_code.trim().into()), name: Set(new.city_name.trim().into()), ..Default::default() }
            .insert(&txn)
            .await?,
    };
    let d = district::ActiveModel {
        city_id: Set(city.id),
        code: Set(new.code.trim().into()),
        name: Set(new.name.trim().into()),
        seed_key: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    policy::publish(&txn, DistrictId(d.id), new.from, &settings, now).await?;
    audit::record(&txn, now, Event::new(None, "district.created", format!("district:{}", d.id), json!({"code": d.code, "policy": new.policy})))
        .await?;
    txn.commit().await?;
    Ok(DistrictId(d.id))
}

/// Creates a school of the district with code `district_code`.
pub async fn add_school<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    district_code: &str,
    name: &str,
    kind: SchoolKind,
    address: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<SchoolId> {
    if name.trim().is_empty() {
        return Err(DomainError::invalid("name", "required"));
    }
    let d = district::Entity::find().filter(district::Column::Code.eq(district_code.trim())).one(db).await?.ok_or(DomainError::NotFound)?;
    let txn = db.begin().await?;
    let s = school::ActiveModel {
        district_id: Set(d.id),
        name: Set(name.trim().into()),
        kind: Set(kind.as_str().into()),
        address: Set(address.trim().into()),
        longitude: Set(0.0),
        latitude: Set(0.0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(None, "school.created", format!("school:{}", s.id), json!({"district": d.id}))).await?;
    txn.commit().await?;
    Ok(SchoolId(s.id))
}

/// What an account made from the command line is scoped to.
#[derive(Clone, Debug)]
pub enum Scope {
    /// A city, by its code (a city bureau official's).
    City(String),
    /// A district, by its code.
    District(String),
    School(SchoolId),
    Class(ClassId),
}

/// Creates a staff or bureau account with one role in `scope`.
pub async fn add_account<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    (role, panel): (Role, Option<Panel>),
    scope: Scope,
    username: &str,
    display_name: &str,
    password: Password,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<AccountId> {
    if username.trim().is_empty() {
        return Err(DomainError::invalid("username", "required"));
    }
    let (kind, id) = match scope {
        Scope::District(code) => {
            let d = district::Entity::find().filter(district::Column::Code.eq(code.trim())).one(db).await?.ok_or(DomainError::NotFound)?;
            (ScopeKind::District, d.id)
        }
        Scope::City(code) => {
            let c = city::Entity::find().filter(city::Column::Code.eq(code.trim())).one(db).await?.ok_or(DomainError::NotFound)?;
            (ScopeKind::City, c.id)
        }
        Scope::School(s) => (ScopeKind::School, crate::scope::find_school(db, s).await?.id),
        Scope::Class(c) => (ScopeKind::Class, crate::scope::find_class(db, c).await?.id),
    };
    let new = NewAccount { phone: None, username: Some(username.into()), display_name: display_name.into(), password };
    auth::create_account(db, None, new, &[(role, kind, id, panel)], now).await
}

/// A password of 16 letters and digits (about 95 bits), for an operator who
/// does not type one.
pub fn random_password() -> DomainResult<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    (0..16).map(|_| Ok(ALPHABET[(crate::codes::random_u32()? as usize) % ALPHABET.len()] as char)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fresh_db;

    #[tokio::test]
    async fn a_district_and_its_first_official_start_a_deployment() {
        let db = fresh_db().await;
        let new = || NewDistrict {
            city_code: "2201".into(),
            city_name: "长春市".into(),
            code: "220173".into(),
            name: "净月区".into(),
            policy: "000".into(),
            from: NaiveDate::from_ymd_opt(2026, 9, 1).expect("d"),
        };
        let d = add_district(&db.write, new(), crate::clock::Clock::default().now()).await.expect("district");
        assert!(matches!(add_district(&db.write, new(), crate::clock::Clock::default().now()).await, Err(DomainError::Conflict(Clash::DistrictExists))));
        assert!(matches!(add_district(&db.write, NewDistrict { policy: "999".into(), code: "x".into(), ..new() }, crate::clock::Clock::default().now()).await, Err(DomainError::Invalid { field: "policy", .. })));
        let pw = random_password().expect("pw");
        assert_eq!(pw.len(), 16);
        let password = || Password::new(pw.clone()).expect("pw");
        add_account(&db.write, (Role::BureauOfficial, None), Scope::District("220173".into()), "zhang", "张老师", password(), crate::clock::Clock::default().now()).await.expect("official");
        let unknown = add_account(&db.write, (Role::BureauOfficial, None), Scope::District("999999".into()), "li", "李", password(), crate::clock::Clock::default().now()).await;
        assert!(matches!(unknown, Err(DomainError::NotFound)));
        let signed = auth::sign_in(&db.write, &auth::AuthSettings::default(), "zhang", pw.clone(), "cli", crate::clock::Clock::default().now()).await.expect("signs in");
        assert!(signed.actor.may(crate::authz::Action::ViewDistrict, &crate::authz::Target::District(d)));
        let school = add_school(&db.write, "220173", "净月小学", SchoolKind::District, "长春", crate::clock::Clock::default().now()).await.expect("school");
        let wrong_scope = add_account(&db.write, (Role::SchoolAdmin, None), Scope::District("220173".into()), "wang", "王", password(), crate::clock::Clock::default().now()).await;
        assert!(matches!(wrong_scope, Err(DomainError::Invalid { field: "scope", .. })));
        add_account(&db.write, (Role::SchoolAdmin, None), Scope::School(school), "wang", "王校长", password(), crate::clock::Clock::default().now()).await.expect("admin");
        let admin = auth::sign_in(&db.write, &auth::AuthSettings::default(), "wang", pw, "cli", crate::clock::Clock::default().now()).await.expect("signs in").actor;
        let place = crate::authz::Place { district: Some(d), school: Some(school), ..Default::default() };
        assert!(admin.may(crate::authz::Action::ManageSchool, &crate::authz::Target::School(place)));
    }
}
