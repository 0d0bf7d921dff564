//! The ledger of a school's service money (M2, M3). Every posting moves one
//! amount, always positive and in whole fen, from its credit account to its
//! debit account, so every posting balances and so do the books; what a
//! posting may move is fixed by its kind, so nothing outside the service's
//! accounts can be booked and no management fee can be taken. Postings are
//! never edited or deleted: a wrong one is undone by a reversal, itself a
//! posting. Each posting by a person is an event of the audit trail; a
//! billing run is one event with the digest of its charges.
use crate::audit::{self, Event};
use crate::authz::Action;
use crate::entities::{ledger_posting, student};
use crate::error::{DomainError, DomainResult, duplicate_as};
use crate::money::periods::OpenBooks;
use crate::money::amounts::{MAX_AMOUNT_FEN, amount, memo};
use crate::dates::month_of;
use crate::ids::{AccountId, PostingId, SchoolId, StudentId};
use crate::store::bulk;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
pub use wire::money::{Account, ManualKind, NewBooking, PostingKind, PostingView};

/// The accounts a kind of posting moves money between: (debit, credit).
/// A reversal has none of its own: it swaps those of what it undoes.
pub fn accounts(kind: PostingKind) -> Option<(Account, Account)> {
    use Account as A;
    use PostingKind as K;
    Some(match kind {
        K::Charge => (A::Receivable, A::FeeIncome),
        K::Waiver => (A::Waivers, A::Receivable),
        K::Payment => (A::Bank, A::Receivable),
        K::Refund => (A::Refunds, A::Receivable),
        K::RefundDue => (A::Receivable, A::RefundsPayable),
        K::RefundPaid => (A::RefundsPayable, A::Bank),
        K::SurplusRefund => (A::SurplusRefunds, A::Receivable),
        K::SubsidyCity => (A::Bank, A::SubsidyCity),
        K::SubsidyDistrict => (A::Bank, A::SubsidyDistrict),
        K::Sponsorship => (A::Bank, A::Sponsorship),
        K::PayOwnStaff => (A::PayOwnStaff, A::Bank),
        K::PayExternal => (A::PayExternal, A::Bank),
        K::Materials => (A::Materials, A::Bank),
        K::Maintenance => (A::Maintenance, A::Bank),
        K::Training => (A::Training, A::Bank),
        K::Other => (A::Other, A::Bank),
        K::Reversal => return None,
    })
}

/// Accounts kept per child.
fn per_child(a: Account) -> bool {
    matches!(a, Account::Receivable | Account::RefundsPayable)
}

/// A posting to book.
#[derive(Clone, Debug)]
pub struct Posting {
    pub kind: PostingKind,
    pub amount: i64,
    pub on: NaiveDate,
    pub student: Option<i64>,
    pub charge: Option<i64>,
    pub memo: String,
    /// What makes it once only in the school's books.
    pub reference: Option<String>,
}

impl Posting {
    pub fn new(kind: PostingKind, amount: i64, on: NaiveDate) -> Posting {
        Posting { kind, amount, on, student: None, charge: None, memo: String::new(), reference: None }
    }
    pub fn student(mut self, s: i64) -> Posting {
        self.student = Some(s);
        self
    }
    pub fn charge(mut self, c: i64) -> Posting {
        self.charge = Some(c);
        self
    }
    pub fn memo(mut self, m: impl Into<String>) -> Posting {
        self.memo = m.into();
        self
    }
    pub fn reference(mut self, r: impl Into<String>) -> Posting {
        self.reference = Some(r.into());
        self
    }

    fn row(&self, school: i64, by: AccountId, now: DateTime<Utc>) -> DomainResult<ledger_posting::ActiveModel> {
        let (debit, credit) = accounts(self.kind).ok_or(DomainError::Internal("a reversal is booked by `reverse`".into()))?;
        if self.amount <= 0 || self.amount > MAX_AMOUNT_FEN {
            return Err(DomainError::Internal(format!("posting of {} fen", self.amount)));
        }
        if (per_child(debit) || per_child(credit)) != self.student.is_some() {
            return Err(DomainError::Internal(format!("{:?} posting and its child", self.kind)));
        }
        Ok(ledger_posting::ActiveModel {
            school_id: Set(school),
            on_date: Set(self.on),
            kind: Set(self.kind.as_str().into()),
            debit: Set(debit.as_str().into()),
            credit: Set(credit.as_str().into()),
            amount_fen: Set(self.amount),
            student_id: Set(self.student),
            charge_id: Set(self.charge),
            memo: Set(self.memo.clone()),
            reference: Set(self.reference.clone()),
            reverses: Set(None),
            account_id: Set(by.0),
            created_at: Set(now),
            ..Default::default()
        })
    }
}

