use sea_orm::entity::prelude::*;

/// A guardian's request to collect the child early or late on a day.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pickup_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub student_id: i64,
    pub school_id: i64,
    pub guardian_id: i64,
    pub on_date: Date,
    /// `wire::families::PickupKind` as text.
    pub kind: String,
    pub at_time: Time,
    pub pickup_person_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
