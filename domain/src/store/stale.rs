//! Marks on the bureau's statistics: a service that changes what a
//! school's month counts marks that month stale in the same transaction;
//! the dashboard recounts only marked months (`bureau::stats`).
use crate::dates::month_key;
use crate::entities::stat_stale;
use crate::error::DomainResult;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

/// Marks a school's month stale: call it in the transaction that changes
/// what the month counts.
pub async fn touch<C: ConnectionTrait>(db: &C, school: i64, on: NaiveDate) -> DomainResult<()> {
    stat_stale::Entity::insert(stat_stale::ActiveModel { school_id: Set(school), month: Set(month_key(on)), version: Set(1), ..Default::default() })
        .on_conflict(
            OnConflict::columns([stat_stale::Column::SchoolId, stat_stale::Column::Month])
                .value(stat_stale::Column::Version, Expr::col((stat_stale::Entity, stat_stale::Column::Version)).add(1))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Marks every month from `from` to `until` (a term, an enrolment).
pub async fn touch_months<C: ConnectionTrait>(db: &C, school: i64, from: NaiveDate, until: NaiveDate) -> DomainResult<()> {
    for m in crate::dates::months(from, until) {
        touch(db, school, m).await?;
    }
    Ok(())
}
