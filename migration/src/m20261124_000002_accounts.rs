//! Accounts, role grants with their scope, server-side sessions and sign-in
//! attempts (the rate limiter's memory, shared by every app server).
use crate::cols::*;
use crate::m20261124_000001_organisation::index;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000002_accounts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Account::Table)
                .col(id(Account::Id))
                .col(text_null(Account::Phone).unique_key())
                .col(text_null(Account::Username).unique_key())
                .col(text(Account::DisplayName))
                .col(text(Account::PasswordHash))
                .col(flag(Account::Disabled))
                .col(instant(Account::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RoleGrant::Table)
                .col(id(RoleGrant::Id))
                .col(reference(RoleGrant::AccountId))
                .col(text(RoleGrant::Role))
                .col(text(RoleGrant::ScopeKind))
                .col(reference(RoleGrant::ScopeId))
                .col(text_null(RoleGrant::Panel))
                .foreign_key(&mut fk(RoleGrant::AccountId, Account::Table, Account::Id))
                .to_owned(),
        )
        .await?;
        index(m, RoleGrant::Table, "idx_role_grant_account", &[RoleGrant::AccountId]).await?;
        m.create_table(
            Table::create()
                .table(Session::Table)
                .col(text(Session::Id).primary_key())
                .col(reference(Session::AccountId))
                .col(instant(Session::CreatedAt))
                .col(instant(Session::ExpiresAt))
                .foreign_key(&mut fk(Session::AccountId, Account::Table, Account::Id))
                .to_owned(),
        )
        .await?;
        index(m, Session::Table, "idx_session_account", &[Session::AccountId]).await?;
        index(m, Session::Table, "idx_session_expires", &[Session::ExpiresAt]).await?;
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

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SignInAttempt::Table.into_iden(),
            Session::Table.into_iden(),
            RoleGrant::Table.into_iden(),
            Account::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    Id,
    Phone,
    Username,
    DisplayName,
    PasswordHash,
    Disabled,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RoleGrant {
    Table,
    Id,
    AccountId,
    Role,
    ScopeKind,
    ScopeId,
    Panel,
}

#[derive(DeriveIden, Clone, Copy)]
enum Session {
    Table,
    Id,
    AccountId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SignInAttempt {
    Table,
    Id,
    Key,
    At,
}
