//! Every read the lineage makes of AWS, as a value with its cache policy (`Read`):
//! what it answers, whether a fresh request reads it again, and how long an answer
//! may be reused. The adapter performs them (`Fetch` in `aws`); the cache and the
//! per-request limit handle them all alike. Plain data: no SDK here.

use crate::core::{
    AccountRecord, BucketRecord, ExecutionRecord, JobKind, JobRecord, KeyRecord,
    ModelPackageRecord, PipelineRecord, Probe, StepRecord,
};
use crate::server::source::{ExecutionListItem, PipelineListItem, Read};
use crate::server::store::{Lifetime, Weigh};
use std::collections::BTreeMap;

/// The pipelines of a region (`ListPipelines`, every page).
#[derive(Debug, Clone)]
pub struct ListPipelines;

impl Read for ListPipelines {
    type Output = Vec<PipelineListItem>;
    const KIND: &'static str = "pipeline_list";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        String::new()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Changing
    }
}

/// A pipeline and its current definition (`DescribePipeline`).
#[derive(Debug, Clone)]
pub struct DescribePipeline {
    pub name: String,
}

/// What `DescribePipeline` answers: the pipeline and its current definition text.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineDescription {
    pub pipeline: PipelineRecord,
    pub definition: String,
}

impl Weigh for PipelineDescription {
    fn weight(&self) -> usize {
        self.pipeline.weight() + self.definition.len()
    }
}

impl Read for DescribePipeline {
    type Output = PipelineDescription;
    const KIND: &'static str = "pipeline";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        self.name.clone()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Changing
    }
    fn text(output: &Self::Output) -> Option<&str> {
        Some(&output.definition)
    }
    fn without_text(output: Self::Output) -> Self::Output {
        PipelineDescription {
            definition: String::new(),
            ..output
        }
    }
    fn with_text(output: Self::Output, text: &str) -> Self::Output {
        PipelineDescription {
            definition: text.to_string(),
            ..output
        }
    }
}

/// A pipeline's tags (`ListTags`, every page).
#[derive(Debug, Clone)]
pub struct PipelineTags {
    pub arn: String,
}

impl Read for PipelineTags {
    type Output = BTreeMap<String, String>;
    const KIND: &'static str = "tags";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        self.arn.clone()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Changing
    }
}

/// The most recent executions of a pipeline, newest first, at most `limit`.
#[derive(Debug, Clone)]
pub struct ListExecutions {
    pub pipeline: String,
    pub limit: usize,
}

impl Read for ListExecutions {
    type Output = Vec<ExecutionListItem>;
    const KIND: &'static str = "execution_list";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        format!("{}/{}", self.pipeline, self.limit)
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        // "Latest" comes from here: as short-lived as live documents.
        Lifetime::Live
    }
}

/// An execution, without its parameters (`DescribePipelineExecution`).
#[derive(Debug, Clone)]
pub struct DescribeExecution {
    pub arn: String,
}

impl Read for DescribeExecution {
    type Output = ExecutionRecord;
    const KIND: &'static str = "execution";
    const CHANGES: bool = false;
    fn id(&self) -> String {
        self.arn.clone()
    }
    fn lifetime(&self, e: &ExecutionRecord) -> Lifetime {
        if e.status.is_final_execution() {
            Lifetime::Kept
        } else {
            Lifetime::Once
        }
    }
}

/// An execution's parameter values (`ListPipelineParametersForExecution`).
#[derive(Debug, Clone)]
pub struct ExecutionParameters {
    pub arn: String,
}

impl Read for ExecutionParameters {
    type Output = BTreeMap<String, String>;
    const KIND: &'static str = "parameters";
    const CHANGES: bool = false;
    fn id(&self) -> String {
        self.arn.clone()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        // Fixed when the execution starts.
        Lifetime::Kept
    }
}

/// The definition an execution ran (`DescribePipelineDefinitionForExecution`).
#[derive(Debug, Clone)]
pub struct ExecutionDefinition {
    pub arn: String,
}

