//! The public notice of a plan's admitted list, and objections filed during it.
use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000007_notice"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AdmissionNotice::Table)
                .col(id(AdmissionNotice::Id))
                .col(reference(AdmissionNotice::PlanId).unique_key())
                .col(instant(AdmissionNotice::PublishedAt))
                .col(instant(AdmissionNotice::EndsAt))
                .col(ColumnDef::new(AdmissionNotice::FinalizedAt).timestamp_with_time_zone().null())
                .foreign_key(&mut fk(AdmissionNotice::PlanId, Plan::Table, Plan::Id))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Objection::Table)
                .col(id(Objection::Id))
                .col(reference(Objection::PlanId))
                .col(reference(Objection::AuthorAccountId))
                .col(ColumnDef::new(Objection::Text).text().not_null())
                .col(instant(Objection::FiledAt))
                .col(ColumnDef::new(Objection::Answer).text().null())
                .col(ColumnDef::new(Objection::AnsweredAt).timestamp_with_time_zone().null())
                .foreign_key(&mut fk(Objection::PlanId, Plan::Table, Plan::Id))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Objection::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(AdmissionNotice::Table).to_owned()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Plan {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum AdmissionNotice {
    Table,
    Id,
    PlanId,
    PublishedAt,
    EndsAt,
    FinalizedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Objection {
    Table,
    Id,
    PlanId,
    AuthorAccountId,
    Text,
    FiledAt,
    Answer,
    AnsweredAt,
}
