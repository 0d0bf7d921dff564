//! Domain services against a fresh database each (SQLite in memory, or
//! PostgreSQL when `BEILEI_TEST_POSTGRES` is set).
use chrono::{Duration, NaiveDate};
use domain::auth::{self, AuthSettings, NewAccount, Phone, password::Password};
use domain::authz::{Role, ScopeKind};
use domain::entities::{district, school, session};
use domain::ids::{DistrictId, SchoolId};
use domain::testing::{TEST_PASSWORD, World, fresh_db};
use domain::{Clash, DomainError, audit, org, policy};
use sea_orm::{EntityTrait, PaginatorTrait, TransactionTrait};

fn login_of(world_side: &domain::testing::Side, role: Role) -> String {
    world_side.actors.iter().find(|(r, _, _)| *r == role).map(|(_, l, _)| l.clone()).expect("role")
}

#[tokio::test]
async fn sign_in_gives_a_session_that_resolves_to_the_actor() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let login = login_of(&world.a, Role::BureauOfficial);
    let signed = auth::sign_in(&db.write, &AuthSettings::default(), &login, TEST_PASSWORD.into(), "10.0.0.1", chrono::Utc::now())
        .await
        .expect("signed in");
    assert!(signed.token.len() >= 43, "256-bit token, base64");
    let actor = auth::load_actor(&db.read, &signed.token, chrono::Utc::now()).await.expect("load").expect("actor");
    assert_eq!(actor.grants[0].role, Role::BureauOfficial);
    assert_eq!(actor.grants[0].place.district, Some(world.a.district));
    // The token itself is not stored, only its hash.
    let stored = session::Entity::find().all(&db.read).await.expect("sessions");
    assert!(stored.iter().all(|s| s.id != signed.token && s.id.len() == 64));
    auth::sign_out(&db.public(), &signed.token).await.expect("sign out");
    assert!(auth::load_actor(&db.read, &signed.token, chrono::Utc::now()).await.expect("load").is_none());
}

#[tokio::test]
async fn every_failed_sign_in_looks_the_same() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let s = AuthSettings::default();
    let known = login_of(&world.a, Role::Parent);
    let wrong = auth::sign_in(&db.write, &s, &known, "wrong password".into(), "a", chrono::Utc::now()).await.expect_err("wrong");
    let unknown = auth::sign_in(&db.write, &s, "nobody", TEST_PASSWORD.into(), "a", chrono::Utc::now()).await.expect_err("unknown");
    let empty = auth::sign_in(&db.write, &s, "", String::new(), "a", chrono::Utc::now()).await.expect_err("empty");
    for e in [wrong, unknown, empty] {
        assert!(matches!(e, DomainError::SignInFailed), "{e:?}");
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account_name_then_the_address() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let s = AuthSettings { max_failures_per_account: 3, max_failures_per_address: 5, ..AuthSettings::default() };
    let target = login_of(&world.a, Role::SchoolAdmin);
    for _ in 0..3 {
        let e = auth::sign_in(&db.write, &s, &target, "guess".into(), "1.1.1.1", chrono::Utc::now()).await.expect_err("fail");
        assert!(matches!(e, DomainError::SignInFailed));
    }
    // Locked now, even with the right password and from another address.
    let e = auth::sign_in(&db.write, &s, &target, TEST_PASSWORD.into(), "2.2.2.2", chrono::Utc::now()).await.expect_err("locked");
    assert!(matches!(e, DomainError::RateLimited), "{e:?}");
    // The first address has 3 failures; two more on other names lock it too.
    for name in ["x", "y"] {
        let _ = auth::sign_in(&db.write, &s, name, "guess".into(), "1.1.1.1", chrono::Utc::now()).await;
    }
    let other = login_of(&world.a, Role::Vendor);
    let e = auth::sign_in(&db.write, &s, &other, TEST_PASSWORD.into(), "1.1.1.1", chrono::Utc::now()).await.expect_err("address locked");
    assert!(matches!(e, DomainError::RateLimited));
    // The same account from a clean address still works.
    auth::sign_in(&db.write, &s, &other, TEST_PASSWORD.into(), "3.3.3.3", chrono::Utc::now()).await.expect("other address");
}

