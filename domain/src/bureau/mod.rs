//! The bureau's supervision (B1–B5, B7): the district dashboard with its
//! map, a school's drill-down, the city's districts side by side, and
//! their spreadsheets. Statistics come from `school_stat` (kept by
//! `stats`), flags from the one compliance engine.
pub mod compliance;
pub mod flagged;
pub mod geo;
pub mod procurement;
pub mod reports;
pub mod stats;

use crate::authz::{Action, Target};
use crate::entities::{district, grade, school};
use crate::error::{DomainError, DomainResult};
use crate::dates::{month_key, month_of, parse_month};
use crate::ids::{CityId, DistrictId, SchoolId};
use crate::org::SchoolKind;
use crate::places::school_place;
use crate::policy;
use chrono::{Months, NaiveDate};
use flagged::Scope;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use stats::Stored;
use std::collections::HashMap;
use wire::bureau::{CityView, Dashboard, Figures, Flag, SchoolDrill, SchoolRow};

/// Width of the map in SVG units; its height follows the district's shape.
pub const MAP_WIDTH: f64 = 640.0;
/// Months the trend charts go back.
pub const TREND_MONTHS: u32 = 12;

/// `?month=YYYY-MM`, or this month.
fn month_or_now(month: Option<&str>, today: NaiveDate) -> DomainResult<NaiveDate> {
    match month.map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => parse_month(m),
        None => Ok(month_of(today).0),
    }
}

/// The trend's months, oldest first, ending with `month`.
fn trend_months(month: NaiveDate) -> Vec<String> {
    (0..TREND_MONTHS).rev().filter_map(|k| month.checked_sub_months(Months::new(k))).map(month_key).collect()
}

/// The figures of each of these months, zero where nothing was counted.
fn every_month(months: &[String], stored: &Stored) -> Vec<(String, Figures)> {
    let mut sums = stored.sum_by(|_, _, m| Some(m.to_string()));
    months.iter().map(|m| (m.clone(), sums.remove(m).unwrap_or_default())).collect()
}

async fn schools_of<C: ConnectionTrait>(db: &C, district: i64) -> DomainResult<Vec<school::Model>> {
    Ok(school::Entity::find().filter(school::Column::DistrictId.eq(district)).order_by_asc(school::Column::Id).all(db).await?)
}

async fn grade_levels<C: ConnectionTrait>(db: &C, schools: &[i64]) -> DomainResult<HashMap<i64, i32>> {
    let mut out = HashMap::new();
    for chunk in schools.chunks(1_000) {
        for g in grade::Entity::find().filter(grade::Column::SchoolId.is_in(chunk.iter().copied())).all(db).await? {
            out.insert(g.id, g.level);
        }
    }
    Ok(out)
}

/// A district's flags today, for a reader already allowed to see them.
pub async fn district_flags<C: ConnectionTrait>(db: &C, d: &district::Model, schools: &[school::Model], today: NaiveDate) -> DomainResult<Vec<Flag>> {
    let rules = policy::in_force(db, DistrictId(d.id), today).await?.1;
    let scope = Scope { district: DistrictId(d.id), city: CityId(d.city_id), schools, rules: &rules, seed: d.seed_key.as_deref(), today };
    compliance::flags(db, &scope).await
}

/// The district's dashboard for a month: totals, schools, grades, the
/// trend, the map and today's flags.
pub async fn dashboard(cx: &crate::Ctx, id: DistrictId, month: Option<&str>) -> DomainResult<Dashboard> {
    let pools = cx.db();
    let actor = cx.actor()?;
    let today = cx.today();
    let db = pools.dashboards();
    let d = crate::scope::district(db, actor, id, Action::ViewDistrict).await?;
    let month = month_or_now(month, today)?;
    let schools = schools_of(db, d.id).await?;
    let ids: Vec<i64> = schools.iter().map(|s| s.id).collect();
    let trend_keys = trend_months(month);
    let stored = Stored::read(pools, id, &ids, &trend_keys).await?;
    let key = month_key(month);
    let by_school = stored.sum_by(|s, _, m| (m == key).then_some(s));
    let levels = grade_levels(db, &ids).await?;
    let grades: Vec<(i32, Figures)> = stored.sum_by(|_, g, m| (m == key && g != 0).then(|| levels.get(&g).copied().unwrap_or(0))).into_iter().collect();
    let trend = every_month(&trend_keys, &stored);
    let flags = district_flags(db, &d, &schools, today).await?;
    let mut flag_count: HashMap<i64, usize> = HashMap::new();
    for f in &flags {
        *flag_count.entry(f.school.0).or_default() += 1;
    }
    let shape = geo::shape(&d.code, MAP_WIDTH);
    let rows: Vec<SchoolRow> = schools
        .into_iter()
        .map(|s| SchoolRow {
            id: SchoolId(s.id),
            kind: SchoolKind::parse(&s.kind).unwrap_or(SchoolKind::District),
            figures: by_school.get(&s.id).cloned().unwrap_or_default(),
            flags: flag_count.get(&s.id).copied().unwrap_or(0),
            dot: shape.as_ref().map(|(_, p)| p.at((s.longitude, s.latitude))),
            name: s.name,
        })
        .collect();
    let mut total = Figures::default();
    for r in &rows {
        total.add(&r.figures);
    }
    Ok(Dashboard {
        district: id,
        name: d.name,
        month: key,
        months: stats::months(db, id).await?,
        schools_offering: rows.iter().filter(|r| r.figures.enrolled > 0).count(),
        total,
        schools: rows,
        grades,
        trend,
        map: shape.map(|(m, _)| m),
        flags,
        may_supervise: actor.may(Action::ReviewReports, &Target::District(id)),
    })
}

