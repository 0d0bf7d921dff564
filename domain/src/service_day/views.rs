//! What the service day looks like to each reader: the session's list on a
//! staff phone, the school's board of the day, and a child's days for the
//! guardian.
use crate::authz::{Action, Target};
use crate::entities::{attendance_sheet, day_note, handover, pickup_arrangement, staff};
use crate::error::{DomainError, DomainResult};
use crate::ids::{DistrictId, SchoolId, SessionId, StaffId, StudentId};
use crate::service_day::attendance::excused;
use crate::service_day::day::{ended, guests, ids, marks, present_now, published, runs_on, serving, sessions_of_child, staff_or_admin};
use crate::operations::staff::clearances;
use crate::records::{care, inspections, visitors};
use crate::service_day::{duty, handover as handovers, leave, notes};
use crate::places::{account_names, class_names, school_place, students_at};
use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};
use wire::operations::StaffKind;
use wire::records::{DistrictRecords, Inspector, SafetyRecords};
use wire::service_day::{ChildDay, ChildService, DayChild, Handed, HandoverWay, SchoolDay, SessionDay, Sheet};

/// How many past days a guardian sees.
pub const CHILD_DAYS: i64 = 14;

fn fresh_key() -> DomainResult<String> {
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw).map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(raw))
}

fn handed(h: &handover::Model, names: &HashMap<i64, String>) -> Handed {
    Handed {
        way: HandoverWay::parse(&h.way).unwrap_or(HandoverWay::Guardian),
        to_name: h.to_name.clone(),
        at: h.at.to_rfc3339(),
        checked_by: names.get(&h.account_id).cloned().unwrap_or_default(),
    }
}

/// A session's children on a date with everything staff need at hand, for
/// the adults who serve it, the duty leader and the school's administrator.
pub async fn session_day(cx: &crate::Ctx, session: SessionId, on: NaiveDate) -> DomainResult<SessionDay> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let on = crate::dates::require("on_date", on)?;
    let p = published(db, session).await?;
    if serving(db, actor, &p, on, true).await.is_err() {
        actor.require(Action::ManageSchool, &Target::School(school_place(&p.school)))?;
    }
    runs_on(db, &p, on).await?;
    let staying = guests(db, session, on).await?;
    let guest_reason: HashMap<i64, String> = staying.iter().map(|g| (g.student_id, g.reason.clone())).collect();
    let mut children: Vec<i64> = p.group.clone();
    children.extend(staying.iter().map(|g| g.student_id));
    let students = students_at(db, &children).await?;
    let classes = class_names(db, students.values().map(|s| s.row.class_id)).await?;
    let sheet = marks(db, &[session.0], on, |_| p.group.clone()).await?.remove(&session.0);
    let leave_asked = excused(db, &children, on).await?;
    let day_notes = notes::of_day(db, &children, on).await?;
    let kept_out = if p.is_sports() { notes::kept_out(&day_notes) } else { HashSet::new() };
    let slips = leave::views(leave::of_day(db, &children, on).await?, &students.iter().map(|(k, v)| (*k, v.row.clone())).collect());
    let gone = handovers::of_day(db, &children, on).await?;
    let names = account_names(db, gone.iter().map(|h| h.account_id).chain(sheet.as_ref().map(|m| m.sheet.account_id))).await?;
    let mut collectors = crate::service_day::collectors::collectors(db, &students).await?;
    let alone: HashSet<i64> = pickup_arrangement::Entity::find()
        .filter(pickup_arrangement::Column::StudentId.is_in(children.clone()))
        .filter(pickup_arrangement::Column::WalksAlone.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.student_id)
        .collect();
    let is_over = ended(on, p.session.ends_at, now);
    let mut list: Vec<DayChild> = children
        .iter()
        .filter_map(|c| {
            let st = students.get(c)?;
            let guest = guest_reason.get(c).cloned();
            let present = if guest.is_some() { Some(true) } else { sheet.as_ref().and_then(|m| m.present.get(c).copied()) };
            let handed = gone.iter().find(|h| h.student_id == *c).map(|h| handed(h, &names));
            let child_notes: Vec<_> = day_notes.iter().filter(|n| n.student_id == *c).map(notes::view).collect();
            let left = child_notes.iter().any(|n| n.kind == notes::NoteKind::LeftWithoutHandover);
            Some(DayChild {
                student: StudentId(*c),
                name: st.row.name.clone(),
                class_name: classes.get(&st.row.class_id).cloned().unwrap_or_default(),
                excused: leave_asked.get(c).cloned(),
                kept_out: kept_out.contains(c) && present != Some(false),
                slip: slips.iter().find(|s| s.student.0 == *c).cloned(),
                collectors: collectors.remove(c).unwrap_or_default(),
                walks_alone: alone.contains(c),
                stranded: is_over && present == Some(true) && handed.is_none() && !left && (guest.is_some() || p.is_last_for(*c)),
                guest_reason: guest,
                present,
                notes: child_notes,
                handed,
            })
        })
        .collect();
    list.sort_by(|a, b| (a.guest_reason.is_some(), &a.class_name, &a.name).cmp(&(b.guest_reason.is_some(), &b.class_name, &b.name)));
    let taker = match &sheet {
        Some(m) => staff::Entity::find_by_id(m.sheet.staff_id).one(db).await?.map(|s| s.name),
        None => None,
    };
    Ok(SessionDay {
        sheet: sheet.map(|m| Sheet { id: m.sheet.id, taken_at: m.sheet.taken_at.to_rfc3339(), taken_by: taker.unwrap_or_default() }),
        duty_leader: duty::leader(db, p.school.id, on).await?.map(|l| l.name),
        log: care::log_of(db, session, on).await?,
        session: p.session,
        date: on,
        school: SchoolId(p.school.id),
        school_name: p.school.name,
        children: list,
        key: fresh_key()?,
    })
}

