//! The statistics behind the dashboard (B1): each school's figures per
//! grade and month in `school_stat`. A service that changes what they count
//! marks the school's month stale (`touch`, one upsert in its own
//! transaction); the next read recounts only the stale schools' months from
//! their own rows, so no view scans a district's raw rows.
use crate::entities::{
    application, attendance_total, charge, contract, incident, ledger_posting, plan, school, school_class, school_stat, stat_stale, staff,
    student, survey_response,
};
use crate::enrolment::claims;
use crate::error::DomainResult;
use crate::dates::{month_key, month_of};
use crate::ids::DistrictId;
use crate::policy;
use crate::store::db::Db;
use chrono::NaiveDate;
use sea_orm::sea_query::{ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use std::collections::{BTreeMap, HashMap, HashSet};
use wire::bureau::Figures;
use wire::enrolment::ApplicationStatus;
use wire::money::{ClaimKind, PostingKind};
use wire::operations::StaffKind;

/// Recounts the stale months of these schools (looked for on the read
/// pool, recounted on the write pool). A mark made while the recount ran
/// has a newer version and stays for the next read.
pub async fn freshen(db: &Db, schools: &[i64]) -> DomainResult<bool> {
    let mut stale: Vec<stat_stale::Model> = Vec::new();
    for chunk in schools.chunks(1_000) {
        stale.extend(stat_stale::Entity::find().filter(stat_stale::Column::SchoolId.is_in(chunk.iter().copied())).all(&db.read).await?);
    }
    if stale.is_empty() {
        return Ok(false);
    }
    let db = &db.write;
    let mut by_month: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for s in &stale {
        by_month.entry(s.month.clone()).or_default().push(s.school_id);
    }
    for (month, ids) in by_month {
        let Ok(first) = crate::dates::parse_month(&month) else { continue };
        recount(db, &ids, first).await?;
    }
    for s in stale {
        stat_stale::Entity::delete_many()
            .filter(stat_stale::Column::Id.eq(s.id))
            .filter(stat_stale::Column::Version.eq(s.version))
            .exec(db)
            .await?;
    }
    Ok(true)
}

/// Counts the month's figures of these schools (all of one district or
/// not) from their own rows and stores them.
pub async fn recount<C: ConnectionTrait>(db: &C, schools: &[i64], any_day: NaiveDate) -> DomainResult<()> {
    let (first, last) = month_of(any_day);
    let month = month_key(first);
    let ss: Vec<school::Model> = school::Entity::find().filter(school::Column::Id.is_in(schools.iter().copied())).all(db).await?;
    let district_of: HashMap<i64, i64> = ss.iter().map(|s| (s.id, s.district_id)).collect();
    let ids: Vec<i64> = ss.iter().map(|s| s.id).collect();
    let mut rows: HashMap<(i64, i64), Figures> = HashMap::new();

    let class_grade: HashMap<i64, i64> = school_class::Entity::find()
        .select_only()
        .column(school_class::Column::Id)
        .column(school_class::Column::GradeId)
        .filter(school_class::Column::SchoolId.is_in(ids.iter().copied()))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let pupils: Vec<(i64, i64, i64)> = student::Entity::find()
        .select_only()
        .column(student::Column::Id)
        .column(student::Column::SchoolId)
        .column(student::Column::ClassId)
        .filter(student::Column::SchoolId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let mut grade_of: HashMap<i64, i64> = HashMap::with_capacity(pupils.len());
    for (id, school, class) in pupils {
        let grade = class_grade.get(&class).copied().unwrap_or(0);
        grade_of.insert(id, grade);
        rows.entry((school, grade)).or_default().students += 1;
    }

    // Enrolled: a place taken in a plan whose term meets the month, not
    // ended before it. Priority and waivers as the district counts them.
    let plans: Vec<plan::Model> = plan::Entity::find()
        .filter(plan::Column::SchoolId.is_in(ids.iter().copied()))
        .filter(plan::Column::TermStart.lte(last))
        .filter(plan::Column::TermEnd.gte(first))
        .all(db)
        .await?;
    // A chunk's plans share a district and a term: the policy is read once.
    let mut policies: HashMap<(i64, NaiveDate), policy::PolicySettings> = HashMap::new();
    for p in &plans {
        let key = (district_of.get(&p.school_id).copied().unwrap_or(0), Ord::max(first, p.term_start));
        if let std::collections::hash_map::Entry::Vacant(e) = policies.entry(key) {
            e.insert(policy::in_force(db, DistrictId(key.0), key.1).await?.1);
        }
        let rules = &policies[&key];
        let apps: Vec<application::Model> = application::Entity::find()
            .filter(application::Column::PlanId.eq(p.id))
            .filter(application::Column::Status.is_in([ApplicationStatus::Admitted.as_str(), ApplicationStatus::Enrolled.as_str()]))
            .filter(application::Column::EndedOn.is_null().or(application::Column::EndedOn.gt(first)))
            .all(db)
            .await?;
        let counted = claims::counted(db, &apps, rules).await?;
        for a in &apps {
            let grade = grade_of.get(&a.student_id).copied().unwrap_or(0);
            let kinds = counted.get(&a.id).map(Vec::as_slice).unwrap_or(&[]);
            let f = &mut rows.entry((a.school_id, grade)).or_default();
            f.enrolled += 1;
            f.priority += i64::from(kinds.iter().any(|k| *k != ClaimKind::Waiver));
            f.waived += i64::from(kinds.contains(&ClaimKind::Waiver));
        }
    }

    for t in attendance_total::Entity::find()
        .filter(attendance_total::Column::SchoolId.is_in(ids.iter().copied()))
        .filter(attendance_total::Column::OnDate.between(first, last))
        .all(db)
        .await?
    {
        let f = &mut rows.entry((t.school_id, t.grade_id)).or_default();
        f.present += i64::from(t.present);
        f.absent += i64::from(t.absent);
        f.child_days += i64::from(t.child_days);
    }

    // What belongs to the whole school goes on grade 0.
    let (from, until) = (crate::clock::day_start(first), crate::clock::day_end(last));
    for s in staff::Entity::find()
        .filter(staff::Column::SchoolId.is_in(ids.iter().copied()))
        .filter(staff::Column::CreatedAt.lt(until))
        .filter(staff::Column::LeftAt.is_null().or(staff::Column::LeftAt.gte(from)))
        .all(db)
        .await?
    {
        let f = &mut rows.entry((s.school_id, 0)).or_default();
        f.staff += 1;
        f.outside_staff += i64::from(StaffKind::parse(&s.kind).is_some_and(StaffKind::is_outside));
    }
    let mut vendors: HashSet<(i64, i64)> = HashSet::new();
    for c in contract::Entity::find()
        .filter(contract::Column::SchoolId.is_in(ids.iter().copied()))
        .filter(contract::Column::StartsOn.lte(last))
        .filter(contract::Column::EndsOn.gte(first))
        .all(db)
        .await?
    {
        if vendors.insert((c.school_id, c.vendor_id)) {
            rows.entry((c.school_id, 0)).or_default().vendors += 1;
        }
    }
    for i in incident::Entity::find()
        .filter(incident::Column::SchoolId.is_in(ids.iter().copied()))
        .filter(incident::Column::OccurredAt.gte(from))
        .filter(incident::Column::OccurredAt.lt(until))
        .all(db)
        .await?
    {
        rows.entry((i.school_id, 0)).or_default().incidents += 1;
    }
    let charged: Vec<(i64, i64)> = charge::Entity::find()
        .select_only()
        .column(charge::Column::SchoolId)
        .column(charge::Column::AmountFen)
        .filter(charge::Column::SchoolId.is_in(ids.iter().copied()))
        .filter(charge::Column::CoversFrom.between(first, last))
        .into_tuple()
        .all(db)
        .await?;
    for (school, fen) in charged {
        rows.entry((school, 0)).or_default().charged_fen += fen;
    }
    let paid: Vec<(i64, i64)> = ledger_posting::Entity::find()
        .select_only()
        .column(ledger_posting::Column::SchoolId)
        .column(ledger_posting::Column::AmountFen)
        .filter(ledger_posting::Column::SchoolId.is_in(ids.iter().copied()))
        .filter(ledger_posting::Column::Kind.eq(PostingKind::Payment.as_str()))
        .filter(ledger_posting::Column::Reverses.is_null())
        .filter(ledger_posting::Column::OnDate.between(first, last))
        .into_tuple()
        .all(db)
        .await?;
    for (school, fen) in paid {
        rows.entry((school, 0)).or_default().paid_fen += fen;
    }
    for r in survey_response::Entity::find()
        .filter(survey_response::Column::SchoolId.is_in(ids.iter().copied()))
        .filter(survey_response::Column::At.gte(from))
        .filter(survey_response::Column::At.lt(until))
        .all(db)
        .await?
    {
        let f = &mut rows.entry((r.school_id, 0)).or_default();
        f.survey_sum += r.service;
        f.survey_n += 1;
    }
    // Every school has its whole-school row, so a school with nothing yet
    // reads as zeros rather than as missing.
    for s in &ids {
        rows.entry((*s, 0)).or_default();
    }

    // In key order: two servers recounting the same school at once then
    // lock its rows in the same order, and PostgreSQL sees no deadlock.
    let rows: BTreeMap<(i64, i64), Figures> = rows.into_iter().collect();
    let models: Vec<school_stat::ActiveModel> = rows
        .into_iter()
        .map(|((school, grade), f)| school_stat::ActiveModel {
            district_id: Set(district_of.get(&school).copied().unwrap_or(0)),
            school_id: Set(school),
            grade_id: Set(grade),
            month: Set(month.clone()),
            students: Set(f.students),
            enrolled: Set(f.enrolled),
            priority: Set(f.priority),
            waived: Set(f.waived),
            present: Set(f.present),
            absent: Set(f.absent),
            child_days: Set(f.child_days),
            staff: Set(f.staff),
            outside_staff: Set(f.outside_staff),
            vendors: Set(f.vendors),
            incidents: Set(f.incidents),
            charged_fen: Set(f.charged_fen),
            paid_fen: Set(f.paid_fen),
            survey_sum: Set(f.survey_sum),
            survey_n: Set(f.survey_n),
            ..Default::default()
        })
        .collect();
    use school_stat::Column as S;
    let counted = [
        S::DistrictId, S::Students, S::Enrolled, S::Priority, S::Waived, S::Present, S::Absent, S::ChildDays, S::Staff, S::OutsideStaff, S::Vendors, S::Incidents,
        S::ChargedFen, S::PaidFen, S::SurveySum, S::SurveyN,
    ];
    for chunk in models.chunks(500) {
        school_stat::Entity::insert_many(chunk.to_vec())
            .on_conflict(OnConflict::columns([S::SchoolId, S::Month, S::GradeId]).update_columns(counted).to_owned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

fn figures(r: &school_stat::Model) -> Figures {
    Figures {
        students: r.students,
        enrolled: r.enrolled,
        priority: r.priority,
        waived: r.waived,
        present: r.present,
        absent: r.absent,
        child_days: r.child_days,
        staff: r.staff,
        outside_staff: r.outside_staff,
        vendors: r.vendors,
        incidents: r.incidents,
        charged_fen: r.charged_fen,
        paid_fen: r.paid_fen,
        subsidy_fen: 0,
        survey_sum: r.survey_sum,
        survey_n: r.survey_n,
    }
}

/// A district's stored figures for some months: per (school, grade id,
/// month), freshened first. The subsidy is the month's child-days at the
/// rate in force that month.
pub struct Stored {
    pub rows: Vec<(i64, i64, String, Figures)>,
}

impl Stored {
    pub async fn read(db: &Db, district: DistrictId, schools: &[i64], months: &[String]) -> DomainResult<Stored> {
        // What was just counted again is read where it was written; the
        // rest may come from the dashboards' replica.
        let db = if freshen(db, schools).await? { &db.read } else { db.dashboards() };
        let mut rows = Vec::new();
        let mut rates: HashMap<String, i64> = HashMap::new();
        for m in months {
            let first = crate::dates::parse_month(m)?;
            let rate = policy::in_force(db, district, first).await.map(|p| p.1.funding.subsidy_fen_per_student_day.unwrap_or(0)).unwrap_or(0);
            rates.insert(m.clone(), rate);
        }
        for chunk in schools.chunks(1_000) {
            for r in school_stat::Entity::find()
                .filter(school_stat::Column::DistrictId.eq(district.0))
                .filter(school_stat::Column::Month.is_in(months.iter().cloned()))
                .filter(school_stat::Column::SchoolId.is_in(chunk.iter().copied()))
                .all(db)
                .await?
            {
                let mut f = figures(&r);
                f.subsidy_fen = f.child_days * rates.get(&r.month).copied().unwrap_or(0);
                rows.push((r.school_id, r.grade_id, r.month, f));
            }
        }
        Ok(Stored { rows })
    }

    /// Sums by a key of (school, grade id, month).
    pub fn sum_by<K: Ord>(&self, key: impl Fn(i64, i64, &str) -> Option<K>) -> BTreeMap<K, Figures> {
        let mut out: BTreeMap<K, Figures> = BTreeMap::new();
        for (s, g, m, f) in &self.rows {
            if let Some(k) = key(*s, *g, m) {
                out.entry(k).or_default().add(f);
            }
        }
        out
    }
}

/// The months with any stored figures for the district, newest first.
pub async fn months<C: ConnectionTrait>(db: &C, district: DistrictId) -> DomainResult<Vec<String>> {
    let mut ms: Vec<String> = school_stat::Entity::find()
        .select_only()
        .column(school_stat::Column::Month)
        .distinct()
        .filter(school_stat::Column::DistrictId.eq(district.0))
        .into_tuple()
        .all(db)
        .await?;
    ms.sort_unstable_by(|a, b| b.cmp(a));
    Ok(ms)
}

/// Counts every month of every school of these districts from `from` to
/// `until` (the demo, or an operator after an import).
pub async fn recount_all<C: ConnectionTrait>(db: &C, districts: &[i64], from: NaiveDate, until: NaiveDate) -> DomainResult<()> {
    for d in districts {
        let ids: Vec<i64> = school::Entity::find().select_only().column(school::Column::Id).filter(school::Column::DistrictId.eq(*d)).into_tuple().all(db).await?;
        for m in crate::dates::months(from, until) {
            for chunk in ids.chunks(100) {
                recount(db, chunk, m).await?;
            }
        }
    }
    Ok(())
}
