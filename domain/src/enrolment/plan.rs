//! School plans (一校一案, S1/P1): a school admin drafts the term's plan and
//! publishes it; publishing checks it against the district policy in force on
//! the term's first day and is refused with every problem named. Published
//! plans are public and never edited.
use crate::audit::{self, Event};
use crate::authz::{Action, Target};
use crate::entities::{plan, school};
use crate::error::{Clash, DomainError, DomainResult};
use crate::ids::{PlanId, SchoolId};
use crate::places::school_place;
use crate::policy::{self, FundingModel, PolicySettings};
use chrono::NaiveTime;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde_json::json;
use sha2::{Digest, Sha256};
pub use wire::plan::{
    ActivityKind, PlanContent, PlanProblem, PlanStatus, PlanSummary, PublishedPlan, Season,
};

/// Everything in `content` that the district's policy does not allow. Empty
/// means the plan may be published.
pub fn problems(content: &PlanContent, policy: &PolicySettings) -> Vec<PlanProblem> {
    use PlanProblem as P;
    let mut out = Vec::new();
    let mut push = |p: PlanProblem| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    if content.title.trim().is_empty() {
        push(P::TitleMissing);
    }
    if content.term_end <= content.term_start {
        push(P::TermEndsBeforeItStarts);
    }
    if !(inputs::dates::within(content.term_start) && inputs::dates::within(content.term_end)) {
        push(P::TermOutsideYears);
    } else if (content.term_end - content.term_start).num_days() > wire::plan::MAX_TERM_DAYS {
        push(P::TermTooLong);
    }
    if content.weekdays.is_empty() {
        push(P::NoWeekdays);
    }
    if policy.weekdays_only && content.weekdays.iter().any(|d| !(1..=5).contains(d)) {
        push(P::WeekendService);
    }
    let rules = &policy.service_time;
    let max_minutes = rules.max_minutes();
    for (season, end, earliest) in [
        (Season::Summer, content.end_time_summer, rules.earliest_end_summer),
        (Season::Winter, content.end_time_winter, rules.earliest_end_winter),
    ] {
        if end <= content.dismissal_time {
            push(P::EndsBeforeDismissal);
            continue;
        }
        if minutes_between(content.dismissal_time, end) > i64::from(max_minutes) {
            push(P::TooLongAfterDismissal { season, max_minutes });
        }
        if let Some(earliest) = earliest.filter(|e| end < *e) {
            push(P::EndsTooEarly { season, earliest });
        }
        if let Some(latest) = rules.latest_end.filter(|l| end > *l) {
            push(P::EndsTooLate { latest });
        }
    }
    for t in &content.service_types {
        if !policy.service_types.contains(t) {
            push(P::ServiceTypeNotAllowed { service_type: *t });
        }
    }
    if content.activities.is_empty() {
        push(P::NoActivities);
    }
    for a in content.activities.iter().filter(|a| a.is_forbidden()) {
        push(P::ForbiddenActivity { activity: *a });
    }
    if content.capacity == 0 {
        push(P::NoCapacity);
    }
    let fee = content.fee_fen_per_month;
    let funding = &policy.funding;
    if fee < 0 {
        push(P::NegativeFee);
    } else if fee > 0 && funding.model == FundingModel::GovernmentFunded {
        push(P::FeeNotAllowed);
    }
    let main = content.service_types.first().copied().unwrap_or(wire::plan::ServiceType::AfterSchool);
    if let Some(cap) = crate::money::fees::fee_cap(policy, main, 0, main).filter(|cap| fee > *cap) {
        push(P::FeeAboveCap { cap_fen: cap });
    }
    if funding.fee_filing_required && fee > 0 && (content.fee_filing_reference.trim().is_empty() || content.fee_filing_date.is_none()) {
        push(P::FeeFilingMissing);
    }
    if !policy.billing_periods.contains(&content.billing_period) {
        push(P::BillingPeriodNotAllowed { period: content.billing_period });
    }
    for (text, problem) in [
        (&content.liability_insurance, P::InsuranceMissing),
        (&content.pickup_rules, P::PickupRulesMissing),
        (&content.safety_measures, P::SafetyMeasuresMissing),
        (&content.emergency_plan, P::EmergencyPlanMissing),
    ] {
        if text.trim().is_empty() {
            push(problem);
        }
    }
    out
}

