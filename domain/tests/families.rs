//! Families on their own: registration by phone code, linking children by
//! the school's codes, roster import, agreements and consent, pickup and
//! special needs.
use chrono::{Duration, NaiveTime, Utc};
use domain::enrolment::agreement::{self, AccidentInsurance, SignInput};
use domain::clock::local_date;
use domain::authz::Role;
use domain::entities::{link_code, student};
use domain::ids::{ClassId, SchoolId};
use domain::families::links::{self, LinkRequest};
use domain::families::pickup::{self, NewPickupPerson, NewPickupRequest, PickupKind};
use domain::families::registration::{self, Registration};
use domain::families::special_needs::{self, SpecialNeeds};
use domain::testing::{World, admitted, fresh_db};
use domain::{Db, DomainError, audit, auth, families::roster};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const PHONE: &str = "13912345678";

/// The code the outbox holds for the phone, as an SMS would bring it.
async fn code_sent_to(db: &Db, phone: &str) -> String {
    let text = registration::last_text_to(&db.read, phone).await.expect("outbox").expect("a text");
    text.chars().filter(char::is_ascii_digit).take(6).collect()
}

fn registration(code: &str) -> Registration {
    Registration { phone: PHONE.into(), code: code.into(), name: "王芳".into(), password: "a good password".into() }
}

#[tokio::test]
async fn a_guardian_registers_with_the_code_sent_to_the_phone() {
    let db = fresh_db().await;
    registration::request_code(&db.public(), PHONE, "10.0.0.1").await.expect("code");
    assert!(matches!(registration::request_code(&db.public(), PHONE, "10.0.0.1").await, Err(DomainError::RateLimited)), "one a minute");
    let code = code_sent_to(&db, PHONE).await;
    assert_eq!(code.len(), 6);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = registration::register(&db.public(), registration(wrong)).await.expect_err("wrong code");
    assert!(matches!(e, DomainError::Invalid { field: "code", rule: "wrong" }));
    let e = registration::register(&db.public(), Registration { password: "short".into(), ..registration(&code) }).await.expect_err("weak");
    assert!(matches!(e, DomainError::Invalid { field: "password", .. }));
    registration::register(&db.public(), registration(&code)).await.expect("registered");
    let again = registration::register(&db.public(), registration(&code)).await.expect_err("a code works once");
    assert!(matches!(again, DomainError::Invalid { field: "code", .. }));

    let signed = auth::sign_in(&db.write, &auth::AuthSettings::default(), PHONE, "a good password".into(), "t", chrono::Utc::now()).await.expect("sign in");
    assert!(signed.actor.has_role(Role::Parent));
    assert_eq!(domain::org::my_children(&db.with(&signed.actor)).await.expect("children"), vec![]);
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}

