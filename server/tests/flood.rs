//! A flood of junk registrations and sign-ins cannot exhaust the server's
//! memory: password hashing (19 MiB each) runs a few at a time, and the rest
//! wait briefly or are told to come back. Its own test binary, so the peak
//! memory measured is this flood's.
mod common;
use common::Live;
use futures::future::join_all;

/// The process's peak resident memory so far, in bytes (Linux).
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    kb * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_parallel_junk_registrations_and_sign_ins_stay_under_200_mb() {
    // Every request from its own address, so the per-address limits do not
    // stop the flood before it reaches the hashing.
    let live = Live::start(|c| {
        c.trust_forwarded_for = true;
        c.max_failures_per_address = 1_000;
    })
    .await;
    let registrations = (0..500).map(|i| {
        let form = format!(
            "registration%5Bphone%5D=137{i:08}&registration%5Bcode%5D=123456&registration%5Bname%5D=x&registration%5Bpassword%5D=junk%20password%20{i}"
        );
        let (live, from) = (&live, format!("10.1.{}.{}", i / 250, i % 250));
        async move { live.call("register", &form, &[("x-forwarded-for", &from)]).await.status.as_u16() }
    });
    let sign_ins = (0..500).map(|i| {
        let form = format!("identifier=user{i}&password=junk%20password%20{i}");
        let (live, from) = (&live, format!("10.2.{}.{}", i / 250, i % 250));
        async move { live.call("sign_in", &form, &[("x-forwarded-for", &from)]).await.status.as_u16() }
    });
    println!("started: {} MB", peak_memory() / 1_000_000);
    let registered = join_all(registrations).await;
    println!("after registrations: {} MB", peak_memory() / 1_000_000);
    let signed = join_all(sign_ins).await;
    let answers: Vec<u16> = registered.into_iter().chain(signed).collect();
    let peak = peak_memory();
    let of = |s: u16| answers.iter().filter(|a| **a == s).count();
    println!("1,000 junk requests: {} × 401, {} × 422, {} × 429, {} × 503; peak memory {} MB", of(401), of(422), of(429), of(503), peak / 1_000_000);
    assert!(answers.iter().all(|s| matches!(s, 401 | 422 | 429 | 503)), "only refusals, never a failure: {answers:?}");
    assert_eq!(of(422), 500, "a registration with no code sent is refused before any hashing");
    assert!(of(401) > 0, "some sign-ins are checked");
    assert!(peak < 200_000_000, "peak memory {} MB", peak / 1_000_000);
}
