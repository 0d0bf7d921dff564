use sea_orm::entity::prelude::*;

/// Sensitive: allergies, conditions and needs of a child (P11).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "special_need")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub student_id: i64,
    #[sea_orm(column_type = "Text")]
    pub allergies: String,
    #[sea_orm(column_type = "Text")]
    pub conditions: String,
    #[sea_orm(column_type = "Text")]
    pub needs: String,
    pub updated_by: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
