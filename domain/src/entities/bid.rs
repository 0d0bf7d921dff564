use sea_orm::entity::prelude::*;

/// A sealed bid: ciphertext and commitment until the opening fills in the rest.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bid")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub bidder_tag: String,
    #[sea_orm(column_type = "Blob")]
    pub nonce: Vec<u8>,
    #[sea_orm(column_type = "Blob")]
    pub sealed: Vec<u8>,
    pub commitment: String,
    pub terms_version: i64,
    pub submitted_at: DateTimeUtc,
    pub vendor_id: Option<i64>,
    pub opened: Option<String>,
    pub qualified: Option<bool>,
    pub disqualified: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
