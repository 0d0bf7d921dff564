//! Every text a user reads lives in one Fluent file per locale
//! (`app/locales/zh-CN.ftl`, the default, and `en.ftl`), which translators
//! edit. Components name a message (`M::SignIn`, or `msg::…` for one with
//! values) and never spell text themselves; a missing or misspelt message
//! fails the build, not a blank on screen.
use leptos::prelude::*;
use wire::enrolment::{ApplicationStatus, ReviewStep};
use wire::home::Capability;
use wire::org::SchoolKind;
use wire::plan::{ActivityKind, BillingPeriod, PlanProblem, Season, ServiceType};
use wire::roles::{Panel, Role};
use wire::ids::SessionId;
use wire::operations::{Clearance, Conflict, RoomKind, Session, StaffKind};

// `Lang`, `M` (messages without values) and `msg` (with values), compiled
// from `app/locales/*.ftl` by build.rs.
include!(concat!(env!("OUT_DIR"), "/texts.rs"));

/// The CLDR plural category of `n` in `lang`, for the generated `msg`
/// functions. Rules are kept per language (`zh`, not `zh-CN`).
fn plural(lang: Lang, n: i64) -> intl_pluralrules::PluralCategory {
    let tag = lang.tag();
    [tag, tag.split('-').next().unwrap_or(tag)]
        .into_iter()
        .find_map(|t| {
            let id: unic_langid::LanguageIdentifier = t.parse().ok()?;
            intl_pluralrules::PluralRules::create(id, intl_pluralrules::PluralRuleType::CARDINAL).ok()
        })
        .and_then(|rules| rules.select(n).ok())
        .unwrap_or(intl_pluralrules::PluralCategory::OTHER)
}

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    /// The language subtag, as the cookie keeps it: `zh`, `en`.
    pub fn cookie_value(self) -> &'static str {
        self.tag().split('-').next().unwrap_or_default()
    }
    /// The language chosen in a `Cookie` header; the default unless another was chosen.
    pub fn from_cookie_header(header: &str) -> Lang {
        let chosen = header
            .split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .map(|(_, v)| v);
        Lang::ALL.into_iter().find(|l| Some(l.cookie_value()) == chosen).unwrap_or_default()
    }
    /// The languages to offer besides this one.
    pub fn others(self) -> impl Iterator<Item = Lang> {
        Lang::ALL.into_iter().filter(move |l| *l != self)
    }
}

pub fn role(r: Role) -> M {
    match r {
        Role::Parent => M::RoleParent,
        Role::ClassTeacher => M::RoleClassTeacher,
        Role::ServiceStaff => M::RoleServiceStaff,
        Role::SchoolAdmin => M::RoleSchoolAdmin,
        Role::FamilyCommittee => M::RoleFamilyCommittee,
        Role::Vendor => M::RoleVendor,
        Role::BureauOfficial => M::RoleBureauOfficial,
        Role::CityOfficial => M::RoleCityOfficial,
    }
}

pub fn panel(p: Panel) -> M {
    match p {
        Panel::PriceInquiry => M::PanelPriceInquiry,
        Panel::Supervision => M::PanelSupervision,
        Panel::Treasurer => M::PanelTreasurer,
    }
}

pub fn school_kind(k: SchoolKind) -> M {
    match k {
        SchoolKind::District => M::KindDistrict,
        SchoolKind::CityDirect => M::KindCityDirect,
        SchoolKind::Private => M::KindPrivate,
    }
}

pub fn capability(c: Capability) -> M {
    use Capability as C;
    match c {
        C::SeeChildren => M::CapSeeChildren,
        C::ApplyForService => M::CapApplyForService,
        C::SignAgreement => M::CapSignAgreement,
        C::ArrangePickup => M::CapArrangePickup,
        C::ReviewClassApplications => M::CapReviewClassApplications,
        C::PrintLinkCodes => M::CapPrintLinkCodes,
        C::SeePickupDay => M::CapSeePickupDay,
        C::ManageSchool => M::CapManageSchool,
        C::PublishPlan => M::CapPublishPlan,
        C::ReviewApplications => M::CapReviewApplications,
        C::SeeDistrictSchools => M::CapSeeDistrictSchools,
        C::SeeOwnTimetable => M::CapSeeOwnTimetable,
        C::BuildTimetable => M::CapBuildTimetable,
        C::RunTenders => M::CapRunTenders,
        C::ScoreBids => M::CapScoreBids,
        C::SuperviseTenders => M::CapSuperviseTenders,
        C::BidForTenders => M::CapBidForTenders,
        C::ApproveVendors => M::CapApproveVendors,
        C::RateService => M::CapRateService,
        C::SeeFees => M::CapSeeFees,
        C::KeepBooks => M::CapKeepBooks,
        C::SeeBooks => M::CapSeeBooks,
        C::ReviewProof => M::CapReviewProof,
        C::SeeDistrictMoney => M::CapSeeDistrictMoney,
    }
}

pub fn tender_status(s: wire::tender::TenderStatus) -> M {
    use wire::tender::TenderStatus as S;
    match s {
        S::Open => M::TenderOpen,
        S::Evaluating => M::TenderEvaluating,
        S::Unsuccessful => M::TenderUnsuccessful,
        S::Awarding => M::TenderAwarding,
        S::Awarded => M::TenderAwarded,
        S::Contracted => M::TenderContracted,
    }
}

pub fn tender_service(s: wire::tender::TenderService) -> M {
    match s {
        wire::tender::TenderService::AfterSchool => M::ServiceAfterSchool,
        wire::tender::TenderService::LunchMeal => M::ServiceLunchMeal,
    }
}

pub fn price_unit(u: wire::tender::PriceUnit) -> M {
    match u {
        wire::tender::PriceUnit::ChildMonth => M::PerChildMonth,
        wire::tender::PriceUnit::Meal => M::PerMeal,
    }
}

pub fn vendor_kind(k: wire::tender::VendorKind) -> M {
    match k {
        wire::tender::VendorKind::AfterSchool => M::VendorAfterSchool,
        wire::tender::VendorKind::Catering => M::VendorCatering,
    }
}

