//! Money through the database (M1–M6, P3, P7): the seeds' figures (the
//! subsidy of 2 yuan per child-day split 6:4, the caps of 100 and 80 yuan,
//! a waived child owing nothing, a mid-month withdrawal's refund by hand),
//! fee schedules with consent and approval, billing once, payments and bank
//! statements, staff pay and its share, settlement, the disclosure, proof of
//! status, child-days, and every service against outsiders.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::DomainError;
use domain::authz::{Actor, Panel, Role};
use domain::enrolment::applications::{self, Declaration, NewApplication};
use domain::enrolment::{agreement, claims, plan};
use domain::entities::{attendance_total, school};
use domain::money::{billing, desk, disclosure, family, fees, ledger, pay, payments, settlement, subsidy, waivers, withdrawal};
use domain::ids::{ApplicationId, PlanId, PostingId, SchoolId};
use domain::policy;
use domain::testing::{World, fresh_db, seed_plan};
use domain::Db;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use wire::agreement::{AccidentInsurance, SignInput};
use wire::enrolment::ApplicationStatus;
use wire::money::{ClaimKind, ClaimStatus, FeeItemInput, ManualKind, NewBooking, NewFeeSchedule, NewPayment, PayRates, ScheduleStatus};
use wire::plan::{BillingPeriod, PlanContent, PlanProblem, ServiceType};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// 10:00 at the school on that day.
fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 2, 0, 0).single().expect("instant")
}

async fn world_with(db: &Db, seed: &str) -> World {
    let w = World::build(db).await;
    for d in [w.a.district, w.b.district] {
        policy::publish(&db.write, d, day(2021, 1, 1), &policy::preset(seed).expect("preset"), chrono::Utc::now()).await.expect("policy");
    }
    w
}



/// A published plan of side a under `seed` with a's child admitted
/// (declaring `declaration`) and the agreement signed on 20 February 2027.
async fn enrolled(db: &Db, w: &World, seed: &str, content: PlanContent, declaration: Declaration) -> (PlanId, ApplicationId) {
    let admin = w.a.actor(Role::SchoolAdmin);
    let p = plan::save_draft(&db.with(&admin), w.a.school, None, content).await.expect("draft");
    plan::publish(&db.with(&admin), p).await.unwrap_or_else(|e| panic!("publish under {seed}: {e:?}"));
    let new = NewApplication { plan: p, student: w.a.student, declaration, idempotency_key: format!("k-{p}") };
    let app = applications::apply(&db.write, &w.a.actor(Role::Parent), new, chrono::Utc::now()).await.expect("apply");
    let reviewers = [w.a.actor(Role::ClassTeacher), w.a.committee(Panel::PriceInquiry), admin.clone()];
    for r in &reviewers {
        let _ = applications::review(&db.with(r), app, true, "").await;
    }
    applications::allocate(&db.with(&admin), p).await.expect("allocate");
    agreement::publish(&db.with(&admin), p, "协议").await.expect("agreement");
    let signing = SignInput { version: 1, student_acknowledges: true, insurance: Some(AccidentInsurance::Insured), insurer: "平安".into() };
    agreement::sign(&db.at(&w.a.actor(Role::Parent), at(2027, 2, 20)), app, signing).await.expect("signed");
    (p, app)
}

/// A published plan of side a under `seed`, for its term (1 March – 9 July
/// 2027): money is dated only in a school's terms.
async fn with_term(db: &Db, w: &World, seed: &str) -> PlanId {
    let admin = w.a.actor(Role::SchoolAdmin);
    let p = plan::save_draft(&db.with(&admin), w.a.school, None, seed_plan(seed, 0)).await.expect("draft");
    plan::publish(&db.with(&admin), p).await.unwrap_or_else(|e| panic!("publish under {seed}: {e:?}"));
    p
}

fn treasurer(w: &World) -> Actor {
    w.a.committee(Panel::Treasurer)
}

#[tokio::test]
async fn the_subsidy_is_two_yuan_a_child_day_split_six_to_four() {
    // Seed 000: a district school with 150 children over 20 service days
    // receives 6,000 yuan, 3,600 from the city and 2,400 from the district.
    assert_eq!(subsidy::owed(150 * 20, 200, 60), (600_000, 360_000, 240_000));
    let db = fresh_db().await;
    let w = world_with(&db, "000").await;
    let mut near = school::Entity::find_by_id(w.near.school.0).one(&db.write).await.expect("q").expect("school").into_active_model();
    near.kind = Set("city_direct".into());
    near.update(&db.write).await.expect("city-direct");
    for (side, children) in [(&w.a, 150), (&w.near, 40)] {
        for d in (1..=28).map(|d| day(2027, 3, d)).filter(|d| domain::operations::calendar::weekday(*d) <= 5).take(20) {
            attendance_total::ActiveModel { school_id: Set(side.school.0), grade_id: Set(side.grade.0), class_id: Set(side.class.0), on_date: Set(d), present: Set(children), absent: Set(3), child_days: Set(children), ..Default::default() }
                .insert(&db.write)
                .await
                .expect("total");
        }
    }
    let r = subsidy::district_year(&db.on(&w.a.actor(Role::BureauOfficial), day(2027, 12, 31)), w.a.district, 2027).await.expect("report");
    let a = r.schools.iter().find(|s| s.school == w.a.school).expect("a");
    assert_eq!((a.child_days, a.entitled_fen, a.city_fen, a.district_fen), (3_000, 600_000, 360_000, 240_000));
    let n = r.schools.iter().find(|s| s.school == w.near.school).expect("near");
    assert_eq!((n.entitled_fen, n.city_fen, n.district_fen), (160_000, 160_000, 0), "city-direct: all from the city");
    // The school books 3,000 yuan from the city: the rest is outstanding.
    with_term(&db, &w, "000").await;
    let booking = NewBooking { kind: ManualKind::SubsidyCity, amount: "3000".into(), on_date: day(2027, 4, 10), memo: "3月补贴".into(), reference: "FIN-1".into() };
    ledger::record(&db.at(&w.a.actor(Role::SchoolAdmin), at(2027, 4, 10)), w.a.school, booking).await.expect("booked");
    let r = subsidy::school_year(&db.with(&w.a.actor(Role::SchoolAdmin)), w.a.school, 2027).await.expect("school");
    assert_eq!((r.schools[0].received_city_fen, r.outstanding_fen), (300_000, 300_000));
    assert!(matches!(subsidy::district_year(&db.on(&w.b.actor(Role::BureauOfficial), day(2027, 12, 31)), w.a.district, 2027).await, Err(DomainError::Forbidden)));
}

