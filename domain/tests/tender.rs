//! The tender board through the database: sealed bids that nobody reads
//! before the opening, the opening by two panel members, the district's
//! minimum of qualified bids, scoring, the award's standstill, complaints
//! and approval chain, the contract, satisfaction, the blacklist and its
//! end, the OCDS export, and every service against outsiders.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::DomainError;
use domain::authz::{Actor, Panel, Role};
use domain::entities::bid;
use domain::ids::{DistrictId, TenderId};
use domain::policy;
use domain::tender::bids::Upload;
use domain::tender::{BidKey, award, bids, blacklist, board, contracts, evaluation, ocds, opening, survey, vendors, views};
use domain::testing::{World, fresh_db};
use domain::Db;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use wire::tender::{AwardStatus, Criterion, CriterionScore, DocumentKind, EndCause, NewBid, NewDocument, NewTender, TenderService, TenderStatus};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 2, 0, 0).single().expect("t0")
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&domain::clock::SCHOOL_ZONE).format("%Y-%m-%dT%H:%M").to_string()
}

fn terms(deadline: DateTime<Utc>, opening: DateTime<Utc>) -> NewTender {
    NewTender {
        title: "2027 春季课后服务".into(),
        service: TenderService::AfterSchool,
        requirements: "每周五天，16:30–18:00".into(),
        criteria: vec![Criterion { name: "价格".into(), weight: 40 }, Criterion { name: "方案".into(), weight: 60 }],
        estimate_yuan: "90".into(),
        whole_service: None,
        bid_deadline: local(deadline),
        opening_at: local(opening),
    }
}

fn deadline() -> DateTime<Utc> {
    t0() + Duration::days(10)
}

fn opening_time() -> DateTime<Utc> {
    deadline() + Duration::hours(1)
}


/// The vendors of a's city, each entered into a's district with a licence.
fn bidders(w: &World) -> [Actor; 3] {
    [w.a.actor(Role::Vendor), w.near.actor(Role::Vendor), w.next_door.actor(Role::Vendor)]
}

async fn enter(db: &Db, w: &World, vendor: &Actor, until: NaiveDate) {
    vendors::add_document(&db.at(vendor, t0()), NewDocument { kind: DocumentKind::BusinessLicence, number: "91X".into(), expires_on: until }).await.expect("document");
    let entry = vendors::request_entry(&db.at(vendor, t0()), w.a.district).await.expect("entry");
    vendors::decide_entry(&db.at(&w.a.actor(Role::BureauOfficial), t0()), entry, true, "").await.expect("approved");
}

/// A world under `seed`'s policy whose city's three vendors are entered into a's district.
async fn entered_world(db: &Db, seed: &str) -> World {
    let w = world_with(db, seed).await;
    for v in bidders(&w) {
        enter(db, &w, &v, NaiveDate::from_ymd_opt(2099, 1, 1).expect("d")).await;
    }
    w
}

async fn world_with(db: &Db, seed: &str) -> World {
    let w = World::build(db).await;
    let p = policy::preset(seed).expect("preset");
    policy::publish(&db.write, w.a.district, NaiveDate::from_ymd_opt(2021, 1, 1).expect("d"), &p, chrono::Utc::now()).await.expect("policy");
    w
}

fn bid_of(price: &str, marker: &str) -> NewBid {
    NewBid { price_yuan: price.into(), programme: format!("方案 {marker}"), staff_plan: format!("人员 {marker}") }
}

fn pdf(marker: &str) -> Upload {
    Upload { name: "资质.pdf".into(), bytes: format!("%PDF-1.4\n{marker}\n%%EOF").into_bytes() }
}

async fn tender_with_bids(db: &Db, key: &BidKey, w: &World, n: usize) -> TenderId {
    let admin = w.a.actor(Role::SchoolAdmin);
    let t = board::create(&db.at(&admin, t0()), w.a.school, terms(deadline(), opening_time())).await.expect("tender");
    for (i, v) in bidders(w).iter().take(n).enumerate() {
        let files = if i == 0 { vec![pdf("PDF-SECRET-0")] } else { vec![] };
        bids::submit(&db.at(v, t0() + Duration::hours(i as i64 + 1)), key, t, bid_of(&format!("8{i}"), &format!("SECRET-{i}")), files).await.expect("bid");
    }
    t
}

async fn open_it(db: &Db, key: &BidKey, w: &World, t: TenderId) {
    assert!(!opening::open(&db.at(&w.a.committee(Panel::PriceInquiry), opening_time()), key, t).await.expect("first act"));
    assert!(opening::open(&db.at(&w.a.committee(Panel::Supervision), opening_time()), key, t).await.expect("second act"));
}

fn scores(a: u8, b: u8) -> Vec<CriterionScore> {
    vec![CriterionScore { score: a, reason: "报价合理".into() }, CriterionScore { score: b, reason: "方案完整".into() }]
}