/// The school's day for its staff: the duty leader (and who may be one),
/// the coming days with nobody on duty, requests and slips, the children
/// still here after the end, refused pickups.
pub async fn school_day(cx: &crate::Ctx, id: SchoolId, on: NaiveDate) -> DomainResult<SchoolDay> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::school(db, actor, id, Action::ViewDay).await?;
    let on = crate::dates::require("day", on)?;
    let own: Vec<staff::Model> = staff::Entity::find()
        .filter(staff::Column::SchoolId.eq(s.id))
        .filter(staff::Column::LeftAt.is_null())
        .order_by_asc(staff::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter(|p| StaffKind::parse(&p.kind).is_some_and(|k| !k.is_outside()))
        .collect();
    let cleared = clearances(db, id, &own.iter().map(|p| StaffId(p.id)).collect::<Vec<_>>(), on).await?;
    let leaders = own.iter().filter(|p| cleared.get(&StaffId(p.id)).is_some_and(|c| c.is_cleared())).map(|p| (StaffId(p.id), p.name.clone())).collect();
    let handed_over = handover::Entity::find().filter(handover::Column::SchoolId.eq(s.id)).filter(handover::Column::OnDate.eq(on)).all(db).await?.len() as u32;
    Ok(SchoolDay {
        school: id,
        school_name: s.name.clone(),
        date: on,
        duty_leader: duty::leader(db, s.id, on).await?.map(|l| (StaffId(l.id), l.name)),
        leaders,
        days_without_leader: duty::days_without_leader(db, &s, crate::clock::local_date(now)).await?,
        requests: crate::families::pickup::school_day(db, actor, id, on).await?,
        slips: leave::school_day(db, id, on).await?,
        stranded: handovers::stranded(db, &s, on, now).await?,
        refusals: handovers::refusals(db, s.id, on).await?,
        visitors: visitors::of_day(db, actor, &s, on).await?,
        handed_over,
    })
}