pub fn document_kind(k: wire::tender::DocumentKind) -> M {
    use wire::tender::DocumentKind as D;
    match k {
        D::BusinessLicence => M::DocBusinessLicence,
        D::SchoolPermit => M::DocSchoolPermit,
        D::CateringLicence => M::DocCateringLicence,
    }
}

pub fn end_cause(c: wire::tender::EndCause) -> M {
    use wire::tender::EndCause as E;
    match c {
        E::FalseQualifications => M::EndFalseQualifications,
        E::MajorFault => M::EndMajorFault,
        E::LowSatisfaction => M::EndLowSatisfaction,
        E::Agreement => M::EndAgreement,
    }
}

pub fn award_status(s: wire::tender::AwardStatus) -> M {
    use wire::tender::AwardStatus as A;
    match s {
        A::Standstill => M::AwardStandstill,
        A::Approving => M::AwardApproving,
        A::Approved => M::AwardApproved,
        A::Rejected => M::AwardRejected,
        A::Cancelled => M::AwardCancelled,
    }
}

/// An approval step (`policy::VendorApprovalStep` as text).
pub fn approval_step(step: &str) -> M {
    match step {
        "admission_panel" => M::StepAdmissionPanel,
        "school_party" => M::StepSchoolParty,
        "school_and_committee" => M::StepSchoolAndCommittee,
        "school_and_committee/school" => M::StepSchoolPart,
        "school_and_committee/committee" => M::StepCommitteePart,
        "city_bureau" => M::StepCityBureau,
        _ => M::StepDistrictBureau,
    }
}

/// Why an opened bid does not count.
pub fn disqualified(why: &str) -> M {
    match why {
        "not_approved" => M::ErrVendorNotApproved,
        "barred" => M::ErrVendorBarred,
        "documents_expired" => M::ErrDocumentsExpired,
        "no_catering_licence" => M::ErrNoCateringLicence,
        "voided" => M::BidVoided,
        _ => M::BidTampered,
    }
}

pub fn activity(a: ActivityKind) -> M {
    use ActivityKind as A;
    match a {
        A::HomeworkHelp => M::ActHomeworkHelp,
        A::IndividualHelp => M::ActIndividualHelp,
        A::Reading => M::ActReading,
        A::Sports => M::ActSports,
        A::Arts => M::ActArts,
        A::Science => M::ActScience,
        A::Clubs => M::ActClubs,
        A::SocialPractice => M::ActSocialPractice,
        A::Films => M::ActFilms,
        A::Labour => M::ActLabour,
        A::InterestClass => M::ActInterestClass,
        A::NewLessons => M::ActNewLessons,
        A::GroupTutoring => M::ActGroupTutoring,
        A::Exams => M::ActExams,
    }
}

pub fn service_type(t: ServiceType) -> M {
    match t {
        ServiceType::AfterSchool => M::StAfterSchool,
        ServiceType::Lunch => M::StLunch,
        ServiceType::NoonRest => M::StNoonRest,
    }
}

pub fn billing_period(p: BillingPeriod) -> M {
    match p {
        BillingPeriod::Monthly => M::BpMonthly,
        BillingPeriod::Semester => M::BpSemester,
    }
}

pub fn season(s: Season) -> M {
    match s {
        Season::Summer => M::Summer,
        Season::Winter => M::Winter,
    }
}

pub fn application_status(s: ApplicationStatus) -> M {
    match s {
        ApplicationStatus::InReview => M::StatusInReview,
        ApplicationStatus::Approved => M::StatusApproved,
        ApplicationStatus::Admitted => M::StatusAdmitted,
        ApplicationStatus::Waitlisted => M::StatusWaitlisted,
        ApplicationStatus::Enrolled => M::StatusEnrolled,
        ApplicationStatus::Rejected => M::StatusRejected,
        ApplicationStatus::Withdrawn => M::StatusWithdrawn,
    }
}

pub fn review_step(s: ReviewStep) -> M {
    match s {
        ReviewStep::ClassTeacher => M::StepClassTeacher,
        ReviewStep::ClassCommittee => M::StepClassCommittee,
        ReviewStep::GradeCommittee => M::StepGradeCommittee,
        ReviewStep::SchoolCommittee => M::StepSchoolCommittee,
        ReviewStep::FamilyCommittee => M::StepFamilyCommittee,
        ReviewStep::School => M::StepSchool,
    }
}

/// A notice in the user's language.
pub fn notice(n: &wire::inbox::Notice, lang: Lang) -> String {
    use wire::inbox::Notice as N;
    match n {
        N::ApplicationSubmitted => M::NoticeSubmitted.text(lang).into(),
        N::StepApproved { step } => msg::notice_step_approved(lang, review_step(*step).text(lang)),
        N::ApplicationApproved => M::NoticeApproved.text(lang).into(),
        N::ApplicationRejected { step, reason } => msg::notice_rejected(lang, review_step(*step).text(lang), reason),
        N::Admitted { rank } => msg::notice_admitted(lang, rank),
        N::Waitlisted { rank } => msg::notice_waitlisted(lang, rank),
        N::OnNotice { ends_at } => msg::notice_on_notice(lang, instant(ends_at)),
        N::Enrolled => M::NoticeEnrolled.text(lang).into(),
        N::AgreementPublished { version, resign } => {
            msg::notice_agreement_published(lang, version, if *resign { "yes" } else { "no" })
        }
        N::AgreementSigned { version } => msg::notice_agreement_signed(lang, version),
        N::ConsentWithdrawn { from } => msg::notice_consent_withdrawn(lang, from),
        N::PickupRequested { on, absent: true, .. } => msg::notice_absence_requested(lang, on),
        N::PickupRequested { on, early, at, collector, .. } => {
            let when = if *early { msg::notice_pickup_early(lang, on, at) } else { msg::notice_pickup_late(lang, on, at) };
            if collector.is_empty() { when } else { when + &msg::notice_pickup_by(lang, collector) }
        }
        N::Absent { on, starts_at } => msg::notice_absent(lang, on, starts_at),
        N::DayNote { on, note_kind: kind, note } => {
            let note = if note.is_empty() { String::new() } else { format!(": {note}") };
            msg::notice_day_note(lang, on, note_kind(*kind).text(lang), note)
        }
        N::PickupRefused { on, claimed } => msg::notice_pickup_refused(lang, on, claimed),
        N::LeaveSlipIssued { on, at, reason } => msg::notice_leave_slip(lang, on, at, reason),
        N::Stranded { on, ended_at } => msg::notice_stranded(lang, on, ended_at),
        N::ClaimDecided { claim, approved: true, .. } => msg::notice_claim_approved(lang, claim_kind(*claim).text(lang)),
        N::ClaimDecided { claim, reason, .. } => msg::notice_claim_rejected(lang, claim_kind(*claim).text(lang), reason),
        N::RefundBooked { amount_fen, paid_back_fen } => msg::notice_refund_booked(lang, wire::money::yuan(*amount_fen), wire::money::yuan(*paid_back_fen)),
        N::RefundPaid { amount_fen } => msg::notice_refund_paid(lang, wire::money::yuan(*amount_fen)),
    }
}

