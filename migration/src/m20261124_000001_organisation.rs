//! City → district (with versioned policy) → school → grade → class, and the
//! people: guardians, students and the links between them; vendors.
use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000001_organisation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(City::Table)
                .col(id(City::Id))
                .col(text(City::Code).unique_key())
                .col(text(City::Name))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(District::Table)
                .col(id(District::Id))
                .col(reference(District::CityId))
                .col(text(District::Code))
                .col(text(District::Name))
                .col(text_null(District::SeedKey).unique_key())
                .foreign_key(&mut fk(District::CityId, City::Table, City::Id))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DistrictPolicy::Table)
                .col(id(DistrictPolicy::Id))
                .col(reference(DistrictPolicy::DistrictId))
                .col(ColumnDef::new(DistrictPolicy::Version).integer().not_null())
                .col(ColumnDef::new(DistrictPolicy::EffectiveFrom).date().not_null())
                .col(ColumnDef::new(DistrictPolicy::Settings).text().not_null())
                .col(instant(DistrictPolicy::CreatedAt))
                .foreign_key(&mut fk(DistrictPolicy::DistrictId, District::Table, District::Id))
                .index(
                    Index::create()
                        .unique()
                        .col(DistrictPolicy::DistrictId)
                        .col(DistrictPolicy::Version),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(School::Table)
                .col(id(School::Id))
                .col(reference(School::DistrictId))
                .col(text(School::Name))
                .col(text(School::Kind))
                .col(text(School::Address))
                .col(ColumnDef::new(School::Longitude).double().not_null())
                .col(ColumnDef::new(School::Latitude).double().not_null())
                .foreign_key(&mut fk(School::DistrictId, District::Table, District::Id))
                .to_owned(),
        )
        .await?;
        index(m, School::Table, "idx_school_district", &[School::DistrictId]).await?;
        m.create_table(
            Table::create()
                .table(Grade::Table)
                .col(id(Grade::Id))
                .col(reference(Grade::SchoolId))
                .col(ColumnDef::new(Grade::Level).integer().not_null())
                .col(text(Grade::Name))
                .foreign_key(&mut fk(Grade::SchoolId, School::Table, School::Id))
                .index(Index::create().unique().col(Grade::SchoolId).col(Grade::Level))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SchoolClass::Table)
                .col(id(SchoolClass::Id))
                .col(reference(SchoolClass::SchoolId))
                .col(reference(SchoolClass::GradeId))
                .col(text(SchoolClass::Name))
                .foreign_key(&mut fk(SchoolClass::SchoolId, School::Table, School::Id))
                .foreign_key(&mut fk(SchoolClass::GradeId, Grade::Table, Grade::Id))
                .to_owned(),
        )
        .await?;
        index(m, SchoolClass::Table, "idx_class_school", &[SchoolClass::SchoolId]).await?;
        m.create_table(
            Table::create()
                .table(Student::Table)
                .col(id(Student::Id))
                .col(reference(Student::SchoolId))
                .col(reference(Student::ClassId))
                .col(text(Student::Name))
                .col(text(Student::StudentNo))
                .col(flag(Student::LeftBehind))
                .col(flag(Student::MigrantWorker))
                .col(flag(Student::Disabled))
                .col(flag(Student::LowIncome))
                .col(text(Student::WaiverStatus))
                .foreign_key(&mut fk(Student::SchoolId, School::Table, School::Id))
                .foreign_key(&mut fk(Student::ClassId, SchoolClass::Table, SchoolClass::Id))
                .index(Index::create().unique().col(Student::SchoolId).col(Student::StudentNo))
                .to_owned(),
        )
        .await?;
        index(m, Student::Table, "idx_student_class", &[Student::ClassId]).await?;
        m.create_table(
            Table::create()
                .table(Guardian::Table)
                .col(id(Guardian::Id))
                .col(ColumnDef::new(Guardian::AccountId).big_integer().null().unique_key())
                .col(text(Guardian::Name))
                .col(text(Guardian::Phone))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(GuardianStudent::Table)
                .col(id(GuardianStudent::Id))
                .col(reference(GuardianStudent::GuardianId))
                .col(reference(GuardianStudent::StudentId))
                .col(text(GuardianStudent::Relation))
                .foreign_key(&mut fk(GuardianStudent::GuardianId, Guardian::Table, Guardian::Id))
                .foreign_key(&mut fk(GuardianStudent::StudentId, Student::Table, Student::Id))
                .index(
                    Index::create()
                        .unique()
                        .col(GuardianStudent::GuardianId)
                        .col(GuardianStudent::StudentId),
                )
                .to_owned(),
        )
        .await?;
        index(m, GuardianStudent::Table, "idx_guardian_student_student", &[GuardianStudent::StudentId]).await?;
        m.create_table(
            Table::create()
                .table(Vendor::Table)
                .col(id(Vendor::Id))
                .col(reference(Vendor::CityId))
                .col(text(Vendor::Name))
                .col(text(Vendor::CreditCode).unique_key())
                .foreign_key(&mut fk(Vendor::CityId, City::Table, City::Id))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Vendor::Table.into_iden(),
            GuardianStudent::Table.into_iden(),
            Guardian::Table.into_iden(),
            Student::Table.into_iden(),
            SchoolClass::Table.into_iden(),
            Grade::Table.into_iden(),
            School::Table.into_iden(),
            DistrictPolicy::Table.into_iden(),
            District::Table.into_iden(),
            City::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

pub(crate) async fn index<T: IntoIden + Copy, C: IntoIden + Copy>(
    m: &SchemaManager<'_>,
    table: T,
    name: &str,
    cols: &[C],
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for c in cols {
        stmt.col(*c);
    }
    m.create_index(stmt.to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum City {
    Table,
    Id,
    Code,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum District {
    Table,
    Id,
    CityId,
    Code,
    Name,
    SeedKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum DistrictPolicy {
    Table,
    Id,
    DistrictId,
    Version,
    EffectiveFrom,
    Settings,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum School {
    Table,
    Id,
    DistrictId,
    Name,
    Kind,
    Address,
    Longitude,
    Latitude,
}

#[derive(DeriveIden, Clone, Copy)]
enum Grade {
    Table,
    Id,
    SchoolId,
    Level,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
enum SchoolClass {
    Table,
    Id,
    SchoolId,
    GradeId,
    Name,
}

// `StudentNo` is the column's name, not a stutter.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Student {
    Table,
    Id,
    SchoolId,
    ClassId,
    Name,
    StudentNo,
    LeftBehind,
    MigrantWorker,
    Disabled,
    LowIncome,
    WaiverStatus,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Guardian {
    Table,
    Id,
    AccountId,
    Name,
    Phone,
}

#[derive(DeriveIden, Clone, Copy)]
enum GuardianStudent {
    Table,
    Id,
    GuardianId,
    StudentId,
    Relation,
}

#[derive(DeriveIden, Clone, Copy)]
enum Vendor {
    Table,
    Id,
    CityId,
    Name,
    CreditCode,
}
