//! Who sits where on a tender: its panel members, and the vendor acting.
use crate::authz::{Actor, Panel};
use crate::entities::tender_panel;
use crate::error::{DomainError, DomainResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The tender's panel members: account id → panel.
pub(crate) async fn panel<C: ConnectionTrait>(db: &C, tender: i64) -> DomainResult<Vec<(i64, Panel)>> {
    Ok(tender_panel::Entity::find()
        .filter(tender_panel::Column::TenderId.eq(tender))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| Panel::parse(&p.panel).map(|panel| (p.account_id, panel)))
        .collect())
}

/// The actor's seat on the tender's panel, if any.
pub(crate) async fn seat<C: ConnectionTrait>(db: &C, actor: &Actor, tender: i64) -> DomainResult<Option<Panel>> {
    Ok(panel(db, tender).await?.into_iter().find(|(a, _)| *a == actor.account.0).map(|(_, p)| p))
}

/// The `Forbidden` a vendor gets for another vendor's, or an unknown, thing.
pub(crate) fn own_vendor(actor: &Actor) -> DomainResult<i64> {
    actor.grants.iter().find_map(|g| g.vendor()).map(|v| v.0).ok_or(DomainError::Forbidden)
}
