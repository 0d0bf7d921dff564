//! The public notice (公示) of a plan's admitted list, and objections to it.
use crate::ids::{ObjectionId, PlanId};
use serde::{Deserialize, Serialize};

/// One admitted child as the notice may show it: class and a masked name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeEntry {
    pub class: String,
    pub masked_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionView {
    pub id: ObjectionId,
    pub text: String,
    pub answer: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub plan: PlanId,
    pub plan_title: String,
    /// RFC 3339, UTC.
    pub ends_at: String,
    pub open: bool,
    pub finalized: bool,
    pub admitted: Vec<NoticeEntry>,
    pub objections: Vec<ObjectionView>,
}

/// A name with all but its first character hidden: 王小明 → 王**.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_masked_after_the_first_character() {
        assert_eq!(super::mask_name("王小明"), "王**");
        assert_eq!(super::mask_name("李"), "李");
        assert_eq!(super::mask_name(""), "");
    }
}
