//! The AWS adapter: the only module that calls the AWS SDK.
//!
//! It implements `LineageSource` with `aws-sdk-sagemaker` and `aws-sdk-s3`, drains
//! every paginator, and maps SDK errors once (`map_sdk_error`) into `AwsError`.
//! Configuration is the standard aws-config chain (environment, profiles, SSO,
//! container and instance roles), with timeouts and standard retries (throttling is
//! retried with backoff by the SDK). When an endpoint is overridden
//! (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_S3`) S3 uses path-style addressing, which
//! emulators need.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sagemaker::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sagemaker::types::{SortOrder, SortPipelineExecutionsBy};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use tokio::sync::Mutex;

use super::source::{AwsError, AwsTarget, ExecutionListItem, LineageSource, PipelineListItem};
use crate::core::{
    BucketRecord, Encryption, ExecutionRecord, JobKind, JobRecord, ModelPackageRecord,
    PipelineRecord, Probe, PublicAccess, StepMetadata, StepRecord, Versioning,
};

/// Timeouts and retries for every call.
#[derive(Debug, Clone)]
pub struct AwsSettings {
    pub connect_timeout: Duration,
    /// One attempt.
    pub attempt_timeout: Duration,
    /// All attempts of one call, retries included.
    pub operation_timeout: Duration,
    pub max_attempts: u32,
    /// Overrides the endpoint of every service (as `AWS_ENDPOINT_URL` does).
    pub endpoint_url: Option<String>,
}

impl Default for AwsSettings {
    fn default() -> Self {
        AwsSettings {
            connect_timeout: Duration::from_secs(3),
            attempt_timeout: Duration::from_secs(10),
            operation_timeout: Duration::from_secs(30),
            max_attempts: 4,
            endpoint_url: None,
        }
    }
}

#[derive(Clone)]
struct Clients {
    sagemaker: aws_sdk_sagemaker::Client,
    s3: aws_sdk_s3::Client,
}

/// `LineageSource` backed by the AWS SDK. Clients are built once per region and
/// profile and reused.
pub struct AwsSource {
    settings: AwsSettings,
    clients: Mutex<HashMap<AwsTarget, Clients>>,
}

impl AwsSource {
    pub fn new(settings: AwsSettings) -> Arc<Self> {
        Arc::new(AwsSource {
            settings,
            clients: Mutex::new(HashMap::new()),
        })
    }

    async fn clients(&self, target: &AwsTarget) -> Clients {
        if let Some(c) = self.clients.lock().await.get(target) {
            return c.clone();
        }
        // Loaded without holding the lock, so one slow credential provider does not
        // stall every other request; a concurrent first use may load twice.
        let config = self.load_config(target).await;
        let mut s3 = aws_sdk_s3::config::Builder::from(&config);
        if endpoint_overridden() || self.settings.endpoint_url.is_some() {
            s3 = s3.force_path_style(true);
        }
        let clients = Clients {
            sagemaker: aws_sdk_sagemaker::Client::new(&config),
            s3: aws_sdk_s3::Client::from_conf(s3.build()),
        };
        self.clients
            .lock()
            .await
            .entry(target.clone())
            .or_insert(clients)
            .clone()
    }

    async fn load_config(&self, target: &AwsTarget) -> SdkConfig {
        let s = &self.settings;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(target.region.clone()))
            .retry_config(RetryConfig::standard().with_max_attempts(s.max_attempts))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(s.connect_timeout)
                    .operation_attempt_timeout(s.attempt_timeout)
                    .operation_timeout(s.operation_timeout)
                    .build(),
            );
        if let Some(profile) = &target.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = &s.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        loader.load().await
    }

    /// S3 calls about a bucket must go to the bucket's own region.
    async fn s3_for_region(&self, target: &AwsTarget, region: &str) -> aws_sdk_s3::Client {
        let t = AwsTarget {
            region: region.to_string(),
            profile: target.profile.clone(),
        };
        self.clients(&t).await.s3
    }
}

fn endpoint_overridden() -> bool {
    ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|s| !s.is_empty()))
}

fn time(t: Option<&DateTime>) -> Option<String> {
    t.and_then(|t| t.fmt(Format::DateTime).ok())
}

