//! The seam between the service and AWS: the `LineageSource` trait and its error type.
//!
//! The service only sees this trait (as `Arc<dyn LineageSource>` in the app state), so
//! it can be driven by the real adapter (`aws.rs`) or by a test double. Nothing here
//! imports the SDK.

use std::collections::BTreeMap;

use async_trait::async_trait;
use thiserror::Error;

pub use crate::api::{ExecutionListItem, PipelineListItem};
use crate::core::{
    BucketRecord, ErrorCode, ExecutionRecord, Failure, JobKind, JobRecord, ModelPackageRecord,
    PipelineRecord, StepRecord,
};

/// Which account view to read: the region, and a named profile when allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AwsTarget {
    pub region: String,
    pub profile: Option<String>,
}

/// Every AWS failure, mapped once from the SDK's errors by the adapter.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum AwsError {
    #[error("{0}")]
    NotFound(String),
    /// `message` is AWS's own text, for the server log only (it can name the
    /// caller's IAM principal).
    #[error("access denied: the server's AWS identity may not call {action}")]
    AccessDenied { action: String, message: String },
    #[error("AWS kept throttling {0} after retries")]
    Throttled(String),
    #[error("AWS did not answer {0} in time")]
    Timeout(String),
    #[error("AWS could not be reached (calling {0})")]
    Unreachable(String),
    #[error("no usable AWS credentials ({0})")]
    Credentials(String),
    /// `message` names the call.
    #[error("AWS answered {code} to {message}")]
    Service { code: String, message: String },
    #[error("{0}")]
    TooLarge(String),
}

impl AwsError {
    /// The same failure as a record for the engine (it becomes a warning).
    pub fn to_failure(&self) -> Failure {
        let (code, action) = match self {
            AwsError::NotFound(_) => (ErrorCode::NotFound, None),
            AwsError::AccessDenied { action, .. } => {
                (ErrorCode::AccessDenied, Some(action.as_str()))
            }
            AwsError::Throttled(_) => (ErrorCode::Throttled, None),
            AwsError::Timeout(_) => (ErrorCode::Timeout, None),
            AwsError::Unreachable(_) => (ErrorCode::Unreachable, None),
            AwsError::Credentials(_) => (ErrorCode::Credentials, None),
            AwsError::Service { .. } => (ErrorCode::AwsError, None),
            AwsError::TooLarge(_) => (ErrorCode::TooLarge, None),
        };
        Failure::new(code, action, self.to_string())
    }
}

/// Read-only access to the SageMaker and S3 records lineage needs. Implementations
/// read every page of paginated calls.
#[async_trait]
pub trait LineageSource: Send + Sync {
    async fn list_pipelines(&self, target: &AwsTarget) -> Result<Vec<PipelineListItem>, AwsError>;

    /// The pipeline and its current definition.
    async fn describe_pipeline(
        &self,
        target: &AwsTarget,
        name: &str,
    ) -> Result<(PipelineRecord, String), AwsError>;

    async fn pipeline_tags(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError>;

    /// Most recent first, at most `limit`.
    async fn list_executions(
        &self,
        target: &AwsTarget,
        pipeline: &str,
        limit: usize,
    ) -> Result<Vec<ExecutionListItem>, AwsError>;

    /// The execution without its parameters.
    async fn describe_execution(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<ExecutionRecord, AwsError>;

    async fn execution_parameters(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError>;

    /// The definition this execution ran.
    async fn execution_definition(&self, target: &AwsTarget, arn: &str)
        -> Result<String, AwsError>;

    async fn execution_steps(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<Vec<StepRecord>, AwsError>;

    async fn describe_job(
        &self,
        target: &AwsTarget,
        kind: JobKind,
        arn: &str,
    ) -> Result<JobRecord, AwsError>;

    async fn describe_model_package(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<ModelPackageRecord, AwsError>;

    /// An S3 object, refused (`TooLarge`) past `max_bytes`.
    async fn read_object(
        &self,
        target: &AwsTarget,
        uri: &str,
        max_bytes: usize,
    ) -> Result<Vec<u8>, AwsError>;

    /// Location, encryption, versioning, public access block and tags of a bucket;
    /// each part says on its own whether it could be read.
    async fn bucket_security(&self, target: &AwsTarget, bucket: &str) -> BucketRecord;
}
