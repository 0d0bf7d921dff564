//! Column helpers shared by the migrations, so every table spells ids,
//! references and instants the same way on both databases.
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
