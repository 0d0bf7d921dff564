//! Handover and pickup (S6, P8): at the end each child goes home with a
//! guardian or an authorised pickup person who shows the child's pickup
//! code, walks home alone where the guardian agreed, or leaves early on a
//! confirmed leave slip. Refused attempts are recorded and told to the
//! guardians and the duty leader; children still here after the end are
//! stranded and escalate to the duty leader (无缝对接 [000 att.2 §7]).
use crate::audit::{self, Event};
use crate::authz::Actor;
use crate::entities::{day_guest, escalation, handover, handover_refusal, pickup_arrangement, school};
use crate::error::{DomainError, DomainResult, duplicate_as, is_duplicate};
use crate::ids::{SessionId, StudentId};
use crate::messages::inbox::{self, About, Notice};
use crate::service_day::day::{Published, ended, guests, marks, published, runs_on, serving, sessions_on, time_of_day};
use crate::service_day::{duty, leave, notes};
use crate::places::{student_at, students_by_id};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set, TransactionSession, TransactionTrait};
use serde_json::json;
use wire::service_day::PickupRefusal;
use std::collections::{HashMap, HashSet};
pub use wire::service_day::{Collector, HandoverForm, HandoverWay, Stranded};

/// How long after the end a child still here is escalated to the duty leader.
pub const ESCALATE_AFTER: Duration = Duration::minutes(15);
pub const MAX_CLAIMED_CHARS: usize = 40;
/// Refused attempts for one child in a day before only the day's duty
/// leader may hand the child over (a six-digit code is not guessed by trying).
pub const MAX_REFUSALS_A_DAY: u64 = 5;
pub const MAX_REASON_CHARS: usize = 200;

fn new_code() -> DomainResult<String> {
    Ok(format!("{:06}", crate::codes::random_u32()? % 1_000_000))
}