/// The one mapping from SDK errors to ours. `action` is the IAM action of the call.
fn map_sdk_error<E>(err: SdkError<E, HttpResponse>, action: &str, what: &str) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    // The full error (which can name the caller's IAM principal, endpoints and
    // credential sources) goes to the server log only; callers get our own words.
    let detail = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
    let credentials = detail.contains("credential") || detail.contains("Credential");
    let mapped = match &err {
        SdkError::TimeoutError(_) => AwsError::Timeout(action.to_string()),
        SdkError::DispatchFailure(d) => {
            if d.is_timeout() {
                AwsError::Timeout(action.to_string())
            } else if credentials {
                AwsError::Credentials("no credentials could be loaded".into())
            } else {
                AwsError::Unreachable(action.to_string())
            }
        }
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().unwrap_or("").to_string();
            let message = service.err().message().unwrap_or("").to_string();
            classify(status, &code, &message, action, what)
        }
        SdkError::ResponseError(r) => classify(r.raw().status().as_u16(), "", "", action, what),
        SdkError::ConstructionFailure(_) if credentials => {
            AwsError::Credentials("no credentials could be loaded".into())
        }
        _ => AwsError::Service {
            code: "RequestFailed".into(),
            message: action.to_string(),
        },
    };
    match mapped {
        AwsError::NotFound(_) | AwsError::AccessDenied { .. } => {
            tracing::debug!(action, what, error = %detail, "AWS call refused")
        }
        _ => tracing::warn!(action, what, error = %detail, "AWS call failed"),
    }
    mapped
}

fn classify(status: u16, code: &str, message: &str, action: &str, what: &str) -> AwsError {
    let lower = message.to_ascii_lowercase();
    match code {
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "AllAccessDisabled" => AwsError::AccessDenied {
            action: action.to_string(),
            message: message.to_string(),
        },
        "ResourceNotFound" | "NoSuchKey" | "NoSuchBucket" | "NotFound" => {
            AwsError::NotFound(format!("{what} was not found ({code})"))
        }
        // SageMaker (and moto) answer some lookups of missing resources this way.
        "ValidationException"
            if lower.contains("does not exist")
                || lower.contains("not found")
                || lower.contains("could not find") =>
        {
            AwsError::NotFound(format!("{what} was not found"))
        }
        "ThrottlingException"
        | "Throttling"
        | "SlowDown"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "ProvisionedThroughputExceededException" => AwsError::Throttled(action.to_string()),
        "ExpiredToken"
        | "ExpiredTokenException"
        | "InvalidClientTokenId"
        | "UnrecognizedClientException"
        | "SignatureDoesNotMatch"
        | "InvalidAccessKeyId" => AwsError::Credentials(code.to_string()),
        _ if status == 403 => AwsError::AccessDenied {
            action: action.to_string(),
            message: if message.is_empty() {
                format!("HTTP 403 from {action}")
            } else {
                message.to_string()
            },
        },
        _ if status == 404 => AwsError::NotFound(format!("{what} was not found")),
        _ if status == 429 || status == 503 => AwsError::Throttled(action.to_string()),
        _ => AwsError::Service {
            code: if code.is_empty() {
                format!("HTTP {status}")
            } else {
                code.to_string()
            },
            message: action.to_string(),
        },
    }
}

/// A bucket configuration read: the "not configured" error codes are answers.
fn probe<T, E>(
    result: Result<T, SdkError<E, HttpResponse>>,
    action: &str,
    bucket: &str,
    not_configured: &[&str],
) -> Probe<T>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(v) => Probe::Ok { value: v },
        Err(err) => {
            if let SdkError::ServiceError(s) = &err {
                if let Some(code) = s.err().code() {
                    if not_configured.contains(&code) {
                        return Probe::NotConfigured;
                    }
                    if code == "NoSuchBucket" {
                        return Probe::NoSuchBucket;
                    }
                }
            }
            match map_sdk_error(err, action, &format!("bucket {bucket}")) {
                AwsError::AccessDenied { action, .. } => Probe::AccessDenied { action },
                other => Probe::Error {
                    message: other.to_string(),
                },
            }
        }
    }
}

/// AWS reports metrics as f32; widen through the shortest decimal so 0.947 stays
/// 0.947 rather than 0.9470000267028809.
fn widen(v: f32) -> f64 {
    v.to_string().parse().unwrap_or(f64::from(v))
}

/// True for S3's answer to a request sent to the wrong region.
fn redirected<T, E>(result: &Result<T, SdkError<E, HttpResponse>>) -> bool {
    matches!(result, Err(SdkError::ServiceError(e)) if e.raw().status().as_u16() == 301)
}

/// GetBucketLocation's answer as a region name: empty means us-east-1 and `EU` is the
/// legacy name of eu-west-1.
fn bucket_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    }
}

fn split_s3_uri(uri: &str) -> Option<(&str, &str)> {
    uri.strip_prefix("s3://")?.split_once('/')
}

