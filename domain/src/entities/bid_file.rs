use sea_orm::entity::prelude::*;

/// A sealed document (PDF) of a bid.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bid_file")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub bid_id: i64,
    pub no: i64,
    #[sea_orm(column_type = "Blob")]
    pub nonce: Vec<u8>,
    #[sea_orm(column_type = "Blob")]
    pub sealed: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