#[tokio::test]
async fn every_spelling_of_a_phone_number_counts_against_one_account() {
    let db = fresh_db().await;
    demo::load(&db, demo::Scale::Demo, chrono::Utc::now()).await.expect("demo");
    let s = AuthSettings { max_failures_per_account: 3, ..AuthSettings::default() };
    for spelling in ["13800000000", "138 0000 0000", "+86 138-0000-0000"] {
        let e = auth::sign_in(&db.write, &s, spelling, "guess".into(), spelling, chrono::Utc::now()).await.expect_err("fail");
        assert!(matches!(e, DomainError::SignInFailed));
    }
    let e = auth::sign_in(&db.write, &s, "13800000000", demo::DEMO_PASSWORD.into(), "other", chrono::Utc::now()).await.expect_err("locked");
    assert!(matches!(e, DomainError::RateLimited));
}

#[tokio::test]
async fn a_session_carries_every_grant_until_the_account_is_disabled() {
    use domain::entities::account;
    use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, Set};
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let teacher = world.a.actor(Role::ClassTeacher);
    // The class teacher is also a guardian at the school.
    domain::testing::add_grant(&db, teacher.account, Role::Parent, ScopeKind::Family, world.a.guardian.0).await;
    let signed = auth::sign_in(&db.write, &AuthSettings::default(), &login_of(&world.a, Role::ClassTeacher), TEST_PASSWORD.into(), "a", chrono::Utc::now())
        .await
        .expect("signed");
    let actor = auth::load_actor(&db.read, &signed.token, chrono::Utc::now()).await.expect("load").expect("actor");
    assert_eq!(actor.grants.len(), 2, "{:?}", actor.grants);
    let class = actor.grants.iter().find(|g| g.role == Role::ClassTeacher).expect("teacher grant");
    assert_eq!(class.place.class, Some(world.a.class));
    assert_eq!(class.place.school, Some(world.a.school));
    let mut a: account::ActiveModel =
        account::Entity::find().filter(account::Column::Id.eq(teacher.account.0)).one(&db.read).await.expect("q").expect("account").into();
    a.disabled = Set(true);
    a.update(&db.write).await.expect("disable");
    assert!(auth::load_actor(&db.read, &signed.token, chrono::Utc::now()).await.expect("load").is_none(), "a disabled account opens nothing");
}

#[tokio::test]
async fn an_expired_session_opens_nothing_and_is_purged() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let s = AuthSettings { session_ttl: Duration::seconds(-1), ..AuthSettings::default() };
    let login = login_of(&world.a, Role::Parent);
    let signed = auth::sign_in(&db.write, &s, &login, TEST_PASSWORD.into(), "a", chrono::Utc::now()).await.expect("signed");
    assert!(auth::load_actor(&db.read, &signed.token, chrono::Utc::now()).await.expect("load").is_none());
    let before = session::Entity::find().count(&db.read).await.expect("count");
    auth::purge_expired(&db.write, chrono::Utc::now()).await.expect("purge");
    let after = session::Entity::find().count(&db.read).await.expect("count");
    assert!(after < before);
}

#[tokio::test]
async fn accounts_are_unique_validated_and_audited() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let new = || NewAccount {
        phone: Some(Phone::parse("13912345678").expect("phone")),
        username: None,
        display_name: "张老师".into(),
        password: Password::new("a good password").expect("pw"),
    };
    let grants = [(Role::ClassTeacher, ScopeKind::Class, world.a.class.0, None)];
    auth::create_account(&db.write, None, new(), &grants, chrono::Utc::now()).await.expect("created");
    let again = auth::create_account(&db.write, None, new(), &grants, chrono::Utc::now()).await.expect_err("duplicate");
    assert!(matches!(again, DomainError::Conflict(Clash::AccountExists)));
    let wrong_scope = [(Role::ClassTeacher, ScopeKind::District, world.a.district.0, None)];
    let mut other = new();
    other.phone = Some(Phone::parse("13912345679").expect("phone"));
    let e = auth::create_account(&db.write, None, other, &wrong_scope, chrono::Utc::now()).await.expect_err("scope");
    assert!(matches!(e, DomainError::Invalid { field: "scope", .. }));
    // Accounts with a user name and no phone do not collide with each other.
    for name in ["teacher-one", "teacher-two"] {
        let staff = NewAccount {
            phone: None,
            username: Some(name.into()),
            display_name: name.into(),
            password: Password::new("a good password").expect("pw"),
        };
        auth::create_account(&db.write, None, staff, &grants, chrono::Utc::now()).await.expect("username-only account");
    }
    let report = audit::verify(&db.read).await.expect("verify");
    assert_eq!(report.first_broken, None);
    assert!(report.events >= 3);
}