#[tokio::test]
async fn too_many_wrong_guesses_spend_the_code() {
    let db = fresh_db().await;
    registration::request_code(&db.public(), PHONE, "a").await.expect("code");
    let code = code_sent_to(&db, PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..registration::MAX_GUESSES {
        assert!(registration::register(&db.public(), registration(wrong)).await.is_err());
    }
    let e = registration::register(&db.public(), registration(&code)).await.expect_err("locked");
    assert!(matches!(e, DomainError::Invalid { rule: "too_many_guesses", .. }));
}

/// The guardian ticked the box under the notice in force.
const CONSENT: Option<u32> = Some(domain::families::consent::Kind::ChildData.version());
const NEEDS_CONSENT: Option<u32> = Some(domain::families::consent::Kind::SpecialNeeds.version());

/// Registers a guardian and returns their actor.
async fn new_guardian(db: &Db, phone: &str) -> domain::authz::Actor {
    registration::request_code(&db.public(), phone, phone).await.expect("code");
    let code = code_sent_to(db, phone).await;
    registration::register(&db.public(), Registration { phone: phone.into(), ..registration(&code) }).await.expect("register");
    auth::sign_in(&db.write, &auth::AuthSettings::default(), phone, "a good password".into(), "t", chrono::Utc::now()).await.expect("sign in").actor
}

async fn open_code(db: &Db, world_class: ClassId, admin: &domain::authz::Actor) -> String {
    links::class_links(&db.with(admin), world_class).await.expect("links").students[0].open_code.clone().expect("open code").code
}

#[tokio::test]
async fn a_link_code_works_once_with_the_childs_name_and_the_school_can_revoke_the_link() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    links::reissue_code(&db.with(&admin), world.a.student).await.expect("issue");
    let code = open_code(&db, world.a.class, &admin).await;
    let mum = new_guardian(&db, "13911111111").await;
    let dad = new_guardian(&db, "13922222222").await;

    let unconsented = LinkRequest { code: code.clone(), child_name: "Child a".into(), relation: "母亲".into(), consent_version: None };
    assert!(matches!(links::link_child(&db.with(&mum), unconsented).await, Err(DomainError::Invalid { field: "consent", .. })));
    let wrong_name = LinkRequest { code: code.clone(), child_name: "Someone else".into(), relation: "母亲".into(), consent_version: CONSENT };
    assert!(matches!(links::link_child(&db.with(&mum), wrong_name).await, Err(DomainError::Invalid { field: "code", .. })));
    let typed = format!("{}-{}", code[..4].to_lowercase(), &code[4..]);
    let ok = LinkRequest { code: typed, child_name: " Child a ".into(), relation: "母亲".into(), consent_version: CONSENT };
    assert_eq!(links::link_child(&db.with(&mum), ok.clone()).await.expect("linked"), world.a.student);
    assert!(matches!(links::link_child(&db.with(&dad), ok).await, Err(DomainError::Invalid { field: "code", .. })), "used twice");
    assert_eq!(domain::org::my_children(&db.with(&mum)).await.expect("children").len(), 1);
    assert!(domain::org::my_children(&db.with(&dad)).await.expect("children").is_empty());

    let page = links::class_links(&db.with(&admin), world.a.class).await.expect("links");
    let linked = &page.students[0].guardians;
    assert!(page.students[0].open_code.is_none(), "the code is spent");
    assert!(linked.iter().any(|g| g.phone == "139****1111" && g.relation == "母亲"));
    // Another school, a teacher of another class, a parent, the bureau: no.
    world
        .assert_no_cross_scope_access("class links", |actor, other| {
            let db = db.clone();
            let class = other.class;
            async move { links::class_links(&db.with(&actor), class).await }
        })
        .await;
    world
        .assert_no_cross_class_access("class links", |actor, other| {
            let db = db.clone();
            let class = other.class;
            async move { links::class_links(&db.with(&actor), class).await }
        })
        .await;
    for who in [Role::ClassTeacher, Role::Parent, Role::BureauOfficial] {
        let e = links::revoke_link(&db.with(&world.a.actor(who)), linked[0].link).await.expect_err("admin only");
        assert!(matches!(e, DomainError::Forbidden), "{who:?}");
    }
    let mum_link = linked.iter().find(|g| g.phone == "139****1111").expect("mum").link;
    links::revoke_link(&db.with(&admin), mum_link).await.expect("revoke");
    assert!(domain::org::my_children(&db.with(&mum)).await.expect("children").is_empty());
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}

#[tokio::test]
async fn wrong_link_codes_are_rate_limited() {
    let db = fresh_db().await;
    let mum = new_guardian(&db, "13911111111").await;
    for _ in 0..links::MAX_FAILURES_PER_HOUR {
        let req = LinkRequest { code: "AAAA2222".into(), child_name: "x".into(), relation: String::new(), consent_version: CONSENT };
        assert!(matches!(links::link_child(&db.with(&mum), req).await, Err(DomainError::Invalid { .. })));
    }
    let req = LinkRequest { code: "AAAA2222".into(), child_name: "x".into(), relation: String::new(), consent_version: CONSENT };
    assert!(matches!(links::link_child(&db.with(&mum), req).await, Err(DomainError::RateLimited)));
}

async fn students_at(db: &Db, school: SchoolId) -> u64 {
    student::Entity::find().filter(student::Column::SchoolId.eq(school.0)).count(&db.read).await.expect("count")
}

