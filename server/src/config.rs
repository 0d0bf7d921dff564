//! Typed configuration, read once at start: defaults, then an optional TOML
//! file, then environment variables (`BEILEI_*`, and the conventional
//! `DATABASE_URL`). A bad value stops the server with a message naming it.
use domain::auth::AuthSettings;
use domain::messages::sender::{HttpSender, LogSender, Sender};
use domain::Secret;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `sqlite://path` (default, created on first start) or `postgres://…`.
    pub database_url: String,
    /// A PostgreSQL streaming replica of `database_url` from which the
    /// bureau's dashboards read; empty: they read the primary.
    pub database_read_url: String,
    /// Mark cookies `Secure`: set when the site is served over HTTPS.
    pub secure_cookies: bool,
    pub session_ttl_hours: i64,
    pub max_failures_per_account: u64,
    pub max_failures_per_address: u64,
    pub failure_window_minutes: i64,
    /// Take the client's address from `X-Forwarded-For` (only behind a proxy
    /// that sets it), for the per-address sign-in limit.
    pub trust_forwarded_for: bool,
    /// Origins other than the site's own allowed to send state-changing
    /// requests, e.g. a static front end on a CDN (`https://m.example.cn`).
    pub allowed_origins: Vec<String>,
    /// The site's address as guardians reach it (`https://beilei.example.cn`):
    /// every absolute address the site hands out (a school's QR code, the
    /// tenders' open data) is built on it. Empty: none is handed out; the
    /// address a request names (`Host`) is never trusted for it.
    pub public_url: String,
    /// Load the demo data (with its published passwords) when the database
    /// is empty at start-up. Off by default: a real deployment starts empty.
    /// A server built without its `demo` feature warns and starts empty.
    pub demo_when_empty: bool,
    /// Where texts (one-time codes) and notice alerts go: an SMS gateway's
    /// URL (see `domain::messages::sender::HttpSender`), or empty for the server's log.
    pub sms_gateway_url: String,
    /// The gateway's bearer token.
    pub sms_gateway_token: Secret,
    /// Show one-time codes in the log sender's lines (development only:
    /// anyone who reads the log could register with another's phone).
    pub log_codes: bool,
    /// Allow moving the server's clock forward through `/api/advance_clock`,
    /// so browser tests can see a notice period end. Never in production.
    pub test_clock: bool,
    /// The file holding the key that seals bids until their opening,
    /// created (owner-only) at first start. Empty: `bid.key` beside the
    /// SQLite file, or `data/bid.key` with PostgreSQL. Keep it out of the
    /// database's backups, and back it up on its own: without it no sealed
    /// bid can be opened.
    pub bid_key_file: String,
    /// The key itself (64 hex digits) instead of a file, e.g. from a
    /// secret store; several servers of one city share it.
    pub bid_key: Secret,
    /// A private address (`127.0.0.1:9100`) where `/metrics` answers in
    /// Prometheus's text format to anyone who can reach it; empty: none.
    pub metrics_addr: String,
    /// A bearer token with which `/metrics` also answers on the public
    /// address; empty: the public address has no metrics.
    pub metrics_token: Secret,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://data/beilei.db".into(),
            database_read_url: String::new(),
            secure_cookies: false,
            session_ttl_hours: 12,
            max_failures_per_account: 5,
            max_failures_per_address: 50,
            failure_window_minutes: 15,
            trust_forwarded_for: false,
            allowed_origins: Vec::new(),
            public_url: String::new(),
            demo_when_empty: false,
            sms_gateway_url: String::new(),
            sms_gateway_token: Secret::default(),
            log_codes: false,
            test_clock: false,
            bid_key_file: String::new(),
            bid_key: Secret::default(),
            metrics_addr: String::new(),
            metrics_token: Secret::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    /// Defaults ← `file` (if given, it must exist) ← environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError(format!("file {} does not exist", path.display())));
            }
            figment = figment.merge(Toml::file(path));
        }
        let config: Config = figment
            // BEILEI_CONFIG names the file (read by the CLI); BEILEI_TEST_POSTGRES
            // and BEILEI_TEST_CLUSTER are the test suite's. Any other unknown
            // BEILEI_* is a typo.
            .merge(Env::prefixed("BEILEI_").ignore(&["config", "test_postgres", "test_cluster"]))
            .merge(Env::raw().only(&["DATABASE_URL", "DATABASE_READ_URL"]))
            .extract()
            .map_err(|e| ConfigError(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let url = &self.database_url;
        if !(url.starts_with("sqlite:") || url.starts_with("postgres:") || url.starts_with("postgresql:")) {
            return Err(ConfigError(format!(
                "database_url {} must start with sqlite:// or postgres://",
                domain::store::db::redact_url(url)
            )));
        }
        let read = &self.database_read_url;
        if !read.is_empty() && !(url.starts_with("postgres") && (read.starts_with("postgres:") || read.starts_with("postgresql:"))) {
            return Err(ConfigError(format!(
                "database_read_url {} must be a postgres:// replica of a postgres:// database_url",
                domain::store::db::redact_url(read)
            )));
        }
        if self.session_ttl_hours <= 0 || self.failure_window_minutes <= 0 {
            return Err(ConfigError("session_ttl_hours and failure_window_minutes must be positive".into()));
        }
        if self.max_failures_per_account == 0 || self.max_failures_per_address == 0 {
            return Err(ConfigError("max_failures_per_account and max_failures_per_address must be at least 1".into()));
        }
        if !self.sms_gateway_url.is_empty() {
            self.sender().map_err(ConfigError)?;
        }
        self.public_url()?;
        self.metrics_addr()?;
        if !self.metrics_token.0.is_empty() && self.metrics_token.0.len() < 16 {
            return Err(ConfigError("metrics_token must be at least 16 characters".into()));
        }
        Ok(())
    }

    /// The site's public address (scheme and host, no trailing slash), if
    /// one is configured: `http` or `https`, a host, nothing after it; over
    /// HTTPS when cookies are marked `Secure`.
    pub fn public_url(&self) -> Result<Option<String>, ConfigError> {
        if self.public_url.is_empty() {
            return Ok(None);
        }
        let bad = |why: &str| ConfigError(format!("public_url {}: {why} (expected an address such as https://beilei.example.cn)", self.public_url));
        let u = url::Url::parse(&self.public_url).map_err(|e| bad(&e.to_string()))?;
        if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
            return Err(bad("needs http:// or https:// and a host"));
        }
        if u.path() != "/" || u.query().is_some() || u.fragment().is_some() || !u.username().is_empty() {
            return Err(bad("only the scheme, host and port"));
        }
        if self.secure_cookies && u.scheme() != "https" {
            return Err(bad("secure_cookies is set, so the site is served over https"));
        }
        Ok(Some(u.as_str().trim_end_matches('/').to_string()))
    }

    /// Whether the site is served over HTTPS, as configured (a proxy may
    /// also say so per request).
    pub fn serves_https(&self) -> bool {
        self.secure_cookies || self.public_url.starts_with("https://")
    }

    /// The private metrics listener's address, if one is configured.
    pub fn metrics_addr(&self) -> Result<Option<std::net::SocketAddr>, ConfigError> {
        if self.metrics_addr.is_empty() {
            return Ok(None);
        }
        self.metrics_addr
            .parse()
            .map(Some)
            .map_err(|e| ConfigError(format!("metrics_addr {}: {e} (expected an address such as 127.0.0.1:9100)", self.metrics_addr)))
    }

    /// The SQLite database's file, where `database_url` names one (not
    /// PostgreSQL, not an in-memory database).
    pub fn sqlite_file(&self) -> Option<&Path> {
        let path = self.database_url.strip_prefix("sqlite://")?.split('?').next()?;
        (!path.is_empty() && !path.contains(":memory:")).then(|| Path::new(path))
    }

    /// Where the bid key file is.
    pub fn bid_key_path(&self) -> std::path::PathBuf {
        if !self.bid_key_file.is_empty() {
            return self.bid_key_file.clone().into();
        }
        match self.sqlite_file() {
            Some(file) => file.parent().unwrap_or(Path::new(".")).join("bid.key"),
            None => "data/bid.key".into(),
        }
    }

    /// The bid key: the configured secret, or the key file (created when missing).
    pub fn bid_key(&self) -> Result<domain::tender::BidKey, String> {
        if !self.bid_key.0.is_empty() {
            return domain::tender::BidKey::from_hex(&self.bid_key.0);
        }
        domain::tender::BidKey::load_or_create(&self.bid_key_path())
    }

    /// The outbox's sender this configuration names.
    pub fn sender(&self) -> Result<std::sync::Arc<dyn Sender>, String> {
        Ok(if self.sms_gateway_url.is_empty() {
            std::sync::Arc::new(LogSender { reveal_codes: self.log_codes })
        } else {
            std::sync::Arc::new(HttpSender::new(&self.sms_gateway_url, self.sms_gateway_token.clone())?)
        })
    }

    pub fn auth(&self) -> AuthSettings {
        AuthSettings {
            session_ttl: chrono::Duration::hours(self.session_ttl_hours),
            max_failures_per_account: self.max_failures_per_account,
            max_failures_per_address: self.max_failures_per_address,
            window: chrono::Duration::minutes(self.failure_window_minutes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_use_sqlite() {
        let c = Config::default();
        c.validate().expect("valid");
        assert!(c.database_url.starts_with("sqlite://"));
    }

    #[test]
    fn the_bid_key_lives_beside_the_sqlite_file_unless_configured() {
        let at = |url: &str| Config { database_url: url.into(), ..Config::default() }.bid_key_path();
        assert_eq!(at("sqlite://data/beilei.db"), std::path::PathBuf::from("data/bid.key"));
        assert_eq!(at("sqlite:///srv/beilei/b.db?mode=rwc"), std::path::PathBuf::from("/srv/beilei/bid.key"));
        assert_eq!(at("postgres://db.example.cn/beilei"), std::path::PathBuf::from("data/bid.key"));
        let c = Config { bid_key_file: "/etc/beilei/bid.key".into(), ..Config::default() };
        assert_eq!(c.bid_key_path(), std::path::PathBuf::from("/etc/beilei/bid.key"));
        let bad = Config { bid_key: "not hex".into(), ..Config::default() };
        assert!(bad.bid_key().is_err());
        let good = Config { bid_key: "ab".repeat(32).as_str().into(), ..Config::default() };
        assert!(good.bid_key().is_ok());
    }

    #[test]
    fn a_bad_gateway_is_named_and_its_token_never_printed() {
        let c = Config { sms_gateway_url: "ftp://sms.example.cn".into(), sms_gateway_token: "tok-123".into(), ..Config::default() };
        let e = c.validate().expect_err("bad scheme");
        assert!(e.to_string().contains("sms_gateway_url"), "{e}");
        assert!(!format!("{c:?}").contains("tok-123"));
    }

    #[test]
    fn the_public_address_is_a_bare_origin() {
        let with = |u: &str, secure: bool| Config { public_url: u.into(), secure_cookies: secure, ..Config::default() }.public_url();
        assert_eq!(with("", false).expect("none"), None);
        assert_eq!(with("https://beilei.example.cn/", true).expect("ok").as_deref(), Some("https://beilei.example.cn"));
        assert_eq!(with("http://127.0.0.1:3000", false).expect("ok").as_deref(), Some("http://127.0.0.1:3000"));
        for bad in ["beilei.example.cn", "ftp://x.cn", "https://x.cn/app", "https://x.cn/?a=1", "https://u@x.cn"] {
            assert!(with(bad, false).is_err(), "{bad}");
        }
        assert!(with("http://x.cn", true).is_err(), "secure cookies on a plain-http address");
        assert!(Config { public_url: "http://x.cn/app".into(), ..Config::default() }.validate().is_err());
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let e = Config::load(Some(Path::new("/nonexistent/beilei.toml"))).expect_err("missing");
        assert!(e.to_string().contains("/nonexistent/beilei.toml"));
    }

    #[test]
    fn a_bad_file_value_is_named() {
        let dir = std::env::temp_dir().join(format!("beilei-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("bad.toml");
        std::fs::write(&file, "session_ttl_hours = \"soon\"\n").expect("write");
        let e = Config::load(Some(&file)).expect_err("bad");
        assert!(e.to_string().contains("session_ttl_hours"), "{e}");
        std::fs::write(&file, "database_url = \"mysql://x\"\n").expect("write");
        let e = Config::load(Some(&file)).expect_err("bad scheme");
        assert!(e.to_string().contains("sqlite://"), "{e}");
        std::fs::write(&file, "no_such_setting = 1\n").expect("write");
        let e = Config::load(Some(&file)).expect_err("unknown key");
        assert!(e.to_string().contains("no_such_setting"), "{e}");
    }
}
