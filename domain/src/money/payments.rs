//! Families' payments: booked one by one by the school or the committee's
//! treasurer, or imported from the service account's bank statement (CSV
//! or XLSX: date, amount, the transfer's memo, the bank's transaction
//! number). The memo finds the child by student number, the reference the
//! guardian's page tells them to write. A statement is checked row by row
//! first; one wrong row and nothing is imported; a row already imported
//! (the same transaction number) is shown as such and never booked twice.
use crate::audit::{self, Event};
use crate::authz::Action;
use crate::entities::{ledger_posting, school, student};
use crate::error::{DomainError, DomainResult};
use crate::money::ledger::{self, Posting};
use crate::money::amounts::{amount, memo};
use crate::ids::{PostingId, SchoolId, StudentId};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use wire::money::{MAX_STATEMENT_BYTES, NewPayment, PostingKind, StatementPreview, StatementRow};
use wire::roster::RowError;

pub const MAX_STATEMENT_ROWS: usize = 5_000;
const MAX_TRANSACTION_CHARS: usize = 64;

const COLUMNS: [(&str, &[&str]); 4] = [
    ("date", &["日期", "交易日期", "记账日期", "date"]),
    ("amount", &["金额", "收入金额", "贷方金额", "amount"]),
    ("memo", &["附言", "摘要", "备注", "用途", "memo", "reference"]),
    ("transaction", &["流水号", "交易流水号", "交易号", "transaction", "transaction id"]),
];

fn reference_of(transaction: &str) -> String {
    format!("bank:{transaction}")
}

/// The school's children by student number.
async fn by_number<C: ConnectionTrait>(db: &C, school: i64) -> DomainResult<HashMap<String, (i64, String)>> {
    Ok(student::Entity::find().filter(student::Column::SchoolId.eq(school)).all(db).await?.into_iter().map(|s| (s.student_no, (s.id, s.name))).collect())
}

/// A family's payment for a child, booked by hand.
pub async fn record(cx: &crate::Ctx, school: SchoolId, new: NewPayment) -> DomainResult<PostingId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    let amount = amount("amount", &new.amount)?;
    let reference = memo("reference", &new.reference)?;
    if new.on_date > today {
        return Err(DomainError::invalid("on_date", "in_the_future"));
    }
    let child = student::Entity::find()
        .filter(student::Column::SchoolId.eq(s.id))
        .filter(student::Column::StudentNo.eq(new.student_no.trim()))
        .one(db)
        .await?
        .ok_or(DomainError::invalid("student_no", "unknown"))?;
    let mut p = Posting::new(PostingKind::Payment, amount, new.on_date).student(child.id).memo(reference.clone());
    if !reference.is_empty() {
        p = p.reference(format!("pay:{reference}"));
    }
    let txn = db.begin().await?;
    let row = ledger::book_one(&txn, s.id, actor.account, &p, now).await.map_err(|e| match e {
        DomainError::Conflict(_) => DomainError::invalid("reference", "already_booked"),
        e => e,
    })?;
    audit::record(&txn, now, Event::new(Some(actor.account), "ledger.posted", format!("school:{}", s.id), json!({"posting": row.id, "kind": "payment", "student": child.id, "amount_fen": amount, "on": new.on_date, "reference": reference}))).await?;
    txn.commit().await?;
    Ok(PostingId(row.id))
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.split_whitespace().next().unwrap_or_default();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"].iter().find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

/// An amount as a bank writes it: `1,200.00`, `¥80`, `80元`.
fn parse_amount(text: &str) -> Option<i64> {
    let t: String = text.chars().filter(|c| !matches!(c, ',' | '¥' | '￥' | ' ' | '元')).collect();
    if t.starts_with('-') {
        return Some(-1);
    }
    wire::money::fen(t.trim_start_matches('+'))
}

/// The words of a memo that could be a student number.
fn tokens(memo: &str) -> impl Iterator<Item = &str> {
    memo.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).filter(|t| !t.is_empty())
}