pub fn note_kind(k: wire::service_day::NoteKind) -> M {
    use wire::service_day::NoteKind;
    match k {
        NoteKind::Unwell => M::NoteUnwell,
        NoteKind::Health => M::NoteHealth,
        NoteKind::Behaviour => M::NoteBehaviour,
        NoteKind::LeftWithoutHandover => M::NoteLeftWithoutHandover,
    }
}

pub fn handover_way(w: wire::service_day::HandoverWay) -> M {
    use wire::service_day::HandoverWay;
    match w {
        HandoverWay::Guardian => M::WayGuardian,
        HandoverWay::PickupPerson => M::WayPickupPerson,
        HandoverWay::WalksAlone => M::WayWalksAlone,
    }
}

/// Why a pickup was refused at the gate.
pub fn pickup_refusal(r: wire::service_day::PickupRefusal) -> M {
    use wire::service_day::PickupRefusal;
    match r {
        PickupRefusal::WrongCode => M::RefusedWrongCode,
        PickupRefusal::NotAuthorised => M::RefusedNotAuthorised,
    }
}

/// What to say about an input that broke a rule (`AppError::Invalid`).
pub fn invalid(field: &str, rule: &str) -> M {
    match (field, rule) {
        ("proof", "too_large") => M::ErrProofTooLarge,
        ("proof", "not_needed") => M::ErrProofNotNeeded,
        ("proof", "not_declared") => M::ErrProofNotDeclared,
        ("proof", "term_over") => M::ErrProofTermOver,
        ("proof", "already_approved") => M::ErrProofApproved,
        ("proof", _) => M::ErrProofFile,
        ("claim", "not_waiting") => M::ErrClaimNotWaiting,
        ("fee" | "amount" | "rate", "format") => M::ErrAmount,
        ("amount", "zero") => M::ErrAmountZero,
        ("amount", "too_large") => M::ErrAmountTooLarge,
        ("rate", _) => M::ErrRate,
        ("filing_date", _) => M::ErrDate,
        ("items", "required") => M::ErrFeeItems,
        ("fee_schedule", "one_pending") => M::ErrFeeOnePending,
        ("fee_schedule", _) => M::ErrFeeNotWaiting,
        ("month", "format") => M::ErrMonth,
        ("period", "not_over") => M::ErrReportPeriodNotOver,
        ("period", _) => M::ErrPeriod,
        ("narrative", "too_long") => M::ErrNarrativeTooLong,
        ("narrative", _) => M::ErrNarrative,
        ("note", "missing") => M::ErrReviewNote,
        ("note", "too_long") => M::ErrNarrativeTooLong,
        ("month", "not_over") => M::ErrMonthNotOver,
        ("month", "already_published") => M::ErrAlreadyPublished,
        ("memo", "purpose_required") => M::ErrPurposeRequired,
        ("memo", "management_fee") => M::ErrManagementFee,
        ("on_date", "outside_month_or_future") => M::ErrPayDate,
        ("reference", "already_booked") => M::ErrAlreadyBooked,
        ("posting", "not_reversible") => M::ErrNotReversible,
        ("posting", "already_reversed") => M::ErrAlreadyReversed,
        ("student_no", "unknown") => M::ErrStudentNoUnknown,
        ("refund", "changed") => M::ErrRefundChanged,
        ("refund", "nothing_due") => M::ErrNothingDue,
        ("pay", "nothing_to_book") => M::ErrNothingToBook,
        ("pay", "already_booked") => M::ErrAlreadyBooked,
        ("settlement", "term_not_over") => M::ErrTermNotOver,
        ("settlement", "changed") => M::ErrSettlementChanged,
        ("settlement", "already_confirmed") => M::ErrAlreadySettled,
        ("code", "wrong") => M::ErrCodeWrong,
        ("invitation", _) => M::ErrInvitationWrong,
        ("pickup_code", "wrong") => M::ErrPickupCodeWrong,
        ("pickup_code", "too_many_refusals") => M::ErrTooManyRefusals,
        ("pickup_code", _) => M::ErrPickupCodeRequired,
        ("attendance", "already_taken") => M::ErrAttendanceTaken,
        ("attendance", "not_taken") => M::ErrAttendanceNotTaken,
        ("on_date", "no_session") => M::ErrNoSessionThatDay,
        (_, "not_today") => M::ErrNotToday,
        ("staff", "not_cleared") => M::ErrNotCleared,
        ("staff", "not_school_staff") => M::ErrNotSchoolStaff,
        ("student", "not_in_group") => M::ErrNotInGroup,
        ("student", "not_present") => M::ErrNotPresent,
        ("student", "not_at_school") => M::ErrNotAtSchool,
        ("student", "already_in_session") => M::ErrAlreadyInSession,
        ("handover", "already_done") => M::ErrAlreadyHandedOver,
        ("handover", "early_without_slip") => M::ErrEarlyWithoutSlip,
        ("collector", "not_authorised") => M::ErrCollectorNotAuthorised,
        ("collector", "not_agreed_alone") => M::ErrNotAgreedAlone,
        ("photo", "too_large") => M::ErrPhotoTooLarge,
        ("photo", _) => M::ErrPhotoNotImage,
        ("report", "missing") => M::ErrReportMissing,
        ("report", "already_filed") => M::ErrReportFiled,
        ("finding", "already_resolved") => M::ErrFindingResolved,
        ("visitor", "already_left") => M::ErrVisitorLeft,
        ("due", "before_inspection") => M::ErrDueBeforeInspection,
        ("code", "expired") => M::ErrCodeExpired,
        ("code", "too_many_guesses") => M::ErrCodeGuesses,
        ("code", "not_valid") => M::ErrLinkCode,
        ("code", "link_expired") => M::ErrLinkCodeExpired,
        ("consent", "outdated") => M::ErrConsentOutdated,
        ("consent", _) => M::ErrConsentRequired,
        ("application", "own_child") => M::ErrOwnChild,
        ("link_code_days", _) => M::ErrLinkCodeDays,
        ("phone", "taken") => M::ErrPhoneTaken,
        ("phone", "works_elsewhere") => M::ErrWorksElsewhere,
        ("phone", _) => M::ErrPhone,
        ("password", _) => M::ErrPassword,
        ("file", "missing_column") => M::ErrFileColumns,
        ("file", "empty") => M::ErrFileEmpty,
        ("file", "too_large" | "too_many_rows" | "inflates_too_far" | "too_many_entries") => M::ErrFileSize,
        ("file", _) => M::ErrFileUnreadable,
        ("student_acknowledges", _) => M::ErrAcknowledge,
        ("insurance", "required_by_policy") => M::ErrInsuranceRequired,
        ("insurance", _) => M::ErrInsurance,
        ("insurer", "required") => M::ErrInsurer,
        ("agreement", "outdated") => M::ErrOutdated,
        ("application", "not_admitted") => M::ErrNotAdmitted,
        ("calendar", "not_text" | "not_icalendar" | "bad_date") => M::ErrCalendarNotIcalendar,
        ("calendar", "contradicts_itself") => M::ErrCalendarContradicts,
        ("calendar", "no_days") => M::ErrCalendarEmpty,
        ("calendar", "too_large" | "too_many_days") => M::ErrFileSize,
        ("calendar", "too_deep" | "too_many_components" | "too_many_lines" | "line_too_long") => M::ErrCalendarShape,
        ("calendar", "year_out_of_range") => M::ErrOutsideYears,
        ("calendar", _) => M::ErrCalendarForeign,
        ("year", "not_shipped") => M::ErrYearNotShipped,
        ("weekday", _) => M::ErrWeekday,
        ("capacity", _) => M::ErrRoomCapacity,
        (_, "taken") => M::ErrTaken,
        (_, "in_use") => M::ErrInUse,
        ("room" | "staff" | "group" | "session", "too_many") => M::ErrTooMany,
        (_, "in_the_future") => M::ErrFutureDate,
        (_, "outside_years") => M::ErrOutsideYears,
        (_, "month_published") => M::ErrMonthPublished,
        (_, "period_settled") => M::ErrPeriodSettled,
        (_, "outside_terms") => M::ErrOutsideTerms,
        ("valid_until", _) => M::ErrValidUntil,
        ("student", "no_agreement") => M::ErrNoAgreement,
        ("ends_at", "before_start") => M::ErrEndsBeforeStart,
        ("staff", "twice") => M::ErrStaffTwice,
        (_, "unknown") => M::ErrUnknownChoice,
        ("dining", _) => M::ErrDiningNeedsLead,
        ("timetable", "has_conflicts") => M::ErrHasConflicts,
        ("timetable", "empty") => M::ErrTimetableEmpty,
        ("children_per_adult", _) => M::ErrChildrenPerAdult,
        ("plan", "not_published") => M::ErrPlanNotPublished,
        (_, "in_the_past") => M::ErrPastDate,
        (_, "too_far_ahead") => M::ErrTooFarAhead,
        ("pickup_person", "not_authorised") => M::ErrPickupPerson,
        ("pickup_person", "too_many") => M::ErrTooManyPersons,
        (_, "unchanged") => M::ErrUnchanged,
        ("notice", "period_not_over") => M::ErrPeriodNotOver,
        ("notice", "objections_unanswered") => M::ErrObjectionsOpen,
        ("vendor", rule) => disqualified(rule),
        ("tender", "deadline_passed") => M::ErrDeadlinePassed,
        ("tender", "closed") => M::ErrTenderClosed,
        ("tender", "not_yet") => M::ErrNotOpeningTime,
        ("tender", "already_opened") => M::ErrAlreadyOpened,
        ("tender", "already_consented") => M::ErrAlreadyActed,
        ("tender", "too_few_bids") => M::ErrTooFewBids,
        ("tender", "not_evaluating" | "changed" | "not_unsuccessful" | "not_opened") => M::ErrTenderMoved,
        ("criteria", "weights_not_100") => M::ErrWeights,
        ("criteria", _) => M::ErrCriteria,
        ("whole_service", _) => M::ErrWholeService,
        ("service", "not_offered") => M::ErrServiceNotOffered,
        ("bid_deadline" | "opening_at", "format") => M::ErrDateTime,
        ("opening_at", _) => M::ErrOpeningBeforeDeadline,
        ("estimate_yuan" | "price_yuan", _) => M::ErrAmount,
        ("panel", _) => M::ErrPanelTooSmall,
        ("documents", "too_large") => M::ErrDocumentTooLarge,
        ("documents", "too_many") => M::ErrTooManyDocuments,
        ("documents", "not_pdf") => M::ErrNotPdf,
        ("bid", "not_voided") => M::ErrBidNotVoided,
        ("bid", "not_qualified") => M::ErrBidNotQualified,
        ("bid", "already_submitted") => M::ErrAlreadyActed,
        ("member", "excluded") => M::ErrMemberExcluded,
        ("member", "already_declared") => M::ErrAlreadyActed,
        ("score" | "rating", "out_of_range") => M::ErrScoreRange,
        ("scores", "incomplete") => M::ErrScoresIncomplete,
        ("scores", _) => M::ErrInvalid,
        ("award", "standstill_over") => M::ErrStandstillOver,
        ("award", "in_standstill") => M::ErrInStandstill,
        ("award", "complaints_open") => M::ErrComplaintsOpen,
        ("award" | "step" | "entry", "decided" | "already_decided" | "not_approved" | "already_contracted") => M::ErrAlreadyDecided,
        ("complaint", _) => M::ErrAlreadyDecided,
        ("contract", "ended") => M::ErrContractEnded,
        ("contract", "not_ended_with_cause") => M::ErrNotEndedWithCause,
        ("contract", "already_barred") => M::ErrAlreadyDecided,
        ("credit_code", "format") => M::ErrCreditCode,
        ("login", "looks_like_phone") => M::ErrLoginLooksLikePhone,
        ("staff", "signs_in_already") => M::ErrSignsInAlready,
        ("district", "already_requested") => M::ErrAlreadyActed,
        ("decision", _) => M::ErrDecision,
        ("ends_on", _) => M::ErrEndsBeforeStart,
        (_, "required") => M::ErrRequired,
        (_, "too_long") => M::ErrTooLong,
        _ => M::ErrInvalid,
    }
}

