//! Test support: a fresh database per test, and a small world with two of
//! everything, so that "role R cannot reach object X of another school,
//! class, family or vendor" is one call for every service.
use crate::authz::{Actor, Panel, Role, ScopeKind};
use crate::store::db::Db;
use crate::entities::{city, district, grade, guardian, guardian_student, school, school_class, student, vendor};
use crate::error::DomainError;
use crate::ids::{ClassId, DistrictId, GradeId, GuardianId, SchoolId, StudentId, VendorId};
use crate::{auth, auth::password, policy};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

/// A fresh database for one test: in-memory SQLite by default; a new
/// PostgreSQL database when `BEILEI_TEST_POSTGRES` holds a server URL
/// (`postgres://user@host:port`). A test run that names PostgreSQL and cannot
/// reach it fails; it never falls back silently.
pub async fn fresh_db() -> Db {
    let url = match std::env::var("BEILEI_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => fresh_postgres_database(&server).await,
        _ => "sqlite::memory:".to_string(),
    };
    let db = Db::connect(&url).await.unwrap_or_else(|e| panic!("test database {url}: {e}"));
    db.migrate().await.unwrap_or_else(|e| panic!("migrate: {e}"));
    db
}

/// Creates `beilei_test_<random>` on the server and returns its URL. The
/// test command drops the whole private cluster afterwards.
pub async fn fresh_postgres_database(server: &str) -> String {
    use sea_orm::ConnectionTrait;
    let mut raw = [0u8; 8];
    getrandom::fill(&mut raw).expect("randomness");
    let name = format!("beilei_test_{}", hex::encode(raw));
    let admin = sea_orm::Database::connect(format!("{server}/postgres"))
        .await
        .unwrap_or_else(|e| panic!("BEILEI_TEST_POSTGRES={server} is not reachable: {e}"));
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create database");
    let _ = admin.close().await;
    format!("{server}/{name}")
}

/// One side of the world: a district with one school, class, family
/// (guardian + child) and vendor, and an actor for every role scoped there.
pub struct Side {
    pub district: DistrictId,
    pub school: SchoolId,
    pub grade: GradeId,
    pub class: ClassId,
    pub guardian: GuardianId,
    pub student: StudentId,
    pub vendor: VendorId,
    /// Every role's actor, with the user name it signs in with.
    pub actors: Vec<(Role, String, Actor)>,
}

/// Two districts (`a` and `b`), a second school in a's district (`near`),
/// and a second grade with its class and family in a's school (`next_door`):
/// every border an authorization check must hold.
pub struct World {
    pub a: Side,
    pub b: Side,
    pub near: Side,
    pub next_door: Side,
}

/// Every role, with the panel a committee member may carry.
pub const ROLES: &[(Role, Option<Panel>)] = &[
    (Role::Parent, None),
    (Role::ClassTeacher, None),
    (Role::ServiceStaff, None),
    (Role::SchoolAdmin, None),
    (Role::FamilyCommittee, Some(Panel::PriceInquiry)),
    (Role::FamilyCommittee, Some(Panel::Supervision)),
    (Role::FamilyCommittee, Some(Panel::Treasurer)),
    (Role::Vendor, None),
    (Role::BureauOfficial, None),
    (Role::CityOfficial, None),
];

pub const TEST_PASSWORD: &str = "test password 1";

impl Side {
    /// The actor of side `self` holding `role` (the first, for committees).
    pub fn actor(&self, role: Role) -> Actor {
        self.actors.iter().find(|(r, _, _)| *r == role).map(|(_, _, a)| a.clone()).expect("every role has an actor")
    }

    /// The family committee member of side `self` on `panel`.
    pub fn committee(&self, panel: Panel) -> Actor {
        self.actors
            .iter()
            .find(|(r, _, a)| *r == Role::FamilyCommittee && a.grants.iter().any(|g| g.panel == Some(panel)))
            .map(|(_, _, a)| a.clone())
            .expect("committee member")
    }
}

/// Where a new side goes.
enum Within {
    NewDistrict,
    /// Another school of this district.
    District(i64),
    /// Another grade (and class, family) of this school.
    School(i64),
}

