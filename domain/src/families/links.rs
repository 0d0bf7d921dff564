//! Linking guardians to children. The school issues a one-time code per
//! child (at roster import, or again on request); a guardian links the child
//! with the code and the child's name. The school sees every link of a class
//! and can revoke one.
use crate::audit::{self, Event};
use crate::store::bulk;
use crate::authz::{Action, Target};
use crate::entities::{guardian, guardian_student, link_code, school, student};
use crate::limits::Limit;
use crate::error::{Clash, DomainError, DomainResult};
use crate::ids::{AccountId, ClassId, LinkCodeId, LinkId, SchoolId, StudentId};
use crate::places::student_at;
use crate::clock::local_date;
use crate::auth::mask_phone;
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionSession, TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;
pub use wire::families::{ClassLinks, LinkRequest, LinkedGuardian, OpenCode, StudentLinks};

pub use crate::codes::CODE_LEN;
use crate::codes::{new_code, normalise};
/// Wrong codes one account may try per hour.
pub const MAX_FAILURES_PER_HOUR: u64 = 10;
pub const MAX_RELATION_CHARS: usize = 20;

/// Issues a new code for each of `students` (all of `school`), valid for
/// the school's term. Codes that already exist, or repeat within the batch,
/// are drawn again before the insert; should another server insert the
/// same code meanwhile, the batch is drawn again (a savepoint keeps the
/// transaction usable).
pub async fn issue<C: ConnectionTrait + TransactionTrait>(db: &C, by: Option<AccountId>, school_id: i64, students: &[i64], now: chrono::DateTime<chrono::Utc>) -> DomainResult<()> {
    let days = crate::scope::find_school(db, SchoolId(school_id)).await?.link_code_days;
    for _ in 0..MAX_DRAWS {
        let codes = fresh_codes(db, students.len(), &mut new_code).await?;
        let rows = students
            .iter()
            .zip(codes)
            .map(|(s, code)| link_code::ActiveModel {
                school_id: Set(school_id),
                student_id: Set(*s),
                code: Set(code),
                issued_by: Set(by.map(|a| a.0)),
                issued_at: Set(now),
                expires_at: Set(Some(now + Duration::days(i64::from(days)))),
                ..Default::default()
            })
            .collect();
        let savepoint = db.begin().await?;
        match bulk::insert(&savepoint, rows).await.map_err(DomainError::from) {
            Ok(()) => return Ok(savepoint.commit().await?),
            Err(DomainError::Conflict(_)) => savepoint.rollback().await?,
            Err(e) => return Err(e),
        }
    }
    Err(DomainError::Internal("link codes kept colliding".into()))
}

/// Draws for a whole batch; a code is all but never drawn twice, so one more
/// round nearly always settles it.
const MAX_DRAWS: usize = 8;

/// `n` codes from `draw`, distinct and not yet stored.
async fn fresh_codes<C: ConnectionTrait>(db: &C, n: usize, draw: &mut impl FnMut() -> DomainResult<String>) -> DomainResult<Vec<String>> {
    let mut codes: Vec<String> = Vec::with_capacity(n);
    for _ in 0..MAX_DRAWS {
        let mut seen: std::collections::HashSet<String> = codes.iter().cloned().collect();
        while codes.len() < n {
            let c = draw()?;
            if seen.insert(c.clone()) {
                codes.push(c);
            }
        }
        let taken: std::collections::HashSet<String> = taken_codes(db, &codes).await?;
        if taken.is_empty() {
            return Ok(codes);
        }
        codes.retain(|c| !taken.contains(c));
    }
    Err(DomainError::Internal("link codes kept colliding".into()))
}

async fn taken_codes<C: ConnectionTrait>(db: &C, codes: &[String]) -> DomainResult<std::collections::HashSet<String>> {
    let mut taken = std::collections::HashSet::new();
    for chunk in codes.chunks(500) {
        taken.extend(
            link_code::Entity::find()
                .select_only()
                .column(link_code::Column::Code)
                .filter(link_code::Column::Code.is_in(chunk.iter().cloned()))
                .into_tuple::<String>()
                .all(db)
                .await?,
        );
    }
    Ok(taken)
}

/// Wrong codes one account may try per hour.
const GUESSES: Limit = Limit::new("link-code", MAX_FAILURES_PER_HOUR, Duration::hours(1));

