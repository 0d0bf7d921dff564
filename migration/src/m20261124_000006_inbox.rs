//! The guardian's inbox and the outbox a sender (SMS, messaging app) drains.
use crate::cols::*;
use crate::m20261124_000001_organisation::{Guardian, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000006_inbox"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(InboxMessage::Table)
                .col(id(InboxMessage::Id))
                .col(reference(InboxMessage::GuardianId))
                .col(ColumnDef::new(InboxMessage::ApplicationId).big_integer().null())
                .col(ColumnDef::new(InboxMessage::Notice).text().not_null())
                .col(text(InboxMessage::StudentName))
                .col(text(InboxMessage::PlanTitle))
                .col(instant(InboxMessage::CreatedAt))
                .col(ColumnDef::new(InboxMessage::ReadAt).timestamp_with_time_zone().null())
                .foreign_key(&mut fk(InboxMessage::GuardianId, Guardian::Table, Guardian::Id))
                .to_owned(),
        )
        .await?;
        index(m, InboxMessage::Table, "idx_inbox_guardian", &[InboxMessage::GuardianId]).await?;
        m.create_table(
            Table::create()
                .table(OutboxMessage::Table)
                .col(id(OutboxMessage::Id))
                .col(reference(OutboxMessage::InboxMessageId))
                .col(text(OutboxMessage::Channel))
                .col(text(OutboxMessage::Recipient))
                .col(instant(OutboxMessage::CreatedAt))
                .col(ColumnDef::new(OutboxMessage::SentAt).timestamp_with_time_zone().null())
                .foreign_key(&mut fk(OutboxMessage::InboxMessageId, InboxMessage::Table, InboxMessage::Id))
                .to_owned(),
        )
        .await?;
        index(m, OutboxMessage::Table, "idx_outbox_unsent", &[OutboxMessage::SentAt]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OutboxMessage::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(InboxMessage::Table).to_owned()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum InboxMessage {
    Table,
    Id,
    GuardianId,
    ApplicationId,
    Notice,
    StudentName,
    PlanTitle,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OutboxMessage {
    Table,
    Id,
    InboxMessageId,
    Channel,
    Recipient,
    CreatedAt,
    SentAt,
}
