//! The bureau's compliance engine and statistics through the database:
//! every rule fires on a crafted school and stays silent on a compliant
//! school of the same district, under each of the five seed policies; the
//! procurement red flags; the reports; the statistics kept current by the
//! services; and who may see any of it.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::{Clash, DomainError};
use domain::authz::{Actor, Role};
use domain::bureau::{self, reports, stats};
use domain::entities::{award, bid, blacklist, complaint, contract, disclosure, district, plan, staff, tender, timetable_publication};
use domain::enrolment::plan as plans;
use domain::money::ledger;
use domain::ids::SchoolId;
use domain::records::{care, inspections};
use domain::policy;
use domain::testing::{Side, World, fresh_db, seed_plan, service_sessions};
use domain::Db;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::Digest;
use std::collections::BTreeSet;
use wire::bureau::{Evidence, Flag, Rule};
use wire::money::{ManualKind, MonthFigures, NewBooking};
use wire::operations::PublishedTimetable;
use wire::plan::{ActivityKind, PlanContent};
use wire::records::{NewFinding, NewIncident, NewInspection, Severity};

const SEEDS: [&str; 5] = ["000", "001", "002", "003", "004"];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// 10:00 at the school on that day.
fn at(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(2, 0, 0).expect("time"))
}

/// The seed's policy in force in side a's district from before any term.
async fn seed_policy(db: &Db, w: &World, seed: &str) {
    policy::publish(&db.write, w.a.district, day(2020, 6, 1), &policy::preset(seed).expect("preset"), chrono::Utc::now()).await.expect("policy");
}

/// A plan every seed allows, at a fee within its cap.
fn compliant_plan(seed: &str) -> PlanContent {
    seed_plan(seed, if seed == "000" { 0 } else { 8_000 })
}

async fn flags_at(db: &Db, w: &World, today: NaiveDate) -> Vec<Flag> {
    bureau::dashboard(&(*db).on(&w.a.actor(Role::BureauOfficial), today), w.a.district, None).await.expect("dashboard").flags
}

fn rules_of(flags: &[Flag], school: SchoolId) -> BTreeSet<Rule> {
    flags.iter().filter(|f| f.school == school).map(|f| f.rule).collect()
}

