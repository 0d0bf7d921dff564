//! The audit trail: append-only, each event hash-chained to the one before.
use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000003_audit"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditEvent::Table)
                .col(id(AuditEvent::Id))
                .col(ColumnDef::new(AuditEvent::Seq).big_integer().not_null().unique_key())
                .col(instant(AuditEvent::At))
                .col(ColumnDef::new(AuditEvent::ActorAccountId).big_integer().null())
                .col(text(AuditEvent::Action))
                .col(text(AuditEvent::Subject))
                .col(ColumnDef::new(AuditEvent::Payload).text().not_null())
                .col(text(AuditEvent::PrevHash))
                .col(text(AuditEvent::Hash))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditEvent::Table).to_owned()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvent {
    Table,
    Id,
    Seq,
    At,
    ActorAccountId,
    Action,
    Subject,
    Payload,
    PrevHash,
    Hash,
}
