//! The OpenLineage push (`--openlineage-url`): an execution's run events are queued
//! once in a durable outbox (a table of the index database) and sent from it in the
//! order queued, each marked sent only once the receiver took it, so a restart sends
//! nothing twice and a failing receiver delays events without losing or reordering
//! them.
//!
//! Two producers feed the outbox: the index's crawler (the executions it reads, as
//! they start and finish), or, with `--no-index`, the executions users view
//! ([`ViewedPush`]). Either way one process at a time sends a region's events: the
//! crawler holding the region's lease, or the holder of the region's push lease.

use std::sync::Arc;
use std::time::Duration;

use crate::core::LineageDocument;
use chrono::Utc;
use lineage_openlineage::facets::Producer;

use super::emit::Receiver;
use super::index::db::OutboxEvent;
use super::index::{IndexDb, IndexError};

/// The OpenLineage receiver and this server as the events' producer.
pub struct OpenLineagePush {
    pub receiver: Receiver,
    pub producer: Producer,
}

impl std::fmt::Debug for OpenLineagePush {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenLineagePush")
            .field("url", &self.receiver.url())
            .finish()
    }
}

/// What one flush of the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flushed {
    pub sent: usize,
    /// Stopped at an event the receiver did not take (it is sent first next time).
    pub stopped: bool,
}

/// The outbox rows of a document's run events, in time order; `None` for a document
/// with gaps that may close (it is read again later, and an event once queued is
/// never replaced, so it must not be queued from a partial read).
pub fn outbox_rows(doc: &LineageDocument, producer: &Producer) -> Option<Vec<OutboxEvent>> {
    if doc.has_transient_gaps() {
        return None;
    }
    let events = lineage_openlineage::run_events(doc, producer).ok()?;
    Some(
        events
            .iter()
            .map(|e| OutboxEvent {
                run_id: e.run.run_id.clone(),
                event_type: e.event_type.as_str().to_string(),
                event_time: e.event_time.clone(),
                payload: serde_json::to_string(e).unwrap_or_default(),
            })
            .collect(),
    )
}

/// Sends `region`'s queued events, in the order queued, until none is left or one is
/// not taken (it stays first in line). The caller holds the region's lease, so one
/// process sends a region's events.
pub async fn flush(db: &IndexDb, receiver: &Receiver, region: &str) -> Result<Flushed, IndexError> {
    let mut flushed = Flushed::default();
    loop {
        let batch = db.pending_events(region, 100).await?;
        if batch.is_empty() {
            return Ok(flushed);
        }
        for e in batch {
            if let Err(err) = receiver.send_json(&e.payload).await {
                tracing::warn!(region, run_id = %e.run_id, event = %e.event_type, error = %err,
                    "OpenLineage event not delivered; tried again later");
                flushed.stopped = true;
                return Ok(flushed);
            }
            db.mark_sent(&e, Utc::now().timestamp_millis()).await?;
            flushed.sent += 1;
        }
    }
}

/// How long the sender waits before trying a receiver that did not take an event
/// again (new events wake it sooner).
const RETRY_AFTER: Duration = Duration::from_secs(30);
/// The push lease of a region: longer than a flush's retries of one event.
const LEASE_MS: i64 = 120_000;

/// The push without an index: the run events of every execution a user views are
/// queued (never blocking the page) and a background sender delivers them.
pub struct ViewedPush {
    db: IndexDb,
    push: Arc<OpenLineagePush>,
    holder: String,
    wake: tokio::sync::Notify,
}

impl ViewedPush {
    /// The push through the outbox in `db` (migrated by the caller's `connect`).
    pub fn new(db: IndexDb, push: Arc<OpenLineagePush>) -> Arc<Self> {
        Arc::new(ViewedPush {
            db,
            push,
            holder: format!(
                "push-{}-{}",
                std::process::id(),
                Utc::now().timestamp_nanos_opt().unwrap_or_default()
            ),
            wake: tokio::sync::Notify::new(),
        })
    }

    /// A document a user viewed: its events are queued in the background (those
    /// queued before are left as they are) and the sender woken.
    pub fn viewed(self: &Arc<Self>, doc: &LineageDocument, region: &str) {
        if doc.execution.is_none() {
            return;
        }
        let Some(rows) = outbox_rows(doc, &self.push.producer) else {
            return;
        };
        let this = self.clone();
        let region = region.to_string();
        tokio::spawn(async move {
            match this
                .db
                .enqueue_events(&region, &rows, Utc::now().timestamp_millis())
                .await
            {
                Ok(()) => this.wake.notify_one(),
                Err(e) => tracing::warn!(region, error = %e, "queueing OpenLineage events"),
            }
        });
    }

    /// Sends what is queued, for every region whose push lease this process gets.
    pub async fn flush_all(&self) -> Result<Flushed, IndexError> {
        let mut all = Flushed::default();
        for region in self.db.outbox_regions().await? {
            let lease = format!("openlineage:{region}");
            if self
                .db
                .acquire_lease(&lease, &self.holder, LEASE_MS)
                .await?
                .is_none()
            {
                continue;
            }
            let flushed = flush(&self.db, &self.push.receiver, &region).await?;
            all.sent += flushed.sent;
            all.stopped |= flushed.stopped;
        }
        Ok(all)
    }

    /// Gives every push lease up at once (a clean shutdown), also those of regions
    /// whose queue is empty, so another replica need not wait for them to expire.
    pub async fn release(&self) {
        let _ = self.db.release_leases_of(&self.holder).await;
    }

    /// Starts the sender: it flushes when events are queued, and tries a receiver
    /// that failed again after a while.
    pub fn spawn(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                let wait = match this.flush_all().await {
                    Ok(f) if !f.stopped => None,
                    Ok(_) => Some(RETRY_AFTER),
                    Err(e) => {
                        tracing::warn!(error = %e, "OpenLineage push");
                        Some(RETRY_AFTER)
                    }
                };
                match wait {
                    None => this.wake.notified().await,
                    Some(after) => {
                        let _ = tokio::time::timeout(after, this.wake.notified()).await;
                    }
                }
            }
        })
    }
}