/// How the child goes home and the child's recent days, for a guardian.
/// The first call makes the child's pickup code, so it needs a writer.
pub async fn child_service(cx: &crate::Ctx, child: StudentId) -> DomainResult<ChildService> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (st, _) = crate::scope::child(db, actor, child).await?;
    let a = handovers::arrangement(db, actor, child, now).await?;
    let today = crate::clock::local_date(now);
    let first = today - Duration::days(CHILD_DAYS - 1);
    let sessions: Vec<i64> = sessions_of_child(db, st.row.school_id, child).await?.into_iter().map(|s| s.id.0).collect();
    let sheets = attendance_sheet::Entity::find()
        .filter(attendance_sheet::Column::SessionId.is_in(sessions))
        .filter(attendance_sheet::Column::OnDate.between(first, today))
        .all(db)
        .await?;
    let addenda = crate::entities::attendance_addendum::Entity::find()
        .filter(crate::entities::attendance_addendum::Column::SheetId.is_in(sheets.iter().map(|s| s.id)))
        .filter(crate::entities::attendance_addendum::Column::StudentId.eq(child.0))
        .order_by_asc(crate::entities::attendance_addendum::Column::Id)
        .all(db)
        .await?;
    let gone = handover::Entity::find().filter(handover::Column::StudentId.eq(child.0)).filter(handover::Column::OnDate.between(first, today)).all(db).await?;
    let names = account_names(db, gone.iter().map(|h| h.account_id)).await?;
    let day_notes = day_note::Entity::find()
        .filter(day_note::Column::StudentId.eq(child.0))
        .filter(day_note::Column::OnDate.between(first, today))
        .order_by_asc(day_note::Column::Id)
        .all(db)
        .await?;
    let mut dates: Vec<NaiveDate> = sheets.iter().map(|s| s.on_date).chain(gone.iter().map(|h| h.on_date)).chain(day_notes.iter().map(|n| n.on_date)).collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.dedup();
    let days = dates
        .into_iter()
        .map(|date| {
            let today_sheets: Vec<_> = sheets.iter().filter(|s| s.on_date == date).collect();
            // Present at any session that day counts as present.
            let present = (!today_sheets.is_empty()).then(|| {
                today_sheets.iter().any(|s| present_now(s, &addenda, child.0))
            });
            ChildDay {
                date,
                present,
                excused: today_sheets.iter().any(|s| ids(&s.excused).contains(&child.0)),
                kept_out: today_sheets.iter().any(|s| ids(&s.kept_out).contains(&child.0)),
                notes: day_notes.iter().filter(|n| n.on_date == date).map(notes::view).collect(),
                handed: gone.iter().find(|h| h.on_date == date).map(|h| handed(h, &names)),
            }
        })
        .collect();
    let collectors = crate::service_day::collectors::collectors(db, &HashMap::from([(child.0, st)])).await?.remove(&child.0).unwrap_or_default();
    Ok(ChildService { pickup_code: a.code, collectors, walks_alone: a.walks_alone, slips: leave::coming(db, child.0, today).await?, days })
}

/// A school's incidents and inspections, for its staff (who keep them) and
/// the district's officials (who see every incident and inspect too).
pub async fn safety(cx: &crate::Ctx, id: SchoolId) -> DomainResult<SafetyRecords> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::find_school(db, id).await?;
    let inspector = match inspections::inspector_of(actor, &s) {
        Ok(i) => i,
        Err(_) => {
            staff_or_admin(db, actor, &s).await?;
            Inspector::School
        }
    };
    let today = crate::clock::local_date(now);
    Ok(SafetyRecords {
        school: id,
        school_name: s.name.clone(),
        incidents: care::of_school(db, s.id, today).await?,
        inspections: inspections::of_school(db, &s, today).await?,
        inspector,
    })
}

/// What the bureau watches across its district: every incident, and the
/// findings escalated to it or overdue.
pub async fn district_records(cx: &crate::Ctx, district: DistrictId) -> DomainResult<DistrictRecords> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let now = cx.now();
    let today = crate::clock::local_date(now);
    let incidents = care::of_district(db, actor, district, today).await?;
    Ok(DistrictRecords { incidents, findings: inspections::for_bureau(db, district, today).await? })
}
