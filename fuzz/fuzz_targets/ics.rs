//! A year's calendar file: never a panic or a stack overflow; what is read
//! is in order, once per day, within the day limit and the service's years.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(days) = inputs::ics::parse(data) {
        assert!(!days.is_empty() && days.len() <= inputs::ics::MAX_DAYS);
        assert!(days.windows(2).all(|w| w[0].date < w[1].date), "in order, once each");
        assert!(days.iter().all(|d| inputs::dates::within(d.date) && d.name.chars().count() <= 40));
    }
});