#[tokio::test]
async fn fees_keep_within_each_districts_cap() {
    // 101 yuan a month is refused under 002's cap of 100, 81 under 003's 80.
    for (seed, fee, cap) in [("002", 10_100, 10_000), ("003", 8_100, 8_000)] {
        let rules = policy::preset(seed).expect("preset");
        assert_eq!(plan::problems(&seed_plan(seed, fee), &rules), vec![PlanProblem::FeeAboveCap { cap_fen: cap }], "{seed}");
        assert_eq!(plan::problems(&seed_plan(seed, cap), &rules), vec![], "{seed} at the cap");
    }
    let db = fresh_db().await;
    let w = world_with(&db, "003").await;
    let mut content = seed_plan("003", 8_000);
    content.service_types = vec![ServiceType::AfterSchool, ServiceType::NoonRest];
    let (p, _) = enrolled(&db, &w, "003", content, Declaration::default()).await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let schedule = |main: &str, noon: &str| NewFeeSchedule {
        effective_from: day(2027, 4, 1),
        items: vec![
            FeeItemInput { service: ServiceType::AfterSchool, yuan_per_month: main.into(), minutes_per_day: 120 },
            FeeItemInput { service: ServiceType::NoonRest, yuan_per_month: noon.into(), minutes_per_day: 60 },
        ],
        billing_period: BillingPeriod::Semester,
        filing_number: String::new(),
        filing_date: String::new(),
    };
    let today = day(2027, 3, 10);
    let e = fees::propose(&db.at(&admin, at(2027, 3, 10)), p, schedule("81", "0")).await.expect_err("over the cap");
    assert!(matches!(e, DomainError::PlanRefused(ref ps) if ps == &vec![PlanProblem::FeeAboveCap { cap_fen: 8_000 }]), "{e:?}");
    // Noon care of an hour: the 80-yuan cap for two hours, halved.
    let e = fees::propose(&db.at(&admin, at(2027, 3, 10)), p, schedule("80", "40.01")).await.expect_err("noon over its cap");
    assert!(matches!(e, DomainError::PlanRefused(ref ps) if ps == &vec![PlanProblem::OtherFeeAboveCap { service_type: ServiceType::NoonRest, cap_fen: 4_000 }]), "{e:?}");
    let id = fees::propose(&db.at(&treasurer(&w), at(2027, 3, 10)), p, schedule("80", "40")).await.expect("proposed");
    let plans = fees::of_school(&db.read, &admin, w.a.school, today).await.expect("fees");
    let v = plans[0].versions.last().expect("version");
    assert!(v.needs_consent && v.status == ScheduleStatus::Pending, "the committee must consent [003]");
    assert!(matches!(fees::consent(&db.at(&w.near.actor(Role::FamilyCommittee), at(2027, 3, 10)), id).await, Err(DomainError::Forbidden)));
    assert!(matches!(fees::consent(&db.at(&admin, at(2027, 3, 10)), id).await, Err(DomainError::Forbidden)), "the school does not consent for the committee");
    fees::consent(&db.at(&w.a.committee(Panel::Supervision), at(2027, 3, 10)), id).await.expect("consented");
    let plans = fees::of_school(&db.read, &admin, w.a.school, today).await.expect("fees");
    assert_eq!(plans[0].versions.last().expect("v").status, ScheduleStatus::InForce);
    // Under 000 no fee at all.
    let rules = policy::preset("000").expect("preset");
    assert_eq!(plan::problems(&seed_plan("000", 100), &rules), vec![PlanProblem::FeeNotAllowed]);
}

#[tokio::test]
async fn a_fee_rise_waits_for_the_bureaus_approval_under_004() {
    let db = fresh_db().await;
    let w = world_with(&db, "004").await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let p = plan::save_draft(&db.with(&admin), w.a.school, None, seed_plan("004", 15_000)).await.expect("draft");
    plan::publish(&db.with(&admin), p).await.expect("published");
    let rise = |filing: &str| NewFeeSchedule {
        effective_from: day(2027, 4, 1),
        items: vec![FeeItemInput { service: ServiceType::AfterSchool, yuan_per_month: "160".into(), minutes_per_day: 90 }],
        billing_period: BillingPeriod::Monthly,
        filing_number: filing.into(),
        filing_date: if filing.is_empty() { String::new() } else { "2027-03-05".into() },
    };
    let today = day(2027, 3, 10);
    let e = fees::propose(&db.at(&admin, at(2027, 3, 10)), p, rise("")).await.expect_err("unfiled");
    assert!(matches!(e, DomainError::PlanRefused(ref ps) if ps.contains(&PlanProblem::FeeFilingMissing)), "{e:?}");
    let id = fees::propose(&db.at(&admin, at(2027, 3, 10)), p, rise("曲发改收费〔2027〕3号")).await.expect("proposed");
    let e = fees::propose(&db.at(&admin, at(2027, 3, 10)), p, rise("曲发改收费〔2027〕4号")).await.expect_err("one at a time");
    assert!(matches!(e, DomainError::Invalid { field: "fee_schedule", rule: "one_pending" }));
    let bureau = w.a.actor(Role::BureauOfficial);
    assert!(matches!(fees::decide(&db.at(&w.b.actor(Role::BureauOfficial), at(2027, 3, 11)), id, true, "x").await, Err(DomainError::Forbidden)));
    assert!(matches!(fees::decide(&db.at(&admin, at(2027, 3, 11)), id, true, "x").await, Err(DomainError::Forbidden)), "the school cannot approve its own rise");
    let waiting = subsidy::district_year(&db.on(&bureau, today), w.a.district, 2027).await.expect("desk").fee_approvals;
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].before[0].fen_per_month, waiting[0].items[0].fen_per_month), (15_000, 16_000));
    fees::decide(&db.at(&bureau, at(2027, 3, 11)), id, true, "曲发改收费〔2027〕3号、曲教体〔2027〕7号 联合批复").await.expect("approved");
    let v = fees::of_school(&db.read, &admin, w.a.school, today).await.expect("fees")[0].versions.last().cloned().expect("v");
    assert_eq!((v.status, v.needs_approval, v.approved_by.is_some()), (ScheduleStatus::InForce, true, true));
    // A lower fee needs nobody's approval.
    let mut lower = rise("曲发改收费〔2027〕5号");
    lower.items[0].yuan_per_month = "150".into();
    lower.effective_from = day(2027, 5, 1);
    fees::propose(&db.at(&admin, at(2027, 3, 12)), p, lower).await.expect("lower");
    let v = fees::of_school(&db.read, &admin, w.a.school, today).await.expect("fees")[0].versions.last().cloned().expect("v");
    assert_eq!((v.status, v.needs_approval), (ScheduleStatus::InForce, false));
}

