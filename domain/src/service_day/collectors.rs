//! Who may collect each child: the guardians and the pickup persons they
//! named, each marked when a photo of them is on file.
use wire::service_day::Collector;
use crate::entities::{guardian, pickup_person, pickup_photo};
use crate::error::DomainResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

/// Everyone who may collect each child, in two queries.
pub(crate) async fn collectors<C: ConnectionTrait>(db: &C, children: &HashMap<i64, crate::places::StudentAt>) -> DomainResult<HashMap<i64, Vec<Collector>>> {
    let guardians: HashMap<i64, guardian::Model> = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(children.values().flat_map(|s| s.guardians.iter().map(|g| g.0))))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut out: HashMap<i64, Vec<Collector>> = HashMap::new();
    for (id, s) in children {
        out.entry(*id).or_default().extend(
            s.guardians.iter().filter_map(|g| guardians.get(&g.0)).map(|g| Collector { choice: format!("g{}", g.id), name: g.name.clone(), relation: String::new(), photo: false }),
        );
    }
    for p in pickup_person::Entity::find()
        .filter(pickup_person::Column::StudentId.is_in(children.keys().copied()))
        .filter(pickup_person::Column::RemovedAt.is_null())
        .order_by_asc(pickup_person::Column::Id)
        .all(db)
        .await?
    {
        out.entry(p.student_id).or_default().push(Collector { choice: format!("p{}", p.id), name: p.name, relation: p.relation, photo: false });
    }
    let photos = crate::service_day::collectors::present(db, &children.keys().copied().collect::<Vec<_>>()).await?;
    for (child, list) in out.iter_mut() {
        for c in list.iter_mut() {
            c.photo = photos.contains(&(*child, c.choice.clone()));
        }
    }
    Ok(out)
}

/// Which of these children's collectors have a photo, without reading them.
pub(crate) async fn present<C: ConnectionTrait>(db: &C, children: &[i64]) -> DomainResult<HashSet<(i64, String)>> {
    Ok(pickup_photo::Entity::find()
        .select_only()
        .column(pickup_photo::Column::StudentId)
        .column(pickup_photo::Column::Collector)
        .filter(pickup_photo::Column::StudentId.is_in(children.iter().copied()))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
