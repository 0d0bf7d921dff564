//! Tenders (V2): a school's call for bids, its terms and its panel, changed
//! only before the deadline (which voids the bids sealed so far), and issued
//! again when too few qualified bids came.
use super::terms::{local_instant, required, status};
use crate::audit::{self, Event};
use crate::authz::{Action, Actor, Panel, Role, ScopeKind};
use crate::entities::{role_grant, school, tender, tender_panel};
use crate::error::{DomainError, DomainResult};
use crate::ids::{SchoolId, TenderId};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionSession, TransactionTrait};
use serde_json::json;
use wire::plan::ServiceType;
use wire::tender::{Criterion, NewTender, TenderService, TenderStatus};

pub const MAX_CRITERIA: usize = 10;

/// The terms as checked: what a tender row stores.
struct Terms {
    title: String,
    service: TenderService,
    requirements: String,
    criteria: Vec<Criterion>,
    estimate_fen: i64,
    whole_service: bool,
    bid_deadline: DateTime<Utc>,
    opening_at: DateTime<Utc>,
}

async fn check_terms<C: ConnectionTrait>(db: &C, s: &school::Model, new: &NewTender, now: DateTime<Utc>) -> DomainResult<Terms> {
    let title = required("title", &new.title)?;
    if title.chars().count() > 200 {
        return Err(DomainError::invalid("title", "too_long"));
    }
    let requirements = required("requirements", &new.requirements)?;
    let criteria: Vec<Criterion> = new
        .criteria
        .iter()
        .filter(|c| !c.name.trim().is_empty() || c.weight > 0)
        .map(|c| Criterion { name: c.name.trim().to_string(), weight: c.weight })
        .collect();
    if criteria.is_empty() || criteria.len() > MAX_CRITERIA {
        return Err(DomainError::invalid("criteria", "count"));
    }
    if criteria.iter().any(|c| c.name.is_empty() || c.name.chars().count() > 100 || c.weight == 0) {
        return Err(DomainError::invalid("criteria", "incomplete"));
    }
    if criteria.iter().map(|c| u32::from(c.weight)).sum::<u32>() != 100 {
        return Err(DomainError::invalid("criteria", "weights_not_100"));
    }
    let estimate_fen = wire::money::fen(&new.estimate_yuan).filter(|f| *f > 0).ok_or(DomainError::invalid("estimate_yuan", "format"))?;
    let bid_deadline = local_instant("bid_deadline", &new.bid_deadline)?;
    let opening_at = local_instant("opening_at", &new.opening_at)?;
    if bid_deadline <= now {
        return Err(DomainError::invalid("bid_deadline", "in_the_past"));
    }
    if opening_at < bid_deadline {
        return Err(DomainError::invalid("opening_at", "before_deadline"));
    }
    let policy = super::terms::policy_now(db, s.district_id, now).await?;
    let offered = match new.service {
        TenderService::AfterSchool => ServiceType::AfterSchool,
        TenderService::LunchMeal => ServiceType::Lunch,
    };
    if !policy.service_types.contains(&offered) {
        return Err(DomainError::invalid("service", "not_offered"));
    }
    let whole_service = new.whole_service.is_some();
    // 严禁将课后托管全盘委托给社会机构 [000]: a district that caps outside staff refuses it.
    if whole_service && policy.outside_staff_below_percent.is_some() {
        return Err(DomainError::invalid("whole_service", "forbidden"));
    }
    Ok(Terms { title, service: new.service, requirements, criteria, estimate_fen, whole_service, bid_deadline, opening_at })
}

fn set_terms(m: &mut tender::ActiveModel, t: Terms) {
    m.title = Set(t.title);
    m.service_kind = Set(t.service.as_str().into());
    m.price_unit = Set(t.service.price_unit().as_str().into());
    m.requirements = Set(t.requirements);
    m.criteria = Set(serde_json::to_string(&t.criteria).expect("criteria serialise"));
    m.estimate_fen = Set(t.estimate_fen);
    m.whole_service = Set(t.whole_service);
    m.bid_deadline = Set(t.bid_deadline);
    m.opening_at = Set(t.opening_at);
}

/// The school committee's price-inquiry and supervision members: the panel
/// of every tender the school issues.
async fn committee_panel<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<Vec<(i64, Panel)>> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::FamilyCommittee.as_str()))
        .filter(role_grant::Column::ScopeKind.eq(ScopeKind::School.as_str()))
        .filter(role_grant::Column::ScopeId.eq(school))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|g| g.panel.as_deref().and_then(Panel::parse).filter(|p| p.on_tender_panel()).map(|p| (g.account_id, p)))
        .collect())
}

