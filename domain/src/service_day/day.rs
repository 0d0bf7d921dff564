//! A session on a date, the core every service-day action shares: the
//! session as published, whether it runs that day, which children it holds
//! (its group and the children who stay behind), and whether the actor is
//! one of the cleared adults who serve it or the day's duty leader.
use crate::authz::Actor;
use crate::entities::{attendance_addendum, attendance_sheet, day_guest, plan, school, service_session, staff, timetable};
use crate::error::{DomainError, DomainResult};
use crate::ids::{SchoolId, SessionId, StaffId};
use crate::operations::calendar::{self, days_for};
use crate::service_day::duty;
use crate::operations::staff::clearances;
use crate::operations::timetable::latest_publication;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};
use wire::operations::{PublishedTimetable, Session};
use wire::plan::{ActivityKind, PlanContent};

/// A session as its timetable was last published.
pub(crate) struct Published {
    pub school: school::Model,
    pub plan: PlanContent,
    pub session: Session,
    pub timetable: PublishedTimetable,
    /// The group's children when the timetable was published.
    pub group: Vec<i64>,
}

impl Published {
    pub fn id(&self) -> SessionId {
        self.session.id
    }

    pub fn is_sports(&self) -> bool {
        self.session.activity == ActivityKind::Sports
    }

    /// The end of the child's last session on this session's weekday: the
    /// child goes home after it.
    pub fn last_end_for(&self, child: i64) -> NaiveTime {
        let groups: HashSet<_> = self.timetable.groups.iter().filter(|(_, kids)| kids.iter().any(|k| k.0 == child)).map(|(g, _)| *g).collect();
        self.timetable
            .sessions
            .iter()
            .filter(|s| s.weekday == self.session.weekday && groups.contains(&s.group))
            .map(|s| s.ends_at)
            .max()
            .unwrap_or(self.session.ends_at)
            .max(self.session.ends_at)
    }

    /// Whether the child goes home after this session.
    pub fn is_last_for(&self, child: i64) -> bool {
        self.last_end_for(child) == self.session.ends_at
    }
}

