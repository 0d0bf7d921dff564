//! Pickup persons and pickup requests (P8): who else may collect a child,
//! and a guardian's word that a child leaves early, late or not at all.
use crate::ids::{PickupPersonId, PickupRequestId, StudentId};
use crate::text_enum::text_enum;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickupKind {
    Early,
    Late,
    /// Not coming to the service that day (请假): no absence alert.
    Absent,
}
text_enum!(PickupKind { Early = "early", Late = "late", Absent = "absent" });

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPickupPerson {
    pub name: String,
    pub relation: String,
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupPerson {
    pub id: PickupPersonId,
    pub name: String,
    pub relation: String,
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPickupRequest {
    pub on_date: NaiveDate,
    pub kind: PickupKind,
    pub at_time: NaiveTime,
    /// Who collects the child; `None` means the guardian.
    #[serde(default)]
    pub pickup_person: Option<PickupPersonId>,
    #[serde(default)]
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupRequest {
    pub id: PickupRequestId,
    pub student: StudentId,
    pub student_name: String,
    pub class_name: String,
    pub on_date: NaiveDate,
    pub kind: PickupKind,
    pub at_time: NaiveTime,
    /// Who collects the child: the named pickup person or the guardian.
    pub collector: String,
    pub collector_phone: String,
    pub reason: String,
}