/// A roster row's problem, in words.
pub fn row_rule(rule: &str) -> M {
    match rule {
        "not_a_date" => M::RowNotADate,
        "in_the_future" => M::ErrFutureDate,
        "month_published" => M::ErrMonthPublished,
        "period_settled" => M::ErrPeriodSettled,
        "outside_terms" => M::ErrOutsideTerms,
        "not_an_amount" => M::RowNotAnAmount,
        "not_incoming" => M::RowNotIncoming,
        "too_large" => M::ErrAmountTooLarge,
        "no_student" => M::RowNoStudent,
        "two_students" => M::RowTwoStudents,
        "not_a_grade" => M::RowGradeInvalid,
        "required" => M::RowRequired,
        "too_long" => M::RowTooLong,
        "duplicate_in_file" => M::RowDuplicate,
        _ => M::RowExists,
    }
}

/// A bank statement column's name.
pub fn statement_field(field: &str) -> M {
    match field {
        "date" => M::Date,
        "amount" => M::Amount,
        "memo" => M::Memo,
        _ => M::TransactionNo,
    }
}

/// A roster column's name.
pub fn roster_field(field: &str) -> M {
    match field {
        "grade" => M::Grade,
        "class" => M::Class,
        "name" => M::Name,
        _ => M::StudentNo,
    }
}