pub(crate) async fn published<C: ConnectionTrait>(db: &C, session: SessionId) -> DomainResult<Published> {
    let row = service_session::Entity::find_by_id(session.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let t = timetable::Entity::find_by_id(row.timetable_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let publication = latest_publication(db, t.id).await?.ok_or(DomainError::NotFound)?;
    let snapshot: PublishedTimetable = serde_json::from_str(&publication.content)?;
    let s = snapshot.sessions.iter().find(|s| s.id == session).cloned().ok_or(DomainError::NotFound)?;
    let group = snapshot.groups.iter().find(|(g, _)| *g == s.group).map(|(_, kids)| kids.iter().map(|k| k.0).collect()).unwrap_or_default();
    let p = plan::Entity::find_by_id(t.plan_id).one(db).await?.ok_or(DomainError::NotFound)?;
    let school = crate::scope::find_school(db, SchoolId(t.school_id)).await?;
    Ok(Published { school, plan: serde_json::from_str(&p.content)?, session: s, timetable: snapshot, group })
}

/// The published sessions of a school that run on `on`, each with its
/// timetable and plan.
pub(crate) async fn sessions_on<C: ConnectionTrait>(db: &C, s: &school::Model, on: NaiveDate) -> DomainResult<Vec<Published>> {
    let cal = days_for(db, s, on, on).await?;
    let mut out = Vec::new();
    for (plan, t) in crate::operations::timetable::published_in_week(db, s.id, crate::dates::week("day", on)?).await? {
        if on < plan.term_start || on > plan.term_end {
            continue;
        }
        let Some(runs) = calendar::runs(on, &plan.weekdays, &cal) else { continue };
        for session in t.sessions.iter().filter(|x| x.weekday == runs) {
            let group = t.groups.iter().find(|(g, _)| *g == session.group).map(|(_, kids)| kids.iter().map(|k| k.0).collect()).unwrap_or_default();
            out.push(Published { school: s.clone(), plan: plan.clone(), session: session.clone(), timetable: t.clone(), group });
        }
    }
    Ok(out)
}

/// Refuses a date the session does not run on: outside the term, a day
/// off, another weekday's timetable.
pub(crate) async fn runs_on<C: ConnectionTrait>(db: &C, p: &Published, on: NaiveDate) -> DomainResult<()> {
    let cal = days_for(db, &p.school, on, on).await?;
    if on < p.plan.term_start || on > p.plan.term_end || calendar::runs(on, &p.plan.weekdays, &cal) != Some(p.session.weekday) {
        return Err(DomainError::invalid("on_date", "no_session"));
    }
    Ok(())
}

/// The actor's active staff records at a school.
pub(crate) async fn my_staff<C: ConnectionTrait>(db: &C, actor: &Actor, school: i64) -> DomainResult<Vec<staff::Model>> {
    Ok(staff::Entity::find()
        .filter(staff::Column::AccountId.eq(actor.account.0))
        .filter(staff::Column::SchoolId.eq(school))
        .filter(staff::Column::LeftAt.is_null())
        .all(db)
        .await?)
}

/// Refuses anyone but the school's own staff (with a record there) and its
/// administrator: leave slips, incidents and visitors are theirs to record.
pub(crate) async fn staff_or_admin<C: ConnectionTrait>(db: &C, actor: &Actor, s: &school::Model) -> DomainResult<()> {
    if actor.may(crate::authz::Action::ManageSchool, &crate::authz::Target::School(crate::places::school_place(s))) || !my_staff(db, actor, s.id).await?.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// Who may act on a session's day.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Serving {
    /// One of the session's adults.
    Adult(StaffId),
    /// The school's duty leader that day, who stands in for any session.
    DutyLeader(StaffId),
}

impl Serving {
    pub fn staff(self) -> StaffId {
        match self {
            Serving::Adult(s) | Serving::DutyLeader(s) => s,
        }
    }
}

/// The actor as a cleared adult of the session on `on`, or (when
/// `leader_too`) the day's duty leader; anyone else is refused.
pub(crate) async fn serving<C: ConnectionTrait>(db: &C, actor: &Actor, p: &Published, on: NaiveDate, leader_too: bool) -> DomainResult<Serving> {
    let mine = my_staff(db, actor, p.school.id).await?;
    let adults: Vec<StaffId> = p.session.adults.iter().map(|a| a.staff).collect();
    let me = match mine.iter().map(|s| StaffId(s.id)).find(|s| adults.contains(s)) {
        Some(s) => Serving::Adult(s),
        None if leader_too => {
            let leader = duty::leader(db, p.school.id, on).await?.ok_or(DomainError::Forbidden)?;
            mine.iter().find(|s| s.id == leader.id).map(|s| Serving::DutyLeader(StaffId(s.id))).ok_or(DomainError::Forbidden)?
        }
        None => return Err(DomainError::Forbidden),
    };
    let cleared = clearances(db, SchoolId(p.school.id), &[me.staff()], on).await?;
    if !cleared.get(&me.staff()).is_some_and(|c| c.is_cleared()) {
        return Err(DomainError::invalid("staff", "not_cleared"));
    }
    Ok(me)
}

/// The children who stay behind in the session on `on`, with why.
pub(crate) async fn guests<C: ConnectionTrait>(db: &C, session: SessionId, on: NaiveDate) -> DomainResult<Vec<day_guest::Model>> {
    Ok(day_guest::Entity::find()
        .filter(day_guest::Column::SessionId.eq(session.0))
        .filter(day_guest::Column::OnDate.eq(on))
        .order_by_asc(day_guest::Column::Id)
        .all(db)
        .await?)
}

/// A session's sheet on a date and each child's mark on it now (addenda
/// applied).
pub(crate) struct Marks {
    pub sheet: attendance_sheet::Model,
    pub present: HashMap<i64, bool>,
}

/// The published sessions of a school whose group holds the child, from
/// each timetable's latest publication.
pub(crate) async fn sessions_of_child<C: ConnectionTrait>(db: &C, school: i64, child: crate::ids::StudentId) -> DomainResult<Vec<Session>> {
    let mut out = Vec::new();
    for t in timetable::Entity::find().filter(timetable::Column::SchoolId.eq(school)).all(db).await? {
        let Some(publication) = latest_publication(db, t.id).await? else { continue };
        let snapshot: PublishedTimetable = serde_json::from_str(&publication.content)?;
        let groups: HashSet<_> = snapshot.groups.iter().filter(|(_, kids)| kids.contains(&child)).map(|(g, _)| *g).collect();
        out.extend(snapshot.sessions.into_iter().filter(|s| groups.contains(&s.group)));
    }
    Ok(out)
}

/// A child's mark on a sheet now: the newest addendum, else the sheet.
pub(crate) fn present_now(sheet: &attendance_sheet::Model, addenda: &[attendance_addendum::Model], student: i64) -> bool {
    addenda
        .iter()
        .rev()
        .find(|a| a.sheet_id == sheet.id && a.student_id == student)
        .map_or_else(|| !ids(&sheet.absent).contains(&student), |a| a.present)
}

pub(crate) fn ids(text: &str) -> Vec<i64> {
    text.split_whitespace().filter_map(|i| i.parse().ok()).collect()
}

pub(crate) fn id_text(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")
}

/// The marks of the sheets of `sessions` on `on`, by session.
pub(crate) async fn marks<C: ConnectionTrait>(db: &C, sessions: &[i64], on: NaiveDate, group_of: impl Fn(i64) -> Vec<i64>) -> DomainResult<HashMap<i64, Marks>> {
    let sheets = attendance_sheet::Entity::find()
        .filter(attendance_sheet::Column::SessionId.is_in(sessions.iter().copied()))
        .filter(attendance_sheet::Column::OnDate.eq(on))
        .all(db)
        .await?;
    let addenda = attendance_addendum::Entity::find()
        .filter(attendance_addendum::Column::SheetId.is_in(sheets.iter().map(|s| s.id)))
        .order_by_asc(attendance_addendum::Column::Id)
        .all(db)
        .await?;
    Ok(sheets
        .into_iter()
        .map(|sheet| {
            let absent: HashSet<i64> = ids(&sheet.absent).into_iter().collect();
            let mut present: HashMap<i64, bool> = group_of(sheet.session_id).into_iter().map(|c| (c, !absent.contains(&c))).collect();
            for a in addenda.iter().filter(|a| a.sheet_id == sheet.id) {
                present.insert(a.student_id, a.present);
            }
            (sheet.session_id, Marks { sheet, present })
        })
        .collect())
}

/// Whether the session has ended by `now` (in the school's time).
pub(crate) fn ended(on: NaiveDate, ends_at: NaiveTime, now: DateTime<Utc>) -> bool {
    let local = now.with_timezone(&crate::clock::SCHOOL_ZONE).naive_local();
    local >= on.and_time(ends_at)
}

/// The local time of day at `now`.
pub(crate) fn time_of_day(now: DateTime<Utc>) -> NaiveTime {
    now.with_timezone(&crate::clock::SCHOOL_ZONE).time()
}
