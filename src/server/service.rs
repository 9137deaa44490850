//! The one lineage service function behind `GET /lineage`, the server function and the
//! CLI: parses the query (`query`), reads AWS through `LineageSource` and runs the engine.
//!
//! Only an unreadable pipeline fails the request; everything else that cannot be read
//! becomes a warning in the document.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

use super::cache::with_fresh;
use super::defaults;
use super::documents::Served;
use super::error::LineageError;
use super::limited::Limited;
use super::metrics::{self, with_request_counters, RequestCounters};
use super::query::{known_region, parse, ParsedQuery};
use super::regions::Regions;
use super::source::{
    read, AwsError, AwsTarget, ExecutionListItem, LineageSource, ListExecutions, ListPipelines,
    PipelineListItem,
};
use super::stages;
use super::AppState;
use crate::api::LineageQuery;
use crate::core::{parse_definition, Lineage, LineageDocument};
use crate::input::PipelineName;

/// Service settings fixed at start-up.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Whether callers may choose a local AWS profile (`profile` parameter).
    pub allow_profile: bool,
    /// AWS reads in flight at once for one request (a bucket's configuration counts
    /// as one).
    pub concurrency: usize,
    /// Origins allowed to call the JSON API from a browser (CORS); none by default.
    pub cors_origins: Vec<String>,
    /// The region `/readyz` checks AWS in.
    pub ready_region: String,
    /// When set, every route but the health checks needs `Authorization: Bearer <token>`.
    pub auth_token: Option<Secret>,
    /// The most one lineage request may take, all its AWS calls and stages included
    /// (each call also has its own timeouts): past it the answer is a 504.
    pub request_timeout: Duration,
    /// The regions this server answers for; any other is a 400 without an AWS call.
    pub regions: Arc<Regions>,
    /// Where users reach this server (`--public-url`): OpenLineage events name their
    /// producer and our facet schemas under it.
    pub public_url: String,
}

/// A value that never shows in logs or debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// Compares in time independent of where the values differ.
    pub fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            allow_profile: false,
            concurrency: usize::from(defaults::CONCURRENCY),
            cors_origins: Vec::new(),
            ready_region: defaults::READY_REGION.into(),
            auth_token: None,
            request_timeout: Duration::from_secs(defaults::REQUEST_TIMEOUT_SECS),
            regions: Regions::default().shared(),
            public_url: defaults::PUBLIC_URL.into(),
        }
    }
}

/// The document for a query, shared with identical requests and reused while it
/// may be (see `DocumentCache`); the flag says whether it was reused.
pub async fn lineage(
    state: &AppState,
    query: &LineageQuery,
) -> Result<(Arc<Served>, bool), LineageError> {
    // Parsed first so that bad input is never cached or sent anywhere.
    let parsed = parse(query, &state.config)?;
    let started = Instant::now();
    let counters = Arc::new(RequestCounters::default());
    // Boxed: the whole computation is one large future, moved through the caches'
    // layers.
    let compute = Box::pin(with_request_counters(
        counters.clone(),
        with_fresh(query.fresh, async {
            let mut doc = lineage_with(state.source.as_ref(), &state.config, &parsed).await?;
            if let Some(push) = &state.push {
                push.viewed(&doc, parsed.region.as_str());
            }
            index::add_deployments(state, &mut doc, parsed.region.as_str()).await;
            Ok(doc)
        }),
    ));
    let deadline = state.config.request_timeout;
    let result = tokio::time::timeout(deadline, state.documents.get_or_compute(query, compute))
        .await
        .unwrap_or(Err(LineageError::Deadline(deadline)));
    if let Ok((_, reused)) = &result {
        metrics::global().document(*reused);
    }
    tracing::info!(
        pipeline = %query.pipeline,
        region = %query.region,
        execution = query.execution.as_deref().unwrap_or(if query.include_latest_exec { "latest" } else { "none" }),
        fresh = query.fresh,
        document = match &result { Ok((_, true)) => "reused", Ok(_) => "computed", Err(_) => "failed" },
        cache_hits = counters.cache_hits.load(Ordering::Relaxed),
        cache_misses = counters.cache_misses.load(Ordering::Relaxed),
        aws_calls = counters.aws_calls.load(Ordering::Relaxed),
        ms = started.elapsed().as_millis() as u64,
        "lineage"
    );
    result
}