/// Links a child to the actor's guardian record, once the guardian has read
/// the privacy notice and consents for the child. A wrong code, a spent or
/// revoked one, or a name that does not match all give the same answer, and
/// each counts against the account's guesses.
pub async fn link_child(cx: &crate::Ctx, req: LinkRequest) -> DomainResult<StudentId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let guardian = actor.families().next().ok_or(DomainError::Forbidden)?;
    let relation = req.relation.trim().to_string();
    if relation.chars().count() > MAX_RELATION_CHARS {
        return Err(DomainError::invalid("relation", "too_long"));
    }
    crate::families::consent::check_consent(crate::families::consent::Kind::ChildData, req.consent_version)?;
    let now = cx.now();
    let guess = GUESSES.take(db, &actor.account.to_string(), now).await?;
    let txn = db.begin().await?;
    let found = link_code::Entity::find()
        .filter(link_code::Column::Code.eq(normalise(&req.code)))
        .filter(link_code::Column::UsedAt.is_null())
        .filter(link_code::Column::RevokedAt.is_null())
        .one(&txn)
        .await?;
    let child = match &found {
        Some(c) => student::Entity::find_by_id(c.student_id).one(&txn).await?,
        None => None,
    };
    let (Some(code), Some(child)) = (found, child.filter(|s| s.name.trim() == req.child_name.trim())) else {
        return Err(DomainError::invalid("code", "not_valid"));
    };
    // With the right name the family may know the code is old.
    if code.expires_at.is_none_or(|t| t <= now) {
        return Err(DomainError::invalid("code", "link_expired"));
    }
    // Spend the code only if nobody spent it meanwhile.
    let spent = link_code::Entity::update_many()
        .col_expr(link_code::Column::UsedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(link_code::Column::GuardianId, sea_orm::sea_query::Expr::value(guardian.0))
        .filter(link_code::Column::Id.eq(code.id))
        .filter(link_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected == 0 {
        return Err(DomainError::invalid("code", "not_valid"));
    }
    guardian_student::ActiveModel {
        guardian_id: Set(guardian.0),
        student_id: Set(child.id),
        relation: Set(if relation.is_empty() { "guardian".into() } else { relation.clone() }),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match DomainError::from(e) {
        DomainError::Conflict(_) => DomainError::Conflict(Clash::AlreadyLinked),
        other => other,
    })?;
    crate::families::consent::record_consent(&txn, guardian, StudentId(child.id), crate::families::consent::Kind::ChildData, now).await?;
    audit::record(&txn, now,
        Event::new(
            Some(actor.account),
            "child.linked",
            format!("student:{}", child.id),
            json!({"guardian": guardian.0, "link_code": code.id, "privacy_notice": crate::families::consent::Kind::ChildData.version()}),
        ),
    )
    .await?;
    txn.commit().await?;
    guess.forgive(db).await?;
    Ok(StudentId(child.id))
}

/// A class's students with their open codes and linked guardians: the page
/// the school prints and manages links from.
pub async fn class_links(cx: &crate::Ctx, class: ClassId) -> DomainResult<ClassLinks> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let (c, s) = crate::scope::class(db, actor, class, Action::ViewLinkCodes).await?;
    let now = cx.now();
    let students = student::Entity::find()
        .filter(student::Column::ClassId.eq(c.id))
        .order_by_asc(student::Column::StudentNo)
        .all(db)
        .await?;
    let ids: Vec<i64> = students.iter().map(|s| s.id).collect();
    let codes: HashMap<i64, link_code::Model> = link_code::Entity::find()
        .filter(link_code::Column::StudentId.is_in(ids.clone()))
        .filter(link_code::Column::UsedAt.is_null())
        .filter(link_code::Column::RevokedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.student_id, c))
        .collect();
    let links = guardian_student::Entity::find()
        .filter(guardian_student::Column::StudentId.is_in(ids))
        .order_by_asc(guardian_student::Column::Id)
        .all(db)
        .await?;
    let guardians: HashMap<i64, guardian::Model> = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(links.iter().map(|l| l.guardian_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let students = students
        .into_iter()
        .map(|st| StudentLinks {
            student: StudentId(st.id),
            open_code: codes.get(&st.id).map(|c| OpenCode {
                id: LinkCodeId(c.id),
                code: c.code.clone(),
                // A code is good until the instant it expires: the last day is
                // the school's date one second before.
                valid_until: c.expires_at.map(|t| local_date(t - Duration::seconds(1))),
                expired: c.expires_at.is_none_or(|t| t <= now),
            }),
            guardians: links
                .iter()
                .filter(|l| l.student_id == st.id)
                .filter_map(|l| {
                    guardians.get(&l.guardian_id).map(|g| LinkedGuardian {
                        link: LinkId(l.id),
                        name: g.name.clone(),
                        phone: mask_phone(&g.phone),
                        relation: l.relation.clone(),
                    })
                })
                .collect(),
            name: st.name,
            student_no: st.student_no,
        })
        .collect();
    Ok(ClassLinks { class, school_id: SchoolId(s.id), school: s.name, class_name: c.name, link_code_days: s.link_code_days, students })
}

/// Sets how many days the school's new link codes stay valid (codes
/// already handed out keep their term).
pub async fn set_code_term(cx: &crate::Ctx, school_id: SchoolId, days: i32) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, school_id, Action::ManageSchool).await?;
    if !(1..=wire::families::MAX_LINK_CODE_DAYS).contains(&days) {
        return Err(DomainError::invalid("link_code_days", "out_of_range"));
    }
    let txn = db.begin().await?;
    let mut m: school::ActiveModel = s.into();
    m.link_code_days = Set(days);
    m.update(&txn).await?;
    audit::record(&txn, cx.now(), Event::new(Some(actor.account), "school.link_code_term_set", format!("school:{school_id}"), json!({"days": days}))).await?;
    txn.commit().await?;
    Ok(())
}

