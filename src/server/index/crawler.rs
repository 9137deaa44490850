//! The crawler: keeps the index of a region current, gently.
//!
//! A pass lists the region's pipelines and endpoints and reads only what moved:
//! a pipeline whose `LastModifiedTime` and `LastExecutionTime` are as stored, and
//! that has no unfinished execution, costs nothing beyond the list; an execution
//! stored as final is never read again; an endpoint is described again only when
//! its `LastModifiedTime` or status moved. Each execution's document comes from the
//! same service function as `/lineage` (`lineage_with`), through the same caches,
//! behind the crawler's rate limit. What cannot be read is recorded and the pass goes
//! on; a pass that stops half way (a restart, a lost lease) leaves what it stored,
//! and the next one carries on from there.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::db::{ContainerRow, EndpointRow, IndexDb, IndexError, PipelineState};
use crate::api::IndexIssue;
use crate::core::LineageDocument;
use crate::server::cache::with_fresh;
use crate::server::error::LineageError;
use crate::server::metrics;
use crate::server::query::ParsedQuery;
use crate::server::service::{lineage_with, ServiceConfig};
use crate::server::source::{
    read, AwsError, AwsTarget, DescribeEndpoint, DescribeEndpointConfig, DescribeModel,
    LineageSource, ListEndpoints, ListExecutions, ListPipelines,
};
use lineage_openlineage::facets::Producer;

/// How long a lease on a region lasts without renewal: a replica that dies hands the
/// region over within it.
pub const LEASE_MS: i64 = 60_000;

/// The executions listed per pipeline: the window's, and the latest always.
const LISTED_EXECUTIONS: usize = 100;

/// How often a long pass refreshes the database's planner statistics.
const STATISTICS_EVERY: Duration = Duration::from_secs(60);

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassReport {
    /// The pass went over everything (not stopped by a lost lease).
    pub complete: bool,
    pub pipelines_read: usize,
    pub executions_read: usize,
    pub endpoints_read: usize,
    pub errors: usize,
}

/// One pass's context.
pub struct Pass<'a> {
    pub db: &'a IndexDb,
    pub source: &'a dyn LineageSource,
    pub config: &'a ServiceConfig,
    pub region: &'a str,
    pub holder: &'a str,
    pub window: Duration,
    pub now: DateTime<Utc>,
    /// Set when OpenLineage events are sent: each execution read queues its events.
    pub producer: Option<&'a Producer>,
}

