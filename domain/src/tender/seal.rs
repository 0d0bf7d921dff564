//! The bid key: bids are sealed with XChaCha20-Poly1305 under a key that
//! lives outside the database (a file created at first start, readable by
//! the server's user only, or a configured secret), so neither the database
//! file nor its backups show a bid before the opening. The same key, through
//! a derived HMAC key, turns (tender, vendor) into the bid's tag: the vendor
//! finds its own bid, a reader of the database cannot tell whose it is.
use crate::error::{DomainError, DomainResult};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::path::Path;

pub struct BidKey {
    aead: XChaCha20Poly1305,
    tag_key: [u8; 32],
}

impl std::fmt::Debug for BidKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BidKey(..)")
    }
}

impl BidKey {
    pub fn from_bytes(key: &[u8; 32]) -> BidKey {
        let tag_key: [u8; 32] = Sha256::new().chain_update(b"beilei bidder tag\0").chain_update(key).finalize().into();
        BidKey { aead: XChaCha20Poly1305::new(key.into()), tag_key }
    }

    /// A key from 64 hex digits (the configured secret).
    pub fn from_hex(hex_key: &str) -> Result<BidKey, String> {
        let raw = hex::decode(hex_key.trim()).map_err(|_| "the bid key must be 64 hex digits".to_string())?;
        let key: [u8; 32] = raw.try_into().map_err(|_| "the bid key must be 64 hex digits".to_string())?;
        Ok(BidKey::from_bytes(&key))
    }

    /// Reads the key file, or creates it (owner read/write only) when it
    /// does not exist yet. A file of the wrong size stops the server: a new
    /// key would make every sealed bid unreadable.
    pub fn load_or_create(path: &Path) -> Result<BidKey, String> {
        match std::fs::read(path) {
            Ok(raw) => {
                let key: [u8; 32] = raw.try_into().map_err(|_| format!("{} is not a bid key (32 bytes)", path.display()))?;
                Ok(BidKey::from_bytes(&key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key).map_err(|e| e.to_string())?;
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                write_owner_only(path, &key).map_err(|e| format!("{}: {e}", path.display()))?;
                Ok(BidKey::from_bytes(&key))
            }
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// A fresh random key, for tests.
    pub fn random() -> BidKey {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("randomness");
        BidKey::from_bytes(&key)
    }

    /// (nonce, ciphertext) of `plain`, bound to `context` (which tender and bid).
    pub fn seal(&self, context: &str, plain: &[u8]) -> DomainResult<(Vec<u8>, Vec<u8>)> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| DomainError::Internal(e.to_string()))?;
        let sealed = self
            .aead
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad: context.as_bytes() })
            .map_err(|_| DomainError::Internal("seal".into()))?;
        Ok((nonce.to_vec(), sealed))
    }

    /// The plain text, or `None` when the ciphertext (or its context) was altered.
    pub fn open(&self, context: &str, nonce: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        if nonce.len() != 24 {
            return None;
        }
        self.aead.decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: context.as_bytes() }).ok()
    }

    /// The tag that stands for `vendor`'s bid on `tender`.
    pub fn bidder_tag(&self, tender: i64, vendor: i64) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.tag_key).expect("any key length");
        mac.update(format!("{tender}:{vendor}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(unix)]
fn write_owner_only(path: &Path, key: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(key)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_owner_only(path: &Path, key: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, key)
}

/// SHA-256 hex of `bytes`: a receipt's commitment, a document's digest.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_bid_opens_only_with_its_key_and_context() {
        let k = BidKey::random();
        let (nonce, sealed) = k.seal("bid:1:1", b"price 9000").expect("seal");
        assert!(!sealed.windows(4).any(|w| w == b"9000"));
        assert_eq!(k.open("bid:1:1", &nonce, &sealed).as_deref(), Some(&b"price 9000"[..]));
        assert!(k.open("bid:2:1", &nonce, &sealed).is_none(), "moved to another tender");
        let mut altered = sealed.clone();
        altered[0] ^= 1;
        assert!(k.open("bid:1:1", &nonce, &altered).is_none());
        assert!(BidKey::random().open("bid:1:1", &nonce, &sealed).is_none());
        assert_ne!(k.bidder_tag(1, 2), k.bidder_tag(1, 3));
        assert_ne!(k.bidder_tag(1, 2), BidKey::random().bidder_tag(1, 2));
    }

    #[test]
    fn the_key_file_is_created_once_for_its_owner_only() {
        let dir = std::env::temp_dir().join(format!("beilei-key-{}", std::process::id()));
        let path = dir.join("bid.key");
        let _ = std::fs::remove_file(&path);
        let a = BidKey::load_or_create(&path).expect("created");
        let b = BidKey::load_or_create(&path).expect("read");
        assert_eq!(a.bidder_tag(1, 1), b.bidder_tag(1, 1));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, b"short").expect("w");
        assert!(BidKey::load_or_create(&path).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
