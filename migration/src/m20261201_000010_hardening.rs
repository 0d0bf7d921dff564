//! Hardening: limits keep their own windows (`limit_hit` replaces
//! `sign_in_attempt`, each row with its expiry); link codes expire after a
//! term the school sets; consents to the privacy notice are recorded; and
//! each child's sensitive facts are fingerprinted in the audit trail with a
//! key of the child's own, which erasing the child destroys.
use crate::cols::*;
use crate::m20261124_000001_organisation::{Guardian, School, Student, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000010_hardening"
    }
}

/// How long a new link code stays valid unless the school says otherwise.
const LINK_CODE_DAYS: i32 = 30;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Attempt counters are transient: the old rows are simply dropped.
        m.drop_table(Table::drop().table(SignInAttempt::Table).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(LimitHit::Table)
                .col(id(LimitHit::Id))
                .col(text(LimitHit::Key))
                .col(instant(LimitHit::At))
                .col(instant(LimitHit::ExpiresAt))
                .to_owned(),
        )
        .await?;
        index(m, LimitHit::Table, "idx_limit_hit_key_at", &[LimitHit::Key, LimitHit::At]).await?;
        index(m, LimitHit::Table, "idx_limit_hit_expires_at", &[LimitHit::ExpiresAt]).await?;

        m.alter_table(
            Table::alter()
                .table(School::Table)
                .add_column(ColumnDef::new(SchoolLinkCodes::LinkCodeDays).integer().not_null().default(LINK_CODE_DAYS))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(LinkCode::Table)
                .add_column(ColumnDef::new(LinkCode::ExpiresAt).timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        // Codes issued before they could expire get a full term from now.
        let until = chrono::Utc::now() + chrono::Duration::days(i64::from(LINK_CODE_DAYS));
        m.exec_stmt(
            Query::update()
                .table(LinkCode::Table)
                .value(LinkCode::ExpiresAt, until)
                .and_where(Expr::col(LinkCode::ExpiresAt).is_null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Consent::Table)
                .col(id(Consent::Id))
                .col(reference(Consent::GuardianId))
                .col(reference(Consent::StudentId))
                .col(text(Consent::Kind))
                .col(ColumnDef::new(Consent::NoticeVersion).integer().not_null())
                .col(instant(Consent::GivenAt))
                .col(ColumnDef::new(Consent::WithdrawnAt).timestamp_with_time_zone().null())
                .foreign_key(&mut fk(Consent::GuardianId, Guardian::Table, Guardian::Id))
                .foreign_key(&mut fk(Consent::StudentId, Student::Table, Student::Id))
                .to_owned(),
        )
        .await?;
        index(m, Consent::Table, "idx_consent_student", &[Consent::StudentId, Consent::GuardianId]).await?;

        m.create_table(
            Table::create()
                .table(SubjectKey::Table)
                .col(ColumnDef::new(SubjectKey::Subject).string().not_null().primary_key())
                .col(text(SubjectKey::Key))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SubjectKey::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Consent::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(LinkCode::Table).drop_column(LinkCode::ExpiresAt).to_owned()).await?;
        m.alter_table(Table::alter().table(School::Table).drop_column(SchoolLinkCodes::LinkCodeDays).to_owned()).await?;
        m.drop_table(Table::drop().table(LimitHit::Table).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(SignInAttempt::Table)
                .col(id(SignInAttempt::Id))
                .col(text(SignInAttempt::Key))
                .col(instant(SignInAttempt::At))
                .to_owned(),
        )
        .await?;
        index(m, SignInAttempt::Table, "idx_sign_in_attempt_key_at", &[SignInAttempt::Key, SignInAttempt::At]).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum SignInAttempt {
    Table,
    Id,
    Key,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum LimitHit {
    Table,
    Id,
    Key,
    At,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SchoolLinkCodes {
    LinkCodeDays,
}

#[derive(DeriveIden, Clone, Copy)]
enum LinkCode {
    Table,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Consent {
    Table,
    Id,
    GuardianId,
    StudentId,
    Kind,
    NoticeVersion,
    GivenAt,
    WithdrawnAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SubjectKey {
    Table,
    Subject,
    Key,
}
