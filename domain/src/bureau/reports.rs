//! The schools' reports to the bureau (B4): the monthly report (月报告
//! [000]) and the annual performance report (in December [001], before
//! February for the year before [002]). A report carries the period's
//! figures as counted when it was sent, the school's narrative and the
//! bureau's review; one sent back is sent again.
use super::flagged::Scope;
use super::stats::Stored;
use crate::audit::{self, Event};
use crate::authz::{Action, Target};
use crate::entities::{inspection, inspection_finding, plan, school, school_report};
use crate::error::{Clash, DomainError, DomainResult};
use crate::dates::{month_key, month_of};
use crate::ids::{DistrictId, SchoolId};
use crate::places::school_place;
use crate::policy::{self, PolicySettings};
use crate::store::db::Db;
use chrono::{Datelike, NaiveDate, SecondsFormat};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait, TryIntoModel};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use wire::bureau::{Evidence, Figures, Flag, Report, ReportDue, ReportStatus, Rule, SchoolReports};
use wire::plan::PlanStatus;

pub const MAX_NARRATIVE_CHARS: usize = 5_000;

/// A period a report covers: a month or a calendar year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Month(NaiveDate),
    Year(i32),
}

impl Period {
    pub fn parse(text: &str) -> DomainResult<Period> {
        let t = text.trim();
        if t.len() == 4 {
            return t.parse::<i32>().ok().filter(|y| inputs::dates::year(*y).is_some()).map(Period::Year).ok_or(DomainError::invalid("period", "format"));
        }
        inputs::dates::parse_month(t).map(Period::Month).ok_or(DomainError::invalid("period", "format"))
    }
    pub fn key(self) -> String {
        match self {
            Period::Month(m) => month_key(m),
            Period::Year(y) => y.to_string(),
        }
    }
    /// First and last day.
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        match self {
            Period::Month(m) => month_of(m),
            Period::Year(y) => inputs::dates::year(y).unwrap_or_default(),
        }
    }
    fn months(self) -> Vec<String> {
        match self {
            Period::Month(m) => vec![month_key(m)],
            Period::Year(y) => (1..=12).map(|m| format!("{y}-{m:02}")).collect(),
        }
    }
    /// The day it is due under the rules, if the rules ask for it.
    pub fn due(self, rules: &PolicySettings) -> Option<NaiveDate> {
        match self {
            Period::Month(m) => rules.reports.monthly_due_day.and_then(|d| month_of(m).1.succ_opt()?.with_day(u32::from(d))),
            Period::Year(y) => rules.reports.annual_due.map(|a| a.due(y)),
        }
    }
    /// Whether a school may send it on `today`: a month once it is over; a
    /// year in its December (or after).
    pub fn open(self, today: NaiveDate) -> bool {
        match self {
            Period::Month(m) => month_of(m).1 < today,
            Period::Year(y) => today >= NaiveDate::from_ymd_opt(y, 12, 1).unwrap_or(NaiveDate::MAX),
        }
    }
}

/// The periods a school with these published plans owes under the rules
/// and may send by `today`, with their due days.
fn owed(plans: &[plan::Model], rules: &PolicySettings, today: NaiveDate) -> Vec<(Period, NaiveDate)> {
    let mut periods = BTreeSet::new();
    for p in plans {
        for m in crate::dates::months(p.term_start, p.term_end.min(today)) {
            periods.insert(Period::Month(m));
            periods.insert(Period::Year(m.year()));
        }
    }
    periods.into_iter().filter(|p| p.open(today)).filter_map(|p| p.due(rules).map(|d| (p, d))).collect()
}

async fn published_plans<C: ConnectionTrait>(db: &C, schools: &[i64]) -> DomainResult<Vec<plan::Model>> {
    Ok(plan::Entity::find()
        .filter(plan::Column::SchoolId.is_in(schools.iter().copied()))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .all(db)
        .await?)
}

/// Reports sent and not sent back, by (school, period).
async fn sent<C: ConnectionTrait>(db: &C, schools: &[i64]) -> DomainResult<HashMap<(i64, String), school_report::Model>> {
    Ok(school_report::Entity::find()
        .filter(school_report::Column::SchoolId.is_in(schools.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| ((r.school_id, r.period.clone()), r))
        .collect())
}

fn counts(r: &school_report::Model) -> bool {
    r.status != ReportStatus::Returned.as_str()
}

/// The compliance engine's rule: reports past their day, not sent (or
/// sent back and not sent again).
pub async fn overdue<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    if scope.rules.reports.monthly_due_day.is_none() && scope.rules.reports.annual_due.is_none() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = scope.schools.iter().map(|s| s.id).collect();
    let plans = published_plans(db, &ids).await?;
    let sent = sent(db, &ids).await?;
    let mut out = Vec::new();
    for s in scope.schools {
        let mine: Vec<plan::Model> = plans.iter().filter(|p| p.school_id == s.id).cloned().collect();
        for (period, due) in owed(&mine, scope.rules, scope.today) {
            if scope.today > due && !sent.get(&(s.id, period.key())).is_some_and(counts) {
                let rule = if matches!(period, Period::Month(_)) { Rule::MonthlyReportOverdue } else { Rule::AnnualReportOverdue };
                out.push(scope.flag(s.id, rule, Evidence::Due { period: period.key(), due }, format!("/school/{}/reports", s.id)));
            }
        }
    }
    Ok(out)
}

