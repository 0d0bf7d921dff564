use sea_orm::entity::prelude::*;

/// The photo of someone who may collect a child (a guardian or a pickup
/// person), shown to staff at the gate.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pickup_photo")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub student_id: i64,
    /// `g<guardian id>` or `p<pickup person id>`, as `wire::service_day::Collector::choice`.
    pub collector: String,
    #[sea_orm(column_type = "Blob")]
    pub jpeg: Vec<u8>,
    pub guardian_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
