//! School plans (一校一案): drafts and published plans per term.
use crate::cols::*;
use crate::m20261124_000001_organisation::{School, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000004_plans"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Plan::Table)
                .col(id(Plan::Id))
                .col(reference(Plan::SchoolId))
                .col(text(Plan::Status))
                .col(ColumnDef::new(Plan::TermStart).date().not_null())
                .col(ColumnDef::new(Plan::TermEnd).date().not_null())
                .col(ColumnDef::new(Plan::Content).text().not_null())
                .col(ColumnDef::new(Plan::PolicyVersion).integer().null())
                .col(instant(Plan::CreatedAt))
                .col(instant(Plan::UpdatedAt))
                .col(ColumnDef::new(Plan::PublishedAt).timestamp_with_time_zone().null())
                .foreign_key(&mut fk(Plan::SchoolId, School::Table, School::Id))
                .to_owned(),
        )
        .await?;
        index(m, Plan::Table, "idx_plan_school", &[Plan::SchoolId]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Plan::Table).to_owned()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Plan {
    Table,
    Id,
    SchoolId,
    Status,
    TermStart,
    TermEnd,
    Content,
    PolicyVersion,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}
