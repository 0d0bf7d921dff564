//! What an outside review and attack found, each closed by a rule checked
//! here: notices follow the current guardians, repeated writes are limited,
//! limits keep their own windows, codes expire and leave the outbox when
//! sent, reviewers do not decide for their own children, and the audit trail
//! keeps fingerprints, not sensitive facts.
use chrono::{Duration, Utc};
use domain::auth::{self, NewAccount, Phone, password::Password};
use domain::authz::{Actor, Role, ScopeKind};
use domain::entities::{audit_event, guardian, guardian_student, link_code, outbox_message};
use domain::enrolment::applications::{self, Declaration, NewApplication};
use domain::ids::LinkId;
use domain::messages::inbox::{self, Notice};
use domain::limits::Limit;
use domain::families::links::{self, LinkRequest};
use domain::testing::{TEST_PASSWORD, World, admitted, fresh_db, sample_plan};
use domain::{Db, DomainError, audit, enrolment::notice, families::registration, messages::sender};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// A published plan at side a's school.
async fn published(db: &Db, world: &World) -> domain::ids::PlanId {
    let admin = world.a.actor(Role::SchoolAdmin);
    let plan = domain::enrolment::plan::save_draft(&db.with(&admin), world.a.school, None, sample_plan(0)).await.expect("draft");
    domain::enrolment::plan::publish(&db.with(&admin), plan).await.expect("publish");
    plan
}

/// A second guardian of side a's child (the father), with an account.
async fn father(db: &Db, world: &World) -> (Actor, LinkId) {
    let g = guardian::ActiveModel { account_id: Set(None), name: Set("Father a".into()), phone: Set("13700000009".into()), ..Default::default() }
        .insert(&db.write)
        .await
        .expect("guardian");
    let link = guardian_student::ActiveModel { guardian_id: Set(g.id), student_id: Set(world.a.student.0), relation: Set("father".into()), ..Default::default() }
        .insert(&db.write)
        .await
        .expect("link");
    let new = NewAccount {
        phone: Some(Phone::parse("13700000009").expect("phone")),
        username: None,
        display_name: "Father a".into(),
        password: Password::new(TEST_PASSWORD).expect("pw"),
    };
    let account = auth::create_account(&db.write, None, new, &[(Role::Parent, ScopeKind::Family, g.id, None)], chrono::Utc::now()).await.expect("account");
    let mut gm: guardian::ActiveModel = g.into();
    gm.account_id = Set(Some(account.0));
    gm.update(&db.write).await.expect("guardian account");
    (auth::actor_of_account(&db.read, account).await.expect("actor"), LinkId(link.id))
}

async fn notices(db: &Db, actor: &Actor) -> Vec<Notice> {
    inbox::list(&db.with(actor)).await.expect("inbox").into_iter().map(|m| m.notice).collect()
}

#[tokio::test]
async fn notices_reach_every_guardian_linked_now_and_no_one_whose_link_was_removed() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (dad, dad_link) = father(&db, &world).await;
    let mum = world.a.actor(Role::Parent);
    let admin = world.a.actor(Role::SchoolAdmin);
    let plan = published(&db, &world).await;
    let new = NewApplication { plan, student: world.a.student, declaration: Declaration::default(), idempotency_key: "k".into() };
    let app = applications::apply(&db.write, &mum, new, chrono::Utc::now()).await.expect("mum applies");
    assert_eq!(notices(&db, &dad).await, vec![Notice::ApplicationSubmitted], "the father hears though the mother applied");
    assert_eq!(notices(&db, &mum).await, vec![Notice::ApplicationSubmitted]);

    links::revoke_link(&db.with(&admin), dad_link).await.expect("school removes the father's link");
    applications::review(&db.with(&world.a.actor(Role::ClassTeacher)), app, true, "").await.expect("class teacher");
    assert_eq!(notices(&db, &mum).await.len(), 2);
    assert_eq!(notices(&db, &dad).await, vec![Notice::ApplicationSubmitted], "nothing more after the link is gone");
}

#[tokio::test]
async fn objections_are_limited_per_person_and_day() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (plan, _) = admitted(&db, &world.a).await;
    let now = Utc::now();
    notice::publish(&db.at(&world.a.actor(Role::SchoolAdmin), now), plan).await.expect("on notice");
    let parent = world.a.actor(Role::Parent);
    for i in 0..domain::limits::OBJECTIONS.max {
        notice::object(&db.at(&parent, now), plan, &format!("异议 {i}")).await.expect("within the limit");
    }
    let e = notice::object(&db.at(&parent, now), plan, "又一条").await.expect_err("flood");
    assert!(matches!(e, DomainError::RateLimited));
    // Another person at the school still may.
    notice::object(&db.at(&world.a.actor(Role::ClassTeacher), now), plan, "老师的异议").await.expect("someone else");
}

