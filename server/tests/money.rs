//! Money over real HTTP: every endpoint tried by every role of another
//! school and district, a guardian of another family and nobody signed in;
//! junk and oversized input; and races with parallel clients: a bank
//! statement imported by several treasurers at once, a withdrawal confirmed
//! from several phones at once, a month billed twice at once.
mod common;
use base64::Engine;
use chrono::{Datelike, Duration, Utc};
use common::{Live, enc};
use domain::authz::{Panel, Role};
use domain::entities::{charge, ledger_posting};
use domain::testing::{Side, TEST_PASSWORD, World};
use futures::future::join_all;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use wire::money::ClaimKind;

fn login(side: &Side, role: Role, panel: Option<Panel>) -> String {
    side.actors.iter().find(|(r, _, a)| *r == role && (panel.is_none() || a.grants.iter().any(|g| g.panel == panel))).map(|(_, l, _)| l.clone()).expect("login")
}

/// What one side holds for the others to try: its plan (with its child
/// enrolled and the term billed), the application, a claim with proof, a
/// posting, a fee schedule.
struct Objects {
    plan: i64,
    app: i64,
    claim: i64,
    posting: i64,
    schedule: i64,
}

/// Side `s` runs a plan under 002 whose term started on the first of this
/// month; its child declared a waiver, sent proof, signed before the term,
/// was billed and paid.
async fn objects(live: &Live, s: &Side, bill: bool) -> Objects {
    use domain::enrolment::{agreement, applications, claims, plan};
    use domain::money::{billing, fees, payments};
    let db = &live.db;
    let today = domain::clock::local_date(Utc::now());
    let first = today.with_day(1).expect("first");
    let now = Utc::now();
    let admin = s.actor(Role::SchoolAdmin);
    let mut content = domain::testing::sample_plan(10_000);
    content.term_start = first;
    content.term_end = first + Duration::days(150);
    let t = chrono::NaiveTime::from_hms_opt(17, 50, 0).expect("t");
    (content.end_time_summer, content.end_time_winter) = (t, t);
    let p = plan::save_draft(&db.with(&admin), s.school, None, content).await.expect("draft");
    plan::publish(&db.with(&admin), p).await.expect("publish");
    let declaration = wire::enrolment::Declaration { waiver_claimed: true, ..Default::default() };
    let new = applications::NewApplication { plan: p, student: s.student, declaration, idempotency_key: format!("k{p}") };
    let app = applications::apply(&db.write, &s.actor(Role::Parent), new, now).await.expect("apply");
    for r in [s.actor(Role::ClassTeacher), admin.clone()] {
        applications::review(&db.with(&r), app, true, "").await.expect("review");
    }
    applications::allocate(&db.with(&admin), p).await.expect("allocate");
    agreement::publish(&db.with(&admin), p, "协议").await.expect("agreement");
    let signing = wire::agreement::SignInput { version: 1, student_acknowledges: true, insurance: Some(wire::agreement::AccidentInsurance::Insured), insurer: "x".into() };
    agreement::sign(&db.at(&s.actor(Role::Parent), now - Duration::days(40)), app, signing).await.expect("signed");
    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[7u8; 16], &[0xFF, 0xD9]].concat();
    let claim = claims::attach(&db.at(&s.actor(Role::Parent), now), app, ClaimKind::Waiver, false, jpeg).await.expect("proof");
    if bill {
        billing::run(&db.at(&admin, now), s.school, today).await.expect("billed");
    }
    let pay = wire::money::NewPayment { student_no: format!("no-{}", tag(s)), amount: "1".into(), on_date: today, reference: format!("R{}", s.school) };
    let posting = payments::record(&db.at(&admin, now), s.school, pay).await.expect("paid");
    let same = wire::money::NewFeeSchedule {
        effective_from: today,
        items: vec![wire::money::FeeItemInput { service: wire::plan::ServiceType::AfterSchool, yuan_per_month: "100".into(), minutes_per_day: 80 }],
        billing_period: wire::plan::BillingPeriod::Semester,
        filing_number: String::new(),
        filing_date: String::new(),
    };
    let schedule = fees::propose(&db.at(&admin, now), p, same).await.expect("schedule");
    Objects { plan: p.0, app: app.0, claim: claim.0, posting: posting.0, schedule: schedule.0 }
}

