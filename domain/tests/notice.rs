//! The public notice of the admitted list, objections, and final enrolment.
use chrono::{Duration, Utc};
use domain::authz::Role;
use domain::enrolment::applications::{self, ApplicationStatus, Declaration, NewApplication};
use domain::messages::inbox::{self, Notice};
use domain::testing::{World, fresh_db, sample_plan};
use domain::{Clash, DomainError, audit, enrolment::notice};

#[tokio::test]
async fn enrolment_is_final_only_after_the_notice_period_with_objections_answered() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let parent = world.a.actor(Role::Parent);
    let plan = domain::enrolment::plan::save_draft(&db.with(&admin), world.a.school, None, sample_plan(0)).await.expect("draft");
    domain::enrolment::plan::publish(&db.with(&admin), plan).await.expect("publish");
    let now = Utc::now();
    assert!(matches!(notice::publish(&db.at(&admin, now), plan).await, Err(DomainError::Invalid { .. })), "nobody admitted yet");
    let app = applications::apply(
        &db.write,
        &parent,
        NewApplication { plan, student: world.a.student, declaration: Declaration::default(), idempotency_key: "k".into() },
        chrono::Utc::now(),
    )
    .await
    .expect("apply");
    applications::review(&db.with(&world.a.actor(Role::ClassTeacher)), app, true, "").await.expect("class");
    applications::review(&db.with(&admin), app, true, "").await.expect("school");
    applications::allocate(&db.with(&admin), plan).await.expect("allocate");

    let e = notice::publish(&db.at(&world.a.actor(Role::ClassTeacher), now), plan).await.expect_err("not theirs");
    assert!(matches!(e, DomainError::Forbidden));
    let ends = notice::publish(&db.at(&admin, now), plan).await.expect("on notice");
    let e = applications::allocate(&db.with(&admin), plan).await.expect_err("the list is frozen");
    assert!(matches!(e, DomainError::Conflict(Clash::ListOnNotice)));
    assert_eq!(ends, now + Duration::days(3), "seed 000's notice period");

    // People at the school see class and a masked name; others nothing.
    let seen = notice::view(&db.at(&parent, now), plan).await.expect("parent sees");
    assert_eq!(seen.admitted.len(), 1);
    assert_eq!(seen.admitted[0].masked_name, "C******");
    assert_eq!(seen.admitted[0].class, "Class a");
    assert!(seen.open && !seen.finalized);
    for outsider in [world.b.actor(Role::Parent), world.b.actor(Role::SchoolAdmin), world.a.actor(Role::Vendor)] {
        assert!(matches!(notice::view(&db.at(&outsider, now), plan).await, Err(DomainError::Forbidden)));
        assert!(matches!(notice::object(&db.at(&outsider, now), plan, "x").await, Err(DomainError::Forbidden)));
    }

    let objection = notice::object(&db.at(&parent, now), plan, "名单中有学生并非本校学生").await.expect("object");
    assert!(matches!(notice::object(&db.at(&parent, now), plan, "  ").await, Err(DomainError::Invalid { .. })));
    let after = ends + Duration::seconds(1);
    assert!(matches!(notice::object(&db.at(&parent, after), plan, "too late").await, Err(DomainError::Invalid { .. })));
    assert!(matches!(notice::finalize(&db.at(&admin, now), plan).await, Err(DomainError::Invalid { rule: "period_not_over", .. })));
    assert!(matches!(notice::finalize(&db.at(&admin, after), plan).await, Err(DomainError::Invalid { rule: "objections_unanswered", .. })));
    assert!(matches!(notice::answer(&db.at(&parent, now), objection, "no").await, Err(DomainError::Forbidden)));
    notice::answer(&db.at(&admin, now), objection, "经核实，该生为本校在籍学生。").await.expect("answer");
    assert_eq!(notice::finalize(&db.at(&admin, after), plan).await.expect("final"), 1);
    assert!(matches!(notice::finalize(&db.at(&admin, after), plan).await, Err(DomainError::Conflict(Clash::EnrolmentFinal))));

    let mine = applications::my_applications(&db.with(&parent)).await.expect("mine");
    assert_eq!(mine[0].status, ApplicationStatus::Enrolled);
    let notices: Vec<Notice> = inbox::list(&db.with(&parent)).await.expect("inbox").into_iter().map(|i| i.notice).collect();
    assert_eq!(notices[0], Notice::Enrolled);
    assert!(matches!(notices[1], Notice::OnNotice { .. }));
    let final_view = notice::view(&db.at(&parent, after), plan).await.expect("view");
    assert!(final_view.finalized && !final_view.open);
    assert_eq!(final_view.objections[0].answer.as_deref(), Some("经核实，该生为本校在籍学生。"));
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}
