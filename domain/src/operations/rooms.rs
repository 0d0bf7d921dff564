//! A school's rooms (S3): where sessions take place, with kind and capacity.
use crate::audit::{self, Event};
use crate::authz::Action;
use crate::entities::{room, service_session};
use crate::error::{DomainError, DomainResult};
use crate::ids::{RoomId, SchoolId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
pub use wire::operations::{NewRoom, Room, RoomKind};

pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_CAPACITY: u32 = 500;
pub const MAX_ROOMS: u64 = 300;

pub(crate) fn view(r: room::Model) -> Room {
    Room { id: RoomId(r.id), name: r.name, kind: RoomKind::parse(&r.kind).unwrap_or(RoomKind::Other), capacity: r.capacity.max(0) as u32 }
}

/// The school's rooms in use, by name.
pub(crate) async fn of_school<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<Vec<Room>> {
    Ok(room::Entity::find()
        .filter(room::Column::SchoolId.eq(school))
        .filter(room::Column::RetiredAt.is_null())
        .order_by_asc(room::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

pub async fn add(cx: &crate::Ctx, school: SchoolId, new: NewRoom) -> DomainResult<RoomId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    crate::scope::school(db, actor, school, Action::ManageSchool).await?;
    let name = new.name.trim().to_string();
    if name.is_empty() {
        return Err(DomainError::invalid("name", "required"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(DomainError::invalid("name", "too_long"));
    }
    if new.capacity == 0 || new.capacity > MAX_CAPACITY {
        return Err(DomainError::invalid("capacity", "out_of_range"));
    }
    let txn = db.begin().await?;
    let s = crate::scope::school(&txn, actor, school, Action::ManageSchool).await?;
    let rooms = of_school(&txn, s.id).await?;
    if rooms.iter().any(|r| r.name == name) {
        return Err(DomainError::invalid("name", "taken"));
    }
    if rooms.len() as u64 >= MAX_ROOMS {
        return Err(DomainError::invalid("room", "too_many"));
    }
    let r = room::ActiveModel {
        school_id: Set(s.id),
        name: Set(name.clone()),
        kind: Set(new.kind.as_str().into()),
        capacity: Set(new.capacity as i32),
        created_at: Set(now),
        retired_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "room.added", format!("school:{}", s.id), json!({"room": r.id, "name": name, "kind": new.kind.as_str(), "capacity": new.capacity})),
    )
    .await?;
    txn.commit().await?;
    Ok(RoomId(r.id))
}

/// Takes a room out of use; a room a session still uses stays.
pub async fn retire(cx: &crate::Ctx, id: RoomId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let txn = db.begin().await?;
    let r = room::Entity::find_by_id(id.0).one(&txn).await?.filter(|r| r.retired_at.is_none()).ok_or(DomainError::NotFound)?;
    crate::scope::school(&txn, actor, SchoolId(r.school_id), Action::ManageSchool).await?;
    let used = service_session::Entity::find()
        .filter(service_session::Column::RoomId.eq(r.id))
        .filter(service_session::Column::RemovedAt.is_null())
        .count(&txn)
        .await?;
    if used > 0 {
        return Err(DomainError::invalid("room", "in_use"));
    }
    room::Entity::update_many()
        .col_expr(room::Column::RetiredAt, Expr::value(now))
        .filter(room::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "room.retired", format!("school:{}", r.school_id), json!({"room": r.id})))
        .await?;
    txn.commit().await?;
    Ok(())
}
