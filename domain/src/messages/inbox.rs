//! The guardian's inbox (P9). Every notice is stored as data (the reader's
//! page renders it in their language) and queued in the outbox for a sender
//! (SMS, messaging app) to deliver to the guardian's phone later.
use crate::store::{batch, bulk};
use crate::entities::{guardian, guardian_student, inbox_message, outbox_message};
use crate::error::{DomainError, DomainResult};
use crate::ids::{ApplicationId, GuardianId, MessageId, StudentId};
use chrono::SecondsFormat;
use std::collections::HashMap;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
pub use wire::inbox::{InboxItem, Notice};

/// The channel every outbox message goes to until guardians can choose.
pub const SMS: &str = "sms";

/// What a notice is about.
#[derive(Clone, Copy)]
pub struct About<'a> {
    pub application: Option<ApplicationId>,
    pub student_name: &'a str,
    pub plan_title: &'a str,
}

/// Puts `notice` in the guardian's inbox and queues it for their phone.
/// Call it in the transaction that makes the change it reports.
pub async fn notify<C: ConnectionTrait>(db: &C, to: GuardianId, about: About<'_>, notice: &Notice, now: chrono::DateTime<chrono::Utc>) -> DomainResult<MessageId> {
    let ids = notify_all(db, [(to, about, notice)], now).await?;
    ids.into_iter().next().ok_or_else(|| DomainError::Internal("a notice was not stored".into()))
}

/// `notify` for many guardians at once, with three statements in all.
pub async fn notify_all<'a, C: ConnectionTrait>(
    db: &C,
    notes: impl IntoIterator<Item = (GuardianId, About<'a>, &'a Notice)>,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<Vec<MessageId>> {
    let mut sent = Vec::new();
    let mut rows = Vec::new();
    for (to, about, notice) in notes {
        sent.push((to.0, about.application.map(|a| a.0)));
        rows.push(inbox_message::ActiveModel {
            guardian_id: Set(to.0),
            application_id: Set(about.application.map(|a| a.0)),
            notice: Set(serde_json::to_string(notice)?),
            student_name: Set(about.student_name.into()),
            plan_title: Set(about.plan_title.into()),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        });
    }
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut stored = bulk::insert_returning(db, rows).await?;
    // Ids are handed out in insert order, so sorting by id restores it.
    stored.sort_by_key(|m| m.id);
    if stored.len() != sent.len() || stored.iter().zip(&sent).any(|(m, s)| (m.guardian_id, m.application_id) != *s) {
        return Err(DomainError::Internal("stored notices do not match those sent".into()));
    }
    let mut to: Vec<i64> = sent.iter().map(|s| s.0).collect();
    to.sort_unstable();
    to.dedup();
    let phones: HashMap<i64, String> = guardian::Entity::find()
        .filter(batch::one_of(db.get_database_backend(), guardian::Column::Id, to))
        .all(db)
        .await?
        .into_iter()
        .filter(|g| !g.phone.is_empty())
        .map(|g| (g.id, g.phone))
        .collect();
    let outbox = stored.iter().filter_map(|m| {
        Some(outbox_message::ActiveModel {
            inbox_message_id: Set(Some(m.id)),
            body: Set(None),
            channel: Set(SMS.into()),
            recipient: Set(phones.get(&m.guardian_id)?.clone()),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        })
    });
    bulk::insert(db, outbox.collect()).await?;
    Ok(stored.into_iter().map(|m| MessageId(m.id)).collect())
}

/// `notify_all`, to every guardian linked to each child now, whoever
/// applied: a second parent hears too, and a guardian whose link was removed
/// hears nothing more. One query finds the links.
pub async fn notify_guardians<'a, C: ConnectionTrait>(
    db: &C,
    notes: impl IntoIterator<Item = (StudentId, About<'a>, &'a Notice)>,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<Vec<MessageId>> {
    let notes: Vec<_> = notes.into_iter().collect();
    let mut guardians: HashMap<i64, Vec<GuardianId>> = HashMap::new();
    for link in guardian_student::Entity::find()
        .filter(guardian_student::Column::StudentId.is_in(notes.iter().map(|(s, _, _)| s.0)))
        .order_by_asc(guardian_student::Column::Id)
        .all(db)
        .await?
    {
        guardians.entry(link.student_id).or_default().push(GuardianId(link.guardian_id));
    }
    let mut to = Vec::new();
    for (student, about, notice) in notes {
        for g in guardians.get(&student.0).map(Vec::as_slice).unwrap_or_default() {
            to.push((*g, about, notice));
        }
    }
    notify_all(db, to, now).await
}

/// The actor's inbox, newest first.
pub async fn list(cx: &crate::Ctx) -> DomainResult<Vec<InboxItem>> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let families: Vec<i64> = actor.families().map(|g| g.0).collect();
    if families.is_empty() {
        return Err(DomainError::Forbidden);
    }
    let rows = inbox_message::Entity::find()
        .filter(inbox_message::Column::GuardianId.is_in(families))
        .order_by_desc(inbox_message::Column::Id)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|m| {
            Ok(InboxItem {
                id: MessageId(m.id),
                notice: serde_json::from_str(&m.notice)?,
                application: m.application_id.map(ApplicationId),
                student_name: m.student_name,
                plan_title: m.plan_title,
                at: m.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                read: m.read_at.is_some(),
            })
        })
        .collect()
}

/// Marks all of the actor's messages read.
pub async fn mark_all_read(cx: &crate::Ctx) -> DomainResult<u64> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let families: Vec<i64> = actor.families().map(|g| g.0).collect();
    if families.is_empty() {
        return Err(DomainError::Forbidden);
    }
    let done = inbox_message::Entity::update_many()
        .col_expr(inbox_message::Column::ReadAt, sea_orm::sea_query::Expr::value(cx.now()))
        .filter(inbox_message::Column::GuardianId.is_in(families))
        .filter(inbox_message::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// Queues a plain text for a phone that has no inbox here (a staff
/// member's). Call it in the transaction that makes the change it reports.
pub(crate) async fn text_to<C: ConnectionTrait>(db: &C, phone: &str, body: String, now: chrono::DateTime<chrono::Utc>) -> DomainResult<()> {
    if phone.is_empty() {
        return Ok(());
    }
    use sea_orm::ActiveModelTrait;
    outbox_message::ActiveModel {
        inbox_message_id: Set(None),
        body: Set(Some(body)),
        channel: Set(SMS.into()),
        recipient: Set(phone.into()),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