#[tokio::test]
async fn a_guardians_repeatable_family_writes_are_limited_per_hour() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let parent = world.a.actor(Role::Parent);
    let now = Utc::now();
    let request = domain::families::pickup::NewPickupRequest {
        on_date: domain::clock::local_date(now) + Duration::days(1),
        kind: domain::families::pickup::PickupKind::Early,
        at_time: chrono::NaiveTime::from_hms_opt(16, 0, 0).expect("t"),
        pickup_person: None,
        reason: String::new(),
    };
    for _ in 0..domain::limits::FAMILY_WRITES.max {
        domain::families::pickup::request(&db.at(&parent, now), world.a.student, request.clone()).await.expect("within the limit");
    }
    let e = domain::families::pickup::request(&db.at(&parent, now), world.a.student, request).await.expect_err("flood");
    assert!(matches!(e, DomainError::RateLimited));
    let needs = domain::families::special_needs::SpecialNeeds::default();
    let e = domain::families::special_needs::save(&db.with(&parent), world.a.student, needs, None).await.expect_err("same allowance");
    assert!(matches!(e, DomainError::RateLimited));
}

#[tokio::test]
async fn each_limit_keeps_its_own_window_through_the_purge() {
    let db = fresh_db().await;
    let sign_in = Limit::new("sign-in-account", 5, Duration::minutes(15));
    let link = Limit::new("link-code", 10, Duration::hours(1));
    let twenty_minutes_ago = Utc::now() - Duration::minutes(20);
    let _ = sign_in.take(&db.write, "who", twenty_minutes_ago).await.expect("hit");
    let _ = link.take(&db.write, "who", twenty_minutes_ago).await.expect("hit");
    assert_eq!(domain::limits::purge_expired(&db.write, Utc::now()).await.expect("purge"), 1, "only the sign-in window has passed");
    assert!(!sign_in.exhausted(&db.read, "who", Utc::now()).await.expect("q"));
    let full = Limit::new("link-code", 1, Duration::hours(1));
    assert!(full.exhausted(&db.read, "who", Utc::now()).await.expect("q"), "the link attempt still counts");
}

#[tokio::test]
async fn a_link_code_expires_after_the_schools_term() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    for bad in [0, 366] {
        let e = links::set_code_term(&db.with(&admin), world.a.school, bad).await.expect_err("out of range");
        assert!(matches!(e, DomainError::Invalid { field: "link_code_days", .. }));
    }
    world
        .assert_no_cross_scope_access("code term", |actor, other| {
            let db = db.clone();
            let school = other.school;
            async move { links::set_code_term(&db.with(&actor), school, 7).await }
        })
        .await;
    links::set_code_term(&db.with(&admin), world.a.school, 7).await.expect("a week");
    links::reissue_code(&db.with(&admin), world.a.student).await.expect("issue");
    let page = links::class_links(&db.with(&admin), world.a.class).await.expect("links");
    let open = page.students[0].open_code.clone().expect("open code");
    assert_eq!(page.link_code_days, 7);
    let today = domain::clock::local_date(Utc::now());
    assert_eq!(open.valid_until, Some(today + Duration::days(7)));
    assert!(!open.expired);
    // Eight days on, the family is told to ask for a new code.
    link_code::Entity::update_many()
        .col_expr(link_code::Column::ExpiresAt, sea_orm::sea_query::Expr::value(Utc::now() - Duration::minutes(1)))
        .filter(link_code::Column::Id.eq(open.id.0))
        .exec(&db.write)
        .await
        .expect("age it");
    let (mum, _) = father(&db, &world).await;
    let req = LinkRequest { code: open.code, child_name: "Child a".into(), relation: String::new(), consent_version: Some(1) };
    let e = links::link_child(&db.with(&mum), req).await.expect_err("expired");
    assert!(matches!(e, DomainError::Invalid { field: "code", rule: "link_expired" }));
    assert!(links::class_links(&db.with(&admin), world.a.class).await.expect("links").students[0].open_code.clone().expect("code").expired);
}

#[tokio::test]
async fn a_reviewer_does_not_decide_their_own_childs_application() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let plan = published(&db, &world).await;
    let new = NewApplication { plan, student: world.a.student, declaration: Declaration::default(), idempotency_key: "k".into() };
    let app = applications::apply(&db.write, &world.a.actor(Role::Parent), new, chrono::Utc::now()).await.expect("apply");
    // The class teacher is also the child's guardian.
    let teacher = world.a.actor(Role::ClassTeacher);
    domain::testing::add_grant(&db, teacher.account, Role::Parent, ScopeKind::Family, world.a.guardian.0).await;
    let teacher = auth::actor_of_account(&db.read, teacher.account).await.expect("actor");
    let e = applications::review(&db.with(&teacher), app, true, "").await.expect_err("own child");
    assert!(matches!(e, DomainError::Invalid { field: "application", rule: "own_child" }));
}