/// Side a breaks every rule a school can break; `near`, a school of the
/// same district, keeps them all.
async fn crafted(db: &Db, w: &World, seed: &str) {
    let admin = w.a.actor(Role::SchoolAdmin);
    // A running plan with a published timetable, made under 000's rules.
    service_sessions(db, &w.a, ActivityKind::HomeworkHelp, &[1, 2, 3, 4, 5]).await;
    seed_policy(db, w, seed).await;
    // The near school: a plan within the seed's rules, and its reports sent.
    let near_admin = w.near.actor(Role::SchoolAdmin);
    let p = plans::save_draft(&db.with(&near_admin), w.near.school, None, compliant_plan(seed)).await.expect("draft");
    plans::publish(&db.with(&near_admin), p).await.unwrap_or_else(|e| panic!("near plan under {seed}: {e:?}"));
    reports::submit(&(*db).at(&near_admin, at(day(2027, 4, 5))), w.near.school, "2027-03", "三月开展正常。").await.expect("march report");

    // a's plan as it stands now: a fee of 200 yuan, an end at 19:30, exams
    // and no insurance (as if changed after publication, or under rules
    // that changed since).
    let row = plan::Entity::find().filter(plan::Column::SchoolId.eq(w.a.school.0)).one(&db.write).await.expect("q").expect("plan");
    let mut content: PlanContent = serde_json::from_str(&row.content).expect("content");
    content.fee_fen_per_month = 20_000;
    content.end_time_summer = chrono::NaiveTime::from_hms_opt(19, 30, 0).expect("t");
    content.end_time_winter = content.end_time_summer;
    content.activities.push(ActivityKind::Exams);
    content.liability_insurance = String::new();
    let mut m: plan::ActiveModel = row.into();
    m.content = Set(serde_json::to_string(&content).expect("json"));
    m.update(&db.write).await.expect("plan");
    // The published week: vendor staff running an interest class...
    let publication = timetable_publication::Entity::find().one(&db.write).await.expect("q").expect("publication");
    let mut week: PublishedTimetable = serde_json::from_str(&publication.content).expect("week");
    for s in &mut week.sessions {
        s.activity = ActivityKind::InterestClass;
        for a in &mut s.adults {
            a.kind = wire::operations::StaffKind::VendorStaff;
        }
    }
    let mut m: timetable_publication::ActiveModel = publication.into();
    m.content = Set(serde_json::to_string(&week).expect("json"));
    m.update(&db.write).await.expect("publication");
    // ...led by someone who has since left (no valid check), with no
    // leader on duty.
    let worker = staff::Entity::find().filter(staff::Column::SchoolId.eq(w.a.school.0)).one(&db.write).await.expect("q").expect("staff");
    domain::operations::staff::leave(&db.at(&admin, at(day(2027, 4, 1))), domain::ids::StaffId(worker.id)).await.expect("left");

    // A vendor under contract without the district's approval, and barred.
    let city = district::Entity::find_by_id(w.a.district.0).one(&db.write).await.expect("q").expect("district").city_id;
    let c = contract::ActiveModel {
        tender_id: Set(0),
        award_id: Set(0),
        school_id: Set(w.a.school.0),
        vendor_id: Set(w.a.vendor.0),
        starts_on: Set(day(2027, 3, 1)),
        ends_on: Set(day(2027, 7, 9)),
        price_fen: Set(9_000),
        price_unit: Set("student_month".into()),
        service: Set("after_school".into()),
        status: Set("active".into()),
        created_at: Set(at(day(2027, 2, 20))),
        end_cause: Set(None),
        end_note: Set(String::new()),
        ..Default::default()
    }
    .insert(&db.write)
    .await
    .expect("contract");
    blacklist::ActiveModel {
        vendor_id: Set(w.a.vendor.0),
        city_id: Set(city),
        reason: Set("虚假资质".into()),
        from_date: Set(day(2027, 4, 1)),
        until_date: Set(day(2033, 4, 1)),
        contract_id: Set(Some(c.id)),
        account_id: Set(admin.account.0),
        at: Set(at(day(2027, 4, 1))),
        ..Default::default()
    }
    .insert(&db.write)
    .await
    .expect("bar");

    // Money: March booked and never disclosed; February disclosed with
    // staff pay below the minimum.
    let booking = NewBooking { kind: ManualKind::Materials, amount: "300".into(), on_date: day(2027, 3, 15), memo: "纸笔".into(), reference: "R-1".into() };
    ledger::record(&db.at(&admin, at(day(2027, 3, 15))), w.a.school, booking).await.expect("booked");
    let low = MonthFigures { month: "2027-02".into(), staff_share_permille: Some(612), staff_min_percent: 80, below_minimum: true, ..MonthFigures::default() };
    disclosure::ActiveModel { school_id: Set(w.a.school.0), month: Set("2027-02".into()), figures: Set(serde_json::to_string(&low).expect("json")), published_by: Set(admin.account.0), published_at: Set(at(day(2027, 3, 5))), ..Default::default() }
        .insert(&db.write)
        .await
        .expect("disclosure");

    // A serious incident a fortnight ago, its report not filed, still open;
    // an inspection finding past its deadline.
    let incident = NewIncident { session: None, severity: Severity::Serious, summary: "滑倒擦伤".into(), people: "一名学生".into(), actions: "送医".into(), guardians_told: "电话".into() };
    care::report(&db.at(&admin, at(day(2027, 4, 6))), w.a.school, incident).await.expect("incident");
    let inspection = inspections::record(&db.at(&admin, at(day(2027, 4, 1))), w.a.school, NewInspection { on_date: day(2027, 4, 1), scope: "消防通道".into() }).await.expect("inspection");
    inspections::add_finding(&db.with(&admin), inspection, NewFinding { description: "通道堆放杂物".into(), responsible: "后勤".into(), due: day(2027, 4, 10) }).await.expect("finding");
}