/// Issues a new code for a child, revoking any open one (a lost slip, or a
/// second guardian to link).
pub async fn reissue_code(cx: &crate::Ctx, student: StudentId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let txn = db.begin().await?;
    let s = student_at(&txn, student.0).await?;
    actor.require(Action::ManageSchool, &Target::School(s.place))?;
    revoke_open_codes(&txn, student.0, cx.now()).await?;
    issue(&txn, Some(actor.account), s.row.school_id, &[student.0], cx.now()).await?;
    audit::record(&txn, cx.now(), Event::new(Some(actor.account), "link_code.issued", format!("student:{}", student.0), json!({}))).await?;
    txn.commit().await?;
    Ok(())
}

async fn revoke_open_codes<C: ConnectionTrait>(db: &C, student: i64, now: chrono::DateTime<chrono::Utc>) -> DomainResult<()> {
    link_code::Entity::update_many()
        .col_expr(link_code::Column::RevokedAt, sea_orm::sea_query::Expr::value(now))
        .filter(link_code::Column::StudentId.eq(student))
        .filter(link_code::Column::UsedAt.is_null())
        .filter(link_code::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Removes a guardian's link to a child (a mistaken or disputed link). The
/// guardian no longer sees the child; their earlier applications stay on
/// record.
pub async fn revoke_link(cx: &crate::Ctx, link: LinkId) -> DomainResult<()> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let txn = db.begin().await?;
    let l = guardian_student::Entity::find_by_id(link.0).one(&txn).await?.ok_or(DomainError::NotFound)?;
    let s = student_at(&txn, l.student_id).await?;
    actor.require(Action::ManageSchool, &Target::School(s.place))?;
    guardian_student::Entity::delete_by_id(l.id).exec(&txn).await?;
    audit::record(&txn, cx.now(),
        Event::new(
            Some(actor.account),
            "child.unlinked",
            format!("student:{}", l.student_id),
            json!({"guardian": l.guardian_id}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_code_drawn_twice_or_already_stored_is_drawn_again() {
        let db = crate::testing::fresh_db().await;
        let world = crate::testing::World::build(&db).await;
        let taken = link_code::ActiveModel {
            school_id: Set(world.a.school.0),
            student_id: Set(world.a.student.0),
            code: Set("AAAA2222".into()),
            issued_by: Set(None),
            issued_at: Set(crate::clock::Clock::default().now()),
            expires_at: Set(Some(crate::clock::Clock::default().now())),
            ..Default::default()
        };
        taken.insert(&db.write).await.expect("taken");
        let mut draws = ["AAAA2222", "BBBB3333", "BBBB3333", "CCCC4444"].into_iter().map(String::from);
        let mut draw = || draws.next().ok_or(DomainError::Internal("no more".into()));
        assert_eq!(fresh_codes(&db.read, 2, &mut draw).await.expect("codes"), ["BBBB3333", "CCCC4444"]);
    }
}
