use sea_orm::entity::prelude::*;

/// A code the school gives a family so a guardian can link one child.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "link_code")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub student_id: i64,
    #[sea_orm(unique)]
    pub code: String,
    /// The account that issued it; `None` for codes made with the demo data.
    pub issued_by: Option<i64>,
    pub issued_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub guardian_id: Option<i64>,
    pub revoked_at: Option<DateTimeUtc>,
    /// Set on every code since codes expire; `None` is treated as expired.
    pub expires_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