#[tokio::test]
async fn the_trail_keeps_a_fingerprint_of_a_declaration_not_the_declaration() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let plan = published(&db, &world).await;
    let declaration = Declaration { left_behind: true, low_income: true, note: "父亲在外地务工，母亲患病".into(), ..Default::default() };
    let new = NewApplication { plan, student: world.a.student, declaration, idempotency_key: "k".into() };
    let app = applications::apply(&db.write, &world.a.actor(Role::Parent), new, chrono::Utc::now()).await.expect("apply");
    applications::review(&db.with(&world.a.actor(Role::ClassTeacher)), app, false, "家庭情况需核实：低保证明过期").await.expect("rejected");
    let trail: Vec<String> = audit_event::Entity::find().all(&db.read).await.expect("trail").into_iter().map(|e| e.payload).collect();
    let submitted = trail.iter().find(|p| p.contains("declaration_fingerprint")).expect("submission event");
    for secret in ["务工", "患病", "left_behind", "low_income", "低保"] {
        assert!(trail.iter().all(|p| !p.contains(secret)), "{secret} in the trail: {trail:?}");
    }
    assert!(submitted.contains(&format!("\"student\":{}", world.a.student)));
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
    // Nor does a registration's password show in its Debug form.
    let reg = registration::Registration { phone: "13700000000".into(), code: "123456".into(), name: "x".into(), password: "hunter2 secret".into() };
    assert!(!format!("{reg:?}").contains("hunter2"));
}

#[tokio::test]
async fn a_sent_code_leaves_the_outbox() {
    let db = fresh_db().await;
    registration::request_code(&db.public(), "13700000000", "10.0.0.9").await.expect("code");
    let queued = outbox_message::Entity::find().one(&db.read).await.expect("q").expect("queued");
    assert!(queued.body.as_deref().is_some_and(|b| b.chars().filter(char::is_ascii_digit).count() >= 6));
    let delivery = sender::Delivery::new(std::sync::Arc::new(sender::LogSender { reveal_codes: false }));
    assert_eq!(delivery.drain(&db.write, chrono::Utc::now()).await.expect("sent"), 1);
    assert_eq!(delivery.drain(&db.write, chrono::Utc::now()).await.expect("again"), 0, "sent once");
    let sent = outbox_message::Entity::find().one(&db.read).await.expect("q").expect("row");
    assert!(sent.sent_at.is_some() && sent.body.is_none(), "who and when stay, the code goes: {sent:?}");
    assert_eq!(delivery.captured_last_to(&db.read, "13700000000", chrono::Utc::now()).await.expect("read"), None, "only a test server reads texts back");
    // A test server keeps its texts in the database, so any server reads them back.
    registration::request_code(&db.public(), "13700000001", "10.0.0.10").await.expect("code");
    let (one, other) = (sender::Delivery::capturing(), sender::Delivery::capturing());
    assert_eq!(one.drain(&db.write, chrono::Utc::now()).await.expect("sent"), 1);
    let captured = other.captured_last_to(&db.write, "13700000001", chrono::Utc::now()).await.expect("captured").expect("text");
    assert!(captured.contains("验证码"));
}

#[tokio::test]
async fn a_guardian_sees_everything_held_on_the_family_and_nothing_else() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let parent = world.a.actor(Role::Parent);
    let needs = domain::families::special_needs::SpecialNeeds { allergies: "花生".into(), ..Default::default() };
    domain::families::special_needs::save(&db.with(&parent), world.a.student, needs, Some(domain::families::consent::Kind::SpecialNeeds.version())).await.expect("needs");
    domain::families::special_needs::for_staff(&db.with(&world.a.actor(Role::ClassTeacher)), world.a.student).await.expect("teacher reads");
    let person = domain::families::pickup::NewPickupPerson { name: "李秀英".into(), relation: "外婆".into(), phone: "13700000000".into() };
    let id = domain::families::pickup::add_person(&db.with(&parent), world.a.student, person).await.expect("person");
    domain::families::pickup::remove_person(&db.with(&parent), id).await.expect("removed");
    let data = domain::families::privacy::family_data(&db.with(&parent)).await.expect("data");
    assert_eq!(data.children.len(), 1);
    let child = &data.children[0];
    assert_eq!((child.name.as_str(), child.needs.allergies.as_str()), ("Child a", "花生"));
    assert_eq!(child.needs_reads.len(), 1);
    assert!(child.pickup_persons[0].removed_at.is_some(), "removed persons are still held, and shown");
    assert_eq!(child.consents.iter().map(|c| c.kind).collect::<Vec<_>>(), vec![domain::families::consent::Kind::SpecialNeeds]);
    let json = serde_json::to_string(&data).expect("json");
    for other in ["Child b", "Child near", "Child next", "Guardian b"] {
        assert!(!json.contains(other), "{other}");
    }
    for who in [Role::ClassTeacher, Role::SchoolAdmin, Role::BureauOfficial] {
        assert!(matches!(domain::families::privacy::family_data(&db.with(&world.a.actor(who))).await, Err(DomainError::Forbidden)), "{who:?}");
    }
}