#[async_trait]
impl LineageSource for AwsSource {
    async fn list_pipelines(&self, target: &AwsTarget) -> Result<Vec<PipelineListItem>, AwsError> {
        let c = self.clients(target).await;
        let mut pages = c.sagemaker.list_pipelines().into_paginator().send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| map_sdk_error(e, "sagemaker:ListPipelines", "pipelines"))?;
            for p in page.pipeline_summaries() {
                out.push(PipelineListItem {
                    name: p.pipeline_name().unwrap_or_default().to_string(),
                    arn: p.pipeline_arn().map(str::to_string),
                    display_name: p.pipeline_display_name().map(str::to_string),
                    last_execution_time: time(p.last_execution_time()),
                    last_modified_time: time(p.last_modified_time()),
                });
            }
        }
        Ok(out)
    }

    async fn describe_pipeline(
        &self,
        target: &AwsTarget,
        name: &str,
    ) -> Result<(PipelineRecord, String), AwsError> {
        let c = self.clients(target).await;
        let out = c
            .sagemaker
            .describe_pipeline()
            .pipeline_name(name)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(e, "sagemaker:DescribePipeline", &format!("pipeline {name}"))
            })?;
        let record = PipelineRecord {
            name: out.pipeline_name().unwrap_or(name).to_string(),
            arn: out.pipeline_arn().map(str::to_string),
            display_name: out.pipeline_display_name().map(str::to_string),
            description: out.pipeline_description().map(str::to_string),
            last_modified_time: time(out.last_modified_time()),
        };
        Ok((
            record,
            out.pipeline_definition().unwrap_or_default().to_string(),
        ))
    }

    async fn pipeline_tags(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        let c = self.clients(target).await;
        let mut pages = c
            .sagemaker
            .list_tags()
            .resource_arn(arn)
            .into_paginator()
            .send();
        let mut tags = BTreeMap::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| map_sdk_error(e, "sagemaker:ListTags", arn))?;
            for t in page.tags() {
                if let (Some(k), Some(v)) = (t.key(), t.value()) {
                    tags.insert(k.to_string(), v.to_string());
                }
            }
        }
        Ok(tags)
    }

    async fn list_executions(
        &self,
        target: &AwsTarget,
        pipeline: &str,
        limit: usize,
    ) -> Result<Vec<ExecutionListItem>, AwsError> {
        let c = self.clients(target).await;
        let mut pages = c
            .sagemaker
            .list_pipeline_executions()
            .pipeline_name(pipeline)
            .sort_by(SortPipelineExecutionsBy::CreationTime)
            .sort_order(SortOrder::Descending)
            .max_results(limit.clamp(1, 100) as i32)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                map_sdk_error(
                    e,
                    "sagemaker:ListPipelineExecutions",
                    &format!("pipeline {pipeline}"),
                )
            })?;
            for e in page.pipeline_execution_summaries() {
                let arn = e.pipeline_execution_arn().unwrap_or_default().to_string();
                out.push(ExecutionListItem {
                    id: arn.rsplit('/').next().unwrap_or_default().to_string(),
                    arn,
                    status: e
                        .pipeline_execution_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    start_time: time(e.start_time()),
                    display_name: e.pipeline_execution_display_name().map(str::to_string),
                    failure_reason: e
                        .pipeline_execution_failure_reason()
                        .filter(|r| !r.is_empty())
                        .map(str::to_string),
                });
            }
            if out.len() >= limit {
                break;
            }
        }
        // Sorted here too: the order must not depend on the server honouring SortOrder.
        out.sort_by(|a, b| b.start_time.cmp(&a.start_time));
        out.truncate(limit);
        Ok(out)
    }

    async fn describe_execution(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<ExecutionRecord, AwsError> {
        let c = self.clients(target).await;
        let out = c
            .sagemaker
            .describe_pipeline_execution()
            .pipeline_execution_arn(arn)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    e,
                    "sagemaker:DescribePipelineExecution",
                    &format!("execution {arn}"),
                )
            })?;
        let status = out
            .pipeline_execution_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|| "Unknown".into());
        // DescribePipelineExecution has no end time: the last modification of a
        // finished execution is when it ended.
        let finished = matches!(status.as_str(), "Succeeded" | "Failed" | "Stopped");
        Ok(ExecutionRecord {
            arn: out.pipeline_execution_arn().unwrap_or(arn).to_string(),
            status,
            start_time: time(out.creation_time()),
            end_time: if finished {
                time(out.last_modified_time())
            } else {
                None
            },
            failure_reason: out
                .failure_reason()
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            display_name: out.pipeline_execution_display_name().map(str::to_string),
            parameters: BTreeMap::new(),
        })
    }

    async fn execution_parameters(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        let c = self.clients(target).await;
        let mut pages = c
            .sagemaker
            .list_pipeline_parameters_for_execution()
            .pipeline_execution_arn(arn)
            .into_paginator()
            .send();
        let mut params = BTreeMap::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                map_sdk_error(e, "sagemaker:ListPipelineParametersForExecution", arn)
            })?;
            for p in page.pipeline_parameters() {
                if let (Some(k), Some(v)) = (p.name(), p.value()) {
                    params.insert(k.to_string(), v.to_string());
                }
            }
        }
        Ok(params)
    }

    async fn execution_definition(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<String, AwsError> {
        let c = self.clients(target).await;
        let out = c
            .sagemaker
            .describe_pipeline_definition_for_execution()
            .pipeline_execution_arn(arn)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(e, "sagemaker:DescribePipelineDefinitionForExecution", arn)
            })?;
        Ok(out.pipeline_definition().unwrap_or_default().to_string())
    }

    async fn execution_steps(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<Vec<StepRecord>, AwsError> {
        let c = self.clients(target).await;
        let mut pages = c
            .sagemaker
            .list_pipeline_execution_steps()
            .pipeline_execution_arn(arn)
            .max_results(100)
            .into_paginator()
            .send();
        let mut steps = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| map_sdk_error(e, "sagemaker:ListPipelineExecutionSteps", arn))?;
            for s in page.pipeline_execution_steps() {
                steps.push(StepRecord {
                    name: s.step_name().unwrap_or_default().to_string(),
                    status: s
                        .step_status()
                        .map(|st| st.as_str().to_string())
                        .unwrap_or_else(|| "Unknown".into()),
                    start_time: time(s.start_time()),
                    end_time: time(s.end_time()),
                    failure_reason: s.failure_reason().map(str::to_string),
                    cache_hit_source: s
                        .cache_hit_result()
                        .and_then(|c| c.source_pipeline_execution_arn())
                        .map(str::to_string),
                    attempt_count: s.attempt_count(),
                    metadata: s.metadata().map(step_metadata).unwrap_or_default(),
                });
            }
        }
        Ok(steps)
    }

    async fn describe_job(
        &self,
        target: &AwsTarget,
        kind: JobKind,
        arn: &str,
    ) -> Result<JobRecord, AwsError> {
        let c = self.clients(target).await;
        let name = arn.rsplit('/').next().unwrap_or(arn);
        let action = kind.describe_action();
        let what = format!("job {arn}");
        match kind {
            JobKind::Processing => {
                let o = c
                    .sagemaker
                    .describe_processing_job()
                    .processing_job_name(name)
                    .send()
                    .await
                    .map_err(|e| map_sdk_error(e, action, &what))?;
                Ok(JobRecord {
                    arn: o.processing_job_arn().unwrap_or(arn).to_string(),
                    name: o.processing_job_name().unwrap_or(name).to_string(),
                    status: o
                        .processing_job_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    failure_reason: o.failure_reason().map(str::to_string),
                    start_time: time(o.processing_start_time()),
                    end_time: time(o.processing_end_time()),
                    inputs: o
                        .processing_inputs()
                        .iter()
                        .filter_map(|i| {
                            Some((
                                i.input_name()?.to_string(),
                                i.s3_input()?.s3_uri()?.to_string(),
                            ))
                        })
                        .collect(),
                    outputs: o
                        .processing_output_config()
                        .map(|c| c.outputs())
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|out| {
                            Some((
                                out.output_name()?.to_string(),
                                out.s3_output()?.s3_uri()?.to_string(),
                            ))
                        })
                        .collect(),
                    ..JobRecord::default()
                })
            }
            JobKind::Training => {
                let o = c
                    .sagemaker
                    .describe_training_job()
                    .training_job_name(name)
                    .send()
                    .await
                    .map_err(|e| map_sdk_error(e, action, &what))?;
                let mut outputs = Vec::new();
                if let Some(p) = o.output_data_config().and_then(|c| c.s3_output_path()) {
                    outputs.push(("model".to_string(), p.to_string()));
                }
                if let Some(p) = o.checkpoint_config().and_then(|c| c.s3_uri()) {
                    outputs.push(("checkpoints".to_string(), p.to_string()));
                }
                Ok(JobRecord {
                    arn: o.training_job_arn().unwrap_or(arn).to_string(),
                    name: o.training_job_name().unwrap_or(name).to_string(),
                    status: o
                        .training_job_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    failure_reason: o.failure_reason().map(str::to_string),
                    start_time: time(o.training_start_time()),
                    end_time: time(o.training_end_time()),
                    inputs: o
                        .input_data_config()
                        .iter()
                        .filter_map(|ch| {
                            Some((
                                ch.channel_name()?.to_string(),
                                ch.data_source()?.s3_data_source()?.s3_uri()?.to_string(),
                            ))
                        })
                        .collect(),
                    outputs,
                    metrics: o
                        .final_metric_data_list()
                        .iter()
                        .filter_map(|m| Some((m.metric_name()?.to_string(), widen(m.value()?))))
                        .collect(),
                    model_artifacts: o
                        .model_artifacts()
                        .and_then(|m| m.s3_model_artifacts())
                        .map(str::to_string),
                    best_training_job: None,
                })
            }
            JobKind::Transform => {
                let o = c
                    .sagemaker
                    .describe_transform_job()
                    .transform_job_name(name)
                    .send()
                    .await
                    .map_err(|e| map_sdk_error(e, action, &what))?;
                Ok(JobRecord {
                    arn: o.transform_job_arn().unwrap_or(arn).to_string(),
                    name: o.transform_job_name().unwrap_or(name).to_string(),
                    status: o
                        .transform_job_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    failure_reason: o.failure_reason().map(str::to_string),
                    start_time: time(o.transform_start_time()),
                    end_time: time(o.transform_end_time()),
                    inputs: o
                        .transform_input()
                        .and_then(|i| i.data_source())
                        .and_then(|d| d.s3_data_source())
                        .and_then(|s| s.s3_uri())
                        .map(|u| vec![("input".to_string(), u.to_string())])
                        .unwrap_or_default(),
                    outputs: o
                        .transform_output()
                        .and_then(|t| t.s3_output_path())
                        .map(|u| vec![("output".to_string(), u.to_string())])
                        .unwrap_or_default(),
                    ..JobRecord::default()
                })
            }
            JobKind::Tuning => {
                let o = c
                    .sagemaker
                    .describe_hyper_parameter_tuning_job()
                    .hyper_parameter_tuning_job_name(name)
                    .send()
                    .await
                    .map_err(|e| map_sdk_error(e, action, &what))?;
                let definitions = o
                    .training_job_definition()
                    .into_iter()
                    .chain(o.training_job_definitions().iter());
                let mut inputs = Vec::new();
                let mut outputs = Vec::new();
                for d in definitions {
                    for ch in d.input_data_config() {
                        if let (Some(n), Some(u)) = (
                            ch.channel_name(),
                            ch.data_source()
                                .and_then(|d| d.s3_data_source())
                                .and_then(|s| s.s3_uri()),
                        ) {
                            if !inputs.iter().any(|(x, _): &(String, String)| x == n) {
                                inputs.push((n.to_string(), u.to_string()));
                            }
                        }
                    }
                    if let Some(p) = d.output_data_config().and_then(|c| c.s3_output_path()) {
                        if outputs.is_empty() {
                            outputs.push(("model".to_string(), p.to_string()));
                        }
                    }
                }
                let best = o.best_training_job();
                let mut metrics = BTreeMap::new();
                if let Some(m) =
                    best.and_then(|b| b.final_hyper_parameter_tuning_job_objective_metric())
                {
                    if let (Some(n), Some(v)) = (m.metric_name(), m.value()) {
                        metrics.insert(n.to_string(), widen(v));
                    }
                }
                Ok(JobRecord {
                    arn: o
                        .hyper_parameter_tuning_job_arn()
                        .unwrap_or(arn)
                        .to_string(),
                    name: o
                        .hyper_parameter_tuning_job_name()
                        .unwrap_or(name)
                        .to_string(),
                    status: o
                        .hyper_parameter_tuning_job_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    failure_reason: o.failure_reason().map(str::to_string),
                    start_time: time(o.creation_time()),
                    end_time: time(o.hyper_parameter_tuning_end_time()),
                    inputs,
                    outputs,
                    metrics,
                    model_artifacts: None,
                    best_training_job: best.and_then(|b| b.training_job_name()).map(str::to_string),
                })
            }
            JobKind::AutoMl => {
                let o = c
                    .sagemaker
                    .describe_auto_ml_job_v2()
                    .auto_ml_job_name(name)
                    .send()
                    .await
                    .map_err(|e| map_sdk_error(e, action, &what))?;
                Ok(JobRecord {
                    arn: o.auto_ml_job_arn().unwrap_or(arn).to_string(),
                    name: o.auto_ml_job_name().unwrap_or(name).to_string(),
                    status: o
                        .auto_ml_job_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    failure_reason: o.failure_reason().map(str::to_string),
                    start_time: time(o.creation_time()),
                    end_time: time(o.end_time()),
                    outputs: o
                        .output_data_config()
                        .and_then(|c| c.s3_output_path())
                        .map(|u| vec![("output".to_string(), u.to_string())])
                        .unwrap_or_default(),
                    ..JobRecord::default()
                })
            }
        }
    }

    async fn describe_model_package(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<ModelPackageRecord, AwsError> {
        let c = self.clients(target).await;
        let o = c
            .sagemaker
            .describe_model_package()
            .model_package_name(arn)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    e,
                    "sagemaker:DescribeModelPackage",
                    &format!("model package {arn}"),
                )
            })?;
        Ok(ModelPackageRecord {
            arn: o.model_package_arn().unwrap_or(arn).to_string(),
            group: o.model_package_group_name().map(str::to_string),
            version: o.model_package_version().map(i64::from),
            approval_status: o.model_approval_status().map(|s| s.as_str().to_string()),
            status: o.model_package_status().map(|s| s.as_str().to_string()),
            creation_time: time(o.creation_time()),
        })
    }

    async fn read_object(
        &self,
        target: &AwsTarget,
        uri: &str,
        max_bytes: usize,
    ) -> Result<Vec<u8>, AwsError> {
        let (bucket, key) = split_s3_uri(uri)
            .ok_or_else(|| AwsError::NotFound(format!("`{uri}` is not an S3 object URI")))?;
        let c = self.clients(target).await;
        let out =
            c.s3.get_object()
                .bucket(bucket)
                .key(key)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, "s3:GetObject", uri))?;
        if out.content_length().unwrap_or(0) as u64 > max_bytes as u64 {
            return Err(AwsError::TooLarge(format!(
                "{uri} is {} bytes; reports over {max_bytes} bytes are not read",
                out.content_length().unwrap_or(0)
            )));
        }
        // Read in chunks and stop at the cap, whatever Content-Length said.
        let mut body = out.body;
        let mut bytes = Vec::new();
        while let Some(chunk) = body
            .try_next()
            .await
            .map_err(|e| AwsError::Unreachable(format!("reading {uri}: {e}")))?
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > max_bytes {
                return Err(AwsError::TooLarge(format!(
                    "{uri} is over {max_bytes} bytes; it is not read"
                )));
            }
        }
        Ok(bytes)
    }

    async fn bucket_security(&self, target: &AwsTarget, bucket: &str) -> BucketRecord {
        let home = self.clients(target).await.s3;
        // Most buckets live in the request's region: ask for the location and the
        // configuration at once, and ask again at the bucket's own region only when it
        // is elsewhere (S3 answers such requests with a redirect).
        let probes = |s3: aws_sdk_s3::Client| {
            let b = bucket.to_string();
            async move {
                tokio::join!(
                    s3.get_bucket_encryption().bucket(&b).send(),
                    s3.get_bucket_versioning().bucket(&b).send(),
                    s3.get_public_access_block().bucket(&b).send(),
                    s3.get_bucket_tagging().bucket(&b).send(),
                )
            }
        };
        let (location, here) = tokio::join!(
            home.get_bucket_location().bucket(bucket).send(),
            probes(home.clone())
        );
        let region = probe(location, "s3:GetBucketLocation", bucket, &[])
            .map_value(|o| bucket_region(o.location_constraint().map(|c| c.as_str())));
        if matches!(region, Probe::NoSuchBucket) {
            return BucketRecord {
                bucket: bucket.to_string(),
                region,
                encryption: Probe::NoSuchBucket,
                versioning: Probe::NoSuchBucket,
                public_access: Probe::NoSuchBucket,
                tags: Probe::NoSuchBucket,
            };
        }
        let elsewhere = region.value().is_some_and(|r| r != &target.region);
        let (encryption, versioning, public_access, tags) =
            if elsewhere && (redirected(&here.0) || redirected(&here.1) || redirected(&here.3)) {
                let r = region.value().cloned().unwrap_or_default();
                probes(self.s3_for_region(target, &r).await).await
            } else {
                here
            };
        let encryption = probe(
            encryption,
            "s3:GetEncryptionConfiguration",
            bucket,
            &["ServerSideEncryptionConfigurationNotFoundError"],
        )
        .and_then(|o| {
            let rule = o
                .server_side_encryption_configuration()
                .and_then(|c| c.rules().first())
                .cloned();
            match rule
                .as_ref()
                .and_then(|r| r.apply_server_side_encryption_by_default())
            {
                Some(d) => Probe::Ok {
                    value: Encryption {
                        algorithm: d.sse_algorithm().as_str().to_string(),
                        kms_key_id: d.kms_master_key_id().map(str::to_string),
                        bucket_key_enabled: rule.as_ref().and_then(|r| r.bucket_key_enabled()),
                    },
                },
                None => Probe::NotConfigured,
            }
        });
        let versioning = probe(versioning, "s3:GetBucketVersioning", bucket, &[]).and_then(|o| {
            match o.status() {
                Some(s) => Probe::Ok {
                    value: Versioning {
                        status: s.as_str().to_string(),
                        mfa_delete: o.mfa_delete().map(|m| m.as_str().to_string()),
                    },
                },
                // Never enabled: GetBucketVersioning answers with no Status.
                None => Probe::NotConfigured,
            }
        });
        let public_access = probe(
            public_access,
            "s3:GetBucketPublicAccessBlock",
            bucket,
            &["NoSuchPublicAccessBlockConfiguration"],
        )
        .and_then(|o| match o.public_access_block_configuration() {
            Some(c) => {
                let flags = [
                    c.block_public_acls().unwrap_or(false),
                    c.ignore_public_acls().unwrap_or(false),
                    c.block_public_policy().unwrap_or(false),
                    c.restrict_public_buckets().unwrap_or(false),
                ];
                Probe::Ok {
                    value: PublicAccess {
                        block_public_acls: flags[0],
                        ignore_public_acls: flags[1],
                        block_public_policy: flags[2],
                        restrict_public_buckets: flags[3],
                        all_blocked: flags.iter().all(|f| *f),
                    },
                }
            }
            None => Probe::NotConfigured,
        });
        let tags = probe(tags, "s3:GetBucketTagging", bucket, &["NoSuchTagSet"]).map_value(|o| {
            o.tag_set()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect::<BTreeMap<_, _>>()
        });
        BucketRecord {
            bucket: bucket.to_string(),
            region,
            encryption,
            versioning,
            public_access,
            tags,
        }
    }
}