#[tokio::test]
async fn a_tender_goes_from_sealed_bids_to_a_contract_and_a_rating() {
    let db = fresh_db().await;
    let key = BidKey::random();
    let w = entered_world(&db, "004").await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let t = tender_with_bids(&db, &key, &w, 3).await;

    // Before the opening nobody but each bidder sees a bid or a bidder.
    let names = ["Vendor a", "Vendor near", "Vendor next"];
    for reader in [admin.clone(), w.a.committee(Panel::PriceInquiry), w.a.committee(Panel::Supervision), w.a.actor(Role::BureauOfficial)] {
        let v = views::tender_view(&db.maybe_at(Some(&reader), t0() + Duration::days(1)), &key, t).await.expect("view");
        assert!(v.bids.is_empty() && v.my_bid.is_none() && v.summary.bids.is_none(), "{reader:?}");
        let json = serde_json::to_string(&v).expect("json");
        assert!(names.iter().all(|n| !json.contains(n)) && !json.contains("SECRET"), "{json}");
    }
    let mine = views::tender_view(&db.maybe_at(Some(&w.near.actor(Role::Vendor)), t0() + Duration::days(1)), &key, t).await.expect("view");
    assert_eq!(mine.my_bid.as_ref().map(|b| b.programme.as_str()), Some("方案 SECRET-1"));
    let package = ocds::package(&db.public_at(t0()), t, "https://beilei.example.cn").await.expect("ocds");
    assert!(!package.to_string().contains("Vendor"), "no bidder in the open data before the opening");

    // Nothing is accepted after the deadline; the bids open after the opening time, by two.
    let late = bids::submit(&db.at(&w.a.actor(Role::Vendor), deadline()), &key, t, bid_of("70", "late"), vec![]).await;
    assert!(matches!(late, Err(DomainError::Invalid { rule: "deadline_passed", .. })), "{late:?}");
    let early = opening::open(&db.at(&w.a.committee(Panel::PriceInquiry), deadline()), &key, t).await;
    assert!(matches!(early, Err(DomainError::Invalid { rule: "not_yet", .. })), "{early:?}");
    let e = opening::open(&db.at(&admin, opening_time()), &key, t).await;
    assert!(matches!(e, Err(DomainError::Forbidden)), "the school is not on the panel: {e:?}");
    assert!(!opening::open(&db.at(&w.a.committee(Panel::PriceInquiry), opening_time()), &key, t).await.expect("act"));
    let twice = opening::open(&db.at(&w.a.committee(Panel::PriceInquiry), opening_time()), &key, t).await;
    assert!(matches!(twice, Err(DomainError::Invalid { rule: "already_consented", .. })), "one member cannot open alone");
    assert!(opening::open(&db.at(&w.next_door.committee(Panel::Supervision), opening_time()), &key, t).await.expect("opened"));

    let v = views::tender_view(&db.maybe_at(Some(&w.a.committee(Panel::Supervision)), opening_time()), &key, t).await.expect("view");
    assert_eq!(v.summary.status, TenderStatus::Evaluating);
    assert_eq!(v.bids.len(), 3);
    assert!(v.bids.iter().all(|b| b.qualified && b.receipt_holds), "{:?}", v.bids);
    assert_eq!(v.bids[0].files.len(), 1);
    let (name, bytes) = opening::document(&db.with(&admin), &key, t, Some(v.bids[0].id), 1).await.expect("document");
    assert!(name.ends_with(".pdf") && bytes.starts_with(b"%PDF-"));
    assert!(opening::document(&db.with(&w.b.actor(Role::SchoolAdmin)), &key, t, Some(v.bids[0].id), 1).await.is_err());

    // Both price-inquiry members score every bid; supervision sees every score.
    let ids: Vec<_> = v.bids.iter().map(|b| b.id).collect();
    let members = [w.a.committee(Panel::PriceInquiry), w.next_door.committee(Panel::PriceInquiry)];
    let e = evaluation::score(&db.at(&w.a.committee(Panel::Supervision), opening_time()), ids[0], scores(50, 50)).await;
    assert!(matches!(e, Err(DomainError::Forbidden)), "supervision does not score");
    let e = evaluation::score(&db.at(&members[0], opening_time()), ids[0], vec![CriterionScore { score: 50, reason: " ".into() }; 2]).await;
    assert!(matches!(e, Err(DomainError::Invalid { field: "reason", .. })), "a score needs a reason");
    let e = evaluation::score(&db.at(&members[0], opening_time()), ids[0], scores(101, 50)).await;
    assert!(matches!(e, Err(DomainError::Invalid { rule: "out_of_range", .. })));
    for (i, b) in ids.iter().enumerate() {
        evaluation::score(&db.at(&members[0], opening_time()), *b, scores(60 + i as u8 * 10, 70)).await.expect("score");
    }
    let e = award::propose(&db.at(&admin, opening_time()), t).await;
    assert!(matches!(e, Err(DomainError::Invalid { rule: "incomplete", .. })), "the second member has not scored: {e:?}");
    for b in &ids {
        evaluation::score(&db.at(&members[1], opening_time()), *b, scores(80, 80)).await.expect("score");
    }
    evaluation::object(&db.at(&w.a.committee(Panel::Supervision), opening_time()), t, Some(ids[1]), "报价说明不清").await.expect("objection");
    let v = views::tender_view(&db.maybe_at(Some(&w.a.committee(Panel::Supervision)), opening_time()), &key, t).await.expect("view");
    assert_eq!(v.scores.len(), 12);
    assert_eq!(v.objections.len(), 1);
    let top = v.bids.iter().find(|b| b.rank == Some(1)).expect("ranked");
    assert_eq!(top.id, ids[2], "the highest weighted total wins: {:?}", v.bids.iter().map(|b| (b.id, b.total)).collect::<Vec<_>>());

    // The award waits out the standstill; a losing bidder complains, the bureau answers.
    let aw = award::propose(&db.at(&admin, opening_time()), t).await.expect("proposed");
    let loser = w.a.actor(Role::Vendor);
    let complaint = award::complain(&db.at(&loser, opening_time() + Duration::hours(1)), aw, "评分不公").await.expect("complaint");
    let e = award::complain(&db.at(&w.b.actor(Role::Vendor), opening_time()), aw, "x").await;
    assert!(matches!(e, Err(DomainError::NotFound)), "only a bidder complains");
    let after = opening_time() + Duration::days(4);
    let e = award::decide(&db.at(&admin, opening_time() + Duration::days(1)), aw, true, "").await;
    assert!(matches!(e, Err(DomainError::Invalid { rule: "in_standstill", .. })), "{e:?}");
    let e = award::decide(&db.at(&admin, after), aw, true, "").await;
    assert!(matches!(e, Err(DomainError::Invalid { rule: "complaints_open", .. })), "{e:?}");
    assert!(award::answer(&db.at(&w.b.actor(Role::BureauOfficial), after), complaint, false, "x").await.is_err(), "another district's bureau");
    award::answer(&db.at(&w.a.actor(Role::BureauOfficial), after), complaint, false, "评分有据，投诉不成立").await.expect("answered");
    // 004's chain: the school and its committee, each deciding; a member
    // who scored the bids does not decide for the committee.
    assert!(matches!(award::decide(&db.at(&w.b.actor(Role::FamilyCommittee), after), aw, true, "").await, Err(DomainError::Forbidden)));
    for scorer in &members {
        assert!(matches!(award::decide(&db.at(scorer, after), aw, true, "").await, Err(DomainError::Forbidden)), "a scorer approves nothing");
    }
    award::decide(&db.at(&admin, after), aw, true, "学校同意").await.expect("the school's part");
    let v = views::tender_view(&db.maybe_at(Some(&admin), after), &key, t).await.expect("view");
    assert_eq!(v.award.as_ref().map(|a| (a.status, a.next_step.as_deref())), Some((AwardStatus::Approving, Some("school_and_committee/committee"))));
    assert!(!v.rights.approve, "the school decided its part");
    assert!(matches!(award::decide(&db.at(&admin, after), aw, true, "").await, Err(DomainError::Forbidden)), "nor twice");
    let supervision = w.a.committee(Panel::Supervision);
    assert!(views::tender_view(&db.maybe_at(Some(&supervision), after), &key, t).await.expect("view").rights.approve);
    award::decide(&db.at(&supervision, after), aw, true, "家委会同意").await.expect("the committee's part");
    let v = views::tender_view(&db.maybe_at(Some(&admin), after), &key, t).await.expect("view");
    assert_eq!(v.award.as_ref().map(|a| a.status), Some(AwardStatus::Approved));
    assert_eq!(v.summary.status, TenderStatus::Awarded);

    // The contract, then a guardian's rating on the vendor's record.
    let start = NaiveDate::from_ymd_opt(2027, 3, 15).expect("d");
    let c = contracts::sign(&db.at(&admin, after), aw, start, NaiveDate::from_ymd_opt(2027, 7, 10).expect("d"), "课后托管").await.expect("contract");
    assert!(contracts::sign(&db.at(&admin, after), aw, start, NaiveDate::from_ymd_opt(2027, 7, 10).expect("d"), "x").await.is_err(), "one contract per award");
    contracts::evaluate(&db.at(&admin, Utc.with_ymd_and_hms(2027, 4, 1, 2, 0, 0).single().expect("t")), c, 4, "按时到岗").await.expect("evaluated");
    let in_april = Utc.with_ymd_and_hms(2027, 4, 2, 2, 0, 0).single().expect("t");
    survey::rate(&db.at(&w.a.actor(Role::Parent), in_april), w.a.school, 5, 4, "孩子喜欢").await.expect("rated");
    survey::rate(&db.at(&w.a.actor(Role::Parent), in_april), w.a.school, 4, 4, "").await.expect("rated again replaces");
    assert!(matches!(survey::rate(&db.at(&w.b.actor(Role::Parent), in_april), w.a.school, 5, 5, "").await, Err(DomainError::Forbidden)));
    assert!(matches!(survey::rate(&db.at(&w.a.actor(Role::Parent), in_april), w.a.school, 6, 5, "").await, Err(DomainError::Invalid { .. })));
    let board = views::school_tenders(&db.at(&admin, in_april), w.a.school).await.expect("board");
    assert_eq!(board.survey.len(), 1);
    assert_eq!(board.survey[0].responses, 1);
    let winner = [w.a.actor(Role::Vendor), w.near.actor(Role::Vendor), w.next_door.actor(Role::Vendor)][2].clone();
    let profile = vendors::profile(&db.at(&winner, in_april), w.next_door.vendor).await.expect("profile");
    assert_eq!(profile.record.contracts, 1);
    assert_eq!(profile.record.responses, 1);
    assert_eq!(profile.record.evaluation, Some(4.0));
    assert!(vendors::profile(&db.at(&winner, in_april), w.a.vendor).await.is_err(), "another vendor's page");

    // The open data of the finished tender validates against OCDS 1.1.5.
    let package = ocds::package(&db.public_at(in_april), t, "https://beilei.example.cn").await.expect("ocds");
    validate_ocds(&package);
    assert!(package.to_string().contains("Vendor next"));
}

