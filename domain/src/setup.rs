//! What an operator does from the command line before anyone can sign in:
//! a district (with its city and its policy from one of the five presets)
//! and the district's first bureau official. Nothing here has a known
//! password: the operator types one or is given a random one, once.
use crate::audit::{self, Event};
use crate::auth::password::Password;
use crate::auth::{self, NewAccount};
use crate::authz::{Role, ScopeKind};
use crate::entities::{city, district};
use crate::error::{DomainError, DomainResult};
use crate::ids::{AccountId, DistrictId};
use crate::policy;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession, TransactionTrait};
use serde_json::json;

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
pub async fn add_district<C: ConnectionTrait + TransactionTrait>(db: &C, new: NewDistrict) -> DomainResult<DistrictId> {
    for (field, v) in [("city_code", &new.city_code), ("city_name", &new.city_name), ("code", &new.code), ("name", &new.name)] {
        if v.trim().is_empty() {
            return Err(DomainError::invalid(field, "required"));
        }
    }
    let settings = policy::preset(&new.policy).ok_or(DomainError::invalid("policy", "unknown_preset"))?;
    let txn = db.begin().await?;
    if district::Entity::find().filter(district::Column::Code.eq(new.code.trim())).one(&txn).await?.is_some() {
        return Err(DomainError::Conflict("district"));
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
    policy::publish(&txn, DistrictId(d.id), new.from, &settings).await?;
    audit::record(&txn, Event::new(None, "district.created", format!("district:{}", d.id), json!({"code": d.code, "policy": new.policy})))
        .await?;
    txn.commit().await?;
    Ok(DistrictId(d.id))
}

/// Creates a bureau official of the district with code `district_code`.
pub async fn add_official<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    district_code: &str,
    username: &str,
    display_name: &str,
    password: Password,
) -> DomainResult<AccountId> {
    let d = district::Entity::find().filter(district::Column::Code.eq(district_code.trim())).one(db).await?.ok_or(DomainError::NotFound)?;
    if username.trim().is_empty() {
        return Err(DomainError::invalid("username", "required"));
    }
    let new = NewAccount { phone: None, username: Some(username.into()), display_name: display_name.into(), password };
    auth::create_account(db, None, new, &[(Role::BureauOfficial, ScopeKind::District, d.id, None)]).await
}

/// A password of 16 letters and digits (about 95 bits), for an operator who
/// does not type one.
pub fn random_password() -> DomainResult<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    (0..16).map(|_| Ok(ALPHABET[(crate::registration::random_u32()? as usize) % ALPHABET.len()] as char)).collect()
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
        let d = add_district(&db.write, new()).await.expect("district");
        assert!(matches!(add_district(&db.write, new()).await, Err(DomainError::Conflict("district"))));
        assert!(matches!(add_district(&db.write, NewDistrict { policy: "999".into(), code: "x".into(), ..new() }).await, Err(DomainError::Invalid { field: "policy", .. })));
        let pw = random_password().expect("pw");
        assert_eq!(pw.len(), 16);
        add_official(&db.write, "220173", "zhang", "张老师", Password::new(pw.clone()).expect("pw")).await.expect("official");
        assert!(matches!(add_official(&db.write, "999999", "li", "李", Password::new(pw.clone()).expect("pw")).await, Err(DomainError::NotFound)));
        let signed = auth::sign_in(&db.write, &auth::AuthSettings::default(), "zhang", pw, "cli").await.expect("signs in");
        assert!(signed.actor.may(crate::authz::Action::ViewDistrict, &crate::authz::Target::District(d)));
    }
}