/// What side a's crafted case must raise under each seed.
fn expected(seed: &str) -> BTreeSet<Rule> {
    use Rule::*;
    let mut e: BTreeSet<Rule> = [
        ServiceEndsOutsideWindow, ForbiddenActivity, InsuranceMissing, StaffPayShareLow, UnvettedStaffOnDuty, VendorNotApproved, VendorBlacklisted,
        DisclosureOverdue, IncidentReportOverdue, IncidentOpen, FindingOverdue, NoDutyLeader,
    ]
    .into();
    // A fee is capped under 002 and 003, and not allowed at all under 000.
    if matches!(seed, "000" | "002" | "003") {
        e.insert(FeeAboveCap);
    }
    // Outside staff carry less than 100% [000] or 50% [002][003].
    if matches!(seed, "000" | "002" | "003") {
        e.insert(OutsideStaffShare);
    }
    if seed == "003" {
        e.insert(OutsideInterestClass);
    }
    if seed == "000" {
        e.insert(MonthlyReportOverdue);
    }
    e
}

#[tokio::test]
async fn every_rule_fires_on_the_crafted_school_and_not_on_the_compliant_one_under_each_seed() {
    for seed in SEEDS {
        let db = fresh_db().await;
        let w = World::build(&db).await;
        crafted(&db, &w, seed).await;
        let today = day(2027, 4, 20);
        let flags = flags_at(&db, &w, today).await;
        assert_eq!(rules_of(&flags, w.a.school), expected(seed), "{seed}: {flags:#?}");
        assert_eq!(rules_of(&flags, w.near.school), BTreeSet::new(), "{seed}: the compliant school");
        // A school's own record lists its flags only.
        let near = bureau::school(&db.on(&w.a.actor(Role::BureauOfficial), today), w.near.school, None).await.expect("record");
        assert!(near.flags.is_empty(), "{seed}: {:?}", near.flags);
        let own = bureau::school(&db.on(&w.a.actor(Role::BureauOfficial), today), w.a.school, None).await.expect("record");
        assert_eq!(own.flags.iter().map(|f| f.rule).collect::<BTreeSet<_>>(), expected(seed));
        // Each flag names its evidence and links to it.
        for f in flags.iter().filter(|f| f.school == w.a.school) {
            assert!(f.link.starts_with('/'), "{seed} {f:?}");
            assert!(!f.rule.clause().is_empty());
        }
        if let Some(fee) = flags.iter().find(|f| f.rule == Rule::FeeAboveCap) {
            let cap = match seed {
                "002" => 10_000,
                "003" => 8_000,
                _ => 0,
            };
            assert!(matches!(&fee.evidence, Evidence::Fee { fee_fen: 20_000, cap_fen, .. } if *cap_fen == cap), "{seed}: {fee:?}");
            // The test districts follow no seed by name: every seed's clause.
            assert_eq!(fee.clause, Rule::FeeAboveCap.clause());
        }
        // Rules that wait for a date: before the incident's report is due
        // and before the finding's deadline, neither is overdue yet.
        let early = flags_at(&db, &w, day(2027, 4, 9)).await;
        let early = rules_of(&early, w.a.school);
        assert!(!early.contains(&Rule::IncidentReportOverdue) && !early.contains(&Rule::FindingOverdue) && !early.contains(&Rule::DisclosureOverdue), "{seed}");
        assert!(early.contains(&Rule::IncidentOpen), "{seed}");

        // The annual report: due in December [001] or by the end of January
        // [002]; the near school sent its 2027 report, a did not.
        reports::submit(&db.at(&w.near.actor(Role::SchoolAdmin), at(day(2027, 12, 15))), w.near.school, "2027", "全年开展正常。").await.expect("annual");
        for (when, due_under) in [(day(2028, 1, 2), vec!["001"]), (day(2028, 2, 2), vec!["001", "002"])] {
            let flags = flags_at(&db, &w, when).await;
            assert_eq!(rules_of(&flags, w.a.school).contains(&Rule::AnnualReportOverdue), due_under.contains(&seed), "{seed} on {when}");
            assert!(!rules_of(&flags, w.near.school).contains(&Rule::AnnualReportOverdue), "{seed} on {when}");
        }
    }
}

