//! The service day (S5–S7): attendance kept compact (one sheet per session
//! and date with the absent children's ids, corrections as addenda, daily
//! totals per class that the money and the bureau read instead of the
//! sheets), staff's notes on a child, pickup codes and arrangements, leave
//! slips, handovers and refused pickups, escalations, children who stay
//! behind, and the duty roster.
use crate::cols::*;
use crate::m20261124_000001_organisation::{School, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000012_service_day"
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
                // Absent with a leave request, and present but kept out of
                // the activity (unwell at sports), the same way.
                .col(ColumnDef::new(AttendanceSheet::Excused).text().not_null())
                .col(ColumnDef::new(AttendanceSheet::KeptOut).text().not_null())
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
        index(m, AttendanceTotal::Table, "idx_attendance_total_school_date", &[AttendanceTotal::SchoolId, AttendanceTotal::OnDate]).await?;
        m.create_table(
            Table::create()
                .table(DayNote::Table)
                .col(id(DayNote::Id))
                .col(reference(DayNote::SchoolId))
                .col(reference(DayNote::StudentId))
                .col(ColumnDef::new(DayNote::OnDate).date().not_null())
                .col(reference(DayNote::SessionId))
                .col(text(DayNote::Kind))
                .col(ColumnDef::new(DayNote::Note).text().not_null())
                .col(reference(DayNote::AccountId))
                .col(instant(DayNote::At))
                .col(ColumnDef::new(DayNote::SportsAgreedBy).big_integer().null())
                .col(ColumnDef::new(DayNote::SportsAgreedAt).timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        index(m, DayNote::Table, "idx_day_note_student_date", &[DayNote::StudentId, DayNote::OnDate]).await?;
        m.create_table(
            Table::create()
                .table(PickupArrangement::Table)
                .col(id(PickupArrangement::Id))
                .col(ColumnDef::new(PickupArrangement::StudentId).big_integer().not_null().unique_key())
                .col(text(PickupArrangement::Code))
                .col(flag(PickupArrangement::WalksAlone))
                .col(reference(PickupArrangement::GuardianId))
                .col(instant(PickupArrangement::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LeaveSlip::Table)
                .col(id(LeaveSlip::Id))
                .col(reference(LeaveSlip::SchoolId))
                .col(reference(LeaveSlip::StudentId))
                .col(ColumnDef::new(LeaveSlip::OnDate).date().not_null())
                .col(ColumnDef::new(LeaveSlip::LeaveAt).time().not_null())
                .col(ColumnDef::new(LeaveSlip::Reason).text().not_null())
                .col(reference(LeaveSlip::IssuedBy))
                .col(instant(LeaveSlip::IssuedAt))
                .col(ColumnDef::new(LeaveSlip::ConfirmedBy).big_integer().null())
                .col(ColumnDef::new(LeaveSlip::ConfirmedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(LeaveSlip::CancelledAt).timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        index(m, LeaveSlip::Table, "idx_leave_slip_student_date", &[LeaveSlip::StudentId, LeaveSlip::OnDate]).await?;
        m.create_table(
            Table::create()
                .table(Handover::Table)
                .col(id(Handover::Id))
                .col(reference(Handover::SchoolId))
                .col(reference(Handover::StudentId))
                .col(ColumnDef::new(Handover::OnDate).date().not_null())
                .col(reference(Handover::SessionId))
                .col(text(Handover::Way))
                .col(ColumnDef::new(Handover::GuardianId).big_integer().null())
                .col(ColumnDef::new(Handover::PickupPersonId).big_integer().null())
                .col(ColumnDef::new(Handover::LeaveSlipId).big_integer().null())
                .col(text(Handover::ToName))
                .col(reference(Handover::AccountId))
                .col(instant(Handover::At))
                .to_owned(),
        )
        .await?;
        // A child goes home once a day: a second handover is refused.
        m.create_index(Index::create().name("idx_handover_student_date").table(Handover::Table).col(Handover::StudentId).col(Handover::OnDate).unique().to_owned())
            .await?;
        index(m, Handover::Table, "idx_handover_school_date", &[Handover::SchoolId, Handover::OnDate]).await?;
        m.create_table(
            Table::create()
                .table(HandoverRefusal::Table)
                .col(id(HandoverRefusal::Id))
                .col(reference(HandoverRefusal::SchoolId))
                .col(reference(HandoverRefusal::StudentId))
                .col(ColumnDef::new(HandoverRefusal::OnDate).date().not_null())
                .col(reference(HandoverRefusal::SessionId))
                .col(text(HandoverRefusal::Claimed))
                .col(text(HandoverRefusal::Reason))
                .col(reference(HandoverRefusal::AccountId))
                .col(instant(HandoverRefusal::At))
                .to_owned(),
        )
        .await?;
        index(m, HandoverRefusal::Table, "idx_handover_refusal_school_date", &[HandoverRefusal::SchoolId, HandoverRefusal::OnDate]).await?;
        m.create_table(
            Table::create()
                .table(Escalation::Table)
                .col(id(Escalation::Id))
                .col(reference(Escalation::SchoolId))
                .col(reference(Escalation::StudentId))
                .col(ColumnDef::new(Escalation::OnDate).date().not_null())
                .col(text(Escalation::Kind))
                .col(ColumnDef::new(Escalation::ToStaffId).big_integer().null())
                .col(instant(Escalation::At))
                .to_owned(),
        )
        .await?;
        // Each stranded child escalates once a day, however many servers sweep.
        m.create_index(
            Index::create()
                .name("idx_escalation_once")
                .table(Escalation::Table)
                .col(Escalation::StudentId)
                .col(Escalation::OnDate)
                .col(Escalation::Kind)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DayGuest::Table)
                .col(id(DayGuest::Id))
                .col(reference(DayGuest::SchoolId))
                .col(reference(DayGuest::SessionId))
                .col(ColumnDef::new(DayGuest::OnDate).date().not_null())
                .col(reference(DayGuest::StudentId))
                .col(ColumnDef::new(DayGuest::Reason).text().not_null())
                .col(reference(DayGuest::AccountId))
                .col(instant(DayGuest::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_day_guest_once")
                .table(DayGuest::Table)
                .col(DayGuest::SessionId)
                .col(DayGuest::OnDate)
                .col(DayGuest::StudentId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Duty::Table)
                .col(id(Duty::Id))
                .col(reference(Duty::SchoolId))
                .col(ColumnDef::new(Duty::OnDate).date().not_null())
                .col(reference(Duty::StaffId))
                .col(reference(Duty::AccountId))
                .col(instant(Duty::At))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_duty_school_date").table(Duty::Table).col(Duty::SchoolId).col(Duty::OnDate).unique().to_owned()).await?;
        records(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [PickupPhoto::Table.into_iden(), Visitor::Table.into_iden(), InspectionFinding::Table.into_iden(), Inspection::Table.into_iden(), IncidentReport::Table.into_iden()] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for t in [IncidentUpdate::Table.into_iden(), Incident::Table.into_iden(), CareLog::Table.into_iden()] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for t in [Duty::Table.into_iden(), DayGuest::Table.into_iden(), Escalation::Table.into_iden(), HandoverRefusal::Table.into_iden()] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for t in [Handover::Table.into_iden(), LeaveSlip::Table.into_iden(), PickupArrangement::Table.into_iden(), DayNote::Table.into_iden()] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
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
    Excused,
    KeptOut,
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

fn date<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).date().not_null().to_owned()
}

fn long<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().not_null().to_owned()
}

fn maybe_instant<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).timestamp_with_time_zone().null().to_owned()
}

/// The care log, incidents with their follow-up reports, inspections with
/// findings, and visitors (S7–S9): every row is added, never edited, but for
/// the moments a finding is fixed or escalated and an incident closed.
async fn records(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(CareLog::Table)
            .col(id(CareLog::Id))
            .col(reference(CareLog::SchoolId))
            .col(reference(CareLog::SessionId))
            .col(date(CareLog::OnDate))
            .col(long(CareLog::Entry))
            .col(reference(CareLog::AccountId))
            .col(instant(CareLog::At))
            .to_owned(),
    )
    .await?;
    index(m, CareLog::Table, "idx_care_log_session_date", &[CareLog::SessionId, CareLog::OnDate]).await?;
    m.create_table(
        Table::create()
            .table(Incident::Table)
            .col(id(Incident::Id))
            .col(reference(Incident::SchoolId))
            .col(reference(Incident::DistrictId))
            .col(ColumnDef::new(Incident::SessionId).big_integer().null())
            .col(instant(Incident::OccurredAt))
            .col(text(Incident::Severity))
            .col(long(Incident::Summary))
            .col(long(Incident::People))
            .col(long(Incident::Actions))
            .col(long(Incident::GuardiansTold))
            .col(reference(Incident::AccountId))
            .col(instant(Incident::ReportedAt))
            .col(ColumnDef::new(Incident::ReportDue).date().null())
            .col(maybe_instant(Incident::ClosedAt))
            .to_owned(),
    )
    .await?;
    index(m, Incident::Table, "idx_incident_school", &[Incident::SchoolId]).await?;
    index(m, Incident::Table, "idx_incident_district", &[Incident::DistrictId]).await?;
    m.create_table(
        Table::create()
            .table(IncidentUpdate::Table)
            .col(id(IncidentUpdate::Id))
            .col(reference(IncidentUpdate::IncidentId))
            .col(long(IncidentUpdate::Entry))
            .col(reference(IncidentUpdate::AccountId))
            .col(instant(IncidentUpdate::At))
            .to_owned(),
    )
    .await?;
    index(m, IncidentUpdate::Table, "idx_incident_update_incident", &[IncidentUpdate::IncidentId]).await?;
    m.create_table(
        Table::create()
            .table(IncidentReport::Table)
            .col(id(IncidentReport::Id))
            .col(ColumnDef::new(IncidentReport::IncidentId).big_integer().not_null().unique_key())
            .col(long(IncidentReport::Course))
            .col(long(IncidentReport::Causes))
            .col(long(IncidentReport::Outcome))
            .col(long(IncidentReport::Lessons))
            .col(long(IncidentReport::Improvements))
            .col(reference(IncidentReport::AccountId))
            .col(instant(IncidentReport::At))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Inspection::Table)
            .col(id(Inspection::Id))
            .col(reference(Inspection::SchoolId))
            .col(reference(Inspection::DistrictId))
            .col(text(Inspection::Inspector))
            .col(date(Inspection::OnDate))
            .col(long(Inspection::Scope))
            .col(reference(Inspection::AccountId))
            .col(instant(Inspection::At))
            .to_owned(),
    )
    .await?;
    index(m, Inspection::Table, "idx_inspection_school", &[Inspection::SchoolId]).await?;
    m.create_table(
        Table::create()
            .table(InspectionFinding::Table)
            .col(id(InspectionFinding::Id))
            .col(reference(InspectionFinding::InspectionId))
            .col(reference(InspectionFinding::SchoolId))
            .col(reference(InspectionFinding::DistrictId))
            .col(long(InspectionFinding::Description))
            .col(text(InspectionFinding::Responsible))
            .col(date(InspectionFinding::Due))
            .col(maybe_instant(InspectionFinding::FixedAt))
            .col(ColumnDef::new(InspectionFinding::FixedNote).text().null())
            .col(maybe_instant(InspectionFinding::EscalatedAt))
            .col(ColumnDef::new(InspectionFinding::EscalatedNote).text().null())
            .to_owned(),
    )
    .await?;
    index(m, InspectionFinding::Table, "idx_inspection_finding_school", &[InspectionFinding::SchoolId]).await?;
    index(m, InspectionFinding::Table, "idx_inspection_finding_district", &[InspectionFinding::DistrictId]).await?;
    m.create_table(
        Table::create()
            .table(Visitor::Table)
            .col(id(Visitor::Id))
            .col(reference(Visitor::SchoolId))
            .col(text(Visitor::Name))
            .col(text(Visitor::Phone))
            .col(text(Visitor::Visiting))
            .col(text(Visitor::Purpose))
            .col(reference(Visitor::AccountId))
            .col(instant(Visitor::InAt))
            .col(maybe_instant(Visitor::OutAt))
            .to_owned(),
    )
    .await?;
    index(m, Visitor::Table, "idx_visitor_school_in", &[Visitor::SchoolId, Visitor::InAt]).await?;
    // A collector's photo, scaled on the phone before upload (tens of KB).
    m.create_table(
        Table::create()
            .table(PickupPhoto::Table)
            .col(id(PickupPhoto::Id))
            .col(reference(PickupPhoto::StudentId))
            .col(text(PickupPhoto::Collector))
            .col(ColumnDef::new(PickupPhoto::Jpeg).blob().not_null())
            .col(reference(PickupPhoto::GuardianId))
            .col(instant(PickupPhoto::At))
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx_pickup_photo_once").table(PickupPhoto::Table).col(PickupPhoto::StudentId).col(PickupPhoto::Collector).unique().to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
enum PickupPhoto {
    Table,
    Id,
    StudentId,
    Collector,
    Jpeg,
    GuardianId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum CareLog {
    Table,
    Id,
    SchoolId,
    SessionId,
    OnDate,
    Entry,
    AccountId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Incident {
    Table,
    Id,
    SchoolId,
    DistrictId,
    SessionId,
    OccurredAt,
    Severity,
    Summary,
    People,
    Actions,
    GuardiansTold,
    AccountId,
    ReportedAt,
    ReportDue,
    ClosedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum IncidentUpdate {
    Table,
    Id,
    IncidentId,
    Entry,
    AccountId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum IncidentReport {
    Table,
    Id,
    IncidentId,
    Course,
    Causes,
    Outcome,
    Lessons,
    Improvements,
    AccountId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Inspection {
    Table,
    Id,
    SchoolId,
    DistrictId,
    Inspector,
    OnDate,
    Scope,
    AccountId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum InspectionFinding {
    Table,
    Id,
    InspectionId,
    SchoolId,
    DistrictId,
    Description,
    Responsible,
    Due,
    FixedAt,
    FixedNote,
    EscalatedAt,
    EscalatedNote,
}

#[derive(DeriveIden, Clone, Copy)]
enum Visitor {
    Table,
    Id,
    SchoolId,
    Name,
    Phone,
    Visiting,
    Purpose,
    AccountId,
    InAt,
    OutAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DayNote {
    Table,
    Id,
    SchoolId,
    StudentId,
    OnDate,
    SessionId,
    Kind,
    Note,
    AccountId,
    At,
    SportsAgreedBy,
    SportsAgreedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PickupArrangement {
    Table,
    Id,
    StudentId,
    Code,
    WalksAlone,
    GuardianId,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LeaveSlip {
    Table,
    Id,
    SchoolId,
    StudentId,
    OnDate,
    LeaveAt,
    Reason,
    IssuedBy,
    IssuedAt,
    ConfirmedBy,
    ConfirmedAt,
    CancelledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Handover {
    Table,
    Id,
    SchoolId,
    StudentId,
    OnDate,
    SessionId,
    Way,
    GuardianId,
    PickupPersonId,
    LeaveSlipId,
    ToName,
    AccountId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum HandoverRefusal {
    Table,
    Id,
    SchoolId,
    StudentId,
    OnDate,
    SessionId,
    Claimed,
    Reason,
    AccountId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Escalation {
    Table,
    Id,
    SchoolId,
    StudentId,
    OnDate,
    Kind,
    ToStaffId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum DayGuest {
    Table,
    Id,
    SchoolId,
    SessionId,
    OnDate,
    StudentId,
    Reason,
    AccountId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Duty {
    Table,
    Id,
    SchoolId,
    OnDate,
    StaffId,
    AccountId,
    At,
}