/// The school's figures for a period, from the statistics.
pub async fn figures(db: &Db, s: &school::Model, period: Period) -> DomainResult<Figures> {
    let stored = Stored::read(db, DistrictId(s.district_id), &[s.id], &period.months()).await?;
    Ok(stored.sum_by(|_, _, _| Some(())).remove(&()).unwrap_or_default())
}

/// Inspections in the period done by `until` (not those still scheduled):
/// how many, their findings, the findings still open.
async fn inspections_in<C: ConnectionTrait>(db: &C, school: i64, period: Period, until: NaiveDate) -> DomainResult<(u32, u32, u32)> {
    let (first, last) = period.days();
    let done = inspection::Entity::find()
        .filter(inspection::Column::SchoolId.eq(school))
        .filter(inspection::Column::OnDate.between(first, Ord::min(last, until)))
        .all(db)
        .await?;
    let findings = inspection_finding::Entity::find().filter(inspection_finding::Column::InspectionId.is_in(done.iter().map(|i| i.id))).all(db).await?;
    Ok((done.len() as u32, findings.len() as u32, findings.iter().filter(|f| f.fixed_at.is_none()).count() as u32))
}

async fn view<C: ConnectionTrait>(db: &C, r: school_report::Model, school_name: &str) -> DomainResult<Report> {
    let period = Period::parse(&r.period)?;
    let inspections = match period {
        Period::Year(_) => Some(inspections_in(db, r.school_id, period, crate::clock::local_date(r.submitted_at)).await?),
        Period::Month(_) => None,
    };
    Ok(Report {
        id: r.id,
        school: SchoolId(r.school_id),
        school_name: school_name.into(),
        period: r.period,
        figures: serde_json::from_str(&r.figures)?,
        narrative: r.narrative,
        status: ReportStatus::parse(&r.status).unwrap_or(ReportStatus::Submitted),
        submitted_at: r.submitted_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        review_note: r.review_note,
        inspections,
    })
}

/// What a school owes and has sent, for its staff and the bureau.
pub async fn of_school(cx: &crate::Ctx, id: SchoolId) -> DomainResult<SchoolReports> {
    let pools = cx.db();
    let actor = cx.actor()?;
    let today = cx.today();
    let db = &pools.read;
    let s = crate::scope::school(db, actor, id, Action::ViewSupervision).await?;
    let rules = policy::in_force(db, DistrictId(s.district_id), today).await?.1;
    let plans = published_plans(db, &[s.id]).await?;
    let mut sent = sent(db, &[s.id]).await?;
    let mut owed_now = Vec::new();
    for (period, due) in owed(&plans, &rules, today).into_iter().rev() {
        let key = (s.id, period.key());
        if sent.get(&key).is_some_and(counts) {
            continue;
        }
        // Sent back: owed again, with the bureau's note.
        let returned = match sent.remove(&key) {
            Some(r) => Some(view(db, r, &s.name).await?),
            None => None,
        };
        owed_now.push(ReportDue { period: period.key(), due, overdue: today > due, figures: figures(pools, &s, period).await?, returned });
    }
    let sent = views(db, sent.into_values().collect(), &s.name).await?;
    Ok(SchoolReports { school: id, school_name: s.name, owed: owed_now, sent })
}

/// Every report a school sent, newest first (its supervision record).
pub(crate) async fn sent_by<C: ConnectionTrait>(db: &C, s: &school::Model) -> DomainResult<Vec<Report>> {
    views(db, sent(db, &[s.id]).await?.into_values().collect(), &s.name).await
}

async fn views<C: ConnectionTrait>(db: &C, mut rows: Vec<school_report::Model>, school_name: &str) -> DomainResult<Vec<Report>> {
    rows.sort_by(|a, b| b.period.cmp(&a.period));
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(view(db, r, school_name).await?);
    }
    Ok(out)
}

/// The reports of a district's schools waiting for review, oldest first.
pub async fn waiting(cx: &crate::Ctx, district: DistrictId) -> DomainResult<Vec<Report>> {
    let db = cx.reads();
    let actor = cx.actor()?;
    actor.require(Action::ReviewReports, &Target::District(district))?;
    let rows = school_report::Entity::find()
        .filter(school_report::Column::DistrictId.eq(district.0))
        .filter(school_report::Column::Status.eq(ReportStatus::Submitted.as_str()))
        .order_by_asc(school_report::Column::SubmittedAt)
        .all(db)
        .await?;
    let names: HashMap<i64, String> =
        school::Entity::find().filter(school::Column::Id.is_in(rows.iter().map(|r| r.school_id))).all(db).await?.into_iter().map(|s| (s.id, s.name)).collect();
    let mut out = Vec::new();
    for r in rows {
        let name = names.get(&r.school_id).cloned().unwrap_or_default();
        out.push(view(db, r, &name).await?);
    }
    Ok(out)
}