/// Books postings of one school (in the caller's transaction). A reference
/// already in the school's books fails the whole call (`Conflict`); so does
/// a date the books are closed to (`periods`).
pub async fn book<C: ConnectionTrait>(db: &C, school: i64, by: AccountId, postings: &[Posting], now: DateTime<Utc>) -> DomainResult<()> {
    let open = OpenBooks::for_booking(db, school).await?;
    for p in postings {
        open.require("on_date", p.on)?;
    }
    let rows = postings.iter().map(|p| p.row(school, by, now)).collect::<DomainResult<Vec<_>>>()?;
    let months: std::collections::BTreeSet<NaiveDate> = postings.iter().map(|p| crate::dates::month_of(p.on).0).collect();
    bulk::insert(db, rows).await?;
    for m in months {
        crate::store::stale::touch(db, school, m).await?;
    }
    Ok(())
}

/// Books one posting and returns it.
pub(crate) async fn book_one<C: ConnectionTrait>(db: &C, school: i64, by: AccountId, posting: &Posting, now: DateTime<Utc>) -> DomainResult<ledger_posting::Model> {
    OpenBooks::for_booking(db, school).await?.require("on_date", posting.on)?;
    crate::store::stale::touch(db, school, posting.on).await?;
    Ok(posting.row(school, by, now)?.insert(db).await?)
}

/// Each account's balance (debit positive) over (debit, credit, amount) sums.
pub fn balances(sums: impl IntoIterator<Item = (Account, Account, i64)>) -> BTreeMap<Account, i64> {
    let mut out = BTreeMap::new();
    for (debit, credit, amount) in sums {
        *out.entry(debit).or_insert(0) += amount;
        *out.entry(credit).or_insert(0) -= amount;
    }
    out
}

fn parse_sums(rows: Vec<(String, String, i64)>) -> DomainResult<Vec<(Account, Account, i64)>> {
    rows.into_iter()
        .map(|(d, c, n)| match (Account::parse(&d), Account::parse(&c)) {
            (Some(d), Some(c)) => Ok((d, c, n)),
            _ => Err(DomainError::Internal(format!("ledger accounts {d}/{c}"))),
        })
        .collect()
}

const SUM: &str = "CAST(SUM(amount_fen) AS BIGINT)";

/// The sums moved between each pair of accounts by the postings `filter`
/// selects: a grouped query, never the rows.
pub(crate) async fn sums<C: ConnectionTrait>(db: &C, filter: Condition) -> DomainResult<Vec<(Account, Account, i64)>> {
    let rows: Vec<(String, String, i64)> = ledger_posting::Entity::find()
        .select_only()
        .column(ledger_posting::Column::Debit)
        .column(ledger_posting::Column::Credit)
        .column_as(Expr::cust(SUM), "total")
        .filter(filter)
        .group_by(ledger_posting::Column::Debit)
        .group_by(ledger_posting::Column::Credit)
        .into_tuple()
        .all(db)
        .await?;
    parse_sums(rows)
}

/// The postings of a school dated `from` to `to` (inclusive).
pub(crate) fn between(school: i64, from: NaiveDate, to: NaiveDate) -> Condition {
    Condition::all()
        .add(ledger_posting::Column::SchoolId.eq(school))
        .add(ledger_posting::Column::OnDate.gte(from))
        .add(ledger_posting::Column::OnDate.lte(to))
}

