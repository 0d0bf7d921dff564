use sea_orm::entity::prelude::*;

/// How a child goes home: the code the child's collectors show, and whether the guardian agreed the child walks home alone.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pickup_arrangement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub student_id: i64,
    pub code: String,
    pub walks_alone: bool,
    pub guardian_id: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