/// An RFC 3339 instant in China Standard Time (UTC+8, no daylight saving; the
/// zone of `domain::clock::SCHOOL_ZONE`, without shipping a zone database),
/// as schools and guardians read it.
pub fn instant(rfc3339: &str) -> String {
    let china = chrono::FixedOffset::east_opt(8 * 3600);
    match (chrono::DateTime::parse_from_rfc3339(rfc3339), china) {
        (Ok(t), Some(tz)) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        _ => rfc3339.to_string(),
    }
}

/// A date's weekday as a short name.
pub fn weekday_of(date: chrono::NaiveDate) -> M {
    weekday(chrono::Datelike::weekday(&date).number_from_monday() as u8)
}

/// ISO weekday (1 = Monday) as a short name.
pub fn weekday(d: u8) -> M {
    [M::Mon, M::Tue, M::Wed, M::Thu, M::Fri, M::Sat, M::Sun][usize::from(d.clamp(1, 7) - 1)]
}

/// Yuan from fen, without trailing zeros: 8000 → "80", 8050 → "80.50".
pub fn yuan(fen: i64) -> String {
    if fen % 100 == 0 { (fen / 100).to_string() } else { wire::money::yuan(fen) }
}

/// A plan problem: its message and, where the rule has a value, that value
/// in the user's language.
pub fn plan_problem(p: &PlanProblem, lang: Lang) -> String {
    use PlanProblem as P;
    let hm = |t: &chrono::NaiveTime| t.format("%H:%M").to_string();
    let m = match p {
        P::TitleMissing => M::ProbTitleMissing,
        P::TermEndsBeforeItStarts => M::ProbTermEndsBeforeItStarts,
        P::TermOutsideYears => M::ErrOutsideYears,
        P::TermTooLong => M::ProbTermTooLong,
        P::NoWeekdays => M::ProbNoWeekdays,
        P::WeekendService => M::ProbWeekendService,
        P::EndsBeforeDismissal => M::ProbEndsBeforeDismissal,
        P::EndsTooEarly { season: s, earliest } => return msg::prob_ends_too_early(lang, season(*s).text(lang), hm(earliest)),
        P::EndsTooLate { latest } => return msg::prob_ends_too_late(lang, hm(latest)),
        P::TooLongAfterDismissal { season: s, max_minutes } => {
            return msg::prob_too_long_after_dismissal(lang, season(*s).text(lang), i64::from(*max_minutes));
        }
        P::ServiceTypeNotAllowed { service_type: t } => return msg::prob_service_type_not_allowed(lang, service_type(*t).text(lang)),
        P::NoActivities => M::ProbNoActivities,
        P::ForbiddenActivity { activity: a } => return msg::prob_forbidden_activity(lang, activity(*a).text(lang)),
        P::NoCapacity => M::ProbNoCapacity,
        P::FeeNotAllowed => M::ProbFeeNotAllowed,
        P::FeeAboveCap { cap_fen } => return msg::prob_fee_above_cap(lang, yuan(*cap_fen)),
        P::NegativeFee => M::ProbNegativeFee,
        P::FeeFilingMissing => M::ProbFeeFilingMissing,
        P::BillingPeriodNotAllowed { period } => return msg::prob_billing_period_not_allowed(lang, billing_period(*period).text(lang)),
        P::InsuranceMissing => M::ProbInsuranceMissing,
        P::PickupRulesMissing => M::ProbPickupRulesMissing,
        P::SafetyMeasuresMissing => M::ProbSafetyMeasuresMissing,
        P::EmergencyPlanMissing => M::ProbEmergencyPlanMissing,
        P::OverlapsPublishedPlan => M::ProbOverlapsPublishedPlan,
        P::OtherFeeAboveCap { service_type: t, cap_fen } => return msg::prob_other_fee_above_cap(lang, service_type(*t).text(lang), yuan(*cap_fen)),
        P::ServiceNotInPlan { service_type: t } => return msg::prob_service_not_in_plan(lang, service_type(*t).text(lang)),
        P::ServiceMinutesOutOfRange => M::ProbServiceMinutes,
        P::EffectiveOutsideTerm => M::ProbEffectiveOutsideTerm,
    };
    m.text(lang).to_string()
}