/// A school sends its report for a period that is over: its figures are
/// counted now and kept with the narrative.
pub async fn submit(cx: &crate::Ctx, id: SchoolId, period: &str, narrative: &str) -> DomainResult<i64> {
    let pools = cx.db();
    let actor = cx.actor()?;
    let now = cx.now();
    let db = &pools.write;
    let s = crate::scope::school(db, actor, id, Action::ManageSchool).await?;
    let period = Period::parse(period)?;
    let narrative = narrative.trim();
    if narrative.is_empty() {
        return Err(DomainError::invalid("narrative", "missing"));
    }
    if narrative.chars().count() > MAX_NARRATIVE_CHARS {
        return Err(DomainError::invalid("narrative", "too_long"));
    }
    if !period.open(crate::clock::local_date(now)) {
        return Err(DomainError::invalid("period", "not_over"));
    }
    let figures = figures(pools, &s, period).await?;
    let txn = db.begin().await?;
    let existing = school_report::Entity::find()
        .filter(school_report::Column::SchoolId.eq(s.id))
        .filter(school_report::Column::Period.eq(period.key()))
        .one(&txn)
        .await?;
    let mut m = match existing {
        Some(r) if counts(&r) => return Err(DomainError::Conflict(Clash::ReportSent)),
        Some(r) => r.into(),
        None => school_report::ActiveModel { district_id: Set(s.district_id), school_id: Set(s.id), period: Set(period.key()), ..Default::default() },
    };
    m.figures = Set(serde_json::to_string(&figures)?);
    m.narrative = Set(narrative.into());
    m.status = Set(ReportStatus::Submitted.as_str().into());
    m.submitted_by = Set(actor.account.0);
    m.submitted_at = Set(now);
    m.reviewed_by = Set(None);
    m.reviewed_at = Set(None);
    m.review_note = Set(String::new());
    let rid = m.save(&txn).await?.try_into_model()?.id;
    audit::record(&txn, now, Event::new(Some(actor.account), "report.submitted", format!("school:{}", s.id), json!({"report": rid, "period": period.key(), "figures": figures}))).await?;
    txn.commit().await?;
    Ok(rid)
}

/// The bureau accepts a report, or sends it back with what to mend.
pub async fn review(cx: &crate::Ctx, report: i64, accept: bool, note: &str) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let r = school_report::Entity::find_by_id(report).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, SchoolId(r.school_id)).await?;
    if !actor.may(Action::ReviewReports, &Target::School(school_place(&s))) {
        return Err(DomainError::NotFound);
    }
    let note = note.trim();
    if !accept && note.is_empty() {
        return Err(DomainError::invalid("note", "missing"));
    }
    if note.chars().count() > MAX_NARRATIVE_CHARS {
        return Err(DomainError::invalid("note", "too_long"));
    }
    let txn = db.begin().await?;
    // Only a report still waiting: two reviewers at once decide it once.
    let done = school_report::Entity::update_many()
        .col_expr(school_report::Column::Status, sea_orm::sea_query::Expr::value(if accept { ReportStatus::Accepted } else { ReportStatus::Returned }.as_str()))
        .col_expr(school_report::Column::ReviewedBy, sea_orm::sea_query::Expr::value(actor.account.0))
        .col_expr(school_report::Column::ReviewedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(school_report::Column::ReviewNote, sea_orm::sea_query::Expr::value(note))
        .filter(school_report::Column::Id.eq(r.id))
        .filter(school_report::Column::Status.eq(ReportStatus::Submitted.as_str()))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(DomainError::Conflict(Clash::ReportNotWaiting));
    }
    audit::record(&txn, now, Event::new(Some(actor.account), if accept { "report.accepted" } else { "report.returned" }, format!("school:{}", s.id), json!({"report": r.id, "note": note}))).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::preset;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn due_days_follow_each_seed() {
        let nov = Period::Month(d(2026, 11, 1));
        let year = Period::Year(2026);
        let p = |s| preset(s).expect("preset");
        assert_eq!(nov.due(&p("000")), Some(d(2026, 12, 10)));
        assert_eq!(year.due(&p("000")), None);
        assert_eq!(year.due(&p("001")), Some(d(2026, 12, 31)));
        assert_eq!(year.due(&p("002")), Some(d(2027, 1, 31)));
        for s in ["003", "004"] {
            assert_eq!(nov.due(&p(s)), None);
            assert_eq!(year.due(&p(s)), None);
        }
        assert!(!nov.open(d(2026, 11, 30)) && nov.open(d(2026, 12, 1)));
        assert!(!year.open(d(2026, 11, 30)) && year.open(d(2026, 12, 1)));
        assert_eq!(Period::parse("2026-11").ok(), Some(nov));
        assert_eq!(Period::parse("2026").ok(), Some(year));
        assert!(Period::parse("26-1").is_err() && Period::parse("1899").is_err() && Period::parse("x").is_err());
    }
}