/// One school's supervision record: the bureau's drill-down, and the
/// school's own view of how the bureau sees it.
pub async fn school(cx: &crate::Ctx, id: SchoolId, month: Option<&str>) -> DomainResult<SchoolDrill> {
    let pools = cx.db();
    let actor = cx.actor()?;
    let today = cx.today();
    let db = pools.dashboards();
    let s = crate::scope::find_school(db, id).await?;
    if !actor.may(Action::ViewSupervision, &Target::School(school_place(&s))) {
        return Err(DomainError::NotFound);
    }
    let d = crate::scope::find_district(db, DistrictId(s.district_id)).await?;
    let month = month_or_now(month, today)?;
    let key = month_key(month);
    let trend_keys = trend_months(month);
    let stored = Stored::read(pools, DistrictId(d.id), &[s.id], &trend_keys).await?;
    let levels = grade_levels(db, &[s.id]).await?;
    let flags: Vec<Flag> = district_flags(db, &d, std::slice::from_ref(&s), today).await?;
    let reports = reports::sent_by(db, &s).await?;
    let inspections = crate::records::inspections::of_school(db, &s, today).await?;
    Ok(SchoolDrill {
        district: DistrictId(d.id),
        school: id,
        name: s.name,
        figures: stored.sum_by(|_, _, m| (m == key).then_some(())).remove(&()).unwrap_or_default(),
        grades: stored.sum_by(|_, g, m| (m == key && g != 0).then(|| levels.get(&g).copied().unwrap_or(0))).into_iter().collect(),
        trend: every_month(&trend_keys, &stored),
        month: key,
        flags,
        reports,
        inspections,
    })
}

/// A city's districts side by side for a month, for its city officials.
pub async fn city(cx: &crate::Ctx, id: CityId, month: Option<&str>) -> DomainResult<CityView> {
    let pools = cx.db();
    let actor = cx.actor()?;
    let today = cx.today();
    actor.require(Action::ViewCity, &Target::City(id))?;
    let db = pools.dashboards();
    let c = crate::entities::city::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let month = month_or_now(month, today)?;
    let key = month_key(month);
    let mut districts = Vec::new();
    for d in district::Entity::find().filter(district::Column::CityId.eq(id.0)).order_by_asc(district::Column::Id).all(db).await? {
        let schools = schools_of(db, d.id).await?;
        let ids: Vec<i64> = schools.iter().map(|s| s.id).collect();
        let stored = Stored::read(pools, DistrictId(d.id), &ids, std::slice::from_ref(&key)).await?;
        let total = stored.sum_by(|_, _, _| Some(())).remove(&()).unwrap_or_default();
        let flags = district_flags(db, &d, &schools, today).await?.len();
        districts.push((DistrictId(d.id), d.name, total, schools.len(), flags));
    }
    Ok(CityView { city: id, name: c.name, month: key, districts })
}

/// The dashboard's schools as a spreadsheet: `headers` in the reader's
/// language, `kind` names a school kind.
pub fn schools_xlsx(d: &Dashboard, headers: &[String], kind: impl Fn(SchoolKind) -> String) -> DomainResult<Vec<u8>> {
    use crate::money::export::{Cell, Sheet};
    let permille = |p: Option<i64>| p.map_or(Cell::Text(String::new()), |p| Cell::Number(p as f64 / 10.0));
    let mut sheet = Sheet::new(&format!("{} {}", d.name, d.month))?;
    sheet.row(headers)?;
    for s in &d.schools {
        let f = &s.figures;
        sheet.cells(&[
            Cell::Text(s.name.clone()),
            Cell::Text(kind(s.kind)),
            Cell::Number(f.students as f64),
            Cell::Number(f.enrolled as f64),
            permille(f.participation_permille()),
            Cell::Number(f.priority as f64),
            Cell::Number(f.waived as f64),
            permille(f.attendance_permille()),
            Cell::Number(f.child_days as f64),
            Cell::Number(f.staff as f64),
            Cell::Number(f.outside_staff as f64),
            Cell::Number(f.vendors as f64),
            Cell::Number(f.incidents as f64),
            Cell::Money(f.charged_fen),
            Cell::Money(f.paid_fen),
            Cell::Money(f.subsidy_fen),
            f.satisfaction_tenths().map_or(Cell::Text(String::new()), |t| Cell::Number(t as f64 / 10.0)),
            Cell::Number(s.flags as f64),
        ])?;
    }
    sheet.finish()
}

/// The flags as a spreadsheet: school, rule, evidence, clause.
pub fn flags_xlsx(title: &str, flags: &[Flag], headers: &[String], rule: impl Fn(&Flag) -> String, evidence: impl Fn(&Flag) -> String) -> DomainResult<Vec<u8>> {
    use crate::money::export::{Cell, Sheet};
    let mut sheet = Sheet::new(title)?;
    sheet.row(headers)?;
    for f in flags {
        sheet.cells(&[Cell::Text(f.school_name.clone()), Cell::Text(rule(f)), Cell::Text(evidence(f)), Cell::Text(f.clause.clone())])?;
    }
    sheet.finish()
}