/// The language in use, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The message in the current language (reactive when called in a view).
    pub fn t(&self, m: M) -> &'static str {
        m.text(self.lang.get())
    }

}

/// The `Set-Cookie` value that remembers `lang` for a year.
pub fn lang_cookie(lang: Lang) -> String {
    format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.cookie_value())
}

/// The language the browser's cookie chose (islands, which have no context
/// from the page around them; the browser's side of `provide_i18n`).
#[cfg(any(feature = "hydrate", feature = "csr"))]
fn browser_lang() -> Lang {
    use wasm_bindgen::JsCast;
    document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.cookie().ok())
        .map(|c| Lang::from_cookie_header(&c))
        .unwrap_or_default()
}

/// Provides the language from the request's cookie (server) or the
/// document's cookie (browser), so both render the same first page.
pub fn provide_i18n() -> I18n {
    #[cfg(feature = "ssr")]
    let initial = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header))
        .unwrap_or_default();
    #[cfg(any(feature = "hydrate", feature = "csr"))]
    let initial = browser_lang();
    #[cfg(not(any(feature = "ssr", feature = "hydrate", feature = "csr")))]
    let initial = Lang::default();
    let i18n = I18n { lang: RwSignal::new(initial) };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        #[cfg(any(feature = "hydrate", feature = "csr"))]
        let lang = browser_lang();
        #[cfg(not(any(feature = "hydrate", feature = "csr")))]
        let lang = Lang::default();
        I18n { lang: RwSignal::new(lang) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_and_english_must_be_chosen() {
        assert_eq!(Lang::from_cookie_header(""), Lang::Zh);
        assert_eq!(Lang::from_cookie_header("a=b; lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=fr"), Lang::Zh);
        assert_eq!(M::SignIn.text(Lang::Zh), "登录");
        assert_eq!(M::SignIn.text(Lang::En), "Sign in");
    }

    #[test]
    fn every_message_has_a_text_in_every_language() {
        for lang in Lang::ALL {
            for m in M::ALL {
                assert!(!m.text(lang).trim().is_empty(), "{} is empty in {}", m.id(), lang.tag());
            }
        }
    }

    #[test]
    fn counts_take_the_language_plural() {
        assert_eq!(msg::roster_ok(Lang::En, 1), "The row is correct and can be imported (one student).");
        assert_eq!(msg::roster_ok(Lang::En, 3), "Every row is correct and can be imported (3 students).");
        assert_eq!(msg::roster_ok(Lang::Zh, 1), "全部行无误，可以导入，共 1 名学生。");
        assert_eq!(msg::allocation_done(Lang::En, 2, 0, 1), "Places allocated: 2 admitted, 0 waiting, one place in all.");
        let published = wire::inbox::Notice::AgreementPublished { version: 2, resign: true };
        assert_eq!(notice(&published, Lang::Zh), "学校发布了服务协议第 2 版，请重新签署。");
        assert_eq!(notice(&published, Lang::En), "The school published agreement version 2; please sign it again.");
    }

    #[test]
    fn money_and_problems_read_naturally() {
        assert_eq!(yuan(8_000), "80");
        assert_eq!(yuan(8_050), "80.50");
        let p = PlanProblem::FeeAboveCap { cap_fen: 10_000 };
        assert_eq!(plan_problem(&p, Lang::Zh), "收费超过本区上限：每生每月最多 100 元。");
        let long = PlanProblem::TooLongAfterDismissal { season: Season::Winter, max_minutes: 1 };
        assert_eq!(plan_problem(&long, Lang::En), "Too long after dismissal: Winter, the district allows at most one minute.");
        assert_eq!(weekday(1), M::Mon);
        assert_eq!(weekday(7), M::Sun);
        assert_eq!(instant("2026-11-27T17:31:10Z"), "2026-11-28 01:31");
    }
}

pub fn room_kind(k: RoomKind) -> M {
    match k {
        RoomKind::Classroom => M::RoomClassroom,
        RoomKind::Lab => M::RoomLab,
        RoomKind::Library => M::RoomLibrary,
        RoomKind::Gym => M::RoomGym,
        RoomKind::MusicRoom => M::RoomMusicRoom,
        RoomKind::ArtRoom => M::RoomArtRoom,
        RoomKind::Playground => M::RoomPlayground,
        RoomKind::Canteen => M::RoomCanteen,
        RoomKind::Dormitory => M::RoomDormitory,
        RoomKind::Other => M::RoomOther,
    }
}

pub fn staff_kind(k: StaffKind) -> M {
    match k {
        StaffKind::Teacher => M::StaffTeacher,
        StaffKind::Worker => M::StaffWorker,
        StaffKind::Volunteer => M::StaffVolunteer,
        StaffKind::VendorStaff => M::StaffVendorStaff,
    }
}

/// Whether a person may serve, said plainly.
pub fn clearance(c: &Clearance, lang: Lang) -> String {
    match c {
        Clearance::Cleared { until } => msg::clearance_cleared(lang, until),
        Clearance::NotVetted => M::ClearanceNotVetted.text(lang).into(),
        Clearance::BadRecord => M::ClearanceBadRecord.text(lang).into(),
        Clearance::Expires { until } => msg::clearance_expires(lang, until),
        Clearance::NoSafetyAgreement => M::ClearanceNoSafetyAgreement.text(lang).into(),
        Clearance::NoContract => M::ClearanceNoContract.text(lang).into(),
    }
}

