//! Applications sharing a commit: each answered with its own result, a
//! refused one rolled back alone, copies of one request never two rows.
use domain::authz::Role;
use domain::enrolment::{Declaration, NewApplication};
use domain::group_commit::Applications;
use domain::testing::{World, fresh_db, sample_plan};
use domain::DomainError;
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_commit_keeps_each_application_to_itself() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let plan = domain::plan::save_draft(&db.write, &admin, world.a.school, None, sample_plan(0)).await.expect("draft");
    domain::plan::publish(&db.write, &admin, plan).await.expect("publish");
    let writer = Applications::start(&db);
    let new = |key: &str| NewApplication { plan, student: world.a.student, declaration: Declaration::default(), idempotency_key: key.into() };

    let mut calls = Vec::new();
    for (who, key) in [(Role::Parent, "k1"), (Role::Parent, "k1"), (Role::Parent, "k2"), (Role::Vendor, "k3"), (Role::Parent, "k1")] {
        let (writer, actor, new) = (writer.clone(), if who == Role::Vendor { world.b.actor(Role::Parent) } else { world.a.actor(who) }, new(key));
        calls.push(tokio::spawn(async move { writer.apply(actor, new).await }));
    }
    let mut ids = Vec::new();
    for (i, call) in calls.into_iter().enumerate() {
        match call.await.expect("task") {
            Ok(id) => ids.push(id),
            Err(DomainError::Forbidden) => assert_eq!(i, 3, "only the other family's guardian is refused"),
            Err(e) => panic!("call {i}: {e}"),
        }
    }
    assert_eq!(ids.len(), 4);
    assert!(ids.iter().all(|id| *id == ids[0]), "one application: {ids:?}");
    let rows = domain::entities::application::Entity::find().count(&db.read).await.expect("count");
    assert_eq!(rows, 1);
    assert_eq!(domain::audit::verify(&db.read).await.expect("verify").first_broken, None);
}
