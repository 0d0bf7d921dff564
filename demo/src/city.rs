//! The city-scale generators (`Scale::City`): every child enrolled and a
//! term of attendance, so that billing and the bureau's figures have a city
//! to work on.
use domain::entities::{guardian_student, plan, school, school_class, student};
use domain::error::DomainResult;
use domain::org::WaiverStatus;
use domain::policy::{self, PolicySettings};
use domain::store::bulk;
use domain::store::db::Db;
use chrono::Datelike;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use std::collections::HashMap;
use wire::plan::{ActivityKind, PlanContent};

/// Every child of a city-scale demo enrolled in their school's plan, with
/// the guardian's signature of the agreement a week before the term, so
/// that billing and the bureau's counts have a city to work on. Children
/// whose household is registered low-income claim the waiver, approved
/// where the district asks for proof. Only guardians' signatures are made
/// (the attendance check reads those). Returns the children enrolled.
pub(crate) async fn city_enrolment(db: &Db, now: chrono::DateTime<chrono::Utc>) -> DomainResult<u64> {
    use domain::entities::{agreement, application, signature, status_claim};
    use std::collections::HashSet;
    let conn = &db.write;
    let started: HashSet<i64> = application::Entity::find().all(conn).await?.into_iter().map(|a| a.plan_id).collect();
    let mut enrolled = 0u64;
    let mut rules: HashMap<i64, PolicySettings> = HashMap::new();
    for p in plan::Entity::find().order_by_asc(plan::Column::Id).all(conn).await? {
        if started.contains(&p.id) {
            continue;
        }
        let s = domain::scope::find_school(conn, domain::ids::SchoolId(p.school_id)).await?;
        let proof_steps = match rules.entry(s.district_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(policy::in_force(conn, domain::ids::DistrictId(s.district_id), p.term_start).await?.1),
        }
        .proof_review
        .len() as i64;
        let proof = proof_steps > 0;
        let students = student::Entity::find().filter(student::Column::SchoolId.eq(s.id)).order_by_asc(student::Column::Id).all(conn).await?;
        let guardians: HashMap<i64, i64> =
            guardian_student::Entity::find().filter(guardian_student::Column::StudentId.is_in(students.iter().map(|st| st.id))).all(conn).await?.into_iter().map(|l| (l.student_id, l.guardian_id)).collect();
        let signed_at = (p.term_start - chrono::Duration::days(7)).and_hms_opt(2, 0, 0).map(|d| d.and_utc()).unwrap_or(now);
        let txn = conn.begin().await?;
        let text = "课后服务协议";
        let a = agreement::ActiveModel { plan_id: Set(p.id), version: Set(1), text: Set(text.into()), text_hash: Set(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()))), published_by: Set(0), published_at: Set(signed_at), ..Default::default() }
            .insert(&txn)
            .await?;
        let apps = bulk::insert_returning(
            &txn,
            students
                .iter()
                .filter_map(|st| {
                    let guardian = *guardians.get(&st.id)?;
                    Some(application::ActiveModel {
                        plan_id: Set(p.id),
                        school_id: Set(s.id),
                        student_id: Set(st.id),
                        guardian_id: Set(guardian),
                        status: Set(wire::enrolment::ApplicationStatus::Enrolled.as_str().into()),
                        step: Set(2),
                        left_behind: Set(st.left_behind),
                        migrant_worker: Set(st.migrant_worker),
                        disabled: Set(st.disabled),
                        low_income: Set(st.low_income),
                        waiver_claimed: Set(st.waiver_status == WaiverStatus::Approved.as_str()),
                        note: Set(String::new()),
                        idempotency_key: Set(format!("city-{}", st.id)),
                        reason: Set(None),
                        allocation_rank: Set(None),
                        priority: Set(false),
                        submitted_at: Set(signed_at),
                        updated_at: Set(signed_at),
                        ended_on: Set(None),
                        ..Default::default()
                    })
                })
                .collect(),
        )
        .await?;
        let signatures = apps.iter().map(|app| signature::ActiveModel {
            agreement_id: Set(a.id),
            application_id: Set(Some(app.id)),
            party: Set(wire::agreement::Party::Guardian.as_str().into()),
            account_id: Set(0),
            signer_name: Set(String::new()),
            channel: Set(wire::agreement::CHANNEL_WEB.into()),
            text_hash: Set(a.text_hash.clone()),
            signed_at: Set(signed_at),
            accident_insurance: Set(Some(wire::agreement::AccidentInsurance::Insured.as_str().into())),
            insurer: Set(None),
            ..Default::default()
        });
        bulk::insert(&txn, signatures.collect()).await?;
        if proof {
            let claims = apps.iter().filter(|app| app.waiver_claimed).map(|app| status_claim::ActiveModel {
                school_id: Set(s.id),
                application_id: Set(app.id),
                student_id: Set(app.student_id),
                kind: Set(wire::money::ClaimKind::Waiver.as_str().into()),
                status: Set(wire::money::ClaimStatus::Approved.as_str().into()),
                step: Set(proof_steps),
                proof: Set(None),
                proof_pdf: Set(false),
                purge_after: Set(p.term_end),
                uploaded_at: Set(None),
                reason: Set(None),
                decided_by: Set(None),
                decided_at: Set(Some(signed_at)),
                ..Default::default()
            });
            bulk::insert(&txn, claims.collect()).await?;
        }
        txn.commit().await?;
        enrolled += apps.len() as u64;
    }
    Ok(enrolled)
}