/// A session as a reader finds it: weekday, time and what happens.
pub fn session_label(s: &Session, lang: Lang) -> String {
    let what = if s.title.is_empty() { activity(s.activity).text(lang).to_string() } else { s.title.clone() };
    format!("{} {}–{} {what}（{}）", weekday(s.weekday).text(lang), s.starts_at.format("%H:%M"), s.ends_at.format("%H:%M"), s.group_name)
}

/// A conflict's message; `label` names a session by its id.
pub fn conflict(c: &Conflict, lang: Lang, label: impl Fn(SessionId) -> String) -> String {
    use Conflict as C;
    let hm = |t: &chrono::NaiveTime| t.format("%H:%M").to_string();
    match c {
        C::RoomDoubleBooked { first, second, room } => msg::conf_room_double_booked(lang, room, label(*first), label(*second)),
        C::PersonDoubleBooked { first, second, person } => msg::conf_person_double_booked(lang, person, label(*first), label(*second)),
        C::GroupDoubleBooked { first, second, group } => msg::conf_group_double_booked(lang, group, label(*first), label(*second)),
        C::ChildDoubleBooked { first, second, child } => msg::conf_child_double_booked(lang, child, label(*first), label(*second)),
        C::NoSupervisor { session } => msg::conf_no_supervisor(lang, label(*session)),
        C::OverRoomCapacity { session, children, capacity } => msg::conf_over_room_capacity(lang, label(*session), children, capacity),
        C::RatioTooLow { session, children, adults, per_adult } => msg::conf_ratio_too_low(lang, label(*session), adults, children, per_adult),
        C::BeforeDismissal { session, dismissal } => msg::conf_before_dismissal(lang, label(*session), hm(dismissal)),
        C::EndsTooLate { session, latest } => msg::conf_ends_too_late(lang, label(*session), hm(latest)),
        C::EndsTooEarly { weekday: w, season: s, earliest } => msg::conf_ends_too_early(lang, weekday(*w).text(lang), season(*s).text(lang), hm(earliest)),
        C::PeriodLength { session, minutes } => msg::conf_period_length(lang, label(*session), minutes),
        C::TooManyPeriods { group, weekday: w, max } => msg::conf_too_many_periods(lang, group, weekday(*w).text(lang), max),
        C::NotAServiceDay { session } => msg::conf_not_a_service_day(lang, label(*session)),
        C::ServiceTypeNotAllowed { session, service_type: t } => msg::conf_service_type_not_allowed(lang, label(*session), service_type(*t).text(lang)),
        C::ServiceTypeNotInPlan { session, service_type: t } => msg::conf_service_type_not_in_plan(lang, label(*session), service_type(*t).text(lang)),
        C::ActivityNotInPlan { session, activity: a } => msg::conf_activity_not_in_plan(lang, label(*session), activity(*a).text(lang)),
        C::ForbiddenActivity { session, activity: a } => msg::conf_forbidden_activity(lang, label(*session), activity(*a).text(lang)),
        C::OutsideInterestClass { session } => msg::conf_outside_interest_class(lang, label(*session)),
        C::OutsideStaffShare { percent, below } => msg::conf_outside_staff_share(lang, percent, below),
        C::NotCleared { session, person, clearance: why } => msg::conf_not_cleared(lang, label(*session), person, clearance(why, lang)),
        C::NoDiningTeacher { session } => msg::conf_no_dining_teacher(lang, label(*session)),
        C::NoAgreement { group, child } => msg::conf_no_agreement(lang, group, child),
    }
}

pub fn account(a: wire::money::Account) -> M {
    use wire::money::Account as A;
    match a {
        A::Bank => M::AccBank,
        A::Receivable => M::AccReceivable,
        A::RefundsPayable => M::AccRefundsPayable,
        A::FeeIncome => M::AccFeeIncome,
        A::Waivers => M::AccWaivers,
        A::Refunds => M::AccRefunds,
        A::SurplusRefunds => M::AccSurplusRefunds,
        A::SubsidyCity => M::SubsidyCity,
        A::SubsidyDistrict => M::SubsidyDistrict,
        A::Sponsorship => M::Sponsorship,
        A::PayOwnStaff => M::AccPayOwnStaff,
        A::PayExternal => M::AccPayExternal,
        A::Materials => M::AccMaterials,
        A::Maintenance => M::AccMaintenance,
        A::Training => M::AccTraining,
        A::Other => M::AccOther,
    }
}

pub fn posting_kind(k: wire::money::PostingKind) -> M {
    use wire::money::PostingKind as K;
    match k {
        K::Charge => M::KindCharge,
        K::Waiver => M::KindWaiver,
        K::Payment => M::KindPayment,
        K::Refund => M::KindRefund,
        K::RefundDue => M::KindRefundDue,
        K::RefundPaid => M::KindRefundPaid,
        K::SurplusRefund => M::KindSurplusRefund,
        K::SubsidyCity => M::SubsidyCity,
        K::SubsidyDistrict => M::SubsidyDistrict,
        K::Sponsorship => M::Sponsorship,
        K::PayOwnStaff => M::AccPayOwnStaff,
        K::PayExternal => M::AccPayExternal,
        K::Materials => M::AccMaterials,
        K::Maintenance => M::AccMaintenance,
        K::Training => M::AccTraining,
        K::Other => M::AccOther,
        K::Reversal => M::KindReversal,
    }
}

pub fn claim_kind(k: wire::money::ClaimKind) -> M {
    use wire::money::ClaimKind as K;
    match k {
        K::LeftBehind => M::DeclareLeftBehind,
        K::MigrantWorker => M::DeclareMigrantWorker,
        K::Disabled => M::DeclareDisabled,
        K::LowIncome => M::DeclareLowIncome,
        K::Waiver => M::DeclareWaiver,
    }
}

pub fn claim_status(s: wire::money::ClaimStatus) -> M {
    use wire::money::ClaimStatus as S;
    match s {
        S::Declared => M::ClaimDeclared,
        S::Waiting => M::ClaimWaiting,
        S::Approved => M::ClaimApproved,
        S::Rejected => M::ClaimRejected,
    }
}

