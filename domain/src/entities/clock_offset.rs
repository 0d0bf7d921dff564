use sea_orm::entity::prelude::*;

/// How far a test server's clock is moved forward; at most one row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "clock_offset")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub seconds: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
