//! The compliance engine (B3): every rule the bureau watches, run over the
//! district's data under the policy in force. Where an area already
//! decides a rule (the plan check, the fee cap, the timetable's conflict
//! finder, money's overdue disclosures, the duty roster, incidents and
//! inspections), the engine lists that area's answer: each rule is
//! computed in one place only.
use super::flagged::Scope;
use super::{procurement, reports};
use crate::entities::{contract, disclosure, plan, vendor, vendor_entry};
use crate::enrolment::plan as plans;
use crate::error::DomainResult;
use crate::money::{disclosure as disclosures, fees};
use crate::records::{care, inspections};
use crate::service_day::duty;
use crate::operations::timetable as timetables;
use crate::policy::FundingModel;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};
use wire::bureau::{Evidence, Flag, Rule};
use wire::money::MonthFigures;
use wire::operations::Conflict;
use wire::plan::{PlanContent, PlanProblem, PlanStatus, ServiceType};

/// Every flag on the district's schools today, in a stable order. The
/// caller has checked that the reader may see them.
pub async fn flags<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    let mut out = Vec::new();
    out.extend(plan_flags(db, scope).await?);
    out.extend(timetable_flags(db, scope).await?);
    out.extend(money_flags(db, scope).await?);
    out.extend(vendor_flags(db, scope).await?);
    out.extend(reports::overdue(db, scope).await?);
    out.extend(safety_flags(db, scope).await?);
    out.extend(duty_flags(db, scope).await?);
    out.extend(procurement::flags(db, scope).await?);
    // Some areas answer for the whole district: keep the scope's schools.
    out.retain(|f| scope.schools.iter().any(|s| s.id == f.school.0));
    out.sort_by_key(|f| (f.school.0, f.rule));
    Ok(out)
}

/// The published plans whose term has not ended.
async fn running_plans<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<(plan::Model, PlanContent)>> {
    let rows = plan::Entity::find()
        .filter(plan::Column::SchoolId.is_in(scope.schools.iter().map(|s| s.id)))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .filter(plan::Column::TermEnd.gte(scope.today))
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|p| serde_json::from_str(&p.content).ok().map(|c| (p, c))).collect())
}

/// The plan check (S1) and the fee cap (M1) under today's policy: a plan
/// published under an older policy, or a fee schedule, shows here.
async fn plan_flags<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    let mut out = Vec::new();
    let plans = running_plans(db, scope).await?;
    let mut schedules = fees::in_force_of(db, &plans.iter().map(|(p, c)| (p.id, c)).collect::<Vec<_>>(), scope.today).await?;
    for (p, content) in plans {
        let link = format!("/plans/{}", p.id);
        let title = content.title.clone();
        for problem in plans::problems(&content, scope.rules) {
            let (rule, evidence) = match problem {
                PlanProblem::EndsTooEarly { earliest, .. } => (Rule::ServiceEndsOutsideWindow, Evidence::EndTime { plan: title.clone(), limit: format!("≥ {}", earliest.format("%H:%M")) }),
                PlanProblem::EndsTooLate { latest } => (Rule::ServiceEndsOutsideWindow, Evidence::EndTime { plan: title.clone(), limit: format!("≤ {}", latest.format("%H:%M")) }),
                PlanProblem::TooLongAfterDismissal { max_minutes, .. } => {
                    (Rule::ServiceEndsOutsideWindow, Evidence::EndTime { plan: title.clone(), limit: format!("≤ {} + {max_minutes}′", content.dismissal_time.format("%H:%M")) })
                }
                PlanProblem::ForbiddenActivity { activity } => (Rule::ForbiddenActivity, Evidence::Activity { plan: title.clone(), activity }),
                PlanProblem::InsuranceMissing => (Rule::InsuranceMissing, Evidence::Plan { plan: title.clone() }),
                _ => continue,
            };
            out.push(scope.flag(p.school_id, rule, evidence, link.clone()));
        }
        let Some(schedule) = schedules.remove(&p.id) else { continue };
        let main = content.service_types.first().copied().unwrap_or(ServiceType::AfterSchool);
        for item in schedule.items.iter().filter(|i| i.fen_per_month > 0) {
            let cap = if scope.rules.funding.model == FundingModel::GovernmentFunded { Some(0) } else { fees::fee_cap(scope.rules, item.service, item.minutes_per_day, main) };
            if let Some(cap) = cap.filter(|c| item.fen_per_month > *c) {
                out.push(scope.flag(p.school_id, Rule::FeeAboveCap, Evidence::Fee { plan: title.clone(), fee_fen: item.fen_per_month, cap_fen: cap }, link.clone()));
            }
        }
    }
    Ok(out)
}

/// The timetable's conflict finder (S3, S4) run again today on what is
/// published: an expired check, outside staff's share, a forbidden class.
async fn timetable_flags<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    let mut out = Vec::new();
    for (school, plan, content, found) in timetables::standing_conflicts(db, scope.schools, scope.today).await? {
        let link = format!("/plans/{}/timetable", plan.0);
        let title = content.title.clone();
        let mut seen = HashSet::new();
        for c in found {
            let (rule, evidence) = match c {
                Conflict::NotCleared { person, .. } => (Rule::UnvettedStaffOnDuty, Evidence::Person { plan: title.clone(), person }),
                Conflict::OutsideStaffShare { percent, below } => (Rule::OutsideStaffShare, Evidence::Share { plan: title.clone(), percent, below }),
                Conflict::ForbiddenActivity { activity, .. } => (Rule::ForbiddenActivity, Evidence::Activity { plan: title.clone(), activity }),
                Conflict::OutsideInterestClass { .. } => (Rule::OutsideInterestClass, Evidence::Plan { plan: title.clone() }),
                Conflict::EndsTooLate { latest, .. } => (Rule::ServiceEndsOutsideWindow, Evidence::EndTime { plan: title.clone(), limit: format!("≤ {}", latest.format("%H:%M")) }),
                Conflict::EndsTooEarly { earliest, .. } => (Rule::ServiceEndsOutsideWindow, Evidence::EndTime { plan: title.clone(), limit: format!("≥ {}", earliest.format("%H:%M")) }),
                _ => continue,
            };
            // A person on many sessions is one flag.
            if seen.insert((rule, format!("{evidence:?}"))) {
                out.push(scope.flag(school, rule, evidence, link.clone()));
            }
        }
    }
    Ok(out)
}

