//! The lineage index of a region: what spans pipelines (the region overview, "who
//! touches this S3 location" and what is downstream of it, where a pipeline's models
//! are deployed), kept current by a background crawler in a real database.
//!
//! - `db`: the storage, one SQL layer over SQLite and PostgreSQL;
//! - `crawler`: one pass over a region, reading only what moved;
//! - `rate`: the crawler's AWS call rate.
//!
//! One crawler works a region at a time across replicas sharing a database: a pass
//! needs the region's lease (`db::acquire_lease`), renewed as it goes.

pub mod crawler;
pub mod db;
mod rate;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

pub use db::{IndexDb, IndexError};

use self::crawler::{Pass, PassReport, LEASE_MS};
use self::rate::RateLimited;
use super::cache::CachedSource;
use super::metrics;
use super::push::{self, Flushed, OpenLineagePush};
use super::service::ServiceConfig;
use super::source::LineageSource;
use super::store::Store;

/// The index's settings (the `--index-*` options).
#[derive(Debug, Clone)]
pub struct IndexSettings {
    /// `sqlite:PATH` or `postgres://...`.
    pub db_url: String,
    /// Regions indexed from the start; any region a user asks about joins them.
    pub regions: Vec<String>,
    /// How often a region is crawled again.
    pub interval: Duration,
    /// Which executions are indexed: those started within it (and each pipeline's
    /// latest, however old).
    pub window: Duration,
    /// AWS reads a second, at most, for the crawler.
    pub rps: NonZeroU32,
    /// Where to send the OpenLineage events of the executions the crawler reads
    /// (`--openlineage-url`); `None`: nowhere.
    pub openlineage: Option<Arc<OpenLineagePush>>,
}

/// How often the crawler looks for regions due for a pass (a region a user just
/// asked about starts within this).
const TICK: Duration = Duration::from_secs(2);

pub struct Index {
    pub db: IndexDb,
    pub settings: IndexSettings,
    /// This process, as a lease holder.
    holder: String,
    /// Regions known to be in the index: noting them again costs no write.
    noted: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Index {
    /// Opens the database (migrating it) and registers the configured regions.
    pub async fn open(settings: IndexSettings) -> Result<Arc<Index>, IndexError> {
        let db = IndexDb::connect(&settings.db_url).await?;
        let now = Utc::now().timestamp_millis();
        for r in &settings.regions {
            db.add_region(r, now).await?;
        }
        let holder = format!(
            "{}-{}-{}",
            std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into()),
            std::process::id(),
            Utc::now().timestamp_nanos_opt().unwrap_or_default()
        );
        Ok(Arc::new(Index {
            noted: std::sync::Mutex::new(settings.regions.iter().cloned().collect()),
            db,
            settings,
            holder,
        }))
    }

    /// The start of the execution window now (RFC 3339).
    pub fn window_start(&self) -> String {
        let window = chrono::Duration::from_std(self.settings.window).unwrap_or_default();
        (Utc::now() - window).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// A region a user asked about: indexed from now on.
    pub async fn note_region(&self, region: &str) {
        if self.noted.lock().is_ok_and(|n| n.contains(region)) {
            return;
        }
        match self
            .db
            .add_region(region, Utc::now().timestamp_millis())
            .await
        {
            Ok(()) => {
                if let Ok(mut noted) = self.noted.lock() {
                    noted.insert(region.to_string());
                }
            }
            Err(e) => tracing::warn!(region, error = %e, "adding a region to the index"),
        }
    }

    /// Starts the crawler: every region is passed over when due, by whichever replica
    /// holds its lease. Its AWS reads go through the server's cache (`store`) and
    /// the rate limit, to `aws`.
    pub fn spawn(
        self: &Arc<Self>,
        aws: Arc<dyn LineageSource>,
        store: Arc<Store>,
        config: ServiceConfig,
    ) -> tokio::task::JoinHandle<()> {
        let index = self.clone();
        let limited = RateLimited::new(aws, index.settings.rps);
        let source: Arc<dyn LineageSource> = CachedSource::new(limited.clone(), store);
        tokio::spawn(async move {
            loop {
                if let Err(e) = index.tick(source.as_ref(), &config, &limited).await {
                    tracing::warn!(error = %e, "lineage index");
                }
                tokio::time::sleep(TICK).await;
            }
        })
    }

    /// Passes over every region that is due and whose lease this process gets.
    async fn tick(
        &self,
        source: &dyn LineageSource,
        config: &ServiceConfig,
        limited: &RateLimited,
    ) -> Result<(), IndexError> {
        let interval = self.settings.interval.as_millis() as i64;
        for region in self.db.regions().await? {
            let now = Utc::now();
            let due = region
                .indexed_at
                .is_none_or(|at| now.timestamp_millis() - at >= interval);
            if !due {
                continue;
            }
            if self
                .db
                .acquire_lease(&region.region, &self.holder, LEASE_MS)
                .await?
                .is_none()
            {
                continue;
            }
            let calls_before = limited.calls();
            let started = std::time::Instant::now();
            let report = self.pass(source, config, &region.region).await?;
            let took = started.elapsed().as_millis() as i64;
            let calls = limited.calls() - calls_before;
            self.finish(&region.region, &report, took, calls).await?;
            self.flush_openlineage(&region.region).await?;
            tracing::info!(
                region = %region.region,
                complete = report.complete,
                pipelines = report.pipelines_read,
                executions = report.executions_read,
                endpoints = report.endpoints_read,
                errors = report.errors,
                aws_calls = calls,
                ms = took,
                "index pass"
            );
        }
        Ok(())
    }

    /// One pass over `region` through `source` (tests drive this directly).
    pub async fn pass(
        &self,
        source: &dyn LineageSource,
        config: &ServiceConfig,
        region: &str,
    ) -> Result<PassReport, IndexError> {
        Pass {
            db: &self.db,
            source,
            config,
            region,
            holder: &self.holder,
            window: self.settings.window,
            now: Utc::now(),
            producer: self.settings.openlineage.as_ref().map(|o| &o.producer),
        }
        .run()
        .await
    }

    /// Records a pass: a complete one makes the region indexed as of now.
    pub async fn finish(
        &self,
        region: &str,
        report: &PassReport,
        took_ms: i64,
        calls: u64,
    ) -> Result<(), IndexError> {
        if !report.complete {
            return Ok(());
        }
        let ended = Utc::now();
        self.db
            .finish_pass(
                region,
                ended.timestamp_millis(),
                took_ms,
                calls as i64,
                report.errors as i64,
            )
            .await?;
        metrics::global().crawl_pass(region, ended.timestamp(), took_ms, calls);
        Ok(())
    }

    /// Sends the region's queued OpenLineage events, in the order queued, until none
    /// is left or one is not taken (it stays first in line). Called by the region's
    /// crawler after a pass, so one replica sends a region's events.
    pub async fn flush_openlineage(&self, region: &str) -> Result<Flushed, IndexError> {
        match &self.settings.openlineage {
            Some(p) => push::flush(&self.db, &p.receiver, region).await,
            None => Ok(Flushed::default()),
        }
    }

    /// Releases the leases this process holds (a clean shutdown).
    pub async fn release(&self) {
        let _ = self.db.release_leases_of(&self.holder).await;
    }
}
