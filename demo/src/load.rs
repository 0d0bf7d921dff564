//! Loading the demo: the seed districts' schools, classes, families and
//! children, sign-ins for every role, and one school that runs its service
//! day and keeps its books from the start.
use crate::city::{city_enrolment, city_term_attendance};
use crate::seeds::{DEMO_LINK_CODE_DAYS, DEMO_PASSWORD, GRADE_NAMES, Names, Scale, SEEDS, SURNAMES, SeedDistrict, Shape, demo_plan};
use crate::sql::{bump_sequence, next_id};
use domain::audit::{self, Event};
use domain::auth::{self, Phone, password};
use domain::authz::{Panel, Role, ScopeKind};
use domain::entities::{city, district, grade, guardian, guardian_student, plan, school, school_class, student, vendor};
use domain::error::{Clash, DomainError, DomainResult};
use domain::org::{SchoolKind, WaiverStatus};
use domain::policy::{self, PolicySettings};
use domain::setup::is_empty;
use domain::store::bulk;
use domain::store::db::Db;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait};
use serde_json::json;
use std::time::Instant;
use wire::plan::{ActivityKind, PlanContent, PlanStatus, ServiceType};
use wire::tender::{DocumentKind, VendorKind};

/// One demo sign-in, printed for the person trying the product.
#[derive(Clone, Debug)]
pub struct DemoSignIn {
    pub role: Role,
    pub login: String,
    pub scope: String,
}

#[derive(Clone, Debug, Default)]
pub struct DemoReport {
    pub districts: usize,
    pub schools: u64,
    pub classes: u64,
    pub students: u64,
    pub guardians: u64,
    pub sign_ins: Vec<DemoSignIn>,
    pub seconds: f64,
    /// `Scale::City`: the child-days of the term's attendance loaded, and
    /// how long that took (within `seconds`).
    pub child_days: u64,
    pub attendance_seconds: f64,
    /// `Scale::City`: the children enrolled with a signed agreement.
    pub enrolled: u64,
    /// Counting the bureau's statistics (within `seconds`).
    pub stats_seconds: f64,
}

struct Ids {
    school: i64,
    grade: i64,
    class: i64,
    student: i64,
    guardian: i64,
}

