//! The AWS adapter: the only module that calls the AWS SDK (with its submodules).
//!
//! `AwsSource` performs every read of `reads` (`Fetch<R>` for each) with
//! `aws-sdk-sagemaker`, `aws-sdk-s3`, `aws-sdk-kms` and `aws-sdk-s3control`, drains every paginator, and maps SDK errors
//! once (`map_sdk_error`) into `AwsError`.
//! Configuration is the standard aws-config chain (environment, profiles, SSO,
//! container and instance roles), with timeouts and standard retries (throttling is
//! retried with backoff by the SDK). When an endpoint is overridden
//! (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_S3`) S3 uses path-style addressing, which
//! emulators need.

mod buckets;
pub mod datazone;
mod endpoints;
mod errors;
mod jobs;
mod metadata;
mod observe;
mod posture;
pub mod reads;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sagemaker::types::{SortOrder, SortPipelineExecutionsBy};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;

use self::buckets::{bucket_region, redirect_region, redirected};
use self::errors::map_sdk_error;
use self::metadata::step_metadata;
use self::reads::*;
use super::defaults;
use super::source::{AwsError, AwsTarget, ExecutionListItem, Fetch, PipelineListItem};
use crate::core::{
    AccountRecord, BucketRecord, ExecutionRecord, JobRecord, KeyRecord, ModelPackageRecord,
    PipelineRecord, RunStatus, StepRecord,
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
            connect_timeout: Duration::from_secs(defaults::AWS_CONNECT_TIMEOUT_SECS),
            attempt_timeout: Duration::from_secs(defaults::AWS_ATTEMPT_TIMEOUT_SECS),
            operation_timeout: Duration::from_secs(defaults::AWS_TIMEOUT_SECS),
            max_attempts: defaults::AWS_MAX_ATTEMPTS,
            endpoint_url: None,
        }
    }
}

#[derive(Clone)]
struct Clients {
    sagemaker: aws_sdk_sagemaker::Client,
    s3: aws_sdk_s3::Client,
    kms: aws_sdk_kms::Client,
    s3control: aws_sdk_s3control::Client,
}

/// Clients kept at most (regions times profiles): every AWS region is well under
/// it, and a server that lets callers pick profiles cannot grow without bound.
pub const MAX_CLIENTS: u64 = 64;

/// `LineageSource` backed by the AWS SDK. Clients are built once per region and
/// profile and reused; at most `MAX_CLIENTS` are kept (the least used go first).
pub struct AwsSource {
    settings: AwsSettings,
    clients: moka::future::Cache<AwsTarget, Clients>,
}

impl AwsSource {
    pub fn new(settings: AwsSettings) -> Arc<Self> {
        Arc::new(AwsSource {
            settings,
            clients: moka::future::Cache::new(MAX_CLIENTS),
        })
    }

    /// How many region and profile clients are kept now.
    pub async fn client_count(&self) -> u64 {
        self.clients.run_pending_tasks().await;
        self.clients.entry_count()
    }

    async fn clients(&self, target: &AwsTarget) -> Clients {
        // Concurrent first uses of a target share one configuration load; other
        // targets are not held up by a slow credential provider.
        self.clients
            .get_with_by_ref(target, async {
                let config = self.load_config(target).await;
                let mut s3 =
                    aws_sdk_s3::config::Builder::from(&config).interceptor(observe::Observe);
                if endpoint_overridden() || self.settings.endpoint_url.is_some() {
                    s3 = s3.force_path_style(true);
                }
                let sagemaker =
                    aws_sdk_sagemaker::config::Builder::from(&config).interceptor(observe::Observe);
                let kms = aws_sdk_kms::config::Builder::from(&config).interceptor(observe::Observe);
                let mut s3control =
                    aws_sdk_s3control::config::Builder::from(&config).interceptor(observe::Observe);
                if let Some(url) = self.s3control_endpoint(&config) {
                    s3control = s3control.endpoint_resolver(FixedEndpoint(url));
                }
                Clients {
                    sagemaker: aws_sdk_sagemaker::Client::from_conf(sagemaker.build()),
                    s3: aws_sdk_s3::Client::from_conf(s3.build()),
                    kms: aws_sdk_kms::Client::from_conf(kms.build()),
                    s3control: aws_sdk_s3control::Client::from_conf(s3control.build()),
                }
            })
            .await
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

    /// The overridden S3 Control endpoint, if any (`AWS_ENDPOINT_URL_S3_CONTROL`, or
    /// the override of every service).
    fn s3control_endpoint(&self, config: &SdkConfig) -> Option<String> {
        std::env::var("AWS_ENDPOINT_URL_S3_CONTROL")
            .ok()
            .filter(|u| !u.is_empty())
            .or_else(|| self.settings.endpoint_url.clone())
            .or_else(|| config.endpoint_url().map(str::to_string))
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

/// An S3 Control endpoint taken as given. S3 Control's endpoint rules put the account
/// id in front of the host (`123456789012.s3-control...`), also in front of an
/// overridden endpoint, which an emulator on `127.0.0.1` cannot answer to.
#[derive(Debug)]
struct FixedEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(
            aws_sdk_s3control::config::endpoint::Endpoint::builder()
                .url(self.0.clone())
                .build(),
        ))
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

fn split_s3_uri(uri: &str) -> Option<(&str, &str)> {
    uri.strip_prefix("s3://")?.split_once('/')
}

#[async_trait]
impl Fetch<ListPipelines> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        _: &ListPipelines,
    ) -> Result<Vec<PipelineListItem>, AwsError> {
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
}

#[async_trait]
impl Fetch<DescribePipeline> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &DescribePipeline,
    ) -> Result<PipelineDescription, AwsError> {
        let name = &read.name;
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
        Ok(PipelineDescription {
            pipeline: record,
            definition: out.pipeline_definition().unwrap_or_default().to_string(),
        })
    }
}