fn validate_ocds(package: &serde_json::Value) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ocds-1.1.5");
    let read = |f: &str| -> serde_json::Value { serde_json::from_str(&std::fs::read_to_string(dir.join(f)).expect("schema file")).expect("schema json") };
    let release = read("release-schema.json");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .with_resource("https://standard.open-contracting.org/schema/1__1__5/release-schema.json", jsonschema::Resource::from_contents(release).expect("release schema"))
        .build(&read("release-package-schema.json"))
        .expect("schema");
    let errors: Vec<String> = validator.iter_errors(package).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{package:#}");
}

#[tokio::test]
async fn two_qualified_bids_make_no_award_and_the_tender_is_issued_again() {
    let db = fresh_db().await;
    let key = BidKey::random();
    let w = entered_world(&db, "004").await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let t = tender_with_bids(&db, &key, &w, 2).await;
    open_it(&db, &key, &w, t).await;
    let v = views::tender_view(&db.maybe_at(Some(&admin), opening_time()), &key, t).await.expect("view");
    assert_eq!(v.summary.status, TenderStatus::Unsuccessful, "004 needs three qualified bids");
    let e = award::propose(&db.at(&admin, opening_time()), t).await;
    assert!(matches!(e, Err(DomainError::Invalid { .. })), "{e:?}");
    let again = board::reissue(&db.at(&admin, opening_time()), t, &local(opening_time() + Duration::days(10)), &local(opening_time() + Duration::days(11))).await.expect("reissued");
    let v = views::tender_view(&db.maybe_at(None, opening_time()), &key, again).await.expect("public view");
    assert_eq!(v.summary.status, TenderStatus::Open);
    assert_eq!(v.reissue_of, Some(t));

    // A vendor whose licence runs out before the opening does not count.
    let later = opening_time() + Duration::days(30);
    let t3 = board::create(&db.at(&admin, opening_time()), w.a.school, terms(later - Duration::hours(1), later)).await.expect("tender");
    for v in bidders(&w) {
        bids::submit(&db.at(&v, opening_time()), &key, t3, bid_of("80", "x"), vec![]).await.expect("bid");
    }
    use domain::entities::vendor_document;
    vendor_document::Entity::update_many()
        .col_expr(vendor_document::Column::ExpiresOn, sea_orm::sea_query::Expr::value(NaiveDate::from_ymd_opt(2027, 3, 20).expect("d")))
        .filter(vendor_document::Column::VendorId.eq(w.a.vendor.0))
        .exec(&db.write)
        .await
        .expect("expiring");
    assert!(!opening::open(&db.at(&w.a.committee(Panel::PriceInquiry), later), &key, t3).await.expect("act"));
    assert!(opening::open(&db.at(&w.a.committee(Panel::Supervision), later), &key, t3).await.expect("open"));
    let v = views::tender_view(&db.maybe_at(Some(&admin), later), &key, t3).await.expect("view");
    let expired = v.bids.iter().find(|b| b.vendor == w.a.vendor).expect("bid");
    assert_eq!(expired.disqualified.as_deref(), Some("documents_expired"));
    assert_eq!(v.summary.status, TenderStatus::Unsuccessful, "two qualified of three");
}

