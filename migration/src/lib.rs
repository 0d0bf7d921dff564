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
    pub fn a(name: &str) -> Alias {
        Alias::new(name)
    }
    pub fn date(name: &str) -> ColumnDef {
        ColumnDef::new(a(name)).date().not_null().to_owned()
    }
    pub fn date_null(name: &str) -> ColumnDef {
        ColumnDef::new(a(name)).date().null().to_owned()
    }
    pub fn int(name: &str) -> ColumnDef {
        ColumnDef::new(a(name)).big_integer().not_null().to_owned()
    }
    pub fn int_null(name: &str) -> ColumnDef {
        ColumnDef::new(a(name)).big_integer().null().to_owned()
    }
    pub fn long(name: &str) -> ColumnDef {
        ColumnDef::new(a(name)).text().not_null().to_owned()
    }
    pub fn long_null(name: &str) -> ColumnDef {
        ColumnDef::new(a(name)).text().null().to_owned()
    }
    pub fn blob(name: &str) -> ColumnDef {
        ColumnDef::new(a(name)).blob().not_null().to_owned()
    }
    pub fn instant_null(name: &str) -> ColumnDef {
        ColumnDef::new(a(name)).timestamp_with_time_zone().null().to_owned()
    }

    /// A table: its name, its columns after `id`, and its unique column sets.
    pub type Spec = (&'static str, Vec<ColumnDef>, Vec<Vec<&'static str>>);

    /// Creates each table with an `id` key, then its unique indexes.
    pub async fn create_tables(m: &SchemaManager<'_>, specs: Vec<Spec>) -> Result<(), DbErr> {
        for (name, cols, uniques) in specs {
            let mut t = Table::create();
            t.table(a(name)).col(id(a("id")));
            for mut c in cols {
                t.col(&mut c);
            }
            m.create_table(t.to_owned()).await?;
            for u in uniques {
                let mut i = Index::create();
                i.name(format!("idx_{name}_{}", u.join("_"))).table(a(name)).unique();
                for c in u {
                    i.col(a(c));
                }
                m.create_index(i.to_owned()).await?;
            }
        }
        Ok(())
    }

    pub fn fk<F: IntoIden, T: IntoIden, C: IntoIden>(from: F, to: T, col: C) -> ForeignKeyCreateStatement {
        ForeignKey::create()
            .from_col(from)
            .to(to, col)
            .on_delete(ForeignKeyAction::Restrict)
            .to_owned()
    }
}
