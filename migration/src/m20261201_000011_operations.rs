//! The school's operations after admission (S1–S4): the year's calendar per
//! district or school, rooms, staff with their vetting records and the
//! safety agreements of volunteer groups, and each plan's weekly timetable
//! (groups of children, sessions, the adults on them) with its published
//! versions. Vetting records and publications are only ever added.
use crate::cols::*;
use crate::m20261124_000001_organisation::{District, School, Student, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000011_operations"
    }
}

fn date<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).date().not_null().to_owned()
}
fn time<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).time().not_null().to_owned()
}
fn int<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}
fn instant_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CalendarDay::Table)
                .col(id(CalendarDay::Id))
                .col(reference(CalendarDay::DistrictId))
                // Null: the district's calendar; else one school's own.
                .col(ColumnDef::new(CalendarDay::SchoolId).big_integer().null())
                .col(date(CalendarDay::Day))
                .col(text(CalendarDay::Kind))
                .col(text(CalendarDay::Name))
                // The weekday whose timetable a make-up workday runs.
                .col(ColumnDef::new(CalendarDay::FollowsWeekday).integer().null())
                .col(reference(CalendarDay::ImportedBy))
                .col(instant(CalendarDay::ImportedAt))
                .foreign_key(&mut fk(CalendarDay::DistrictId, District::Table, District::Id))
                .foreign_key(&mut fk(CalendarDay::SchoolId, School::Table, School::Id))
                .to_owned(),
        )
        .await?;
        index(m, CalendarDay::Table, "idx_calendar_day_scope", &[CalendarDay::DistrictId, CalendarDay::SchoolId, CalendarDay::Day]).await?;

        m.create_table(
            Table::create()
                .table(Room::Table)
                .col(id(Room::Id))
                .col(reference(Room::SchoolId))
                .col(text(Room::Name))
                .col(text(Room::Kind))
                .col(int(Room::Capacity))
                .col(instant(Room::CreatedAt))
                .col(instant_null(Room::RetiredAt))
                .foreign_key(&mut fk(Room::SchoolId, School::Table, School::Id))
                .to_owned(),
        )
        .await?;
        index(m, Room::Table, "idx_room_school", &[Room::SchoolId]).await?;

        m.create_table(
            Table::create()
                .table(Staff::Table)
                .col(id(Staff::Id))
                .col(reference(Staff::SchoolId))
                .col(text(Staff::Kind))
                .col(text(Staff::Name))
                .col(text(Staff::Phone))
                // The volunteer group, community organisation or vendor.
                .col(text(Staff::Organisation))
                .col(ColumnDef::new(Staff::VendorId).big_integer().null())
                // The sign-in that sees this person's own timetable.
                .col(ColumnDef::new(Staff::AccountId).big_integer().null())
                .col(instant(Staff::CreatedAt))
                .col(instant_null(Staff::LeftAt))
                .foreign_key(&mut fk(Staff::SchoolId, School::Table, School::Id))
                .foreign_key(&mut fk(Staff::VendorId, Vendor::Table, Vendor::Id))
                .foreign_key(&mut fk(Staff::AccountId, Account::Table, Account::Id))
                .to_owned(),
        )
        .await?;
        index(m, Staff::Table, "idx_staff_school", &[Staff::SchoolId]).await?;
        index(m, Staff::Table, "idx_staff_account", &[Staff::AccountId]).await?;
        index(m, Staff::Table, "idx_staff_phone", &[Staff::Phone]).await?;

        m.create_table(
            Table::create()
                .table(StaffVetting::Table)
                .col(id(StaffVetting::Id))
                .col(reference(StaffVetting::StaffId))
                .col(date(StaffVetting::CheckedOn))
                .col(text(StaffVetting::Result))
                .col(text(StaffVetting::Qualification))
                .col(date(StaffVetting::ValidUntil))
                .col(reference(StaffVetting::RecordedBy))
                .col(instant(StaffVetting::RecordedAt))
                .foreign_key(&mut fk(StaffVetting::StaffId, Staff::Table, Staff::Id))
                .to_owned(),
        )
        .await?;
        index(m, StaffVetting::Table, "idx_staff_vetting_staff", &[StaffVetting::StaffId]).await?;

        m.create_table(
            Table::create()
                .table(SafetyAgreement::Table)
                .col(id(SafetyAgreement::Id))
                .col(reference(SafetyAgreement::SchoolId))
                .col(text(SafetyAgreement::Organisation))
                .col(date(SafetyAgreement::SignedOn))
                .col(date(SafetyAgreement::ValidUntil))
                .col(reference(SafetyAgreement::RecordedBy))
                .col(instant(SafetyAgreement::RecordedAt))
                .foreign_key(&mut fk(SafetyAgreement::SchoolId, School::Table, School::Id))
                .to_owned(),
        )
        .await?;
        index(m, SafetyAgreement::Table, "idx_safety_agreement_school", &[SafetyAgreement::SchoolId]).await?;

        m.create_table(
            Table::create()
                .table(Timetable::Table)
                .col(id(Timetable::Id))
                .col(reference(Timetable::SchoolId))
                .col(ColumnDef::new(Timetable::PlanId).big_integer().not_null().unique_key())
                .col(int(Timetable::ChildrenPerAdult))
                .col(instant(Timetable::CreatedAt))
                .col(instant(Timetable::ChangedAt))
                .foreign_key(&mut fk(Timetable::SchoolId, School::Table, School::Id))
                .foreign_key(&mut fk(Timetable::PlanId, Plan::Table, Plan::Id))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ServiceGroup::Table)
                .col(id(ServiceGroup::Id))
                .col(reference(ServiceGroup::TimetableId))
                .col(text(ServiceGroup::Name))
                .col(instant(ServiceGroup::CreatedAt))
                .col(instant_null(ServiceGroup::RemovedAt))
                .foreign_key(&mut fk(ServiceGroup::TimetableId, Timetable::Table, Timetable::Id))
                .to_owned(),
        )
        .await?;
        index(m, ServiceGroup::Table, "idx_service_group_timetable", &[ServiceGroup::TimetableId]).await?;

        m.create_table(
            Table::create()
                .table(GroupMember::Table)
                .col(id(GroupMember::Id))
                .col(reference(GroupMember::GroupId))
                .col(reference(GroupMember::StudentId))
                .col(instant(GroupMember::AddedAt))
                .col(instant_null(GroupMember::RemovedAt))
                .foreign_key(&mut fk(GroupMember::GroupId, ServiceGroup::Table, ServiceGroup::Id))
                .foreign_key(&mut fk(GroupMember::StudentId, Student::Table, Student::Id))
                .to_owned(),
        )
        .await?;
        index(m, GroupMember::Table, "idx_group_member_group", &[GroupMember::GroupId]).await?;
        index(m, GroupMember::Table, "idx_group_member_student", &[GroupMember::StudentId]).await?;

        m.create_table(
            Table::create()
                .table(ServiceSession::Table)
                .col(id(ServiceSession::Id))
                .col(reference(ServiceSession::TimetableId))
                .col(int(ServiceSession::Weekday))
                .col(time(ServiceSession::StartsAt))
                .col(time(ServiceSession::EndsAt))
                .col(text(ServiceSession::ServiceType))
                .col(text(ServiceSession::Activity))
                .col(text(ServiceSession::Title))
                .col(reference(ServiceSession::RoomId))
                .col(reference(ServiceSession::GroupId))
                .col(instant(ServiceSession::CreatedAt))
                .col(instant_null(ServiceSession::RemovedAt))
                .foreign_key(&mut fk(ServiceSession::TimetableId, Timetable::Table, Timetable::Id))
                .foreign_key(&mut fk(ServiceSession::RoomId, Room::Table, Room::Id))
                .foreign_key(&mut fk(ServiceSession::GroupId, ServiceGroup::Table, ServiceGroup::Id))
                .to_owned(),
        )
        .await?;
        index(m, ServiceSession::Table, "idx_service_session_timetable", &[ServiceSession::TimetableId]).await?;

        m.create_table(
            Table::create()
                .table(SessionStaff::Table)
                .col(id(SessionStaff::Id))
                .col(reference(SessionStaff::SessionId))
                .col(reference(SessionStaff::StaffId))
                // Dines with the pupils (陪餐) at a lunch session.
                .col(flag(SessionStaff::Dining))
                .foreign_key(&mut fk(SessionStaff::SessionId, ServiceSession::Table, ServiceSession::Id))
                .foreign_key(&mut fk(SessionStaff::StaffId, Staff::Table, Staff::Id))
                .to_owned(),
        )
        .await?;
        index(m, SessionStaff::Table, "idx_session_staff_session", &[SessionStaff::SessionId]).await?;

        m.create_table(
            Table::create()
                .table(TimetablePublication::Table)
                .col(id(TimetablePublication::Id))
                .col(reference(TimetablePublication::TimetableId))
                .col(int(TimetablePublication::Version))
                .col(ColumnDef::new(TimetablePublication::Content).text().not_null())
                .col(reference(TimetablePublication::PublishedBy))
                .col(instant(TimetablePublication::PublishedAt))
                .foreign_key(&mut fk(TimetablePublication::TimetableId, Timetable::Table, Timetable::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_timetable_publication_version")
                .table(TimetablePublication::Table)
                .col(TimetablePublication::TimetableId)
                .col(TimetablePublication::Version)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TimetablePublication::Table.into_iden(),
            SessionStaff::Table.into_iden(),
            ServiceSession::Table.into_iden(),
            GroupMember::Table.into_iden(),
            ServiceGroup::Table.into_iden(),
            Timetable::Table.into_iden(),
            SafetyAgreement::Table.into_iden(),
            StaffVetting::Table.into_iden(),
            Staff::Table.into_iden(),
            Room::Table.into_iden(),
            CalendarDay::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Plan {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Vendor {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum CalendarDay {
    Table,
    Id,
    DistrictId,
    SchoolId,
    Day,
    Kind,
    Name,
    FollowsWeekday,
    ImportedBy,
    ImportedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Room {
    Table,
    Id,
    SchoolId,
    Name,
    Kind,
    Capacity,
    CreatedAt,
    RetiredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Staff {
    Table,
    Id,
    SchoolId,
    Kind,
    Name,
    Phone,
    Organisation,
    VendorId,
    AccountId,
    CreatedAt,
    LeftAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StaffVetting {
    Table,
    Id,
    StaffId,
    CheckedOn,
    Result,
    Qualification,
    ValidUntil,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SafetyAgreement {
    Table,
    Id,
    SchoolId,
    Organisation,
    SignedOn,
    ValidUntil,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Timetable {
    Table,
    Id,
    SchoolId,
    PlanId,
    ChildrenPerAdult,
    CreatedAt,
    ChangedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceGroup {
    Table,
    Id,
    TimetableId,
    Name,
    CreatedAt,
    RemovedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum GroupMember {
    Table,
    Id,
    GroupId,
    StudentId,
    AddedAt,
    RemovedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceSession {
    Table,
    Id,
    TimetableId,
    Weekday,
    StartsAt,
    EndsAt,
    ServiceType,
    Activity,
    Title,
    RoomId,
    GroupId,
    CreatedAt,
    RemovedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SessionStaff {
    Table,
    Id,
    SessionId,
    StaffId,
    Dining,
}

#[derive(DeriveIden, Clone, Copy)]
enum TimetablePublication {
    Table,
    Id,
    TimetableId,
    Version,
    Content,
    PublishedBy,
    PublishedAt,
}