#[tokio::test]
async fn a_barred_vendor_cannot_bid_until_the_day_its_bar_ends() {
    let db = fresh_db().await;
    let key = BidKey::random();
    let w = entered_world(&db, "004").await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let t = tender_with_bids(&db, &key, &w, 3).await;
    open_it(&db, &key, &w, t).await;
    let v = views::tender_view(&db.maybe_at(Some(&admin), opening_time()), &key, t).await.expect("view");
    for m in [w.a.committee(Panel::PriceInquiry), w.next_door.committee(Panel::PriceInquiry)] {
        for b in &v.bids {
            evaluation::score(&db.at(&m, opening_time()), b.id, scores(70, 70)).await.expect("score");
        }
    }
    let aw = award::propose(&db.at(&admin, opening_time()), t).await.expect("award");
    let after = opening_time() + Duration::days(4);
    for part in [&admin, &w.a.committee(Panel::Supervision)] {
        award::decide(&db.at(part, after), aw, true, "").await.expect("approved");
    }
    let v = views::tender_view(&db.maybe_at(Some(&admin), after), &key, t).await.expect("view");
    let c = contracts::sign(&db.at(&admin, after), aw, NaiveDate::from_ymd_opt(2027, 3, 20).expect("d"), NaiveDate::from_ymd_opt(2027, 7, 1).expect("d"), "课后托管").await.expect("contract");
    let winner = v.bids.iter().find(|b| b.rank == Some(1)).expect("winner").vendor;
    let winner_actor = bidders(&w).into_iter().find(|a| a.grants.iter().any(|g| g.vendor() == Some(winner))).expect("winner's actor");

    // The vendor's staff are the school's staff records naming it, and serve only under the contract.
    use domain::operations::staff;
    use wire::operations::{NewStaff, NewVetting, StaffKind, VettingResult};
    let vendor_name = views::tender_view(&db.maybe_at(Some(&admin), after), &key, t).await.expect("v").bids.iter().find(|b| b.vendor == winner).expect("b").vendor_name.clone();
    let person = staff::add(&db.at(&admin, after), w.a.school, NewStaff { kind: StaffKind::VendorStaff, name: "机构老师".into(), phone: "13700000009".into(), organisation: vendor_name }).await.expect("staff");
    let vetting = NewVetting { checked_on: NaiveDate::from_ymd_opt(2027, 3, 1).expect("d"), result: VettingResult::Clear, qualification: "教师资格证".into(), valid_until: NaiveDate::from_ymd_opt(2029, 1, 1).expect("d") };
    staff::record_vetting(&db.at(&admin, after), person, vetting).await.expect("vetted");
    let in_term = NaiveDate::from_ymd_opt(2027, 4, 1).expect("d");
    let gate = |c: std::collections::HashMap<domain::ids::StaffId, wire::operations::Clearance>| c.get(&person).cloned().expect("clearance");
    assert!(gate(staff::clearances(&db.read, w.a.school, &[person], in_term).await.expect("c")).is_cleared());
    assert_eq!(gate(staff::clearances(&db.read, w.a.school, &[person], NaiveDate::from_ymd_opt(2027, 3, 19).expect("d")).await.expect("c")), wire::operations::Clearance::NoContract, "not before the contract starts");
    let profile = vendors::profile(&db.at(&winner_actor, after), winner).await.expect("profile");
    assert_eq!(profile.staff.len(), 1);

    // Ended with cause; the district's bureau bars the vendor citywide for 6 years.
    let bureau = w.a.actor(Role::BureauOfficial);
    assert!(matches!(blacklist::bar(&db.at(&bureau, after), c, "x").await, Err(DomainError::Invalid { rule: "not_ended_with_cause", .. })));
    contracts::terminate(&db.at(&admin, after), c, EndCause::FalseQualifications, "资质造假").await.expect("ended");
    assert_eq!(gate(staff::clearances(&db.read, w.a.school, &[person], in_term).await.expect("c")), wire::operations::Clearance::NoContract, "the vendor's staff stop with the contract");
    assert!(blacklist::bar(&db.at(&w.b.actor(Role::BureauOfficial), after), c, "x").await.is_err(), "another district's bureau");
    blacklist::bar(&db.at(&bureau, after), c, "提供虚假资质").await.expect("barred");
    let bars = blacklist::blacklist(&db.public_at(domain::clock::day_start(domain::clock::local_date(after))), None).await.expect("list");
    assert_eq!(bars.len(), 1);
    let until = bars[0].until_date;
    assert_eq!(until, blacklist::bar_ends(domain::clock::local_date(after), 6));

    let later = board::create(&db.at(&admin, after), w.a.school, terms(Utc.with_ymd_and_hms(2040, 1, 1, 0, 0, 0).single().expect("t"), Utc.with_ymd_and_hms(2040, 1, 2, 0, 0, 0).single().expect("t"))).await.expect("tender");
    let day_before = domain::clock::SCHOOL_ZONE.from_local_datetime(&(until - Duration::days(1)).and_hms_opt(12, 0, 0).expect("t")).single().expect("t").with_timezone(&Utc);
    let e = bids::submit(&db.at(&winner_actor, day_before), &key, later, bid_of("80", "x"), vec![]).await;
    assert!(matches!(e, Err(DomainError::Invalid { rule: "barred", .. })), "{e:?}");
    let on_the_day = domain::clock::SCHOOL_ZONE.from_local_datetime(&until.and_hms_opt(0, 5, 0).expect("t")).single().expect("t").with_timezone(&Utc);
    bids::submit(&db.at(&winner_actor, on_the_day), &key, later, bid_of("80", "x"), vec![]).await.expect("the bar has ended");
    assert!(blacklist::blacklist(&db.public_at(domain::clock::day_start(until)), None).await.expect("list").is_empty(), "off the public list too");
}