/// A tender of `side`'s school, opened, with a qualified bid per price
/// (each from the vendor given), and the first bid's award approved.
#[allow(clippy::too_many_arguments)]
async fn tender_with(db: &Db, side: &Side, title: &str, created: NaiveDate, window_days: i64, estimate: i64, bids: &[(i64, i64)], complaint_upheld: bool) {
    let t = tender::ActiveModel {
        school_id: Set(side.school.0),
        district_id: Set(side.district.0),
        service_kind: Set("after_school".into()),
        title: Set(title.into()),
        requirements: Set("要求".into()),
        criteria: Set("[]".into()),
        estimate_fen: Set(estimate),
        price_unit: Set("student_month".into()),
        whole_service: Set(false),
        bid_deadline: Set(at(created + Duration::days(window_days))),
        opening_at: Set(at(created + Duration::days(window_days))),
        terms_version: Set(1),
        status: Set("contracted".into()),
        created_by: Set(1),
        created_at: Set(at(created)),
        opened_at: Set(Some(at(created + Duration::days(window_days)))),
        reissue_of: Set(None),
        ..Default::default()
    }
    .insert(&db.write)
    .await
    .expect("tender");
    let mut first = None;
    for (i, (vendor, price)) in bids.iter().enumerate() {
        let text = serde_json::json!({"tender": t.id, "terms_version": 1, "vendor": vendor, "price_fen": price, "programme": "方案", "staff_plan": "人员", "files": [], "salt": format!("s{i}")}).to_string();
        let b = bid::ActiveModel {
            tender_id: Set(t.id),
            bidder_tag: Set(format!("tag-{}-{i}", t.id)),
            nonce: Set(vec![0; 12]),
            sealed: Set(vec![1]),
            commitment: Set(hex::encode(sha2::Sha256::digest(text.as_bytes()))),
            terms_version: Set(1),
            submitted_at: Set(at(created)),
            vendor_id: Set(Some(*vendor)),
            opened: Set(Some(text)),
            qualified: Set(Some(true)),
            disqualified: Set(None),
            ..Default::default()
        }
        .insert(&db.write)
        .await
        .expect("bid");
        first.get_or_insert((b.id, *vendor));
    }
    let (bid_id, vendor) = first.expect("a bid");
    let a = award::ActiveModel {
        tender_id: Set(t.id),
        bid_id: Set(bid_id),
        vendor_id: Set(vendor),
        proposed_by: Set(1),
        proposed_at: Set(at(created + Duration::days(window_days + 1))),
        standstill_until: Set(at(created + Duration::days(window_days + 4))),
        status: Set("approved".into()),
        ..Default::default()
    }
    .insert(&db.write)
    .await
    .expect("award");
    if complaint_upheld {
        complaint::ActiveModel { award_id: Set(a.id), vendor_id: Set(vendor), body: Set("评分不公".into()), filed_at: Set(at(created + Duration::days(window_days + 2))), answer: Set(Some("成立".into())), upheld: Set(Some(true)), answered_by: Set(Some(1)), ..Default::default() }
            .insert(&db.write)
            .await
            .expect("complaint");
    }
}

