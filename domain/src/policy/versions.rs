//! A district's policy over time: each version in force from its date.
use crate::entities::district_policy;
use crate::error::{DomainError, DomainResult};
use crate::ids::DistrictId;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use super::settings::PolicySettings;

/// Stores a new version of a district's policy, in force from `effective_from`.
pub async fn publish<C: ConnectionTrait>(
    db: &C,
    district: DistrictId,
    effective_from: NaiveDate,
    settings: &PolicySettings,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<i32> {
    settings.validate()?;
    let latest = district_policy::Entity::find()
        .filter(district_policy::Column::DistrictId.eq(district.0))
        .order_by_desc(district_policy::Column::Version)
        .one(db)
        .await?;
    let version = latest.map_or(1, |p| p.version + 1);
    district_policy::ActiveModel {
        district_id: Set(district.0),
        version: Set(version),
        effective_from: Set(effective_from),
        settings: Set(serde_json::to_string(settings).map_err(|e| DomainError::Internal(e.to_string()))?),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(version)
}

/// The policy in force in `district` on `date`: the highest version whose
/// start date is not after `date`.
pub async fn in_force<C: ConnectionTrait>(
    db: &C,
    district: DistrictId,
    date: NaiveDate,
) -> DomainResult<(i32, PolicySettings)> {
    let row = district_policy::Entity::find()
        .filter(district_policy::Column::DistrictId.eq(district.0))
        .filter(district_policy::Column::EffectiveFrom.lte(date))
        .order_by_desc(district_policy::Column::EffectiveFrom)
        .order_by_desc(district_policy::Column::Version)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let settings = serde_json::from_str(&row.settings)
        .map_err(|e| DomainError::Internal(format!("stored policy {} unreadable: {e}", row.id)))?;
    Ok((row.version, settings))
}
