use sea_orm::entity::prelude::*;

/// One entry of a session's daily care log (托管工作日志).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "care_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub session_id: i64,
    pub on_date: Date,
    #[sea_orm(column_type = "Text")]
    pub entry: String,
    pub account_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