/// Side a's child's balance: (owed, refund due).
async fn owed(db: &Db, w: &World) -> (i64, i64) {
    let m = family::child(&db.with(&w.a.actor(Role::Parent)), w.a.student).await.expect("money");
    (m.owed_fen, m.refund_due_fen)
}

#[tokio::test]
async fn a_mid_month_withdrawal_gives_back_the_days_not_served() {
    let db = fresh_db().await;
    let w = world_with(&db, "001").await;
    let (_, app) = enrolled(&db, &w, "001", seed_plan("001", 10_000), Declaration::default()).await;
    let keeper = treasurer(&w);
    let march = billing::run(&db.at(&keeper, at(2027, 3, 1)), w.a.school, day(2027, 3, 1)).await.expect("billed");
    assert_eq!((march.charged, march.total_fen), (1, 10_000), "March 2027 has 23 weekdays, all served: the whole 100 yuan");
    let pay = NewPayment { student_no: "no-a".into(), amount: "100".into(), on_date: day(2027, 3, 2), reference: "TX1".into() };
    payments::record(&db.at(&keeper, at(2027, 3, 2)), w.a.school, pay).await.expect("paid");
    assert_eq!(owed(&db, &w).await, (0, 0));
    // From Wednesday 17 March: 11 of March's 23 service days are not served.
    // 100 yuan × 11 ÷ 23 = 47.826… yuan → 47.82 back; 52.18 kept.
    let parent = w.a.actor(Role::Parent);
    let seen = withdrawal::preview(&db.at(&parent, at(2027, 3, 16)), app, day(2027, 3, 17)).await.expect("preview");
    assert_eq!((seen.lines[0].days, seen.lines[0].undelivered, seen.refund_fen, seen.paid_back_fen, seen.owed_after_fen), (23, 11, 4_782, 4_782, 0));
    assert!(matches!(withdrawal::preview(&db.at(&w.b.actor(Role::Parent), at(2027, 3, 16)), app, day(2027, 3, 17)).await, Err(DomainError::Forbidden)));
    assert!(matches!(withdrawal::confirm(&db.at(&parent, at(2027, 3, 16)), app, day(2027, 3, 17), Some(4_781)).await, Err(DomainError::Invalid { field: "refund", rule: "changed" })));
    assert_eq!(owed(&db, &w).await, (0, 0), "nothing changed");
    withdrawal::confirm(&db.at(&parent, at(2027, 3, 16)), app, day(2027, 3, 17), Some(4_782)).await.expect("withdrawn");
    assert_eq!(owed(&db, &w).await, (0, 4_782), "the family is owed 47.82 back");
    assert!(withdrawal::confirm(&db.at(&parent, at(2027, 3, 16)), app, day(2027, 3, 17), None).await.is_err(), "once");
    // The disclosure of March shows it; April charges nothing.
    let f = disclosure::view(&db.maybe_at(Some(&keeper), domain::clock::day_start(day(2027, 4, 20))), w.a.school, day(2027, 3, 1)).await.expect("draft").figures;
    assert_eq!((f.fees_charged_fen, f.refunded_fen, f.fees_net_fen, f.fees_received_fen), (10_000, 4_782, 5_218, 10_000));
    let april = billing::run(&db.at(&keeper, at(2027, 4, 1)), w.a.school, day(2027, 4, 1)).await.expect("april");
    assert_eq!(april.charged, 0, "withdrawn before April");
    // The school pays the refund out.
    assert_eq!(withdrawal::pay_out(&db.at(&keeper, at(2027, 3, 20)), w.a.student, day(2027, 3, 20), "TX9").await.expect("paid out"), 4_782);
    assert_eq!(owed(&db, &w).await, (0, 0));
    assert!(withdrawal::pay_out(&db.at(&keeper, at(2027, 3, 20)), w.a.student, day(2027, 3, 20), "TX9").await.is_err(), "nothing more due");
}

#[tokio::test]
async fn a_waived_child_owes_nothing_once_the_school_approves_the_proof() {
    let db = fresh_db().await;
    let w = world_with(&db, "002").await;
    let declaration = Declaration { waiver_claimed: true, left_behind: true, ..Declaration::default() };
    let (_, app) = enrolled(&db, &w, "002", seed_plan("002", 10_000), declaration).await;
    let parent = w.a.actor(Role::Parent);
    let page = claims::page(&db.with(&parent), app).await.expect("claims");
    assert_eq!(page.claims.iter().map(|c| (c.kind, c.status)).collect::<Vec<_>>(), vec![(ClaimKind::LeftBehind, ClaimStatus::Declared), (ClaimKind::Waiver, ClaimStatus::Declared)]);
    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[0u8; 64], &[0xFF, 0xD9]].concat();
    assert!(matches!(claims::attach(&db.at(&parent, at(2027, 3, 1)), app, ClaimKind::Disabled, false, jpeg.clone()).await, Err(DomainError::Invalid { field: "proof", rule: "not_declared" })));
    assert!(matches!(claims::attach(&db.at(&parent, at(2027, 3, 1)), app, ClaimKind::Waiver, false, b"not a photo".to_vec()).await, Err(DomainError::Unreadable { field: "proof", .. })));
    assert!(matches!(claims::attach(&db.at(&w.b.actor(Role::Parent), at(2027, 3, 1)), app, ClaimKind::Waiver, false, jpeg.clone()).await, Err(DomainError::Forbidden)));
    let claim = claims::attach(&db.at(&parent, at(2027, 3, 1)), app, ClaimKind::Waiver, false, jpeg.clone()).await.expect("attached");
    // Before the review the waiver does not count: the term is charged,
    // 100 yuan a month from March to June and 7 of July's 22 days.
    let keeper = treasurer(&w);
    billing::run(&db.at(&keeper, at(2027, 3, 1)), w.a.school, day(2027, 3, 1)).await.expect("term");
    assert_eq!(owed(&db, &w).await.0, 43_181);
    // Only the school's reviewer and the child's guardians open the proof.
    assert!(matches!(claims::proof(&db.at(&w.a.actor(Role::ServiceStaff), at(2027, 3, 2)), claim).await, Err(DomainError::NotFound)));
    assert!(matches!(claims::proof(&db.at(&w.near.actor(Role::SchoolAdmin), at(2027, 3, 2)), claim).await, Err(DomainError::NotFound)));
    assert_eq!(claims::proof(&db.at(&parent, at(2027, 3, 2)), claim).await.expect("guardian").0, jpeg);
    let admin = w.a.actor(Role::SchoolAdmin);
    assert_eq!(claims::queue(&db.with(&admin), w.a.school).await.expect("queue").waiting.len(), 1);
    assert!(matches!(claims::review(&db.write, &admin, claim, false, "", at(2027, 3, 2)).await, Err(DomainError::Invalid { field: "reason", .. })));
    assert!(matches!(claims::review(&db.write, &w.near.actor(Role::SchoolAdmin), claim, true, "", at(2027, 3, 2)).await, Err(DomainError::NotFound)));
    // Approved: what the term still owes is waived at once; a waived child owes 0.
    assert_eq!(waivers::review(&db.at(&admin, at(2027, 3, 2)), claim, true, "").await.expect("approved"), ClaimStatus::Approved);
    let m = family::child(&db.with(&parent), w.a.student).await.expect("money");
    assert_eq!((m.owed_fen, m.charged_fen, m.waived_fen), (0, 43_181, 43_181));
    let again = billing::run(&db.at(&keeper, at(2027, 4, 1)), w.a.school, day(2027, 4, 1)).await.expect("again");
    assert_eq!((again.charged, again.waived), (0, 0), "nothing twice");
    // After the term the file goes, the decision stays.
    assert_eq!(claims::purge_after_term(&db.write, day(2027, 7, 10)).await.expect("purge"), 1);
    let c = claims::page(&db.with(&parent), app).await.expect("claims");
    let waiver = c.claims.iter().find(|c| c.kind == ClaimKind::Waiver).expect("waiver");
    assert_eq!((waiver.status, waiver.has_proof, waiver.removed_after_term), (ClaimStatus::Approved, false, true));
}

