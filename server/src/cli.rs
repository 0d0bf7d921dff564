//! The command line: serve (default), migrate, demo, verify, backup, restore.
use crate::config::Config;
#[cfg(feature = "demo")]
use crate::console::print_demo;
use crate::startup::{self, Application};
use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use domain::authz::Role;
#[cfg(feature = "demo")]
use demo::Scale;
use domain::{Clash, DomainError};
use domain::org::SchoolKind;
use domain::migration::MigratorTrait;
use sea_orm::ConnectionTrait;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "beilei", version, about = "Beilei: the after-school service platform")]
pub struct Cli {
    /// A TOML configuration file (settings not in it come from defaults and
    /// the environment).
    #[arg(long, global = true, env = "BEILEI_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Apply, revert or list database migrations.
    Migrate {
        #[arg(value_enum, default_value = "up")]
        direction: MigrateDirection,
    },
    /// Load the demo data (the five seed districts) into an empty database.
    Demo {
        #[arg(long, value_enum, default_value = "demo")]
        scale: DemoScale,
    },
    /// Check the audit trail's hash chain; exits 1 naming the first broken link.
    Verify,
    /// Book every school's charges for a month (month-end billing); billing
    /// a month again charges nobody twice.
    Bill {
        /// The month, YYYY-MM.
        #[arg(long)]
        month: String,
    },
    /// Count the bureau's statistics again for every school and month from
    /// `--from` to `--until` (after data came in other than through the
    /// services: an import, a restore).
    Recount {
        /// The first month, YYYY-MM.
        #[arg(long)]
        from: String,
        /// The last month, YYYY-MM (this month without it).
        #[arg(long)]
        until: Option<String>,
    },
    /// Write a consistent copy of the SQLite database, also while the server runs.
    Backup {
        /// Where to write the copy; must not exist yet.
        path: PathBuf,
    },
    /// Make a SQLite backup the database (`database_url`, which must not
    /// exist yet): checks the copy, brings its schema up to date and
    /// verifies the audit chain; then `beilei serve` serves it.
    Restore {
        /// A file written by `beilei backup`.
        backup: PathBuf,
    },
    /// Create a district (and its city, if new) with one of the five policy presets.
    AddDistrict {
        #[arg(long)]
        city_code: String,
        #[arg(long)]
        city_name: String,
        /// The district's code, e.g. its administrative division code.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// The preset its policy starts from: 000, 001, 002, 003 or 004.
        #[arg(long)]
        policy: String,
        /// First day the policy is in force (YYYY-MM-DD; default today).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
    },
    /// Create a school of a district.
    AddSchool {
        /// The district's code (as given to add-district).
        #[arg(long)]
        district: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value = "district")]
        kind: SchoolKindArg,
        #[arg(long, default_value = "")]
        address: String,
    },
    /// Create a city bureau official (--city), a district bureau official (--district), school admin or service staff
    /// (--school) or class teacher (--class). The password is read from
    /// standard input with --password-stdin; otherwise a random one is made
    /// and printed once.
    AddAccount {
        #[arg(long, value_enum)]
        role: RoleArg,
        /// A city's code.
        #[arg(long, group = "scope")]
        city: Option<String>,
        /// A district's code.
        #[arg(long, group = "scope")]
        district: Option<String>,
        /// A school's id (printed by add-school).
        #[arg(long, group = "scope")]
        school: Option<i64>,
        /// A class's id.
        #[arg(long, group = "scope")]
        class: Option<i64>,
        #[arg(long)]
        username: String,
        /// The name shown in the app.
        #[arg(long)]
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum SchoolKindArg {
    District,
    CityDirect,
    Private,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RoleArg {
    CityOfficial,
    BureauOfficial,
    SchoolAdmin,
    ServiceStaff,
    ClassTeacher,
    /// The family committee's treasurer (--school): keeps the service money's books with the school.
    Treasurer,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum MigrateDirection {
    Up,
    /// Revert the latest migration.
    Down,
    Status,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum DemoScale {
    /// The named schools of the five seed districts.
    Demo,
    /// About 1,000 schools and 500,000 students, for benchmarks.
    City,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(config, startup::leptos_options()?).await?;
            let addr = app.local_addr();
            println!("Beilei is running at http://{addr}  (Ctrl-C to stop)");
            app.run_until(startup::shutdown_signal()).await
        }
        Command::Migrate { direction } => {
            let db = domain::Db::connect(&config.database_url).await?;
            match direction {
                MigrateDirection::Up => domain::migration::Migrator::up(&db.write, None).await?,
                MigrateDirection::Down => domain::migration::Migrator::down(&db.write, Some(1)).await?,
                MigrateDirection::Status => {
                    for m in domain::migration::Migrator::get_migration_with_status(&db.read).await? {
                        println!("{:<40} {:?}", m.name(), m.status());
                    }
                }
            }
            Ok(())
        }
        #[cfg(feature = "demo")]
        Command::Demo { scale } => {
            let db = startup::open_database(&config).await?;
            let scale = match scale {
                DemoScale::Demo => Scale::Demo,
                DemoScale::City => Scale::City,
            };
            let report = match demo::load(&db, scale, clock(&db).await?.now()).await {
                // The operator reads a sentence, not the refusal's key.
                Err(DomainError::Conflict(Clash::DatabaseNotEmpty)) => bail!("conflict: the database already has data; demo data goes only into an empty one"),
                loaded => loaded?,
            };
            print_demo(&report);
            Ok(())
        }
        #[cfg(not(feature = "demo"))]
        Command::Demo { .. } => bail!("this beilei was built without the demo data (the server's `demo` feature, on by default); build it with default features to load the demo"),
        Command::Verify => {
            let db = startup::open_database(&config).await?;
            let report = domain::audit::verify(&db.read).await?;
            match report.first_broken {
                None => {
                    println!("audit trail intact: {} events verified", report.events);
                    Ok(())
                }
                Some(b) => bail!(
                    "audit trail BROKEN at event seq {} (row id {}): {}; the {} events before it verified",
                    b.seq,
                    b.id,
                    b.reason,
                    report.events
                ),
            }
        }
        Command::Backup { path } => backup(&config, &path).await,
        Command::Restore { backup } => {
            let r = restore(&config, &backup).await?;
            println!("restored {} to {}: audit trail intact ({} events), {} applications", backup.display(), r.database, r.events, r.applications);
            Ok(())
        }
        Command::Recount { from, until } => {
            let db = startup::open_database(&config).await?;
            let first = domain::dates::parse_month(&from).context("--from must be YYYY-MM")?;
            let last = match until {
                Some(u) => domain::dates::parse_month(&u).context("--until must be YYYY-MM")?,
                None => clock(&db).await?.today(),
            };
            let started = std::time::Instant::now();
            let districts = domain::org::district_ids(&db.read).await?;
            domain::bureau::stats::recount_all(&db.write, &districts, first, last).await?;
            println!("{} districts counted from {from} in {:.1} s", districts.len(), started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Bill { month } => {
            let db = startup::open_database(&config).await?;
            let first = domain::dates::parse_month(&month).context("--month must be YYYY-MM")?;
            let started = std::time::Instant::now();
            let b = domain::money::billing::run_all(&db.write, first, clock(&db).await?.now()).await?;
            println!(
                "{month}: {} children charged ({} waived), {} yuan in all, {} already charged; {:.1} s",
                b.charged,
                b.waived,
                wire::money::yuan(b.total_fen),
                b.already,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::AddDistrict { city_code, city_name, code, name, policy, from } => {
            let db = startup::open_database(&config).await?;
            let from = from.unwrap_or_else(|| domain::clock::Clock::default().today());
            let new = domain::setup::NewDistrict { city_code, city_name, code: code.clone(), name, policy, from };
            domain::setup::add_district(&db.write, new, clock(&db).await?.now()).await.with_context(|| format!("adding district {code}"))?;
            println!("district {code} created; next: beilei add-account --role bureau-official --district {code} --username … --name …");
            Ok(())
        }
        Command::AddSchool { district, name, kind, address } => {
            let db = startup::open_database(&config).await?;
            let kind = match kind {
                SchoolKindArg::District => SchoolKind::District,
                SchoolKindArg::CityDirect => SchoolKind::CityDirect,
                SchoolKindArg::Private => SchoolKind::Private,
            };
            let id = domain::setup::add_school(&db.write, &district, &name, kind, &address, clock(&db).await?.now())
                .await
                .with_context(|| format!("adding school {name} to district {district}"))?;
            println!("school {name} created with id {id}; next: beilei add-account --role school-admin --school {id} --username … --name …");
            Ok(())
        }
        Command::AddAccount { role, city, district, school, class, username, name, password_stdin } => {
            use domain::setup::Scope;
            let scope = match (city, district, school, class) {
                (Some(c), None, None, None) => Scope::City(c),
                (None, Some(d), None, None) => Scope::District(d),
                (None, None, Some(s), None) => Scope::School(domain::ids::SchoolId(s)),
                (None, None, None, Some(c)) => Scope::Class(domain::ids::ClassId(c)),
                _ => bail!("name the account's scope: --city CODE, --district CODE, --school ID or --class ID"),
            };
            let (role, panel) = match role {
                RoleArg::CityOfficial => (Role::CityOfficial, None),
                RoleArg::BureauOfficial => (Role::BureauOfficial, None),
                RoleArg::SchoolAdmin => (Role::SchoolAdmin, None),
                RoleArg::ServiceStaff => (Role::ServiceStaff, None),
                RoleArg::ClassTeacher => (Role::ClassTeacher, None),
                RoleArg::Treasurer => (Role::FamilyCommittee, Some(domain::authz::Panel::Treasurer)),
            };
            let db = startup::open_database(&config).await?;
            let (password, shown) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line).context("reading the password from standard input")?;
                (line.trim_end_matches(['\r', '\n']).to_string(), false)
            } else {
                (domain::setup::random_password()?, true)
            };
            let password = domain::auth::password::Password::new(password).context("the password")?;
            let password_text = shown.then(|| password.reveal().to_string());
            domain::setup::add_account(&db.write, (role, panel), scope, &username, &name, password, clock(&db).await?.now())
                .await
                .with_context(|| format!("adding account {username}"))?;
            println!("{} {username} created", role.as_str());
            if let Some(p) = password_text {
                println!("password (shown once; keep it safe): {p}");
            }
            Ok(())
        }
    }
}

/// `VACUUM INTO` writes a transactionally consistent copy while other
/// connections go on reading and writing.
pub async fn backup(config: &Config, path: &std::path::Path) -> anyhow::Result<()> {
    if !config.database_url.starts_with("sqlite:") {
        bail!("backup copies SQLite databases; for PostgreSQL use pg_dump");
    }
    if path.exists() {
        bail!("{} already exists; choose a new file", path.display());
    }
    let target = path.to_str().context("the backup path must be valid UTF-8")?;
    let db = domain::Db::connect(&config.database_url).await?;
    let quoted = target.replace('\'', "''");
    db.read
        .execute_unprepared(&format!("VACUUM INTO '{quoted}'"))
        .await
        .with_context(|| format!("writing the backup to {target}"))?;
    println!("backup written to {target}");
    Ok(())
}

/// What a restore found.
#[derive(Debug)]
pub struct Restored {
    pub database: String,
    pub events: u64,
    pub applications: u64,
}

/// Copies `backup` to the configured SQLite file, which must not exist,
/// after SQLite's integrity check passes on the copy; then migrates it and
/// verifies the audit chain. A copy that fails a check is removed again.
pub async fn restore(config: &Config, backup: &std::path::Path) -> anyhow::Result<Restored> {
    use sea_orm::EntityTrait;
    use sea_orm::PaginatorTrait;
    let target = config.sqlite_file().context("restore writes a SQLite file: set database_url to sqlite://PATH (for PostgreSQL use pg_restore)")?;
    if target.exists() {
        bail!("{} already exists; move it aside first (restore never overwrites a database)", target.display());
    }
    if !backup.is_file() {
        bail!("no backup at {}", backup.display());
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::copy(backup, target).with_context(|| format!("copying {} to {}", backup.display(), target.display()))?;
    let checked = async {
        let db = domain::Db::connect(&config.database_url).await?;
        let row = db
            .read
            .query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Sqlite, "PRAGMA integrity_check"))
            .await?
            .context("integrity check")?;
        let verdict: String = row.try_get_by_index(0)?;
        if verdict != "ok" {
            bail!("the backup is damaged: {verdict}");
        }
        db.migrate().await?;
        let report = domain::audit::verify(&db.read).await?;
        if let Some(b) = report.first_broken {
            bail!("the backup's audit trail is BROKEN at event seq {}: {}", b.seq, b.reason);
        }
        let applications = domain::entities::application::Entity::find().count(&db.read).await?;
        db.close().await;
        Ok(Restored { database: target.display().to_string(), events: report.events, applications })
    }
    .await;
    if checked.is_err() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
    }
    checked
}

/// The clock the servers share: a command on a test server's database
/// reads the clock as moved there.
async fn clock(db: &domain::Db) -> anyhow::Result<domain::clock::Clock> {
    let clock = domain::clock::Clock::default();
    clock.sync(&db.read).await?;
    Ok(clock)
}