#[tokio::test]
async fn procurement_red_flags_fire_on_the_crafted_tenders_only_under_each_seed() {
    for seed in SEEDS {
        let db = fresh_db().await;
        let w = World::build(&db).await;
        seed_policy(&db, &w, seed).await;
        let (va, vb, vn) = (w.a.vendor.0, w.b.vendor.0, w.near.vendor.0);
        // a: three two-day tenders, one bidder each, the same winner every
        // time at half the estimate, and an upheld complaint.
        for (i, created) in [day(2026, 9, 1), day(2027, 1, 4), day(2027, 3, 1)].into_iter().enumerate() {
            tender_with(&db, &w.a, &format!("a-{i}"), created, 2, 20_000, &[(va, 10_000)], i == 2).await;
        }
        // near: three-bidder tenders open ten days, prices close together
        // and to the estimate, a different winner each time.
        for (i, winner) in [va, vb, vn].into_iter().enumerate() {
            let others: Vec<i64> = [va, vb, vn].into_iter().filter(|v| *v != winner).collect();
            let bids = [(winner, 10_000), (others[0], 10_500), (others[1], 11_000)];
            tender_with(&db, &w.near, &format!("near-{i}"), day(2026, 9, 1) + Duration::days(30 * i as i64), 10, 10_500, &bids, false).await;
        }
        let flags = flags_at(&db, &w, day(2027, 4, 20)).await;
        let expected: BTreeSet<Rule> = [Rule::ShortBidWindow, Rule::FewBidders, Rule::PriceFarFromEstimate, Rule::SameVendorWins, Rule::ComplaintUpheld].into();
        assert_eq!(rules_of(&flags, w.a.school), expected, "{seed}: {flags:#?}");
        assert_eq!(rules_of(&flags, w.near.school), BTreeSet::new(), "{seed}: {flags:#?}");
        let far = flags.iter().find(|f| f.rule == Rule::PriceFarFromEstimate).expect("far");
        assert!(matches!(&far.evidence, Evidence::Tender { detail: wire::bureau::TenderDetail::Price { winning_fen: 10_000, compared_fen: 20_000, percent_off: -50 }, .. }), "{far:?}");
        assert!(far.link.starts_with("/tenders/"));
    }
}

#[tokio::test]
async fn statistics_follow_the_services_without_a_recount_of_the_district() {
    let db = fresh_db().await;
    let w = World::build(&db).await;
    let today = day(2027, 4, 20);
    let bureau = w.a.actor(Role::BureauOfficial);
    // A child enrolled by the services, with a published timetable.
    service_sessions(&db, &w.a, ActivityKind::HomeworkHelp, &[1, 2, 3, 4, 5]).await;
    let d = bureau::dashboard(&db.on(&bureau, today), w.a.district, Some("2027-04")).await.expect("dashboard");
    let a = d.schools.iter().find(|s| s.id == w.a.school).expect("a");
    assert_eq!(a.figures.enrolled, 1, "{:?}", a.figures);
    assert!(a.figures.students >= 1);
    assert_eq!(a.figures.staff, 1);
    assert_eq!(d.total.enrolled, d.schools.iter().map(|s| s.figures.enrolled).sum::<i64>());
    // The stale marks were used up by the read; a new incident marks the
    // month again and the next read counts it.
    let incident = NewIncident { session: None, severity: Severity::Minor, summary: "擦伤".into(), people: "一名学生".into(), actions: "处理".into(), guardians_told: String::new() };
    care::report(&db.at(&w.a.actor(Role::SchoolAdmin), at(day(2027, 4, 12))), w.a.school, incident).await.expect("incident");
    let d = bureau::dashboard(&db.on(&bureau, today), w.a.district, Some("2027-04")).await.expect("dashboard");
    assert_eq!(d.schools.iter().find(|s| s.id == w.a.school).expect("a").figures.incidents, 1);
    assert_eq!(d.trend.len(), 12);
    assert!(d.map.is_none(), "the test district has no shipped boundary");
    // A recount touches only the schools it is given: the near school
    // (whose children the test put in without a service) is counted, a's
    // figures stay as they were.
    stats::recount(&db.write, &[w.near.school.0], day(2027, 4, 1)).await.expect("recount");
    let again = bureau::dashboard(&db.on(&bureau, today), w.a.district, Some("2027-04")).await.expect("dashboard");
    let figures = |d: &wire::bureau::Dashboard, s: SchoolId| d.schools.iter().find(|r| r.id == s).expect("school").figures.clone();
    assert_eq!(figures(&again, w.a.school), figures(&d, w.a.school));
    assert_eq!(figures(&again, w.near.school).students, 1);
}