#[tokio::test]
async fn an_altered_bid_is_caught_by_its_receipt() {
    let db = fresh_db().await;
    let key = BidKey::random();
    let w = entered_world(&db, "000").await;
    let t = tender_with_bids(&db, &key, &w, 3).await;
    let rows = bid::Entity::find().filter(bid::Column::TenderId.eq(t.0)).all(&db.read).await.expect("rows");
    // Before the opening: one bid's ciphertext altered.
    let mut m = rows[1].clone().into_active_model();
    let mut sealed = rows[1].sealed.clone();
    sealed[3] ^= 0x55;
    m.sealed = Set(sealed);
    m.update(&db.write).await.expect("altered");
    open_it(&db, &key, &w, t).await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let v = views::tender_view(&db.maybe_at(Some(&admin), opening_time()), &key, t).await.expect("view");
    let altered = v.bids.iter().find(|b| b.id.0 == rows[1].id).expect("bid");
    assert!(!altered.qualified && altered.disqualified.as_deref() == Some("tampered"), "{altered:?}");
    // After the opening: another bid's opened price changed in the database.
    let opened = bid::Entity::find_by_id(rows[0].id).one(&db.read).await.expect("q").expect("row");
    let text = opened.opened.clone().expect("opened").replace("\"price_fen\":8000", "\"price_fen\":6000");
    let mut m = opened.into_active_model();
    m.opened = Set(Some(text));
    m.update(&db.write).await.expect("altered");
    let v = views::tender_view(&db.maybe_at(Some(&admin), opening_time()), &key, t).await.expect("view");
    let changed = v.bids.iter().find(|b| b.id.0 == rows[0].id).expect("bid");
    assert!(!changed.receipt_holds && !changed.qualified, "{changed:?}");
    assert!(v.bids.iter().find(|b| b.id.0 == rows[2].id).expect("bid").receipt_holds);
}