fn minutes_between(from: NaiveTime, to: NaiveTime) -> i64 {
    (to - from).num_minutes()
}

fn to_json(content: &PlanContent) -> DomainResult<String> {
    Ok(serde_json::to_string(content)?)
}

fn from_json(row: &plan::Model) -> DomainResult<PlanContent> {
    serde_json::from_str(&row.content).map_err(|e| DomainError::Internal(format!("plan {} unreadable: {e}", row.id)))
}

fn status(row: &plan::Model) -> PlanStatus {
    PlanStatus::parse(&row.status).unwrap_or(PlanStatus::Draft)
}

/// Creates a draft, or replaces the content of an existing draft.
pub async fn save_draft(cx: &crate::Ctx, school: SchoolId, existing: Option<PlanId>, content: PlanContent) -> DomainResult<PlanId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, school, Action::ManageSchool).await?;
    if content.title.trim().is_empty() {
        return Err(DomainError::invalid("title", "required"));
    }
    let now = cx.now();
    let txn = db.begin().await?;
    let id = match existing {
        Some(id) => {
            let row = plan::Entity::find_by_id(id.0)
                .lock_exclusive()
                .one(&txn)
                .await?
                .filter(|p| p.school_id == s.id)
                .ok_or(DomainError::NotFound)?;
            if status(&row) != PlanStatus::Draft {
                return Err(DomainError::Conflict(Clash::PlanPublished));
            }
            let mut m: plan::ActiveModel = row.into();
            m.term_start = Set(content.term_start);
            m.term_end = Set(content.term_end);
            m.content = Set(to_json(&content)?);
            m.updated_at = Set(now);
            m.update(&txn).await?.id
        }
        None => {
            plan::ActiveModel {
                school_id: Set(s.id),
                status: Set(PlanStatus::Draft.as_str().into()),
                term_start: Set(content.term_start),
                term_end: Set(content.term_end),
                content: Set(to_json(&content)?),
                policy_version: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                published_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    audit::record(&txn, now, Event::new(Some(actor.account), "plan.draft_saved", format!("plan:{id}"), json!({"school": s.id, "title": content.title})))
        .await?;
    txn.commit().await?;
    Ok(PlanId(id))
}

/// Publishes a draft if the district's policy in force on the term's first
/// day allows it; otherwise `PlanRefused` lists every problem.
pub async fn publish(cx: &crate::Ctx, id: PlanId) -> DomainResult<i32> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let txn = db.begin().await?;
    let row = plan::Entity::find_by_id(id.0).one(&txn).await?.ok_or(DomainError::NotFound)?;
    // Lock the school's plans: two drafts for one term published at once
    // must not both pass the overlap check.
    let _ = plan::Entity::find().filter(plan::Column::SchoolId.eq(row.school_id)).lock_exclusive().all(&txn).await?;
    let row = plan::Entity::find_by_id(id.0).one(&txn).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::school(&txn, actor, SchoolId(row.school_id), Action::ManageSchool).await?;
    if status(&row) != PlanStatus::Draft {
        return Err(DomainError::Conflict(Clash::PlanPublished));
    }
    let content = from_json(&row)?;
    let (version, policy) = match policy::in_force(&txn, crate::ids::DistrictId(s.district_id), content.term_start).await {
        Ok(p) => p,
        Err(DomainError::NotFound) => return Err(DomainError::invalid("term_start", "no_policy_in_force")),
        Err(e) => return Err(e),
    };
    let mut found = problems(&content, &policy);
    let overlapping = plan::Entity::find()
        .filter(plan::Column::SchoolId.eq(s.id))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .filter(plan::Column::TermStart.lte(content.term_end))
        .filter(plan::Column::TermEnd.gte(content.term_start))
        .one(&txn)
        .await?;
    if overlapping.is_some() {
        found.push(PlanProblem::OverlapsPublishedPlan);
    }
    if !found.is_empty() {
        return Err(DomainError::PlanRefused(found));
    }
    let now = cx.now();
    let content_hash = hex::encode(Sha256::digest(row.content.as_bytes()));
    let mut m: plan::ActiveModel = row.into();
    m.status = Set(PlanStatus::Published.as_str().into());
    m.policy_version = Set(Some(version));
    m.published_at = Set(Some(now));
    m.updated_at = Set(now);
    m.update(&txn).await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "plan.published",
            format!("plan:{id}"),
            json!({"school": s.id, "policy_version": version, "content_sha256": content_hash}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}

/// A published plan, for anyone, signed in or not.
pub async fn published(cx: &crate::Ctx, id: PlanId) -> DomainResult<PublishedPlan> {
    let db = cx.reads();
    let row = plan::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|p| status(p) == PlanStatus::Published)
        .ok_or(DomainError::NotFound)?;
    let s = crate::scope::find_school(db, SchoolId(row.school_id)).await?;
    let d = crate::scope::find_district(db, crate::ids::DistrictId(s.district_id)).await?;
    Ok(PublishedPlan {
        id,
        school: SchoolId(s.id),
        school_name: s.name,
        district_name: d.name,
        content: from_json(&row)?,
        policy_version: row.policy_version.unwrap_or_default(),
    })
}

/// A school's plans: the published ones for everyone, drafts too for those
/// who manage the school.
pub async fn school_plans(cx: &crate::Ctx, school: SchoolId) -> DomainResult<Vec<PlanSummary>> {
    let db = cx.reads();
    let s = crate::scope::find_school(db, school).await?;
    let manager = cx.acting().is_some_and(|a| a.may(Action::ManageSchool, &Target::School(school_place(&s))));
    plans_of(db, &s, manager).await
}

/// A school's plans, drafts too when `drafts`.
pub(crate) async fn plans_of<C: ConnectionTrait>(db: &C, s: &school::Model, drafts: bool) -> DomainResult<Vec<PlanSummary>> {
    let mut query = plan::Entity::find().filter(plan::Column::SchoolId.eq(s.id));
    if !drafts {
        query = query.filter(plan::Column::Status.eq(PlanStatus::Published.as_str()));
    }
    let rows = query.order_by_desc(plan::Column::TermStart).all(db).await?;
    rows.iter()
        .map(|row| {
            Ok(PlanSummary {
                id: PlanId(row.id),
                title: from_json(row)?.title,
                status: status(row),
                term_start: row.term_start,
                term_end: row.term_end,
            })
        })
        .collect()
}

/// A plan as its school's managers edit it, drafts included.
pub async fn for_editing(cx: &crate::Ctx, id: PlanId) -> DomainResult<(SchoolId, PlanStatus, PlanContent)> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let row = plan::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::school(db, actor, SchoolId(row.school_id), Action::ManageSchool).await?;
    Ok((SchoolId(s.id), status(&row), from_json(&row)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan as sound_plan;
    use wire::plan::{BillingPeriod, ServiceType};

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    /// Two 40-minute periods after a 16:40 dismissal.
    fn zaozhuang(fee_fen_per_month: i64) -> PlanContent {
        PlanContent { dismissal_time: t(16, 40), ..sound_plan(fee_fen_per_month) }
    }

    fn policy(seed: &str) -> PolicySettings {
        policy::preset(seed).expect("preset")
    }

    #[test]
    fn a_sound_plan_passes_in_every_district_with_its_fee_rules() {
        assert_eq!(problems(&sound_plan(0), &policy("000")), vec![]);
        assert_eq!(problems(&sound_plan(12_000), &policy("001")), vec![]);
        assert_eq!(problems(&zaozhuang(10_000), &policy("002")), vec![]);
        let mut luohe = sound_plan(8_000);
        luohe.end_time_summer = t(18, 30);
        assert_eq!(problems(&luohe, &policy("003")), vec![]);
        assert_eq!(problems(&sound_plan(15_000), &policy("004")), vec![]);
    }

    #[test]
    fn fees_follow_each_funding_model() {
        assert_eq!(problems(&sound_plan(100), &policy("000")), vec![PlanProblem::FeeNotAllowed]);
        assert_eq!(problems(&zaozhuang(10_001), &policy("002")), vec![PlanProblem::FeeAboveCap { cap_fen: 10_000 }]);
        let mut luohe = sound_plan(9_000);
        luohe.end_time_summer = t(18, 30);
        assert_eq!(problems(&luohe, &policy("003")), vec![PlanProblem::FeeAboveCap { cap_fen: 8_000 }]);
        let mut unfiled = sound_plan(15_000);
        unfiled.fee_filing_reference.clear();
        assert_eq!(problems(&unfiled, &policy("004")), vec![PlanProblem::FeeFilingMissing]);
        assert!(problems(&sound_plan(-1), &policy("001")).contains(&PlanProblem::NegativeFee));
    }

    #[test]
    fn service_times_follow_the_season_and_dismissal_rules() {
        // Luohe: no earlier than 18:30 in summer.
        let mut p = sound_plan(8_000);
        p.end_time_summer = t(18, 0);
        assert_eq!(
            problems(&p, &policy("003")),
            vec![PlanProblem::EndsTooEarly { season: Season::Summer, earliest: t(18, 30) }]
        );
        // Zaozhuang: two 40-minute periods at most.
        let mut p = sound_plan(0);
        p.end_time_winter = t(18, 0);
        p.dismissal_time = t(16, 30);
        assert!(problems(&p, &policy("002")).contains(&PlanProblem::TooLongAfterDismissal { season: Season::Winter, max_minutes: 80 }));
        // Qujing: not after 18:00.
        let mut p = sound_plan(15_000);
        p.end_time_summer = t(18, 20);
        assert!(problems(&p, &policy("004")).contains(&PlanProblem::EndsTooLate { latest: t(18, 0) }));
        // Ending before dismissal is named once.
        let mut p = sound_plan(0);
        p.end_time_summer = t(16, 0);
        p.end_time_winter = t(16, 0);
        assert_eq!(problems(&p, &policy("000")), vec![PlanProblem::EndsBeforeDismissal]);
    }

    #[test]
    fn forbidden_activities_weekends_and_missing_texts_are_named() {
        let mut p = sound_plan(0);
        p.activities.push(ActivityKind::NewLessons);
        p.activities.push(ActivityKind::Exams);
        p.activities.push(ActivityKind::IndividualHelp);
        p.weekdays.push(6);
        p.liability_insurance = "  ".into();
        p.service_types.push(ServiceType::Lunch);
        let found = problems(&p, &policy("000"));
        assert_eq!(
            found,
            vec![
                PlanProblem::WeekendService,
                PlanProblem::ServiceTypeNotAllowed { service_type: ServiceType::Lunch },
                PlanProblem::ForbiddenActivity { activity: ActivityKind::NewLessons },
                PlanProblem::ForbiddenActivity { activity: ActivityKind::Exams },
                PlanProblem::InsuranceMissing,
            ]
        );
        // Qujing's policy allows lunch service.
        let mut q = sound_plan(15_000);
        q.service_types.push(ServiceType::Lunch);
        assert_eq!(problems(&q, &policy("004")), vec![]);
    }

    #[test]
    fn billing_periods_follow_policy() {
        let mut p = sound_plan(0);
        p.billing_period = BillingPeriod::Monthly;
        assert_eq!(problems(&p, &policy("000")), vec![PlanProblem::BillingPeriodNotAllowed { period: BillingPeriod::Monthly }]);
        assert_eq!(problems(&sound_plan(12_000), &policy("001")), vec![]);
    }
}
