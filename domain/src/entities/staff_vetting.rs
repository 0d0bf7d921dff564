use sea_orm::entity::prelude::*;

/// One background check and qualification record of a staff member; the newest counts.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_vetting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub staff_id: i64,
    pub checked_on: Date,
    /// `wire::operations::VettingResult` as text.
    pub result: String,
    pub qualification: String,
    pub valid_until: Date,
    pub recorded_by: i64,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