#[tokio::test]
async fn changed_terms_void_the_bids_until_their_bidders_confirm() {
    let db = fresh_db().await;
    let key = BidKey::random();
    let w = entered_world(&db, "000").await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let t = tender_with_bids(&db, &key, &w, 2).await;
    let [first, second, _] = bidders(&w);
    let before = views::tender_view(&db.maybe_at(Some(&first), t0()), &key, t).await.expect("v").my_bid.expect("mine").receipt;
    board::change_terms(&db.at(&admin, t0() + Duration::days(1)), t, NewTender { estimate_yuan: "95".into(), ..terms(deadline(), opening_time()) }).await.expect("changed");
    assert!(views::tender_view(&db.maybe_at(Some(&first), t0()), &key, t).await.expect("v").my_bid.expect("mine").voided);
    let receipt = bids::confirm(&db.at(&first, t0() + Duration::days(2)), &key, t).await.expect("confirmed");
    assert_ne!(receipt.commitment, before.commitment);
    assert!(matches!(bids::confirm(&db.at(&first, t0() + Duration::days(2)), &key, t).await, Err(DomainError::Invalid { rule: "not_voided", .. })));
    bids::withdraw(&db.at(&second, t0() + Duration::days(2)), &key, t).await.expect("withdrawn");
    assert!(matches!(bids::withdraw(&db.at(&second, t0() + Duration::days(2)), &key, t).await, Err(DomainError::NotFound)));
    // Whole outsourcing is refused where the policy caps outside staff [000].
    let whole = NewTender { whole_service: Some("on".into()), ..terms(deadline(), opening_time()) };
    assert!(matches!(board::create(&db.at(&admin, t0()), w.a.school, whole).await, Err(DomainError::Invalid { field: "whole_service", .. })));
    let bad = NewTender { criteria: vec![Criterion { name: "价格".into(), weight: 50 }], ..terms(deadline(), opening_time()) };
    assert!(matches!(board::create(&db.at(&admin, t0()), w.a.school, bad).await, Err(DomainError::Invalid { rule: "weights_not_100", .. })));
    let upside_down = terms(opening_time(), deadline());
    assert!(matches!(board::create(&db.at(&admin, t0()), w.a.school, upside_down).await, Err(DomainError::Invalid { field: "opening_at", .. })));
    open_it(&db, &key, &w, t).await;
    let v = views::tender_view(&db.maybe_at(Some(&admin), opening_time()), &key, t).await.expect("v");
    assert_eq!(v.bids.len(), 1, "the withdrawn bid is gone");
    assert!(v.bids[0].qualified, "the confirmed bid counts");
}

#[tokio::test]
async fn district_002s_chain_goes_up_to_the_city() {
    let db = fresh_db().await;
    let key = BidKey::random();
    let w = world_with(&db, "002").await;
    let v = w.a.actor(Role::Vendor);
    vendors::add_document(&db.at(&v, t0()), NewDocument { kind: DocumentKind::BusinessLicence, number: "N".into(), expires_on: NaiveDate::from_ymd_opt(2099, 1, 1).expect("d") }).await.expect("d");
    let entry = vendors::request_entry(&db.at(&v, t0()), w.a.district).await.expect("entry");
    let city = w.a.actor(Role::CityOfficial);
    assert!(matches!(vendors::decide_entry(&db.at(&city, t0()), entry, true, "").await, Err(DomainError::Forbidden)), "the district decides first");
    vendors::decide_entry(&db.at(&w.a.actor(Role::BureauOfficial), t0()), entry, true, "").await.expect("district");
    assert!(matches!(vendors::decide_entry(&db.at(&w.b.actor(Role::CityOfficial), t0()), entry, true, "").await, Err(DomainError::Forbidden)), "another city");
    let e = bids::submit(&db.at(&v, t0()), &key, TenderId(0), bid_of("80", "x"), vec![]).await;
    assert!(matches!(e, Err(DomainError::NotFound)));
    vendors::decide_entry(&db.at(&city, t0()), entry, true, "").await.expect("city");
    assert!(matches!(vendors::decide_entry(&db.at(&w.a.actor(Role::BureauOfficial), t0()), entry, true, "").await, Err(DomainError::Invalid { rule: "decided", .. })));
    assert!(matches!(vendors::decide_entry(&db.at(&w.b.actor(Role::BureauOfficial), t0()), entry, true, "").await, Err(DomainError::Forbidden)), "nothing to another district");
    let admin = w.a.actor(Role::SchoolAdmin);
    let t = board::create(&db.at(&admin, t0()), w.a.school, terms(deadline(), opening_time())).await.expect("tender");
    bids::submit(&db.at(&v, t0()), &key, t, bid_of("80", "x"), vec![]).await.expect("entered vendor bids");
    open_it(&db, &key, &w, t).await;
    let view = views::tender_view(&db.maybe_at(Some(&admin), opening_time()), &key, t).await.expect("v");
    for m in [w.a.committee(Panel::PriceInquiry), w.next_door.committee(Panel::PriceInquiry)] {
        evaluation::score(&db.at(&m, opening_time()), view.bids[0].id, scores(70, 70)).await.expect("score");
    }
    let aw = award::propose(&db.at(&admin, opening_time()), t).await.expect("award");
    let after = opening_time() + Duration::days(4);
    // Admission panel → school party organisation → district bureau → city bureau.
    let order = [w.a.committee(Panel::Supervision), admin.clone(), w.a.actor(Role::BureauOfficial), city.clone()];
    assert!(matches!(award::decide(&db.at(&city, after), aw, true, "").await, Err(DomainError::Forbidden)), "out of order");
    for (i, who) in order.iter().enumerate() {
        award::decide(&db.at(who, after), aw, true, "").await.unwrap_or_else(|e| panic!("step {i}: {e:?}"));
    }
    let v = views::tender_view(&db.maybe_at(Some(&admin), after), &key, t).await.expect("v");
    assert_eq!(v.award.expect("award").approvals.len(), 4);
    assert_eq!(v.summary.status, TenderStatus::Awarded);
}

