//! What is left of each charge: the waivers and refunds given back on it so far.
use crate::entities::charge;
use crate::error::DomainResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use wire::money::PostingKind;

/// What was given back on a charge so far.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct GivenBack {
    pub waived: i64,
    /// On withdrawal (or from a surplus).
    pub refunded: i64,
}

/// What was given back on each of these charges: grouped sums, one query
/// per 5,000 charges.
pub(crate) async fn given_back<C: ConnectionTrait>(db: &C, charges: &[charge::Model]) -> DomainResult<HashMap<i64, GivenBack>> {
    let mut out: HashMap<i64, GivenBack> = HashMap::new();
    for chunk in charges.chunks(5_000) {
        let rows: Vec<(i64, String, i64)> = crate::entities::ledger_posting::Entity::find()
            .select_only()
            .column(crate::entities::ledger_posting::Column::ChargeId)
            .column(crate::entities::ledger_posting::Column::Kind)
            .column_as(sea_orm::sea_query::Expr::cust("CAST(SUM(amount_fen) AS BIGINT)"), "total")
            .filter(crate::entities::ledger_posting::Column::ChargeId.is_in(chunk.iter().map(|c| c.id)))
            .filter(crate::entities::ledger_posting::Column::Kind.is_in([PostingKind::Waiver.as_str(), PostingKind::Refund.as_str(), PostingKind::SurplusRefund.as_str()]))
            .group_by(crate::entities::ledger_posting::Column::ChargeId)
            .group_by(crate::entities::ledger_posting::Column::Kind)
            .into_tuple()
            .all(db)
            .await?;
        for (charge, kind, n) in rows {
            let e = out.entry(charge).or_default();
            if kind == PostingKind::Waiver.as_str() {
                e.waived += n;
            } else {
                e.refunded += n;
            }
        }
    }
    Ok(out)
}

/// Each charge with what it comes to after waivers and refunds so far.
pub(crate) async fn with_net<C: ConnectionTrait>(db: &C, charges: Vec<charge::Model>) -> DomainResult<Vec<(charge::Model, i64)>> {
    let given = given_back(db, &charges).await?;
    Ok(charges
        .into_iter()
        .map(|c| {
            let g = given.get(&c.id).copied().unwrap_or_default();
            let net = c.amount_fen - g.waived - g.refunded;
            (c, net)
        })
        .collect())
}
