use sea_orm::entity::prelude::*;

/// A problem an inspection found, who fixes it by when; fixed, or escalated when the school cannot fix it itself.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_finding")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub inspection_id: i64,
    pub school_id: i64,
    pub district_id: i64,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub responsible: String,
    pub due: Date,
    pub fixed_at: Option<DateTimeUtc>,
    pub fixed_note: Option<String>,
    pub escalated_at: Option<DateTimeUtc>,
    pub escalated_note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
