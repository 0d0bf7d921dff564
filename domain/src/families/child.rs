//! A guardian's page for one child: who may collect them and the requests
//! made, their special needs and who read them, the week's timetable and
//! today's service with the child's pickup code.
use crate::error::DomainResult;
use crate::ids::StudentId;
use chrono::NaiveDate;
use wire::families::ChildCare;

/// The child's page; `week` any day of the week to show (default this one).
pub async fn care(cx: &crate::Ctx, child: StudentId, week: Option<NaiveDate>) -> DomainResult<ChildCare> {
    let (db, actor, today) = (cx.reads(), cx.actor()?, cx.today());
    let needs = super::special_needs::for_guardian(db, actor, child).await?;
    let name = crate::org::my_children(cx).await?.into_iter().find(|c| c.id == child).map(|c| c.name).unwrap_or_default();
    let mut this_week = crate::operations::timetable::child_week(db, actor, child, week.unwrap_or(today)).await?;
    this_week.today = Some(today);
    Ok(ChildCare {
        student: child,
        name,
        pickup_persons: super::pickup::persons(db, actor, child).await?,
        pickup_requests: super::pickup::requests_of(db, actor, child, cx.now()).await?,
        needs,
        needs_reads: super::special_needs::reads_for_guardian(db, actor, child).await?,
        week: this_week,
        // The first look makes the child's pickup code.
        service: crate::service_day::views::child_service(cx, child).await?,
    })
}
