//! The school's records: incidents seen by the bureau with the serious
//! one's report deadline, inspections by the school and the bureau on one
//! record with overdue and escalated findings, visitors, served hours.
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use domain::authz::Role;
use domain::entities::outbox_message;
use domain::records::care::{self, NewIncident, NewIncidentReport, Severity};
use domain::service_day::views::{district_records, safety};
use domain::records::inspections::{self, Inspector, NewFinding, NewInspection};
use domain::records::visitors::{self, NewVisitor};
use domain::service_day::attendance;
use domain::records::workload;
use domain::testing::{World, fresh_db, service_sessions};
use domain::DomainError;
use sea_orm::EntityTrait;
use wire::plan::ActivityKind;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&(day.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("t")) - chrono::Duration::hours(8)))
}

fn incident(severity: Severity) -> NewIncident {
    NewIncident { session: None, severity, summary: "学生在操场摔倒".into(), people: "一（1）班 张三".into(), actions: "校医处理，送医".into(), guardians_told: "17:10 电话告知母亲".into() }
}

fn report() -> NewIncidentReport {
    NewIncidentReport { course: "经过".into(), causes: "原因".into(), outcome: "结果".into(), lessons: "教训".into(), improvements: "措施".into() }
}

#[tokio::test]
async fn a_serious_incident_reaches_the_bureau_and_its_report_is_due_in_the_districts_days() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (staff, admin, bureau) = (world.a.actor(Role::ServiceStaff), world.a.actor(Role::SchoolAdmin), world.a.actor(Role::BureauOfficial));
    // Staff with a record at the school may report; a guardian may not.
    service_sessions(&db, &world.a, ActivityKind::Reading, &[1]).await;
    let day = date(2027, 3, 1);
    care::report(&db.at(&staff, at(day, 17, 0)), world.a.school, incident(Severity::Minor)).await.expect("minor");
    let serious = care::report(&db.at(&staff, at(day, 17, 5)), world.a.school, incident(Severity::Serious)).await.expect("serious");
    let e = care::report(&db.at(&world.a.actor(Role::Parent), at(day, 17, 0)), world.a.school, incident(Severity::Minor)).await.expect_err("guardian");
    assert!(matches!(e, DomainError::Forbidden), "{e:?}");
    let e = care::report(&db.at(&world.b.actor(Role::SchoolAdmin), at(day, 17, 0)), world.a.school, incident(Severity::Minor)).await.expect_err("another school");
    assert!(matches!(e, DomainError::Forbidden), "{e:?}");
    let blank = NewIncident { summary: " ".into(), ..incident(Severity::Minor) };
    assert!(matches!(care::report(&db.at(&staff, at(day, 17, 0)), world.a.school, blank).await, Err(DomainError::Invalid { field: "summary", .. })));

    // The bureau sees both; the serious one is due in 7 days (the preset) and not yet overdue.
    let seen = district_records(&db.at(&bureau, at(day, 18, 0)), world.a.district).await.expect("bureau");
    assert_eq!(seen.incidents.len(), 2);
    let s = seen.incidents.iter().find(|i| i.id == serious).expect("serious");
    assert_eq!(s.report_due, Some(date(2027, 3, 8)));
    assert!(!s.report_overdue);
    assert!(district_records(&db.at(&world.b.actor(Role::BureauOfficial), at(day, 18, 0)), world.a.district).await.is_err(), "another district's bureau");
    let late = district_records(&db.at(&bureau, at(date(2027, 3, 9), 9, 0)), world.a.district).await.expect("late");
    assert!(late.incidents.iter().find(|i| i.id == serious).expect("s").report_overdue, "flagged once the deadline passed");

    // It cannot be closed before its report; the report needs every part, once.
    assert!(matches!(care::close(&db.at(&admin, at(day, 18, 0)), serious).await, Err(DomainError::Invalid { rule: "missing", .. })));
    let partial = NewIncidentReport { lessons: String::new(), ..report() };
    assert!(matches!(care::file_report(&db.at(&admin, at(day, 18, 0)), serious, partial).await, Err(DomainError::Invalid { field: "lessons", .. })));
    assert!(matches!(care::file_report(&db.at(&staff, at(day, 18, 0)), serious, report()).await, Err(DomainError::Forbidden)), "the school files it");
    care::file_report(&db.at(&admin, at(day, 18, 0)), serious, report()).await.expect("filed");
    assert!(matches!(care::file_report(&db.at(&admin, at(day, 18, 1)), serious, report()).await, Err(DomainError::Invalid { rule: "already_filed", .. })));
    care::update(&db.at(&staff, at(date(2027, 3, 2), 9, 0)), serious, "复诊无碍").await.expect("update");
    care::close(&db.at(&admin, at(date(2027, 3, 2), 10, 0)), serious).await.expect("closed");
    let after = district_records(&db.at(&bureau, at(date(2027, 3, 9), 9, 0)), world.a.district).await.expect("after");
    let s = after.incidents.iter().find(|i| i.id == serious).expect("s");
    assert!(s.closed && !s.report_overdue && s.updates.len() == 1);
}