/// One term of attendance for every class of a city-scale demo, for the
/// bureau's benchmark: each school without a timetable gets one whose
/// groups are its classes, one session per class and weekday, and a
/// register for every weekday of the term (about 3 % absent, chosen by a
/// fixed hash), with the daily totals per class. Rows go in by school.
/// Returns the child-days loaded.
pub(crate) async fn city_term_attendance(db: &Db, now: chrono::DateTime<chrono::Utc>) -> DomainResult<u64> {
    use domain::entities::{attendance_sheet, attendance_total, room, service_group, service_session, timetable, timetable_publication};
    use wire::operations::{PublishedTimetable, Session};
    let conn = &db.write;
    let time = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let taken: std::collections::HashSet<i64> = timetable::Entity::find().all(conn).await?.into_iter().map(|t| t.school_id).collect();
    let mut child_days = 0u64;
    for s in school::Entity::find().order_by_asc(school::Column::Id).all(conn).await? {
        if taken.contains(&s.id) {
            continue;
        }
        let Some(p) = plan::Entity::find().filter(plan::Column::SchoolId.eq(s.id)).one(conn).await? else { continue };
        let content: PlanContent = serde_json::from_str(&p.content)?;
        let classes = school_class::Entity::find().filter(school_class::Column::SchoolId.eq(s.id)).order_by_asc(school_class::Column::Id).all(conn).await?;
        let students = student::Entity::find().filter(student::Column::SchoolId.eq(s.id)).order_by_asc(student::Column::Id).all(conn).await?;
        let grade_of: HashMap<i64, i64> = classes.iter().map(|c| (c.id, c.grade_id)).collect();
        let txn = conn.begin().await?;
        let t = timetable::ActiveModel { school_id: Set(s.id), plan_id: Set(p.id), children_per_adult: Set(40), created_at: Set(now), changed_at: Set(now), ..Default::default() }
            .insert(&txn)
            .await?;
        let r = room::ActiveModel { school_id: Set(s.id), name: Set("教室".into()), kind: Set("classroom".into()), capacity: Set(60), created_at: Set(now), retired_at: Set(None), ..Default::default() }
            .insert(&txn)
            .await?;
        let groups = bulk::insert_returning(
            &txn,
            classes.iter().map(|c| service_group::ActiveModel { timetable_id: Set(t.id), name: Set(c.name.clone()), created_at: Set(now), removed_at: Set(None), ..Default::default() }).collect(),
        )
        .await?;
        let mut rows = Vec::new();
        for g in &groups {
            for weekday in &content.weekdays {
                rows.push(service_session::ActiveModel {
                    timetable_id: Set(t.id),
                    weekday: Set(i32::from(*weekday)),
                    starts_at: Set(content.dismissal_time),
                    ends_at: Set(time(17, 30)),
                    service_type: Set("after_school".into()),
                    activity: Set("homework_help".into()),
                    title: Set(String::new()),
                    room_id: Set(r.id),
                    group_id: Set(g.id),
                    created_at: Set(now),
                    removed_at: Set(None),
                    ..Default::default()
                });
            }
        }
        let sessions = bulk::insert_returning(&txn, rows).await?;
        // class → its group's children, and (class, weekday) → session.
        let group_class: HashMap<i64, i64> = groups.iter().zip(&classes).map(|(g, c)| (g.id, c.id)).collect();
        let mut kids: HashMap<i64, Vec<i64>> = HashMap::new();
        for st in &students {
            kids.entry(st.class_id).or_default().push(st.id);
        }
        let session_of: HashMap<(i64, i32), i64> = sessions.iter().map(|x| ((group_class[&x.group_id], x.weekday), x.id)).collect();
        let snapshot = PublishedTimetable {
            version: 1,
            sessions: sessions
                .iter()
                .map(|x| Session {
                    id: domain::ids::SessionId(x.id),
                    weekday: x.weekday as u8,
                    starts_at: x.starts_at,
                    ends_at: x.ends_at,
                    service_type: wire::plan::ServiceType::AfterSchool,
                    activity: ActivityKind::HomeworkHelp,
                    title: String::new(),
                    room: domain::ids::RoomId(r.id),
                    room_name: r.name.clone(),
                    group: domain::ids::GroupId(x.group_id),
                    group_name: String::new(),
                    children: kids.get(&group_class[&x.group_id]).map_or(0, Vec::len) as u32,
                    adults: Vec::new(),
                })
                .collect(),
            groups: groups.iter().map(|g| (domain::ids::GroupId(g.id), kids.get(&group_class[&g.id]).into_iter().flatten().map(|k| domain::ids::StudentId(*k)).collect())).collect(),
        };
        timetable_publication::ActiveModel { timetable_id: Set(t.id), version: Set(1), content: Set(serde_json::to_string(&snapshot)?), published_by: Set(1), published_at: Set(now), ..Default::default() }
            .insert(&txn)
            .await?;
        let (mut sheets, mut totals) = (Vec::new(), Vec::new());
        for day in domain::operations::calendar::service_days(content.term_start, content.term_end, &content.weekdays, &[]) {
            let weekday = i32::from(domain::operations::calendar::weekday(day));
            for c in &classes {
                let (Some(session), Some(children)) = (session_of.get(&(c.id, weekday)), kids.get(&c.id)) else { continue };
                // About one child in 33 is absent, a different one each day.
                let salt = day.num_days_from_ce() as i64;
                let absent: Vec<i64> = children.iter().copied().filter(|k| (k * 7919 + salt * 104_729) % 33 == 0).collect();
                sheets.push(attendance_sheet::ActiveModel {
                    school_id: Set(s.id),
                    session_id: Set(*session),
                    on_date: Set(day),
                    children: Set(children.len() as i32),
                    absent: Set(absent.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")),
                    excused: Set(String::new()),
                    kept_out: Set(String::new()),
                    staff_id: Set(0),
                    account_id: Set(0),
                    idempotency_key: Set(format!("demo-{session}-{day}")),
                    taken_at: Set(now),
                    ..Default::default()
                });
                totals.push(attendance_total::ActiveModel {
                    school_id: Set(s.id),
                    grade_id: Set(grade_of[&c.id]),
                    class_id: Set(c.id),
                    on_date: Set(day),
                    present: Set((children.len() - absent.len()) as i32),
                    absent: Set(absent.len() as i32),
                    // One session a day: each child present is one child-day.
                    child_days: Set((children.len() - absent.len()) as i32),
                    ..Default::default()
                });
                child_days += children.len() as u64;
            }
        }
        bulk::insert(&txn, sheets).await?;
        bulk::insert(&txn, totals).await?;
        txn.commit().await?;
    }
    Ok(child_days)
}