impl Pass<'_> {
    fn target(&self) -> AwsTarget {
        AwsTarget {
            region: self.region.to_string(),
            profile: None,
        }
    }

    /// Records what could not be read; the pass goes on.
    async fn issue(&self, scope: &str, target: &str, e: &AwsError, report: &mut PassReport) {
        report.errors += 1;
        let failure = e.to_failure();
        metrics::global().crawl_error(self.region, failure.code.as_str());
        let issue = IndexIssue {
            scope: scope.into(),
            target: target.into(),
            code: failure.code,
            action: failure.action,
            message: e.to_string(),
            at: String::new(),
        };
        if let Err(err) = self
            .db
            .record_issue(self.region, &issue, self.now.timestamp_millis())
            .await
        {
            tracing::warn!(error = %err, "recording an index issue");
        }
    }

    async fn cleared(&self, scope: &str, target: &str) -> Result<(), IndexError> {
        self.db.clear_issue(self.region, scope, target).await
    }

    /// Renews the lease; false when another replica holds it now.
    async fn holds_lease(&self) -> Result<bool, IndexError> {
        Ok(self
            .db
            .acquire_lease(self.region, self.holder, LEASE_MS)
            .await?
            .is_some())
    }

    /// One pass over the region.
    pub async fn run(&self) -> Result<PassReport, IndexError> {
        let mut report = PassReport::default();
        let target = self.target();
        let pipelines = match with_fresh(true, read(self.source, &target, ListPipelines)).await {
            Ok(list) => {
                self.cleared("region", "pipelines").await?;
                list
            }
            Err(e) => {
                self.issue("region", "pipelines", &e, &mut report).await;
                return Ok(report);
            }
        };
        let mut renewed = Instant::now();
        let mut analyzed = Instant::now();
        let window_start = (self.now - self.window).to_rfc3339();
        for p in &pipelines {
            if renewed.elapsed() > Duration::from_millis(LEASE_MS as u64 / 3) {
                if !self.holds_lease().await? {
                    return Ok(report);
                }
                renewed = Instant::now();
            }
            let stored = self.db.pipeline_state(self.region, &p.name).await?;
            let unchanged = stored.as_ref().is_some_and(|s| {
                s.last_modified == p.last_modified_time && s.last_execution == p.last_execution_time
            }) && !self.db.has_unfinished(self.region, &p.name).await?;
            if unchanged {
                continue;
            }
            report.pipelines_read += 1;
            let list = ListExecutions {
                pipeline: p.name.clone(),
                limit: LISTED_EXECUTIONS,
            };
            let executions = match with_fresh(true, read(self.source, &target, list)).await {
                Ok(list) => {
                    self.cleared("pipeline", &p.name).await?;
                    list
                }
                Err(e) => {
                    self.issue("pipeline", &p.name, &e, &mut report).await;
                    // Listed all the same, with what was known before; its times are
                    // left unknown, so that the next pass reads it again.
                    let state = PipelineState {
                        latest_arn: stored.and_then(|s| s.latest_arn),
                        ..PipelineState::default()
                    };
                    self.db
                        .store_pipeline(self.region, &p.name, p.arn.as_deref(), &state, None)
                        .await?;
                    continue;
                }
            };
            let mut latest_doc: Option<LineageDocument> = None;
            for (i, e) in executions.iter().enumerate() {
                // The window's executions, and the latest however old.
                let in_window = e
                    .start_time
                    .as_deref()
                    .is_some_and(|t| t >= window_start.as_str());
                if i > 0 && !in_window {
                    continue;
                }
                if self.db.is_final(self.region, &e.arn).await? {
                    continue;
                }
                match self.document(&p.name, Some(&e.arn)).await {
                    Ok(doc) => {
                        self.cleared("execution", &e.arn).await?;
                        report.executions_read += 1;
                        // Terminal and read whole: not read again. (A failed execution
                        // that is retried later shows when the pipeline's
                        // LastExecutionTime moves.)
                        let is_final = doc
                            .execution
                            .as_ref()
                            .is_some_and(|x| x.status.is_terminal())
                            && !doc.has_transient_gaps();
                        self.db
                            .store_execution(self.region, &p.name, &doc, is_final)
                            .await?;
                        self.queue_events(&doc).await?;
                        if i == 0 {
                            latest_doc = Some(doc);
                        }
                    }
                    Err(err) => {
                        let aws = match err {
                            LineageError::Aws(a) => a,
                            other => AwsError::Service {
                                code: other.code().as_str().to_string(),
                                message: other.to_string(),
                            },
                        };
                        self.issue("execution", &e.arn, &aws, &mut report).await;
                    }
                }
            }
            // A pipeline that never ran: its definition's buckets and findings.
            if executions.is_empty() {
                match self.document(&p.name, None).await {
                    Ok(doc) => latest_doc = Some(doc),
                    Err(LineageError::Aws(e)) => {
                        self.issue("pipeline", &p.name, &e, &mut report).await
                    }
                    Err(other) => {
                        tracing::warn!(pipeline = %p.name, error = %other, "indexing a pipeline")
                    }
                }
            }
            let state = PipelineState {
                last_modified: p.last_modified_time.clone(),
                last_execution: p.last_execution_time.clone(),
                latest_arn: executions.first().map(|e| e.arn.clone()),
            };
            self.db
                .store_pipeline(
                    self.region,
                    &p.name,
                    p.arn.as_deref(),
                    &state,
                    latest_doc.as_ref(),
                )
                .await?;
            // A first pass takes hours at a gentle rate; answers made meanwhile need
            // statistics that follow the growing tables.
            if analyzed.elapsed() > STATISTICS_EVERY {
                self.db.refresh_statistics().await?;
                analyzed = Instant::now();
            }
        }
        let names: BTreeSet<String> = pipelines.iter().map(|p| p.name.clone()).collect();
        self.db.retain_pipelines(self.region, &names).await?;
        self.endpoints(&mut report).await?;
        if report.pipelines_read > 0 || report.endpoints_read > 0 {
            self.db.refresh_statistics().await?;
        }
        report.complete = true;
        Ok(report)
    }

    /// Queues the execution's OpenLineage events (those not queued before) when
    /// events are sent; a document with gaps is not queued (see `push::outbox_rows`).
    async fn queue_events(&self, doc: &LineageDocument) -> Result<(), IndexError> {
        let Some(producer) = self.producer else {
            return Ok(());
        };
        let Some(rows) = crate::server::push::outbox_rows(doc, producer) else {
            return Ok(());
        };
        self.db
            .enqueue_events(self.region, &rows, Utc::now().timestamp_millis())
            .await
    }

    /// The document `/lineage` gives for an execution (or, without one, for the
    /// definition), through the same caches: a running execution's status and steps
    /// are live records (seconds), bucket configuration is kept for `--cache-ttl`.
    async fn document(
        &self,
        pipeline: &str,
        execution: Option<&str>,
    ) -> Result<LineageDocument, LineageError> {
        let query = ParsedQuery {
            pipeline: pipeline.parse()?,
            region: self.region.parse()?,
            domain: None,
            include_latest_exec: false,
            execution: execution.map(str::parse).transpose()?,
            profile: None,
            fresh: false,
        };
        lineage_with(self.source, self.config, &query).await
    }

    /// Endpoints → configs → variants → models → what each container serves.
    async fn endpoints(&self, report: &mut PassReport) -> Result<(), IndexError> {
        let target = self.target();
        let endpoints = match with_fresh(true, read(self.source, &target, ListEndpoints)).await {
            Ok(list) => {
                self.cleared("region", "endpoints").await?;
                list
            }
            Err(e) => {
                self.issue("region", "endpoints", &e, report).await;
                return Ok(());
            }
        };
        for ep in &endpoints {
            let stored = self.db.endpoint_state(self.region, &ep.name).await?;
            if stored.as_ref() == Some(&(ep.last_modified.clone(), ep.status.clone())) {
                continue;
            }
            match self.endpoint(&ep.name).await {
                Ok(row) => {
                    self.cleared("endpoint", &ep.name).await?;
                    report.endpoints_read += 1;
                    self.db.store_endpoint(self.region, &row).await?;
                }
                Err(e) => self.issue("endpoint", &ep.name, &e, report).await,
            }
        }
        let names: BTreeSet<String> = endpoints.iter().map(|e| e.name.clone()).collect();
        self.db.retain_endpoints(self.region, &names).await
    }

    async fn endpoint(&self, name: &str) -> Result<EndpointRow, AwsError> {
        let target = self.target();
        let d = with_fresh(
            true,
            read(self.source, &target, DescribeEndpoint { name: name.into() }),
        )
        .await?;
        let mut containers = Vec::new();
        if let Some(config) = &d.config_name {
            let variants = read(
                self.source,
                &target,
                DescribeEndpointConfig {
                    name: config.clone(),
                },
            )
            .await?;
            for v in variants {
                let Some(model) = v.model_name else { continue };
                let served = read(
                    self.source,
                    &target,
                    DescribeModel {
                        name: model.clone(),
                    },
                )
                .await?;
                for c in served {
                    containers.push(ContainerRow {
                        variant: v.variant.clone(),
                        model_name: model.clone(),
                        model_package_arn: c.model_package_arn,
                        model_data_url: c.model_data_url,
                    });
                }
            }
        }
        Ok(EndpointRow {
            name: d.name,
            arn: d.arn,
            status: d.status,
            config_name: d.config_name,
            last_modified: d.last_modified,
            failure_reason: d.failure_reason,
            containers,
        })
    }
}
