//! The weekly timetable of a plan (S3): groups of children who may attend,
//! and sessions with an activity, a room and the adults on them. The
//! school's admin builds it, the conflict finder lists what breaks a rule,
//! and only a timetable without conflicts is published. Publishing keeps a
//! snapshot: staff and guardians read the published version, never the
//! draft, and every change is an event of the audit trail.
use crate::audit::{self, Event};
use crate::authz::{Action, Actor};
use crate::entities::{
    group_member, plan, school, school_class, service_group, service_session, session_staff, staff, timetable, timetable_publication,
};
use crate::enrolment::agreement::attending;
use crate::error::{Clash, DomainError, DomainResult};
use crate::ids::{ClassId, GroupId, PlanId, RoomId, SchoolId, SessionId, StaffId, StudentId, TimetableId};
use crate::operations::calendar::{self, days_for};
use crate::operations::conflicts::{self, Facts};
use crate::operations::rooms;
use crate::operations::staff as people;
use crate::places::students_by_id;
use crate::policy;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use wire::ids::DistrictId;
use wire::operations::{DatedSession, PublishedTimetable, SessionAdult, StaffKind, Week};
pub use wire::operations::{Conflict, Group, GroupAddition, Member, NewSession, Session, TimetableEditor};
use wire::plan::{ActivityKind, PlanContent, ServiceType};

pub const MAX_GROUPS: usize = 100;
pub const MAX_SESSIONS: usize = 500;
pub const MAX_NAME_CHARS: usize = 40;
/// Children one adult looks after, until the school sets its own figure.
pub const DEFAULT_CHILDREN_PER_ADULT: i32 = 25;
pub const MAX_CHILDREN_PER_ADULT: u32 = 60;

/// A timetable with its plan and school, once the actor may manage them.
struct Managed {
    t: timetable::Model,
    content: PlanContent,
    school: school::Model,
}

fn plan_content(p: &plan::Model) -> DomainResult<PlanContent> {
    serde_json::from_str(&p.content).map_err(|e| DomainError::Internal(format!("plan {} unreadable: {e}", p.id)))
}

async fn managed<C: ConnectionTrait>(db: &C, actor: &Actor, id: i64) -> DomainResult<Managed> {
    let t = timetable::Entity::find_by_id(id).one(db).await?.ok_or(DomainError::NotFound)?;
    let school = crate::scope::school(db, actor, SchoolId(t.school_id), Action::ManageSchool).await?;
    let p = plan::Entity::find_by_id(t.plan_id).one(db).await?.ok_or(DomainError::NotFound)?;
    Ok(Managed { content: plan_content(&p)?, t, school })
}