/// A proof of hardship is sensitive (PIPL Art. 28): besides the child's
/// guardians, only the reviewer of the step the claim waits at reads it,
/// and the school (the last step) until the file goes after the term.
/// Where a district has its committee review proof first, that is the
/// committee as such, not its tender panels or its treasurer.
#[tokio::test]
async fn a_proof_is_read_only_by_the_reviewer_whose_step_it_waits_at() {
    let db = fresh_db().await;
    let w = World::build(&db).await;
    let mut rules = policy::preset("002").expect("preset");
    rules.proof_review = vec![wire::money::ProofStep::FamilyCommittee, wire::money::ProofStep::School];
    policy::publish(&db.write, w.a.district, day(2021, 1, 1), &rules, chrono::Utc::now()).await.expect("policy");
    let member = domain::testing::account_with(&db, "committee-member", Role::FamilyCommittee, domain::authz::ScopeKind::School, w.a.school.0).await;
    let member = domain::auth::actor_of_account(&db.read, member).await.expect("actor");
    let declaration = Declaration { waiver_claimed: true, ..Declaration::default() };
    let (_, app) = enrolled(&db, &w, "002", seed_plan("002", 10_000), declaration).await;
    let parent = w.a.actor(Role::Parent);
    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[7u8; 16], &[0xFF, 0xD9]].concat();
    let claim = claims::attach(&db.at(&parent, at(2027, 3, 1)), app, ClaimKind::Waiver, false, jpeg.clone()).await.expect("attached");
    let reads = |who: Actor| {
        let db = db.clone();
        async move { claims::proof(&db.at(&who, at(2027, 3, 2)), claim).await.is_ok() }
    };
    let panels = [Panel::PriceInquiry, Panel::Supervision, Panel::Treasurer].map(|p| w.a.committee(p));
    for p in &panels {
        assert!(!reads(p.clone()).await, "a tender panel or the treasurer: {:?}", p.grants);
    }
    assert!(reads(member.clone()).await, "the committee while the claim waits at its step");
    assert!(reads(w.a.actor(Role::SchoolAdmin)).await, "the school, which decides last");
    assert!(reads(parent.clone()).await);
    assert!(matches!(claims::review(&db.write, &panels[2], claim, true, "", at(2027, 3, 2)).await, Err(DomainError::NotFound)), "the treasurer decides no proof");
    claims::review(&db.write, &member, claim, true, "", at(2027, 3, 2)).await.expect("the committee's step");
    assert!(!reads(member).await, "the committee decided its step: the file is no longer its business");
    assert!(reads(w.a.actor(Role::SchoolAdmin)).await);
}

#[tokio::test]
async fn approved_proof_decides_priority_where_the_district_asks_for_it() {
    let db = fresh_db().await;
    let w = world_with(&db, "003").await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let mut content = seed_plan("003", 8_000);
    content.capacity = 1;
    let p = plan::save_draft(&db.with(&admin), w.a.school, None, content).await.expect("draft");
    plan::publish(&db.with(&admin), p).await.expect("publish");
    // Side a's child applies first without a group; next door's child later,
    // declaring a left-behind child: only approved proof puts them first.
    let first = NewApplication { plan: p, student: w.a.student, declaration: Declaration::default(), idempotency_key: "k1".into() };
    let a1 = applications::apply(&db.write, &w.a.actor(Role::Parent), first, chrono::Utc::now()).await.expect("a1");
    let second = NewApplication { plan: p, student: w.next_door.student, declaration: Declaration { left_behind: true, ..Declaration::default() }, idempotency_key: "k2".into() };
    let a2 = applications::apply(&db.write, &w.next_door.actor(Role::Parent), second, chrono::Utc::now()).await.expect("a2");
    for app in [a1, a2] {
        for r in [w.a.actor(Role::ClassTeacher), w.next_door.actor(Role::ClassTeacher), admin.clone()] {
            let _ = applications::review(&db.with(&r), app, true, "").await;
        }
    }
    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[1u8; 32], &[0xFF, 0xD9]].concat();
    let claim = claims::attach(&db.at(&w.next_door.actor(Role::Parent), at(2027, 2, 1)), a2, ClaimKind::LeftBehind, false, jpeg).await.expect("proof");
    // Declared but not yet approved: submission order.
    let mine = applications::my_applications(&db.with(&w.a.actor(Role::Parent))).await.expect("mine");
    assert_eq!(mine[0].status, ApplicationStatus::Approved);
    claims::review(&db.write, &admin, claim, true, "", at(2027, 2, 2)).await.expect("approved");
    applications::allocate(&db.with(&admin), p).await.expect("allocate");
    let theirs = applications::my_applications(&db.with(&w.next_door.actor(Role::Parent))).await.expect("theirs");
    assert_eq!((theirs[0].status, theirs[0].priority), (ApplicationStatus::Admitted, true), "the approved left-behind child goes first");
    let mine = applications::my_applications(&db.with(&w.a.actor(Role::Parent))).await.expect("mine");
    assert_eq!(mine[0].status, ApplicationStatus::Waitlisted);
}

