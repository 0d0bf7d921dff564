//! Families on their own: phone codes for registration, per-child link
//! codes, agreements and their signatures, consent withdrawal, pickup persons
//! and requests, and special needs with their read log. The outbox also
//! carries plain texts (phone codes), not only inbox notices.
use crate::cols::*;
use crate::m20261124_000001_organisation::{Guardian, Student, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000008_families"
    }
}

fn nullable_instant<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().null().to_owned()
}

fn long_text<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).text().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        outbox_carries_texts(m, true).await?;
        m.create_table(
            Table::create()
                .table(PhoneCode::Table)
                .col(id(PhoneCode::Id))
                .col(text(PhoneCode::Phone))
                .col(text(PhoneCode::CodeHash))
                .col(instant(PhoneCode::CreatedAt))
                .col(instant(PhoneCode::ExpiresAt))
                .col(ColumnDef::new(PhoneCode::Attempts).integer().not_null().default(0))
                .col(nullable_instant(PhoneCode::UsedAt))
                .to_owned(),
        )
        .await?;
        index(m, PhoneCode::Table, "idx_phone_code_phone", &[PhoneCode::Phone, PhoneCode::CreatedAt]).await?;
        m.create_table(
            Table::create()
                .table(LinkCode::Table)
                .col(id(LinkCode::Id))
                .col(reference(LinkCode::SchoolId))
                .col(reference(LinkCode::StudentId))
                .col(text(LinkCode::Code).unique_key())
                .col(ColumnDef::new(LinkCode::IssuedBy).big_integer().null())
                .col(instant(LinkCode::IssuedAt))
                .col(nullable_instant(LinkCode::UsedAt))
                .col(ColumnDef::new(LinkCode::GuardianId).big_integer().null())
                .col(nullable_instant(LinkCode::RevokedAt))
                .foreign_key(&mut fk(LinkCode::StudentId, Student::Table, Student::Id))
                .to_owned(),
        )
        .await?;
        index(m, LinkCode::Table, "idx_link_code_student", &[LinkCode::StudentId]).await?;
        m.create_table(
            Table::create()
                .table(Agreement::Table)
                .col(id(Agreement::Id))
                .col(reference(Agreement::PlanId))
                .col(ColumnDef::new(Agreement::Version).integer().not_null())
                .col(long_text(Agreement::Text))
                .col(text(Agreement::TextHash))
                .col(reference(Agreement::PublishedBy))
                .col(instant(Agreement::PublishedAt))
                .index(Index::create().unique().col(Agreement::PlanId).col(Agreement::Version))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Signature::Table)
                .col(id(Signature::Id))
                .col(reference(Signature::AgreementId))
                .col(ColumnDef::new(Signature::ApplicationId).big_integer().null())
                .col(text(Signature::Party))
                .col(reference(Signature::AccountId))
                .col(text(Signature::SignerName))
                .col(text(Signature::Channel))
                .col(text(Signature::TextHash))
                .col(instant(Signature::SignedAt))
                .col(text_null(Signature::AccidentInsurance))
                .col(text_null(Signature::Insurer))
                .foreign_key(&mut fk(Signature::AgreementId, Agreement::Table, Agreement::Id))
                .to_owned(),
        )
        .await?;
        index(m, Signature::Table, "idx_signature_agreement", &[Signature::AgreementId, Signature::ApplicationId]).await?;
        m.alter_table(
            Table::alter().table(Application::Table).add_column(ColumnDef::new(Application::EndedOn).date().null()).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PickupPerson::Table)
                .col(id(PickupPerson::Id))
                .col(reference(PickupPerson::StudentId))
                .col(reference(PickupPerson::GuardianId))
                .col(text(PickupPerson::Name))
                .col(text(PickupPerson::Relation))
                .col(text(PickupPerson::Phone))
                .col(instant(PickupPerson::CreatedAt))
                .col(nullable_instant(PickupPerson::RemovedAt))
                .foreign_key(&mut fk(PickupPerson::StudentId, Student::Table, Student::Id))
                .foreign_key(&mut fk(PickupPerson::GuardianId, Guardian::Table, Guardian::Id))
                .to_owned(),
        )
        .await?;
        index(m, PickupPerson::Table, "idx_pickup_person_student", &[PickupPerson::StudentId]).await?;
        m.create_table(
            Table::create()
                .table(PickupRequest::Table)
                .col(id(PickupRequest::Id))
                .col(reference(PickupRequest::StudentId))
                .col(reference(PickupRequest::SchoolId))
                .col(reference(PickupRequest::GuardianId))
                .col(ColumnDef::new(PickupRequest::OnDate).date().not_null())
                .col(text(PickupRequest::Kind))
                .col(ColumnDef::new(PickupRequest::AtTime).time().not_null())
                .col(ColumnDef::new(PickupRequest::PickupPersonId).big_integer().null())
                .col(long_text(PickupRequest::Reason))
                .col(instant(PickupRequest::CreatedAt))
                .col(nullable_instant(PickupRequest::CancelledAt))
                .foreign_key(&mut fk(PickupRequest::StudentId, Student::Table, Student::Id))
                .to_owned(),
        )
        .await?;
        index(m, PickupRequest::Table, "idx_pickup_request_day", &[PickupRequest::SchoolId, PickupRequest::OnDate]).await?;
        m.create_table(
            Table::create()
                .table(SpecialNeed::Table)
                .col(id(SpecialNeed::Id))
                .col(reference(SpecialNeed::StudentId).unique_key())
                .col(long_text(SpecialNeed::Allergies))
                .col(long_text(SpecialNeed::Conditions))
                .col(long_text(SpecialNeed::Needs))
                .col(reference(SpecialNeed::UpdatedBy))
                .col(instant(SpecialNeed::UpdatedAt))
                .foreign_key(&mut fk(SpecialNeed::StudentId, Student::Table, Student::Id))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SpecialNeedRead::Table)
                .col(id(SpecialNeedRead::Id))
                .col(reference(SpecialNeedRead::StudentId))
                .col(reference(SpecialNeedRead::AccountId))
                .col(instant(SpecialNeedRead::At))
                .to_owned(),
        )
        .await?;
        index(m, SpecialNeedRead::Table, "idx_special_need_read_student", &[SpecialNeedRead::StudentId]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SpecialNeedRead::Table.into_iden(),
            SpecialNeed::Table.into_iden(),
            PickupRequest::Table.into_iden(),
            PickupPerson::Table.into_iden(),
            Signature::Table.into_iden(),
            Agreement::Table.into_iden(),
            LinkCode::Table.into_iden(),
            PhoneCode::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.alter_table(Table::alter().table(Application::Table).drop_column(Application::EndedOn).to_owned()).await?;
        outbox_carries_texts(m, false).await
    }
}