async fn touch<C: ConnectionTrait>(db: &C, id: i64, now: DateTime<Utc>) -> DomainResult<()> {
    timetable::Entity::update_many().col_expr(timetable::Column::ChangedAt, Expr::value(now)).filter(timetable::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

async fn record<C: ConnectionTrait>(db: &C, actor: &Actor, t: i64, action: &'static str, payload: serde_json::Value, now: DateTime<Utc>) -> DomainResult<()> {
    touch(db, t, now).await?;
    audit::record(db, now, Event::new(Some(actor.account), action, format!("timetable:{t}"), payload)).await?;
    Ok(())
}

fn name(raw: &str, field: &'static str) -> DomainResult<String> {
    let t = raw.trim().to_string();
    if t.chars().count() > MAX_NAME_CHARS {
        return Err(DomainError::invalid(field, "too_long"));
    }
    Ok(t)
}

/// The plan's timetable, made on first use. Only a published plan has one.
pub async fn open(cx: &crate::Ctx, plan_id: PlanId) -> DomainResult<TimetableId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let p = plan::Entity::find_by_id(plan_id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    crate::scope::school(db, actor, SchoolId(p.school_id), Action::ManageSchool).await?;
    if p.published_at.is_none() {
        return Err(DomainError::invalid("plan", "not_published"));
    }
    if let Some(t) = timetable::Entity::find().filter(timetable::Column::PlanId.eq(p.id)).one(db).await? {
        return Ok(TimetableId(t.id));
    }
    let txn = db.begin().await?;
    let made = timetable::ActiveModel {
        school_id: Set(p.school_id),
        plan_id: Set(p.id),
        children_per_adult: Set(DEFAULT_CHILDREN_PER_ADULT),
        created_at: Set(now),
        changed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let t = match made {
        Ok(t) => t,
        // Opened at the same moment by another request: the plan has one now.
        Err(_) => {
            drop(txn);
            let t = timetable::Entity::find().filter(timetable::Column::PlanId.eq(p.id)).one(db).await?.ok_or(DomainError::Conflict(Clash::TimetableNotOpened))?;
            return Ok(TimetableId(t.id));
        }
    };
    audit::record(&txn, now, Event::new(Some(actor.account), "timetable.opened", format!("timetable:{}", t.id), json!({"plan": p.id}))).await?;
    txn.commit().await?;
    Ok(TimetableId(t.id))
}

pub async fn set_children_per_adult(cx: &crate::Ctx, id: TimetableId, n: u32) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let m = managed(db, actor, id.0).await?;
    if n == 0 || n > MAX_CHILDREN_PER_ADULT {
        return Err(DomainError::invalid("children_per_adult", "out_of_range"));
    }
    let txn = db.begin().await?;
    timetable::Entity::update_many()
        .col_expr(timetable::Column::ChildrenPerAdult, Expr::value(n as i32))
        .filter(timetable::Column::Id.eq(m.t.id))
        .exec(&txn)
        .await?;
    record(&txn, actor, m.t.id, "timetable.ratio_set", json!({"children_per_adult": n}), now).await?;
    txn.commit().await?;
    Ok(())
}

async fn groups_of<C: ConnectionTrait>(db: &C, t: i64) -> DomainResult<Vec<service_group::Model>> {
    Ok(service_group::Entity::find()
        .filter(service_group::Column::TimetableId.eq(t))
        .filter(service_group::Column::RemovedAt.is_null())
        .order_by_asc(service_group::Column::Id)
        .all(db)
        .await?)
}

/// Each group's current children.
async fn members_of<C: ConnectionTrait>(db: &C, groups: &[i64]) -> DomainResult<HashMap<i64, Vec<i64>>> {
    let mut out: HashMap<i64, Vec<i64>> = groups.iter().map(|g| (*g, Vec::new())).collect();
    for m in group_member::Entity::find()
        .filter(group_member::Column::GroupId.is_in(groups.to_vec()))
        .filter(group_member::Column::RemovedAt.is_null())
        .order_by_asc(group_member::Column::Id)
        .all(db)
        .await?
    {
        out.entry(m.group_id).or_default().push(m.student_id);
    }
    Ok(out)
}

pub async fn add_group(cx: &crate::Ctx, id: TimetableId, group_name: &str) -> DomainResult<GroupId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let m = managed(db, actor, id.0).await?;
    let group_name = name(group_name, "name")?;
    if group_name.is_empty() {
        return Err(DomainError::invalid("name", "required"));
    }
    let txn = db.begin().await?;
    let groups = groups_of(&txn, m.t.id).await?;
    if groups.iter().any(|g| g.name == group_name) {
        return Err(DomainError::invalid("name", "taken"));
    }
    if groups.len() >= MAX_GROUPS {
        return Err(DomainError::invalid("group", "too_many"));
    }
    let g = service_group::ActiveModel {
        timetable_id: Set(m.t.id),
        name: Set(group_name.clone()),
        created_at: Set(now),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(&txn, actor, m.t.id, "timetable.group_added", json!({"group": g.id, "name": group_name}), now).await?;
    txn.commit().await?;
    Ok(GroupId(g.id))
}

async fn managed_group<C: ConnectionTrait>(db: &C, actor: &Actor, id: GroupId) -> DomainResult<(Managed, service_group::Model)> {
    let g = service_group::Entity::find_by_id(id.0).one(db).await?.filter(|g| g.removed_at.is_none()).ok_or(DomainError::NotFound)?;
    Ok((managed(db, actor, g.timetable_id).await?, g))
}

fn sessions_query(t: i64) -> sea_orm::Select<service_session::Entity> {
    service_session::Entity::find().filter(service_session::Column::TimetableId.eq(t)).filter(service_session::Column::RemovedAt.is_null())
}

/// Removes a group no session uses any more.
pub async fn remove_group(cx: &crate::Ctx, id: GroupId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (m, g) = managed_group(db, actor, id).await?;
    let txn = db.begin().await?;
    if sessions_query(m.t.id).filter(service_session::Column::GroupId.eq(g.id)).one(&txn).await?.is_some() {
        return Err(DomainError::invalid("group", "in_use"));
    }
    service_group::Entity::update_many().col_expr(service_group::Column::RemovedAt, Expr::value(now)).filter(service_group::Column::Id.eq(g.id)).exec(&txn).await?;
    record(&txn, actor, m.t.id, "timetable.group_removed", json!({"group": g.id}), now).await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a child, or every child of a class who may attend, to a group.
/// Only a child with a place and a signed agreement in force may be added
/// [000]. Returns how many were added.
pub async fn add_to_group(cx: &crate::Ctx, id: GroupId, who: GroupAddition) -> DomainResult<u32> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (m, g) = managed_group(db, actor, id).await?;
    let txn = db.begin().await?;
    let may_attend = attending(&txn, m.t.plan_id).await?;
    let wanted: Vec<i64> = match (who.student, who.class) {
        (Some(s), _) => {
            if !may_attend.contains(&s.0) {
                return Err(DomainError::invalid("student", "no_agreement"));
            }
            vec![s.0]
        }
        (None, Some(class)) => {
            let c = crate::scope::maybe_class(&txn, class).await?.filter(|c| c.school_id == m.school.id).ok_or(DomainError::NotFound)?;
            let students = crate::entities::student::Entity::find()
                .filter(crate::entities::student::Column::ClassId.eq(c.id))
                .all(&txn)
                .await?;
            students.into_iter().map(|s| s.id).filter(|s| may_attend.contains(s)).collect()
        }
        (None, None) => return Err(DomainError::invalid("student", "required")),
    };
    let present: HashSet<i64> = members_of(&txn, &[g.id]).await?.remove(&g.id).unwrap_or_default().into_iter().collect();
    let new: Vec<i64> = wanted.into_iter().filter(|s| !present.contains(s)).collect();
    let rows = new.iter().map(|s| group_member::ActiveModel {
        group_id: Set(g.id),
        student_id: Set(*s),
        added_at: Set(now),
        removed_at: Set(None),
        ..Default::default()
    });
    crate::store::bulk::insert(&txn, rows.collect()).await?;
    if !new.is_empty() {
        record(&txn, actor, m.t.id, "timetable.children_added", json!({"group": g.id, "students": new}), now).await?;
    }
    txn.commit().await?;
    Ok(new.len() as u32)
}

pub async fn remove_from_group(cx: &crate::Ctx, id: GroupId, student: StudentId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (m, g) = managed_group(db, actor, id).await?;
    let txn = db.begin().await?;
    let done = group_member::Entity::update_many()
        .col_expr(group_member::Column::RemovedAt, Expr::value(now))
        .filter(group_member::Column::GroupId.eq(g.id))
        .filter(group_member::Column::StudentId.eq(student.0))
        .filter(group_member::Column::RemovedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    record(&txn, actor, m.t.id, "timetable.child_removed", json!({"group": g.id, "student": student.0}), now).await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a weekly session. Anything a rule forbids (a clash, an unvetted
/// person, a time outside policy) is allowed in the draft and shown by the
/// conflict finder; what cannot be a session at all is refused.
pub async fn add_session(cx: &crate::Ctx, id: TimetableId, new: NewSession) -> DomainResult<SessionId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let m = managed(db, actor, id.0).await?;
    if !(1..=7).contains(&new.weekday) {
        return Err(DomainError::invalid("weekday", "out_of_range"));
    }
    if new.ends_at <= new.starts_at {
        return Err(DomainError::invalid("ends_at", "before_start"));
    }
    let title = name(&new.title, "title")?;
    let adults: Vec<StaffId> = [new.lead, new.second, new.third].into_iter().flatten().collect();
    if adults.iter().collect::<HashSet<_>>().len() != adults.len() {
        return Err(DomainError::invalid("staff", "twice"));
    }
    if new.dining && new.lead.is_none() {
        return Err(DomainError::invalid("dining", "needs_lead"));
    }
    let txn = db.begin().await?;
    if !rooms::of_school(&txn, m.school.id).await?.iter().any(|r| r.id == new.room) {
        return Err(DomainError::invalid("room", "unknown"));
    }
    if !groups_of(&txn, m.t.id).await?.iter().any(|g| g.id == new.group.0) {
        return Err(DomainError::invalid("group", "unknown"));
    }
    let known = staff::Entity::find()
        .filter(staff::Column::SchoolId.eq(m.school.id))
        .filter(staff::Column::LeftAt.is_null())
        .filter(staff::Column::Id.is_in(adults.iter().map(|a| a.0).collect::<Vec<_>>()))
        .all(&txn)
        .await?;
    if known.len() != adults.len() {
        return Err(DomainError::invalid("staff", "unknown"));
    }
    if sessions_query(m.t.id).all(&txn).await?.len() >= MAX_SESSIONS {
        return Err(DomainError::invalid("session", "too_many"));
    }
    let s = service_session::ActiveModel {
        timetable_id: Set(m.t.id),
        weekday: Set(i32::from(new.weekday)),
        starts_at: Set(new.starts_at),
        ends_at: Set(new.ends_at),
        service_type: Set(new.service_type.as_str().into()),
        activity: Set(new.activity.as_str().into()),
        title: Set(title),
        room_id: Set(new.room.0),
        group_id: Set(new.group.0),
        created_at: Set(now),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let rows = adults.iter().enumerate().map(|(i, a)| session_staff::ActiveModel {
        session_id: Set(s.id),
        staff_id: Set(a.0),
        dining: Set(i == 0 && new.dining),
        ..Default::default()
    });
    crate::store::bulk::insert(&txn, rows.collect()).await?;
    let payload = json!({"session": s.id, "weekday": new.weekday, "starts_at": new.starts_at, "ends_at": new.ends_at,
        "service_type": new.service_type.as_str(), "activity": new.activity.as_str(), "room": new.room.0, "group": new.group.0,
        "staff": adults.iter().map(|a| a.0).collect::<Vec<_>>(), "dining": new.dining});
    record(&txn, actor, m.t.id, "timetable.session_added", payload, now).await?;
    txn.commit().await?;
    Ok(SessionId(s.id))
}

pub async fn remove_session(cx: &crate::Ctx, id: SessionId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = service_session::Entity::find_by_id(id.0).one(db).await?.filter(|s| s.removed_at.is_none()).ok_or(DomainError::NotFound)?;
    let m = managed(db, actor, s.timetable_id).await?;
    let txn = db.begin().await?;
    service_session::Entity::update_many()
        .col_expr(service_session::Column::RemovedAt, Expr::value(now))
        .filter(service_session::Column::Id.eq(s.id))
        .filter(service_session::Column::RemovedAt.is_null())
        .exec(&txn)
        .await?;
    record(&txn, actor, m.t.id, "timetable.session_removed", json!({"session": s.id}), now).await?;
    txn.commit().await?;
    Ok(())
}

/// Everything the editor and the finder need, read once.
struct Loaded {
    groups: Vec<service_group::Model>,
    members: HashMap<i64, Vec<i64>>,
    sessions: Vec<Session>,
    staff: Vec<wire::operations::Staff>,
    rooms: Vec<wire::operations::Room>,
    names: HashMap<i64, (String, i64)>,
    attending: HashSet<i64>,
}

async fn load<C: ConnectionTrait>(db: &C, m: &Managed, until: NaiveDate) -> DomainResult<Loaded> {
    let groups = groups_of(db, m.t.id).await?;
    let group_ids: Vec<i64> = groups.iter().map(|g| g.id).collect();
    let members = members_of(db, &group_ids).await?;
    let staff = people::of_school(db, m.school.id, until, None).await?;
    let rooms = rooms::of_school(db, m.school.id).await?;
    let attending = attending(db, m.t.plan_id).await?;
    let ids: HashSet<i64> = members.values().flatten().copied().chain(attending.iter().copied()).collect();
    let names = students_by_id(db, ids).await?.into_iter().map(|(id, s)| (id, (s.name, s.class_id))).collect();
    let rows = sessions_query(m.t.id)
        .order_by_asc(service_session::Column::Weekday)
        .order_by_asc(service_session::Column::StartsAt)
        .order_by_asc(service_session::Column::Id)
        .all(db)
        .await?;
    let on: Vec<session_staff::Model> = session_staff::Entity::find()
        .filter(session_staff::Column::SessionId.is_in(rows.iter().map(|r| r.id).collect::<Vec<_>>()))
        .order_by_asc(session_staff::Column::Id)
        .all(db)
        .await?;
    // Staff who left stay named on the sessions they are still on.
    let all_staff: HashMap<i64, staff::Model> = staff::Entity::find()
        .filter(staff::Column::Id.is_in(on.iter().map(|o| o.staff_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let all_rooms: HashMap<i64, crate::entities::room::Model> = crate::entities::room::Entity::find()
        .filter(crate::entities::room::Column::Id.is_in(rows.iter().map(|r| r.room_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let group_names: HashMap<i64, String> = groups.iter().map(|g| (g.id, g.name.clone())).collect();
    let sessions = rows
        .into_iter()
        .map(|r| Session {
            id: SessionId(r.id),
            weekday: r.weekday as u8,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            service_type: ServiceType::parse(&r.service_type).unwrap_or(ServiceType::AfterSchool),
            activity: ActivityKind::parse(&r.activity).unwrap_or(ActivityKind::HomeworkHelp),
            title: r.title,
            room: RoomId(r.room_id),
            room_name: all_rooms.get(&r.room_id).map(|x| x.name.clone()).unwrap_or_default(),
            group: GroupId(r.group_id),
            group_name: group_names.get(&r.group_id).cloned().unwrap_or_default(),
            children: members.get(&r.group_id).map_or(0, |m| m.len() as u32),
            adults: on
                .iter()
                .filter(|o| o.session_id == r.id)
                .filter_map(|o| all_staff.get(&o.staff_id).map(|s| (o, s)))
                .map(|(o, s)| SessionAdult {
                    staff: StaffId(s.id),
                    name: s.name.clone(),
                    kind: StaffKind::parse(&s.kind).unwrap_or(StaffKind::Volunteer),
                    dining: o.dining,
                })
                .collect(),
        })
        .collect();
    Ok(Loaded { groups, members, sessions, staff, rooms, names, attending })
}

async fn find_conflicts<C: ConnectionTrait>(db: &C, m: &Managed, l: &Loaded) -> DomainResult<Vec<Conflict>> {
    let (_, policy) = policy::in_force(db, DistrictId(m.school.district_id), m.content.term_start).await?;
    // The school's current staff with their clearance to the term's end; a
    // person who left is not among them, and the finder counts them not cleared.
    let clearance = l.staff.iter().map(|p| (p.id, p.clearance.clone())).collect();
    let capacity = l.rooms.iter().map(|r| (r.id, r.capacity)).collect();
    let child = |s: &i64| l.names.get(s).map(|(n, _)| n.clone()).unwrap_or_default();
    let members = l.members.iter().map(|(g, ss)| (GroupId(*g), ss.iter().map(|s| (StudentId(*s), child(s))).collect())).collect();
    let mut without_agreement = Vec::new();
    for g in &l.groups {
        for s in l.members.get(&g.id).into_iter().flatten().filter(|s| !l.attending.contains(s)) {
            without_agreement.push((g.name.clone(), child(s)));
        }
    }
    Ok(conflicts::find(&Facts {
        plan: &m.content,
        policy: &policy,
        children_per_adult: m.t.children_per_adult.max(1) as u32,
        sessions: &l.sessions,
        capacity: &capacity,
        members: &members,
        clearance: &clearance,
        without_agreement: &without_agreement,
    }))
}

/// People must be cleared to the end of the term: a check that runs out
/// in term is renewed before the timetable is published.
fn cleared_until(m: &Managed) -> NaiveDate {
    m.content.term_end
}

pub(crate) async fn latest_publication<C: ConnectionTrait>(db: &C, t: i64) -> DomainResult<Option<timetable_publication::Model>> {
    Ok(timetable_publication::Entity::find()
        .filter(timetable_publication::Column::TimetableId.eq(t))
        .order_by_desc(timetable_publication::Column::Version)
        .one(db)
        .await?)
}

/// The plan's timetable as its school's admin edits it; `None` until opened.
pub async fn editor(cx: &crate::Ctx, plan_id: PlanId) -> DomainResult<Option<TimetableEditor>> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let p = plan::Entity::find_by_id(plan_id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let school = crate::scope::school(db, actor, SchoolId(p.school_id), Action::ManageSchool).await?;
    let Some(t) = timetable::Entity::find().filter(timetable::Column::PlanId.eq(p.id)).one(db).await? else { return Ok(None) };
    let m = Managed { content: plan_content(&p)?, t, school };
    let until = cleared_until(&m);
    let l = load(db, &m, until).await?;
    let conflicts = find_conflicts(db, &m, &l).await?;
    let class_ids: HashSet<i64> = l.names.values().map(|(_, c)| *c).collect();
    let class_names: HashMap<i64, String> = school_class::Entity::find()
        .filter(school_class::Column::Id.is_in(class_ids.into_iter().collect::<Vec<_>>()))
        .order_by_asc(school_class::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let member = |s: i64| {
        let (name, class) = l.names.get(&s).cloned().unwrap_or_default();
        Member { student: StudentId(s), name, class_name: class_names.get(&class).cloned().unwrap_or_default() }
    };
    let mut eligible: Vec<Member> = l.attending.iter().map(|s| member(*s)).collect();
    eligible.sort_by(|a, b| (&a.class_name, &a.name).cmp(&(&b.class_name, &b.name)));
    let mut classes: Vec<(ClassId, String)> = l
        .attending
        .iter()
        .filter_map(|s| l.names.get(s).map(|(_, c)| *c))
        .collect::<HashSet<_>>()
        .into_iter()
        .map(|c| (ClassId(c), class_names.get(&c).cloned().unwrap_or_default()))
        .collect();
    classes.sort_by_key(|(c, _)| *c);
    let published = latest_publication(db, m.t.id).await?;
    Ok(Some(TimetableEditor {
        id: TimetableId(m.t.id),
        plan: plan_id,
        plan_title: m.content.title.clone(),
        school: SchoolId(m.school.id),
        term_start: m.content.term_start,
        term_end: m.content.term_end,
        weekdays: m.content.weekdays.clone(),
        dismissal_time: m.content.dismissal_time,
        service_types: m.content.service_types.clone(),
        activities: m.content.activities.clone(),
        children_per_adult: m.t.children_per_adult.max(0) as u32,
        rooms: l.rooms.clone(),
        staff: l.staff.clone(),
        groups: l
            .groups
            .iter()
            .map(|g| Group { id: GroupId(g.id), name: g.name.clone(), members: l.members.get(&g.id).into_iter().flatten().map(|s| member(*s)).collect() })
            .collect(),
        eligible,
        classes,
        sessions: l.sessions.clone(),
        conflicts,
        published_version: published.as_ref().map(|p| p.version),
        changed: published.is_none_or(|p| m.t.changed_at > p.published_at),
    }))
}

/// Publishes the timetable when the finder finds nothing; staff and
/// guardians then read this version. Returns its number.
pub async fn publish(cx: &crate::Ctx, id: TimetableId) -> DomainResult<i32> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let txn = db.begin().await?;
    let m = managed(&txn, actor, id.0).await?;
    let until = cleared_until(&m);
    let l = load(&txn, &m, until).await?;
    if l.sessions.is_empty() {
        return Err(DomainError::invalid("timetable", "empty"));
    }
    if !find_conflicts(&txn, &m, &l).await?.is_empty() {
        return Err(DomainError::invalid("timetable", "has_conflicts"));
    }
    let version = latest_publication(&txn, m.t.id).await?.map_or(1, |p| p.version + 1);
    let snapshot = PublishedTimetable {
        version,
        sessions: l.sessions.clone(),
        groups: l.groups.iter().map(|g| (GroupId(g.id), l.members.get(&g.id).into_iter().flatten().map(|s| StudentId(*s)).collect())).collect(),
    };
    let content = serde_json::to_string(&snapshot)?;
    timetable_publication::ActiveModel {
        timetable_id: Set(m.t.id),
        version: Set(version),
        content: Set(content.clone()),
        published_by: Set(actor.account.0),
        published_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "timetable.published",
            format!("timetable:{}", m.t.id),
            json!({"version": version, "sessions": l.sessions.len(), "sha256": hex::encode(Sha256::digest(content.as_bytes()))}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}

/// A published timetable whose plan's term meets a span of days.
pub(crate) struct Running {
    pub school: i64,
    pub plan: PlanId,
    pub content: PlanContent,
    pub children_per_adult: i32,
    pub published: PublishedTimetable,
}

/// The published timetables of these schools whose term meets `from` to
/// `until`, with their plans and latest publications: three statements for
/// any number of schools.
pub(crate) async fn running<C: ConnectionTrait>(db: &C, schools: &[i64], from: NaiveDate, until: NaiveDate) -> DomainResult<Vec<Running>> {
    let tables = timetable::Entity::find().filter(timetable::Column::SchoolId.is_in(schools.iter().copied())).order_by_asc(timetable::Column::Id).all(db).await?;
    if tables.is_empty() {
        return Ok(Vec::new());
    }
    let plans: HashMap<i64, plan::Model> = plan::Entity::find()
        .filter(plan::Column::Id.is_in(tables.iter().map(|t| t.plan_id)))
        .filter(plan::Column::TermStart.lte(until))
        .filter(plan::Column::TermEnd.gte(from))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut latest: HashMap<i64, timetable_publication::Model> = HashMap::new();
    for p in timetable_publication::Entity::find()
        .filter(timetable_publication::Column::TimetableId.is_in(tables.iter().filter(|t| plans.contains_key(&t.plan_id)).map(|t| t.id)))
        .all(db)
        .await?
    {
        if latest.get(&p.timetable_id).is_none_or(|l| l.version < p.version) {
            latest.insert(p.timetable_id, p);
        }
    }
    let mut out = Vec::new();
    for t in tables {
        let (Some(p), Some(publication)) = (plans.get(&t.plan_id), latest.remove(&t.id)) else { continue };
        out.push(Running {
            school: t.school_id,
            plan: PlanId(p.id),
            content: plan_content(p)?,
            children_per_adult: t.children_per_adult,
            published: serde_json::from_str(&publication.content)?,
        });
    }
    Ok(out)
}

/// What the conflict finder finds today in the published week of each
/// timetable of these schools running today: a check that ran out, a person
/// who left, or a policy that changed since publication shows here (the
/// bureau's flags). Loaded for all the schools at once; children and rooms
/// are left out, so only the rules about people, activities and times are
/// looked at.
pub(crate) async fn standing_conflicts<C: ConnectionTrait>(db: &C, schools: &[school::Model], today: NaiveDate) -> DomainResult<Vec<(i64, PlanId, PlanContent, Vec<Conflict>)>> {
    let ids: Vec<i64> = schools.iter().map(|s| s.id).collect();
    let runs = running(db, &ids, today, today).await?;
    if runs.is_empty() {
        return Ok(Vec::new());
    }
    let staff = people::current_staff(db, &ids).await?;
    let gate = people::Gate::load(db, &ids, staff.iter().map(|s| s.id)).await?;
    let mut policies: HashMap<(i64, NaiveDate), crate::policy::PolicySettings> = HashMap::new();
    let mut out = Vec::new();
    for r in runs {
        let Some(district) = schools.iter().find(|s| s.id == r.school).map(|s| s.district_id) else { continue };
        let key = (district, r.content.term_start);
        if let std::collections::hash_map::Entry::Vacant(e) = policies.entry(key) {
            e.insert(policy::in_force(db, DistrictId(district), r.content.term_start).await?.1);
        }
        // The school's current staff, cleared to the term's end; a person
        // who left is not among them, and the finder counts them not cleared.
        let clearance = staff.iter().filter(|s| s.school_id == r.school).map(|s| (StaffId(s.id), gate.clearance(s, r.content.term_end))).collect();
        let found = conflicts::find(&Facts {
            plan: &r.content,
            policy: &policies[&key],
            children_per_adult: r.children_per_adult.max(1) as u32,
            sessions: &r.published.sessions,
            capacity: &HashMap::new(),
            members: &HashMap::new(),
            clearance: &clearance,
            without_agreement: &[],
        });
        out.push((r.school, r.plan, r.content, found));
    }
    Ok(out)
}

/// The published timetables of a school whose term meets the week (its
/// Monday and Sunday, `crate::dates::week`), with their plans.
pub(crate) async fn published_in_week<C: ConnectionTrait>(db: &C, school: i64, (monday, sunday): (NaiveDate, NaiveDate)) -> DomainResult<Vec<(PlanContent, PublishedTimetable)>> {
    let mut out = Vec::new();
    for t in timetable::Entity::find().filter(timetable::Column::SchoolId.eq(school)).all(db).await? {
        let Some(p) = plan::Entity::find_by_id(t.plan_id).one(db).await?.filter(|p| p.term_start <= sunday && p.term_end >= monday) else { continue };
        let Some(publication) = latest_publication(db, t.id).await? else { continue };
        out.push((plan_content(&p)?, serde_json::from_str(&publication.content)?));
    }
    Ok(out)
}

/// The week's dated sessions at a school that `mine` picks, and the week's
/// holidays.
async fn week_at<C: ConnectionTrait>(
    db: &C,
    s: &school::Model,
    (monday, sunday): (NaiveDate, NaiveDate),
    mine: impl Fn(&Session, &PublishedTimetable) -> bool,
    week: &mut Week,
) -> DomainResult<()> {
    let cal = days_for(db, s, monday, sunday).await?;
    for c in cal.iter().filter(|c| c.kind == wire::operations::DayKind::Holiday) {
        if !week.days_off.iter().any(|(d, _)| *d == c.date) {
            week.days_off.push((c.date, c.name.clone()));
        }
    }
    for (plan, published) in published_in_week(db, s.id, (monday, sunday)).await? {
        for date in crate::dates::days(monday, sunday).filter(|d| *d >= plan.term_start && *d <= plan.term_end) {
            let Some(runs) = calendar::runs(date, &plan.weekdays, &cal) else { continue };
            for session in published.sessions.iter().filter(|x| x.weekday == runs && mine(x, &published)) {
                week.sessions.push(DatedSession { date, school_name: s.name.clone(), session: session.clone() });
            }
        }
    }
    Ok(())
}

fn sorted(mut week: Week) -> Week {
    week.sessions.sort_by_key(|s| (s.date, s.session.starts_at));
    week.days_off.sort();
    week
}

/// The signed-in person's own sessions in the week of `day`, at every
/// school where a staff record names their sign-in.
pub async fn staff_week(cx: &crate::Ctx, day: NaiveDate) -> DomainResult<Week> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let days = crate::dates::week("week", day)?;
    let monday = days.0;
    let mut week = Week { monday, days_off: Vec::new(), sessions: Vec::new(), today: None };
    for me in staff::Entity::find().filter(staff::Column::AccountId.eq(actor.account.0)).filter(staff::Column::LeftAt.is_null()).all(db).await? {
        let s = crate::scope::find_school(db, SchoolId(me.school_id)).await?;
        week_at(db, &s, days, |x, _| x.adults.iter().any(|a| a.staff.0 == me.id), &mut week).await?;
    }
    Ok(sorted(week))
}

/// A child's sessions in the week of `day`, for the child's guardian.
pub async fn child_week<C: ConnectionTrait>(db: &C, actor: &Actor, child: StudentId, day: NaiveDate) -> DomainResult<Week> {
    let (st, _) = crate::scope::child(db, actor, child).await?;
    let days = crate::dates::week("week", day)?;
    let monday = days.0;
    let mut week = Week { monday, days_off: Vec::new(), sessions: Vec::new(), today: None };
    let s = crate::scope::find_school(db, SchoolId(st.row.school_id)).await?;
    let in_group = |x: &Session, p: &PublishedTimetable| p.groups.iter().any(|(g, kids)| *g == x.group && kids.contains(&child));
    week_at(db, &s, days, in_group, &mut week).await?;
    Ok(sorted(week))
}