/// Each child's balances of the accounts kept per child.
pub(crate) async fn child_balances<C: ConnectionTrait>(db: &C, students: &[i64]) -> DomainResult<HashMap<i64, BTreeMap<Account, i64>>> {
    let mut out: HashMap<i64, BTreeMap<Account, i64>> = HashMap::new();
    for chunk in students.chunks(10_000) {
        let rows: Vec<(i64, String, String, i64)> = ledger_posting::Entity::find()
            .select_only()
            .column(ledger_posting::Column::StudentId)
            .column(ledger_posting::Column::Debit)
            .column(ledger_posting::Column::Credit)
            .column_as(Expr::cust(SUM), "total")
            .filter(ledger_posting::Column::StudentId.is_in(chunk.iter().copied()))
            .group_by(ledger_posting::Column::StudentId)
            .group_by(ledger_posting::Column::Debit)
            .group_by(ledger_posting::Column::Credit)
            .into_tuple()
            .all(db)
            .await?;
        for (s, d, c, n) in rows {
            for (d, c, n) in parse_sums(vec![(d, c, n)])? {
                let b = out.entry(s).or_default();
                *b.entry(d).or_insert(0) += n;
                *b.entry(c).or_insert(0) -= n;
            }
        }
    }
    Ok(out)
}

/// What the family owes for a child (negative: in credit) and what the
/// school owes the family in refunds not yet paid.
pub(crate) fn owed(b: Option<&BTreeMap<Account, i64>>) -> (i64, i64) {
    let get = |a| b.and_then(|b| b.get(&a)).copied().unwrap_or(0);
    (get(Account::Receivable), -get(Account::RefundsPayable))
}

/// A receipt or a spending booked by the school or the treasurer. "Other"
/// spending needs its purpose, which the disclosure shows; no purpose may
/// be a management fee (不得提取管理费).
pub async fn record(cx: &crate::Ctx, school: SchoolId, new: NewBooking) -> DomainResult<PostingId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let s = crate::scope::school(db, actor, school, Action::ManageMoney).await?;
    let amount = amount("amount", &new.amount)?;
    let purpose = memo("memo", &new.memo)?;
    let reference = memo("reference", &new.reference)?;
    if new.kind == ManualKind::Other && purpose.is_empty() {
        return Err(DomainError::invalid("memo", "purpose_required"));
    }
    if ["管理费", "management fee"].iter().any(|w| purpose.to_lowercase().contains(w)) {
        return Err(DomainError::invalid("memo", "management_fee"));
    }
    if new.on_date > today {
        return Err(DomainError::invalid("on_date", "in_the_future"));
    }
    let kind = new.kind.posting();
    let mut p = Posting::new(kind, amount, new.on_date).memo(purpose.clone());
    if !reference.is_empty() {
        p = p.reference(format!("manual:{reference}"));
    }
    let txn = db.begin().await?;
    let row = book_one(&txn, s.id, actor.account, &p, now).await.map_err(|e| match e {
        DomainError::Conflict(_) => DomainError::invalid("reference", "already_booked"),
        e => e,
    })?;
    audit::record(&txn, now,
        Event::new(Some(actor.account), "ledger.posted", format!("school:{}", s.id), json!({"posting": row.id, "kind": kind.as_str(), "amount_fen": amount, "on": new.on_date, "memo": purpose, "reference": reference})),
    )
    .await?;
    txn.commit().await?;
    Ok(PostingId(row.id))
}

/// Kinds a person booked, which a person may reverse; the rest follow
/// from the rules (billing, waivers, withdrawals, settlement).
fn reversible(kind: PostingKind) -> bool {
    use PostingKind as K;
    matches!(
        kind,
        K::Payment | K::RefundPaid | K::SubsidyCity | K::SubsidyDistrict | K::Sponsorship | K::PayOwnStaff | K::PayExternal | K::Materials | K::Maintenance | K::Training | K::Other
    )
}

