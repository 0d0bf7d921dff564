//! Served hours per person per month (S4), for pay and evaluation: every
//! session whose register was taken counts for each adult it names, with
//! its length. Exported as a spreadsheet.
use crate::authz::Action;
use crate::entities::{attendance_sheet, school, staff, timetable};
use crate::error::{DomainError, DomainResult};
use crate::ids::{SchoolId, StaffId};
use crate::operations::timetable::latest_publication;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};
use wire::operations::{PublishedTimetable, Session, StaffKind};
pub use wire::records::{Workload, WorkloadRow};

pub async fn month(cx: &crate::Ctx, school: SchoolId, any_day: NaiveDate) -> DomainResult<Workload> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, school, Action::ManageSchool).await?;
    served(db, s, any_day).await
}

/// The served hours of a school's month, for whoever the caller checked.
pub(crate) async fn served<C: ConnectionTrait>(db: &C, s: school::Model, any_day: NaiveDate) -> DomainResult<Workload> {
    let school = SchoolId(s.id);
    let (first, last) = crate::dates::month("month", any_day)?;
    let next = last.succ_opt().ok_or(DomainError::invalid("month", "outside_years"))?;
    let mut sessions: HashMap<i64, Session> = HashMap::new();
    for t in timetable::Entity::find().filter(timetable::Column::SchoolId.eq(s.id)).all(db).await? {
        if let Some(p) = latest_publication(db, t.id).await? {
            let snapshot: PublishedTimetable = serde_json::from_str(&p.content)?;
            sessions.extend(snapshot.sessions.into_iter().map(|x| (x.id.0, x)));
        }
    }
    let sheets = attendance_sheet::Entity::find()
        .filter(attendance_sheet::Column::SchoolId.eq(s.id))
        .filter(attendance_sheet::Column::OnDate.gte(first))
        .filter(attendance_sheet::Column::OnDate.lt(next))
        .all(db)
        .await?;
    let mut served: BTreeMap<i64, (u32, u32)> = BTreeMap::new();
    for sheet in &sheets {
        let Some(x) = sessions.get(&sheet.session_id) else { continue };
        let minutes = (x.ends_at - x.starts_at).num_minutes().max(0) as u32;
        for adult in &x.adults {
            let e = served.entry(adult.staff.0).or_default();
            e.0 += 1;
            e.1 += minutes;
        }
    }
    let people: HashMap<i64, staff::Model> = staff::Entity::find().filter(staff::Column::Id.is_in(served.keys().copied())).all(db).await?.into_iter().map(|p| (p.id, p)).collect();
    let mut rows: Vec<WorkloadRow> = served
        .into_iter()
        .filter_map(|(id, (n, minutes))| {
            let p = people.get(&id)?;
            Some(WorkloadRow { staff: StaffId(id), name: p.name.clone(), kind: StaffKind::parse(&p.kind).unwrap_or(StaffKind::Teacher), sessions: n, minutes })
        })
        .collect();
    rows.sort_by(|a, b| b.minutes.cmp(&a.minutes).then_with(|| a.name.cmp(&b.name)));
    Ok(Workload { school, school_name: s.name, month: first, rows })
}

/// The month as a spreadsheet; `headers` (name, kind, sessions, hours) and
/// `kind` come in the reader's language.
pub fn to_xlsx(w: &Workload, headers: [&str; 4], kind: impl Fn(StaffKind) -> String) -> DomainResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| DomainError::Internal(format!("workload spreadsheet: {e}"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(w.month.format("%Y-%m").to_string()).map_err(fail)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(fail)?;
    }
    for (r, row) in w.rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, &row.name).map_err(fail)?;
        sheet.write_string(r, 1, kind(row.kind)).map_err(fail)?;
        sheet.write_number(r, 2, f64::from(row.sessions)).map_err(fail)?;
        sheet.write_number(r, 3, (f64::from(row.minutes) / 60.0 * 100.0).round() / 100.0).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}