async fn insert<C: ConnectionTrait + TransactionTrait>(db: &C, actor: &Actor, s: &school::Model, terms: Terms, reissue_of: Option<i64>, now: DateTime<Utc>) -> DomainResult<TenderId> {
    let members = committee_panel(db, s.id).await?;
    // Two act at the opening; someone must score.
    if members.len() < 2 || !members.iter().any(|(_, p)| *p == Panel::PriceInquiry) {
        return Err(DomainError::invalid("panel", "too_small"));
    }
    let txn = db.begin().await?;
    let mut m = tender::ActiveModel {
        school_id: Set(s.id),
        district_id: Set(s.district_id),
        terms_version: Set(1),
        status: Set(TenderStatus::Open.as_str().into()),
        created_by: Set(actor.account.0),
        created_at: Set(now),
        opened_at: Set(None),
        reissue_of: Set(reissue_of),
        ..Default::default()
    };
    set_terms(&mut m, terms);
    let t = m.insert(&txn).await?;
    for (account, panel) in &members {
        tender_panel::ActiveModel { tender_id: Set(t.id), account_id: Set(*account), panel: Set(panel.as_str().into()), ..Default::default() }.insert(&txn).await?;
    }
    audit::record(&txn, now,
        Event::new(Some(actor.account), "tender.created", format!("tender:{}", t.id), json!({"school": s.id, "terms": terms_json(&t), "panel": members.iter().map(|m| m.0).collect::<Vec<_>>(), "reissue_of": reissue_of})),
    )
    .await?;
    txn.commit().await?;
    Ok(TenderId(t.id))
}

fn terms_json(t: &tender::Model) -> serde_json::Value {
    json!({"title": t.title, "service": t.service_kind, "requirements": t.requirements, "criteria": t.criteria, "estimate_fen": t.estimate_fen,
        "whole_service": t.whole_service, "bid_deadline": t.bid_deadline, "opening_at": t.opening_at, "version": t.terms_version})
}

/// A school's new tender; its panel is the school committee's panels.
pub async fn create(cx: &crate::Ctx, school: SchoolId, new: NewTender) -> DomainResult<TenderId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageTenders).await?;
    let terms = check_terms(db, &s, &new, now).await?;
    insert(db, actor, &s, terms, None, now).await
}

/// New terms before the deadline. Bids sealed under the old terms are void
/// until their bidders confirm or resubmit them (`bids::confirm`).
pub async fn change_terms(cx: &crate::Ctx, tender: TenderId, new: NewTender) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (t, s) = crate::scope::tender(db, actor, tender, Action::ManageTenders).await?;
    if status(&t)? != TenderStatus::Open || now >= t.bid_deadline {
        return Err(DomainError::invalid("tender", "closed"));
    }
    let terms = check_terms(db, &s, &new, now).await?;
    let version = t.terms_version + 1;
    let txn = db.begin().await?;
    let mut m = t.into_active_model();
    set_terms(&mut m, terms);
    m.terms_version = Set(version);
    let t = m.update(&txn).await?;
    audit::record(&txn, now, Event::new(Some(actor.account), "tender.terms_changed", format!("tender:{}", t.id), terms_json(&t))).await?;
    txn.commit().await?;
    Ok(())
}

/// Issues an unsuccessful tender again with new dates (V4).
pub async fn reissue(cx: &crate::Ctx, tender: TenderId, bid_deadline: &str, opening_at: &str) -> DomainResult<TenderId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let now = cx.now();
    let (t, s) = crate::scope::tender(db, actor, tender, Action::ManageTenders).await?;
    if status(&t)? != TenderStatus::Unsuccessful {
        return Err(DomainError::invalid("tender", "not_unsuccessful"));
    }
    let again = NewTender {
        title: t.title.clone(),
        service: super::terms::service(&t)?,
        requirements: t.requirements.clone(),
        criteria: super::terms::criteria(&t)?,
        estimate_yuan: format!("{}.{:02}", t.estimate_fen / 100, t.estimate_fen % 100),
        whole_service: t.whole_service.then(|| "on".into()),
        bid_deadline: bid_deadline.into(),
        opening_at: opening_at.into(),
    };
    let terms = check_terms(db, &s, &again, now).await?;
    insert(db, actor, &s, terms, Some(t.id), now).await
}