#[async_trait]
impl Fetch<PipelineTags> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &PipelineTags,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        let arn = &read.arn;
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
}

#[async_trait]
impl Fetch<ListExecutions> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &ListExecutions,
    ) -> Result<Vec<ExecutionListItem>, AwsError> {
        let pipeline = &read.pipeline;
        let limit = read.limit;
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
                        .map(|s| RunStatus::from(s.as_str()))
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
}

#[async_trait]
impl Fetch<DescribeExecution> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &DescribeExecution,
    ) -> Result<ExecutionRecord, AwsError> {
        let arn = &read.arn;
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
            .map(|s| RunStatus::from(s.as_str()))
            .unwrap_or_else(RunStatus::not_reported);
        // DescribePipelineExecution has no end time: the last modification of a
        // finished execution is when it ended.
        let finished = status.is_terminal();
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
}

#[async_trait]
impl Fetch<ExecutionParameters> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &ExecutionParameters,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        let arn = &read.arn;
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
}

#[async_trait]
impl Fetch<ExecutionDefinition> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &ExecutionDefinition,
    ) -> Result<String, AwsError> {
        let arn = &read.arn;
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
}

#[async_trait]
impl Fetch<ExecutionSteps> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &ExecutionSteps,
    ) -> Result<Vec<StepRecord>, AwsError> {
        let arn = &read.arn;
        let c = self.clients(target).await;
        let mut pages = c
            .sagemaker
            .list_pipeline_execution_steps()
            .pipeline_execution_arn(arn)
            // Newest first: the engine takes a retried step's newest attempt whatever
            // the order, but ties (no start time to compare) keep the first listed.
            .sort_order(SortOrder::Descending)
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
                        .map(|st| RunStatus::from(st.as_str()))
                        .unwrap_or_else(RunStatus::not_reported),
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
}

#[async_trait]
impl Fetch<DescribeJob> for AwsSource {
    async fn fetch(&self, target: &AwsTarget, read: &DescribeJob) -> Result<JobRecord, AwsError> {
        let kind = read.kind;
        let arn = &read.arn;
        jobs::describe(&self.clients(target).await.sagemaker, kind, arn).await
    }
}

#[async_trait]
impl Fetch<DescribeModelPackage> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &DescribeModelPackage,
    ) -> Result<ModelPackageRecord, AwsError> {
        let arn = &read.arn;
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
}

#[async_trait]
impl Fetch<ReadObject> for AwsSource {
    async fn fetch(&self, target: &AwsTarget, read: &ReadObject) -> Result<Vec<u8>, AwsError> {
        let uri = &read.uri;
        let max_bytes = read.max_bytes;
        let (bucket, key) = split_s3_uri(uri)
            .ok_or_else(|| AwsError::NotFound(format!("`{uri}` is not an S3 object URI")))?;
        let s3 = self.clients(target).await.s3;
        let first = s3.get_object().bucket(bucket).key(key).send().await;
        let out = if redirected(&first) {
            // The bucket lives in another region: read it there. S3 names the region
            // in its redirect; ask for the location only when it did not.
            let region = match redirect_region(&first) {
                Some(region) => region,
                None => {
                    let location = s3
                        .get_bucket_location()
                        .bucket(bucket)
                        .send()
                        .await
                        .map_err(|e| map_sdk_error(e, "s3:GetBucketLocation", uri))?;
                    bucket_region(location.location_constraint().map(|c| c.as_str()))
                }
            };
            self.s3_for_region(target, &region)
                .await
                .get_object()
                .bucket(bucket)
                .key(key)
                .send()
                .await
        } else {
            first
        }
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
}

#[async_trait]
impl Fetch<BucketSecurity> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &BucketSecurity,
    ) -> Result<BucketRecord, AwsError> {
        let bucket = &read.bucket;
        let owner = read.expected_owner.as_deref();
        Ok(buckets::security(self, target, bucket, owner).await)
    }
}

#[async_trait]
impl Fetch<DescribeKmsKey> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &DescribeKmsKey,
    ) -> Result<KeyRecord, AwsError> {
        Ok(posture::key(self, target, &read.key).await)
    }
}

#[async_trait]
impl Fetch<AccountPublicAccess> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &AccountPublicAccess,
    ) -> Result<AccountRecord, AwsError> {
        Ok(posture::account(self, target, &read.account).await)
    }
}
