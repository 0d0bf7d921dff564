//! Applications sharing a commit: each answered with its own result, a
//! refused one rolled back alone, copies of one request never two rows.
use domain::authz::Role;
use domain::enrolment::applications::{Declaration, NewApplication};
use domain::enrolment::group_commit::Applications;
use domain::testing::{World, fresh_db, sample_plan};
use domain::{Clash, DomainError};
use sea_orm::{EntityTrait, PaginatorTrait, TransactionTrait};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_commit_keeps_each_application_to_itself() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let plan = domain::enrolment::plan::save_draft(&db.with(&admin), world.a.school, None, sample_plan(0)).await.expect("draft");
    domain::enrolment::plan::publish(&db.with(&admin), plan).await.expect("publish");
    let writer = Applications::start(&db);
    let new = |key: &str| NewApplication { plan, student: world.a.student, declaration: Declaration::default(), idempotency_key: key.into() };

    let mut calls = Vec::new();
    for (who, key) in [(Role::Parent, "k1"), (Role::Parent, "k1"), (Role::Parent, "k2"), (Role::Vendor, "k3"), (Role::Parent, "k1")] {
        let (writer, cx, new) = (writer.clone(), db.with(&if who == Role::Vendor { world.b.actor(Role::Parent) } else { world.a.actor(who) }), new(key));
        calls.push(tokio::spawn(async move { writer.apply(&cx, new).await }));
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

#[tokio::test]
async fn one_batch_answers_each_application_as_if_it_came_alone() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let mut plans = Vec::new();
    for side in [&world.a, &world.b] {
        let admin = side.actor(Role::SchoolAdmin);
        let plan = domain::enrolment::plan::save_draft(&db.with(&admin), side.school, None, sample_plan(0)).await.expect("draft");
        domain::enrolment::plan::publish(&db.with(&admin), plan).await.expect("publish");
        plans.push(plan);
    }
    let (a, b) = (world.a.actor(Role::Parent), world.b.actor(Role::Parent));
    let new = |plan, student, key: &str| NewApplication { plan, student, declaration: Declaration::default(), idempotency_key: key.into() };
    let batch = [
        (&a, new(plans[0], world.a.student, "a1")),
        (&a, new(plans[0], world.a.student, "a1")),
        (&a, new(plans[0], world.a.student, "a2")),
        (&b, new(plans[0], world.a.student, "b1")),
        (&b, new(plans[0], world.b.student, "b2")),
        (&a, new(plans[1], world.a.student, "a1")),
        (&b, new(plans[1], world.b.student, "b3")),
    ];
    let refs: Vec<_> = batch.iter().map(|(actor, new)| (*actor, new)).collect();
    let txn = db.write.begin().await.expect("begin");
    let answers = domain::enrolment::applications::apply_all(&txn, &refs, chrono::Utc::now()).await.expect("no failed statement");
    txn.commit().await.expect("commit");

    let a_id = *answers[0].as_ref().expect("a applies");
    assert_eq!(answers[1].as_ref().ok(), Some(&a_id), "a double tap in the same batch");
    assert_eq!(answers[2].as_ref().ok(), Some(&a_id), "another submission of the same application");
    assert!(matches!(answers[3], Err(DomainError::Forbidden)), "not b's child: {:?}", answers[3]);
    assert!(matches!(answers[4], Err(DomainError::Invalid { field: "plan", .. })), "another school's plan: {:?}", answers[4]);
    assert!(matches!(answers[5], Err(DomainError::Conflict(Clash::KeyReused))), "a key reused for another application: {:?}", answers[5]);
    let b_id = *answers[6].as_ref().expect("b applies");
    assert_ne!(a_id, b_id);

    let rows = domain::entities::application::Entity::find().count(&db.read).await.expect("count");
    assert_eq!(rows, 2);
    let inbox = domain::entities::inbox_message::Entity::find().count(&db.read).await.expect("inbox");
    assert_eq!(inbox, 2, "one notice per application made");
    let mine = domain::messages::inbox::list(&db.with(&b)).await.expect("b's inbox");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].application, Some(b_id), "each notice reaches its own guardian");
    assert_eq!(domain::audit::verify(&db.read).await.expect("verify").first_broken, None);
}