impl Read for ExecutionDefinition {
    type Output = String;
    const KIND: &'static str = "definition";
    const CHANGES: bool = false;
    fn id(&self) -> String {
        self.arn.clone()
    }
    fn lifetime(&self, _: &String) -> Lifetime {
        // Fixed when the execution starts.
        Lifetime::Kept
    }
    fn text(output: &String) -> Option<&str> {
        Some(output)
    }
    fn without_text(_: String) -> String {
        String::new()
    }
    fn with_text(_: String, text: &str) -> String {
        text.to_string()
    }
}

/// An execution's steps (`ListPipelineExecutionSteps`, every page, newest first).
#[derive(Debug, Clone)]
pub struct ExecutionSteps {
    pub arn: String,
    /// Whether the execution was known to have ended (Succeeded or Stopped) before
    /// this read began. Only then can the list be final: a list read while an
    /// execution ends may lack steps or show one running.
    pub after_final: bool,
}

impl Read for ExecutionSteps {
    type Output = Vec<StepRecord>;
    const KIND: &'static str = "steps";
    const CHANGES: bool = false;
    fn id(&self) -> String {
        self.arn.clone()
    }
    fn lifetime(&self, steps: &Vec<StepRecord>) -> Lifetime {
        if self.after_final && steps.iter().all(|s| s.status.is_terminal()) {
            Lifetime::Kept
        } else {
            Lifetime::Once
        }
    }
}

/// A job's description (processing, training, transform, tuning, AutoML).
#[derive(Debug, Clone)]
pub struct DescribeJob {
    pub kind: JobKind,
    pub arn: String,
}

impl Read for DescribeJob {
    type Output = JobRecord;
    const KIND: &'static str = "job";
    const CHANGES: bool = false;
    fn id(&self) -> String {
        format!("{:?}/{}", self.kind, self.arn)
    }
    fn lifetime(&self, job: &JobRecord) -> Lifetime {
        if job.status.is_terminal() {
            Lifetime::Kept
        } else {
            Lifetime::Once
        }
    }
}

/// A model package (`DescribeModelPackage`): its approval may change.
#[derive(Debug, Clone)]
pub struct DescribeModelPackage {
    pub arn: String,
}

impl Read for DescribeModelPackage {
    type Output = ModelPackageRecord;
    const KIND: &'static str = "model_package";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        self.arn.clone()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Changing
    }
}

/// An S3 object (a report), refused (`TooLarge`) past `max_bytes`.
#[derive(Debug, Clone)]
pub struct ReadObject {
    pub uri: String,
    pub max_bytes: usize,
}

impl Read for ReadObject {
    type Output = Vec<u8>;
    const KIND: &'static str = "object";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        format!("{}/{}", self.max_bytes, self.uri)
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Changing
    }
}

/// A bucket's location, encryption, versioning, public access block, tags and
/// controls (policy, ACL, ownership, Object Lock, logging, lifecycle); each part says
/// on its own whether it could be read, so this read never fails.
#[derive(Debug, Clone)]
pub struct BucketSecurity {
    pub bucket: String,
    /// For the SageMaker default bucket name of the pipeline's account: that
    /// account, to check that it owns the bucket.
    pub expected_owner: Option<String>,
}

impl Read for BucketSecurity {
    type Output = BucketRecord;
    const KIND: &'static str = "bucket";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        match &self.expected_owner {
            Some(owner) => format!("{}?owner={owner}", self.bucket),
            None => self.bucket.clone(),
        }
    }
    fn lifetime(&self, b: &BucketRecord) -> Lifetime {
        // A failed probe may be a passing fault: not kept (denials are answers).
        fn error<T>(p: &Probe<T>) -> bool {
            matches!(p, Probe::Error { .. })
        }
        let controls_failed = b.controls.as_ref().is_some_and(|c| {
            error(&c.policy_status)
                || error(&c.policy)
                || error(&c.acl)
                || error(&c.ownership)
                || error(&c.object_lock)
                || error(&c.logging)
                || error(&c.lifecycle)
                || c.owned.as_ref().is_some_and(error)
        });
        let failed = error(&b.region)
            || error(&b.encryption)
            || error(&b.versioning)
            || error(&b.public_access)
            || error(&b.tags)
            || controls_failed;
        if failed {
            Lifetime::Once
        } else {
            Lifetime::Changing
        }
    }
}

