//! How money is divided, never into fractions of a fen, and so that the
//! pieces always add up to the whole:
//! - a part of an amount (a refund for the days not served, a month's fee
//!   for the days enrolled) is rounded down: the family is never charged a
//!   fraction more, and a refund never exceeds what it is a part of; the
//!   part kept is the whole less the part given;
//! - a split by percent (the subsidy's city and district shares) rounds
//!   the first share down and gives the second the rest;
//! - a split among many (a surplus among the families) gives each its
//!   share rounded down, then the fen left over one each to the largest
//!   remainders (ties to the earlier).

/// `amount × part ÷ whole`, rounded down; nothing when `whole` is not
/// positive. `part` beyond `whole` is taken as `whole`: a part never
/// exceeds the amount.
pub fn pro_rata(amount: i64, part: i64, whole: i64) -> i64 {
    times(amount, part.min(whole), whole)
}

/// `amount × n ÷ d`, rounded down (an hourly rate for the minutes
/// served); nothing when any is not positive.
pub fn times(amount: i64, n: i64, d: i64) -> i64 {
    if d <= 0 || n <= 0 || amount <= 0 {
        return 0;
    }
    i64::try_from(i128::from(amount) * i128::from(n) / i128::from(d)).unwrap_or(i64::MAX)
}

/// `total` split as `percent` to the first share and the rest to the second.
pub fn split_percent(total: i64, percent: u8) -> (i64, i64) {
    let first = pro_rata(total, i64::from(percent.min(100)), 100);
    (first, total - first)
}

/// `total` shared in proportion to `weights` (largest remainder). A zero
/// or negative total, or no positive weight, shares nothing.
pub fn largest_remainder(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().filter(|w| **w > 0).map(|w| i128::from(*w)).sum();
    if total <= 0 || sum == 0 {
        return vec![0; weights.len()];
    }
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = i128::from(total) * i128::from((*w).max(0));
        shares.push((exact / sum) as i64);
        remainders.push((exact % sum, i));
    }
    let left = total - shares.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take(left as usize) {
        shares[i] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_down_and_splits_add_up() {
        // 100 yuan for 23 days, 11 of them not served: 47.826… → 47.82.
        assert_eq!(pro_rata(10_000, 11, 23), 4_782);
        assert_eq!(pro_rata(10_000, 23, 23), 10_000);
        assert_eq!(pro_rata(10_000, 30, 23), 10_000);
        assert_eq!(pro_rata(10_000, 0, 23), 0);
        assert_eq!(pro_rata(10_000, 5, 0), 0);
        assert_eq!(split_percent(600_000, 60), (360_000, 240_000));
        assert_eq!(split_percent(101, 60), (60, 41));
        assert_eq!(largest_remainder(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(largest_remainder(10, &[0, 5, 0]), vec![0, 10, 0]);
        assert_eq!(largest_remainder(-5, &[1, 2]), vec![0, 0]);
        assert_eq!(largest_remainder(7, &[]), Vec::<i64>::new());
    }
}