/// Loads the demo data. Refuses when the database already has districts.
pub async fn load(db: &Db, scale: Scale, now: chrono::DateTime<chrono::Utc>) -> DomainResult<DemoReport> {
    let started = Instant::now();
    let conn = &db.write;
    if !is_empty(conn).await? {
        return Err(DomainError::Conflict(Clash::DatabaseNotEmpty));
    }
    let shape = scale.shape();
    let mut names = Names(2017);
    let mut report = DemoReport { districts: SEEDS.len(), ..DemoReport::default() };
    let mut ids = Ids {
        school: next_id(conn, "school").await?,
        grade: next_id(conn, "grade").await?,
        class: next_id(conn, "school_class").await?,
        student: next_id(conn, "student").await?,
        guardian: next_id(conn, "guardian").await?,
    };
    // (seed, district id, its first three school ids, its first class id)
    let mut placed = Vec::new();
    let effective = NaiveDate::from_ymd_opt(2017, 9, 1).ok_or_else(|| DomainError::Internal("date".into()))?;
    for seed in SEEDS {
        let txn = conn.begin().await?;
        let city = city::ActiveModel {
            code: Set(seed.city.0.into()),
            name: Set(seed.city.1.into()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let d = district::ActiveModel {
            city_id: Set(city.id),
            code: Set(seed.district.0.into()),
            name: Set(seed.district.1.into()),
            seed_key: Set(Some(seed.seed.into())),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let preset = policy::preset(seed.seed).ok_or_else(|| DomainError::Internal("preset".into()))?;
        policy::publish(&txn, domain::ids::DistrictId(d.id), effective, &preset, now).await?;
        let kinds = [("课后服务有限公司", VendorKind::AfterSchool), ("餐饮管理有限公司", VendorKind::Catering), ("教育科技有限公司", VendorKind::AfterSchool)];
        for (i, (v, kind)) in kinds.iter().enumerate() {
            vendor::ActiveModel {
                city_id: Set(city.id),
                name: Set(format!("{}{}", &seed.city.1[..seed.city.1.len() - 3], v)),
                credit_code: Set(format!("91{}MA{:08}", seed.city.0, i + 1)),
                kind: Set(kind.as_str().into()),
                phone: Set(String::new()),
            ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;

        let generated = (0..shape.generated_schools_per_district).map(|i| {
            let kind = if i % 10 == 9 { SchoolKind::Private } else { SchoolKind::District };
            (format!("{}第{}小学", seed.district.1, i + 1), kind)
        });
        let schools: Vec<(String, SchoolKind)> =
            seed.schools.iter().map(|(n, k)| (n.to_string(), *k)).chain(generated).collect();
        // Ids are handed out in order, so the first schools and class are known now.
        let (first_school, first_class) = (ids.school, ids.class);
        for (i, (name, kind)) in schools.iter().enumerate() {
            insert_school(conn, &shape, &mut ids, &mut names, d.id, seed, i, name, *kind, &mut report, now).await?;
        }
        publish_plans(conn, seed, &preset, first_school..ids.school, now).await?;
        if seed.seed == "002" {
            // One school still charges last year's 120 yuan a month, above
            // the district's 100-yuan cap: the bureau's flags show it.
            fee_over_cap(conn, first_school + 3, 12_000).await?;
        }
        placed.push((seed, d.id, (first_school..first_school + 3).collect(), first_class));
    }
    for table in ["school", "grade", "school_class", "student", "guardian"] {
        bump_sequence(conn, table).await?;
    }
    report.sign_ins = demo_accounts(db, &placed, now).await?;
    report.sign_ins.extend(demo_enrolment(db, &placed[1], &[("13800000002", "陈静")], now).await?);
    // District 004's first school runs the service day from the start: its
    // first class enrolled, a vetted staff member and a published timetable.
    // A second named guardian there tries the withdrawal with a refund.
    report.sign_ins.extend(demo_enrolment(db, &placed[4], &[("13800000004", "赵敏"), ("13800000005", "孙丽")], now).await?);
    demo_service_day(db, &placed[4], now).await?;
    demo_money(db, &placed[4], now).await?;
    if scale == Scale::City {
        let loading = Instant::now();
        report.child_days = city_term_attendance(db, now).await?;
        report.attendance_seconds = loading.elapsed().as_secs_f64();
        report.enrolled = city_enrolment(db, now).await?;
    }
    // The bureau's statistics, counted once for every month so far.
    let counting = Instant::now();
    let first: Option<NaiveDate> = plan::Entity::find().select_only().column_as(plan::Column::TermStart.min(), "first").into_tuple().one(conn).await?.flatten();
    let today = domain::clock::local_date(now);
    let districts: Vec<i64> = placed.iter().map(|(_, d, ..)| *d).collect();
    domain::bureau::stats::recount_all(conn, &districts, first.unwrap_or(today).min(today), today).await?;
    report.stats_seconds = counting.elapsed().as_secs_f64();
    let txn = conn.begin().await?;
    audit::record(&txn, now,
        Event::new(
            None,
            "demo.loaded",
            "database",
            json!({"scale": format!("{scale:?}"), "schools": report.schools, "students": report.students}),
        ),
    )
    .await?;
    txn.commit().await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Publishes this term's plan in each of the schools (ids in `schools`).
async fn publish_plans<C: ConnectionTrait>(
    db: &C,
    seed: &SeedDistrict,
    policy: &PolicySettings,
    schools: std::ops::Range<i64>,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<()> {
    let content = demo_plan(seed, domain::clock::local_date(now));
    let problems = domain::enrolment::plan::problems(&content, policy);
    if !problems.is_empty() {
        return Err(DomainError::Internal(format!("demo plan of {} breaks its policy: {problems:?}", seed.seed)));
    }
    let json = serde_json::to_string(&content)?;
    let rows = schools.map(|school_id| plan::ActiveModel {
        school_id: Set(school_id),
        status: Set(PlanStatus::Published.as_str().into()),
        term_start: Set(content.term_start),
        term_end: Set(content.term_end),
        content: Set(json.clone()),
        policy_version: Set(Some(1)),
        created_at: Set(now),
        updated_at: Set(now),
        published_at: Set(Some(now)),
        ..Default::default()
    });
    Ok(bulk::insert(db, rows.collect()).await?)
}

async fn fee_over_cap<C: ConnectionTrait>(db: &C, school: i64, fen: i64) -> DomainResult<()> {
    let Some(p) = plan::Entity::find().filter(plan::Column::SchoolId.eq(school)).one(db).await? else { return Ok(()) };
    let mut content: PlanContent = serde_json::from_str(&p.content)?;
    content.fee_fen_per_month = fen;
    let mut m: plan::ActiveModel = p.into();
    m.content = Set(serde_json::to_string(&content)?);
    m.update(db).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_school<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    shape: &Shape,
    ids: &mut Ids,
    names: &mut Names,
    district_id: i64,
    seed: &SeedDistrict,
    index: usize,
    name: &str,
    kind: SchoolKind,
    report: &mut DemoReport,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<()> {
    let school_id = ids.school;
    ids.school += 1;
    // Spread schools around the district centre on a small spiral.
    // Spread inside the district's real boundary where the map has it.
    let (longitude, latitude) = domain::bureau::geo::point_inside(seed.district.0, index as u64).unwrap_or_else(|| {
        let (angle, radius) = (index as f64 * 2.399, 0.01 + 0.004 * (index as f64).sqrt());
        (seed.centre.0 + radius * angle.cos(), seed.centre.1 + radius * angle.sin())
    });
    let mut grades = Vec::new();
    let mut classes = Vec::new();
    let mut students = Vec::new();
    let mut guardians = Vec::new();
    let mut links = Vec::new();
    let mut student_ids = Vec::new();
    for (g, grade_name) in GRADE_NAMES.iter().enumerate() {
        let grade_id = ids.grade;
        ids.grade += 1;
        grades.push(grade::ActiveModel {
            id: Set(grade_id),
            school_id: Set(school_id),
            level: Set(g as i32 + 1),
            name: Set((*grade_name).into()),
        });
        for c in 0..shape.classes_per_grade {
            let class_id = ids.class;
            ids.class += 1;
            classes.push(school_class::ActiveModel {
                id: Set(class_id),
                school_id: Set(school_id),
                grade_id: Set(grade_id),
                name: Set(format!("{}（{}）班", grade_name, c + 1)),
            });
            for n in 0..shape.students_per_class {
                let student_id = ids.student;
                ids.student += 1;
                student_ids.push(student_id);
                let guardian_id = ids.guardian;
                ids.guardian += 1;
                let surname = SURNAMES[names.next(SURNAMES.len())];
                let roll = names.next(100);
                students.push(student::ActiveModel {
                    id: Set(student_id),
                    school_id: Set(school_id),
                    class_id: Set(class_id),
                    name: Set(names.person(Some(surname))),
                    student_no: Set(format!("{}{:02}{:02}{:03}", 2026 - g, c + 1, n + 1, school_id % 1000)),
                    left_behind: Set(roll < 6),
                    migrant_worker: Set((6..14).contains(&roll)),
                    disabled: Set(roll == 14),
                    low_income: Set((15..19).contains(&roll)),
                    waiver_status: Set(if (15..19).contains(&roll) { WaiverStatus::Approved } else { WaiverStatus::None }
                        .as_str()
                        .into()),
                });
                guardians.push(guardian::ActiveModel {
                    id: Set(guardian_id),
                    account_id: Set(None),
                    name: Set(names.person(Some(surname))),
                    phone: Set(format!("139{:08}", guardian_id % 100_000_000)),
                });
                links.push(guardian_student::ActiveModel {
                    guardian_id: Set(guardian_id),
                    student_id: Set(student_id),
                    relation: Set(if names.next(2) == 0 { "father" } else { "mother" }.into()),
                    ..Default::default()
                });
            }
        }
    }
    report.schools += 1;
    report.classes += classes.len() as u64;
    report.students += students.len() as u64;
    report.guardians += guardians.len() as u64;
    let txn = db.begin().await?;
    school::ActiveModel {
        id: Set(school_id),
        district_id: Set(district_id),
        name: Set(name.into()),
        kind: Set(kind.as_str().into()),
        address: Set(format!("{}{}", seed.city.1, seed.district.1)),
        longitude: Set(longitude),
        latitude: Set(latitude),
        link_code_days: Set(DEMO_LINK_CODE_DAYS),
    }
    .insert(&txn)
    .await?;
    bulk::insert(&txn, grades).await?;
    bulk::insert(&txn, classes).await?;
    bulk::insert(&txn, students).await?;
    bulk::insert(&txn, guardians).await?;
    bulk::insert(&txn, links).await?;
    // Every child has a code the school can print for a second guardian.
    domain::families::links::issue(&txn, None, school_id, &student_ids, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Accounts for every role in every district; the parent of district 000 has
/// two children in two schools, and a second parent one child.
async fn demo_accounts(
    db: &Db,
    placed: &[(&SeedDistrict, i64, Vec<i64>, i64)],
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<Vec<DemoSignIn>> {
    let conn = &db.write;
    let hash = password::hash(password::Password::new(DEMO_PASSWORD)?).await?;
    let mut out = Vec::new();
    let txn = conn.begin().await?;
    for (seed, district_id, schools, first_class) in placed {
        let s = seed.seed;
        let school = schools[0];
        let vendors = demo_vendors(&txn, seed, *district_id, now).await?;
        let city = domain::scope::find_district(&txn, domain::ids::DistrictId(*district_id)).await?.city_id;
        let accounts: [(String, String, Role, ScopeKind, i64, Option<Panel>); 12] = [
            (format!("bureau{s}"), format!("{}教育局 督导员", seed.district.1), Role::BureauOfficial, ScopeKind::District, *district_id, None),
            (format!("school{s}"), "分管副校长".into(), Role::SchoolAdmin, ScopeKind::School, school, None),
            (format!("teacher{s}"), "一（1）班 班主任".into(), Role::ClassTeacher, ScopeKind::Class, *first_class, None),
            // Assigned to the first class, whose children's needs they read.
            (format!("staff{s}"), "托管教师（一（1）班）".into(), Role::ServiceStaff, ScopeKind::Class, *first_class, None),
            (format!("inquiry{s}"), "家委会 询价委员".into(), Role::FamilyCommittee, ScopeKind::School, school, Some(Panel::PriceInquiry)),
            (format!("supervisor{s}"), "家委会 监督委员".into(), Role::FamilyCommittee, ScopeKind::School, school, Some(Panel::Supervision)),
            (format!("inquiry{s}b"), "家委会 询价委员（二）".into(), Role::FamilyCommittee, ScopeKind::School, school, Some(Panel::PriceInquiry)),
            (format!("treasurer{s}"), "家委会 财务".into(), Role::FamilyCommittee, ScopeKind::School, school, Some(Panel::Treasurer)),
            (format!("vendor{s}"), "第三方机构 负责人".into(), Role::Vendor, ScopeKind::Vendor, vendors[0], None),
            (format!("vendor{s}b"), "供餐企业 负责人".into(), Role::Vendor, ScopeKind::Vendor, vendors[1], None),
            (format!("vendor{s}c"), "第三方机构 负责人".into(), Role::Vendor, ScopeKind::Vendor, vendors[2], None),
            (format!("city{s}"), format!("{}教育局 审批员", seed.city.1), Role::CityOfficial, ScopeKind::City, city, None),
        ];
        for (login, name, role, kind, scope, panel) in accounts {
            let id = auth::insert_account(&txn, &None, &Some(login.clone()), &name, hash.clone(), now).await?;
            auth::insert_grants(&txn, id, &[(role, kind, scope, panel)]).await?;
            out.push(DemoSignIn { role, login, scope: scope_label(seed, role) });
        }
        // The second school's admin and first class teacher, so that two
        // schools can be run side by side.
        let second_class = school_class::Entity::find()
            .filter(school_class::Column::SchoolId.eq(schools[1]))
            .order_by_asc(school_class::Column::Id)
            .one(&txn)
            .await?
            .ok_or(DomainError::NotFound)?;
        let second: [(String, &str, Role, ScopeKind, i64); 2] = [
            (format!("school{s}b"), "分管副校长", Role::SchoolAdmin, ScopeKind::School, schools[1]),
            (format!("teacher{s}b"), "一（1）班 班主任", Role::ClassTeacher, ScopeKind::Class, second_class.id),
        ];
        for (login, name, role, kind, scope) in second {
            let id = auth::insert_account(&txn, &None, &Some(login.clone()), name, hash.clone(), now).await?;
            auth::insert_grants(&txn, id, &[(role, kind, scope, None)]).await?;
            out.push(DemoSignIn { role, login, scope: seed.schools[1].0.into() });
        }
    }
    // Parents in district 000: one with a child in each of its first two
    // schools, one with a single child in the third.
    let (seed, _, schools, _) = &placed[0];
    let families: [(&str, &str, &[i64]); 2] = [
        ("13800000000", "王芳", &schools[..2]),
        ("13800000001", "李强", &schools[2..3]),
    ];
    for (phone, name, in_schools) in families {
        let phone = Phone::parse(phone)?;
        let account = auth::insert_account(&txn, &Some(phone.clone()), &None, name, hash.clone(), now).await?;
        let g = guardian::ActiveModel {
            account_id: Set(Some(account.0)),
            name: Set(name.into()),
            phone: Set(phone.as_str().into()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        auth::insert_grants(&txn, account, &[(Role::Parent, ScopeKind::Family, g.id, None)]).await?;
        for school in in_schools {
            let child = student::Entity::find()
                .filter(student::Column::SchoolId.eq(*school))
                // The first child of the first class: the demo class teacher's.
                .order_by_asc(student::Column::Id)
                .limit(1)
                .one(&txn)
                .await?
                .ok_or(DomainError::NotFound)?;
            guardian_student::ActiveModel {
                guardian_id: Set(g.id),
                student_id: Set(child.id),
                relation: Set("mother".into()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        out.push(DemoSignIn { role: Role::Parent, login: phone.as_str().into(), scope: seed.district.1.into() });
    }
    txn.commit().await?;
    Ok(out)
}

fn scope_label(seed: &SeedDistrict, role: Role) -> String {
    match role {
        Role::BureauOfficial => seed.district.1.to_string(),
        Role::CityOfficial => seed.city.1.to_string(),
        Role::Vendor => seed.city.1.to_string(),
        _ => seed.schools[0].0.to_string(),
    }
}

/// The city's demo vendors, each entered into this district with its
/// licences valid for years: they can bid on the district's tenders at once.
async fn demo_vendors<C: ConnectionTrait>(db: &C, seed: &SeedDistrict, district: i64, now: chrono::DateTime<chrono::Utc>) -> DomainResult<Vec<i64>> {
    use domain::entities::{vendor_document, vendor_entry};
    let vendors = vendor::Entity::find()
        .filter(vendor::Column::CreditCode.starts_with(format!("91{}", seed.city.0)))
        .order_by_asc(vendor::Column::Id)
        .all(db)
        .await?;
    let valid = NaiveDate::from_ymd_opt(2036, 12, 31).ok_or_else(|| DomainError::Internal("date".into()))?;
    for v in &vendors {
        vendor_entry::ActiveModel { vendor_id: Set(v.id), district_id: Set(district), status: Set("approved".into()), requested_at: Set(now), ..Default::default() }.insert(db).await?;
        let mut docs = vec![(DocumentKind::BusinessLicence, v.credit_code.clone())];
        if v.kind == VendorKind::Catering.as_str() {
            docs.push((DocumentKind::CateringLicence, format!("JY{}", &v.credit_code[2..])));
        }
        for (kind, number) in docs {
            vendor_document::ActiveModel { vendor_id: Set(v.id), kind: Set(kind.as_str().into()), number: Set(number), expires_on: Set(valid), added_at: Set(now), ..Default::default() }
                .insert(db)
                .await?;
        }
    }
    if vendors.len() < 3 {
        return Err(DomainError::Internal("demo vendors".into()));
    }
    Ok(vendors.iter().map(|v| v.id).collect())
}

/// Children who may attend: in a district's first school, the first
/// class's first children are enrolled and their guardians (with sign-ins)
/// signed the plan's agreement, so a timetable can group them at once. The
/// first children's guardians are the demo parents `named` (phone, name).
async fn demo_enrolment(db: &Db, placed: &(&SeedDistrict, i64, Vec<i64>, i64), named: &[(&str, &str)], now: chrono::DateTime<chrono::Utc>) -> DomainResult<Vec<DemoSignIn>> {
    use domain::entities::{agreement, application, signature};
    use sha2::{Digest, Sha256};
    const CHILDREN: u64 = 12;
    let (seed, _, schools, first_class) = placed;
    let conn = &db.write;
    let hash = password::hash(password::Password::new(DEMO_PASSWORD)?).await?;
    let txn = conn.begin().await?;
    let plan = plan::Entity::find().filter(plan::Column::SchoolId.eq(schools[0])).one(&txn).await?.ok_or(DomainError::NotFound)?;
    let admin = auth::insert_account(&txn, &None, &Some(format!("agreement{}", seed.seed)), "学校（协议签章）", hash.clone(), now).await?;
    let text = "课后服务协议：服务时间为每周一至周五放学后至 18:00；家长或授权接送人按时接送；学生遵守托管纪律。";
    let text_hash = hex::encode(Sha256::digest(text.as_bytes()));
    // Families signed before the term began, so they are billed for all of it.
    let signed_at = (plan.term_start - chrono::Duration::days(7)).and_hms_opt(2, 0, 0).map(|d| d.and_utc()).unwrap_or(now).min(now);
    let a = agreement::ActiveModel {
        plan_id: Set(plan.id),
        version: Set(1),
        text: Set(text.into()),
        text_hash: Set(text_hash.clone()),
        published_by: Set(admin.0),
        published_at: Set(signed_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let sign = |application_id: Option<i64>, party: &str, account: i64, name: String| signature::ActiveModel {
        agreement_id: Set(a.id),
        application_id: Set(application_id),
        party: Set(party.into()),
        account_id: Set(account),
        signer_name: Set(name),
        channel: Set(wire::agreement::CHANNEL_WEB.into()),
        text_hash: Set(text_hash.clone()),
        signed_at: Set(signed_at),
        accident_insurance: Set(None),
        insurer: Set(None),
        ..Default::default()
    };
    sign(None, "school", admin.0, "学校".into()).insert(&txn).await?;
    let children = student::Entity::find()
        .filter(student::Column::ClassId.eq(*first_class))
        .order_by_asc(student::Column::Id)
        .limit(CHILDREN)
        .all(&txn)
        .await?;
    let mut parents = Vec::new();
    for (i, child) in children.iter().enumerate() {
        let link = guardian_student::Entity::find().filter(guardian_student::Column::StudentId.eq(child.id)).one(&txn).await?.ok_or(DomainError::NotFound)?;
        let mut g: guardian::ActiveModel = guardian::Entity::find_by_id(link.guardian_id).one(&txn).await?.ok_or(DomainError::NotFound)?.into();
        let (phone, name) = match named.get(i) {
            Some((phone, name)) => (phone.to_string(), name.to_string()),
            None => (g.phone.clone().unwrap(), g.name.clone().unwrap()),
        };
        let account = auth::insert_account(&txn, &Some(Phone::parse(&phone)?), &None, &name, hash.clone(), now).await?;
        auth::insert_grants(&txn, account, &[(Role::Parent, ScopeKind::Family, link.guardian_id, None)]).await?;
        g.account_id = Set(Some(account.0));
        g.phone = Set(phone.clone());
        g.name = Set(name.clone());
        g.update(&txn).await?;
        let app = application::ActiveModel {
            plan_id: Set(plan.id),
            school_id: Set(schools[0]),
            student_id: Set(child.id),
            guardian_id: Set(link.guardian_id),
            status: Set(wire::enrolment::ApplicationStatus::Enrolled.as_str().into()),
            step: Set(2),
            left_behind: Set(child.left_behind),
            migrant_worker: Set(child.migrant_worker),
            disabled: Set(child.disabled),
            low_income: Set(child.low_income),
            waiver_claimed: Set(false),
            note: Set(String::new()),
            idempotency_key: Set(format!("demo-{}-{}", seed.seed, child.id)),
            reason: Set(None),
            allocation_rank: Set(Some(i as i32 + 1)),
            priority: Set(false),
            submitted_at: Set(now),
            updated_at: Set(now),
            ended_on: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        sign(Some(app.id), "guardian", account.0, name.clone()).insert(&txn).await?;
        sign(Some(app.id), "student", account.0, child.name.clone()).insert(&txn).await?;
        if i < named.len() {
            parents.push(DemoSignIn { role: Role::Parent, login: phone, scope: seed.schools[0].0.into() });
        }
    }
    txn.commit().await?;
    Ok(parents)
}

/// A school whose service day can be run at once: a classroom, the demo
/// staff sign-in as a vetted worker who leads a Monday-to-Friday session for
/// the enrolled first class, the class teacher as a vetted teacher who may
/// lead the day, and the timetable published.
async fn demo_service_day(db: &Db, placed: &(&SeedDistrict, i64, Vec<i64>, i64), now: chrono::DateTime<chrono::Utc>) -> DomainResult<()> {
    use domain::operations::{rooms, staff, timetable};
    use wire::operations::{GroupAddition, NewRoom, NewStaff, NewVetting, RoomKind, StaffKind, VettingResult};
    let (seed, _, schools, first_class) = placed;
    let conn = &db.write;
    let admin = domain::entities::account::Entity::find()
        .filter(domain::entities::account::Column::Username.eq(format!("school{}", seed.seed)))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let admin = domain::auth::actor_of_account(conn, domain::ids::AccountId(admin.id)).await?;
    let school = domain::ids::SchoolId(schools[0]);
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let room = rooms::add(&db.at(&admin, now), school, NewRoom { name: "一（1）班教室".into(), kind: RoomKind::Classroom, capacity: 45 }).await?;
    let people = [
        (StaffKind::Worker, "刘老师", "13600000041", format!("staff{}", seed.seed)),
        (StaffKind::Teacher, "周副校长", "13600000042", format!("teacher{}", seed.seed)),
    ];
    let mut ids = Vec::new();
    for (kind, name, phone, sign_in) in people {
        let id = staff::add(&db.at(&admin, now), school, NewStaff { kind, name: name.into(), phone: phone.into(), organisation: String::new() }).await?;
        // The person signs in with their own account, having accepted the school's invitation.
        let holder = domain::entities::account::Entity::find().filter(domain::entities::account::Column::Username.eq(sign_in)).one(conn).await?.ok_or(DomainError::NotFound)?;
        let holder = domain::auth::actor_of_account(conn, domain::ids::AccountId(holder.id)).await?;
        let (_, code) = staff::invite(&db.at(&admin, now), id).await?;
        staff::accept_invitation(&db.at(&holder, now), &code).await?;
        let check = NewVetting { checked_on: day(2026, 8, 20), result: VettingResult::Clear, qualification: "教师资格证".into(), valid_until: day(2028, 8, 31) };
        staff::record_vetting(&db.at(&admin, now), id, check).await?;
        ids.push(id);
    }
    let plan = plan::Entity::find().filter(plan::Column::SchoolId.eq(schools[0])).one(conn).await?.ok_or(DomainError::NotFound)?;
    let t = timetable::open(&db.at(&admin, now), domain::ids::PlanId(plan.id)).await?;
    let group = timetable::add_group(&db.at(&admin, now), t, "一年级托管组").await?;
    timetable::add_to_group(&db.at(&admin, now), group, GroupAddition { student: None, class: Some(domain::ids::ClassId(*first_class)) }).await?;
    let time = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    for weekday in 1..=5 {
        let s = wire::operations::NewSession {
            weekday,
            starts_at: time(16, 30),
            ends_at: time(18, 0),
            service_type: ServiceType::AfterSchool,
            activity: ActivityKind::HomeworkHelp,
            title: String::new(),
            room,
            group,
            lead: Some(ids[0]),
            second: None,
            third: None,
            dining: false,
        };
        timetable::add_session(&db.at(&admin, now), t, s).await?;
    }
    timetable::publish(&db.at(&admin, now), t).await?;
    Ok(())
}

/// District 004's first school keeps its books from the start: this
/// month's charges are booked and every enrolled family but the last has
/// paid by bank transfer (so a withdrawal gives money back, and one
/// family still owes).
async fn demo_money(db: &Db, placed: &(&SeedDistrict, i64, Vec<i64>, i64), now: chrono::DateTime<chrono::Utc>) -> DomainResult<()> {
    use domain::money::ledger::{self, Posting};
    use wire::money::PostingKind;
    let (_, _, schools, _) = placed;
    let conn = &db.write;
    let s = domain::scope::find_school(conn, domain::ids::SchoolId(schools[0])).await?;
    let month = domain::dates::month_of(domain::clock::local_date(now)).0;
    domain::money::billing::bill_school(conn, &s, month, None, now).await?;
    let charges = domain::entities::charge::Entity::find().filter(domain::entities::charge::Column::SchoolId.eq(s.id)).order_by_asc(domain::entities::charge::Column::StudentId).all(conn).await?;
    let payments: Vec<Posting> = charges
        .iter()
        .take(charges.len().saturating_sub(1))
        .map(|c| Posting::new(PostingKind::Payment, c.amount_fen, month).student(c.student_id).memo("银行转账").reference(format!("bank:DEMO{}{}", month.format("%Y%m"), c.student_id)))
        .collect();
    let txn = conn.begin().await?;
    ledger::book(&txn, s.id, domain::ids::AccountId(0), &payments, now).await?;
    txn.commit().await?;
    Ok(())
}