#[tokio::test]
async fn a_roster_with_one_bad_row_imports_nothing_and_a_good_one_issues_codes() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let before = students_at(&db, world.a.school).await;
    let bad = "年级,班级,姓名,学号\n1,一年级（2）班,张三,2026001\n二年级,二年级（1）班,李四,2026002\n7,二年级（1）班,王五,no-a\n";
    let preview = roster::import(&db.with(&admin), world.a.school, "roster.csv", bad.as_bytes()).await.expect("checked");
    assert!(!preview.imported);
    let got: Vec<(u32, &str, &str)> = preview.errors.iter().map(|e| (e.line, e.field.as_str(), e.rule.as_str())).collect();
    assert_eq!(got, vec![(4, "student_no", "already_exists")], "no-a is side a's child");
    assert_eq!(students_at(&db, world.a.school).await, before, "nothing imported");

    // The same roster as a spreadsheet, corrected.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in [["年级", "班级", "姓名", "学号"], ["1", "一年级（2）班", "张三", "2026001"], ["二年级", "二年级（1）班", "李四", "2026002"]].iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).expect("cell");
        }
    }
    sheet.write_number(3, 0, 2).expect("grade");
    sheet.write_string(3, 1, "二年级（1）班").expect("class");
    sheet.write_string(3, 2, "王五").expect("name");
    sheet.write_number(3, 3, 2026003).expect("number");
    let bytes = book.save_to_buffer().expect("xlsx");
    for outsider in [world.b.actor(Role::SchoolAdmin), world.a.actor(Role::ClassTeacher), world.a.actor(Role::BureauOfficial)] {
        let e = roster::preview(&db.with(&outsider), world.a.school, "r.xlsx", &bytes).await.expect_err("admin of the school only");
        assert!(matches!(e, DomainError::Forbidden));
    }
    let preview = roster::preview(&db.with(&admin), world.a.school, "r.xlsx", &bytes).await.expect("preview");
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    assert_eq!(preview.new_classes.len(), 2);
    assert_eq!(students_at(&db, world.a.school).await, before, "a preview writes nothing");
    let done = roster::import(&db.with(&admin), world.a.school, "r.xlsx", &bytes).await.expect("import");
    assert!(done.imported);
    assert_eq!(students_at(&db, world.a.school).await, before + 3);
    let wang = student::Entity::find().filter(student::Column::StudentNo.eq("2026003")).one(&db.read).await.expect("q").expect("imported");
    let codes = link_code::Entity::find().filter(link_code::Column::StudentId.eq(wang.id)).count(&db.read).await.expect("codes");
    assert_eq!(codes, 1, "each new student gets a code");
    let again = roster::import(&db.with(&admin), world.a.school, "r.xlsx", &bytes).await.expect("checked");
    assert!(!again.imported && again.errors.len() == 3, "importing twice is refused row by row");
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}

fn signing(version: i32) -> SignInput {
    SignInput { version, student_acknowledges: true, insurance: Some(AccidentInsurance::Insured), insurer: "平安保险".into() }
}

#[tokio::test]
async fn a_new_agreement_version_must_be_signed_again() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (plan, app) = admitted(&db, &world.a).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let parent = world.a.actor(Role::Parent);
    let now = Utc::now();
    assert!(matches!(agreement::sign(&db.at(&parent, now), app, signing(1)).await, Err(DomainError::NotFound)), "nothing to sign yet");
    assert!(matches!(agreement::publish(&db.with(&parent), plan, "x").await, Err(DomainError::Forbidden)));
    assert!(matches!(agreement::publish(&db.with(&world.b.actor(Role::SchoolAdmin)), plan, "x").await, Err(DomainError::Forbidden)));
    assert_eq!(agreement::publish(&db.with(&admin), plan, "第一版协议：接送时间 18:00。").await.expect("v1"), 1);

    let page = agreement::page(&db.at(&parent, now), app).await.expect("page");
    assert!(page.needs_signing && !page.resign);
    assert_eq!(page.signatures.len(), 1, "the school signed when publishing");
    let v1 = page.current.expect("v1");
    let no_ack = SignInput { student_acknowledges: false, ..signing(1) };
    assert!(matches!(agreement::sign(&db.at(&parent, now), app, no_ack).await, Err(DomainError::Invalid { field: "student_acknowledges", .. })));
    let no_insurer = SignInput { insurer: " ".into(), ..signing(1) };
    assert!(matches!(agreement::sign(&db.at(&parent, now), app, no_insurer).await, Err(DomainError::Invalid { field: "insurer", .. })));
    let first = agreement::sign(&db.at(&parent, now), app, signing(1)).await.expect("signed");
    assert_eq!(agreement::sign(&db.at(&parent, now), app, signing(1)).await.expect("again"), first, "idempotent");
    let receipt = agreement::receipt(&db.with(&parent), first).await.expect("receipt");
    assert_eq!(receipt.signature.hash, v1.hash);
    assert_eq!(receipt.signature.version, 1);
    assert!(receipt.student_acknowledged);
    assert!(matches!(agreement::receipt(&db.with(&world.b.actor(Role::Parent)), first).await, Err(DomainError::Forbidden)));
    agreement::receipt(&db.with(&admin), first).await.expect("the school may see it");
    assert!(!agreement::page(&db.at(&parent, now), app).await.expect("page").needs_signing);

    agreement::publish(&db.with(&admin), plan, "第二版协议：接送时间改为 17:45。").await.expect("v2");
    let page = agreement::page(&db.at(&parent, now), app).await.expect("page");
    assert!(page.needs_signing && page.resign, "v2 needs a new signature");
    assert_eq!(page.sign_by, Some(chrono::NaiveDate::from_ymd_opt(2027, 3, 1).expect("d")), "the term's first service day");
    let e = agreement::sign(&db.at(&parent, now), app, signing(1)).await.expect_err("outdated");
    assert!(matches!(e, DomainError::Invalid { rule: "outdated", .. }));
    let second = agreement::sign(&db.at(&parent, now), app, signing(2)).await.expect("v2 signed");
    assert_ne!(second, first);
    assert_eq!(agreement::receipt(&db.with(&parent), second).await.expect("r").signature.version, 2);
    let versions = agreement::versions(&db.with(&admin), plan).await.expect("versions");
    assert_eq!((versions.versions.len(), versions.signed, versions.enrolled), (2, 1, 1));
    let (_, theirs) = admitted(&db, &world.b).await;
    world
        .assert_no_cross_scope_access("agreement page", |actor, _| {
            let db = db.clone();
            async move { agreement::page(&db.at(&actor, now), theirs).await }
        })
        .await;
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}

