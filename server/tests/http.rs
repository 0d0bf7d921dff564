//! The server over HTTP, in process: each test gets its own database (a
//! fresh SQLite file, or a fresh PostgreSQL database when
//! `BEILEI_TEST_POSTGRES` is set) and talks to the real router.
use axum::Router;
use axum::body::Body;
use domain::authz::Role;
use domain::testing::{Side, TEST_PASSWORD, World};
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
mod common;
use common::{database_url, enc, leptos_options};
use server::cli::{Cli, Command, DemoScale};
use server::config::Config;
use server::startup::Application;
use tower::ServiceExt;

struct TestApp {
    router: Router,
    db: domain::Db,
    database_url: String,
    _dir: tempfile::TempDir,
}

async fn spawn(demo: bool) -> TestApp {
    spawn_with(demo, |_| {}).await
}

async fn spawn_with(demo: bool, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = database_url(&dir).await;
    let mut config = Config { database_url: url.clone(), demo_when_empty: demo, bid_key_file: dir.path().join("bid.key").display().to_string(), ..Config::default() };
    adjust(&mut config);
    let app = Application::build(config, leptos_options(&dir)).await.expect("app");
    let db = domain::Db::connect(&url).await.expect("db");
    TestApp { router: app.router(), db, database_url: url, _dir: dir }
}

struct Answer {
    status: StatusCode,
    headers: http::HeaderMap,
    body: String,
}