/// The child's arrangement, made (with a fresh code) the first time a
/// guardian asks for it.
pub async fn arrangement<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId, now: DateTime<Utc>) -> DomainResult<pickup_arrangement::Model> {
    let (_, guardian) = crate::scope::child(db, actor, child).await?;
    if let Some(a) = pickup_arrangement::Entity::find().filter(pickup_arrangement::Column::StudentId.eq(child.0)).one(db).await? {
        return Ok(a);
    }
    let made = pickup_arrangement::ActiveModel {
        student_id: Set(child.0),
        code: Set(new_code()?),
        walks_alone: Set(false),
        guardian_id: Set(guardian.0),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match made {
        Ok(a) => Ok(a),
        // Two guardians' phones at once: the first one's code stands.
        Err(e) if is_duplicate(&e) => {
            pickup_arrangement::Entity::find().filter(pickup_arrangement::Column::StudentId.eq(child.0)).one(db).await?.ok_or(DomainError::NotFound)
        }
        Err(e) => Err(e.into()),
    }
}

/// A guardian changes the arrangement: a new code (the old one stops
/// working), or whether the child may walk home alone.
pub async fn change(cx: &crate::Ctx, child: StudentId, renew_code: bool, walks_alone: Option<bool>) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let a = arrangement(db, actor, child, now).await?;
    let (_, guardian) = crate::scope::child(db, actor, child).await?;
    let txn = db.begin().await?;
    let mut update = pickup_arrangement::Entity::update_many()
        .col_expr(pickup_arrangement::Column::GuardianId, Expr::value(guardian.0))
        .col_expr(pickup_arrangement::Column::UpdatedAt, Expr::value(now));
    if renew_code {
        update = update.col_expr(pickup_arrangement::Column::Code, Expr::value(new_code()?));
    }
    if let Some(w) = walks_alone {
        update = update.col_expr(pickup_arrangement::Column::WalksAlone, Expr::value(w));
    }
    update.filter(pickup_arrangement::Column::Id.eq(a.id)).exec(&txn).await?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "pickup.arrangement_changed", format!("student:{child}"), json!({"new_code": renew_code, "walks_alone": walks_alone})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the child is in the session on `on`: its group, or staying behind.
async fn in_session<C: ConnectionTrait>(db: &C, p: &Published, on: NaiveDate, child: i64) -> DomainResult<bool> {
    Ok(p.group.contains(&child) || guests(db, p.id(), on).await?.iter().any(|g| g.student_id == child))
}

/// Hands a child over at the end of the session today, or refuses and
/// records why. A refused attempt is stored and told even though the
/// call fails.
pub async fn hand_over(cx: &crate::Ctx, form: HandoverForm) -> DomainResult<HandoverWay> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let on = form.on;
    if on != crate::clock::local_date(now) {
        return Err(DomainError::invalid("on_date", "not_today"));
    }
    let p = published(db, form.session).await?;
    serving(db, actor, &p, on, true).await?;
    runs_on(db, &p, on).await?;
    let child = form.student.0;
    if !in_session(db, &p, on, child).await? {
        return Err(DomainError::invalid("student", "not_in_group"));
    }
    if p.group.contains(&child) {
        let m = marks(db, &[p.id().0], on, |_| p.group.clone()).await?;
        match m.get(&p.id().0).and_then(|m| m.present.get(&child)) {
            None => return Err(DomainError::invalid("attendance", "not_taken")),
            Some(false) => return Err(DomainError::invalid("student", "not_present")),
            Some(true) => {}
        }
    }
    if handover::Entity::find().filter(handover::Column::StudentId.eq(child)).filter(handover::Column::OnDate.eq(on)).one(db).await?.is_some() {
        return Err(DomainError::invalid("handover", "already_done"));
    }
    let refused = handover_refusal::Entity::find()
        .filter(handover_refusal::Column::StudentId.eq(child))
        .filter(handover_refusal::Column::OnDate.eq(on))
        .count(db)
        .await?;
    if refused >= MAX_REFUSALS_A_DAY && !duty::leader(db, p.school.id, on).await?.is_some_and(|l| l.account_id == Some(actor.account.0)) {
        return Err(DomainError::invalid("pickup_code", "too_many_refusals"));
    }
    let st = student_at(db, child).await?;
    let who = crate::service_day::collectors::collectors(db, &HashMap::from([(child, st.clone())])).await?.remove(&child).unwrap_or_default();
    let arrangement = pickup_arrangement::Entity::find().filter(pickup_arrangement::Column::StudentId.eq(child)).one(db).await?;
    let claimed = form.claimed.trim();
    if claimed.chars().count() > MAX_CLAIMED_CHARS {
        return Err(DomainError::invalid("claimed", "too_long"));
    }
    let (way, chosen) = match form.collector.as_str() {
        "alone" => {
            if !arrangement.as_ref().is_some_and(|a| a.walks_alone) {
                return Err(DomainError::invalid("collector", "not_agreed_alone"));
            }
            (HandoverWay::WalksAlone, None)
        }
        c => match who.iter().find(|x| x.choice == c) {
            Some(x) => (if c.starts_with('g') { HandoverWay::Guardian } else { HandoverWay::PickupPerson }, Some(x)),
            None => {
                let name = if claimed.is_empty() { "?" } else { claimed };
                refuse(db, actor, &p, on, child, &st.row.name, name, PickupRefusal::NotAuthorised, now).await?;
                return Err(DomainError::invalid("collector", "not_authorised"));
            }
        },
    };
    if let Some(x) = chosen {
        let code = form.code.trim();
        if code.is_empty() {
            return Err(DomainError::invalid("pickup_code", "required"));
        }
        if arrangement.as_ref().is_none_or(|a| a.code != code) {
            refuse(db, actor, &p, on, child, &st.row.name, &x.name, PickupRefusal::WrongCode, now).await?;
            return Err(DomainError::invalid("pickup_code", "wrong"));
        }
    }
    let slips = leave::of_day(db, &[child], on).await?;
    let slip = slips.iter().find(|s| s.confirmed_at.is_some());
    let early = time_of_day(now) < p.last_end_for(child);
    if early && slip.is_none() {
        return Err(DomainError::invalid("handover", "early_without_slip"));
    }
    let (guardian_id, person_id) = match chosen.map(|x| x.choice.as_str()) {
        Some(c) if c.starts_with('g') => (c[1..].parse().ok(), None),
        Some(c) => (None, c[1..].parse().ok()),
        None => (None, None),
    };
    let to_name = chosen.map(|x| if x.relation.is_empty() { x.name.clone() } else { format!("{}（{}）", x.name, x.relation) }).unwrap_or_default();
    let txn = db.begin().await?;
    let done = handover::ActiveModel {
        school_id: Set(p.school.id),
        student_id: Set(child),
        on_date: Set(on),
        session_id: Set(p.id().0),
        way: Set(way.as_str().into()),
        guardian_id: Set(guardian_id),
        pickup_person_id: Set(person_id),
        leave_slip_id: Set(early.then(|| slip.map(|s| s.id)).flatten()),
        to_name: Set(to_name.clone()),
        account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let done = match done {
        Ok(d) => d,
        Err(e) if is_duplicate(&e) => {
            return Err(DomainError::invalid("handover", "already_done"));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "pickup.handed_over",
            format!("student:{child}"),
            json!({"handover": done.id, "session": p.id().0, "way": way.as_str(), "guardian": guardian_id, "person": person_id, "slip": done.leave_slip_id}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(way)
}

/// Stores a refused pickup and tells the guardians and the duty leader.
#[allow(clippy::too_many_arguments)]
async fn refuse<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    p: &Published,
    on: NaiveDate,
    child: i64,
    child_name: &str,
    claimed: &str,
    reason: PickupRefusal,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let txn = db.begin().await?;
    let r = handover_refusal::ActiveModel {
        school_id: Set(p.school.id),
        student_id: Set(child),
        on_date: Set(on),
        session_id: Set(p.id().0),
        claimed: Set(claimed.into()),
        reason: Set(reason.as_str().into()),
        account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "pickup.refused", format!("student:{child}"), json!({"refusal": r.id, "claimed": claimed, "reason": reason.as_str()})))
        .await?;
    let notice = Notice::PickupRefused { on: on.to_string(), claimed: claimed.into() };
    inbox::notify_guardians(&txn, [(StudentId(child), About { application: None, student_name: child_name, plan_title: &p.plan.title }, &notice)], now).await?;
    if let Some(leader) = duty::leader(&txn, p.school.id, on).await? {
        inbox::text_to(&txn, &leader.phone, format!("【贝蕾】{} {}：{} 接 {} 被拒（{}），请到校门处理。", p.school.name, on, claimed, child_name, reason_text(reason)), now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Chinese only: the SMS gateway's texts are (a known gap, like the
/// sign-in code's).
fn reason_text(reason: PickupRefusal) -> &'static str {
    match reason {
        PickupRefusal::WrongCode => "接送码不符",
        PickupRefusal::NotAuthorised => "不在授权接送人名单",
    }
}

/// Adds a child of the school (by student number) who is not in the
/// session's group but stays behind today, so the child is cared for and
/// handed over too [001].
pub async fn add_guest(cx: &crate::Ctx, session: SessionId, student_no: &str, reason: &str) -> DomainResult<StudentId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let on = crate::clock::local_date(now);
    let p = published(db, session).await?;
    serving(db, actor, &p, on, true).await?;
    runs_on(db, &p, on).await?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DomainError::invalid("reason", "required"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(DomainError::invalid("reason", "too_long"));
    }
    let child = crate::entities::student::Entity::find()
        .filter(crate::entities::student::Column::SchoolId.eq(p.school.id))
        .filter(crate::entities::student::Column::StudentNo.eq(student_no.trim()))
        .one(db)
        .await?
        .map(|s| StudentId(s.id))
        .ok_or(DomainError::invalid("student", "not_at_school"))?;
    if in_session(db, &p, on, child.0).await? {
        return Err(DomainError::invalid("student", "already_in_session"));
    }
    let txn = db.begin().await?;
    day_guest::ActiveModel {
        school_id: Set(p.school.id),
        session_id: Set(session.0),
        on_date: Set(on),
        student_id: Set(child.0),
        reason: Set(reason.into()),
        account_id: Set(actor.account.0),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_as("student", "already_in_session"))?;
    audit::record(&txn, now, Event::new(Some(actor.account), "day_guest.added", format!("student:{child}"), json!({"session": session.0, "reason": reason}))).await?;
    txn.commit().await?;
    Ok(child)
}

/// The children still at a school on `on` after their last session ended
/// by `now`: present, not handed over, not noted as gone.
pub async fn stranded<C: ConnectionTrait>(db: &C, s: &school::Model, on: NaiveDate, now: DateTime<Utc>) -> DomainResult<Vec<Stranded>> {
    let sessions: Vec<Published> = sessions_on(db, s, on).await?.into_iter().filter(|p| ended(on, p.session.ends_at, now)).collect();
    let ids: Vec<i64> = sessions.iter().map(|p| p.id().0).collect();
    let groups: HashMap<i64, Vec<i64>> = sessions.iter().map(|p| (p.id().0, p.group.clone())).collect();
    let marks = marks(db, &ids, on, |s| groups.get(&s).cloned().unwrap_or_default()).await?;
    let staying = day_guest::Entity::find().filter(day_guest::Column::SessionId.is_in(ids.clone())).filter(day_guest::Column::OnDate.eq(on)).all(db).await?;
    let mut here: Vec<(i64, &Published)> = Vec::new();
    for p in &sessions {
        if let Some(m) = marks.get(&p.id().0) {
            here.extend(m.present.iter().filter(|(c, present)| **present && p.is_last_for(**c)).map(|(c, _)| (*c, p)));
        }
        here.extend(staying.iter().filter(|g| g.session_id == p.id().0).map(|g| (g.student_id, p)));
    }
    let children: Vec<i64> = here.iter().map(|(c, _)| *c).collect();
    let gone: HashSet<i64> = handover::Entity::find()
        .select_only()
        .column(handover::Column::StudentId)
        .filter(handover::Column::StudentId.is_in(children.clone()))
        .filter(handover::Column::OnDate.eq(on))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .chain(notes::of_day(db, &children, on).await?.into_iter().filter(|n| n.kind == notes::NoteKind::LeftWithoutHandover.as_str()).map(|n| n.student_id))
        .collect();
    let escalated: HashSet<i64> = escalation::Entity::find()
        .filter(escalation::Column::StudentId.is_in(children.clone()))
        .filter(escalation::Column::OnDate.eq(on))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.student_id)
        .collect();
    let students = crate::places::students_at(db, &children).await?;
    let classes = crate::places::class_names(db, students.values().map(|s| s.row.class_id)).await?;
    let mut out: Vec<Stranded> = here
        .into_iter()
        .filter(|(c, _)| !gone.contains(c))
        .filter_map(|(c, p)| {
            let st = students.get(&c)?;
            Some(Stranded {
                student: StudentId(c),
                name: st.row.name.clone(),
                class_name: classes.get(&st.row.class_id).cloned().unwrap_or_default(),
                session: p.id(),
                ended_at: p.session.ends_at,
                escalated: escalated.contains(&c),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.ended_at, &a.class_name, &a.name).cmp(&(b.ended_at, &b.class_name, &b.name)));
    out.dedup_by_key(|s| s.student);
    Ok(out)
}

/// Tells the duty leader (by text) and the guardians (inbox) about each
/// child still here `ESCALATE_AFTER` past the end, once per child and day,
/// however many servers sweep at once. Returns how many were escalated.
pub async fn escalate<C: ConnectionTrait + TransactionTrait>(db: &C, now: DateTime<Utc>) -> DomainResult<u32> {
    let on = crate::clock::local_date(now);
    let schools: Vec<i64> = crate::entities::attendance_sheet::Entity::find()
        .select_only()
        .column(crate::entities::attendance_sheet::Column::SchoolId)
        .distinct()
        .filter(crate::entities::attendance_sheet::Column::OnDate.eq(on))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let mut told = 0;
    for s in school::Entity::find().filter(school::Column::Id.is_in(schools)).all(db).await? {
        let due: Vec<Stranded> = stranded(db, &s, on, now).await?.into_iter().filter(|x| !x.escalated && ended(on, x.ended_at, now - ESCALATE_AFTER)).collect();
        if due.is_empty() {
            continue;
        }
        let leader = duty::leader(db, s.id, on).await?;
        for x in due {
            let txn = db.begin().await?;
            let row = escalation::ActiveModel {
                school_id: Set(s.id),
                student_id: Set(x.student.0),
                on_date: Set(on),
                kind: Set("stranded".into()),
                to_staff_id: Set(leader.as_ref().map(|l| l.id)),
                at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            match row {
                Ok(_) => {}
                // Another server escalated this child first.
                Err(e) if is_duplicate(&e) => continue,
                Err(e) => return Err(e.into()),
            }
            let ended_at = x.ended_at.format("%H:%M").to_string();
            let notice = Notice::Stranded { on: on.to_string(), ended_at: ended_at.clone() };
            inbox::notify_guardians(&txn, [(x.student, About { application: None, student_name: &x.name, plan_title: "" }, &notice)], now).await?;
            if let Some(l) = &leader {
                inbox::text_to(&txn, &l.phone, format!("【贝蕾】{} {}：{}（{}）{} 结束后仍未被接走，请处理。", s.name, on, x.name, x.class_name, ended_at), now).await?;
            }
            audit::record(&txn, now, Event::new(None, "pickup.stranded_escalated", format!("student:{}", x.student), json!({"on": on, "leader": leader.as_ref().map(|l| l.id)})))
                .await?;
            txn.commit().await?;
            told += 1;
        }
    }
    Ok(told)
}

/// The handovers of `children` on `on`.
pub(crate) async fn of_day<C: ConnectionTrait>(db: &C, children: &[i64], on: NaiveDate) -> DomainResult<Vec<handover::Model>> {
    Ok(handover::Entity::find().filter(handover::Column::StudentId.is_in(children.iter().copied())).filter(handover::Column::OnDate.eq(on)).all(db).await?)
}

/// The refused pickups at a school on a date.
pub(crate) async fn refusals<C: ConnectionTrait>(db: &C, school: i64, on: NaiveDate) -> DomainResult<Vec<wire::service_day::Refusal>> {
    let rows = handover_refusal::Entity::find().filter(handover_refusal::Column::SchoolId.eq(school)).filter(handover_refusal::Column::OnDate.eq(on)).all(db).await?;
    let students = students_by_id(db, rows.iter().map(|r| r.student_id)).await?;
    Ok(rows
        .into_iter()
        .map(|r| wire::service_day::Refusal {
            student_name: students.get(&r.student_id).map(|s| s.name.clone()).unwrap_or_default(),
            claimed: r.claimed,
            // Rows hold the two keys `refuse` writes; anything else reads as
            // the collector not being authorised, as the page always did.
            reason: PickupRefusal::parse(&r.reason).unwrap_or(PickupRefusal::NotAuthorised),
            at: r.at.to_rfc3339(),
        })
        .collect())
}