pub fn proof_step(s: wire::money::ProofStep) -> M {
    match s {
        wire::money::ProofStep::FamilyCommittee => M::StepFamilyCommittee,
        wire::money::ProofStep::School => M::StepSchool,
    }
}

pub fn schedule_status(s: wire::money::ScheduleStatus) -> M {
    use wire::money::ScheduleStatus as S;
    match s {
        S::Pending => M::SchedulePending,
        S::InForce => M::ScheduleInForce,
        S::Refused => M::ScheduleRefused,
    }
}

pub fn statistic(s: wire::bureau::Statistic) -> M {
    use wire::bureau::Statistic as S;
    match s {
        S::Flags => M::StatFlags,
        S::Participation => M::StatParticipation,
        S::Enrolled => M::StatEnrolled,
        S::Priority => M::StatPriority,
        S::Waived => M::StatWaived,
        S::Attendance => M::StatAttendance,
        S::Staff => M::StatStaff,
        S::Incidents => M::StatIncidents,
        S::Fees => M::StatFees,
        S::Subsidy => M::StatSubsidy,
        S::Satisfaction => M::StatSatisfaction,
    }
}

/// A statistic's value as it reads: a rate in percent with one decimal,
/// yuan, a score, a count.
pub fn stat_value(s: wire::bureau::Statistic, v: Option<i64>) -> String {
    use wire::bureau::Unit;
    match (s.unit(), v) {
        (_, None) => "—".into(),
        (Unit::Permille, Some(p)) => format!("{}.{}%", p / 10, p % 10),
        (Unit::Fen, Some(f)) => yuan(f),
        (Unit::Tenths, Some(t)) => format!("{}.{}", t / 10, t % 10),
        (Unit::Count, Some(n)) => n.to_string(),
    }
}

pub fn rule(r: wire::bureau::Rule) -> M {
    use wire::bureau::Rule as R;
    match r {
        R::FeeAboveCap => M::RuleFeeAboveCap,
        R::ServiceEndsOutsideWindow => M::RuleServiceEndsOutsideWindow,
        R::ForbiddenActivity => M::RuleForbiddenActivity,
        R::OutsideInterestClass => M::RuleOutsideInterestClass,
        R::InsuranceMissing => M::RuleInsuranceMissing,
        R::StaffPayShareLow => M::RuleStaffPayShareLow,
        R::UnvettedStaffOnDuty => M::RuleUnvettedStaffOnDuty,
        R::OutsideStaffShare => M::RuleOutsideStaffShare,
        R::VendorNotApproved => M::RuleVendorNotApproved,
        R::VendorBlacklisted => M::RuleVendorBlacklisted,
        R::DisclosureOverdue => M::RuleDisclosureOverdue,
        R::MonthlyReportOverdue => M::RuleMonthlyReportOverdue,
        R::AnnualReportOverdue => M::RuleAnnualReportOverdue,
        R::IncidentReportOverdue => M::RuleIncidentReportOverdue,
        R::IncidentOpen => M::RuleIncidentOpen,
        R::FindingOverdue => M::RuleFindingOverdue,
        R::NoDutyLeader => M::RuleNoDutyLeader,
        R::FewBidders => M::RuleFewBidders,
        R::PriceFarFromOthers => M::RulePriceFarFromOthers,
        R::PriceFarFromEstimate => M::RulePriceFarFromEstimate,
        R::SameVendorWins => M::RuleSameVendorWins,
        R::ShortBidWindow => M::RuleShortBidWindow,
        R::ComplaintUpheld => M::RuleComplaintUpheld,
    }
}

/// A flag's evidence in the reader's language.
pub fn evidence(e: &wire::bureau::Evidence, lang: Lang) -> String {
    use wire::bureau::{Evidence as E, TenderDetail as T};
    match e {
        E::Fee { plan, fee_fen, cap_fen } => msg::ev_fee(lang, plan, yuan(*fee_fen), yuan(*cap_fen)),
        E::EndTime { plan, limit } => msg::ev_end_time(lang, plan, limit),
        E::Activity { plan, activity: a } => msg::ev_activity(lang, plan, activity(*a).text(lang)),
        E::Plan { plan } => msg::ev_plan(lang, plan),
        E::PayShare { month, permille, min_percent } => msg::ev_pay_share(lang, month, format!("{}.{}", permille / 10, permille % 10), min_percent),
        E::Person { plan, person } => msg::ev_person(lang, plan, person),
        E::Share { plan, percent, below } => msg::ev_share(lang, plan, percent, below),
        E::Vendor { vendor, contract_ends } => msg::ev_vendor(lang, vendor, contract_ends.to_string()),
        E::Due { period, due } => msg::ev_due(lang, period, due.to_string()),
        E::Incident { summary, due: None } => msg::ev_incident(lang, summary),
        E::Incident { summary, due: Some(d) } => msg::ev_incident_due(lang, summary, d.to_string()),
        E::Finding { description, due } => msg::ev_finding(lang, description, due.to_string()),
        E::Days { days } => msg::ev_days(lang, days.iter().map(|d| d.format("%m-%d").to_string()).collect::<Vec<_>>().join("、")),
        E::Tender { title, detail } => match detail {
            T::Bidders { qualified, usual } => msg::ev_bidders(lang, title, qualified, usual),
            T::Price { winning_fen, compared_fen, percent_off } => msg::ev_price(lang, title, yuan(*winning_fen), yuan(*compared_fen), format!("{percent_off:+}")),
            T::Wins { vendor, won, of } => msg::ev_wins(lang, title, vendor, won, of),
            T::Window { days, min_days } => msg::ev_window(lang, title, days, min_days),
            T::Complaints { upheld } => msg::ev_complaints(lang, title, upheld),
        },
    }
}

pub fn report_status(s: wire::bureau::ReportStatus) -> M {
    use wire::bureau::ReportStatus as S;
    match s {
        S::Submitted => M::ReportSubmitted,
        S::Returned => M::ReportReturned,
        S::Accepted => M::ReportAccepted,
    }
}
