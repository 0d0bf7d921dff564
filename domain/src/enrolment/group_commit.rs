//! Group commit for applications: on registration day thousands of families
//! apply within minutes, and a durable commit costs a disk flush (SQLite
//! with `synchronous=FULL` manages a few thousand a second). One writer
//! task takes the applications waiting, submits them together in one
//! transaction (`applications::apply_all`: a few statements for the whole
//! batch), commits once, and only then answers every request. Should a
//! shared statement fail, the batch is applied again one by one, each in
//! its own savepoint, so one bad application fails alone.
//!
//! Operators see each batch's size (`group_commit_batch_size`) and how long
//! each application waited for its durable answer (`group_commit_wait_seconds`).
use crate::Db;
use crate::authz::Actor;
use crate::enrolment::applications::{self, NewApplication};
use crate::error::{DomainError, DomainResult};
use crate::ids::ApplicationId;
use sea_orm::{DatabaseConnection, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

/// Applications one commit takes at most.
pub const MAX_BATCH: usize = 256;

type Reply = oneshot::Sender<DomainResult<ApplicationId>>;

struct Job {
    actor: Actor,
    new: NewApplication,
    /// When the request came, by the servers' clock.
    at: chrono::DateTime<chrono::Utc>,
    reply: Reply,
    queued: std::time::Instant,
}

/// The handle requests submit applications through.
#[derive(Clone, Debug)]
pub struct Applications {
    queue: mpsc::Sender<Job>,
}

impl Applications {
    /// Starts the writer task on the database's write pool. One writer
    /// suffices on PostgreSQL too: a second, committing while the first
    /// gathers its next batch, measured slower (4,100–4,700 against
    /// 4,900–5,100 applications a second on two cores).
    pub fn start(db: &Db) -> Self {
        let write = db.write.clone();
        let (queue, mut jobs) = mpsc::channel::<Job>(MAX_BATCH * 8);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
                commit(&write, &mut batch).await;
            }
        });
        Applications { queue }
    }

    /// `applications::apply`, answered once its batch is durable.
    pub async fn apply(&self, cx: &crate::Ctx, new: NewApplication) -> DomainResult<ApplicationId> {
        let (actor, at) = (cx.actor()?.clone(), cx.now());
        let (reply, answer) = oneshot::channel();
        let stopped = || DomainError::Internal("the application writer has stopped".into());
        self.queue.send(Job { actor, new, at, reply, queued: std::time::Instant::now() }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn commit(db: &DatabaseConnection, batch: &mut Vec<Job>) {
    metrics::histogram!("group_commit_batch_size").record(batch.len() as f64);
    let txn = match db.begin().await {
        Ok(t) => t,
        Err(e) => return answer_all(batch, &e.to_string()),
    };
    // The batch is stamped with its latest request's time.
    let Some(now) = batch.iter().map(|j| j.at).max() else { return };
    let jobs: Vec<(&Actor, &NewApplication)> = batch.iter().map(|j| (&j.actor, &j.new)).collect();
    let results = match applications::apply_all(&txn, &jobs, now).await {
        Ok(results) => results,
        // A statement failed for the batch (say, a race with another server
        // on the same application): each in its own savepoint instead.
        Err(e) => {
            tracing::warn!(error = %e, applications = jobs.len(), "a shared application batch failed; applying one by one");
            let mut results = Vec::with_capacity(jobs.len());
            for (actor, new) in &jobs {
                results.push(applications::apply(&txn, actor, (*new).clone(), now).await);
            }
            results
        }
    };
    drop(jobs);
    match txn.commit().await {
        Ok(()) => {
            let waited = metrics::histogram!("group_commit_wait_seconds");
            for (job, result) in batch.drain(..).zip(results) {
                waited.record(job.queued.elapsed().as_secs_f64());
                let _ = job.reply.send(result);
            }
        }
        Err(e) => answer_all(batch, &e.to_string()),
    }
}

fn answer_all(batch: &mut Vec<Job>, error: &str) {
    tracing::error!(error, applications = batch.len(), "an application batch failed to commit");
    for job in batch.drain(..) {
        let _ = job.reply.send(Err(DomainError::Internal(format!("commit failed: {error}"))));
    }
}