#[tokio::test]
async fn insurance_may_be_declined_only_where_policy_allows() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (plan, app) = admitted(&db, &world.a).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let parent = world.a.actor(Role::Parent);
    agreement::publish(&db.with(&admin), plan, "协议").await.expect("v1");
    let declined = SignInput { insurance: Some(AccidentInsurance::Declined), insurer: String::new(), ..signing(1) };
    // District 003 requires accident insurance from tomorrow.
    let tomorrow = local_date(Utc::now()) + Duration::days(1);
    domain::policy::publish(&db.write, world.a.district, tomorrow, &domain::policy::preset("003").expect("003"), chrono::Utc::now()).await.expect("policy");
    let later = Utc::now() + Duration::days(2);
    let e = agreement::sign(&db.at(&parent, later), app, declined.clone()).await.expect_err("required");
    assert!(matches!(e, DomainError::Invalid { rule: "required_by_policy", .. }));
    agreement::sign(&db.at(&parent, Utc::now()), app, declined).await.expect("000 only encourages it");
}

#[tokio::test]
async fn withdrawing_consent_ends_the_enrolment_from_a_date() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (_, app) = admitted(&db, &world.a).await;
    let parent = world.a.actor(Role::Parent);
    let now = Utc::now();
    let today = local_date(now);
    let e = domain::money::withdrawal::confirm(&db.at(&parent, now), app, today - Duration::days(1), None).await.expect_err("past");
    assert!(matches!(e, DomainError::Invalid { field: "from", .. }));
    assert!(matches!(domain::money::withdrawal::confirm(&db.at(&world.b.actor(Role::Parent), now), app, today, None).await, Err(DomainError::Forbidden)));
    domain::money::withdrawal::confirm(&db.at(&parent, now), app, today + Duration::days(7), None).await.expect("withdrawn");
    let mine = domain::enrolment::applications::my_applications(&db.with(&parent)).await.expect("mine");
    assert_eq!(mine[0].ended_on, Some(today + Duration::days(7)));
    let page = agreement::page(&db.at(&parent, now), app).await.expect("page");
    assert!(!page.may_withdraw_consent);
    assert!(domain::money::withdrawal::confirm(&db.at(&parent, now), app, today, None).await.is_err(), "once");
}