impl TestApp {
    async fn send(&self, req: Request<Body>) -> Answer {
        let res = self.router.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// Calls a server function the way the hydrated app does.
    async fn call(&self, endpoint: &str, form: &str, cookie: Option<&str>) -> Answer {
        self.call_as(endpoint, "application/x-www-form-urlencoded", form, cookie).await
    }

    async fn call_as(&self, endpoint: &str, content_type: &str, body: &str, cookie: Option<&str>) -> Answer {
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).expect("request")).await
    }

    async fn page(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut req = Request::get(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// Signs in and returns the `Cookie` header value for later requests.
    async fn sign_in(&self, login: &str, password: &str) -> String {
        let form = format!("identifier={}&password={}", enc(login), enc(password));
        let a = self.call("sign_in", &form, None).await;
        assert_eq!(a.status, StatusCode::OK, "sign in {login}: {}", a.body);
        let set = a.headers.get(header::SET_COOKIE).expect("cookie").to_str().expect("ascii");
        set.split(';').next().expect("pair").to_string()
    }
}


#[tokio::test(flavor = "multi_thread")]
async fn health_check_answers() {
    let app = spawn(false).await;
    let a = app.page("/healthz", None).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session() {
    let app = spawn(true).await;
    let a = app.call("sign_in", "identifier=bureau001&password=beilei-demo", None).await;
    assert_eq!(a.status, StatusCode::OK);
    let set = a.headers.get(header::SET_COOKIE).expect("cookie").to_str().expect("ascii").to_string();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(set.contains(attr), "{attr} missing in {set}");
    }
    let cookie = set.split(';').next().expect("pair").to_string();
    let me = app.call("me", "", Some(&cookie)).await;
    assert!(me.body.contains("西陵区"), "{}", me.body);
    let out = app.call("sign_out", "", Some(&cookie)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.headers.get(header::SET_COOKIE).expect("cleared").to_str().expect("a").contains("Max-Age=0"));
    let me = app.call("me", "", Some(&cookie)).await;
    assert_eq!(me.body, "null", "the old cookie opens nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn failed_sign_ins_are_uniform_then_limited() {
    let app = spawn(true).await;
    let wrong = app.call("sign_in", "identifier=13800000000&password=nope-nope", None).await;
    let unknown = app.call("sign_in", "identifier=13899999999&password=nope-nope", None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());
    for _ in 0..4 {
        app.call("sign_in", "identifier=13800000000&password=nope-nope", None).await;
    }
    let limited = app.call("sign_in", "identifier=13800000000&password=beilei-demo", None).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.body);
    assert!(limited.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_site_posts_are_refused_before_anything_happens() {
    let app = spawn(true).await;
    let req = Request::post("/api/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("identifier=bureau000&password=beilei-demo"))
        .expect("request");
    let a = app.send(req).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.headers.get(header::SET_COOKIE).is_none());
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(domain::entities::session::Entity::find().count(&app.db.read).await.expect("n"), 0);
}

/// How a server function must treat a caller from another scope.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// It names an object of side b: refuse (403 or 404).
    Refused,
    /// It answers about the caller's own things: may answer, never with side b's.
    OwnOnly,
    /// Refused, or (for a guardian) a bad input: a guessed link code.
    RefusedOrInvalid,
}

/// Another side's objects that side a's roles try to reach.
struct B<'a> {
    side: &'a Side,
    plan: domain::ids::PlanId,
    app: domain::ids::ApplicationId,
    open: domain::ids::PlanId,
    objection: domain::ids::ObjectionId,
    link: domain::ids::LinkId,
    signature: domain::ids::SignatureId,
    person: domain::ids::PickupPersonId,
}

/// A roster upload as the page sends it: the file as base64.
fn roster_upload(school: domain::ids::SchoolId) -> String {
    use base64::Engine;
    let csv = "年级,班级,姓名,学号\n1,1班,张三,x1\n";
    let content = base64::engine::general_purpose::STANDARD.encode(csv);
    format!("school={school}&import=true&file_name=r.csv&content={}", enc(&content))
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// Every server function, called with another side's objects (`plan` is a
/// draft of that side's school), by side a's roles. New server functions get
/// a row here. Public functions (published plans) are tested on their own.
fn calls_on(o: &B<'_>) -> Vec<(&'static str, &'static str, String, Expect)> {
    let (b, b_plan, b_app, b_open, b_objection) = (o.side, o.plan, o.app, o.open, o.objection);
    let tomorrow = domain::clock::local_date(chrono::Utc::now()) + chrono::Duration::days(1);
    let content = serde_json::to_string(&domain::testing::sample_plan(0)).expect("json");
    vec![
        ("district_overview", FORM, format!("district={}", b.district), Expect::Refused),
        ("school_overview", FORM, format!("school={}", b.school), Expect::Refused),
        ("my_children", FORM, String::new(), Expect::OwnOnly),
        ("me", FORM, String::new(), Expect::OwnOnly),
        ("plan_for_editing", FORM, format!("plan={b_plan}"), Expect::Refused),
        ("publish_plan", FORM, format!("plan={b_plan}"), Expect::Refused),
        ("save_plan", JSON, format!(r#"{{"school":{},"plan":null,"content":{content}}}"#, b.school), Expect::Refused),
        ("save_plan", JSON, format!(r#"{{"school":{},"plan":{b_plan},"content":{content}}}"#, b.school), Expect::Refused),
        ("school_plans", FORM, format!("school={}", b.school), Expect::OwnOnly),
        (
            "apply",
            FORM,
            format!("plan={}&student={}&declaration%5Bnote%5D=x&idempotency_key=cross-{}", b_plan, b.student, b.student),
            Expect::Refused,
        ),
        ("withdraw_application", FORM, format!("application={b_app}"), Expect::Refused),
        ("review_application", FORM, format!("application={b_app}&approve=true&reason="), Expect::Refused),
        ("review_queue", FORM, format!("plan={b_plan}"), Expect::OwnOnly),
        ("my_applications", FORM, String::new(), Expect::OwnOnly),
        ("allocate_places", FORM, format!("plan={b_plan}"), Expect::Refused),
        ("inbox", FORM, String::new(), Expect::OwnOnly),
        ("mark_inbox_read", FORM, String::new(), Expect::OwnOnly),
        ("publish_notice", FORM, format!("plan={b_open}"), Expect::Refused),
        ("notice", FORM, format!("plan={b_open}"), Expect::Refused),
        ("file_objection", FORM, format!("plan={b_open}&text=x"), Expect::Refused),
        ("answer_objection", FORM, format!("objection={b_objection}&text=x"), Expect::Refused),
        ("finalize_enrolment", FORM, format!("plan={b_open}"), Expect::Refused),
        ("advance_clock", FORM, "days=5".into(), Expect::Refused),
        ("test_last_text", FORM, "phone=13800000000".into(), Expect::Refused),
        ("link_child", FORM, "request%5Bcode%5D=ZZZZ2222&request%5Bchild_name%5D=Child%20b&request%5Brelation%5D=&request%5Bconsent_version%5D=1".into(), Expect::RefusedOrInvalid),
        ("class_links", FORM, format!("class={}", b.class), Expect::Refused),
        ("reissue_link_code", FORM, format!("student={}", b.student), Expect::Refused),
        ("revoke_link", FORM, format!("link={}", o.link), Expect::Refused),
        ("roster", FORM, roster_upload(b.school), Expect::Refused),
        ("child_care", FORM, format!("child={}", b.student), Expect::Refused),
        ("add_pickup_person", FORM, format!("child={}&person%5Bname%5D=x&person%5Brelation%5D=x&person%5Bphone%5D=13700000000", b.student), Expect::Refused),
        ("remove_pickup_person", FORM, format!("person={}", o.person), Expect::Refused),
        (
            "request_pickup",
            FORM,
            format!("child={}&request%5Bon_date%5D={tomorrow}&request%5Bkind%5D=early&request%5Bat_time%5D=16:00:00&request%5Breason%5D=", b.student),
            Expect::Refused,
        ),
        ("day_at_school", FORM, format!("school={}", b.school), Expect::Refused),
        (
            "save_special_needs",
            FORM,
            format!("child={}&needs%5Ballergies%5D=x&needs%5Bconditions%5D=&needs%5Bneeds%5D=&consent_version=1", b.student),
            Expect::Refused,
        ),
        ("my_data", FORM, String::new(), Expect::OwnOnly),
        ("set_link_code_days", FORM, format!("school={}&days=9", b.school), Expect::Refused),
        ("special_needs", FORM, format!("child={}", b.student), Expect::Refused),
        ("publish_agreement", FORM, format!("plan={b_open}&text=x"), Expect::Refused),
        ("agreement_versions", FORM, format!("plan={b_open}"), Expect::Refused),
        ("agreement", FORM, format!("application={b_app}"), Expect::Refused),
        (
            "sign_agreement",
            FORM,
            format!("application={b_app}&input%5Bversion%5D=1&input%5Bstudent_acknowledges%5D=true&input%5Binsurance%5D=declined"),
            Expect::Refused,
        ),
        ("receipt", FORM, format!("signature={}", o.signature), Expect::Refused),
        ("withdraw_consent", FORM, format!("application={b_app}&from={tomorrow}"), Expect::Refused),
    ]
}

/// A side's objects for the matrix: a draft plan, a published plan with the
/// side's child applied, admitted, on notice with an objection, the
/// agreement signed, a pickup person named. Texts carry `tag` so a leak
/// shows.
async fn objects_of<'a>(app: &TestApp, side: &'a Side, tag: &str) -> B<'a> {
    let admin = &side.actor(Role::SchoolAdmin);
    let mut draft = domain::testing::sample_plan(0);
    draft.title = format!("Plan {tag} draft");
    let plan = domain::enrolment::plan::save_draft(&app.db.with(admin), side.school, None, draft).await.expect("draft");
    let mut open = domain::testing::sample_plan(0);
    // Clear of any other plan at the school.
    let year = 2030 + side.grade.0 as i32 % 50;
    open.term_start = chrono::NaiveDate::from_ymd_opt(year, 3, 1).expect("d");
    open.term_end = chrono::NaiveDate::from_ymd_opt(year, 7, 1).expect("d");
    let open = domain::enrolment::plan::save_draft(&app.db.with(admin), side.school, None, open).await.expect("plan");
    domain::enrolment::plan::publish(&app.db.with(admin), open).await.expect("publish");
    let parent = side.actor(Role::Parent);
    let application = domain::enrolment::applications::NewApplication {
        plan: open,
        student: side.student,
        declaration: domain::enrolment::applications::Declaration { note: format!("Note {tag}"), ..Default::default() },
        idempotency_key: format!("{tag}-key"),
    };
    let app_id = domain::enrolment::applications::apply(&app.db.write, &parent, application, chrono::Utc::now()).await.expect("applies");
    domain::enrolment::applications::review(&app.db.with(&side.actor(Role::ClassTeacher)), app_id, true, "").await.expect("class");
    domain::enrolment::applications::review(&app.db.with(admin), app_id, true, "").await.expect("school");
    domain::enrolment::applications::allocate(&app.db.with(admin), open).await.expect("allocate");
    let now = chrono::Utc::now();
    domain::enrolment::notice::publish(&app.db.at(admin, now), open).await.expect("notice");
    let objection = domain::enrolment::notice::object(&app.db.at(&parent, now), open, &format!("Objection {tag}")).await.expect("objects");
    domain::enrolment::agreement::publish(&app.db.with(admin), open, &format!("Agreement {tag}")).await.expect("agreement");
    let sign = domain::enrolment::agreement::SignInput {
        version: 1,
        student_acknowledges: true,
        insurance: Some(domain::enrolment::agreement::AccidentInsurance::Declined),
        insurer: String::new(),
    };
    let signature = domain::enrolment::agreement::sign(&app.db.at(&parent, now), app_id, sign).await.expect("signs");
    let new_person =
        domain::families::pickup::NewPickupPerson { name: format!("Grandma {tag}"), relation: "grandmother".into(), phone: "13700000001".into() };
    let person = domain::families::pickup::add_person(&app.db.with(&parent), side.student, new_person).await.expect("person");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let link = domain::entities::guardian_student::Entity::find()
        .filter(domain::entities::guardian_student::Column::StudentId.eq(side.student.0))
        .one(&app.db.read)
        .await
        .expect("q")
        .map(|l| domain::ids::LinkId(l.id))
        .expect("link");
    B { side, plan, app: app_id, open, objection, link, signature, person }
}

/// Calls every row of `calls` as each of `actors` and checks its expectation
/// and that none of `markers` shows in any answer.
async fn try_all(app: &TestApp, actors: &[(Role, String, domain::authz::Actor)], o: &B<'_>, endpoints: Option<&[&str]>, markers: &[String]) {
    for (role, login, _) in actors {
        let cookie = app.sign_in(login, TEST_PASSWORD).await;
        for (endpoint, content_type, body, expect) in calls_on(o) {
            if endpoints.is_some_and(|only| !only.contains(&endpoint)) {
                continue;
            }
            let a = app.call_as(endpoint, content_type, &body, Some(&cookie)).await;
            let refused = matches!(a.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND);
            match expect {
                Expect::Refused => assert!(refused, "{role:?} reached {endpoint} of another scope: {} {}", a.status, a.body),
                Expect::OwnOnly => assert!(refused || a.status == StatusCode::OK, "{endpoint}: {}", a.status),
                Expect::RefusedOrInvalid => assert!(
                    refused || (*role == Role::Parent && a.status == StatusCode::UNPROCESSABLE_ENTITY),
                    "{role:?} through {endpoint}: {} {}",
                    a.status,
                    a.body
                ),
            }
            for marker in markers {
                assert!(!a.body.contains(marker.as_str()), "{role:?} saw {marker} through {endpoint}: {}", a.body);
            }
        }
    }
}

fn markers(tag: &str, whole_side: bool) -> Vec<String> {
    let mut m: Vec<String> = ["Child", "Guardian", "Note", "Objection", "Agreement", "Grandma"].iter().map(|w| format!("{w} {tag}")).collect();
    m.push(format!("Plan {tag} draft"));
    if whole_side {
        m.extend(["School", "District", "Vendor"].iter().map(|w| format!("{w} {tag}")));
    }
    m
}

/// What a class teacher or a guardian might reach of another class in the
/// same school: everything aimed at that class or its child.
const CLASS_LEVEL: &[&str] = &[
    "apply", "withdraw_application", "review_application", "class_links", "reissue_link_code", "revoke_link", "child_care",
    "add_pickup_person", "remove_pickup_person", "request_pickup", "save_special_needs", "special_needs", "agreement",
    "sign_agreement", "withdraw_consent",
];

#[tokio::test(flavor = "multi_thread")]
async fn no_role_reaches_another_scope_through_any_server_function() {
    let app = spawn(false).await;
    let world = World::build(&app.db).await;
    let b = objects_of(&app, &world.b, "b").await;
    let near = objects_of(&app, &world.near, "near").await;
    let next_door = objects_of(&app, &world.next_door, "next").await;
    // Another district: every role of side a.
    try_all(&app, &world.a.actors, &b, None, &markers("b", true)).await;
    // Another school of the district: every role but the district's bureau.
    let in_school: Vec<_> = world.a.actors.iter().filter(|(r, _, _)| *r != Role::BureauOfficial).cloned().collect();
    try_all(&app, &in_school, &near, None, &markers("near", true)).await;
    // Another grade's class and family in side a's school: the roles scoped
    // below the school.
    let below_school: Vec<_> = world.a.actors.iter().filter(|(r, _, _)| matches!(r, Role::ClassTeacher | Role::Parent)).cloned().collect();
    let private = ["Guardian next", "Note next", "Grandma next"].map(String::from);
    try_all(&app, &below_school, &next_door, Some(CLASS_LEVEL), &private).await;
    // And nobody signed out reaches anything.
    for (endpoint, content_type, body, expect) in calls_on(&b) {
        let a = app.call_as(endpoint, content_type, &body, None).await;
        match expect {
            Expect::Refused | Expect::RefusedOrInvalid => {
                assert!(matches!(a.status, StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND), "{endpoint}: {}", a.status)
            }
            Expect::OwnOnly => assert!(matches!(a.status, StatusCode::UNAUTHORIZED | StatusCode::OK), "{endpoint}"),
        }
        assert!(!a.body.contains("Child b"));
    }
    // The same calls on side a's own objects work for the roles meant to.
    let bureau = world.a.actors.iter().find(|(r, _, _)| *r == Role::BureauOfficial).expect("bureau");
    let cookie = app.sign_in(&bureau.1, TEST_PASSWORD).await;
    let a = app.call("district_overview", &format!("district={}", world.a.district), Some(&cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let admin = world.a.actors.iter().find(|(r, _, _)| *r == Role::SchoolAdmin).expect("admin");
    let cookie = app.sign_in(&admin.1, TEST_PASSWORD).await;
    let a = app.call("roster", &roster_upload(world.a.school), Some(&cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains(r#""imported":true"#), "the upload reaches the import: {}", a.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_answer_with_the_right_status_and_language() {
    let app = spawn(true).await;
    let home = app.page("/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("蓓蕾课后服务") && home.body.contains("lang=\"zh-CN\""));
    let english = app.page("/", Some("lang=en")).await;
    assert!(english.body.contains("Beilei After-School Service"));
    assert_eq!(app.page("/bureau/1", None).await.status, StatusCode::UNAUTHORIZED);
    let parent = app.sign_in("13800000000", "beilei-demo").await;
    let refused = app.page("/bureau/1", Some(&parent)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("您没有权限查看此页面") && !refused.body.contains("净月南环小学"));
    let mine = app.page("/parent", Some(&parent)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains("净月南环小学"), "the children render on the server");
    let bureau = app.sign_in("bureau000", "beilei-demo").await;
    let district = app.page("/bureau/1", Some(&bureau)).await;
    assert_eq!(district.status, StatusCode::OK);
    assert!(district.body.contains("长春市第一实验中海小学"));
    assert_eq!(app.page("/no/such/page", None).await.status, StatusCode::NOT_FOUND);
    assert!(home.headers.get(header::X_CONTENT_TYPE_OPTIONS).is_some());
}

fn cli(app: &TestApp, command: Command) -> Cli {
    let file = app._dir.path().join("beilei.toml");
    std::fs::write(&file, format!("database_url = \"{}\"\ndemo_when_empty = false\n", app.database_url)).expect("config");
    Cli { config: Some(file), command: Some(command) }
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_names_the_row_edited_behind_the_applications_back() {
    let app = spawn(false).await;
    server::cli::run(cli(&app, Command::Demo { scale: DemoScale::Demo })).await.expect("demo");
    server::cli::run(cli(&app, Command::Verify)).await.expect("intact");
    use sea_orm::ConnectionTrait;
    app.db
        .write
        .execute_unprepared("UPDATE audit_event SET subject = 'database-edited' WHERE seq = 1")
        .await
        .expect("tamper");
    let e = server::cli::run(cli(&app, Command::Verify)).await.expect_err("broken");
    let message = e.to_string();
    assert!(message.contains("seq 1") && message.contains("edited"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_writes_a_consistent_copy_while_the_server_runs() {
    let app = spawn(true).await;
    let target = app._dir.path().join("copy.db");
    let result = server::cli::run(cli(&app, Command::Backup { path: target.clone() })).await;
    if app.database_url.starts_with("postgres") {
        assert!(result.expect_err("refused").to_string().contains("pg_dump"));
        return;
    }
    result.expect("backup");
    let copy = domain::Db::connect(&format!("sqlite://{}", target.display())).await.expect("open copy");
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(domain::entities::district::Entity::find().count(&copy.read).await.expect("n"), 5);
    assert_eq!(domain::audit::verify(&copy.read).await.expect("verify").first_broken, None);
    let again = server::cli::run(cli(&app, Command::Backup { path: target })).await;
    assert!(again.expect_err("exists").to_string().contains("already exists"));
}

#[tokio::test(flavor = "multi_thread")]
async fn published_plans_are_public_and_drafts_are_not() {
    let app = spawn(true).await;
    let page = app.page("/plans/1", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("2026—2027学年第一学期课后服务方案") && page.body.contains("免费（政府全额保障）"));
    assert!(page.body.contains("校方责任险已由学校统一投保"));
    let list = app.page("/school/1/plans", None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("/plans/1"));
    // A school admin's draft is refused before publishing with the reasons.
    let admin = app.sign_in("school003", "beilei-demo").await;
    let me = app.call("me", "", Some(&admin)).await;
    let school: i64 = {
        let v: serde_json::Value = serde_json::from_str(&me.body).expect("json");
        v["roles"][0]["school"].as_i64().expect("school")
    };
    let mut content = domain::testing::sample_plan(9_000); // Luohe caps the fee at 80 yuan
    content.activities.push(domain::enrolment::plan::ActivityKind::Exams);
    let body = format!(r#"{{"school":{school},"plan":null,"content":{}}}"#, serde_json::to_string(&content).expect("json"));
    let saved = app.call_as("save_plan", JSON, &body, Some(&admin)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let draft: i64 = saved.body.parse().expect("id");
    assert_eq!(app.page(&format!("/plans/{draft}"), None).await.status, StatusCode::NOT_FOUND);
    let refused = app.call("publish_plan", &format!("plan={draft}"), Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for reason in ["fee_above_cap", "forbidden_activity", "ends_too_early"] {
        assert!(refused.body.contains(reason), "{reason} missing: {}", refused.body);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_deployment_is_set_up_from_the_command_line_without_known_passwords() {
    let app = spawn(false).await;
    let district = Command::AddDistrict {
        city_code: "2201".into(),
        city_name: "长春市".into(),
        code: "220173".into(),
        name: "净月区".into(),
        policy: "000".into(),
        from: None,
    };
    server::cli::run(cli(&app, district)).await.expect("district");
    let school = Command::AddSchool { district: "220173".into(), name: "净月一小".into(), kind: server::cli::SchoolKindArg::District, address: String::new() };
    server::cli::run(cli(&app, school)).await.expect("school");
    let account = |role, district: Option<&str>, school: Option<i64>, username: &str| Command::AddAccount {
        role,
        city: None,
        district: district.map(String::from),
        school,
        class: None,
        username: username.into(),
        name: username.into(),
        password_stdin: false,
    };
    server::cli::run(cli(&app, account(server::cli::RoleArg::BureauOfficial, Some("220173"), None, "bureau"))).await.expect("official");
    server::cli::run(cli(&app, account(server::cli::RoleArg::SchoolAdmin, None, Some(1), "head"))).await.expect("admin");
    let no_scope = server::cli::run(cli(&app, account(server::cli::RoleArg::SchoolAdmin, None, None, "nobody"))).await;
    assert!(no_scope.expect_err("needs a scope").to_string().contains("--school"));
    let wrong = server::cli::run(cli(&app, account(server::cli::RoleArg::ClassTeacher, None, Some(1), "t"))).await;
    assert!(wrong.is_err(), "a class teacher is scoped to a class");
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(domain::entities::account::Entity::find().count(&app.db.read).await.expect("n"), 2);
    // Nobody knows these passwords but the operator who saw them printed.
    for login in ["bureau", "head"] {
        let a = app.call("sign_in", &format!("identifier={login}&password=beilei-demo"), None).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_schools_page_has_a_qr_code_and_the_finder_works_without_script() {
    let app = spawn_with(true, |c| c.public_url = "https://beilei.example.cn".into()).await;
    let qr = app.page("/schools/1/qr.svg", None).await;
    assert_eq!(qr.status, StatusCode::OK);
    assert_eq!(qr.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(qr.body.contains("<svg"), "{}", &qr.body[..qr.body.len().min(200)]);
    assert_eq!(app.page("/schools/99999/qr.svg", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.page("/schools/x.svg/qr.svg", None).await.status, StatusCode::NOT_FOUND);
    let found = app.page("/schools?district=&q=%E5%8D%97%E7%8E%AF", None).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains("净月南环小学") && found.body.contains("/schools/2"), "{}", found.body);
    let school = app.page("/schools/2", None).await;
    assert!(school.body.contains("净月南环小学") && school.body.contains("/plans/2"));
    assert!(!school.body.contains("qr.svg"), "the QR code is offered to the school's admin");
    let admin = app.sign_in("school000b", "beilei-demo").await;
    assert!(app.page("/schools/2", Some(&admin)).await.body.contains("/schools/2/qr.svg"));
}
