use sea_orm::entity::prelude::*;

/// A guardian's consent for a child, given after reading a version of a
/// notice (`consent::Kind`): to the child's data at all, or to the separate
/// handling of health and special needs.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "consent")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub guardian_id: i64,
    pub student_id: i64,
    pub kind: String,
    pub notice_version: i32,
    pub given_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
