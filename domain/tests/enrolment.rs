//! Applications and the review chain of each seed district.
use chrono::NaiveDate;
use domain::auth::{self, AuthSettings, NewAccount, password::Password};
use domain::authz::{Actor, Role, ScopeKind};
use domain::enrolment::applications::{self, ApplicationStatus, Declaration, NewApplication};
use domain::ids::{ApplicationId, PlanId};
use domain::policy::{self, ReviewStep};
use domain::testing::{World, fresh_db, sample_plan};
use domain::{Clash, Db, DomainError, audit};

async fn published_plan(db: &Db, world: &World) -> PlanId {
    let admin = world.a.actor(Role::SchoolAdmin);
    let id = domain::enrolment::plan::save_draft(&db.with(&admin), world.a.school, None, sample_plan(0)).await.expect("draft");
    domain::enrolment::plan::publish(&db.with(&admin), id).await.expect("publish");
    id
}

fn application(plan: PlanId, world: &World, key: &str) -> NewApplication {
    NewApplication {
        plan,
        student: world.a.student,
        declaration: Declaration { left_behind: true, note: "父母在外地务工".into(), ..Declaration::default() },
        idempotency_key: key.into(),
    }
}

#[tokio::test]
async fn a_double_tap_or_a_retry_never_makes_two_applications() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let plan = published_plan(&db, &world).await;
    let parent = world.a.actor(Role::Parent);
    let first = applications::apply(&db.write, &parent, application(plan, &world, "k1"), chrono::Utc::now()).await.expect("apply");
    let retried = applications::apply(&db.write, &parent, application(plan, &world, "k1"), chrono::Utc::now()).await.expect("retry");
    let tapped = applications::apply(&db.write, &parent, application(plan, &world, "k2"), chrono::Utc::now()).await.expect("second tap");
    assert_eq!((first, retried), (tapped, tapped));
    let mine = applications::my_applications(&db.with(&parent)).await.expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, ApplicationStatus::InReview);
    assert_eq!(mine[0].waiting_for, Some(ReviewStep::ClassTeacher));
    assert!(mine[0].declaration.left_behind);
    let report = audit::verify(&db.read).await.expect("verify");
    assert_eq!(report.first_broken, None);
}

#[tokio::test]
async fn only_a_guardian_of_the_child_applies_and_only_to_the_childs_school() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let plan = published_plan(&db, &world).await;
    for role in [Role::ClassTeacher, Role::SchoolAdmin, Role::BureauOfficial, Role::Vendor, Role::FamilyCommittee] {
        let e = applications::apply(&db.write, &world.a.actor(role), application(plan, &world, "x"), chrono::Utc::now()).await.expect_err("refused");
        assert!(matches!(e, DomainError::Forbidden), "{role:?}: {e:?}");
    }
    let other_parent = world.b.actor(Role::Parent);
    let e = applications::apply(&db.write, &other_parent, application(plan, &world, "y"), chrono::Utc::now()).await.expect_err("not theirs");
    assert!(matches!(e, DomainError::Forbidden));
    // Side b's plan is not for side a's child.
    let b_admin = world.b.actor(Role::SchoolAdmin);
    let b_plan = domain::enrolment::plan::save_draft(&db.with(&b_admin), world.b.school, None, sample_plan(0)).await.expect("b");
    domain::enrolment::plan::publish(&db.with(&b_admin), b_plan).await.expect("b publish");
    let e = applications::apply(&db.write, &world.a.actor(Role::Parent), application(b_plan, &world, "z"), chrono::Utc::now()).await.expect_err("other school");
    assert!(matches!(e, DomainError::Invalid { field: "plan", .. }));
    // Nor can anyone of side a review side b's applications.
    let b_app = applications::apply(
        &db.write,
        &other_parent,
        NewApplication { plan: b_plan, student: world.b.student, declaration: Declaration::default(), idempotency_key: "b".into() },
        chrono::Utc::now(),
    )
    .await
    .expect("b applies");
    // An application of each other side: another district, another school
    // of the district, another grade of the school.
    let mut apps = std::collections::HashMap::from([(world.b.student, b_app)]);
    for other in [&world.near, &world.next_door] {
        let admin = other.actor(Role::SchoolAdmin);
        let plan = if other.school == world.a.school {
            plan
        } else {
            let p = domain::enrolment::plan::save_draft(&db.with(&admin), other.school, None, sample_plan(0)).await.expect("plan");
            domain::enrolment::plan::publish(&db.with(&admin), p).await.expect("publish");
            p
        };
        let new = NewApplication { plan, student: other.student, declaration: Declaration::default(), idempotency_key: format!("o-{}", other.student) };
        apps.insert(other.student, applications::apply(&db.write, &other.actor(Role::Parent), new, chrono::Utc::now()).await.expect("applies"));
    }
    let apps = std::sync::Arc::new(apps);
    let app_of = |other: &domain::testing::Side| apps[&other.student];
    world
        .assert_no_cross_scope_access("review", |actor, other| {
            let (db, app) = (db.clone(), app_of(other));
            async move { applications::review(&db.with(&actor), app, true, "").await }
        })
        .await;
    world
        .assert_no_cross_class_access("review", |actor, other| {
            let (db, app) = (db.clone(), app_of(other));
            async move { applications::review(&db.with(&actor), app, true, "").await }
        })
        .await;
    world
        .assert_no_cross_scope_access("withdraw", |actor, other| {
            let (db, app) = (db.clone(), app_of(other));
            async move { applications::withdraw(&db.with(&actor), app).await }
        })
        .await;
    world
        .assert_no_cross_class_access("withdraw", |actor, other| {
            let (db, app) = (db.clone(), app_of(other));
            async move { applications::withdraw(&db.with(&actor), app).await }
        })
        .await;
}