impl World {
    pub async fn build(db: &Db) -> World {
        let hash = password::hash_blocking(&password::Password::new(TEST_PASSWORD).expect("pw")).expect("hash");
        let a = side(db, "a", Within::NewDistrict, &hash).await;
        let b = side(db, "b", Within::NewDistrict, &hash).await;
        let near = side(db, "near", Within::District(a.district.0), &hash).await;
        let next_door = side(db, "next", Within::School(a.school.0), &hash).await;
        World { a, b, near, next_door }
    }

    /// Asserts that no actor of side `a` reaches the objects of another
    /// district (`b`) or of another school in its own district (`near`)
    /// through `call`: each answer must be `Forbidden` or `NotFound`. The
    /// bureau's district holds `near`, so only `b` is tried for it.
    pub async fn assert_no_cross_scope_access<F, Fut, T>(&self, what: &str, mut call: F)
    where
        F: FnMut(Actor, &'_ Side) -> Fut,
        Fut: std::future::Future<Output = Result<T, DomainError>>,
        T: std::fmt::Debug,
    {
        for (other, name) in [(&self.b, "another district"), (&self.near, "another school")] {
            for (role, _, actor) in &self.a.actors {
                if *role == Role::BureauOfficial && std::ptr::eq(other, &self.near) {
                    continue;
                }
                match call(actor.clone(), other).await {
                    Err(DomainError::Forbidden | DomainError::NotFound) => {}
                    other => panic!("{what}: {role:?} of side a reached {name}: {other:?}"),
                }
            }
        }
    }

    /// Asserts that side a's class teacher and guardian, whose scopes lie
    /// below the school, reach nothing of another grade's class and family
    /// in the same school (`next_door`) through `call`, which must aim at
    /// class- or child-level objects.
    pub async fn assert_no_cross_class_access<F, Fut, T>(&self, what: &str, mut call: F)
    where
        F: FnMut(Actor, &'_ Side) -> Fut,
        Fut: std::future::Future<Output = Result<T, DomainError>>,
        T: std::fmt::Debug,
    {
        for role in [Role::ClassTeacher, Role::Parent] {
            match call(self.a.actor(role), &self.next_door).await {
                Err(DomainError::Forbidden | DomainError::NotFound) => {}
                other => panic!("{what}: {role:?} of side a reached the class next door: {other:?}"),
            }
        }
    }
}

async fn side(db: &Db, tag: &str, within: Within, hash: &str) -> Side {
    let c = &db.write;
    let (d, s) = match within {
        Within::NewDistrict => {
            let d = new_district(c, tag).await;
            (d, new_school(c, d, tag).await)
        }
        Within::District(d) => (d, new_school(c, d, tag).await),
        Within::School(s) => {
            let school = school::Entity::find_by_id(s).one(c).await.expect("q").expect("school");
            (school.district_id, s)
        }
    };
    let level = if matches!(within, Within::School(_)) { 2 } else { 1 };
    let g = grade::ActiveModel { school_id: Set(s), level: Set(level), name: Set(format!("Grade {tag}")), ..Default::default() }
        .insert(c).await.expect("grade");
    let cl = school_class::ActiveModel { school_id: Set(s), grade_id: Set(g.id), name: Set(format!("Class {tag}")), ..Default::default() }
        .insert(c).await.expect("class");
    let st = student::ActiveModel {
        school_id: Set(s),
        class_id: Set(cl.id),
        name: Set(format!("Child {tag}")),
        student_no: Set(format!("no-{tag}")),
        left_behind: Set(false),
        migrant_worker: Set(false),
        disabled: Set(false),
        low_income: Set(false),
        waiver_status: Set("none".into()),
        ..Default::default()
    }
    .insert(c).await.expect("student");
    let gu = guardian::ActiveModel { account_id: Set(None), name: Set(format!("Guardian {tag}")), phone: Set(String::new()), ..Default::default() }
        .insert(c).await.expect("guardian");
    guardian_student::ActiveModel { guardian_id: Set(gu.id), student_id: Set(st.id), relation: Set("mother".into()), ..Default::default() }
        .insert(c).await.expect("link");
    let city_id = district::Entity::find_by_id(d).one(c).await.expect("q").expect("district").city_id;
    let v = vendor::ActiveModel { city_id: Set(city_id), name: Set(format!("Vendor {tag}")), credit_code: Set(format!("cc-{tag}")), ..Default::default() }
        .insert(c).await.expect("vendor");

    let mut actors = Vec::new();
    for (i, (role, panel)) in ROLES.iter().enumerate() {
        let (kind, scope) = match role {
            Role::Parent => (ScopeKind::Family, gu.id),
            Role::ClassTeacher => (ScopeKind::Class, cl.id),
            Role::ServiceStaff | Role::SchoolAdmin | Role::FamilyCommittee => (ScopeKind::School, s),
            Role::Vendor => (ScopeKind::Vendor, v.id),
            Role::BureauOfficial => (ScopeKind::District, d),
            Role::CityOfficial => (ScopeKind::City, city_id),
        };
        let login = format!("{}-{i}-{tag}", role.as_str());
        let account = auth::insert_account(c, &None, &Some(login.clone()), &login, hash.to_string(), crate::clock::Clock::default().now()).await.expect("account");
        auth::insert_grants(c, account, &[(*role, kind, scope, *panel)]).await.expect("grant");
        if *role == Role::Parent {
            let mut gm: guardian::ActiveModel = gu.clone().into();
            gm.account_id = Set(Some(account.0));
            gm.update(c).await.expect("guardian account");
        }
        let actor = auth::actor_of_account(c, account).await.expect("actor");
        actors.push((*role, login, actor));
    }
    Side {
        district: DistrictId(d),
        school: SchoolId(s),
        grade: GradeId(g.id),
        class: ClassId(cl.id),
        guardian: GuardianId(gu.id),
        student: StudentId(st.id),
        vendor: VendorId(v.id),
        actors,
    }
}

/// A city and district of their own, with district 000's policy.
async fn new_district<C: sea_orm::ConnectionTrait>(c: &C, tag: &str) -> i64 {
    let city = city::ActiveModel { code: Set(format!("city-{tag}")), name: Set(format!("City {tag}")), ..Default::default() }
        .insert(c)
        .await
        .expect("city");
    let d = district::ActiveModel {
        city_id: Set(city.id),
        code: Set(format!("d-{tag}")),
        name: Set(format!("District {tag}")),
        seed_key: Set(None),
        ..Default::default()
    }
    .insert(c)
    .await
    .expect("district");
    policy::publish(c, DistrictId(d.id), chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date"), &policy::preset("000").expect("preset"), crate::clock::Clock::default().now())
        .await
        .expect("policy");
    d.id
}

/// A grant added to an account (a teacher who is also a guardian, say).
pub async fn add_grant(db: &Db, account: crate::ids::AccountId, role: Role, kind: ScopeKind, scope: i64) {
    auth::insert_grants(&db.write, account, &[(role, kind, scope, None)]).await.expect("grant");
}

async fn new_school<C: sea_orm::ConnectionTrait>(c: &C, district: i64, tag: &str) -> i64 {
    school::ActiveModel {
        district_id: Set(district),
        name: Set(format!("School {tag}")),
        kind: Set("district".into()),
        address: Set(String::new()),
        longitude: Set(0.0),
        latitude: Set(0.0),
        ..Default::default()
    }
    .insert(c)
    .await
    .expect("school")
    .id
}

/// A plan every seed district accepts apart from its fee rules.
pub fn sample_plan(fee_fen_per_month: i64) -> wire::plan::PlanContent {
    wire::plan::PlanContent {
        title: "2026—2027学年第二学期课后服务方案".into(),
        term_start: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).expect("d"),
        term_end: chrono::NaiveDate::from_ymd_opt(2027, 7, 9).expect("d"),
        weekdays: vec![1, 2, 3, 4, 5],
        dismissal_time: time(16, 30),
        end_time_summer: time(18, 0),
        end_time_winter: time(18, 0),
        service_types: vec![wire::plan::ServiceType::AfterSchool],
        activities: vec![wire::plan::ActivityKind::HomeworkHelp, wire::plan::ActivityKind::Reading, wire::plan::ActivityKind::Sports],
        capacity: 120,
        fee_fen_per_month,
        billing_period: wire::plan::BillingPeriod::Semester,
        fee_filing_reference: "曲发改价〔2027〕12号".into(),
        fee_filing_date: chrono::NaiveDate::from_ymd_opt(2027, 2, 10),
        liability_insurance: "校方责任险：中国人寿，每生每年 5 元，学校统一投保".into(),
        pickup_rules: "18:00 由家长或授权接送人在东门接走，凭接送卡交接".into(),
        safety_measures: "门卫登记、分区看护、每日点名两次".into(),
        emergency_plan: "突发事件由值班校领导统一指挥，10 分钟内通知家长".into(),
    }
}


/// The sample plan at `fee` fen a month, with the service times and billing
/// period each seed allows (001 and 004 bill by month, the others by term).
pub fn seed_plan(seed: &str, fee: i64) -> wire::plan::PlanContent {
    let mut c = sample_plan(fee);
    if matches!(seed, "001" | "004") {
        c.billing_period = wire::plan::BillingPeriod::Monthly;
    }
    let end = match seed {
        "002" => time(17, 50),
        "003" => time(18, 30),
        _ => time(18, 0),
    };
    (c.end_time_summer, c.end_time_winter) = (end, end);
    c
}

fn time(h: u32, m: u32) -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

/// A published plan at `side`'s school with `side`'s child admitted to it
/// (applied, approved by district 000's chain, places allocated).
pub async fn admitted(db: &Db, side: &Side) -> (wire::ids::PlanId, wire::ids::ApplicationId) {
    use crate::enrolment::applications::{self, Declaration, NewApplication};
    let admin = side.actor(Role::SchoolAdmin);
    let plan = crate::enrolment::plan::save_draft(&db.with(&admin), side.school, None, sample_plan(0)).await.expect("draft");
    crate::enrolment::plan::publish(&db.with(&admin), plan).await.expect("publish");
    let new = NewApplication { plan, student: side.student, declaration: Declaration::default(), idempotency_key: format!("k-{plan}") };
    let app = applications::apply(&db.write, &side.actor(Role::Parent), new, crate::clock::Clock::default().now()).await.expect("apply");
    applications::review(&db.with(&side.actor(Role::ClassTeacher)), app, true, "").await.expect("class teacher");
    applications::review(&db.with(&admin), app, true, "").await.expect("school");
    applications::allocate(&db.with(&admin), plan).await.expect("allocate");
    (plan, app)
}

/// A staff record of `school` that `holder`'s account signs in as: added
/// by the school's `admin`, who invites the person, and the invitation
/// accepted with the code texted to them.
pub async fn staff_signing_in(db: &Db, admin: &Actor, school: SchoolId, person: wire::operations::NewStaff, holder: &Actor, now: chrono::DateTime<chrono::Utc>) -> wire::ids::StaffId {
    use crate::operations::staff;
    let id = staff::add(&db.at(admin, now), school, person).await.expect("staff");
    let (_, code) = staff::invite(&db.at(admin, now), id).await.expect("invited");
    staff::accept_invitation(&db.at(holder, now), &code).await.expect("accepted");
    id
}

/// Registration day: a school with `n` children, each with a signed-in
/// guardian, and a published plan with `n` places. Returns the plan and,
/// per family, the session token and the child. Rows go in by the
/// thousand; sessions are made directly (the sign-in benchmark measures
/// signing in).
pub async fn registration_day(db: &Db, n: usize) -> (wire::ids::PlanId, Vec<(String, StudentId)>) {
    let day = registration_day_at(db, "bench", n, n as u32).await;
    (day.plan, day.families)
}

/// An account `username` (password [`TEST_PASSWORD`]) holding `role` over
/// `scope` of `kind`.
pub async fn account_with(db: &Db, username: &str, role: Role, kind: ScopeKind, scope: i64) -> crate::ids::AccountId {
    let hash = password::hash_blocking(&password::Password::new(TEST_PASSWORD).expect("pw")).expect("hash");
    let account = auth::insert_account(&db.write, &None, &Some(username.into()), username, hash, crate::clock::Clock::default().now()).await.expect("account");
    auth::insert_grants(&db.write, account, &[(role, kind, scope, None)]).await.expect("grant");
    account
}

/// A registration day of its own (see [`registration_day`]), one of several
/// in one database: `tag` names its district, `capacity` its places.
pub struct RegistrationDay {
    pub district: DistrictId,
    pub plan: wire::ids::PlanId,
    pub school: SchoolId,
    pub class: ClassId,
    /// Per family: the session token and the child.
    pub families: Vec<(String, StudentId)>,
    /// The school admin's session token (signs in as `<tag>-admin` with
    /// [`TEST_PASSWORD`] too).
    pub admin_token: String,
}

impl RegistrationDay {
    /// Family `i`'s application as the phone posts it to `/api/apply`:
    /// the `Cookie` header and the form, with `key` as its idempotency key.
    pub fn apply_request(&self, i: usize, key: &str) -> (String, String) {
        let (token, student) = &self.families[i];
        (format!("beilei_session={token}"), format!("plan={}&student={student}&declaration%5Bnote%5D=&idempotency_key={key}", self.plan))
    }
}

pub async fn registration_day_at(db: &Db, tag: &str, n: usize, capacity: u32) -> RegistrationDay {
    use crate::entities::{account, role_grant, session};
    use crate::store::bulk;
    use sea_orm::{QueryOrder, QuerySelect};
    use sha2::Digest;
    let c = &db.write;
    let district_id = new_district(c, tag).await;
    let school_id = new_school(c, district_id, tag).await;
    let g = grade::ActiveModel { school_id: Set(school_id), level: Set(1), name: Set("一年级".into()), ..Default::default() }.insert(c).await.expect("grade");
    let cl = school_class::ActiveModel { school_id: Set(school_id), grade_id: Set(g.id), name: Set("一年级（1）班".into()), ..Default::default() }
        .insert(c)
        .await
        .expect("class");
    let hash = password::hash_blocking(&password::Password::new(TEST_PASSWORD).expect("pw")).expect("hash");
    let now = crate::clock::Clock::default().now();
    // Ids above every row's so far, so that days do not meet.
    let mut top = 0;
    for last in [
        student::Entity::find().order_by_desc(student::Column::Id).limit(1).one(c).await.expect("student").map(|r| r.id),
        account::Entity::find().order_by_desc(account::Column::Id).limit(1).one(c).await.expect("account").map(|r| r.id),
        guardian::Entity::find().order_by_desc(guardian::Column::Id).limit(1).one(c).await.expect("guardian").map(|r| r.id),
    ] {
        top = top.max(last.unwrap_or(0));
    }
    let (base, ids) = ((top / 1_000_000 + 1) * 1_000_000, 0..n as i64);
    let tokens: Vec<String> = ids.clone().map(|i| format!("bench-session-{i}-{}", crate::enrolment::applications::new_submission_key().expect("key"))).collect();
    bulk::insert(c, ids.clone().map(|i| student::ActiveModel {
        id: Set(base + i),
        school_id: Set(school_id),
        class_id: Set(cl.id),
        name: Set(format!("学生{i}")),
        student_no: Set(format!("{tag}{i}")),
        left_behind: Set(i % 17 == 0),
        migrant_worker: Set(false),
        disabled: Set(false),
        low_income: Set(false),
        waiver_status: Set("none".into()),
    }).collect()).await.expect("students");
    bulk::insert(c, ids.clone().map(|i| account::ActiveModel {
        id: Set(base + i),
        phone: Set(Some(format!("136{:08}", base + i - 1_000_000))),
        username: Set(None),
        display_name: Set(format!("家长{i}")),
        password_hash: Set(hash.clone()),
        disabled: Set(false),
        created_at: Set(now),
    }).collect()).await.expect("accounts");
    bulk::insert(c, ids.clone().map(|i| guardian::ActiveModel {
        id: Set(base + i),
        account_id: Set(Some(base + i)),
        name: Set(format!("家长{i}")),
        phone: Set(format!("136{:08}", base + i - 1_000_000)),
    }).collect()).await.expect("guardians");
    bulk::insert(c, ids.clone().map(|i| guardian_student::ActiveModel {
        guardian_id: Set(base + i),
        student_id: Set(base + i),
        relation: Set("mother".into()),
        ..Default::default()
    }).collect()).await.expect("links");
    bulk::insert(c, ids.clone().map(|i| role_grant::ActiveModel {
        account_id: Set(base + i),
        role: Set(Role::Parent.as_str().into()),
        scope_kind: Set(ScopeKind::Family.as_str().into()),
        scope_id: Set(base + i),
        panel: Set(None),
        ..Default::default()
    }).collect()).await.expect("grants");
    bulk::insert(c, ids.clone().map(|i| session::ActiveModel {
        id: Set(hex::encode(sha2::Sha256::digest(tokens[i as usize].as_bytes()))),
        account_id: Set(base + i),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::hours(12)),
    }).collect()).await.expect("sessions");
    let admin = auth::insert_account(c, &None, &Some(format!("{tag}-admin")), "admin", hash, now).await.expect("admin");
    auth::insert_grants(c, admin, &[(Role::SchoolAdmin, ScopeKind::School, school_id, None)]).await.expect("grant");
    let admin_token = format!("{tag}-admin-session");
    let actor = auth::load_actor(c, &{
        let token = admin_token.clone();
        session::ActiveModel {
            id: Set(hex::encode(sha2::Sha256::digest(token.as_bytes()))),
            account_id: Set(admin.0),
            created_at: Set(now),
            expires_at: Set(now + chrono::Duration::hours(1)),
        }
        .insert(c)
        .await
        .expect("admin session");
        token
    }, now)
    .await
    .expect("actor")
    .expect("signed in");
    let mut content = sample_plan(0);
    content.capacity = capacity;
    let plan = crate::enrolment::plan::save_draft(&db.with(&actor), SchoolId(school_id), None, content).await.expect("draft");
    crate::enrolment::plan::publish(&db.with(&actor), plan).await.expect("publish");
    RegistrationDay {
        district: DistrictId(district_id),
        plan,
        school: SchoolId(school_id),
        class: ClassId(cl.id),
        families: tokens.into_iter().zip(ids.map(|i| StudentId(base + i))).collect(),
        admin_token,
    }
}

/// `side`'s child admitted with the agreement signed, in a group of a
/// published timetable whose sessions (`activity`, 16:30–17:50) run on each
/// of `weekdays`, led by the side's service-staff sign-in as a worker
/// vetted until 2028. Returns the sessions (in `weekdays` order) and the
/// staff record.
pub async fn service_sessions(db: &Db, side: &Side, activity: wire::plan::ActivityKind, weekdays: &[u8]) -> (Vec<wire::ids::SessionId>, wire::ids::StaffId) {
    use crate::enrolment::agreement::{self, AccidentInsurance, SignInput};
    use crate::operations::{rooms, staff, timetable};
    use wire::operations::{GroupAddition, NewRoom, NewSession, NewStaff, NewVetting, RoomKind, StaffKind, VettingResult};
    let (plan, app) = admitted(db, side).await;
    let admin = side.actor(Role::SchoolAdmin);
    let now = crate::clock::Clock::default().now();
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
    agreement::publish(&db.with(&admin), plan, "协议").await.expect("agreement");
    let signing = SignInput { version: 1, student_acknowledges: true, insurance: Some(AccidentInsurance::Insured), insurer: "平安".into() };
    agreement::sign(&db.at(&side.actor(Role::Parent), now), app, signing).await.expect("signed");
    let tt = timetable::open(&db.at(&admin, now), plan).await.expect("open");
    let group = timetable::add_group(&db.at(&admin, now), tt, "G").await.expect("group");
    timetable::add_to_group(&db.at(&admin, now), group, GroupAddition { student: Some(side.student), class: None }).await.expect("child");
    let room = rooms::add(&db.at(&admin, now), side.school, NewRoom { name: "101".into(), kind: RoomKind::Classroom, capacity: 40 }).await.expect("room");
    let phone = format!("136{:08}", side.school.0);
    let me = NewStaff { kind: StaffKind::Worker, name: "刘".into(), phone, organisation: String::new() };
    let me = staff_signing_in(db, &admin, side.school, me, &side.actor(Role::ServiceStaff), now).await;
    let check = NewVetting { checked_on: day(2026, 9, 1), result: VettingResult::Clear, qualification: "Q".into(), valid_until: day(2028, 1, 1) };
    staff::record_vetting(&db.at(&admin, now), me, check).await.expect("vetted");
    let mut sessions = Vec::new();
    for weekday in weekdays {
        let s = NewSession {
            weekday: *weekday,
            starts_at: time(16, 30),
            ends_at: time(17, 50),
            service_type: wire::plan::ServiceType::AfterSchool,
            activity,
            title: String::new(),
            room,
            group,
            lead: Some(me),
            second: None,
            third: None,
            dining: false,
        };
        sessions.push(timetable::add_session(&db.at(&admin, now), tt, s).await.expect("session"));
    }
    timetable::publish(&db.at(&admin, now), tt).await.expect("published");
    (sessions, me)
}

/// One group's register for the attendance benchmark: the staff member's
/// session cookie value, the session and the group's children.
pub struct BenchGroup {
    pub token: String,
    pub session: wire::ids::SessionId,
    pub children: Vec<StudentId>,
}

/// A city's after-school service for the attendance benchmark: `schools`
/// schools with `groups` groups of `children` each, every group a class in
/// a published timetable whose one session runs every weekday, led by its
/// own vetted worker with a sign-in, on `on`'s weekday (a Monday to Friday,
/// today or before). Rows go in by the thousand.
pub async fn attendance_city(db: &Db, schools: usize, groups: usize, children: usize, on: chrono::NaiveDate) -> Vec<BenchGroup> {
    let today = on;
    use crate::entities::{account, plan, role_grant, room, service_group, service_session, session, staff, staff_vetting, timetable, timetable_publication};
    use crate::store::bulk;
    use sha2::Digest;
    use wire::operations::{PublishedTimetable, Session, SessionAdult, StaffKind};
    let c = &db.write;
    let now = crate::clock::Clock::default().now();
    let district = new_district(c, "city-bench").await;
    let hash = password::hash_blocking(&password::Password::new(TEST_PASSWORD).expect("pw")).expect("hash");
    let mut content = sample_plan(0);
    content.term_start = today - chrono::Duration::days(60);
    content.term_end = today + chrono::Duration::days(60);
    let content_json = serde_json::to_string(&content).expect("plan");
    let (mut next_student, mut next_person) = (10_000_000i64, 10_000_000i64);
    let mut out = Vec::with_capacity(schools * groups);
    for s in 0..schools {
        let school_id = new_school(c, district, &format!("city-{s}")).await;
        let g = grade::ActiveModel { school_id: Set(school_id), level: Set(1), name: Set("一年级".into()), ..Default::default() }.insert(c).await.expect("grade");
        let p = plan::ActiveModel {
            school_id: Set(school_id),
            status: Set(wire::plan::PlanStatus::Published.as_str().into()),
            term_start: Set(content.term_start),
            term_end: Set(content.term_end),
            content: Set(content_json.clone()),
            policy_version: Set(Some(1)),
            created_at: Set(now),
            updated_at: Set(now),
            published_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(c)
        .await
        .expect("plan");
        let t = timetable::ActiveModel { school_id: Set(school_id), plan_id: Set(p.id), children_per_adult: Set(40), created_at: Set(now), changed_at: Set(now), ..Default::default() }
            .insert(c)
            .await
            .expect("timetable");
        let r = room::ActiveModel { school_id: Set(school_id), name: Set("教室".into()), kind: Set("classroom".into()), capacity: Set(children as i32), created_at: Set(now), retired_at: Set(None), ..Default::default() }
            .insert(c)
            .await
            .expect("room");
        let mut snapshot = PublishedTimetable { version: 1, sessions: Vec::new(), groups: Vec::new() };
        let (mut students, mut accounts, mut grants, mut people, mut checks, mut sessions) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for k in 0..groups {
            let class = school_class::ActiveModel { school_id: Set(school_id), grade_id: Set(g.id), name: Set(format!("一年级（{}）班", k + 1)), ..Default::default() }.insert(c).await.expect("class");
            let group = service_group::ActiveModel { timetable_id: Set(t.id), name: Set(format!("组{k}")), created_at: Set(now), removed_at: Set(None), ..Default::default() }.insert(c).await.expect("group");
            let kids: Vec<StudentId> = (0..children as i64).map(|i| StudentId(next_student + i)).collect();
            for kid in &kids {
                students.push(student::ActiveModel {
                    id: Set(kid.0),
                    school_id: Set(school_id),
                    class_id: Set(class.id),
                    name: Set(format!("学生{}", kid.0)),
                    student_no: Set(format!("c{}", kid.0)),
                    left_behind: Set(false),
                    migrant_worker: Set(false),
                    disabled: Set(false),
                    low_income: Set(false),
                    waiver_status: Set("none".into()),
                });
            }
            next_student += children as i64;
            let person = next_person;
            next_person += 1;
            accounts.push(account::ActiveModel {
                id: Set(person),
                phone: Set(None),
                username: Set(Some(format!("city-staff-{person}"))),
                display_name: Set(format!("老师{person}")),
                password_hash: Set(hash.clone()),
                disabled: Set(false),
                created_at: Set(now),
            });
            grants.push(role_grant::ActiveModel {
                account_id: Set(person),
                role: Set(Role::ServiceStaff.as_str().into()),
                scope_kind: Set(ScopeKind::School.as_str().into()),
                scope_id: Set(school_id),
                panel: Set(None),
                ..Default::default()
            });
            people.push(staff::ActiveModel {
                id: Set(person),
                school_id: Set(school_id),
                kind: Set(StaffKind::Worker.as_str().into()),
                name: Set(format!("老师{person}")),
                phone: Set(format!("135{person:08}")),
                organisation: Set(String::new()),
                vendor_id: Set(None),
                account_id: Set(Some(person)),
                created_at: Set(now),
                left_at: Set(None),
            });
            checks.push(staff_vetting::ActiveModel {
                staff_id: Set(person),
                checked_on: Set(today - chrono::Duration::days(90)),
                result: Set("clear".into()),
                qualification: Set("Q".into()),
                valid_until: Set(today + chrono::Duration::days(3650)),
                recorded_by: Set(person),
                recorded_at: Set(now),
                ..Default::default()
            });
            let token = format!("city-bench-{person}-{}", crate::enrolment::applications::new_submission_key().expect("key"));
            sessions.push(session::ActiveModel {
                id: Set(hex::encode(sha2::Sha256::digest(token.as_bytes()))),
                account_id: Set(person),
                created_at: Set(now),
                expires_at: Set(now + chrono::Duration::hours(12)),
            });
            let row = service_session::ActiveModel {
                timetable_id: Set(t.id),
                weekday: Set(i32::from(crate::operations::calendar::weekday(on))),
                starts_at: Set(time(16, 30)),
                ends_at: Set(time(17, 50)),
                service_type: Set("after_school".into()),
                activity: Set("homework_help".into()),
                title: Set(String::new()),
                room_id: Set(r.id),
                group_id: Set(group.id),
                created_at: Set(now),
                removed_at: Set(None),
                ..Default::default()
            }
            .insert(c)
            .await
            .expect("session");
            snapshot.sessions.push(Session {
                id: wire::ids::SessionId(row.id),
                weekday: row.weekday as u8,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                service_type: wire::plan::ServiceType::AfterSchool,
                activity: wire::plan::ActivityKind::HomeworkHelp,
                title: String::new(),
                room: wire::ids::RoomId(r.id),
                room_name: r.name.clone(),
                group: wire::ids::GroupId(group.id),
                group_name: group.name.clone(),
                children: children as u32,
                adults: vec![SessionAdult { staff: wire::ids::StaffId(person), name: format!("老师{person}"), kind: StaffKind::Worker, dining: false }],
            });
            snapshot.groups.push((wire::ids::GroupId(group.id), kids.clone()));
            out.push(BenchGroup { token, session: wire::ids::SessionId(row.id), children: kids });
        }
        bulk::insert(c, students).await.expect("students");
        bulk::insert(c, accounts).await.expect("accounts");
        bulk::insert(c, grants).await.expect("grants");
        bulk::insert(c, people).await.expect("staff");
        bulk::insert(c, checks).await.expect("checks");
        bulk::insert(c, sessions).await.expect("sessions");
        timetable_publication::ActiveModel {
            timetable_id: Set(t.id),
            version: Set(1),
            content: Set(serde_json::to_string(&snapshot).expect("snapshot")),
            published_by: Set(next_person - 1),
            published_at: Set(now),
            ..Default::default()
        }
        .insert(c)
        .await
        .expect("publication");
    }
    out
}