#[tokio::test]
async fn pickup_persons_and_requests_reach_the_school_of_the_day() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let parent = world.a.actor(Role::Parent);
    let child = world.a.student;
    let now = Utc::now();
    let grandma = NewPickupPerson { name: "李秀英".into(), relation: "外婆".into(), phone: "13700000000".into() };
    let bad_phone = NewPickupPerson { phone: "12345".into(), ..grandma.clone() };
    assert!(matches!(pickup::add_person(&db.with(&parent), child, bad_phone).await, Err(DomainError::Invalid { field: "phone", .. })));
    let person = pickup::add_person(&db.with(&parent), child, grandma).await.expect("added");
    let day = local_date(now) + Duration::days(2);
    let at = NaiveTime::from_hms_opt(17, 0, 0).expect("t");
    let req = NewPickupRequest { on_date: day, kind: PickupKind::Early, at_time: at, pickup_person: Some(person), reason: "看牙医".into() };
    let past = NewPickupRequest { on_date: day - Duration::days(5), ..req.clone() };
    assert!(matches!(pickup::request(&db.at(&parent, now), child, past).await, Err(DomainError::Invalid { field: "on_date", .. })));
    pickup::request(&db.at(&parent, now), child, req.clone()).await.expect("requested");

    for staff in [Role::SchoolAdmin, Role::ServiceStaff, Role::ClassTeacher] {
        let list = pickup::school_day(&db.read, &world.a.actor(staff), world.a.school, day).await.expect("day");
        assert_eq!(list.len(), 1, "{staff:?}");
        assert_eq!(list[0].collector, "李秀英（外婆）");
    }
    assert!(pickup::school_day(&db.read, &world.a.actor(Role::SchoolAdmin), world.a.school, day + Duration::days(1)).await.expect("other day").is_empty());
    world
        .assert_no_cross_scope_access("school day", |actor, other| {
            let db = db.clone();
            let school = other.school;
            async move { pickup::school_day(&db.read, &actor, school, day).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("pickup request", |actor, other| {
            let (db, req) = (db.clone(), req.clone());
            let student = other.student;
            async move { pickup::request(&db.at(&actor, now), student, req).await }
        })
        .await;
    pickup::remove_person(&db.with(&parent), person).await.expect("removed");
    assert!(pickup::persons(&db.read, &parent, child).await.expect("persons").is_empty());
    let gone = pickup::request(&db.at(&parent, now), child, req).await.expect_err("no longer authorised");
    assert!(matches!(gone, DomainError::Invalid { field: "pickup_person", .. }));
}

#[tokio::test]
async fn special_needs_are_seen_only_by_who_serves_the_child_and_every_read_is_logged() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let parent = world.a.actor(Role::Parent);
    let child = world.a.student;
    let needs = SpecialNeeds { allergies: "花生过敏".into(), conditions: "哮喘".into(), needs: String::new() };
    let e = special_needs::save(&db.with(&parent), child, needs.clone(), None).await.expect_err("a separate consent first");
    assert!(matches!(e, DomainError::Invalid { field: "consent", rule: "required" }));
    special_needs::save(&db.with(&parent), child, needs.clone(), NEEDS_CONSENT).await.expect("saved");
    assert_eq!(special_needs::for_guardian(&db.read, &parent, child).await.expect("own"), needs);
    let guardian = world.a.guardian;
    assert!(domain::families::consent::has_consent(&db.read, guardian, child, domain::families::consent::Kind::SpecialNeeds).await.expect("consent"));
    for staff in [Role::ClassTeacher, Role::SchoolAdmin] {
        let seen = special_needs::for_staff(&db.with(&world.a.actor(staff)), child).await.expect("serves the child");
        assert_eq!(seen.needs, needs);
    }
    let seen = special_needs::for_staff(&db.with(&world.a.actor(Role::SchoolAdmin)), child).await.expect("again");
    assert_eq!(seen.reads.len(), 3, "every read is logged");
    // Service staff working school-wide are not assigned to this child.
    for outsider in [Role::ServiceStaff, Role::BureauOfficial, Role::FamilyCommittee, Role::Vendor] {
        let e = special_needs::for_staff(&db.with(&world.a.actor(outsider)), child).await.expect_err("not theirs");
        assert!(matches!(e, DomainError::Forbidden), "{outsider:?}");
    }
    world
        .assert_no_cross_scope_access("special needs", |actor, other| {
            let db = db.clone();
            let student = other.student;
            async move { special_needs::for_staff(&db.with(&actor), student).await }
        })
        .await;
    world
        .assert_no_cross_class_access("special needs", |actor, other| {
            let db = db.clone();
            let student = other.student;
            async move { special_needs::for_staff(&db.with(&actor), student).await }
        })
        .await;
    world
        .assert_no_cross_class_access("save needs", |actor, other| {
            let db = db.clone();
            let student = other.student;
            async move { special_needs::save(&db.with(&actor), student, SpecialNeeds::default(), NEEDS_CONSENT).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("save needs", |actor, other| {
            let db = db.clone();
            let student = other.student;
            async move { special_needs::save(&db.with(&actor), student, SpecialNeeds::default(), NEEDS_CONSENT).await }
        })
        .await;
    let too_long = SpecialNeeds { needs: "x".repeat(special_needs::MAX_FIELD_CHARS + 1), ..needs };
    assert!(matches!(special_needs::save(&db.with(&parent), child, too_long, NEEDS_CONSENT).await, Err(DomainError::Invalid { field: "needs", .. })));
    // The trail says that the needs changed, not what they are.
    let trail: Vec<String> = domain::entities::audit_event::Entity::find().all(&db.read).await.expect("trail").into_iter().map(|e| e.payload).collect();
    assert!(trail.iter().all(|p| !p.contains("花生") && !p.contains("哮喘")), "{trail:?}");
}
