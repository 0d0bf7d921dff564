//! Calendar arithmetic on any date of chrono's range, any shift and any
//! typed month: no panic, and loops bounded by the service's years.
#![no_main]
use chrono::NaiveDate;
use inputs::dates;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 16 {
        return;
    }
    let days = i32::from_le_bytes([data[0], data[1], data[2], data[3]]);
    let other = i32::from_le_bytes([data[4], data[5], data[6], data[7]]);
    let shift = i64::from_le_bytes([data[8], data[9], data[10], data[11], data[12], data[13], data[14], data[15]]);
    let text = String::from_utf8_lossy(&data[16..]);
    let (Some(d), Some(e)) = (NaiveDate::from_num_days_from_ce_opt(days), NaiveDate::from_num_days_from_ce_opt(other)) else { return };
    if let Some((monday, sunday)) = dates::week(d) {
        assert!(monday <= d && d <= sunday);
    }
    if let Some((first, last)) = dates::month(d) {
        assert!(first <= d && d <= last);
    }
    if let Some(moved) = dates::add_days(d, shift) {
        assert!(dates::within(moved));
    }
    let _ = dates::year(days);
    if let Some(m) = dates::parse_month(&text) {
        assert!(dates::within(m));
    }
    assert!(dates::months(d, e).count() <= 12 * 101);
    assert!(dates::days(d, e).take(40_000).count() <= 36_890);
});
