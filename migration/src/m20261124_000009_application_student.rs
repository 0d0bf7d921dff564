//! A guardian's applications are found by child: without an index of its
//! own, `student_id` was searched by reading the whole table (the unique
//! index on (plan_id, student_id) cannot serve it).
use crate::m20261124_000001_organisation::index;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000009_application_student"
    }
}

const NAME: &str = "idx_application_student";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        index(m, Application::Table, NAME, &[Application::StudentId]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(NAME).table(Application::Table).to_owned()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Application {
    Table,
    StudentId,
}