/// Lets an outbox message carry its own `body` without an inbox message
/// (`on`), or puts the table back (`!on`, dropping messages without one).
/// SQLite cannot change a column's nullability, so it rebuilds the table.
async fn outbox_carries_texts(m: &SchemaManager<'_>, on: bool) -> Result<(), DbErr> {
    let db = m.get_connection();
    if m.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
        let sql = if on {
            "ALTER TABLE outbox_message ALTER COLUMN inbox_message_id DROP NOT NULL; \
             ALTER TABLE outbox_message ADD COLUMN body TEXT NULL"
        } else {
            "DELETE FROM outbox_message WHERE inbox_message_id IS NULL; \
             ALTER TABLE outbox_message ALTER COLUMN inbox_message_id SET NOT NULL; \
             ALTER TABLE outbox_message DROP COLUMN body"
        };
        db.execute_unprepared(sql).await?;
        return Ok(());
    }
    let (inbox, body, select, filter) = if on {
        ("inbox_message_id INTEGER NULL", ", body TEXT NULL", "", "")
    } else {
        ("inbox_message_id INTEGER NOT NULL", "", "", " WHERE inbox_message_id IS NOT NULL")
    };
    db.execute_unprepared(&format!(
        "CREATE TABLE outbox_message_next (\
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, {inbox}, channel VARCHAR NOT NULL, \
            recipient VARCHAR NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL, \
            sent_at TIMESTAMP WITH TIME ZONE NULL{body}, \
            FOREIGN KEY (inbox_message_id) REFERENCES inbox_message (id) ON DELETE RESTRICT); \
         INSERT INTO outbox_message_next (id, inbox_message_id, channel, recipient, created_at, sent_at{select}) \
            SELECT id, inbox_message_id, channel, recipient, created_at, sent_at{select} FROM outbox_message{filter}; \
         DROP TABLE outbox_message; \
         ALTER TABLE outbox_message_next RENAME TO outbox_message; \
         CREATE INDEX idx_outbox_unsent ON outbox_message (sent_at)"
    ))
    .await?;
    Ok(())
}

#[derive(DeriveIden, Clone, Copy)]
enum PhoneCode {
    Table,
    Id,
    Phone,
    CodeHash,
    CreatedAt,
    ExpiresAt,
    Attempts,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LinkCode {
    Table,
    Id,
    SchoolId,
    StudentId,
    Code,
    IssuedBy,
    IssuedAt,
    UsedAt,
    GuardianId,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Agreement {
    Table,
    Id,
    PlanId,
    Version,
    Text,
    TextHash,
    PublishedBy,
    PublishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Signature {
    Table,
    Id,
    AgreementId,
    ApplicationId,
    Party,
    AccountId,
    SignerName,
    Channel,
    TextHash,
    SignedAt,
    AccidentInsurance,
    Insurer,
}

#[derive(DeriveIden, Clone, Copy)]
enum Application {
    Table,
    EndedOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum PickupPerson {
    Table,
    Id,
    StudentId,
    GuardianId,
    Name,
    Relation,
    Phone,
    CreatedAt,
    RemovedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PickupRequest {
    Table,
    Id,
    StudentId,
    SchoolId,
    GuardianId,
    OnDate,
    Kind,
    AtTime,
    PickupPersonId,
    Reason,
    CreatedAt,
    CancelledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SpecialNeed {
    Table,
    Id,
    StudentId,
    Allergies,
    Conditions,
    Needs,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SpecialNeedRead {
    Table,
    Id,
    StudentId,
    AccountId,
    At,
}
