//! The audit trail: append-only events, each carrying the hash of the one
//! before (`prev_hash`) and its own `hash`, SHA-256 over the canonical JSON of
//! the event. Editing, deleting or reordering any row breaks the chain, and
//! `verify` names the first broken link. Corrections are new events.
use crate::store::bulk;
use crate::entities::audit_event;
use crate::error::{DomainError, DomainResult};
use crate::ids::AccountId;
use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryOrder, QuerySelect, Set,
    Statement,
};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, by whom, to what. `action` is a stable dotted name
/// (`account.created`), `subject` names the object (`school:12`).
#[derive(Clone, Debug)]
pub struct Event {
    pub actor: Option<AccountId>,
    pub action: &'static str,
    pub subject: String,
    pub payload: Value,
}

impl Event {
    pub fn new(actor: Option<AccountId>, action: &'static str, subject: impl Into<String>, payload: Value) -> Self {
        Event { actor, action, subject: subject.into(), payload }
    }
}

/// Appends `event` to the chain. Call it inside the transaction that makes
/// the change it records, so both commit or neither does.
pub async fn record<C: ConnectionTrait>(txn: &C, at: DateTime<Utc>, event: Event) -> DomainResult<i64> {
    record_all(txn, at, vec![event]).await
}

/// Appends `events` in order, with one read of the chain's end and one
/// insert: the sequence number of the last is returned.
pub async fn record_all<C: ConnectionTrait>(txn: &C, at: DateTime<Utc>, events: Vec<Event>) -> DomainResult<i64> {
    lock_chain(txn).await?;
    let last = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Seq)
        .limit(1)
        .one(txn)
        .await?;
    let (mut seq, mut prev_hash) = match last {
        Some(e) => (e.seq, e.hash),
        None => (0, GENESIS_HASH.to_string()),
    };
    // Both databases keep microseconds; hashing more would not survive storage.
    let at = at.trunc_subsecs(6);
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        seq += 1;
        let payload = canonical_json(&event.payload);
        let hash = event_hash(seq, at, event.actor.map(|a| a.0), event.action, &event.subject, &payload, &prev_hash);
        rows.push(audit_event::ActiveModel {
            seq: Set(seq),
            at: Set(at),
            actor_account_id: Set(event.actor.map(|a| a.0)),
            action: Set(event.action.to_string()),
            subject: Set(event.subject),
            payload: Set(payload),
            prev_hash: Set(std::mem::replace(&mut prev_hash, hash.clone())),
            hash: Set(hash),
            ..Default::default()
        });
    }
    bulk::insert(txn, rows).await?;
    Ok(seq)
}

/// How many events the chain holds (its last sequence number).
pub async fn length<C: ConnectionTrait>(db: &C) -> DomainResult<i64> {
    let last = audit_event::Entity::find().order_by_desc(audit_event::Column::Seq).limit(1).one(db).await?;
    Ok(last.map_or(0, |e| e.seq))
}

/// Serialises appends across every app server sharing one PostgreSQL. On
/// SQLite the single writer connection already does.
async fn lock_chain<C: ConnectionTrait>(txn: &C) -> DomainResult<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(DbBackend::Postgres, "SELECT pg_advisory_xact_lock(7462110)"))
            .await?;
    }
    Ok(())
}

fn event_hash(
    seq: i64,
    at: DateTime<Utc>,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    payload: &str,
    prev_hash: &str,
) -> String {
    let payload: Value = serde_json::from_str(payload).unwrap_or(Value::String(payload.to_string()));
    let doc = serde_json::json!({
        "seq": seq,
        "at": at.to_rfc3339_opts(SecondsFormat::Micros, true),
        "actor": actor,
        "action": action,
        "subject": subject,
        "payload": payload,
        "prev_hash": prev_hash,
    });
    hex::encode(Sha256::digest(canonical_json(&doc).as_bytes()))
}

