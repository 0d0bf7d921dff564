//! The families' endpoints tried as an attacker would, over real HTTP with
//! many connections at once (each test has its own server and database:
//! a SQLite file, whose writer takes one statement at a time from many
//! requests, or PostgreSQL with many connections).
mod common;
use common::{Answer, Live, cookie_of, enc, eventually};
use domain::authz::Role;
use domain::testing::{TEST_PASSWORD, World};
use futures::future::join_all;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn statuses(answers: &[Answer]) -> Vec<u16> {
    let mut s: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    s.sort_unstable();
    s
}

fn count(answers: &[Answer], status: StatusCode) -> usize {
    answers.iter().filter(|a| a.status == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_codes_each_take_one_of_the_codes_guesses() {
    let live = Live::start(|_| {}).await;
    let phone = "13700000042";
    let sent = live.call("request_phone_code", &format!("phone={phone}"), &[]).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let guesses = (0..20).map(|i| {
        let form = format!(
            "registration%5Bphone%5D={phone}&registration%5Bcode%5D={:06}&registration%5Bname%5D=x&registration%5Bpassword%5D=long%20enough%20pw",
            900_000 + i
        );
        let live = &live;
        async move { live.call("register", &form, &[]).await }
    });
    let answers = join_all(guesses).await;
    let wrong = answers.iter().filter(|a| a.body.contains("\"wrong\"")).count();
    let locked = answers.iter().filter(|a| a.body.contains("too_many_guesses")).count();
    assert_eq!((wrong, locked), (domain::families::registration::MAX_GUESSES as usize, 15), "{:?}", statuses(&answers));
    let code = domain::entities::phone_code::Entity::find().one(&live.db.read).await.expect("q").expect("code");
    assert_eq!(code.attempts, domain::families::registration::MAX_GUESSES);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_use_the_accounts_allowance_once_each() {
    let live = Live::start(|_| {}).await;
    let world = World::build(&live.db).await;
    let login = &world.a.actors[0].1;
    let tries = (0..20).map(|_| async { live.call("sign_in", &format!("identifier={}&password=wrong-password", enc(login)), &[]).await });
    let answers = join_all(tries).await;
    let failed = count(&answers, StatusCode::UNAUTHORIZED);
    assert_eq!(failed, 5, "the allowance, and no more, is tried: {:?}", statuses(&answers));
    assert_eq!(failed + count(&answers, StatusCode::TOO_MANY_REQUESTS), 20, "{:?}", statuses(&answers));
    let right = live.call("sign_in", &format!("identifier={}&password={}", enc(login), enc(TEST_PASSWORD)), &[]).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "locked for the window, right password or not");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_link_codes_use_the_guardians_allowance_once_each() {
    let live = Live::start(|_| {}).await;
    let world = World::build(&live.db).await;
    let cookie = live.sign_in(&world.a.actors[0].1, TEST_PASSWORD).await;
    let tries = (0..30).map(|i| {
        let form = format!("request%5Bcode%5D=ZZZZ{:04}&request%5Bchild_name%5D=Child%20b&request%5Brelation%5D=&request%5Bconsent_version%5D=1", i);
        let (live, cookie) = (&live, cookie.clone());
        async move { live.call("link_child", &form, &[("cookie", &cookie)]).await }
    });
    let answers = join_all(tries).await;
    let wrong = count(&answers, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong, domain::families::links::MAX_FAILURES_PER_HOUR as usize, "{:?}", statuses(&answers));
    assert_eq!(wrong + count(&answers, StatusCode::TOO_MANY_REQUESTS), 30, "{:?}", statuses(&answers));
}

/// Every row these services wrote has its audit event, and the chain holds.
async fn every_write_was_audited(db: &domain::Db) {
    use domain::entities::{application, audit_event, pickup_person, pickup_request, special_need};
    let events = |action: &'static str| async move {
        audit_event::Entity::find().filter(audit_event::Column::Action.eq(action)).count(&db.read).await.expect("events")
    };
    assert_eq!(pickup_person::Entity::find().count(&db.read).await.expect("n"), events("pickup_person.added").await);
    assert_eq!(pickup_request::Entity::find().count(&db.read).await.expect("n"), events("pickup.requested").await);
    assert_eq!(application::Entity::find().count(&db.read).await.expect("n"), events("application.submitted").await);
    assert!(special_need::Entity::find().count(&db.read).await.expect("n") <= events("special_needs.updated").await);
    assert_eq!(domain::audit::verify(&db.read).await.expect("verify").first_broken, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn audited_family_writes_commit_with_their_events_while_applications_pour_in() {
    let live = Live::start(|_| {}).await;
    let (plan, families) = domain::testing::registration_day(&live.db, 24).await;
    let tomorrow = domain::clock::local_date(chrono::Utc::now()) + chrono::Duration::days(1);
    let work = families.iter().enumerate().map(|(i, (token, child))| {
        let cookie = format!("beilei_session={token}");
        let live = &live;
        async move {
            let c = [("cookie", cookie.as_str())];
            let calls = [
                ("apply", format!("plan={plan}&student={child}&declaration%5Bnote%5D=&idempotency_key=k{i}")),
                ("add_pickup_person", format!("child={child}&person%5Bname%5D=P{i}&person%5Brelation%5D=grandma&person%5Bphone%5D=137000{i:05}")),
                ("save_special_needs", format!("child={child}&needs%5Ballergies%5D=A{i}&needs%5Bconditions%5D=&needs%5Bneeds%5D=&consent_version=1")),
                (
                    "request_pickup",
                    format!("child={child}&request%5Bon_date%5D={tomorrow}&request%5Bkind%5D=early&request%5Bat_time%5D=16:00:00&request%5Breason%5D="),
                ),
                ("add_pickup_person", format!("child={child}&person%5Bname%5D=Q{i}&person%5Brelation%5D=uncle&person%5Bphone%5D=137100{i:05}")),
            ];
            join_all(calls.iter().map(|(endpoint, form)| live.call(endpoint, form, &c))).await
        }
    });
    let answers: Vec<Answer> = join_all(work).await.into_iter().flatten().collect();
    assert!(answers.iter().all(|a| a.status == StatusCode::OK), "{:?}", answers.iter().map(|a| (a.status, a.body.clone())).collect::<Vec<_>>());
    every_write_was_audited(&live.db).await;
    use domain::entities::pickup_person;
    assert_eq!(pickup_person::Entity::find().count(&live.db.read).await.expect("n"), 48);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_oversized_body_gets_413_and_an_undecodable_argument_400() {
    let live = Live::start(|_| {}).await;
    // The server answers from the declared length, before reading the body,
    // and drops the connection: a client still sending gets a broken pipe
    // now and then, so this one sends the head only and reads the answer.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(live.base.trim_start_matches("http://")).await.expect("connect");
    let head = format!(
        "POST /api/roster HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        server::startup::MAX_BODY_BYTES + 1
    );
    tcp.write_all(head.as_bytes()).await.expect("send");
    let mut answer = vec![0; 64];
    let n = tcp.read(&mut answer).await.expect("answer");
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 413"), "{}", String::from_utf8_lossy(&answer[..n]));
    let junk = live.call("apply", "plan=not-a-number&student=%FF%FE&idempotency_key=x", &[]).await;
    assert_eq!(junk.status, StatusCode::BAD_REQUEST, "{}", junk.body);
    let missing = live.call("sign_in", "identifier=someone", &[]).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_carry_a_content_security_policy_and_keep_no_copy_of_personal_data() {
    let live = Live::start(|_| {}).await;
    let home = live.get("/", &[]).await;
    let csp = home.headers.get("content-security-policy").expect("csp").to_str().expect("ascii").to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce");
    assert!(home.body.contains(&format!("nonce=\"{nonce}\"")), "the page's own scripts carry the nonce");
    for part in ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "'wasm-unsafe-eval'"] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert_ne!(live.get("/", &[]).await.headers["content-security-policy"], home.headers["content-security-policy"], "a new nonce per page");
    let api = live.call("me", "", &[]).await;
    for a in [&home, &api] {
        assert_eq!(a.headers["cache-control"], "no-store");
        assert_eq!(a.headers["x-content-type-options"], "nosniff");
        assert_eq!(a.headers["referrer-policy"], "same-origin");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn signing_in_again_rotates_the_session_and_https_behind_a_proxy_makes_cookies_secure() {
    let live = Live::start(|c| c.trust_forwarded_for = true).await;
    let world = World::build(&live.db).await;
    let login = world.a.actors[0].1.clone();
    let form = format!("identifier={}&password={}", enc(&login), enc(TEST_PASSWORD));
    let plain = live.call("sign_in", &form, &[]).await;
    assert!(!plain.headers["set-cookie"].to_str().expect("a").contains("Secure"));
    let first = cookie_of(&plain);
    let again = live.call("sign_in", &form, &[("cookie", &first), ("x-forwarded-proto", "https")]).await;
    assert!(again.headers["set-cookie"].to_str().expect("a").contains("; Secure"));
    let second = cookie_of(&again);
    assert_ne!(first, second);
    assert_eq!(live.call("me", "", &[("cookie", &first)]).await.body, "null", "the old session ended");
    assert_ne!(live.call("me", "", &[("cookie", &second)]).await.body, "null");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_plain_start_on_an_empty_database_has_no_known_password() {
    let live = Live::start(|_| {}).await;
    use domain::entities::account;
    assert_eq!(account::Entity::find().count(&live.db.read).await.expect("n"), 0);
    let demo = live.call("sign_in", "identifier=bureau000&password=beilei-demo", &[]).await;
    assert_eq!(demo.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn opening_the_needs_page_reads_nothing_asking_reads_and_logs() {
    let live = Live::start(|_| {}).await;
    let world = World::build(&live.db).await;
    let teacher = world.a.actors.iter().find(|(r, _, _)| *r == Role::ClassTeacher).expect("teacher").1.clone();
    let cookie = live.sign_in(&teacher, TEST_PASSWORD).await;
    use domain::entities::special_need_read;
    let page = live.get(&format!("/students/{}/needs", world.a.student), &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(special_need_read::Entity::find().count(&live.db.read).await.expect("n"), 0, "a GET (a link, an image) reads nothing");
    let asked = live.call("special_needs", &format!("child={}", world.a.student), &[("cookie", &cookie)]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert_eq!(special_need_read::Entity::find().count(&live.db.read).await.expect("n"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn codes_go_to_the_configured_gateway_and_then_leave_the_outbox() {
    use axum::{Json, Router, extract::State, http::HeaderMap, routing::post};
    type Got = std::sync::Arc<tokio::sync::Mutex<Vec<(String, serde_json::Value)>>>;
    let got: Got = Default::default();
    async fn receive(State(got): State<Got>, headers: HeaderMap, Json(body): Json<serde_json::Value>) {
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        got.lock().await.push((auth, body));
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let gateway = format!("http://{}/send", listener.local_addr().expect("addr"));
    tokio::spawn(axum::serve(listener, Router::new().route("/send", post(receive)).with_state(got.clone())).into_future());
    let live = Live::start(|c| {
        c.sms_gateway_url = gateway;
        c.sms_gateway_token = "gw-token".into();
    })
    .await;
    assert_eq!(live.call("request_phone_code", "phone=13700000043", &[]).await.status, StatusCode::OK);
    let (auth, body) = eventually(async || got.lock().await.first().cloned()).await.expect("the gateway got the text");
    assert_eq!(auth, "Bearer gw-token");
    assert_eq!(body["to"], "13700000043");
    assert!(body["text"].as_str().expect("text").contains("验证码"));
    // The dispatcher marks the row after the gateway has answered: wait for that.
    use domain::entities::outbox_message;
    let sent = async || outbox_message::Entity::find().one(&live.db.read).await.expect("q").filter(|r| r.sent_at.is_some());
    let row = eventually(sent).await.expect("the text was marked sent");
    assert!(row.body.is_none(), "the code left the database once sent");
}