/// A KMS key (`DescribeKey`, and `GetKeyRotationStatus` for a customer-managed
/// symmetric key), named as a bucket or job names it; each part says on its own
/// whether it could be read, so this read never fails.
#[derive(Debug, Clone)]
pub struct DescribeKmsKey {
    pub key: String,
}

impl Read for DescribeKmsKey {
    type Output = KeyRecord;
    const KIND: &'static str = "kms_key";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        self.key.clone()
    }
    fn lifetime(&self, k: &KeyRecord) -> Lifetime {
        let failed = matches!(k.description, Probe::Error { .. })
            || matches!(k.rotation, Some(Probe::Error { .. }));
        if failed {
            Lifetime::Once
        } else {
            Lifetime::Changing
        }
    }
}

/// An account's S3 block public access (S3 Control `GetPublicAccessBlock`); the
/// outcome says whether it could be read, so this read never fails.
#[derive(Debug, Clone)]
pub struct AccountPublicAccess {
    pub account: String,
}

impl Read for AccountPublicAccess {
    type Output = AccountRecord;
    const KIND: &'static str = "account";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        self.account.clone()
    }
    fn lifetime(&self, a: &AccountRecord) -> Lifetime {
        if matches!(a.public_access, Probe::Error { .. }) {
            Lifetime::Once
        } else {
            Lifetime::Changing
        }
    }
}

impl Weigh for String {
    fn weight(&self) -> usize {
        self.len()
    }
}

/// The endpoints of a region (`ListEndpoints`, every page).
#[derive(Debug, Clone)]
pub struct ListEndpoints;

/// An endpoint as `ListEndpoints` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EndpointListItem {
    pub name: String,
    pub arn: Option<String>,
    pub status: String,
    pub last_modified: Option<String>,
}

impl Read for ListEndpoints {
    type Output = Vec<EndpointListItem>;
    const KIND: &'static str = "endpoint_list";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        String::new()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Live
    }
}

/// An endpoint (`DescribeEndpoint`): its status and config change.
#[derive(Debug, Clone)]
pub struct DescribeEndpoint {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EndpointDescription {
    pub name: String,
    pub arn: Option<String>,
    pub status: String,
    pub config_name: Option<String>,
    pub last_modified: Option<String>,
    pub failure_reason: Option<String>,
}

impl Read for DescribeEndpoint {
    type Output = EndpointDescription;
    const KIND: &'static str = "endpoint";
    const CHANGES: bool = true;
    fn id(&self) -> String {
        self.name.clone()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Live
    }
}

/// An endpoint config's production variants (`DescribeEndpointConfig`): a config
/// never changes (an endpoint moves to a new one instead).
#[derive(Debug, Clone)]
pub struct DescribeEndpointConfig {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct VariantConfig {
    pub variant: String,
    pub model_name: Option<String>,
}

impl Read for DescribeEndpointConfig {
    type Output = Vec<VariantConfig>;
    const KIND: &'static str = "endpoint_config";
    const CHANGES: bool = false;
    fn id(&self) -> String {
        self.name.clone()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Kept
    }
}

/// A model's containers (`DescribeModel`): a model never changes.
#[derive(Debug, Clone)]
pub struct DescribeModel {
    pub name: String,
}

/// What a container serves: a model package, or a model artifact.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModelContainer {
    pub model_package_arn: Option<String>,
    pub model_data_url: Option<String>,
}

impl Read for DescribeModel {
    type Output = Vec<ModelContainer>;
    const KIND: &'static str = "model";
    const CHANGES: bool = false;
    fn id(&self) -> String {
        self.name.clone()
    }
    fn lifetime(&self, _: &Self::Output) -> Lifetime {
        Lifetime::Kept
    }
}