#[tokio::test]
async fn billing_a_month_twice_charges_nobody_twice_and_a_term_bills_once() {
    let db = fresh_db().await;
    let w = world_with(&db, "001").await;
    let mut content = seed_plan("001", 12_000);
    content.billing_period = BillingPeriod::Semester;
    enrolled(&db, &w, "001", content, Declaration::default()).await;
    let keeper = treasurer(&w);
    let first = billing::run(&db.at(&keeper, at(2027, 3, 1)), w.a.school, day(2027, 3, 1)).await.expect("term");
    // The term 1 March – 9 July, billed by semester: March to June whole,
    // July 1–9 of July's 22 service days: 120 × 4 + 120 × 7 ÷ 22 = 518.18.
    assert_eq!((first.charged, first.total_fen), (1, 48_000 + 3_818));
    let again = billing::run(&db.at(&keeper, at(2027, 4, 1)), w.a.school, day(2027, 4, 1)).await.expect("again");
    assert_eq!((again.charged, again.already), (0, 1));
    assert!(matches!(billing::run(&db.at(&keeper, at(2027, 4, 1)), w.a.school, day(2027, 5, 1)).await, Err(DomainError::Invalid { rule: "in_the_future", .. })));
    assert!(matches!(billing::run(&db.at(&w.a.actor(Role::ClassTeacher), at(2027, 3, 1)), w.a.school, day(2027, 3, 1)).await, Err(DomainError::Forbidden)));
}