#[tokio::test]
async fn reports_are_sent_once_reviewed_once_and_sent_again_when_returned() {
    let db = fresh_db().await;
    let w = World::build(&db).await;
    seed_policy(&db, &w, "000").await;
    let (admin, bureau) = (w.a.actor(Role::SchoolAdmin), w.a.actor(Role::BureauOfficial));
    let p = plans::save_draft(&db.with(&admin), w.a.school, None, compliant_plan("000")).await.expect("draft");
    plans::publish(&db.with(&admin), p).await.expect("publish");
    let owed = reports::of_school(&db.on(&admin, day(2027, 4, 20)), w.a.school).await.expect("owed");
    assert_eq!(owed.owed.iter().map(|r| r.period.as_str()).collect::<Vec<_>>(), vec!["2027-03"]);
    assert!(owed.owed[0].overdue);
    // Junk and early periods change nothing.
    for (period, text, now) in [("2027-04", "x", day(2027, 4, 20)), ("202704", "x", day(2027, 4, 20)), ("2027-03", "  ", day(2027, 4, 20))] {
        assert!(matches!(reports::submit(&db.at(&admin, at(now)), w.a.school, period, text).await, Err(DomainError::Invalid { .. })), "{period}");
    }
    let long = "长".repeat(reports::MAX_NARRATIVE_CHARS + 1);
    assert!(matches!(reports::submit(&db.at(&admin, at(day(2027, 4, 20))), w.a.school, "2027-03", &long).await, Err(DomainError::Invalid { .. })));
    // Another school's admin, the bureau and a guardian may not send it.
    for other in [w.near.actor(Role::SchoolAdmin), bureau.clone(), w.a.actor(Role::Parent), w.b.actor(Role::SchoolAdmin)] {
        assert!(reports::submit(&db.at(&other, at(day(2027, 4, 20))), w.a.school, "2027-03", "x").await.is_err());
    }
    let id = reports::submit(&db.at(&admin, at(day(2027, 4, 20))), w.a.school, "2027-03", "三月开展正常。").await.expect("sent");
    assert!(matches!(reports::submit(&db.at(&admin, at(day(2027, 4, 20))), w.a.school, "2027-03", "again").await, Err(DomainError::Conflict(Clash::ReportSent))));
    // Only this district's bureau reviews; returning needs a note.
    assert!(reports::review(&db.at(&w.b.actor(Role::BureauOfficial), at(day(2027, 4, 21))), id, true, "").await.is_err());
    assert!(reports::review(&db.at(&admin, at(day(2027, 4, 21))), id, true, "").await.is_err());
    assert!(matches!(reports::review(&db.at(&bureau, at(day(2027, 4, 21))), id, false, " ").await, Err(DomainError::Invalid { .. })));
    reports::review(&db.at(&bureau, at(day(2027, 4, 21))), id, false, "请补充出勤情况").await.expect("returned");
    assert!(matches!(reports::review(&db.at(&bureau, at(day(2027, 4, 21))), id, true, "").await, Err(DomainError::Conflict(Clash::ReportNotWaiting))));
    let owed = reports::of_school(&db.on(&admin, day(2027, 4, 22)), w.a.school).await.expect("owed");
    assert_eq!(owed.owed[0].returned.as_ref().map(|r| r.review_note.as_str()), Some("请补充出勤情况"));
    reports::submit(&db.at(&admin, at(day(2027, 4, 22))), w.a.school, "2027-03", "补充：出勤率 96%。").await.expect("sent again");
    assert_eq!(reports::waiting(&db.with(&bureau), w.a.district).await.expect("waiting").len(), 1);
    reports::review(&db.at(&bureau, at(day(2027, 4, 23))), id, true, "").await.expect("accepted");
    assert!(reports::of_school(&db.on(&admin, day(2027, 4, 23)), w.a.school).await.expect("owed").owed.is_empty());
}