/// The document for a parsed query, read through `source`: the stages of
/// `stages`, in order, then the engine's finish with the current time.
pub async fn lineage_with(
    source: &dyn LineageSource,
    config: &ServiceConfig,
    query: &ParsedQuery,
) -> Result<LineageDocument, LineageError> {
    let target = &AwsTarget {
        region: query.region.to_string(),
        profile: query.profile.as_ref().map(ToString::to_string),
    };
    // Every AWS call of this request shares one bound, whatever stage it is in.
    let limited = Limited::new(source, config.concurrency);
    let source: &dyn LineageSource = &limited;

    let (described, latest) = stages::pipeline(source, target, query).await?;
    let pipeline = described.pipeline;
    let domain = stages::domain(source, target, query, pipeline.arn.as_deref()).await?;
    let mut warnings = Vec::new();
    let chosen = stages::chosen_execution(query, pipeline.arn.as_deref(), latest, &mut warnings)?;
    let execution = match &chosen {
        Some(arn) => stages::execution(source, target, arn, query, &mut warnings).await?,
        None => Default::default(),
    };

    let definition_text = execution.definition.unwrap_or(described.definition);
    let mut lineage = Lineage::new(pipeline, parse_definition(&definition_text)?);
    lineage.set_region(query.region.to_string());
    if let Some(d) = domain {
        lineage.set_domain(d);
    }
    for w in warnings {
        lineage.warn(w);
    }
    // The account's settings need only the pipeline's ARN: read beside the rest.
    let account = stages::account(source, target, lineage.account());
    let account = match execution.run {
        Some((record, steps)) => {
            lineage.set_execution(record, steps);
            let ((), account) = tokio::join!(stages::enrich(source, target, &mut lineage), account);
            account
        }
        None => {
            let owner = stages::OwnerCheck::of(&lineage);
            let (buckets, account) = tokio::join!(
                stages::buckets(source, target, lineage.buckets(), &owner),
                account
            );
            for bucket in buckets {
                lineage.apply_bucket(bucket);
            }
            account
        }
    };
    if let Some(account) = account {
        lineage.apply_account(account);
    }
    // Buckets and jobs name the keys: read last.
    stages::keys(source, target, &mut lineage).await;
    let now = chrono::Utc::now().to_rfc3339();
    Ok(lineage.finish(Some(&now)))
}

/// The pipelines of a region, by name, for the picker.
pub async fn pipelines(
    state: &AppState,
    region: &str,
) -> Result<Vec<PipelineListItem>, LineageError> {
    let region = known_region(region, &state.config)?;
    let target = AwsTarget {
        region: region.to_string(),
        profile: None,
    };
    let mut list = read(state.source.as_ref(), &target, ListPipelines).await?;
    list.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(list)
}

/// The most recent executions of a pipeline (newest first), for the picker.
pub async fn executions(
    state: &AppState,
    pipeline: &str,
    region: &str,
) -> Result<Vec<ExecutionListItem>, LineageError> {
    let pipeline: PipelineName = pipeline.parse()?;
    let region = known_region(region, &state.config)?;
    let target = AwsTarget {
        region: region.to_string(),
        profile: None,
    };
    let list = ListExecutions {
        pipeline: pipeline.to_string(),
        limit: MAX_LISTED_EXECUTIONS,
    };
    read(state.source.as_ref(), &target, list)
        .await
        .map_err(|e| match e {
            AwsError::NotFound(_) => LineageError::PipelineNotFound(pipeline.to_string()),
            other => other.into(),
        })
}

/// How long a readiness answer is reused: `/readyz` needs no authentication, so
/// without this anyone who can reach the server could spend the account's SageMaker
/// API quota.
pub const READY_REUSE: Duration = Duration::from_secs(5);

/// The last readiness answer, reused for `READY_REUSE` and shared by concurrent
/// callers (one AWS call at a time, at most one per `READY_REUSE`).
pub struct ReadyCheck {
    last: moka::future::Cache<(), Result<(), LineageError>>,
}

impl ReadyCheck {
    pub fn new() -> Arc<Self> {
        Arc::new(ReadyCheck {
            last: moka::future::Cache::builder()
                .max_capacity(1)
                .time_to_live(READY_REUSE)
                .build(),
        })
    }
}

/// Whether AWS answers with the configured credentials: a cheap read-only call, made
/// at most once per `READY_REUSE` however many callers ask.
pub async fn ready(state: &AppState) -> Result<(), LineageError> {
    let target = AwsTarget {
        region: state.config.ready_region.clone(),
        profile: None,
    };
    let probe = async {
        let probe = ListExecutions {
            pipeline: "lineage-readiness-probe".into(),
            limit: 1,
        };
        with_fresh(true, read(state.source.as_ref(), &target, probe))
            .await
            .map(|_| ())
            .or_else(|e| match e {
                // The probe pipeline need not exist: AWS answered, with our credentials.
                AwsError::NotFound(_) => Ok(()),
                other => Err(other.into()),
            })
    };
    state.ready.last.get_with((), probe).await
}

/// How many executions the picker offers.
pub const MAX_LISTED_EXECUTIONS: usize = 50;

mod compare;
mod index;
mod openlineage;
pub use compare::comparison;
pub use index::{locations, overview};
pub use openlineage::{events_of, facet_schema, openlineage_events, producer, producer_info};

#[cfg(test)]
mod tests;
