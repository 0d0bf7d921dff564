//! Fingerprints of sensitive facts for the audit trail (X3; PIPL). The trail
//! is permanent and read more widely than the facts themselves, so an event
//! records that a declaration, a need or a note was made and a fingerprint
//! of its content: HMAC-SHA256 under a random key of the person it is about
//! (`student:12`), over the content's canonical JSON. Whoever holds the
//! record and the key can show which content an event recorded; a plain hash
//! of a few yes/no flags could be reversed by trying them all, this cannot.
//! Erasing a child's data deletes the key ([`forget`]): the chain still
//! verifies, and its fingerprints no longer link to anything.
use crate::audit::canonical_json;
use crate::entities::subject_key;
use crate::error::{DomainError, DomainResult};
use hmac::{Hmac, Mac};
use crate::store::{batch, bulk};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use sha2::Sha256;
use std::collections::HashMap;

/// The subjects' keys, read (and made where missing) once for a batch.
pub struct Keys(HashMap<String, Vec<u8>>);

/// The keys of `subjects`, creating the missing ones, in the caller's
/// transaction.
pub async fn keys<C: ConnectionTrait>(db: &C, subjects: impl IntoIterator<Item = String>) -> DomainResult<Keys> {
    let mut wanted: Vec<String> = subjects.into_iter().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = stored(db, &wanted).await?;
    let missing: Vec<subject_key::ActiveModel> = wanted
        .iter()
        .filter(|s| !found.contains_key(*s))
        .map(|s| Ok(subject_key::ActiveModel { subject: Set(s.clone()), key: Set(hex::encode(random_key()?)) }))
        .collect::<DomainResult<_>>()?;
    if !missing.is_empty() {
        // Another server may make the same key meanwhile: keep whichever won.
        bulk::insert_new(db, missing, subject_key::Column::Subject).await?;
        found = stored(db, &wanted).await?;
    }
    Ok(Keys(found))
}

async fn stored<C: ConnectionTrait>(db: &C, subjects: &[String]) -> DomainResult<HashMap<String, Vec<u8>>> {
    let mut out = HashMap::new();
    for chunk in subjects.chunks(500) {
        let one_of = batch::one_of(db.get_database_backend(), subject_key::Column::Subject, chunk.iter().cloned());
        for row in subject_key::Entity::find().filter(one_of).all(db).await? {
            let key = hex::decode(&row.key).map_err(|e| DomainError::Internal(format!("subject key of {}: {e}", row.subject)))?;
            out.insert(row.subject, key);
        }
    }
    Ok(out)
}

fn random_key() -> DomainResult<[u8; 32]> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    Ok(key)
}

impl Keys {
    /// The fingerprint of `content` about `subject` (whose key was asked for).
    pub fn of(&self, subject: &str, content: &Value) -> DomainResult<String> {
        let key = self.0.get(subject).ok_or_else(|| DomainError::Internal(format!("no key asked for {subject}")))?;
        let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|e| DomainError::Internal(e.to_string()))?;
        mac.update(canonical_json(content).as_bytes());
        Ok(hex::encode(mac.finalize().into_bytes()))
    }
}

/// One fingerprint, for one event.
pub async fn of<C: ConnectionTrait>(db: &C, subject: &str, content: &Value) -> DomainResult<String> {
    keys(db, [subject.to_string()]).await?.of(subject, content)
}

/// Deletes the subject's key: part of erasing a person's data.
pub async fn forget<C: ConnectionTrait>(db: &C, subject: &str) -> DomainResult<()> {
    subject_key::Entity::delete_many().filter(subject_key::Column::Subject.eq(subject)).exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fresh_db;
    use serde_json::json;

    #[tokio::test]
    async fn a_fingerprint_is_stable_per_subject_and_gone_with_its_key() {
        let db = fresh_db().await;
        let flags = json!({"left_behind": true, "low_income": false});
        let first = of(&db.write, "student:1", &flags).await.expect("fp");
        assert_eq!(of(&db.write, "student:1", &json!({"low_income": false, "left_behind": true})).await.expect("fp"), first);
        assert_ne!(of(&db.write, "student:2", &flags).await.expect("fp"), first, "each child has a key of its own");
        assert!(!first.contains("true") && first.len() == 64);
        forget(&db.write, "student:1").await.expect("forget");
        assert_ne!(of(&db.write, "student:1", &flags).await.expect("fp"), first, "a new key links to nothing old");
    }
}
