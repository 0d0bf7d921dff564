//! Attendance (S5), kept compact: one sheet per session and date with the
//! absent children's ids, corrections as addenda, and daily totals per
//! class that the money and the bureau read instead of the sheets.
use crate::cols::*;
use crate::m20261124_000001_organisation::{School, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000012_attendance"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AttendanceSheet::Table)
                .col(id(AttendanceSheet::Id))
                .col(reference(AttendanceSheet::SchoolId))
                .col(reference(AttendanceSheet::SessionId))
                .col(ColumnDef::new(AttendanceSheet::OnDate).date().not_null())
                .col(ColumnDef::new(AttendanceSheet::Children).integer().not_null())
                // Space-separated ids: most children are present.
                .col(ColumnDef::new(AttendanceSheet::Absent).text().not_null())
                .col(reference(AttendanceSheet::StaffId))
                .col(reference(AttendanceSheet::AccountId))
                .col(ColumnDef::new(AttendanceSheet::IdempotencyKey).string().not_null().unique_key())
                .col(instant(AttendanceSheet::TakenAt))
                .foreign_key(&mut fk(AttendanceSheet::SchoolId, School::Table, School::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_attendance_sheet_session_date")
                .table(AttendanceSheet::Table)
                .col(AttendanceSheet::SessionId)
                .col(AttendanceSheet::OnDate)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AttendanceAddendum::Table)
                .col(id(AttendanceAddendum::Id))
                .col(reference(AttendanceAddendum::SheetId))
                .col(reference(AttendanceAddendum::StudentId))
                .col(flag(AttendanceAddendum::Present))
                .col(text(AttendanceAddendum::Reason))
                .col(reference(AttendanceAddendum::AccountId))
                .col(instant(AttendanceAddendum::At))
                .foreign_key(&mut fk(AttendanceAddendum::SheetId, AttendanceSheet::Table, AttendanceSheet::Id))
                .to_owned(),
        )
        .await?;
        index(m, AttendanceAddendum::Table, "idx_attendance_addendum_sheet", &[AttendanceAddendum::SheetId]).await?;
        m.create_table(
            Table::create()
                .table(AttendanceTotal::Table)
                .col(id(AttendanceTotal::Id))
                .col(reference(AttendanceTotal::SchoolId))
                .col(reference(AttendanceTotal::GradeId))
                .col(reference(AttendanceTotal::ClassId))
                .col(ColumnDef::new(AttendanceTotal::OnDate).date().not_null())
                .col(ColumnDef::new(AttendanceTotal::Present).integer().not_null())
                .col(ColumnDef::new(AttendanceTotal::Absent).integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_attendance_total_class_date")
                .table(AttendanceTotal::Table)
                .col(AttendanceTotal::ClassId)
                .col(AttendanceTotal::OnDate)
                .unique()
                .to_owned(),
        )
        .await?;
        index(m, AttendanceTotal::Table, "idx_attendance_total_school_date", &[AttendanceTotal::SchoolId, AttendanceTotal::OnDate]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AttendanceTotal::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(AttendanceAddendum::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(AttendanceSheet::Table).to_owned()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AttendanceSheet {
    Table,
    Id,
    SchoolId,
    SessionId,
    OnDate,
    Children,
    Absent,
    StaffId,
    AccountId,
    IdempotencyKey,
    TakenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AttendanceAddendum {
    Table,
    Id,
    SheetId,
    StudentId,
    Present,
    Reason,
    AccountId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum AttendanceTotal {
    Table,
    Id,
    SchoolId,
    GradeId,
    ClassId,
    OnDate,
    Present,
    Absent,
}