/// JSON with object keys sorted at every level and no insignificant
/// whitespace, whatever order the value was built in.
pub fn canonical_json(value: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let mut out = Map::new();
                for k in keys {
                    out.insert(k.clone(), sorted(&m[k]));
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    // With serde_json's default map the keys are already sorted; with
    // `preserve_order` (which a dependency may switch on) they keep insertion
    // order, which `sorted` made sorted.
    sorted(value).to_string()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    pub seq: i64,
    pub id: i64,
    pub reason: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyReport {
    pub events: u64,
    pub first_broken: Option<BrokenLink>,
}

/// Walks the chain from the start and reports the first event whose hash,
/// link or sequence number is wrong.
pub async fn verify<C: ConnectionTrait>(db: &C) -> DomainResult<VerifyReport> {
    const PAGE: u64 = 2_000;
    let mut pages = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Seq)
        .paginate(db, PAGE);
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS_HASH.to_string();
    let mut events = 0;
    while let Some(page) = pages.fetch_and_next().await? {
        for e in page {
            let broken = |reason| Ok(VerifyReport { events, first_broken: Some(BrokenLink { seq: e.seq, id: e.id, reason }) });
            if e.seq != expected_seq {
                return broken("sequence number out of order (an event was removed or inserted)");
            }
            if e.prev_hash != prev_hash {
                return broken("prev_hash does not match the previous event's hash");
            }
            let again = event_hash(e.seq, e.at, e.actor_account_id, &e.action, &e.subject, &e.payload, &e.prev_hash);
            if again != e.hash {
                return broken("content does not match its hash (the row was edited)");
            }
            events += 1;
            expected_seq += 1;
            prev_hash = e.hash;
        }
    }
    Ok(VerifyReport { events, first_broken: None })
}

impl From<serde_json::Error> for DomainError {
    fn from(e: serde_json::Error) -> Self {
        DomainError::Internal(format!("json: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fresh_db;
    use sea_orm::TransactionTrait;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": {"z": [ {"y": 1, "x": 2} ], "c": null}});
        assert_eq!(canonical_json(&v), r#"{"a":{"c":null,"z":[{"x":2,"y":1}]},"b":1}"#);
    }

    async fn three_events(db: &crate::store::db::Db) {
        for i in 0..3 {
            let txn = db.write.begin().await.expect("begin");
            record(&txn, crate::clock::Clock::default().now(), Event::new(Some(AccountId(1)), "test.event", format!("thing:{i}"), json!({"n": i, "name": "张三"})))
                .await
                .expect("record");
            txn.commit().await.expect("commit");
        }
    }

    #[tokio::test]
    async fn an_untouched_chain_verifies() {
        let db = fresh_db().await;
        three_events(&db).await;
        let report = verify(&db.read).await.expect("verify");
        assert_eq!(report, VerifyReport { events: 3, first_broken: None });
    }

    #[tokio::test]
    async fn an_edited_row_is_named() {
        let db = fresh_db().await;
        three_events(&db).await;
        db.write
            .execute_unprepared(r#"UPDATE audit_event SET payload = '{"n":99,"name":"张三"}' WHERE seq = 2"#)
            .await
            .expect("tamper");
        let report = verify(&db.read).await.expect("verify");
        let broken = report.first_broken.expect("broken");
        assert_eq!(broken.seq, 2);
        assert!(broken.reason.contains("edited"));
        assert_eq!(report.events, 1);
    }

    #[tokio::test]
    async fn a_deleted_row_is_named() {
        let db = fresh_db().await;
        three_events(&db).await;
        db.write.execute_unprepared("DELETE FROM audit_event WHERE seq = 2").await.expect("tamper");
        let broken = verify(&db.read).await.expect("verify").first_broken.expect("broken");
        assert_eq!(broken.seq, 3);
    }

    #[tokio::test]
    async fn a_recomputed_hash_still_breaks_the_next_link() {
        let db = fresh_db().await;
        three_events(&db).await;
        db.write
            .execute_unprepared("UPDATE audit_event SET hash = 'f00d' WHERE seq = 1")
            .await
            .expect("tamper");
        let broken = verify(&db.read).await.expect("verify").first_broken.expect("broken");
        assert_eq!(broken.seq, 1);
    }
}