#[tokio::test]
async fn no_role_reaches_another_district_school_class_or_family() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    world
        .assert_no_cross_scope_access("district_overview", |actor, b| {
            let db = db.clone();
            let id = b.district;
            async move { org::district_overview(&db.with(&actor), id).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("school_overview", |actor, b| {
            let db = db.clone();
            let id = b.school;
            async move { org::school_overview(&db.with(&actor), id).await }
        })
        .await;
    world
        .assert_no_cross_scope_access("my_children", |actor, b| {
            let db = db.clone();
            let child = b.student;
            async move {
                let children = org::my_children(&db.with(&actor)).await?;
                assert!(children.iter().all(|c| c.id != child), "a child of side b leaked");
                Err::<(), _>(DomainError::Forbidden)
            }
        })
        .await;
}

#[tokio::test]
async fn each_role_sees_what_its_scope_allows() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let actor = |role| world.a.actors.iter().find(|(r, _, _)| *r == role).map(|(_, _, a)| a.clone()).expect("actor");
    let overview = org::district_overview(&db.with(&actor(Role::BureauOfficial)), world.a.district).await.expect("bureau");
    assert_eq!(overview.schools.len(), 2, "side a's school and the one near it");
    assert_eq!(overview.students, 3, "a's child, the child next door, the child near");
    for role in [Role::SchoolAdmin, Role::ClassTeacher, Role::ServiceStaff, Role::FamilyCommittee, Role::BureauOfficial] {
        let s = org::school_overview(&db.with(&actor(role)), world.a.school).await.expect("school");
        assert_eq!(s.classes.len(), 2, "{role:?}");
    }
    world
        .assert_no_cross_scope_access("school overview", |actor, other| {
            let db = db.clone();
            let school = other.school;
            async move { org::school_overview(&db.with(&actor), school).await }
        })
        .await;
    for role in [Role::Parent, Role::Vendor] {
        let e = org::school_overview(&db.with(&actor(role)), world.a.school).await.expect_err("refused");
        assert!(matches!(e, DomainError::Forbidden), "{role:?}");
    }
    let children = org::my_children(&db.with(&actor(Role::Parent))).await.expect("children");
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].id, world.a.student);
    let e = org::district_overview(&db.with(&actor(Role::SchoolAdmin)), world.a.district).await.expect_err("refused");
    assert!(matches!(e, DomainError::Forbidden));
}

#[tokio::test]
async fn the_policy_in_force_is_the_latest_version_started_by_the_date() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let d = world.a.district;
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let mut raised = policy::preset("000").expect("preset");
    raised.staff_pay_min_percent = 95;
    let v = policy::publish(&db.write, d, date(2027, 2, 1), &raised, chrono::Utc::now()).await.expect("publish");
    assert_eq!(v, 2);
    let (v, before) = policy::in_force(&db.read, d, date(2026, 12, 1)).await.expect("old");
    assert_eq!((v, before.staff_pay_min_percent), (1, 90));
    let (v, after) = policy::in_force(&db.read, d, date(2027, 2, 1)).await.expect("new");
    assert_eq!((v, after.staff_pay_min_percent), (2, 95));
    let e = policy::in_force(&db.read, d, date(2019, 1, 1)).await.expect_err("none yet");
    assert!(matches!(e, DomainError::NotFound));
    let mut bad = raised.clone();
    bad.review_chain.clear();
    assert!(policy::publish(&db.write, d, date(2027, 3, 1), &bad, chrono::Utc::now()).await.is_err());
    assert_eq!(policy::in_force(&db.read, d, date(2027, 4, 1)).await.expect("still v2").0, 2);
}