/// Signs in a new family committee member scoped to `kind` / `scope`.
async fn committee(db: &Db, name: &str, kind: ScopeKind, scope: i64) -> Actor {
    let new = NewAccount {
        phone: None,
        username: Some(name.into()),
        display_name: name.into(),
        password: Password::new("committee password").expect("pw"),
    };
    auth::create_account(&db.write, None, new, &[(Role::FamilyCommittee, kind, scope, None)], chrono::Utc::now()).await.expect("account");
    auth::sign_in(&db.write, &AuthSettings::default(), name, "committee password".into(), "t", chrono::Utc::now()).await.expect("sign in").actor
}

#[tokio::test]
async fn every_seed_districts_chain_is_walked_in_order_by_the_right_people() {
    for seed in ["000", "001", "002", "003", "004"] {
        let db = fresh_db().await;
        let world = World::build(&db).await;
        let plan = published_plan(&db, &world).await;
        let preset = policy::preset(seed).expect("preset");
        policy::publish(&db.write, world.a.district, NaiveDate::from_ymd_opt(2021, 1, 1).expect("d"), &preset, chrono::Utc::now())
            .await
            .expect("district adopts the seed's policy");
        let class_committee = committee(&db, "class-committee", ScopeKind::Class, world.a.class.0).await;
        let grade_committee = committee(&db, "grade-committee", ScopeKind::Grade, world.a.grade.0).await;
        let who = |step: ReviewStep| match step {
            ReviewStep::ClassTeacher => world.a.actor(Role::ClassTeacher),
            ReviewStep::ClassCommittee => class_committee.clone(),
            ReviewStep::GradeCommittee => grade_committee.clone(),
            ReviewStep::SchoolCommittee | ReviewStep::FamilyCommittee => world.a.actor(Role::FamilyCommittee),
            ReviewStep::School => world.a.actor(Role::SchoolAdmin),
        };
        let app = applications::apply(&db.write, &world.a.actor(Role::Parent), application(plan, &world, seed), chrono::Utc::now()).await.expect("apply");
        let chain = preset.review_chain.clone();
        for (i, step) in chain.iter().enumerate() {
            // Whoever decides a later step cannot decide this one first.
            if let Some(later) = chain.get(i + 1) {
                let e = applications::review(&db.with(&who(*later)), app, true, "").await.expect_err("out of order");
                assert!(matches!(e, DomainError::Conflict(Clash::NotYourStep)), "{seed} {later:?} before {step:?}: {e:?}");
            }
            let queue = applications::review_queue(&db.with(&who(*step)), plan).await.expect("queue");
            assert_eq!(queue.iter().map(|a| a.id).collect::<Vec<_>>(), vec![app], "{seed} {step:?} sees it");
            let status = applications::review(&db.with(&who(*step)), app, true, "").await.expect("approve");
            let expected = if i + 1 == chain.len() { ApplicationStatus::Approved } else { ApplicationStatus::InReview };
            assert_eq!(status, expected, "{seed} after {step:?}");
        }
        let e = applications::review(&db.with(&who(chain[0])), app, true, "").await.expect_err("done");
        assert!(matches!(e, DomainError::Conflict(Clash::NotInReview)));
        assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
    }
}

