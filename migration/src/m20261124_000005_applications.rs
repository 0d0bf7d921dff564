//! Guardians' applications for a plan, and each review decision on them.
use crate::cols::*;
use crate::m20261124_000001_organisation::index;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000005_applications"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Application::Table)
                .col(id(Application::Id))
                .col(reference(Application::PlanId))
                .col(reference(Application::SchoolId))
                .col(reference(Application::StudentId))
                .col(reference(Application::GuardianId))
                .col(text(Application::Status))
                .col(ColumnDef::new(Application::Step).integer().not_null())
                .col(flag(Application::LeftBehind))
                .col(flag(Application::MigrantWorker))
                .col(flag(Application::Disabled))
                .col(flag(Application::LowIncome))
                .col(flag(Application::WaiverClaimed))
                .col(ColumnDef::new(Application::Note).text().not_null())
                .col(text(Application::IdempotencyKey).unique_key())
                .col(ColumnDef::new(Application::Reason).text().null())
                .col(ColumnDef::new(Application::AllocationRank).integer().null())
                .col(flag(Application::Priority))
                .col(instant(Application::SubmittedAt))
                .col(instant(Application::UpdatedAt))
                .foreign_key(&mut fk(Application::PlanId, Plan::Table, Plan::Id))
                .foreign_key(&mut fk(Application::StudentId, Student::Table, Student::Id))
                .foreign_key(&mut fk(Application::GuardianId, Guardian::Table, Guardian::Id))
                .index(Index::create().unique().col(Application::PlanId).col(Application::StudentId))
                .to_owned(),
        )
        .await?;
        index(m, Application::Table, "idx_application_guardian", &[Application::GuardianId]).await?;
        m.create_table(
            Table::create()
                .table(ApplicationReview::Table)
                .col(id(ApplicationReview::Id))
                .col(reference(ApplicationReview::ApplicationId))
                .col(text(ApplicationReview::Step))
                .col(ColumnDef::new(ApplicationReview::Approved).boolean().not_null())
                .col(ColumnDef::new(ApplicationReview::Reason).text().not_null())
                .col(reference(ApplicationReview::ReviewerAccountId))
                .col(instant(ApplicationReview::At))
                .foreign_key(&mut fk(ApplicationReview::ApplicationId, Application::Table, Application::Id))
                .to_owned(),
        )
        .await?;
        index(m, ApplicationReview::Table, "idx_application_review_application", &[ApplicationReview::ApplicationId]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ApplicationReview::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Application::Table).to_owned()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Plan {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Student {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Guardian {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Application {
    Table,
    Id,
    PlanId,
    SchoolId,
    StudentId,
    GuardianId,
    Status,
    Step,
    LeftBehind,
    MigrantWorker,
    Disabled,
    LowIncome,
    WaiverClaimed,
    Note,
    IdempotencyKey,
    Reason,
    AllocationRank,
    Priority,
    SubmittedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApplicationReview {
    Table,
    Id,
    ApplicationId,
    Step,
    Approved,
    Reason,
    ReviewerAccountId,
    At,
}
