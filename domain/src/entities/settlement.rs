use sea_orm::entity::prelude::*;

/// A term's settlement, confirmed: the surplus and each family's statement.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "settlement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub school_id: i64,
    pub from_date: Date,
    pub to_date: Date,
    pub income_fen: i64,
    pub spending_fen: i64,
    pub surplus_fen: i64,
    pub refunded: bool,
    /// `Vec<wire::money::FamilyStatement>` as JSON.
    #[sea_orm(column_type = "Text")]
    pub statements: String,
    pub confirmed_by: i64,
    pub confirmed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
