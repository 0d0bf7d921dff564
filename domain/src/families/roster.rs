//! Roster import: a school admin uploads the classes and students of the
//! school as XLSX or CSV (columns 年级/grade, 班级/class, 姓名/name,
//! 学号/student_no). Every row is checked first; one bad row and nothing is
//! imported. The import issues each new student a link code.
use crate::audit::{self, Event};
use crate::store::bulk;
use crate::authz::Action;
use crate::entities::{grade, school, school_class, student};
use crate::error::{DomainError, DomainResult};
use crate::ids::SchoolId;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::json;
use std::collections::{HashMap, HashSet};
pub use wire::roster::{RosterPreview, RosterRow, RowError};

pub const MAX_ROWS: usize = 5_000;
pub use wire::roster::MAX_BYTES;
const MAX_NAME_CHARS: usize = 40;
const MAX_CLASS_CHARS: usize = 30;
const MAX_STUDENT_NO_CHARS: usize = 30;

/// The header names each column may carry.
const COLUMNS: [(&str, &[&str]); 4] = [
    ("grade", &["年级", "grade"]),
    ("class", &["班级", "class"]),
    ("name", &["姓名", "name"]),
    ("student_no", &["学号", "student_no", "student no", "student number"]),
];

/// `3`, `3年级`, `三年级` or `三` → 3.
fn parse_grade(s: &str) -> Option<i32> {
    let s = s.trim().trim_end_matches("年级").trim();
    if let Ok(n) = s.parse::<i32>() {
        return (1..=9).contains(&n).then_some(n);
    }
    "一二三四五六七八九".chars().position(|c| s == c.to_string()).map(|i| i as i32 + 1)
}

/// Reads and checks the sheet's rows against themselves (not the database).
fn parse(file_name: &str, bytes: &[u8]) -> DomainResult<(Vec<RosterRow>, Vec<RowError>)> {
    let cells = inputs::sheet::cells(file_name, bytes, MAX_BYTES, MAX_ROWS)?;
    let mut rows_in = cells.into_iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.is_empty()));
    let (_, header) = rows_in.next().ok_or(DomainError::unreadable("file", "empty"))?;
    let at = inputs::sheet::columns(&header, &COLUMNS)?;
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for (i, r) in rows_in {
        let line = i as u32 + 1;
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(DomainError::unreadable("file", "too_many_rows"));
        }
        let cell = |k: usize| r.get(at[k]).cloned().unwrap_or_default();
        let mut row_errors = Vec::new();
        let mut bad = |field: &str, rule: &str| row_errors.push(RowError { line, field: field.into(), rule: rule.into() });
        let grade = parse_grade(&cell(0));
        let (class_name, name, student_no) = (cell(1), cell(2), cell(3));
        if grade.is_none() {
            bad("grade", "not_a_grade");
        }
        for (field, value, max) in [("class", &class_name, MAX_CLASS_CHARS), ("name", &name, MAX_NAME_CHARS), ("student_no", &student_no, MAX_STUDENT_NO_CHARS)] {
            if value.is_empty() {
                bad(field, "required");
            } else if value.chars().count() > max {
                bad(field, "too_long");
            }
        }
        if !student_no.is_empty() && !seen.insert(student_no.clone()) {
            bad("student_no", "duplicate_in_file");
        }
        if row_errors.is_empty() {
            rows.push(RosterRow { line, grade: grade.unwrap_or_default(), class_name, name, student_no });
        }
        errors.append(&mut row_errors);
    }
    if rows.is_empty() && errors.is_empty() {
        return Err(DomainError::unreadable("file", "empty"));
    }
    Ok((rows, errors))
}

async fn check<C: ConnectionTrait>(db: &C, school: &school::Model, file_name: &str, bytes: &[u8]) -> DomainResult<RosterPreview> {
    let (rows, mut errors) = parse(file_name, bytes)?;
    let existing: HashSet<String> = student::Entity::find()
        .filter(student::Column::SchoolId.eq(school.id))
        .filter(student::Column::StudentNo.is_in(rows.iter().map(|r| r.student_no.clone())))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.student_no)
        .collect();
    for r in rows.iter().filter(|r| existing.contains(&r.student_no)) {
        errors.push(RowError { line: r.line, field: "student_no".into(), rule: "already_exists".into() });
    }
    errors.sort_by_key(|e| e.line);
    let classes = classes_of(db, school.id).await?;
    let mut new_classes: Vec<String> = rows
        .iter()
        .filter(|r| !classes.contains_key(&(r.grade, r.class_name.clone())))
        .map(|r| format!("{}|{}", r.grade, r.class_name))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    new_classes.sort();
    Ok(RosterPreview { rows, errors, new_classes, imported: false })
}

