//! Schema migrations. Each change is a dated module with `up` and `down`;
//! the same migrations run on SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod cols;
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
mod m20261204_000014_money;
mod m20261204_000015_bureau;
mod m20261205_000016_cluster;
mod m20261207_000017_invitations;

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
            Box::new(m20261204_000014_money::Migration),
            Box::new(m20261204_000015_bureau::Migration),
            Box::new(m20261205_000016_cluster::Migration),
            Box::new(m20261207_000017_invitations::Migration),
        ]
    }
}
