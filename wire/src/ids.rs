//! Typed ids: a school id cannot be passed where a class id is expected.
use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids!(CityId, DistrictId, SchoolId, GradeId, ClassId, StudentId, GuardianId, VendorId, AccountId, PlanId, ApplicationId, MessageId, ObjectionId, LinkId, LinkCodeId, AgreementId, SignatureId, PickupPersonId, PickupRequestId, CalendarDayId, RoomId, StaffId, SafetyAgreementId, TimetableId, GroupId, SessionId, DayNoteId, LeaveSlipId, IncidentId, InspectionId, FindingId, VisitorId, TenderId, BidId, AwardId, ComplaintId, ContractId, VendorEntryId, VendorDocumentId, BarId, ClaimId, FeeScheduleId, PostingId, ChargeId);
