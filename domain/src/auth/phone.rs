//! Mobile numbers: the one form they are stored in, and how they are shown.
use crate::error::{DomainError, DomainResult};

/// A mainland mobile number: 11 digits starting with 1. Spaces, dashes and a
/// leading +86 are accepted and dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> DomainResult<Phone> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = digits.strip_prefix("+86").unwrap_or(&digits);
        if digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(Phone(digits.to_string()))
        } else {
            Err(DomainError::invalid("phone", "not_a_mobile_number"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `13800000000` → `138****0000`.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() { format!("{}****{}", &phone[..3], &phone[7..]) } else { "****".into() }
}