#[tokio::test]
async fn a_rejection_needs_a_reason_that_the_guardian_sees() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let plan = published_plan(&db, &world).await;
    let parent = world.a.actor(Role::Parent);
    let app = applications::apply(&db.write, &parent, application(plan, &world, "k"), chrono::Utc::now()).await.expect("apply");
    let teacher = world.a.actor(Role::ClassTeacher);
    let e = applications::review(&db.with(&teacher), app, false, "  ").await.expect_err("no reason");
    assert!(matches!(e, DomainError::Invalid { field: "reason", .. }));
    applications::review(&db.with(&teacher), app, false, "该生已参加校外托管，名额优先留给有需要的家庭").await.expect("reject");
    let mine = applications::my_applications(&db.with(&parent)).await.expect("mine");
    assert_eq!(mine[0].status, ApplicationStatus::Rejected);
    assert_eq!(mine[0].reason.as_deref(), Some("该生已参加校外托管，名额优先留给有需要的家庭"));
    assert_eq!(mine[0].waiting_for, None);
}

#[tokio::test]
async fn a_withdrawn_application_can_be_made_again_and_starts_over() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let plan = published_plan(&db, &world).await;
    let parent = world.a.actor(Role::Parent);
    let app = applications::apply(&db.write, &parent, application(plan, &world, "k1"), chrono::Utc::now()).await.expect("apply");
    applications::review(&db.with(&world.a.actor(Role::ClassTeacher)), app, true, "").await.expect("step 1");
    let e = applications::withdraw(&db.with(&world.a.actor(Role::ClassTeacher)), app).await.expect_err("not theirs");
    assert!(matches!(e, DomainError::Forbidden));
    applications::withdraw(&db.with(&parent), app).await.expect("withdraw");
    assert!(matches!(applications::withdraw(&db.with(&parent), app).await, Err(DomainError::Conflict(Clash::NotWithdrawable))));
    let again: ApplicationId = applications::apply(&db.write, &parent, application(plan, &world, "k2"), chrono::Utc::now()).await.expect("again");
    assert_eq!(again, app, "the same application, reopened");
    let mine = applications::my_applications(&db.with(&parent)).await.expect("mine");
    assert_eq!(mine[0].waiting_for, Some(ReviewStep::ClassTeacher), "review starts over");
}

#[tokio::test]
async fn the_guardian_hears_of_every_step_in_the_inbox_and_on_the_phone() {
    use domain::entities::{guardian, outbox_message};
    use domain::messages::inbox::{self, Notice};
    use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let g = guardian::Entity::find_by_id(world.a.guardian.0).one(&db.read).await.expect("q").expect("guardian");
    let mut g: guardian::ActiveModel = g.into();
    g.phone = Set("13912340000".into());
    g.update(&db.write).await.expect("phone");
    let plan = published_plan(&db, &world).await;
    let parent = world.a.actor(Role::Parent);
    let app = applications::apply(&db.write, &parent, application(plan, &world, "k"), chrono::Utc::now()).await.expect("apply");
    applications::review(&db.with(&world.a.actor(Role::ClassTeacher)), app, true, "").await.expect("class");
    applications::review(&db.with(&world.a.actor(Role::SchoolAdmin)), app, true, "").await.expect("school");
    applications::allocate(&db.with(&world.a.actor(Role::SchoolAdmin)), plan).await.expect("allocate");
    let items = inbox::list(&db.with(&parent)).await.expect("inbox");
    let notices: Vec<Notice> = items.iter().rev().map(|i| i.notice.clone()).collect();
    assert_eq!(
        notices,
        vec![
            Notice::ApplicationSubmitted,
            Notice::StepApproved { step: ReviewStep::ClassTeacher },
            Notice::ApplicationApproved,
            Notice::Admitted { rank: 1 },
        ]
    );
    assert!(items.iter().all(|i| i.student_name == "Child a" && !i.read));
    assert_eq!(outbox_message::Entity::find().count(&db.read).await.expect("n"), 4, "each queued for the phone");
    assert!(inbox::list(&db.with(&world.b.actor(Role::Parent))).await.expect("b").is_empty());
    assert!(matches!(inbox::list(&db.with(&world.a.actor(Role::SchoolAdmin))).await, Err(DomainError::Forbidden)));
    assert_eq!(inbox::mark_all_read(&db.with(&parent)).await.expect("read"), 4);
    assert!(inbox::list(&db.with(&parent)).await.expect("inbox").iter().all(|i| i.read));
}