fn outputs_text(params: &[aws_sdk_sagemaker::types::OutputParameter]) -> String {
    params
        .iter()
        .map(|p| {
            format!(
                "{}={}",
                p.name().unwrap_or_default(),
                p.value().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The metadata variant of a step, in the engine's terms.
fn step_metadata(m: &aws_sdk_sagemaker::types::PipelineExecutionStepMetadata) -> StepMetadata {
    let job = |kind, arn: Option<&str>| {
        arn.map(|arn| StepMetadata::Job {
            kind,
            arn: arn.to_string(),
        })
    };
    let other = |kind: &str, fields: Vec<(&str, Option<String>)>| StepMetadata::Other {
        kind: kind.to_string(),
        fields: fields
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.filter(|v| !v.is_empty())?)))
            .collect(),
    };
    let s = |v: Option<&str>| v.map(str::to_string);
    if let Some(j) = m.processing_job() {
        return job(JobKind::Processing, j.arn()).unwrap_or_default();
    }
    if let Some(j) = m.training_job() {
        return job(JobKind::Training, j.arn()).unwrap_or_default();
    }
    if let Some(j) = m.transform_job() {
        return job(JobKind::Transform, j.arn()).unwrap_or_default();
    }
    if let Some(j) = m.tuning_job() {
        return job(JobKind::Tuning, j.arn()).unwrap_or_default();
    }
    if let Some(j) = m.auto_ml_job() {
        return job(JobKind::AutoMl, j.arn()).unwrap_or_default();
    }
    if let Some(x) = m.model() {
        return StepMetadata::Model {
            arn: x.arn().unwrap_or_default().to_string(),
        };
    }
    if let Some(x) = m.register_model() {
        return StepMetadata::RegisterModel {
            arn: x.arn().unwrap_or_default().to_string(),
        };
    }
    if let Some(x) = m.condition() {
        return StepMetadata::Condition {
            outcome: x
                .outcome()
                .map(|o| o.as_str().to_string())
                .unwrap_or_default(),
        };
    }
    if let Some(x) = m.fail() {
        return StepMetadata::Fail {
            error_message: x.error_message().unwrap_or_default().to_string(),
        };
    }
    if let Some(x) = m.lambda() {
        return other(
            "Lambda",
            vec![
                ("functionArn", s(x.arn())),
                (
                    "outputParameters",
                    Some(outputs_text(x.output_parameters())),
                ),
            ],
        );
    }
    if let Some(x) = m.callback() {
        return other(
            "Callback",
            vec![
                ("sqsQueueUrl", s(x.sqs_queue_url())),
                (
                    "outputParameters",
                    Some(outputs_text(x.output_parameters())),
                ),
            ],
        );
    }
    if let Some(x) = m.emr() {
        return other(
            "EMR",
            vec![
                ("clusterId", s(x.cluster_id())),
                ("stepId", s(x.step_id())),
                ("stepName", s(x.step_name())),
                ("logFilePath", s(x.log_file_path())),
            ],
        );
    }
    if let Some(x) = m.quality_check() {
        return other(
            "QualityCheck",
            vec![
                ("checkType", s(x.check_type())),
                ("checkJobArn", s(x.check_job_arn())),
                ("violationReport", s(x.violation_report())),
                (
                    "calculatedBaselineStatistics",
                    s(x.calculated_baseline_statistics()),
                ),
                (
                    "calculatedBaselineConstraints",
                    s(x.calculated_baseline_constraints()),
                ),
                ("skipCheck", x.skip_check().map(|b| b.to_string())),
                (
                    "registerNewBaseline",
                    x.register_new_baseline().map(|b| b.to_string()),
                ),
            ],
        );
    }
    if let Some(x) = m.clarify_check() {
        return other(
            "ClarifyCheck",
            vec![
                ("checkType", s(x.check_type())),
                ("checkJobArn", s(x.check_job_arn())),
                ("violationReport", s(x.violation_report())),
                (
                    "calculatedBaselineConstraints",
                    s(x.calculated_baseline_constraints()),
                ),
                ("skipCheck", x.skip_check().map(|b| b.to_string())),
            ],
        );
    }
    if let Some(x) = m.endpoint() {
        return other("Endpoint", vec![("endpointArn", s(x.arn()))]);
    }
    if let Some(x) = m.endpoint_config() {
        return other("EndpointConfig", vec![("endpointConfigArn", s(x.arn()))]);
    }
    // Variants described by their kind only.
    let kinds = [
        ("EMRServerless", m.emr_serverless().is_some()),
        ("BedrockCustomModel", m.bedrock_custom_model().is_some()),
        (
            "BedrockCustomModelDeployment",
            m.bedrock_custom_model_deployment().is_some(),
        ),
        (
            "BedrockProvisionedModelThroughput",
            m.bedrock_provisioned_model_throughput().is_some(),
        ),
        ("BedrockModelImport", m.bedrock_model_import().is_some()),
        ("InferenceComponent", m.inference_component().is_some()),
        ("Lineage", m.lineage().is_some()),
        ("Job", m.job().is_some()),
        ("Athena", m.athena().is_some()),
        ("Cleanup", m.cleanup().is_some()),
        ("ForEach", m.for_each().is_some()),
    ];
    match kinds.iter().find(|(_, present)| *present) {
        Some((kind, _)) => other(kind, vec![]),
        None => StepMetadata::None,
    }
}

/// Small combinators so bucket probes read top to bottom.
trait ProbeExt<T> {
    fn map_value<U>(self, f: impl FnOnce(T) -> U) -> Probe<U>;
    fn and_then<U>(self, f: impl FnOnce(T) -> Probe<U>) -> Probe<U>;
}

impl<T> ProbeExt<T> for Probe<T> {
    fn map_value<U>(self, f: impl FnOnce(T) -> U) -> Probe<U> {
        self.and_then(|v| Probe::Ok { value: f(v) })
    }

    fn and_then<U>(self, f: impl FnOnce(T) -> Probe<U>) -> Probe<U> {
        match self {
            Probe::Ok { value } => f(value),
            Probe::NotConfigured => Probe::NotConfigured,
            Probe::AccessDenied { action } => Probe::AccessDenied { action },
            Probe::NoSuchBucket => Probe::NoSuchBucket,
            Probe::Error { message } => Probe::Error { message },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_map_to_our_errors() {
        let c = |status, code, message| {
            classify(
                status,
                code,
                message,
                "sagemaker:DescribePipeline",
                "pipeline p",
            )
        };
        // Real SageMaker says ResourceNotFound; moto (and some APIs) ValidationException.
        assert!(matches!(
            c(400, "ResourceNotFound", "Pipeline p does not exist"),
            AwsError::NotFound(_)
        ));
        assert!(matches!(
            c(400, "ValidationException", "Pipeline 'p' does not exist."),
            AwsError::NotFound(_)
        ));
        assert!(matches!(
            c(400, "ValidationException", "Could not find job"),
            AwsError::NotFound(_)
        ));
        assert!(matches!(
            c(400, "ValidationException", "1 validation error detected"),
            AwsError::Service { .. }
        ));
        assert!(matches!(
            c(400, "AccessDeniedException", "not authorized"),
            AwsError::AccessDenied { ref action, .. } if action == "sagemaker:DescribePipeline"
        ));
        // An error body the SDK could not read still has its status.
        assert!(matches!(c(403, "", ""), AwsError::AccessDenied { .. }));
        assert!(matches!(
            c(400, "ThrottlingException", "Rate exceeded"),
            AwsError::Throttled(_)
        ));
        assert!(matches!(c(503, "SlowDown", ""), AwsError::Throttled(_)));
        assert!(matches!(
            c(400, "ExpiredTokenException", ""),
            AwsError::Credentials(_)
        ));
        assert!(matches!(
            c(500, "InternalFailure", "boom"),
            AwsError::Service { .. }
        ));
    }

    #[test]
    fn callers_never_see_aws_error_text() {
        let principal =
            "User: arn:aws:sts::123456789012:assumed-role/Ops/alice@example.com is not authorized";
        for e in [
            classify(403, "AccessDenied", principal, "s3:GetObject", "s3://b/k"),
            classify(
                400,
                "ThrottlingException",
                principal,
                "s3:GetObject",
                "s3://b/k",
            ),
            classify(
                500,
                "InternalFailure",
                principal,
                "s3:GetObject",
                "s3://b/k",
            ),
            classify(
                400,
                "ExpiredTokenException",
                principal,
                "s3:GetObject",
                "s3://b/k",
            ),
            classify(
                400,
                "ValidationException",
                principal,
                "s3:GetObject",
                "s3://b/k",
            ),
        ] {
            let shown = format!("{e} {}", e.to_failure().message);
            assert!(
                !shown.contains("alice") && !shown.contains("123456789012"),
                "{shown}"
            );
        }
    }

    #[test]
    fn metrics_keep_their_decimal_value() {
        assert_eq!(widen(0.947_f32), 0.947);
        assert_eq!(widen(4.21_f32), 4.21);
    }
}
