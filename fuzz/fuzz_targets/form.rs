//! A server function's form-encoded arguments, decoded as the server does
//! (depth 5, not strict) into the types people post: nested keys never
//! recurse without end.
#![no_main]
use libfuzzer_sys::fuzz_target;

fn decode<T: serde::de::DeserializeOwned>(data: &[u8]) {
    let _ = serde_qs::Config::new(5, false).deserialize_bytes::<T>(data);
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Apply {
    plan: wire::ids::PlanId,
    student: wire::ids::StudentId,
    declaration: wire::enrolment::Declaration,
    idempotency_key: String,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct RegisterVendor {
    vendor: wire::tender::NewVendor,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct CreateTender {
    school: wire::ids::SchoolId,
    tender: wire::tender::NewTender,
}

fuzz_target!(|data: &[u8]| {
    decode::<Apply>(data);
    decode::<RegisterVendor>(data);
    decode::<CreateTender>(data);
    decode::<std::collections::HashMap<String, String>>(data);
});
