//! Money typed into forms and divided: a typed amount reads back as
//! written; a part never exceeds its whole; every split adds up.
#![no_main]
use inputs::money::{largest_remainder, pro_rata, split_percent, times};
use libfuzzer_sys::fuzz_target;

fn i64_at(data: &[u8], at: usize) -> i64 {
    let mut b = [0u8; 8];
    for (i, x) in data.iter().skip(at).take(8).enumerate() {
        b[i] = *x;
    }
    i64::from_le_bytes(b)
}

fuzz_target!(|data: &[u8]| {
    if let Some(fen) = wire::money::fen(&String::from_utf8_lossy(data)) {
        assert_eq!(wire::money::fen(&wire::money::yuan(fen)), Some(fen));
    }
    let (amount, part, whole) = (i64_at(data, 0), i64_at(data, 8), i64_at(data, 16));
    let share = pro_rata(amount, part, whole);
    if amount >= 0 {
        assert!((0..=amount).contains(&share));
    }
    let _ = times(amount, part, whole);
    let percent = data.get(24).copied().unwrap_or(0);
    // Amounts a school books: at most a million yuan, split among at most
    // a school's families.
    let total = (amount.unsigned_abs() % 100_000_001) as i64;
    let (a, b) = split_percent(total, percent);
    assert!(a >= 0 && b >= 0 && a + b == total);
    let weights: Vec<i64> = data.chunks(8).skip(4).take(64).map(|c| i64_at(c, 0) % 1_000_000).collect();
    let shares = largest_remainder(total, &weights);
    if weights.iter().any(|w| *w > 0) {
        assert_eq!(shares.iter().sum::<i64>(), total);
    }
});