/// (grade level, class name) → class id, for the school.
async fn classes_of<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<HashMap<(i32, String), i64>> {
    let levels: HashMap<i64, i32> = grade::Entity::find()
        .filter(grade::Column::SchoolId.eq(school))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.level))
        .collect();
    Ok(school_class::Entity::find()
        .filter(school_class::Column::SchoolId.eq(school))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| levels.get(&c.grade_id).map(|l| ((*l, c.name), c.id)))
        .collect())
}

/// Checks a sheet without writing anything.
pub async fn preview(cx: &crate::Ctx, school: SchoolId, file_name: &str, bytes: &[u8]) -> DomainResult<RosterPreview> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, school, Action::ManageSchool).await?;
    check(db, &s, file_name, bytes).await
}

/// Imports a sheet: all rows or, when any row is wrong, none (the preview
/// with its errors comes back and nothing is written).
pub async fn import(cx: &crate::Ctx, school: SchoolId, file_name: &str, bytes: &[u8]) -> DomainResult<RosterPreview> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let txn = db.begin().await?;
    let s = crate::scope::school(&txn, actor, school, Action::ManageSchool).await?;
    let mut preview = check(&txn, &s, file_name, bytes).await?;
    if !preview.errors.is_empty() {
        return Ok(preview);
    }
    let mut grades: HashMap<i32, i64> = grade::Entity::find()
        .filter(grade::Column::SchoolId.eq(s.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|g| (g.level, g.id))
        .collect();
    let mut classes = classes_of(&txn, s.id).await?;
    let mut new_students = Vec::with_capacity(preview.rows.len());
    for r in &preview.rows {
        let grade_id = match grades.get(&r.grade) {
            Some(id) => *id,
            None => {
                let g = grade::ActiveModel { school_id: Set(s.id), level: Set(r.grade), name: Set(format!("{}年级", r.grade)), ..Default::default() }
                    .insert(&txn)
                    .await?;
                grades.insert(r.grade, g.id);
                g.id
            }
        };
        let key = (r.grade, r.class_name.clone());
        let class_id = match classes.get(&key) {
            Some(id) => *id,
            None => {
                let c = school_class::ActiveModel { school_id: Set(s.id), grade_id: Set(grade_id), name: Set(r.class_name.clone()), ..Default::default() }
                    .insert(&txn)
                    .await?;
                classes.insert(key, c.id);
                c.id
            }
        };
        new_students.push(student::ActiveModel {
            school_id: Set(s.id),
            class_id: Set(class_id),
            name: Set(r.name.clone()),
            student_no: Set(r.student_no.clone()),
            left_behind: Set(false),
            migrant_worker: Set(false),
            disabled: Set(false),
            low_income: Set(false),
            waiver_status: Set("none".into()),
            ..Default::default()
        });
    }
    let ids: Vec<i64> = bulk::insert_returning(&txn, new_students).await?.into_iter().map(|st| st.id).collect();
    crate::families::links::issue(&txn, Some(actor.account), s.id, &ids, cx.now()).await?;
    audit::record(&txn, cx.now(),
        Event::new(
            Some(actor.account),
            "roster.imported",
            format!("school:{}", s.id),
            json!({"students": ids.len(), "new_classes": preview.new_classes}),
        ),
    )
    .await?;
    crate::store::stale::touch(&txn, s.id, crate::clock::local_date(cx.now())).await?;
    txn.commit().await?;
    preview.imported = true;
    Ok(preview)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_read_as_digits_or_chinese() {
        assert_eq!(parse_grade("3"), Some(3));
        assert_eq!(parse_grade("三年级"), Some(3));
        assert_eq!(parse_grade("6年级"), Some(6));
        assert_eq!(parse_grade("十"), None);
        assert_eq!(parse_grade("0"), None);
    }

    #[test]
    fn every_bad_row_is_named() {
        let csv = "年级,班级,姓名,学号\n1,1班,张三,001\n,1班,李四,002\n1,1班,,001\n";
        let (rows, errors) = parse("r.csv", csv.as_bytes()).expect("parse");
        assert_eq!(rows.len(), 1);
        let got: Vec<(u32, &str, &str)> = errors.iter().map(|e| (e.line, e.field.as_str(), e.rule.as_str())).collect();
        assert_eq!(got, vec![(3, "grade", "not_a_grade"), (4, "name", "required"), (4, "student_no", "duplicate_in_file")]);
    }

    #[test]
    fn a_sheet_without_a_column_is_refused() {
        assert!(matches!(parse("r.csv", "年级,班级,姓名\n1,1班,张三\n".as_bytes()), Err(DomainError::Unreadable { rule: "missing_column", .. })));
    }
}
