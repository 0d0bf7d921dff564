//! School plans: drafting, publishing under the district's policy, public reading.
use domain::authz::Role;
use domain::ids::PlanId;
use domain::enrolment::plan::{self, PlanProblem, PlanStatus};
use domain::testing::{World, fresh_db, sample_plan};
use domain::{Clash, DomainError, audit};

fn actor(world: &World, role: Role) -> domain::authz::Actor {
    world.a.actors.iter().find(|(r, _, _)| *r == role).map(|(_, _, a)| a.clone()).expect("actor")
}

#[tokio::test]
async fn only_the_schools_admin_drafts_and_publishes() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    for role in [Role::Parent, Role::ClassTeacher, Role::ServiceStaff, Role::FamilyCommittee, Role::Vendor, Role::BureauOfficial] {
        let e = plan::save_draft(&db.with(&actor(&world, role)), world.a.school, None, sample_plan(0)).await.expect_err("refused");
        assert!(matches!(e, DomainError::Forbidden), "{role:?}");
    }
    world
        .assert_no_cross_scope_access("save_draft", |actor, b| {
            let db = db.clone();
            let school = b.school;
            async move { plan::save_draft(&db.with(&actor), school, None, sample_plan(0)).await }
        })
        .await;
    let admin = actor(&world, Role::SchoolAdmin);
    let id = plan::save_draft(&db.with(&admin), world.a.school, None, sample_plan(0)).await.expect("draft");
    // Another school's admin can neither publish nor read the draft.
    let (_, _, other_admin) = world.b.actors.iter().find(|(r, _, _)| *r == Role::SchoolAdmin).expect("b admin");
    assert!(matches!(plan::publish(&db.with(other_admin), id).await, Err(DomainError::Forbidden)));
    assert!(matches!(plan::for_editing(&db.with(other_admin), id).await, Err(DomainError::Forbidden)));
    assert_eq!(plan::publish(&db.with(&admin), id).await.expect("published"), 1);
}

#[tokio::test]
async fn publishing_a_plan_that_breaks_policy_is_refused_with_every_reason_and_changes_nothing() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = actor(&world, Role::SchoolAdmin);
    let mut bad = sample_plan(5_000); // the world's district is free (seed 000)
    bad.activities.push(domain::enrolment::plan::ActivityKind::GroupTutoring);
    let id = plan::save_draft(&db.with(&admin), world.a.school, None, bad).await.expect("draft");
    let events_before = audit::verify(&db.read).await.expect("verify").events;
    match plan::publish(&db.with(&admin), id).await {
        Err(DomainError::PlanRefused(found)) => assert_eq!(
            found,
            vec![
                PlanProblem::ForbiddenActivity { activity: domain::enrolment::plan::ActivityKind::GroupTutoring },
                PlanProblem::FeeNotAllowed
            ]
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(matches!(plan::published(&db.public(), id).await, Err(DomainError::NotFound)));
    assert_eq!(audit::verify(&db.read).await.expect("verify").events, events_before);
    // Fixed, it publishes; then it can no longer be edited.
    plan::save_draft(&db.with(&admin), world.a.school, Some(id), sample_plan(0)).await.expect("fixed");
    plan::publish(&db.with(&admin), id).await.expect("published");
    let e = plan::save_draft(&db.with(&admin), world.a.school, Some(id), sample_plan(0)).await.expect_err("frozen");
    assert!(matches!(e, DomainError::Conflict(Clash::PlanPublished)));
}

#[tokio::test]
async fn one_published_plan_per_school_and_term() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = actor(&world, Role::SchoolAdmin);
    let first = plan::save_draft(&db.with(&admin), world.a.school, None, sample_plan(0)).await.expect("first");
    plan::publish(&db.with(&admin), first).await.expect("published");
    let second = plan::save_draft(&db.with(&admin), world.a.school, None, sample_plan(0)).await.expect("second");
    match plan::publish(&db.with(&admin), second).await {
        Err(DomainError::PlanRefused(found)) => assert_eq!(found, vec![PlanProblem::OverlapsPublishedPlan]),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn anyone_reads_published_plans_and_only_managers_see_drafts() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = actor(&world, Role::SchoolAdmin);
    let published = plan::save_draft(&db.with(&admin), world.a.school, None, sample_plan(0)).await.expect("one");
    plan::publish(&db.with(&admin), published).await.expect("published");
    let mut later = sample_plan(0);
    later.term_start = chrono::NaiveDate::from_ymd_opt(2027, 9, 1).expect("d");
    later.term_end = chrono::NaiveDate::from_ymd_opt(2028, 1, 20).expect("d");
    let draft = plan::save_draft(&db.with(&admin), world.a.school, None, later).await.expect("draft");

    let public = plan::published(&db.public(), published).await.expect("public");
    assert_eq!(public.school_name, "School a");
    assert_eq!(public.policy_version, 1);
    assert!(matches!(plan::published(&db.public(), draft).await, Err(DomainError::NotFound)));
    assert!(matches!(plan::published(&db.public(), PlanId(9_999)).await, Err(DomainError::NotFound)));

    let anonymous = plan::school_plans(&db.public(), world.a.school).await.expect("list");
    assert_eq!(anonymous.iter().map(|p| p.id).collect::<Vec<_>>(), vec![published]);
    let parent = plan::school_plans(&db.with(&actor(&world, Role::Parent)), world.a.school).await.expect("list");
    assert_eq!(parent.len(), 1);
    let managers = plan::school_plans(&db.with(&admin), world.a.school).await.expect("list");
    assert_eq!(managers.len(), 2);
    assert_eq!(managers[0].status, PlanStatus::Draft, "newest term first");
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}
