//! Properties of the money rules, over generated cases (proptest): every
//! amount is whole fen; a division's pieces add up to the whole; a refund
//! never exceeds what its charge came to, and money paid back never
//! exceeds what was paid; the books always balance, whatever is booked.
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use domain::entities::charge;
use domain::money::billing::{ServiceDays, charge_for};
use domain::money::ledger::{accounts, balances};
use domain::money::rounding::{largest_remainder, pro_rata, split_percent};
use domain::money::withdrawal::refund_lines;
use proptest::prelude::*;
use wire::money::{Account, PostingKind};

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).expect("d") + Duration::days(offset)
}

fn weekdays() -> ServiceDays {
    ServiceDays::new(vec![1, 2, 3, 4, 5], Vec::new())
}

const KINDS: [PostingKind; 16] = [
    PostingKind::Charge,
    PostingKind::Waiver,
    PostingKind::Payment,
    PostingKind::Refund,
    PostingKind::RefundDue,
    PostingKind::RefundPaid,
    PostingKind::SurplusRefund,
    PostingKind::SubsidyCity,
    PostingKind::SubsidyDistrict,
    PostingKind::Sponsorship,
    PostingKind::PayOwnStaff,
    PostingKind::PayExternal,
    PostingKind::Materials,
    PostingKind::Maintenance,
    PostingKind::Training,
    PostingKind::Other,
];

proptest! {
    #[test]
    fn a_part_never_exceeds_the_whole_and_the_parts_add_up(amount in 0i64..10_000_000, part in 0i64..400, whole in 1i64..400) {
        let given = pro_rata(amount, part, whole);
        let kept = amount - given;
        prop_assert!((0..=amount).contains(&given));
        prop_assert!(kept >= 0 && given + kept == amount);
        // Two complementary parts never come to more than the whole.
        let part = part.min(whole);
        prop_assert!(given + pro_rata(amount, whole - part, whole) <= amount);
    }

    #[test]
    fn splits_by_percent_and_by_weight_add_up_to_the_whole(total in 0i64..100_000_000, percent in 0u8..=100, weights in proptest::collection::vec(0i64..100_000, 0..40)) {
        let (a, b) = split_percent(total, percent);
        prop_assert_eq!(a + b, total);
        prop_assert!(a >= 0 && b >= 0);
        let shares = largest_remainder(total, &weights);
        prop_assert_eq!(shares.len(), weights.len());
        let sum: i64 = weights.iter().sum();
        if sum > 0 {
            prop_assert_eq!(shares.iter().sum::<i64>(), total);
            for (s, w) in shares.iter().zip(&weights) {
                // Within a fen of the exact share.
                let exact = i128::from(total) * i128::from(*w);
                prop_assert!(i128::from(*s) * i128::from(sum) >= exact - i128::from(sum) && i128::from(*s) * i128::from(sum) <= exact + i128::from(sum));
            }
        } else {
            prop_assert!(shares.iter().all(|s| *s == 0));
        }
    }

    #[test]
    fn a_months_charge_is_the_fee_for_the_days_enrolled(fee in 0i64..50_000, start in 0i64..120, len in 0i64..120) {
        let (from, to) = (day(start), day(start + len));
        let (days, amount) = charge_for(fee, from, to, &weekdays());
        prop_assert!(amount >= 0 && days >= 0);
        // Never more than a full fee for each month touched.
        let months = i64::from((to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1);
        prop_assert!(amount <= fee * months);
        prop_assert_eq!(days, weekdays().count(from, to));
    }

    #[test]
    fn refunds_never_exceed_what_a_charge_came_to(
        charges in proptest::collection::vec((1i64..30_000, 0i64..100, 0i64..60, 0i64..30_000), 1..6),
        withdraw in 0i64..200,
    ) {
        let days = weekdays();
        let rows: Vec<(charge::Model, i64)> = charges
            .iter()
            .enumerate()
            .map(|(i, (amount, start, len, given))| {
                let (from, to) = (day(*start), day(start + len));
                let n = days.count(from, to);
                let c = charge::Model {
                    id: i as i64 + 1,
                    school_id: 1,
                    plan_id: 1,
                    student_id: 1,
                    application_id: 1,
                    period: "term".into(),
                    covers_from: from,
                    covers_to: to,
                    days: n,
                    amount_fen: *amount,
                    created_at: Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).single().expect("t"),
                };
                // What earlier waivers and refunds left of it.
                (c, (amount - given).max(0))
            })
            .collect();
        let lines = refund_lines(&rows, day(withdraw), &days);
        let mut total = 0;
        for (id, l) in &lines {
            let (c, net) = rows.iter().find(|(c, _)| c.id == *id).expect("its charge");
            prop_assert!(l.refund_fen >= 0 && l.refund_fen <= *net, "refund {} of {}", l.refund_fen, net);
            prop_assert!(l.undelivered as i64 <= c.days);
            total += l.refund_fen;
        }
        prop_assert!(total <= rows.iter().map(|(_, n)| n).sum::<i64>());
    }

    /// Whatever is booked, the books balance, and a family's balance is
    /// what it was charged, less what was waived, given back and paid, plus
    /// credit moved to refunds owed.
    #[test]
    fn the_books_always_balance(postings in proptest::collection::vec((0usize..KINDS.len(), 1i64..1_000_000), 0..200)) {
        let moved: Vec<(Account, Account, i64)> = postings.iter().map(|(k, n)| { let (d, c) = accounts(KINDS[*k]).expect("fixed accounts"); (d, c, *n) }).collect();
        let b = balances(moved.iter().copied());
        prop_assert_eq!(b.values().sum::<i64>(), 0);
        let sum = |k: PostingKind| postings.iter().filter(|(i, _)| KINDS[*i] == k).map(|(_, n)| n).sum::<i64>();
        let receivable = sum(PostingKind::Charge) + sum(PostingKind::RefundDue) - sum(PostingKind::Waiver) - sum(PostingKind::Payment) - sum(PostingKind::Refund) - sum(PostingKind::SurplusRefund);
        prop_assert_eq!(b.get(&Account::Receivable).copied().unwrap_or(0), receivable);
        let bank = sum(PostingKind::Payment) + sum(PostingKind::SubsidyCity) + sum(PostingKind::SubsidyDistrict) + sum(PostingKind::Sponsorship)
            - sum(PostingKind::RefundPaid)
            - [PostingKind::PayOwnStaff, PostingKind::PayExternal, PostingKind::Materials, PostingKind::Maintenance, PostingKind::Training, PostingKind::Other].iter().map(|k| sum(*k)).sum::<i64>();
        prop_assert_eq!(b.get(&Account::Bank).copied().unwrap_or(0), bank);
        // A reversal of any of them brings every account back to where it was.
        let undone = balances(moved.iter().flat_map(|(d, c, n)| [(*d, *c, *n), (*c, *d, *n)]));
        prop_assert!(undone.values().all(|v| *v == 0));
    }
}