#[tokio::test]
async fn a_serious_incident_is_texted_to_the_bureau_at_once() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    // The bureau official's account gets a phone.
    use sea_orm::{ActiveModelTrait, Set};
    let official = world.a.actor(Role::BureauOfficial).account;
    let mut a: domain::entities::account::ActiveModel = domain::entities::account::Entity::find_by_id(official.0).one(&db.read).await.expect("q").expect("a").into();
    a.phone = Set(Some("13900000009".into()));
    a.update(&db.write).await.expect("phone");
    care::report(&db.at(&world.a.actor(Role::SchoolAdmin), at(date(2027, 3, 1), 17, 0)), world.a.school, incident(Severity::Serious)).await.expect("serious");
    let texts: Vec<_> = outbox_message::Entity::find().all(&db.read).await.expect("q").into_iter().filter(|m| m.recipient == "13900000009").collect();
    assert_eq!(texts.len(), 1);
    assert!(texts[0].body.as_deref().is_some_and(|b| b.contains("严重安全事故")));
}

#[tokio::test]
async fn the_school_and_the_bureau_inspect_on_one_record_and_overdue_or_escalated_findings_reach_the_bureau() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (admin, bureau) = (world.a.actor(Role::SchoolAdmin), world.a.actor(Role::BureauOfficial));
    let day = date(2027, 3, 1);
    let own = inspections::record(&db.at(&admin, at(day, 9, 0)), world.a.school, NewInspection { on_date: day, scope: "功能室、消防".into() }).await.expect("self");
    let theirs = inspections::record(&db.at(&bureau, at(day, 9, 0)), world.a.school, NewInspection { on_date: day, scope: "督查".into() }).await.expect("bureau");
    for who in [world.a.actor(Role::ServiceStaff), world.a.actor(Role::Parent), world.b.actor(Role::BureauOfficial), world.near.actor(Role::SchoolAdmin)] {
        let e = inspections::record(&db.at(&who, at(day, 9, 0)), world.a.school, NewInspection { on_date: day, scope: "x".into() }).await.expect_err("not an inspector");
        assert!(matches!(e, DomainError::Forbidden), "{e:?}");
    }
    let finding = |d: &str, due| NewFinding { description: d.into(), responsible: "李主任".into(), due };
    let lamp = inspections::add_finding(&db.with(&admin), own, finding("应急灯不亮", date(2027, 3, 5))).await.expect("f1");
    let roof = inspections::add_finding(&db.with(&bureau), theirs, finding("体育馆屋顶漏水", date(2027, 3, 20))).await.expect("f2");
    assert!(matches!(inspections::add_finding(&db.with(&admin), own, finding("x", date(2027, 2, 1))).await, Err(DomainError::Invalid { rule: "before_inspection", .. })));
    // The school cannot fix the roof itself: escalated. The lamp is left past its deadline.
    inspections::resolve(&db.at(&admin, at(day, 10, 0)), roof, true, "需区里立项维修").await.expect("escalated");
    assert!(matches!(inspections::resolve(&db.at(&bureau, at(day, 10, 0)), lamp, false, "x").await, Err(DomainError::Forbidden)), "the school fixes its own");
    let watch = district_records(&db.at(&bureau, at(date(2027, 3, 6), 9, 0)), world.a.district).await.expect("watch");
    let mut names: Vec<_> = watch.findings.iter().map(|f| (f.description.as_str(), f.overdue, f.escalated.is_some())).collect();
    names.sort();
    assert_eq!(names, vec![("体育馆屋顶漏水", false, true), ("应急灯不亮", true, false)]);
    inspections::resolve(&db.at(&admin, at(date(2027, 3, 6), 10, 0)), lamp, false, "已更换").await.expect("fixed");
    assert!(matches!(inspections::resolve(&db.at(&admin, at(date(2027, 3, 6), 10, 0)), lamp, false, "again").await, Err(DomainError::Invalid { rule: "already_resolved", .. })));
    let records = safety(&db.at(&admin, at(date(2027, 3, 6), 11, 0)), world.a.school).await.expect("school");
    assert_eq!(records.inspector, Inspector::School);
    assert_eq!(records.inspections.len(), 2);
    assert_eq!(safety(&db.at(&bureau, at(day, 11, 0)), world.a.school).await.expect("bureau").inspector, Inspector::Bureau);
    assert!(safety(&db.at(&world.a.actor(Role::Parent), at(day, 11, 0)), world.a.school).await.is_err());
}

