//! The one lineage service function behind `GET /lineage`, the server function and the
//! CLI: parses the query (`query`), reads AWS through `LineageSource` and runs the engine.
//!
//! Only an unreadable pipeline fails the request; everything else that cannot be read
//! becomes a warning in the document.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

use super::cache::with_fresh;
use super::documents::Served;
use super::error::LineageError;
use super::limited::Limited;
use super::metrics::{self, with_request_counters, RequestCounters};
use super::query::{known_region, parse, ParsedQuery};
use super::regions::Regions;
use super::source::{AwsError, AwsTarget, ExecutionListItem, LineageSource, PipelineListItem};
use super::AppState;
use crate::api::LineageQuery;
use crate::core::{
    parse_definition, DomainMatch, ErrorCode, Lineage, LineageDocument, Warning, MAX_REPORT_BYTES,
};
use crate::input::{ExecutionRef, PipelineName};

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
            concurrency: 16,
            cors_origins: Vec::new(),
            ready_region: "us-east-1".into(),
            auth_token: None,
            request_timeout: Duration::from_secs(45),
            regions: Regions::default().shared(),
        }
    }
}

/// Tag keys that name the SageMaker domain a pipeline belongs to.
const DOMAIN_TAGS: [&str; 3] = ["DomainName", "DomainId", "sagemaker:domain-arn"];

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
        with_fresh(
            query.fresh,
            lineage_with(state.source.as_ref(), &state.config, &parsed),
        ),
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