/// The same through the database, on fewer cases: a family charged a
/// month, paying part or all of it, withdrawing on any day: the refund
/// never exceeds the charge, the money paid back never exceeds what was
/// paid, and the school's books balance to the fen.
#[test]
fn withdrawals_through_the_database_never_pay_back_more_than_was_paid() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() });
    let strategy = (1i64..=30_000, 0u32..=100, 0i64..31);
    runner
        .run(&strategy, |(fee, paid_percent, offset)| {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                let (paid, refund, back, balanced) = one_withdrawal(fee, paid_percent, offset).await;
                prop_assert!(refund <= fee, "refund {refund} of a {fee} charge");
                prop_assert!(back <= paid, "paid back {back} of {paid}");
                prop_assert!(balanced);
                Ok(())
            })
        })
        .expect("property");
}

async fn one_withdrawal(fee: i64, paid_percent: u32, offset: i64) -> (i64, i64, i64, bool) {
    use domain::authz::{Panel, Role};
    use domain::enrolment::{agreement, applications, plan};
    use domain::money::{billing, ledger, payments, withdrawal};
    use domain::testing::{World, fresh_db, sample_plan};
    let db = fresh_db().await;
    let w = World::build(&db).await;
    domain::policy::publish(&db.write, w.a.district, NaiveDate::from_ymd_opt(2021, 1, 1).expect("d"), &domain::policy::preset("001").expect("preset"), chrono::Utc::now()).await.expect("policy");
    let admin = w.a.actor(Role::SchoolAdmin);
    let mut content = sample_plan(fee);
    content.billing_period = wire::plan::BillingPeriod::Monthly;
    let p = plan::save_draft(&db.with(&admin), w.a.school, None, content).await.expect("draft");
    plan::publish(&db.with(&admin), p).await.expect("publish");
    let new = applications::NewApplication { plan: p, student: w.a.student, declaration: Default::default(), idempotency_key: "k".into() };
    let app = applications::apply(&db.write, &w.a.actor(Role::Parent), new, chrono::Utc::now()).await.expect("apply");
    for r in [w.a.committee(Panel::PriceInquiry), admin.clone()] {
        applications::review(&db.with(&r), app, true, "").await.expect("review");
    }
    applications::allocate(&db.with(&admin), p).await.expect("allocate");
    agreement::publish(&db.with(&admin), p, "协议").await.expect("agreement");
    let now = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).expect("t"));
    let signing = wire::agreement::SignInput { version: 1, student_acknowledges: true, insurance: Some(wire::agreement::AccidentInsurance::Insured), insurer: "x".into() };
    agreement::sign(&db.at(&w.a.actor(Role::Parent), now(day(-10))), app, signing).await.expect("signed");
    billing::run(&db.at(&admin, now(day(0))), w.a.school, day(0)).await.expect("billed");
    let paid = domain::money::rounding::pro_rata(fee, i64::from(paid_percent), 100);
    if paid > 0 {
        let pay = wire::money::NewPayment { student_no: "no-a".into(), amount: wire::money::yuan(paid), on_date: day(0), reference: String::new() };
        payments::record(&db.at(&admin, now(day(0))), w.a.school, pay).await.expect("paid");
    }
    let from = day(offset);
    let done = withdrawal::confirm(&db.at(&w.a.actor(Role::Parent), now(from)), app, from, None).await.expect("withdrawn");
    use sea_orm::EntityTrait;
    let rows = domain::entities::ledger_posting::Entity::find().all(&db.read).await.expect("postings");
    let all = ledger::balances(rows.iter().map(|r| (Account::parse(&r.debit).expect("debit"), Account::parse(&r.credit).expect("credit"), r.amount_fen)));
    (paid, done.refund_fen, done.paid_back_fen, all.values().sum::<i64>() == 0)
}
