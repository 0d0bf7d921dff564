use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inbox_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub guardian_id: i64,
    pub application_id: Option<i64>,
    /// `wire::inbox::Notice` as JSON.
    #[sea_orm(column_type = "Text")]
    pub notice: String,
    pub student_name: String,
    pub plan_title: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