fn statement(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from("日期,金额,附言,流水号\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

#[tokio::test]
async fn a_bank_statement_imports_whole_or_not_at_all_and_never_twice() {
    let db = fresh_db().await;
    let w = world_with(&db, "002").await;
    enrolled(&db, &w, "002", seed_plan("002", 10_000), Declaration::default()).await;
    let keeper = treasurer(&w);
    let today = day(2027, 3, 20);
    let bad = statement(&["2027-03-03,100.00,学号no-a 三月托管费,B001", "2027-03-04,50,学号X999,B002"]);
    let p = payments::import(&db.at(&keeper, at(2027, 3, 20)), w.a.school, "s.csv", &bad).await.expect("checked");
    assert!(!p.imported);
    assert_eq!(p.errors.iter().map(|e| (e.line, e.field.as_str(), e.rule.as_str())).collect::<Vec<_>>(), vec![(3, "memo", "no_student")]);
    assert_eq!(owed(&db, &w).await.0, 0, "nothing booked");
    let good = statement(&["2027-03-03,100.00,学号no-a 三月托管费,B001", "2027-03-04,50,no-a,B002"]);
    let p = payments::import(&db.at(&keeper, at(2027, 3, 20)), w.a.school, "s.csv", &good).await.expect("imported");
    assert_eq!((p.imported, p.new_rows, p.total_fen), (true, 2, 15_000));
    let again = payments::import(&db.at(&keeper, at(2027, 3, 20)), w.a.school, "s.csv", &good).await.expect("again");
    assert_eq!((again.new_rows, again.rows.iter().all(|r| r.already)), (0, true));
    let m = family::child(&db.with(&w.a.actor(Role::Parent)), w.a.student).await.expect("money");
    assert_eq!(m.paid_fen, 15_000);
    for (rows, field, rule) in [
        (vec!["2027-02-30,1,no-a,C1"], "date", "not_a_date"),
        (vec!["2027-03-03,-5,no-a,C1"], "amount", "not_incoming"),
        (vec!["2027-03-03,abc,no-a,C1"], "amount", "not_an_amount"),
        (vec!["2027-03-03,5,no-a,"], "transaction", "required"),
        (vec!["2027-03-03,5,no-a,C1", "2027-03-03,5,no-a,C1"], "transaction", "duplicate_in_file"),
        (vec!["2028-03-03,5,no-a,C1"], "date", "in_the_future"),
    ] {
        let p = payments::preview(&db.on(&keeper, today), w.a.school, "s.csv", &statement(&rows)).await.expect("preview");
        assert!(p.errors.iter().any(|e| e.field == field && e.rule == rule), "{rows:?}: {:?}", p.errors);
    }
    assert!(matches!(payments::preview(&db.on(&keeper, today), w.a.school, "s.csv", b"a,b\n1,2\n").await, Err(DomainError::Unreadable { field: "file", rule: "missing_column" })));
    assert!(matches!(payments::preview(&db.on(&w.near.actor(Role::SchoolAdmin), today), w.a.school, "s.csv", &good).await, Err(DomainError::Forbidden)));
}

#[tokio::test]
async fn staff_pay_from_served_hours_and_the_share_against_the_minimum() {
    use domain::service_day::attendance;
    let db = fresh_db().await;
    let w = world_with(&db, "000").await;
    let (sessions, _) = domain::testing::service_sessions(&db, &w.a, wire::plan::ActivityKind::Reading, &[1, 2, 3, 4, 5]).await;
    // Monday to Wednesday, 1–3 March 2027: three registers of 80 minutes.
    let today = day(2027, 3, 5);
    let now = at(2027, 3, 5);
    let mut on = Vec::new();
    for (i, s) in sessions.iter().enumerate().take(3) {
        let d = day(2027, 3, 1 + i as u32);
        attendance::take(&db.at(&w.a.actor(Role::ServiceStaff), now), *s, d, &[], &format!("k{i}")).await.expect("register");
        on.push(d);
    }
    let month = on[0];
    let admin = w.a.actor(Role::SchoolAdmin);
    pay::set_rates(&db.at(&admin, now), w.a.school, PayRates { teacher: 6_000, worker: 4_500, volunteer: 2_000, vendor_staff: 5_000 }).await.expect("rates");
    let run = pay::preview(&db.with(&admin), w.a.school, month).await.expect("run");
    assert_eq!(run.lines.iter().map(|l| l.minutes).sum::<u32>(), 240);
    assert_eq!(run.total_fen, 18_000, "4 hours at the worker's 45 yuan");
    let pay_day = *on.last().expect("day");
    let booked = pay::book(&db.at(&admin, now), w.a.school, month, pay_day).await.expect("booked");
    assert!(booked.lines.iter().all(|l| l.booked));
    assert!(matches!(pay::book(&db.at(&admin, now), w.a.school, month, pay_day).await, Err(DomainError::Invalid { field: "pay", .. })), "once");
    // Materials as big as the pay: staff pay is half the spending, below 000's 90%.
    let spent = NewBooking { kind: ManualKind::Materials, amount: wire::money::yuan(booked.total_fen), on_date: pay_day, memo: "绘本".into(), reference: String::new() };
    ledger::record(&db.at(&admin, now), w.a.school, spent).await.expect("materials");
    let f = disclosure::view(&db.maybe_at(Some(&admin), domain::clock::day_start(today)), w.a.school, month).await.expect("draft").figures;
    assert_eq!((f.staff_share_permille, f.staff_min_percent, f.below_minimum, f.staff_share_on_income), (Some(500), 90, true, false));
}

#[tokio::test]
async fn the_ledger_is_ring_fenced_and_corrected_by_reversal() {
    let db = fresh_db().await;
    let w = world_with(&db, "002").await;
    with_term(&db, &w, "002").await;
    let keeper = treasurer(&w);
    let today = day(2027, 3, 20);
    let other = |memo: &str| NewBooking { kind: ManualKind::Other, amount: "10".into(), on_date: today, memo: memo.into(), reference: String::new() };
    assert!(matches!(ledger::record(&db.at(&keeper, at(2027, 3, 20)), w.a.school, other("")).await, Err(DomainError::Invalid { rule: "purpose_required", .. })));
    assert!(matches!(ledger::record(&db.at(&keeper, at(2027, 3, 20)), w.a.school, other("学校管理费")).await, Err(DomainError::Invalid { rule: "management_fee", .. })));
    let id = ledger::record(&db.at(&keeper, at(2027, 3, 20)), w.a.school, other("家长会茶水")).await.expect("other");
    for bad in ["0", "-1", "1.234", "abc", "1000001"] {
        let b = NewBooking { amount: bad.into(), ..other("x") };
        assert!(matches!(ledger::record(&db.at(&keeper, at(2027, 3, 20)), w.a.school, b).await, Err(DomainError::Invalid { field: "amount", .. })), "{bad}");
    }
    assert!(matches!(ledger::reverse(&db.at(&keeper, at(2027, 3, 21)), id, "").await, Err(DomainError::Invalid { field: "reason", .. })));
    assert!(matches!(ledger::reverse(&db.at(&w.near.actor(Role::SchoolAdmin), at(2027, 3, 21)), id, "x").await, Err(DomainError::Forbidden)));
    ledger::reverse(&db.at(&keeper, at(2027, 3, 21)), id, "记错学校").await.expect("reversed");
    assert!(matches!(ledger::reverse(&db.at(&keeper, at(2027, 3, 21)), id, "again").await, Err(DomainError::Invalid { rule: "already_reversed", .. })));
    let d = desk::desk(&db.on(&keeper, today), w.a.school, today).await.expect("desk");
    assert!(d.balances.is_empty(), "the reversal undid it: {:?}", d.balances);
    assert_eq!((d.postings.len(), d.postings_in_month), (2, 2), "both stay in the books");
    // The supervision panel reads the books and changes nothing.
    let supervisor = w.a.committee(Panel::Supervision);
    assert!(!desk::desk(&db.on(&supervisor, today), w.a.school, today).await.expect("desk").may_manage);
    assert!(matches!(ledger::record(&db.at(&supervisor, at(2027, 3, 20)), w.a.school, other("x")).await, Err(DomainError::Forbidden)));
}

#[tokio::test]
async fn a_term_settles_once_and_shares_its_surplus_under_001() {
    let db = fresh_db().await;
    let w = world_with(&db, "001").await;
    let mut content = seed_plan("001", 12_000);
    content.billing_period = BillingPeriod::Semester;
    let (p, _) = enrolled(&db, &w, "001", content, Declaration::default()).await;
    let keeper = treasurer(&w);
    billing::run(&db.at(&keeper, at(2027, 3, 1)), w.a.school, day(2027, 3, 1)).await.expect("term");
    let pay = NewPayment { student_no: "no-a".into(), amount: "518.18".into(), on_date: day(2027, 3, 2), reference: String::new() };
    payments::record(&db.at(&keeper, at(2027, 3, 2)), w.a.school, pay).await.expect("paid");
    let spent = NewBooking { kind: ManualKind::PayExternal, amount: "400".into(), on_date: day(2027, 6, 30), memo: "外聘老师".into(), reference: String::new() };
    ledger::record(&db.at(&keeper, at(2027, 6, 30)), w.a.school, spent).await.expect("spent");
    assert!(matches!(settlement::confirm(&db.at(&keeper, at(2027, 7, 9)), p, 11_818).await, Err(DomainError::Invalid { rule: "term_not_over", .. })));
    let s = settlement::view(&db.on(&keeper, day(2027, 7, 12)), p).await.expect("settlement");
    assert_eq!((s.income_fen, s.spending_fen, s.surplus_fen, s.refunded), (51_818, 40_000, 11_818, true));
    assert_eq!(s.statements[0].surplus_share_fen, 11_818, "one family takes the whole surplus");
    assert!(matches!(settlement::confirm(&db.at(&keeper, at(2027, 7, 12)), p, 1).await, Err(DomainError::Invalid { rule: "changed", .. })));
    settlement::confirm(&db.at(&keeper, at(2027, 7, 12)), p, 11_818).await.expect("settled");
    assert!(settlement::confirm(&db.at(&keeper, at(2027, 7, 12)), p, 11_818).await.is_err(), "once");
    let m = family::child(&db.with(&w.a.actor(Role::Parent)), w.a.student).await.expect("money");
    assert_eq!((m.owed_fen, m.refund_due_fen, m.statements.len()), (0, 11_818, 1));
}

#[tokio::test]
async fn a_disclosure_publishes_once_after_its_month_and_is_flagged_when_late() {
    let db = fresh_db().await;
    let w = world_with(&db, "002").await;
    with_term(&db, &w, "002").await;
    let keeper = treasurer(&w);
    let gift = NewBooking { kind: ManualKind::Sponsorship, amount: "500".into(), on_date: day(2027, 3, 5), memo: "社区捐赠图书款".into(), reference: String::new() };
    ledger::record(&db.at(&keeper, at(2027, 3, 5)), w.a.school, gift).await.expect("gift");
    assert!(matches!(disclosure::view(&db.maybe_at(None, domain::clock::day_start(day(2027, 4, 2))), w.a.school, day(2027, 3, 1)).await, Err(DomainError::NotFound)), "no draft for the public");
    assert!(matches!(disclosure::publish(&db.at(&keeper, at(2027, 3, 31)), w.a.school, day(2027, 3, 1)).await, Err(DomainError::Invalid { rule: "not_over", .. })));
    let late = disclosure::overdue(&db.read, w.a.district, day(2027, 4, 11)).await.expect("overdue");
    assert_eq!(late.iter().map(|(s, _, m, due)| (*s, m.as_str(), *due)).collect::<Vec<_>>(), vec![(w.a.school, "2027-03", day(2027, 4, 10))]);
    assert!(disclosure::overdue(&db.read, w.a.district, day(2027, 4, 10)).await.expect("on the day").is_empty());
    assert!(matches!(disclosure::publish(&db.at(&w.near.actor(Role::SchoolAdmin), at(2027, 4, 11)), w.a.school, day(2027, 3, 1)).await, Err(DomainError::Forbidden)));
    disclosure::publish(&db.at(&keeper, at(2027, 4, 11)), w.a.school, day(2027, 3, 1)).await.expect("published");
    assert!(disclosure::publish(&db.at(&keeper, at(2027, 4, 11)), w.a.school, day(2027, 3, 1)).await.is_err(), "once");
    let public = disclosure::view(&db.maybe_at(None, domain::clock::day_start(day(2027, 4, 12))), w.a.school, day(2027, 3, 1)).await.expect("public");
    assert_eq!((public.figures.sponsorship_fen, public.figures.income_fen, public.published_at.is_some()), (50_000, 50_000, true));
    assert!(disclosure::overdue(&db.read, w.a.district, day(2027, 4, 12)).await.expect("none").is_empty());
}

/// Parents have read a published month, and every family a settled term's
/// statement: nothing more is dated in them, however it arrives (a
/// booking, a payment, a bank statement's row, billing the month again);
/// a wrong posting there is reversed today and the next disclosure says
/// so. A date in none of the school's terms is refused everywhere money is
/// dated, so no month that never was can be owed a disclosure.
#[tokio::test]
async fn closed_periods_stay_closed_and_are_corrected_openly() {
    let db = fresh_db().await;
    let w = world_with(&db, "001").await;
    let (p, _) = enrolled(&db, &w, "001", seed_plan("001", 12_000), Declaration::default()).await;
    let keeper = treasurer(&w);
    billing::run(&db.at(&keeper, at(2027, 3, 1)), w.a.school, day(2027, 3, 1)).await.expect("March");
    let paid = NewPayment { student_no: "no-a".into(), amount: "120".into(), on_date: day(2027, 3, 2), reference: "T-1".into() };
    let payment = payments::record(&db.at(&keeper, at(2027, 3, 2)), w.a.school, paid).await.expect("paid");
    disclosure::publish(&db.at(&keeper, at(2027, 4, 11)), w.a.school, day(2027, 3, 1)).await.expect("March published");
    let published = disclosure::view(&db.maybe_at(None, domain::clock::day_start(day(2027, 4, 12))), w.a.school, day(2027, 3, 1)).await.expect("public").figures;

    let (today, now) = (day(2027, 4, 12), at(2027, 4, 12));
    let closed = |r: Result<PostingId, DomainError>, rule: &str| assert!(matches!(&r, Err(DomainError::Invalid { rule: r2, .. }) if *r2 == rule), "{rule}: {r:?}");
    let booking = |on: NaiveDate| NewBooking { kind: ManualKind::Materials, amount: "80".into(), on_date: on, memo: "图书".into(), reference: String::new() };
    closed(ledger::record(&db.at(&keeper, now), w.a.school, booking(day(2027, 3, 15))).await, "month_published");
    let late_pay = NewPayment { student_no: "no-a".into(), amount: "1".into(), on_date: day(2027, 3, 20), reference: "T-2".into() };
    closed(payments::record(&db.at(&keeper, now), w.a.school, late_pay).await, "month_published");
    let rows = "日期,金额,摘要,流水号\n2027-03-20,1.00,no-a,T-3\n0001-01-05,1.00,no-a,T-4\n";
    let preview = payments::preview(&db.on(&keeper, today), w.a.school, "s.csv", rows.as_bytes()).await.expect("preview");
    assert_eq!(preview.errors.iter().map(|e| (e.line, e.rule.as_str())).collect::<Vec<_>>(), vec![(2, "month_published"), (3, "outside_terms")]);
    let again = billing::run(&db.at(&keeper, now), w.a.school, day(2027, 3, 1)).await;
    assert!(matches!(again, Err(DomainError::Invalid { rule: "month_published", .. })), "billing March again: {again:?}");
    // Year 1, or any day in none of the school's terms: refused everywhere money is dated.
    closed(ledger::record(&db.at(&keeper, now), w.a.school, booking(day(1, 1, 1))).await, "outside_terms");
    closed(ledger::record(&db.at(&keeper, now), w.a.school, booking(day(2026, 11, 30))).await, "outside_terms");
    let ancient = NewPayment { student_no: "no-a".into(), amount: "1".into(), on_date: day(1, 1, 2), reference: "T-5".into() };
    closed(payments::record(&db.at(&keeper, now), w.a.school, ancient).await, "outside_terms");
    assert!(disclosure::overdue(&db.read, w.a.district, day(2027, 5, 30)).await.expect("overdue").iter().all(|(.., m, _)| m.as_str() >= "2027-04"));
    // The published figures did not move; the wrong payment is reversed
    // today and April's disclosure names it as a correction of March.
    assert_eq!(disclosure::view(&db.maybe_at(None, domain::clock::day_start(today)), w.a.school, day(2027, 3, 1)).await.expect("public").figures, published);
    ledger::reverse(&db.at(&keeper, now), payment, "重复入账").await.expect("reversed");
    let april = disclosure::view(&db.maybe_at(Some(&keeper), domain::clock::day_start(today)), w.a.school, day(2027, 4, 1)).await.expect("April draft").figures;
    assert_eq!(april.corrections, vec![wire::money::Correction { of_month: "2027-03".into(), kind: wire::money::PostingKind::Payment, amount_fen: 12_000, reason: "重复入账".into() }]);
    ledger::record(&db.at(&keeper, now), w.a.school, booking(today)).await.expect("an open day takes money");

    // A settled term: its days are closed too, the days after it open.
    let (after, later) = (day(2027, 7, 12), at(2027, 7, 12));
    let s = settlement::view(&db.on(&keeper, after), p).await.expect("settlement");
    settlement::confirm(&db.at(&keeper, later), p, s.surplus_fen).await.expect("settled");
    closed(ledger::record(&db.at(&keeper, later), w.a.school, booking(day(2027, 7, 5))).await, "period_settled");
    ledger::record(&db.at(&keeper, later), w.a.school, booking(after)).await.expect("the day of the settlement is the next period's");
}

#[tokio::test]
async fn a_child_in_two_sessions_a_day_is_one_child_day() {
    use domain::service_day::attendance;
use domain::operations::timetable;
    let db = fresh_db().await;
    let w = world_with(&db, "000").await;
    let (sessions, staff) = domain::testing::service_sessions(&db, &w.a, wire::plan::ActivityKind::Reading, &[1]).await;
    // A second session on Monday for the same group, after the first.
    let admin = w.a.actor(Role::SchoolAdmin);
    let now = at(2027, 3, 2);
    let p = domain::entities::service_session::Entity::find_by_id(sessions[0].0).one(&db.read).await.expect("q").expect("session");
    let t = wire::ids::TimetableId(p.timetable_id);
    let second = wire::operations::NewSession {
        weekday: 1,
        starts_at: chrono::NaiveTime::from_hms_opt(17, 50, 0).expect("t"),
        ends_at: chrono::NaiveTime::from_hms_opt(18, 0, 0).expect("t"),
        service_type: ServiceType::AfterSchool,
        activity: wire::plan::ActivityKind::Sports,
        title: String::new(),
        room: wire::ids::RoomId(domain::entities::room::Entity::find().one(&db.read).await.expect("q").expect("room").id),
        group: wire::ids::GroupId(p.group_id),
        lead: Some(staff),
        second: None,
        third: None,
        dining: false,
    };
    let s2 = timetable::add_session(&db.at(&admin, now), t, second).await.expect("second");
    timetable::publish(&db.at(&admin, now), t).await.expect("published");
    let monday = day(2027, 3, 1);
    let me = w.a.actor(Role::ServiceStaff);
    attendance::take(&db.at(&me, now), sessions[0], monday, &[], "k1").await.expect("first");
    let sheet = attendance::take(&db.at(&me, now), s2, monday, &[], "k2").await.expect("second");
    let total = || async { attendance_total::Entity::find().one(&db.read).await.expect("q").expect("total") };
    let t1 = total().await;
    assert_eq!((t1.present, t1.child_days), (2, 1), "present at two sessions, one child-day");
    // Absent at the second: still a child-day from the first.
    attendance::correct(&db.at(&me, now), sheet, w.a.student, false, "left early").await.expect("corrected");
    assert_eq!(total().await.child_days, 1);
}

#[tokio::test]
async fn no_money_service_reaches_another_school_or_district() {
    let db = fresh_db().await;
    let w = world_with(&db, "002").await;
    for side in [&w.b, &w.near] {
        let admin = side.actor(Role::SchoolAdmin);
        let content = seed_plan("002", 10_000);
        let p = plan::save_draft(&db.with(&admin), side.school, None, content).await.expect("draft");
        plan::publish(&db.with(&admin), p).await.expect("publish");
    }
    let today = day(2027, 3, 20);
    let now = at(2027, 3, 20);
    w.assert_no_cross_scope_access("desk", |a, s| { let (db, school) = (db.clone(), s.school); async move { desk::desk(&db.on(&a, today), school, today).await } }).await;
    w.assert_no_cross_scope_access("bill", |a, s| { let (db, school) = (db.clone(), s.school); async move { billing::run(&db.at(&a, now), school, day(2027, 3, 1)).await } }).await;
    w.assert_no_cross_scope_access("pay", |a, s| {
        let (db, school) = (db.clone(), s.school);
        async move { payments::record(&db.at(&a, now), school, NewPayment { student_no: "no-b".into(), amount: "1".into(), on_date: today, reference: String::new() }).await }
    })
    .await;
    w.assert_no_cross_scope_access("book", |a, s| {
        let (db, school) = (db.clone(), s.school);
        async move { ledger::record(&db.at(&a, now), school, NewBooking { kind: ManualKind::Materials, amount: "1".into(), on_date: today, memo: String::new(), reference: String::new() }).await }
    })
    .await;
    w.assert_no_cross_scope_access("ledger", |a, s| { let (db, school) = (db.clone(), s.school); async move { ledger::month(&db.with(&a), school, today).await } }).await;
    w.assert_no_cross_scope_access("statement", |a, s| { let (db, school) = (db.clone(), s.school); async move { payments::preview(&db.on(&a, today), school, "s.csv", &statement(&[])).await } }).await;
    w.assert_no_cross_scope_access("rates", |a, s| { let (db, school) = (db.clone(), s.school); async move { pay::set_rates(&db.at(&a, now), school, PayRates::default()).await } }).await;
    w.assert_no_cross_scope_access("pay run", |a, s| { let (db, school) = (db.clone(), s.school); async move { pay::preview(&db.with(&a), school, today).await } }).await;
    w.assert_no_cross_scope_access("fees", |a, s| { let (db, school) = (db.clone(), s.school); async move { fees::of_school(&db.read, &a, school, today).await } }).await;
    w.assert_no_cross_scope_access("publish", |a, s| { let (db, school) = (db.clone(), s.school); async move { disclosure::publish(&db.at(&a, now), school, day(2027, 2, 1)).await } }).await;
    w.assert_no_cross_scope_access("claims", |a, s| { let (db, school) = (db.clone(), s.school); async move { claims::queue(&db.with(&a), school).await } }).await;
    w.assert_no_cross_scope_access("child money", |a, s| { let (db, student) = (db.clone(), s.student); async move { family::child(&db.with(&a), student).await } }).await;
    w.assert_no_cross_scope_access("refund paid", |a, s| { let (db, student) = (db.clone(), s.student); async move { withdrawal::pay_out(&db.at(&a, now), student, today, "x").await } }).await;
    w.assert_no_cross_scope_access("subsidy", |a, s| { let (db, school) = (db.clone(), s.school); async move { subsidy::school_year(&db.with(&a), school, 2027).await } }).await;
    // Plans of the other schools: fee changes and settlement.
    for side in [&w.b, &w.near] {
        let plans = fees::of_school(&db.read, &side.actor(Role::SchoolAdmin), side.school, today).await.expect("fees");
        let p = plans[0].plan;
        for (role, _, a) in &w.a.actors {
            let new = NewFeeSchedule { effective_from: day(2027, 4, 1), items: vec![], billing_period: BillingPeriod::Monthly, filing_number: String::new(), filing_date: String::new() };
            assert!(matches!(fees::propose(&db.at(a, now), p, new).await, Err(DomainError::Forbidden | DomainError::NotFound)), "{role:?} proposed fees elsewhere");
            if *role != Role::BureauOfficial || std::ptr::eq(side, &w.b) {
                assert!(matches!(settlement::view(&db.on(a, today), p).await, Err(DomainError::Forbidden | DomainError::NotFound)), "{role:?} read a settlement elsewhere");
            }
        }
    }
    // A guardian reads only their own child's money, and a class teacher none.
    assert!(matches!(family::child(&db.with(&w.a.actor(Role::Parent)), w.next_door.student).await, Err(DomainError::Forbidden)));
    assert!(matches!(family::child(&db.with(&w.a.actor(Role::ClassTeacher)), w.a.student).await, Err(DomainError::Forbidden)));
    let _ = SchoolId(0);
}
