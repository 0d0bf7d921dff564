use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "student")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub class_id: i64,
    pub name: String,
    pub student_no: String,
    pub left_behind: bool,
    pub migrant_worker: bool,
    pub disabled: bool,
    pub low_income: bool,
    /// `org::WaiverStatus` as text.
    pub waiver_status: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::school::Entity", from = "Column::SchoolId", to = "super::school::Column::Id")]
    School,
    #[sea_orm(belongs_to = "super::school_class::Entity", from = "Column::ClassId", to = "super::school_class::Column::Id")]
    Class,
}

impl Related<super::school::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::School.def()
    }
}

impl Related<super::school_class::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Class.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