/// Money's own answers: overdue disclosures (M4), and the staff-pay share
/// of each school's latest published month (M5).
async fn money_flags<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    let mut out = Vec::new();
    for (school, _, month, due) in disclosures::overdue(db, scope.district, scope.today).await? {
        out.push(scope.flag(school.0, Rule::DisclosureOverdue, Evidence::Due { period: month.clone(), due }, format!("/schools/{}/disclosure?month={month}", school.0)));
    }
    let mut latest: HashMap<i64, disclosure::Model> = HashMap::new();
    for d in disclosure::Entity::find().filter(disclosure::Column::SchoolId.is_in(scope.schools.iter().map(|s| s.id))).all(db).await? {
        if latest.get(&d.school_id).is_none_or(|l| l.month < d.month) {
            latest.insert(d.school_id, d);
        }
    }
    let mut by_school: Vec<_> = latest.into_values().collect();
    by_school.sort_by_key(|d| d.school_id);
    for d in by_school {
        let Ok(f) = serde_json::from_str::<MonthFigures>(&d.figures) else { continue };
        if f.below_minimum {
            let evidence = Evidence::PayShare { month: d.month.clone(), permille: f.staff_share_permille.unwrap_or(0), min_percent: f.staff_min_percent };
            out.push(scope.flag(d.school_id, Rule::StaffPayShareLow, evidence, format!("/schools/{}/disclosure?month={}", d.school_id, d.month)));
        }
    }
    Ok(out)
}

/// A vendor under contract today without the district's approval (V1,
/// B6), or on the city's blacklist (V8).
async fn vendor_flags<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    let running = contract::Entity::find()
        .filter(contract::Column::SchoolId.is_in(scope.schools.iter().map(|s| s.id)))
        .filter(contract::Column::Status.eq("active"))
        .filter(contract::Column::StartsOn.lte(scope.today))
        .filter(contract::Column::EndsOn.gte(scope.today))
        .order_by_asc(contract::Column::Id)
        .all(db)
        .await?;
    if running.is_empty() {
        return Ok(Vec::new());
    }
    let vendors: HashMap<i64, vendor::Model> =
        vendor::Entity::find().filter(vendor::Column::Id.is_in(running.iter().map(|c| c.vendor_id))).all(db).await?.into_iter().map(|v| (v.id, v)).collect();
    let approved: HashSet<i64> = vendor_entry::Entity::find()
        .filter(vendor_entry::Column::DistrictId.eq(scope.district.0))
        .filter(vendor_entry::Column::Status.eq("approved"))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.vendor_id)
        .collect();
    let barred: HashSet<String> = crate::tender::blacklist::bars_in_force(db, Some(scope.city), scope.today).await?.into_iter().map(|b| b.credit_code).collect();
    let mut out = Vec::new();
    for c in running {
        let Some(v) = vendors.get(&c.vendor_id) else { continue };
        let evidence = || Evidence::Vendor { vendor: v.name.clone(), contract_ends: c.ends_on };
        let link = format!("/school/{}/tenders", c.school_id);
        if barred.contains(&v.credit_code) {
            out.push(scope.flag(c.school_id, Rule::VendorBlacklisted, evidence(), link.clone()));
        }
        if !approved.contains(&v.id) {
            out.push(scope.flag(c.school_id, Rule::VendorNotApproved, evidence(), link));
        }
    }
    Ok(out)
}

/// Incidents (S8) and inspection findings (S9) as the schools' records
/// already judge them.
async fn safety_flags<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    let mut out = Vec::new();
    for i in care::in_district(db, scope.district, scope.today).await? {
        let link = format!("/school/{}/safety", i.school.0);
        if i.report_overdue {
            out.push(scope.flag(i.school.0, Rule::IncidentReportOverdue, Evidence::Incident { summary: i.summary.clone(), due: i.report_due }, link.clone()));
        }
        if !i.closed {
            out.push(scope.flag(i.school.0, Rule::IncidentOpen, Evidence::Incident { summary: i.summary, due: i.report_due }, link));
        }
    }
    for f in inspections::for_bureau(db, scope.district, scope.today).await?.into_iter().filter(|f| f.overdue) {
        out.push(scope.flag(f.school.0, Rule::FindingOverdue, Evidence::Finding { description: f.description, due: f.due }, format!("/school/{}/safety", f.school.0)));
    }
    Ok(out)
}

/// Service days in the coming week without a leader on duty (S7), as the
/// school's day page counts them.
async fn duty_flags<C: ConnectionTrait>(db: &C, scope: &Scope<'_>) -> DomainResult<Vec<Flag>> {
    let mut missing: Vec<(i64, Vec<NaiveDate>)> = duty::days_without_leader_of(db, scope.schools, scope.today).await?.into_iter().collect();
    missing.sort_by_key(|(s, _)| *s);
    Ok(missing.into_iter().map(|(s, days)| scope.flag(s, Rule::NoDutyLeader, Evidence::Days { days }, format!("/school/{s}/pickups"))).collect())
}
