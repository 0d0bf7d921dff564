//! Places when a plan is oversubscribed: 1,000 guardians apply at once for
//! 100 places; exactly 100 are admitted, priority groups first, then first
//! come. Runs on SQLite and PostgreSQL like every domain test.
use domain::authz::{Actor, Grant, Place, Role, ScopeKind};
use domain::enrolment::applications::{self, ApplicationStatus, Declaration, NewApplication};
use domain::enrolment::group_commit::Applications;
use domain::entities::{guardian, guardian_student, student};
use domain::ids::{AccountId, ApplicationId, StudentId};
use domain::testing::{World, fresh_db, sample_plan};
use domain::{Clash, DomainError, audit};
use sea_orm::{EntityTrait, Set};

const APPLICANTS: i64 = 1_000;
const PRIORITY_EVERY: i64 = 33; // 31 left-behind children among them

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_concurrent_applications_for_a_hundred_places_admit_exactly_a_hundred() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let admin = world.a.actor(Role::SchoolAdmin);
    let mut content = sample_plan(0);
    content.capacity = 100;
    let plan = domain::enrolment::plan::save_draft(&db.with(&admin), world.a.school, None, content).await.expect("draft");
    domain::enrolment::plan::publish(&db.with(&admin), plan).await.expect("publish");

    // 1,000 children in the class, each with a guardian of their own.
    let base = 10_000;
    student::Entity::insert_many((0..APPLICANTS).map(|i| student::ActiveModel {
        id: Set(base + i),
        school_id: Set(world.a.school.0),
        class_id: Set(world.a.class.0),
        name: Set(format!("学生{i}")),
        student_no: Set(format!("load-{i}")),
        left_behind: Set(false),
        migrant_worker: Set(false),
        disabled: Set(false),
        low_income: Set(false),
        waiver_status: Set("none".into()),
    }))
    .exec_without_returning(&db.write)
    .await
    .expect("students");
    guardian::Entity::insert_many((0..APPLICANTS).map(|i| guardian::ActiveModel {
        id: Set(base + i),
        account_id: Set(None),
        name: Set(format!("家长{i}")),
        phone: Set(String::new()),
    }))
    .exec_without_returning(&db.write)
    .await
    .expect("guardians");
    guardian_student::Entity::insert_many((0..APPLICANTS).map(|i| guardian_student::ActiveModel {
        guardian_id: Set(base + i),
        student_id: Set(base + i),
        relation: Set("mother".into()),
        ..Default::default()
    }))
    .exec_without_returning(&db.write)
    .await
    .expect("links");

    let guardian_actor = |i: i64| Actor {
        account: AccountId(base + i),
        display_name: format!("家长{i}"),
        grants: vec![Grant { role: Role::Parent, scope_kind: ScopeKind::Family, scope_id: base + i, panel: None, place: Place::default() }],
    };
    // The first pass goes through the shared-commit writer, as the server
    // does; the retries through `apply` alone.
    let writer = Applications::start(&db);
    let apply_all = |key: &'static str| {
        let mut tasks = Vec::new();
        for i in 0..APPLICANTS {
            let (db, writer) = (db.clone(), writer.clone());
            let actor = guardian_actor(i);
            tasks.push(tokio::spawn(async move {
                let new = NewApplication {
                    plan,
                    student: StudentId(base + i),
                    declaration: Declaration { left_behind: i % PRIORITY_EVERY == 0, ..Declaration::default() },
                    idempotency_key: format!("{key}-{i}"),
                };
                if key == "first" { writer.apply(&db.with(&actor), new).await } else { applications::apply(&db.write, &actor, new, chrono::Utc::now()).await }
            }));
        }
        tasks
    };
    let mut ids = Vec::new();
    for t in apply_all("first") {
        ids.push(t.await.expect("task").expect("applied"));
    }
    // Every request retried, as a bad network would: no duplicates.
    for (t, id) in apply_all("retry").into_iter().zip(&ids) {
        assert_eq!(t.await.expect("task").expect("retried"), *id);
    }
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(distinct.len(), APPLICANTS as usize);

    // The district's chain (class teacher, then school) approves them all.
    let teacher = world.a.actor(Role::ClassTeacher);
    for id in &ids {
        applications::review(&db.with(&teacher), *id, true, "").await.expect("class");
        applications::review(&db.with(&admin), *id, true, "").await.expect("school");
    }
    let e = applications::allocate(&db.with(&world.a.actor(Role::ClassTeacher)), plan).await.expect_err("not theirs");
    assert!(matches!(e, DomainError::Forbidden));
    let result = applications::allocate(&db.with(&admin), plan).await.expect("allocate");
    assert_eq!((result.admitted, result.waitlisted), (100, 900));

    let rows = domain::entities::application::Entity::find().all(&db.read).await.expect("rows");
    let admitted: Vec<_> = rows.iter().filter(|a| a.status == ApplicationStatus::Admitted.as_str()).collect();
    assert_eq!(admitted.len(), 100);
    let priority_children = (0..APPLICANTS).filter(|i| i % PRIORITY_EVERY == 0).count();
    assert!(admitted.iter().filter(|a| a.priority).count() == priority_children, "every left-behind child has a place");
    // After the priority group, first come first served: ranks follow submission.
    let mut others: Vec<_> = admitted.iter().filter(|a| !a.priority).collect();
    others.sort_by_key(|a| a.allocation_rank);
    assert!(others.windows(2).all(|w| (w[0].submitted_at, w[0].id) <= (w[1].submitted_at, w[1].id)));
    let mut ranks: Vec<_> = rows.iter().filter_map(|a| a.allocation_rank).collect();
    ranks.sort();
    assert_eq!(ranks, (1..=APPLICANTS as i32).collect::<Vec<_>>(), "every child has a distinct rank");

    // An admitted child leaves by withdrawing consent (later), not the
    // application; a waiting one may withdraw, and allocating again keeps
    // exactly the capacity.
    let admitted_one = admitted.iter().find(|a| !a.priority).expect("one");
    let e = applications::withdraw(&db.with(&guardian_actor(admitted_one.student_id - base)), ApplicationId(admitted_one.id)).await;
    assert!(matches!(e, Err(DomainError::Conflict(Clash::NotWithdrawable))));
    let waiting = rows.iter().find(|a| a.status == ApplicationStatus::Waitlisted.as_str()).expect("waiting");
    applications::withdraw(&db.with(&guardian_actor(waiting.student_id - base)), ApplicationId(waiting.id)).await.expect("withdraw");
    let again = applications::allocate(&db.with(&admin), plan).await.expect("again");
    assert_eq!((again.admitted, again.waitlisted), (100, 899));
    assert_eq!(audit::verify(&db.read).await.expect("verify").first_broken, None);
}
