//! Several app servers on one database: the test clock's offset becomes a
//! row (every server reads the same moved clock; production never writes
//! it), and an outbox message is claimed by the server delivering it.
use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000016_cluster"
    }
}

fn tables() -> Vec<Spec> {
    vec![("clock_offset", vec![int("seconds")], vec![])]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_tables(m, tables()).await?;
        m.alter_table(Table::alter().table(a("outbox_message")).add_column(instant_null("claimed_until")).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(a("outbox_message")).drop_column(a("claimed_until")).to_owned()).await?;
        m.drop_table(Table::drop().table(a("clock_offset")).to_owned()).await
    }
}
