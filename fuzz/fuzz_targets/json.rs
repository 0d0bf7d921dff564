//! The one JSON argument (a plan's content, from the plan editor): nesting
//! stops at serde_json's limit.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<wire::plan::PlanContent>(data);
    let _ = serde_json::from_slice::<serde_json::Value>(data);
});