#[tokio::test]
async fn demo_data_has_the_five_seed_districts_and_loads_once() {
    let db = fresh_db().await;
    let report = demo::load(&db, demo::Scale::Demo, chrono::Utc::now()).await.expect("demo");
    assert_eq!(report.districts, 5);
    assert_eq!(district::Entity::find().count(&db.read).await.expect("n"), 5);
    assert_eq!(school::Entity::find().count(&db.read).await.expect("n"), 23);
    assert!(report.students > 1000);
    let roles: std::collections::HashSet<_> = report.sign_ins.iter().map(|s| s.role).collect();
    assert_eq!(roles.len(), Role::ALL.len(), "a sign-in for every role");
    // Each district carries its own seed policy.
    for (seed, d) in ["000", "001", "002", "003", "004"].iter().zip(1..) {
        let (_, p) = policy::in_force(&db.read, DistrictId(d), NaiveDate::from_ymd_opt(2026, 11, 24).expect("d"))
            .await
            .expect("policy");
        assert_eq!(p, policy::preset(seed).expect("preset"));
    }
    // The demo guardian has two children in two schools.
    let parent = auth::sign_in(&db.write, &AuthSettings::default(), "13800000000", demo::DEMO_PASSWORD.into(), "a", chrono::Utc::now())
        .await
        .expect("parent");
    let children = org::my_children(&db.with(&parent.actor)).await.expect("children");
    assert_eq!(children.len(), 2);
    assert_ne!(children[0].school, children[1].school);
    // Every school has this term's plan published, within its district's policy.
    for s in 1..=23 {
        let plans = domain::enrolment::plan::school_plans(&db.public(), SchoolId(s)).await.expect("plans");
        assert_eq!(plans.len(), 1, "school {s}");
    }
    let again = demo::load(&db, demo::Scale::Demo, chrono::Utc::now()).await.expect_err("second load");
    assert!(matches!(again, DomainError::Conflict(Clash::DatabaseNotEmpty)));
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
    // Ids continue after the explicit ids the loader set (PostgreSQL sequences).
    let bureau = auth::sign_in(&db.write, &AuthSettings::default(), "bureau000", demo::DEMO_PASSWORD.into(), "a", chrono::Utc::now())
        .await
        .expect("bureau");
    let o = org::district_overview(&db.with(&bureau.actor), DistrictId(1)).await.expect("overview");
    assert_eq!(o.schools.len(), 7);
    assert_eq!(o.schools[0].id, SchoolId(1));
}

#[tokio::test]
async fn concurrent_appends_keep_one_unbroken_chain() {
    let db = fresh_db().await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let txn = db.write.begin().await.expect("begin");
            audit::record(&txn, chrono::Utc::now(), audit::Event::new(None, "test.concurrent", format!("n:{i}"), serde_json::json!({"i": i})))
                .await
                .expect("record");
            txn.commit().await.expect("commit");
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let report = audit::verify(&db.read).await.expect("verify");
    assert_eq!(report, audit::VerifyReport { events: 24, first_broken: None });
}

#[tokio::test]
async fn anyone_finds_a_school_by_part_of_its_name_and_reads_its_current_plans() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let all = org::districts(&db.public()).await.expect("districts");
    assert!(all.iter().any(|d| d.id == world.a.district) && all.iter().any(|d| d.id == world.b.district));
    let found = org::find_schools(&db.public(), None, "near").await.expect("found");
    assert_eq!(found.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["School near"]);
    assert_eq!(found[0].district, "District a");
    assert_eq!(org::find_schools(&db.public(), Some(world.b.district), "School").await.expect("b").len(), 1, "one school in district b");
    assert!(org::find_schools(&db.public(), None, "%").await.expect("a literal percent").is_empty());
    assert!(org::find_schools(&db.public(), None, "_").await.expect("a literal underscore").is_empty());
    assert!(org::find_schools(&db.public(), None, "  ").await.expect("nothing asked").is_empty());
    let long = "校".repeat(wire::org::MAX_QUERY_CHARS + 1);
    assert!(matches!(org::find_schools(&db.public(), None, &long).await, Err(DomainError::Invalid { field: "q", .. })));

    let admin = world.a.actors.iter().find(|(r, _, _)| *r == Role::SchoolAdmin).map(|(_, _, a)| a.clone()).expect("admin");
    let draft = domain::enrolment::plan::save_draft(&db.with(&admin), world.a.school, None, domain::testing::sample_plan(0)).await.expect("draft");
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("d");
    let public = org::public_school(&db.maybe_at(None, domain::clock::day_start(today)), world.a.school).await.expect("public");
    assert!(public.plans.is_empty() && !public.managed, "a draft is nobody's business");
    domain::enrolment::plan::publish(&db.with(&admin), draft).await.expect("publish");
    assert_eq!(org::public_school(&db.maybe_at(None, domain::clock::day_start(today)), world.a.school).await.expect("public").plans.len(), 1);
    let after_term = NaiveDate::from_ymd_opt(2027, 8, 1).expect("d");
    assert!(org::public_school(&db.maybe_at(None, domain::clock::day_start(after_term)), world.a.school).await.expect("public").plans.is_empty(), "past terms drop off");
    assert!(org::public_school(&db.maybe_at(Some(&admin), domain::clock::day_start(today)), world.a.school).await.expect("admin").managed);
    let other_admin = world.b.actors.iter().find(|(r, _, _)| *r == Role::SchoolAdmin).map(|(_, _, a)| a.clone()).expect("b admin");
    assert!(!org::public_school(&db.maybe_at(Some(&other_admin), domain::clock::day_start(today)), world.a.school).await.expect("b").managed);
}
