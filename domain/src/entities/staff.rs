use sea_orm::entity::prelude::*;

/// A person who serves in a school's after-school service: the one staff record of the product.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    /// `wire::operations::StaffKind` as text.
    pub kind: String,
    pub name: String,
    pub phone: String,
    pub organisation: String,
    pub vendor_id: Option<i64>,
    pub account_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub left_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