fn tag(s: &Side) -> &'static str {
    // The sides' tags, as `World::build` names their children (`no-<tag>`).
    match s.actors[0].1.rsplit('-').next() {
        Some("a") => "a",
        Some("b") => "b",
        Some("near") => "near",
        _ => "next",
    }
}

async fn money_world(live: &Live) -> World {
    let w = World::build(&live.db).await;
    for d in [w.a.district, w.b.district] {
        domain::policy::publish(&live.db.write, d, chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("d"), &domain::policy::preset("002").expect("p"), chrono::Utc::now()).await.expect("policy");
    }
    w
}

/// Every money endpoint aimed at `side`'s objects.
fn calls(side: &Side, o: &Objects) -> Vec<(&'static str, String)> {
    let today = domain::clock::local_date(Utc::now());
    let month = today.format("%Y-%m");
    let (school, student, district) = (side.school, side.student, side.district);
    let statement = base64::engine::general_purpose::STANDARD.encode(format!("日期,金额,附言,流水号\n{today},1,no-{},X1\n", tag(side)));
    vec![
        ("money_desk", format!("school={school}")),
        ("propose_fees", format!("plan={}&schedule%5Beffective_from%5D={today}&schedule%5Bitems%5D%5B0%5D%5Bservice%5D=after_school&schedule%5Bitems%5D%5B0%5D%5Byuan_per_month%5D=1&schedule%5Bitems%5D%5B0%5D%5Bminutes_per_day%5D=60&schedule%5Bbilling_period%5D=semester", o.plan)),
        ("consent_fees", format!("schedule={}", o.schedule)),
        ("decide_fees", format!("schedule={}&approve=true&note=x", o.schedule)),
        ("bill_month", format!("school={school}&month={month}")),
        ("record_payment", format!("school={school}&payment%5Bstudent_no%5D=no-{}&payment%5Bamount%5D=1&payment%5Bon_date%5D={today}", tag(side))),
        ("record_booking", format!("school={school}&booking%5Bkind%5D=materials&booking%5Bamount%5D=1&booking%5Bon_date%5D={today}")),
        ("reverse_posting", format!("posting={}&reason=x", o.posting)),
        ("pay_refund", format!("student={student}&on_date={today}&reference=x")),
        ("bank_statement", format!("school={school}&import=true&file_name=s.csv&content={}", enc(&statement))),
        ("set_pay_rates", format!("school={school}&teacher=1&worker=1&volunteer=1&vendor_staff=1")),
        ("pay_run", format!("school={school}")),
        ("book_pay", format!("school={school}&month={month}&on_date={today}")),
        ("settlement", format!("plan={}", o.plan)),
        ("confirm_settlement", format!("plan={}&surplus_fen=0", o.plan)),
        ("publish_disclosure", format!("school={school}&month={}", (today.with_day(1).expect("d") - Duration::days(1)).format("%Y-%m"))),
        ("disclosure", format!("school={school}&month={month}")),
        ("ledger_month", format!("school={school}")),
        ("subsidy_year", format!("district={district}")),
        ("school_subsidy_year", format!("school={school}")),
        ("child_money", format!("student={student}")),
        ("refund_preview", format!("application={}&from={today}", o.app)),
        ("withdraw_consent", format!("application={}&from={today}", o.app)),
        ("claims", format!("application={}", o.app)),
        ("attach_proof", format!("application={}&kind=waiver&pdf=true&content=JVBERi0xLjQK", o.app)),
        ("claim_queue", format!("school={school}")),
        ("review_claim", format!("claim={}&approve=true&reason=", o.claim)),
    ]
}