async fn check<C: ConnectionTrait>(db: &C, s: &school::Model, file_name: &str, bytes: &[u8], today: NaiveDate) -> DomainResult<StatementPreview> {
    let cells = inputs::sheet::cells(file_name, bytes, MAX_STATEMENT_BYTES, MAX_STATEMENT_ROWS)?;
    let mut rows_in = cells.into_iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.is_empty()));
    let (_, header) = rows_in.next().ok_or(DomainError::unreadable("file", "empty"))?;
    let at = inputs::sheet::columns(&header, &COLUMNS)?;
    let children = by_number(db, s.id).await?;
    let books = super::periods::OpenBooks::load(db, s.id).await?;
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for (i, r) in rows_in {
        if rows.len() + errors.len() >= MAX_STATEMENT_ROWS {
            return Err(DomainError::unreadable("file", "too_many_rows"));
        }
        let line = i as u32 + 1;
        let cell = |k: usize| r.get(at[k]).cloned().unwrap_or_default();
        let before = errors.len();
        let mut bad = |field: &str, rule: &str| errors.push(RowError { line, field: field.into(), rule: rule.into() });
        let on_date = parse_date(&cell(0));
        match on_date {
            None => bad("date", "not_a_date"),
            Some(d) if d > today => bad("date", "in_the_future"),
            Some(d) => {
                if let Some(rule) = books.closed(d) {
                    bad("date", rule);
                }
            }
        }
        let amount = parse_amount(&cell(1)).unwrap_or(0);
        match parse_amount(&cell(1)) {
            None => bad("amount", "not_an_amount"),
            Some(a) if a <= 0 => bad("amount", "not_incoming"),
            Some(a) if a > super::amounts::MAX_AMOUNT_FEN => bad("amount", "too_large"),
            Some(_) => {}
        }
        let (memo, transaction) = (cell(2), cell(3));
        if transaction.is_empty() {
            bad("transaction", "required");
        } else if transaction.chars().count() > MAX_TRANSACTION_CHARS {
            bad("transaction", "too_long");
        } else if !seen.insert(transaction.clone()) {
            bad("transaction", "duplicate_in_file");
        }
        let named: HashSet<&(i64, String)> = tokens(&memo).filter_map(|t| children.get(t)).collect();
        let child = match named.len() {
            1 => named.into_iter().next().cloned(),
            0 => {
                bad("memo", "no_student");
                None
            }
            _ => {
                bad("memo", "two_students");
                None
            }
        };
        if errors.len() == before {
            rows.push(StatementRow {
                line,
                on_date,
                amount_fen: amount,
                transaction,
                memo,
                student: child.as_ref().map(|c| StudentId(c.0)),
                student_name: child.map(|c| c.1).unwrap_or_default(),
                already: false,
            });
        }
    }
    if rows.is_empty() && errors.is_empty() {
        return Err(DomainError::unreadable("file", "empty"));
    }
    let booked: HashSet<String> = ledger_posting::Entity::find()
        .filter(ledger_posting::Column::SchoolId.eq(s.id))
        .filter(ledger_posting::Column::Reference.is_in(rows.iter().map(|r| reference_of(&r.transaction))))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| p.reference)
        .collect();
    for r in &mut rows {
        r.already = booked.contains(&reference_of(&r.transaction));
    }
    let new: Vec<&StatementRow> = rows.iter().filter(|r| !r.already).collect();
    Ok(StatementPreview { total_fen: new.iter().map(|r| r.amount_fen).sum(), new_rows: new.len() as u32, rows, errors, imported: false })
}

/// Checks a statement without booking anything.
pub async fn preview(cx: &crate::Ctx, school: SchoolId, file_name: &str, bytes: &[u8]) -> DomainResult<StatementPreview> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let today = cx.today();
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    check(db, &s, file_name, bytes, today).await
}

/// Imports a statement: every new row, or none when any row is wrong.
pub async fn import(cx: &crate::Ctx, school: SchoolId, file_name: &str, bytes: &[u8]) -> DomainResult<StatementPreview> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    let txn = db.begin().await?;
    let mut preview = check(&txn, &s, file_name, bytes, today).await?;
    if !preview.errors.is_empty() {
        return Ok(preview);
    }
    let postings: Vec<Posting> = preview
        .rows
        .iter()
        .filter(|r| !r.already)
        .filter_map(|r| Some(Posting::new(PostingKind::Payment, r.amount_fen, r.on_date?).student(r.student?.0).memo(r.memo.clone()).reference(reference_of(&r.transaction))))
        .collect();
    match ledger::book(&txn, s.id, actor.account, &postings, now).await {
        Ok(()) => {}
        // Another import of the same rows got there first: they are booked
        // once, by it.
        Err(DomainError::Conflict(_)) => {
            drop(txn);
            let mut again = check(db, &s, file_name, bytes, today).await?;
            again.imported = again.errors.is_empty();
            return Ok(again);
        }
        Err(e) => return Err(e),
    }
    if !postings.is_empty() {
        let sha = hex::encode(Sha256::digest(bytes));
        audit::record(&txn, now, Event::new(Some(actor.account), "bank.imported", format!("school:{}", s.id), json!({"rows": postings.len(), "total_fen": preview.total_fen, "sha256": sha}))).await?;
    }
    txn.commit().await?;
    preview.imported = true;
    Ok(preview)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banks_write_amounts_and_dates_their_own_ways() {
        assert_eq!(parse_amount("1,200.00"), Some(120_000));
        assert_eq!(parse_amount("¥80"), Some(8_000));
        assert_eq!(parse_amount("80元"), Some(8_000));
        assert_eq!(parse_amount("-80"), Some(-1));
        assert_eq!(parse_amount("abc"), None);
        let d = NaiveDate::from_ymd_opt(2026, 11, 3);
        assert_eq!(parse_date("2026-11-03"), d);
        assert_eq!(parse_date("2026/11/03"), d);
        assert_eq!(parse_date("20261103"), d);
        assert_eq!(parse_date("2026-11-03 09:12:00"), d);
        assert_eq!(parse_date("03.11.2026"), None);
        assert_eq!(tokens("学号2026010101 张三 托管费").collect::<Vec<_>>(), vec!["2026010101"]);
        assert_eq!(tokens("no-a，十一月").collect::<Vec<_>>(), vec!["no-a"]);
    }
}