#[tokio::test]
async fn visitors_are_registered_in_and_out_and_served_hours_count_each_taken_session() {
    let db = fresh_db().await;
    let world = World::build(&db).await;
    let (sessions, me) = service_sessions(&db, &world.a, ActivityKind::Reading, &[1, 2]).await;
    let staff = world.a.actor(Role::ServiceStaff);
    let day = date(2027, 3, 1);
    let v = visitors::arrive(&db.at(&staff, at(day, 15, 0)), world.a.school, NewVisitor { name: "维修工".into(), phone: "13700000001".into(), visiting: "总务处".into(), purpose: "修灯".into() })
        .await
        .expect("in");
    assert!(matches!(
        visitors::arrive(&db.at(&staff, at(day, 15, 0)), world.a.school, NewVisitor { name: "x".into(), phone: "12".into(), visiting: "x".into(), purpose: "x".into() }).await,
        Err(DomainError::Invalid { field: "phone", .. })
    ));
    assert!(matches!(
        visitors::arrive(&db.at(&world.a.actor(Role::Parent), at(day, 15, 0)), world.a.school, NewVisitor { name: "x".into(), phone: "13700000001".into(), visiting: "x".into(), purpose: "x".into() }).await,
        Err(DomainError::Forbidden)
    ));
    visitors::leave(&db.at(&staff, at(day, 15, 30)), v).await.expect("out");
    assert!(matches!(visitors::leave(&db.at(&staff, at(day, 15, 31)), v).await, Err(DomainError::Invalid { rule: "already_left", .. })));

    attendance::take(&db.at(&staff, at(day, 16, 40)), sessions[0], day, &[], "a").await.expect("monday");
    attendance::take(&db.at(&staff, at(date(2027, 3, 2), 16, 40)), sessions[1], date(2027, 3, 2), &[], "b").await.expect("tuesday");
    let admin = world.a.actor(Role::SchoolAdmin);
    let w = workload::month(&db.with(&admin), world.a.school, day).await.expect("month");
    assert_eq!(w.rows.iter().map(|r| (r.staff, r.sessions, r.minutes)).collect::<Vec<_>>(), vec![(me, 2, 160)]);
    assert!(workload::month(&db.with(&admin), world.a.school, date(2027, 4, 1)).await.expect("april").rows.is_empty());
    assert!(matches!(workload::month(&db.with(&staff), world.a.school, day).await, Err(DomainError::Forbidden)));
    let bytes = workload::to_xlsx(&w, ["姓名", "类别", "次数", "小时"], |_| "职工".into()).expect("xlsx");
    assert_eq!(&bytes[..2], b"PK", "a zip, as every xlsx");
}