#[tokio::test]
async fn officials_see_their_own_district_schools_themselves_and_guardians_nothing() {
    let db = fresh_db().await;
    let w = World::build(&db).await;
    let today = day(2027, 4, 20);
    let may_see = |r: Result<_, DomainError>| r.is_ok();
    assert!(may_see(bureau::dashboard(&db.on(&w.a.actor(Role::BureauOfficial), today), w.a.district, None).await.map(|_| ())));
    for role in [Role::Parent, Role::SchoolAdmin, Role::ClassTeacher, Role::ServiceStaff, Role::FamilyCommittee, Role::Vendor, Role::CityOfficial] {
        assert!(!may_see(bureau::dashboard(&db.on(&w.a.actor(role), today), w.a.district, None).await.map(|_| ())), "{role:?}");
    }
    assert!(!may_see(bureau::dashboard(&db.on(&w.b.actor(Role::BureauOfficial), today), w.a.district, None).await.map(|_| ())));
    // A school sees its own record; not its neighbour's; the bureau sees both.
    let school = |actor: Actor, id: SchoolId| {
        let db = &db;
        async move { bureau::school(&(*db).on(&actor, today), id, None).await.map(|_| ()) }
    };
    assert!(school(w.a.actor(Role::SchoolAdmin), w.a.school).await.is_ok());
    assert!(school(w.a.actor(Role::SchoolAdmin), w.near.school).await.is_err());
    assert!(school(w.a.actor(Role::BureauOfficial), w.near.school).await.is_ok());
    assert!(school(w.b.actor(Role::BureauOfficial), w.a.school).await.is_err());
    assert!(school(w.a.actor(Role::Parent), w.a.school).await.is_err());
    // The city view: the city's official only.
    let city = district::Entity::find_by_id(w.a.district.0).one(&db.read).await.expect("q").expect("d").city_id;
    let view = bureau::city(&db.on(&w.a.actor(Role::CityOfficial), today), domain::ids::CityId(city), None).await;
    let other_city = district::Entity::find_by_id(w.b.district.0).one(&db.read).await.expect("q").expect("d").city_id;
    assert_ne!(city, other_city, "each side has a city of its own");
    assert!(view.is_ok());
    assert!(bureau::city(&db.on(&w.b.actor(Role::CityOfficial), today), domain::ids::CityId(city), None).await.is_err());
    assert!(bureau::city(&db.on(&w.a.actor(Role::BureauOfficial), today), domain::ids::CityId(city), None).await.is_err());
}

#[tokio::test]
async fn the_bureau_schedules_inspections_and_the_school_record_shows_them() {
    let db = fresh_db().await;
    let w = World::build(&db).await;
    let now = Utc::now();
    let today = domain::clock::local_date(now);
    let (bureau, admin) = (w.a.actor(Role::BureauOfficial), w.a.actor(Role::SchoolAdmin));
    let ahead = |days| NewInspection { on_date: today + Duration::days(days), scope: "课后服务督导".into() };
    let planned = inspections::record(&db.at(&bureau, now), w.a.school, ahead(30)).await.expect("scheduled");
    assert!(matches!(inspections::record(&db.at(&bureau, now), w.a.school, ahead(400)).await, Err(DomainError::Invalid { .. })), "a year ahead at most");
    assert!(matches!(inspections::record(&db.at(&admin, now), w.a.school, ahead(1)).await, Err(DomainError::Invalid { .. })), "a school records what it did");
    assert!(inspections::record(&db.at(&w.b.actor(Role::BureauOfficial), now), w.a.school, ahead(30)).await.is_err());
    let record = bureau::school(&db.on(&bureau, today), w.a.school, None).await.expect("record");
    let x = record.inspections.iter().find(|i| i.id == planned).expect("on the record");
    assert!(x.scheduled && x.inspector == wire::records::Inspector::Bureau);
    // The school sees the same record of itself.
    let own = bureau::school(&db.on(&admin, today), w.a.school, None).await.expect("own record");
    assert_eq!(own.inspections.len(), 1);
}