pub async fn lineage_with(
    source: &dyn LineageSource,
    config: &ServiceConfig,
    query: &ParsedQuery,
) -> Result<LineageDocument, LineageError> {
    let target = AwsTarget {
        region: query.region.to_string(),
        profile: query.profile.as_ref().map(ToString::to_string),
    };
    let pipeline_name = query.pipeline.as_str();
    // Every AWS call of this request shares one bound, whatever stage it is in.
    let source = &Limited::new(source, config.concurrency);

    // The latest execution needs only the pipeline's name: look for it while the
    // pipeline is being described.
    let wants_latest = query.execution.is_none() && query.include_latest_exec;
    let (described, latest) =
        tokio::join!(source.describe_pipeline(&target, pipeline_name), async {
            if wants_latest {
                Some(source.list_executions(&target, pipeline_name, 1).await)
            } else {
                None
            }
        });
    let (pipeline, current_definition) = described.map_err(|e| match e {
        AwsError::NotFound(_) => LineageError::PipelineNotFound(pipeline_name.to_string()),
        other => other.into(),
    })?;

    let mut domain = None;
    if let Some(wanted) = &query.domain {
        let arn = pipeline.arn.clone().unwrap_or_default();
        let tags = source.pipeline_tags(&target, &arn).await?;
        domain = Some(match_domain(&tags, wanted.as_str()).ok_or_else(|| {
            LineageError::DomainMismatch {
                pipeline: pipeline_name.to_string(),
                domain: wanted.to_string(),
            }
        })?);
    }

    let mut warnings = Vec::new();
    let execution_arn = match (&query.execution, latest) {
        (Some(e), _) => Some(execution_arn(e, pipeline.arn.as_deref(), query)?),
        (None, Some(Ok(list))) => {
            if list.is_empty() {
                warnings.push(warning(
                    ErrorCode::NoExecutions,
                    "execution",
                    pipeline_name,
                    None,
                    "this pipeline has no executions yet".into(),
                ));
            }
            list.into_iter().next().map(|e| e.arn)
        }
        (None, Some(Err(e))) => {
            warnings.push(aws_warning("execution", pipeline_name, &e));
            None
        }
        (None, None) => None,
    };

    let mut execution = None;
    let mut definition_text = current_definition;
    if let Some(arn) = &execution_arn {
        let (described, ran, steps, parameters) = tokio::join!(
            source.describe_execution(&target, arn),
            source.execution_definition(&target, arn),
            source.execution_steps(&target, arn),
            source.execution_parameters(&target, arn),
        );
        match described {
            Ok(mut record) => {
                match ran {
                    Ok(text) if !text.is_empty() => definition_text = text,
                    Ok(_) => {}
                    Err(e) => warnings.push(aws_warning("execution", arn, &e)),
                }
                let mut steps = steps;
                if record.status.is_terminal() && steps.as_ref().is_ok_and(|s| !steps_finished(s)) {
                    // The execution ended between the two reads (they run side by
                    // side): this list is older than the status. Read it again, now
                    // that the execution is known to have ended.
                    steps = source.execution_steps(&target, arn).await;
                }
                let steps = steps.unwrap_or_else(|e| {
                    warnings.push(aws_warning("execution", arn, &e));
                    Vec::new()
                });
                match parameters {
                    Ok(p) => record.parameters = p,
                    Err(e) => warnings.push(aws_warning("execution", arn, &e)),
                }
                execution = Some((record, steps));
            }
            Err(AwsError::NotFound(_)) if query.execution.is_some() => {
                return Err(LineageError::ExecutionNotFound(
                    query
                        .execution
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ));
            }
            Err(e) => warnings.push(aws_warning("execution", arn, &e)),
        }
    }

    let definition = parse_definition(&definition_text)?;
    let mut lineage = Lineage::new(pipeline, definition);
    lineage.set_region(query.region.to_string());
    if let Some(d) = domain {
        lineage.set_domain(d);
    }
    for w in warnings {
        lineage.warn(w);
    }
    let enriched = execution.is_some();
    if let Some((record, steps)) = execution {
        lineage.set_execution(record, steps);
    }

    let target = &target;
    let read_buckets = |buckets: Vec<String>| {
        futures::future::join_all(
            buckets
                .into_iter()
                .map(|b| async move { source.bucket_security(target, &b).await }),
        )
    };
    // Buckets named by the definition are read while the jobs are described; buckets
    // that only the jobs' actual locations reveal are read afterwards.
    let known_buckets = lineage.buckets();
    if enriched {
        let jobs = lineage.job_requests();
        let packages = lineage.model_package_requests();
        // Reports at locations the definition already fixes are read now too; after
        // the jobs, only reports whose location the jobs changed are left to read.
        let early_reports = lineage.report_requests();
        let (job_results, package_results, bucket_records, early_results) = tokio::join!(
            futures::future::join_all(jobs.into_iter().map(|j| async move {
                let r = source.describe_job(target, j.kind, &j.arn).await;
                (j, r)
            })),
            futures::future::join_all(packages.into_iter().map(|p| async move {
                let r = source.describe_model_package(target, &p.arn).await;
                (p, r)
            })),
            read_buckets(known_buckets.clone()),
            futures::future::join_all(early_reports.iter().map(|req| async move {
                source.read_object(target, &req.uri, MAX_REPORT_BYTES).await
            })),
        );
        for (j, r) in job_results {
            lineage.apply_job(&j.step, r.map_err(|e| e.to_failure()));
        }
        for (p, r) in package_results {
            lineage.apply_model_package(&p.step, &p.arn, r.map_err(|e| e.to_failure()));
        }
        for r in bucket_records {
            lineage.apply_bucket(r);
        }

        let mut early: Vec<_> = early_reports.into_iter().zip(early_results).collect();
        let mut reports = Vec::new();
        for req in lineage.report_requests() {
            match early.iter().position(|(e, _)| e.uri == req.uri) {
                Some(i) => {
                    let (_, result) = early.swap_remove(i);
                    lineage.apply_report(&req, result.map_err(|e| e.to_failure()));
                }
                None => reports.push(req),
            }
        }
        let new_buckets: Vec<String> = lineage
            .buckets()
            .into_iter()
            .filter(|b| !known_buckets.contains(b))
            .collect();
        let (report_results, bucket_records) = tokio::join!(
            futures::future::join_all(reports.into_iter().map(|req| async move {
                let r = source.read_object(target, &req.uri, MAX_REPORT_BYTES).await;
                (req, r)
            })),
            read_buckets(new_buckets),
        );
        for (req, r) in report_results {
            lineage.apply_report(&req, r.map_err(|e| e.to_failure()));
        }
        for r in bucket_records {
            lineage.apply_bucket(r);
        }
    } else {
        for r in read_buckets(known_buckets).await {
            lineage.apply_bucket(r);
        }
    }

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
    let mut list = state.source.list_pipelines(&target).await?;
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
    let pipeline = pipeline.as_str();
    state
        .source
        .list_executions(&target, pipeline, MAX_LISTED_EXECUTIONS)
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
        with_fresh(
            true,
            state
                .source
                .list_executions(&target, "lineage-readiness-probe", 1),
        )
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

fn warning(
    code: ErrorCode,
    scope: &str,
    target: &str,
    action: Option<String>,
    message: String,
) -> Warning {
    Warning {
        code,
        scope: scope.into(),
        target: target.into(),
        action,
        message,
    }
}

fn aws_warning(scope: &str, target: &str, e: &AwsError) -> Warning {
    let f = e.to_failure();
    warning(f.code, scope, target, f.action, f.message)
}

fn match_domain(tags: &BTreeMap<String, String>, wanted: &str) -> Option<DomainMatch> {
    DOMAIN_TAGS.iter().find_map(|key| {
        let value = tags.get(*key)?;
        // `sagemaker:domain-arn` holds an ARN ending in the domain id.
        let matches = value == wanted || value.rsplit('/').next() == Some(wanted);
        matches.then(|| DomainMatch {
            name: wanted.to_string(),
            matched_tag: key.to_string(),
        })
    })
}

/// The full ARN of the execution asked for: an id is one of this pipeline; an ARN
/// must be of this pipeline, in the same partition, region and account as the
/// pipeline's ARN (AWS lower-cases pipeline names inside ARNs). Anything else is no
/// execution of this pipeline, and nothing is read for it.
fn execution_arn(
    execution: &ExecutionRef,
    pipeline_arn: Option<&str>,
    query: &ParsedQuery,
) -> Result<String, LineageError> {
    let pipeline_arn = pipeline_arn.ok_or_else(|| {
        LineageError::Internal("the pipeline has no ARN to check the execution against".into())
    })?;
    let arn = match execution {
        ExecutionRef::Id(id) => return Ok(format!("{pipeline_arn}/execution/{id}")),
        ExecutionRef::Arn(arn) => arn,
    };
    // arn:PARTITION:sagemaker:REGION:ACCOUNT:pipeline/NAME
    let ours: Vec<&str> = pipeline_arn.splitn(6, ':').collect();
    let same_home = ours.len() == 6
        && arn.partition == ours[1]
        && arn.region == query.region
        && arn.account == ours[4];
    let same_pipeline = arn
        .pipeline
        .as_str()
        .eq_ignore_ascii_case(query.pipeline.as_str());
    if !(same_home && same_pipeline) {
        return Err(LineageError::NotThisPipeline {
            execution: arn.as_str().to_string(),
            pipeline: query.pipeline.to_string(),
            region: query.region.to_string(),
        });
    }
    Ok(arn.as_str().to_string())
}

/// Whether every step of a list has reached a state it does not leave.
fn steps_finished(steps: &[crate::core::StepRecord]) -> bool {
    steps.iter().all(|s| s.status.is_terminal())
}

#[cfg(test)]
mod tests;
