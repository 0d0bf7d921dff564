//! Invitations: an existing account becomes, say, a school's staff only
//! when its holder confirms a one-time code the school sent them. The code
//! is kept only as its SHA-256.
use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000017_invitations"
    }
}

fn tables() -> Vec<Spec> {
    vec![(
        "invitation",
        vec![
            text("kind"),
            int("subject_id"),
            int("school_id"),
            text("code_hash"),
            int("created_by"),
            instant(a("created_at")),
            instant(a("expires_at")),
            int_null("accepted_by"),
            instant_null("accepted_at"),
            instant_null("revoked_at"),
        ],
        vec![vec!["code_hash"]],
    )]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_tables(m, tables()).await?;
        m.create_index(Index::create().name("idx_invitation_subject").table(a("invitation")).col(a("kind")).col(a("subject_id")).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("invitation")).to_owned()).await
    }
}
