//! Schema migrations. Each change is a dated module with `up` and `down`;
//! the same migrations run on SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod m20261124_000001_organisation;
mod m20261124_000002_accounts;
mod m20261124_000003_audit;
mod m20261124_000004_plans;
mod m20261124_000005_applications;
mod m20261124_000006_inbox;
mod m20261124_000007_notice;
mod m20261124_000008_families;
mod m20261124_000009_application_student;
mod m20261201_000010_hardening;
mod m20261201_000011_operations;
mod m20261201_000012_service_day;
mod m20261202_000013_tender;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_organisation::Migration),
            Box::new(m20261124_000002_accounts::Migration),
            Box::new(m20261124_000003_audit::Migration),
            Box::new(m20261124_000004_plans::Migration),
            Box::new(m20261124_000005_applications::Migration),
            Box::new(m20261124_000006_inbox::Migration),
            Box::new(m20261124_000007_notice::Migration),
            Box::new(m20261124_000008_families::Migration),
            Box::new(m20261124_000009_application_student::Migration),
            Box::new(m20261201_000010_hardening::Migration),
            Box::new(m20261201_000011_operations::Migration),
            Box::new(m20261201_000012_service_day::Migration),
            Box::new(m20261202_000013_tender::Migration),
        ]
    }
}

/// Column helpers shared by the migrations, so every table spells ids,
/// references and instants the same way on both databases.
pub(crate) mod cols {
    use sea_orm_migration::prelude::*;

    pub fn id<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name)
            .big_integer()
            .not_null()
            .auto_increment()
            .primary_key()
            .to_owned()
    }
    pub fn reference<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).big_integer().not_null().to_owned()
    }
    pub fn text<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).string().not_null().to_owned()
    }
    pub fn text_null<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).string().null().to_owned()
    }
    pub fn flag<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name)
            .boolean()
            .not_null()
            .default(false)
            .to_owned()
    }
    pub fn instant<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name)
            .timestamp_with_time_zone()
            .not_null()
            .to_owned()
    }
    pub fn fk<F: IntoIden, T: IntoIden, C: IntoIden>(from: F, to: T, col: C) -> ForeignKeyCreateStatement {
        ForeignKey::create()
            .from_col(from)
            .to(to, col)
            .on_delete(ForeignKeyAction::Restrict)
            .to_owned()
    }
}
