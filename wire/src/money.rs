//! Money is integer fen (分); people type yuan.

/// Yuan as typed ("80", "80.5") to fen; `None` if it is not an amount.
pub fn fen(yuan: &str) -> Option<i64> {
    let (whole, part) = yuan.trim().split_once('.').unwrap_or((yuan.trim(), ""));
    if part.len() > 2 || whole.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cents: i64 = format!("{part:0<2}").parse().ok()?;
    whole.parse::<u32>().ok().map(i64::from)?.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    #[test]
    fn yuan_amounts_become_fen_or_nothing() {
        assert_eq!(super::fen("80"), Some(8_000));
        assert_eq!(super::fen(" 80.5 "), Some(8_050));
        assert_eq!(super::fen("0.05"), Some(5));
        assert_eq!(super::fen("80.555"), None);
        assert_eq!(super::fen("-5"), None);
        assert_eq!(super::fen("1.-5"), None);
        assert_eq!(super::fen("abc"), None);
        assert_eq!(super::fen(""), None);
    }
}