/// Before the opening a bid cannot even be counted: every endpoint that
/// takes a bid answers the same for a bid that exists and one that does
/// not, whoever asks; after it, the treasurer (who keeps the books) reads
/// no bid, and a bidder reads its competitors' prices but not their
/// programmes, staff plans, documents or who scored what.
#[tokio::test]
async fn sealed_bids_are_uncountable_and_opened_bids_need_a_reason_to_read() {
    for seed in ["000", "001", "002", "003", "004"] {
        assert!(!policy::preset(seed).expect("preset").bid_count_before_opening, "{seed} keeps the count of sealed bids hidden");
    }
    let db = fresh_db().await;
    let key = BidKey::random();
    let w = entered_world(&db, "004").await;
    let t = tender_with_bids(&db, &key, &w, 3).await;
    let ids: Vec<i64> = bid::Entity::find().filter(bid::Column::TenderId.eq(t.0)).all(&db.read).await.expect("bids").into_iter().map(|b| b.id).collect();
    let missing = domain::ids::BidId(ids.iter().max().expect("bids") + 1_000);
    let now = deadline() + Duration::minutes(10);
    let mut askers: Vec<(String, Actor)> = w.a.actors.iter().map(|(_, l, a)| (l.clone(), a.clone())).collect();
    askers.extend([("near supervision".into(), w.next_door.committee(Panel::Supervision)), ("b's vendor".into(), w.b.actor(Role::Vendor))]);
    for (who, a) in &askers {
        for existing in ids.iter().map(|i| domain::ids::BidId(*i)) {
            let same = |x: Result<(), DomainError>, y: Result<(), DomainError>, what: &str| assert_eq!(format!("{x:?}"), format!("{y:?}"), "{who}: {what} tells a bid from none");
            same(evaluation::score(&db.at(a, now), existing, scores(1, 1)).await, evaluation::score(&db.at(a, now), missing, scores(1, 1)).await, "score");
            same(evaluation::declare(&db.at(a, now), existing, "x").await, evaluation::declare(&db.at(a, now), missing, "x").await, "declare");
            same(evaluation::object(&db.at(a, now), t, Some(existing), "x").await, evaluation::object(&db.at(a, now), t, Some(missing), "x").await, "object");
            same(
                opening::document(&db.with(a), &key, t, Some(existing), 1).await.map(drop),
                opening::document(&db.with(a), &key, t, Some(missing), 1).await.map(drop),
                "document",
            );
        }
    }
    open_it(&db, &key, &w, t).await;
    let treasurer = w.a.committee(Panel::Treasurer);
    let v = views::tender_view(&db.maybe_at(Some(&treasurer), opening_time()), &key, t).await.expect("terms");
    assert!(v.bids.is_empty() && v.scores.is_empty() && v.award.is_none(), "the treasurer reads no bid");
    assert!(matches!(opening::document(&db.with(&treasurer), &key, t, Some(domain::ids::BidId(ids[0])), 1).await, Err(DomainError::NotFound)));
    assert!(matches!(views::school_tenders(&db.at(&treasurer, opening_time()), w.a.school).await, Err(DomainError::Forbidden)));
    let members = [w.a.committee(Panel::PriceInquiry), w.next_door.committee(Panel::PriceInquiry)];
    for b in &ids {
        for m in &members {
            evaluation::score(&db.at(m, opening_time()), domain::ids::BidId(*b), scores(70, 80)).await.expect("score");
        }
    }
    let bidder = w.near.actor(Role::Vendor);
    let v = views::tender_view(&db.maybe_at(Some(&bidder), opening_time()), &key, t).await.expect("bidder's view");
    assert_eq!(v.bids.len(), 3);
    assert!(v.scores.is_empty() && v.objections.is_empty(), "totals and ranks, not who scored what");
    for b in &v.bids {
        let own = b.vendor == w.near.vendor;
        assert!(b.price_fen > 0, "every price is read out at the opening");
        assert_eq!(!b.programme.is_empty(), own, "{b:?}");
        assert_eq!(!b.staff_plan.is_empty(), own);
        assert!(own || (b.files.is_empty() && b.documents.is_empty()));
    }
    let other = v.bids.iter().find(|b| b.vendor == w.a.vendor).expect("a's bid");
    assert!(matches!(opening::document(&db.with(&bidder), &key, t, Some(other.id), 1).await, Err(DomainError::NotFound)), "a competitor's documents");
    let whole = views::tender_view(&db.maybe_at(Some(&w.a.committee(Panel::Supervision)), opening_time()), &key, t).await.expect("supervision");
    assert_eq!((whole.scores.len(), whole.bids.iter().filter(|b| !b.programme.is_empty()).count()), (12, 3), "supervision sees every step");
}