fn downloads(side: &Side, o: &Objects) -> Vec<String> {
    let month = domain::clock::local_date(Utc::now()).format("%Y-%m");
    vec![
        format!("/school/{}/ledger.xlsx?month={month}", side.school),
        format!("/schools/{}/disclosure.xlsx?month={month}", side.school),
        format!("/bureau/{}/subsidy.xlsx", side.district),
        format!("/proofs/{}", o.claim),
    ]
}

fn refused(status: StatusCode) -> bool {
    matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_money_endpoint_refuses_another_school_district_and_family() {
    let live = Live::start(|_| {}).await;
    let w = money_world(&live).await;
    let (b, near) = (objects(&live, &w.b, true).await, objects(&live, &w.near, true).await);
    let a_objects = objects(&live, &w.a, true).await;
    let before = ledger_posting::Entity::find().count(&live.db.read).await.expect("n");
    for (other, o, name) in [(&w.b, &b, "another district"), (&w.near, &near, "another school")] {
        for (role, user, _) in &w.a.actors {
            // The district's bureau reads (and approves for) its schools.
            if *role == Role::BureauOfficial && std::ptr::eq(other, &w.near) {
                continue;
            }
            let cookie = live.sign_in(user, TEST_PASSWORD).await;
            let c = [("cookie", cookie.as_str())];
            for (endpoint, form) in calls(other, o) {
                let a = live.call(endpoint, &form, &c).await;
                assert!(refused(a.status), "{role:?} of a reached {name} through {endpoint}: {} {}", a.status, a.body);
                assert!(!a.body.contains("Child "), "{role:?} saw a child's name through {endpoint}");
            }
            for path in downloads(other, o) {
                let a = live.get(&path, &c).await;
                assert!(refused(a.status), "{role:?} of a downloaded {path} of {name}: {}", a.status);
            }
        }
    }
    assert_eq!(ledger_posting::Entity::find().count(&live.db.read).await.expect("n"), before, "nothing was booked");
    // The same calls reach their own objects for those meant to: every
    // endpoint above exists, so the refusals are the rules'.
    let own = |user: String, endpoints: &'static [&'static str]| {
        let (live, b) = (&live, &b);
        let w = &w;
        async move {
            let cookie = live.sign_in(&user, TEST_PASSWORD).await;
            for (endpoint, form) in calls(&w.b, b).into_iter().filter(|(e, _)| endpoints.contains(e)) {
                let a = live.call(endpoint, &form, &[("cookie", cookie.as_str())]).await;
                assert_eq!(a.status, StatusCode::OK, "{user} {endpoint}: {}", a.body);
            }
        }
    };
    own(login(&w.b, Role::SchoolAdmin, None), &["money_desk", "ledger_month", "claim_queue", "settlement", "pay_run", "school_subsidy_year", "bill_month"]).await;
    own(login(&w.b, Role::FamilyCommittee, Some(Panel::Treasurer)), &["money_desk", "set_pay_rates", "record_booking"]).await;
    own(login(&w.b, Role::BureauOfficial, None), &["subsidy_year", "money_desk"]).await;
    own(login(&w.b, Role::Parent, None), &["child_money", "claims", "refund_preview"]).await;
    for path in downloads(&w.b, &b).into_iter().filter(|p| !p.contains("disclosure")) {
        let c = live.sign_in(&login(&w.b, Role::BureauOfficial, None), TEST_PASSWORD).await;
        let who = if path.starts_with("/proofs") { live.sign_in(&login(&w.b, Role::SchoolAdmin, None), TEST_PASSWORD).await } else { c };
        let a = live.get(&path, &[("cookie", who.as_str())]).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
    }
    // Signed out: nothing at all.
    for (endpoint, form) in calls(&w.b, &b) {
        let a = live.call(endpoint, &form, &[]).await;
        assert!(refused(a.status), "anyone reached {endpoint}: {}", a.status);
    }
    // A guardian of the class next door reaches none of side a's family.
    let neighbour = live.sign_in(&login(&w.next_door, Role::Parent, None), TEST_PASSWORD).await;
    let family = ["child_money", "claims", "refund_preview", "withdraw_consent", "attach_proof"];
    for (endpoint, form) in calls(&w.a, &a_objects).into_iter().filter(|(e, _)| family.contains(e)) {
        let a = live.call(endpoint, &form, &[("cookie", neighbour.as_str())]).await;
        assert!(refused(a.status), "a neighbour reached {endpoint}: {}", a.status);
    }
    let proof = live.get(&format!("/proofs/{}", a_objects.claim), &[("cookie", neighbour.as_str())]).await;
    assert!(refused(proof.status), "a neighbour opened the proof: {}", proof.status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn junk_and_oversized_input_is_refused_and_changes_nothing() {
    let live = Live::start(|_| {}).await;
    let w = money_world(&live).await;
    objects(&live, &w.a, true).await;
    let keeper = live.sign_in(&login(&w.a, Role::FamilyCommittee, Some(Panel::Treasurer)), TEST_PASSWORD).await;
    let c = [("cookie", keeper.as_str())];
    let before = ledger_posting::Entity::find().count(&live.db.read).await.expect("n");
    let today = domain::clock::local_date(Utc::now());
    let school = w.a.school;
    let huge = "x".repeat(2_000_000);
    for (endpoint, form, why) in [
        ("record_payment", format!("school={school}&payment%5Bstudent_no%5D=no-a&payment%5Bamount%5D=abc&payment%5Bon_date%5D={today}"), "amount"),
        ("record_payment", format!("school={school}&payment%5Bstudent_no%5D=nobody&payment%5Bamount%5D=1&payment%5Bon_date%5D={today}"), "student_no"),
        ("record_payment", format!("school={school}&payment%5Bstudent_no%5D=no-a&payment%5Bamount%5D=1&payment%5Bon_date%5D=2099-01-01"), "in_the_future"),
        ("record_booking", format!("school={school}&booking%5Bkind%5D=other&booking%5Bamount%5D=5&booking%5Bon_date%5D={today}"), "purpose_required"),
        ("record_booking", format!("school={school}&booking%5Bkind%5D=other&booking%5Bamount%5D=5&booking%5Bon_date%5D={today}&booking%5Bmemo%5D={}", enc("提取管理费")), "management_fee"),
        ("record_booking", format!("school={school}&booking%5Bkind%5D=management_fee&booking%5Bamount%5D=5&booking%5Bon_date%5D={today}"), ""),
        ("record_booking", format!("school={school}&booking%5Bkind%5D=materials&booking%5Bamount%5D=5&booking%5Bon_date%5D={today}&booking%5Bmemo%5D={}", "y".repeat(300)), "too_long"),
        ("bank_statement", format!("school={school}&import=true&file_name=s.csv&content=%25%25%25"), "unreadable"),
        ("bank_statement", format!("school={school}&import=true&file_name=s.csv&content={}", enc(&base64::engine::general_purpose::STANDARD.encode(vec![b'a'; 1_100_000]))), "too_large"),
        ("bill_month", format!("school={school}&month=13-2026"), "month"),
        ("set_pay_rates", format!("school={school}&teacher=-1&worker=1&volunteer=1&vendor_staff=1"), "rate"),
        ("publish_disclosure", format!("school={school}&month={}", today.format("%Y-%m")), "not_over"),
        ("pay_refund", format!("student={}&on_date={today}&reference=x", w.a.student), "nothing_due"),
        ("record_payment", format!("school={school}&payment%5Bstudent_no%5D={huge}"), ""),
    ] {
        let a = live.call(endpoint, &form, &c).await;
        assert!(matches!(a.status, StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PAYLOAD_TOO_LARGE), "{endpoint} {why}: {} {}", a.status, a.body);
        assert!(a.body.contains(why), "{endpoint}: expected {why} in {}", a.body);
    }
    assert_eq!(ledger_posting::Entity::find().count(&live.db.read).await.expect("n"), before, "nothing was booked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn races_book_once_a_statement_a_withdrawal_and_a_months_billing() {
    let live = Live::start(|_| {}).await;
    let w = money_world(&live).await;
    let o = objects(&live, &w.a, true).await;
    let keeper = live.sign_in(&login(&w.a, Role::FamilyCommittee, Some(Panel::Treasurer)), TEST_PASSWORD).await;
    let admin = live.sign_in(&login(&w.a, Role::SchoolAdmin, None), TEST_PASSWORD).await;
    let parent = live.sign_in(&login(&w.a, Role::Parent, None), TEST_PASSWORD).await;
    let today = domain::clock::local_date(Utc::now());
    // The same statement from the treasurer and the school's admin, eight times at once.
    let statement = base64::engine::general_purpose::STANDARD.encode(format!("日期,金额,附言,流水号\n{today},20.00,学号no-a,BANK-1\n{today},30,no-a 托管费,BANK-2\n"));
    let form = format!("school={}&import=true&file_name=s.csv&content={}", w.a.school, enc(&statement));
    let answers = join_all((0..8).map(|i| {
        let (live, form) = (&live, form.clone());
        let cookie = if i % 2 == 0 { keeper.clone() } else { admin.clone() };
        async move { live.call("bank_statement", &form, &[("cookie", cookie.as_str())]).await }
    }))
    .await;
    assert!(answers.iter().all(|a| a.status == StatusCode::OK), "{:?}", answers.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>());
    let bank = ledger_posting::Entity::find().filter(ledger_posting::Column::Reference.is_in(["bank:BANK-1", "bank:BANK-2"])).count(&live.db.read).await.expect("n");
    assert_eq!(bank, 2, "each bank transaction booked once");
    // A month billed for the first time from six places at once, and billed
    // again: nobody charged twice.
    objects(&live, &w.near, false).await;
    let near_keeper = live.sign_in(&login(&w.near, Role::SchoolAdmin, None), TEST_PASSWORD).await;
    let month = today.format("%Y-%m").to_string();
    for (school, cookie) in [(w.near.school, &near_keeper), (w.a.school, &keeper)] {
        let (bill, kc) = (format!("school={school}&month={month}"), [("cookie", cookie.as_str())]);
        let answers = join_all((0..6).map(|_| live.call("bill_month", &bill, &kc))).await;
        assert!(answers.iter().all(|a| a.status == StatusCode::OK), "{:?}", answers.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>());
        assert_eq!(charge::Entity::find().filter(charge::Column::SchoolId.eq(school.0)).count(&live.db.read).await.expect("n"), 1);
    }
    // The guardian confirms the withdrawal from three phones at once.
    let form = format!("application={}&from={today}", o.app);
    let pc = [("cookie", parent.as_str())];
    let answers = join_all((0..3).map(|_| live.call("withdraw_consent", &form, &pc))).await;
    let ok = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    assert_eq!(ok, 1, "{:?}", answers.iter().map(|a| (a.status, &a.body)).collect::<Vec<_>>());
    let refunds = ledger_posting::Entity::find().filter(ledger_posting::Column::Kind.is_in(["refund", "refund_due"])).all(&live.db.read).await.expect("q");
    let kinds: Vec<&str> = refunds.iter().map(|r| r.kind.as_str()).collect();
    assert!(kinds.iter().filter(|k| **k == "refund_due").count() <= 1 && kinds.iter().filter(|k| **k == "refund").count() <= 1, "refunded once: {kinds:?}");
    // Money paid back never exceeds what was paid (1 + 20 + 30 yuan).
    let back: i64 = refunds.iter().filter(|r| r.kind == "refund_due").map(|r| r.amount_fen).sum();
    assert!(back <= 5_100, "{back}");
}
