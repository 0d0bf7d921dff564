use sea_orm::entity::prelude::*;

/// A school's published disclosure of a month: its figures as published.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    /// `YYYY-MM`.
    pub month: String,
    /// `wire::money::MonthFigures` as JSON.
    #[sea_orm(column_type = "Text")]
    pub figures: String,
    pub published_by: i64,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