/// A vendor registers with its manager's mobile number, proved by a texted
/// code, and signs in with it: there is no name to probe, and only the
/// phone's holder learns whether the phone already has an account.
#[tokio::test]
async fn a_vendor_registers_with_its_managers_phone_and_reveals_no_account() {
    use domain::auth::phone_code;
    let db = fresh_db().await;
    let w = World::build(&db).await;
    let city = domain::entities::district::Entity::find_by_id(w.a.district.0).one(&db.read).await.expect("q").expect("district").city_id;
    let new = |phone: &str, code: &str, credit: &str| wire::tender::NewVendor {
        city: domain::ids::CityId(city),
        name: "阳光托管中心".into(),
        credit_code: credit.into(),
        kind: wire::tender::VendorKind::AfterSchool,
        phone: phone.into(),
        code: code.into(),
        password: "vendor password 1".into(),
    };
    let code_of = |text: String| text.chars().filter(char::is_ascii_digit).take(6).collect::<String>();
    // Without a code, a phone that has an account and one that has none answer alike.
    let guardian = domain::entities::account::Entity::find().filter(domain::entities::account::Column::Phone.is_not_null()).one(&db.read).await.expect("q");
    let taken = guardian.and_then(|a| a.phone).unwrap_or_else(|| "13900000001".into());
    let a = vendors::register(&db.public_at(t0()), new(&taken, "000000", "91530300MA6K000001")).await.expect_err("no code");
    let b = vendors::register(&db.public_at(t0()), new("13900000002", "000000", "91530300MA6K000001")).await.expect_err("no code");
    assert_eq!(format!("{a:?}"), format!("{b:?}"));

    let phone = "13900000003";
    phone_code::request_code(&db.public_at(t0()), phone, "10.1.1.1").await.expect("sent");
    let code = code_of(phone_code::last_text_to(&db.read, phone).await.expect("q").expect("text"));
    assert!(matches!(vendors::register(&db.public_at(t0()), new(phone, "999999", "91530300MA6K000001")).await, Err(DomainError::Invalid { field: "code", .. })));
    vendors::register(&db.public_at(t0()), new(phone, &code, "91530300MA6K000001")).await.expect("registered");
    let signed = domain::auth::sign_in(&db.write, &Default::default(), phone, "vendor password 1".into(), "10.1.1.1", chrono::Utc::now()).await.expect("signs in with the phone");
    let actor = domain::auth::load_actor(&db.read, &signed.token, chrono::Utc::now()).await.expect("q").expect("actor");
    assert!(actor.grants.iter().any(|g| g.role == Role::Vendor));
    // A user name may never be a mobile number (it could never sign in, and would stand for someone's phone).
    let named = domain::auth::NewAccount { phone: None, username: Some("13900000009".into()), display_name: "x".into(), password: domain::auth::password::Password::new("long enough 1").expect("pw") };
    assert!(matches!(domain::auth::create_account(&db.write, None, named, &[], chrono::Utc::now()).await, Err(DomainError::Invalid { rule: "looks_like_phone", .. })));
}

/// Every tender service refuses the actors of another district and of
/// another school (its committee and staff), and vendors other than the one
/// whose bid it is.
#[tokio::test]
async fn outsiders_reach_no_tender() {
    let db = fresh_db().await;
    let key = BidKey::random();
    let w = entered_world(&db, "004").await;
    let admin = w.a.actor(Role::SchoolAdmin);
    let t = tender_with_bids(&db, &key, &w, 3).await;
    open_it(&db, &key, &w, t).await;
    let view = views::tender_view(&db.maybe_at(Some(&admin), opening_time()), &key, t).await.expect("v");
    let b = view.bids[0].id;
    let mut outsiders: Vec<(String, Actor)> = Vec::new();
    for (side, name) in [(&w.b, "b"), (&w.near, "near")] {
        for (role, login, actor) in &side.actors {
            if *role == Role::Vendor || (*role == Role::BureauOfficial && name == "near") || (*role == Role::CityOfficial && name == "near") {
                continue;
            }
            outsiders.push((login.clone(), actor.clone()));
        }
    }
    outsiders.push(("parent".into(), w.a.actor(Role::Parent)));
    outsiders.push(("staff".into(), w.a.actor(Role::ServiceStaff)));
    let now = opening_time();
    for (who, a) in &outsiders {
        let denied = |r: Result<(), DomainError>, what: &str| assert!(matches!(r, Err(DomainError::Forbidden | DomainError::NotFound)), "{who} reached {what}: {r:?}");
        denied(board::create(&db.at(a, t0()), w.a.school, terms(deadline(), opening_time())).await.map(drop), "create");
        denied(board::change_terms(&db.at(a, t0()), t, terms(deadline(), opening_time())).await, "change_terms");
        denied(board::reissue(&db.at(a, now), t, "2027-06-01T10:00", "2027-06-01T11:00").await.map(drop), "reissue");
        denied(opening::open(&db.at(a, now), &key, t).await.map(drop), "open");
        denied(evaluation::score(&db.at(a, now), b, scores(1, 1)).await, "score");
        denied(evaluation::declare(&db.at(a, now), b, "x").await, "declare");
        denied(evaluation::object(&db.at(a, now), t, None, "x").await, "object");
        denied(award::propose(&db.at(a, now), t).await.map(drop), "propose");
        denied(opening::document(&db.with(a), &key, t, Some(b), 1).await.map(drop), "document");
        denied(views::school_tenders(&db.at(a, now), w.a.school).await.map(drop), "school_tenders");
        denied(vendors::district_desk(&db.at(a, now), w.a.district).await.map(drop), "district_desk");
        denied(vendors::profile(&db.at(a, now), w.a.vendor).await.map(drop), "vendor profile");
        denied(bids::withdraw(&db.at(a, t0()), &key, t).await, "withdraw");
        denied(vendors::add_document(&db.at(a, now), NewDocument { kind: DocumentKind::BusinessLicence, number: "x".into(), expires_on: NaiveDate::from_ymd_opt(2099, 1, 1).expect("d") }).await.map(drop), "add_document");
        let opened = views::tender_view(&db.maybe_at(Some(a), now), &key, t).await.expect("the terms are public");
        assert!(opened.bids.is_empty() && opened.scores.is_empty(), "{who} saw the bids");
    }
    // A vendor of the city that did not bid sees no bids and cannot complain.
    let aw_err = award::complain(&db.at(&w.b.actor(Role::Vendor), now), domain::ids::AwardId(1), "x").await;
    assert!(aw_err.is_err());
    let _ = DistrictId(0);
}
