//! Why a request was refused, as keys shared by the domain (which refuses)
//! and the app (which names the message in the locale files). No sentence
//! lives here: the locale files hold every text a user reads.
use crate::text_enum::text_enum;
use serde::{Deserialize, Serialize};

/// Why a request clashes with what is already there (HTTP 409): the thing
/// exists already, or its state no longer allows the change.
///
/// The key (`as_str`, and the serde form) is stable: it crosses the wire in
/// a server function's error and in a no-script form's `?__err=`. The first
/// seven keep the keys they had when they were strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Clash {
    /// An account with this phone or login exists already.
    #[serde(rename = "account")]
    AccountExists,
    /// The guardian is linked to this child already.
    #[serde(rename = "already_linked")]
    AlreadyLinked,
    /// The report for this period is sent (or accepted) already.
    #[serde(rename = "report_sent")]
    ReportSent,
    /// The report is not waiting for the bureau's review.
    #[serde(rename = "report_not_waiting")]
    ReportNotWaiting,
    /// A unique index refused the write: the row exists already.
    #[serde(rename = "duplicate")]
    Duplicate,
    /// A district with this name or code exists already.
    #[serde(rename = "district")]
    DistrictExists,
    /// The plan's timetable could neither be made nor found.
    #[serde(rename = "timetable")]
    TimetableNotOpened,
    /// The plan is published: no longer a draft to edit or publish.
    #[serde(rename = "plan_published")]
    PlanPublished,
    /// The admitted list is on notice: places no longer change, and it is
    /// not put on notice twice.
    #[serde(rename = "list_on_notice")]
    ListOnNotice,
    /// The objection has its answer already.
    #[serde(rename = "objection_answered")]
    ObjectionAnswered,
    /// Enrolment for the plan is final already.
    #[serde(rename = "enrolment_final")]
    EnrolmentFinal,
    /// Only an application not yet admitted (or refused, or withdrawn) can
    /// be withdrawn.
    #[serde(rename = "not_withdrawable")]
    NotWithdrawable,
    /// The application is not in review.
    #[serde(rename = "not_in_review")]
    NotInReview,
    /// The application waits for another reviewer's step, not this one's.
    #[serde(rename = "not_your_step")]
    NotYourStep,
    /// The idempotency key was used for another application.
    #[serde(rename = "key_reused")]
    KeyReused,
    /// Demo data goes only into an empty database.
    #[serde(rename = "database_not_empty")]
    DatabaseNotEmpty,
}

text_enum!(Clash {
    AccountExists = "account",
    AlreadyLinked = "already_linked",
    ReportSent = "report_sent",
    ReportNotWaiting = "report_not_waiting",
    Duplicate = "duplicate",
    DistrictExists = "district",
    TimetableNotOpened = "timetable",
    PlanPublished = "plan_published",
    ListOnNotice = "list_on_notice",
    ObjectionAnswered = "objection_answered",
    EnrolmentFinal = "enrolment_final",
    NotWithdrawable = "not_withdrawable",
    NotInReview = "not_in_review",
    NotYourStep = "not_your_step",
    KeyReused = "key_reused",
    DatabaseNotEmpty = "database_not_empty",
});

/// The key, never a sentence: logs and error chains show it as it is.
impl std::fmt::Display for Clash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Clash;

    #[test]
    fn the_serde_form_is_the_key_and_reads_back() {
        for &c in Clash::ALL {
            let json = serde_json::to_string(&c).expect("serialises");
            assert_eq!(json, format!("\"{}\"", c.as_str()), "{c:?}");
            assert_eq!(serde_json::from_str::<Clash>(&json).expect("deserialises"), c);
            assert_eq!(Clash::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn keys_are_distinct_snake_case_words() {
        let mut keys: Vec<&str> = Clash::ALL.iter().map(|c| c.as_str()).collect();
        assert!(keys.iter().all(|k| !k.is_empty() && k.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')), "{keys:?}");
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Clash::ALL.len());
    }
}
