//! What staff note about a child during the day, told to every guardian at
//! once (非正常缺席、擅自离校、身体和心理的异常状况 [000 att.2 §18]). An unwell
//! child is kept out of sports unless a guardian agrees [000 att.2 §9].
use crate::audit::{self, Event};
use crate::entities::day_note;
use crate::error::{DomainError, DomainResult};
use crate::ids::{DayNoteId, SessionId, StudentId};
use crate::messages::inbox::{self, About, Notice};
use crate::service_day::day::{guests, published, serving};
use crate::places::student_at;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use std::collections::HashSet;
pub use wire::service_day::{DayNote, NewDayNote, NoteKind};

pub const MAX_NOTE_CHARS: usize = 500;

pub(crate) fn view(n: &day_note::Model) -> DayNote {
    DayNote {
        id: DayNoteId(n.id),
        kind: NoteKind::parse(&n.kind).unwrap_or(NoteKind::Health),
        note: n.note.clone(),
        at: n.at.to_rfc3339(),
        sports_agreed: n.sports_agreed_at.is_some(),
    }
}

/// The notes on `children` on `on`, oldest first.
pub(crate) async fn of_day<C: ConnectionTrait>(db: &C, children: &[i64], on: NaiveDate) -> DomainResult<Vec<day_note::Model>> {
    Ok(day_note::Entity::find()
        .filter(day_note::Column::StudentId.is_in(children.iter().copied()))
        .filter(day_note::Column::OnDate.eq(on))
        .order_by_asc(day_note::Column::Id)
        .all(db)
        .await?)
}

/// Of `children`, those noted unwell on `on` whose guardian has not agreed
/// to sports.
pub(crate) async fn unwell_without_agreement<C: ConnectionTrait>(db: &C, children: &[i64], on: NaiveDate) -> DomainResult<HashSet<i64>> {
    Ok(kept_out(&of_day(db, children, on).await?))
}

/// Who the notes keep out of sports.
pub(crate) fn kept_out(notes: &[day_note::Model]) -> HashSet<i64> {
    notes.iter().filter(|n| n.kind == NoteKind::Unwell.as_str() && n.sports_agreed_at.is_none()).map(|n| n.student_id).collect()
}

/// Notes something about a child in the session today and tells every
/// guardian.
pub async fn add(cx: &crate::Ctx, session: SessionId, child: StudentId, new: NewDayNote) -> DomainResult<DayNoteId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let note = new.note.trim().to_string();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(DomainError::invalid("note", "too_long"));
    }
    if note.is_empty() && new.kind != NoteKind::Unwell {
        return Err(DomainError::invalid("note", "required"));
    }
    let on = crate::clock::local_date(now);
    let p = published(db, session).await?;
    serving(db, actor, &p, on, true).await?;
    crate::service_day::day::runs_on(db, &p, on).await?;
    if !p.group.contains(&child.0) && !guests(db, session, on).await?.iter().any(|g| g.student_id == child.0) {
        return Err(DomainError::invalid("student", "not_in_group"));
    }
    let st = student_at(db, child.0).await?;
    let txn = db.begin().await?;
    let n = day_note::ActiveModel {
        school_id: Set(p.school.id),
        student_id: Set(child.0),
        on_date: Set(on),
        session_id: Set(session.0),
        kind: Set(new.kind.as_str().into()),
        note: Set(note.clone()),
        account_id: Set(actor.account.0),
        at: Set(now),
        sports_agreed_by: Set(None),
        sports_agreed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "day_note.added", format!("student:{child}"), json!({"note": n.id, "kind": new.kind.as_str(), "session": session.0})))
        .await?;
    let notice = Notice::DayNote { on: on.to_string(), note_kind: new.kind, note };
    inbox::notify_guardians(&txn, [(child, About { application: None, student_name: &st.row.name, plan_title: &p.plan.title }, &notice)], cx.now()).await?;
    txn.commit().await?;
    Ok(DayNoteId(n.id))
}

/// A guardian agrees that the child noted unwell may still do sports today
/// (如有特殊情况，应事先征求家长意见 [000 att.2 §9]).
pub async fn agree_to_sports(cx: &crate::Ctx, id: DayNoteId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let n = day_note::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let (_, guardian) = crate::scope::child(db, actor, StudentId(n.student_id)).await?;
    if n.kind != NoteKind::Unwell.as_str() {
        return Err(DomainError::NotFound);
    }
    if n.on_date != crate::clock::local_date(now) {
        return Err(DomainError::invalid("note", "not_today"));
    }
    let txn = db.begin().await?;
    let done = day_note::Entity::update_many()
        .col_expr(day_note::Column::SportsAgreedBy, Expr::value(guardian.0))
        .col_expr(day_note::Column::SportsAgreedAt, Expr::value(now))
        .filter(day_note::Column::Id.eq(n.id))
        .filter(day_note::Column::SportsAgreedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Ok(());
    }
    audit::record(&txn, now, Event::new(Some(actor.account), "day_note.sports_agreed", format!("student:{}", n.student_id), json!({"note": n.id}))).await?;
    txn.commit().await?;
    Ok(())
}