/// Undoes a posting booked by hand with a reversing posting, once, dated
/// today. This is how a posting of a closed month is corrected: the
/// disclosure of today's month lists the reversal as a correction of the
/// original's month (`periods`).
pub async fn reverse(cx: &crate::Ctx, id: PostingId, reason: &str) -> DomainResult<PostingId> {
    let db = cx.writes();
    let actor = cx.actor()?;
    let today = cx.today();
    let now = cx.now();
    let reason = memo("reason", reason)?;
    if reason.is_empty() {
        return Err(DomainError::invalid("reason", "required"));
    }
    let p = ledger_posting::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    let s = crate::scope::school(db, actor, SchoolId(p.school_id), Action::ManageMoney).await?;
    let kind = PostingKind::parse(&p.kind).ok_or_else(|| DomainError::Internal(format!("posting {} kind", p.id)))?;
    if !reversible(kind) {
        return Err(DomainError::invalid("posting", "not_reversible"));
    }
    let txn = db.begin().await?;
    OpenBooks::for_booking(&txn, s.id).await?.require("on_date", today)?;
    let row = ledger_posting::ActiveModel {
        school_id: Set(s.id),
        on_date: Set(today),
        kind: Set(PostingKind::Reversal.as_str().into()),
        debit: Set(p.credit.clone()),
        credit: Set(p.debit.clone()),
        amount_fen: Set(p.amount_fen),
        student_id: Set(p.student_id),
        charge_id: Set(p.charge_id),
        memo: Set(reason.clone()),
        reference: Set(None),
        reverses: Set(Some(p.id)),
        account_id: Set(actor.account.0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_as("posting", "already_reversed"))?;
    audit::record(&txn, now, Event::new(Some(actor.account), "ledger.reversed", format!("school:{}", s.id), json!({"posting": row.id, "reverses": p.id, "amount_fen": p.amount_fen, "reason": reason}))).await?;
    txn.commit().await?;
    Ok(PostingId(row.id))
}

/// The postings of a school's month, oldest first, for its money keepers,
/// the supervision panel and the bureau.
pub async fn month(cx: &crate::Ctx, school: SchoolId, any_day: NaiveDate) -> DomainResult<(String, Vec<PostingView>)> {
    let db = cx.reads();
    let actor = cx.actor()?;
    let s = crate::scope::school(db, actor, school, Action::ViewMoney).await?;
    let (first, last) = month_of(any_day);
    let rows = ledger_posting::Entity::find().filter(between(s.id, first, last)).order_by_asc(ledger_posting::Column::Id).all(db).await?;
    Ok((s.name, views(db, rows).await?))
}

/// Postings as pages show them, with the names they need (three queries).
pub(crate) async fn views<C: ConnectionTrait>(db: &C, rows: Vec<ledger_posting::Model>) -> DomainResult<Vec<PostingView>> {
    let names: HashMap<i64, String> = student::Entity::find()
        .filter(student::Column::Id.is_in(rows.iter().filter_map(|r| r.student_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let by = crate::places::account_names(db, rows.iter().map(|r| r.account_id)).await?;
    let reversed: std::collections::HashSet<i64> = ledger_posting::Entity::find()
        .filter(ledger_posting::Column::Reverses.is_in(rows.iter().map(|r| r.id)))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| r.reverses)
        .collect();
    rows.into_iter()
        .map(|r| {
            let bad = || DomainError::Internal(format!("posting {}", r.id));
            let kind = PostingKind::parse(&r.kind).ok_or_else(bad)?;
            Ok(PostingView {
                id: PostingId(r.id),
                on_date: r.on_date,
                kind,
                debit: Account::parse(&r.debit).ok_or_else(bad)?,
                credit: Account::parse(&r.credit).ok_or_else(bad)?,
                amount_fen: r.amount_fen,
                student: r.student_id.map(StudentId),
                student_name: r.student_id.and_then(|s| names.get(&s).cloned()),
                memo: r.memo,
                reference: r.reference,
                reverses: r.reverses.map(PostingId),
                reversed: reversed.contains(&r.id),
                may_reverse: reversible(kind) && !reversed.contains(&r.id),
                by: by.get(&r.account_id).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// A month's postings as a spreadsheet; `headers` and the names of kinds
/// and accounts come in the reader's language.
pub fn to_xlsx(title: &str, postings: &[PostingView], headers: [&str; 8], kind: impl Fn(PostingKind) -> String, account: impl Fn(Account) -> String) -> DomainResult<Vec<u8>> {
    use crate::money::export::{Cell, Sheet};
    let mut sheet = Sheet::new(title)?;
    sheet.row(&headers.map(String::from))?;
    for p in postings {
        sheet.cells(&[
            Cell::Text(p.on_date.to_string()),
            Cell::Text(kind(p.kind)),
            Cell::Text(account(p.debit)),
            Cell::Text(account(p.credit)),
            Cell::Money(p.amount_fen),
            Cell::Text(p.student_name.clone().unwrap_or_default()),
            Cell::Text(p.memo.clone()),
            Cell::Text(p.by.clone()),
        ])?;
    }
    sheet.finish()
}
