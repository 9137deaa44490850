//! The seam between the service and AWS: reads as values, and the sources that
//! perform them. Nothing here imports the SDK.
//!
//! A read is a value of a type that implements `Read` (the types live with the
//! adapter, `aws::reads`): it says what it answers (`Output`) and how long an answer
//! may be reused. A source performs reads: `Fetch<R>` for each read type `R`, and
//! `LineageSource` is every read the lineage makes. The adapter (`aws::AwsSource`)
//! performs them against AWS; the layers in front of it, the cache
//! (`cache::CachedSource`) and the per-request limit (`limited::Limited`), are generic
//! over `R`: a new read passes through them with no code of its own. Tests drive the
//! service with an in-memory source (`testing::FakeSource`).

use std::collections::BTreeMap;
use std::fmt;

use async_trait::async_trait;
use thiserror::Error;

pub use super::aws::reads::*;
use super::store::{Lifetime, Weigh};
pub use crate::api::{ExecutionListItem, PipelineListItem};
use crate::core::{ErrorCode, Failure};

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

/// A read from AWS, as a value: what it answers, and how long an answer may be reused.
pub trait Read: fmt::Debug + Send + Sync + 'static {
    type Output: Clone + Send + Sync + Weigh + 'static;
    /// The kind of record: names it in the cache and in metrics.
    const KIND: &'static str;
    /// Whether it may change, so that a fresh request (`fresh=true`) reads it again;
    /// what cannot change is reused even then.
    const CHANGES: bool;
    /// Which one of its kind, within a region and profile.
    fn id(&self) -> String;
    /// How long this answer may be reused.
    fn lifetime(&self, output: &Self::Output) -> Lifetime;
    /// The definition text an answer holds, if any: the cache stores it once by
    /// content, so that every execution of one definition shares it.
    fn text(_output: &Self::Output) -> Option<&str> {
        None
    }
    /// The answer without its text (see `text`), to be kept apart from it.
    fn without_text(output: Self::Output) -> Self::Output {
        output
    }
    /// The answer with its text put back.
    fn with_text(output: Self::Output, _text: &str) -> Self::Output {
        output
    }
}

/// A source that can perform reads of type `R`.
#[async_trait]
pub trait Fetch<R: Read>: Send + Sync {
    async fn fetch(&self, target: &AwsTarget, read: &R) -> Result<R::Output, AwsError>;

    /// The answer if it is at hand without any AWS call (a cache has it), else `None`.
    async fn peek(&self, _target: &AwsTarget, _read: &R) -> Option<R::Output> {
        None
    }
}

/// Every read the lineage makes. Adding a read: its type and `Fetch` in the adapter
/// (`aws::reads`, `aws`), one line here, and the caller.
pub trait LineageSource:
    Fetch<ListPipelines>
    + Fetch<DescribePipeline>
    + Fetch<PipelineTags>
    + Fetch<ListExecutions>
    + Fetch<DescribeExecution>
    + Fetch<ExecutionParameters>
    + Fetch<ExecutionDefinition>
    + Fetch<ExecutionSteps>
    + Fetch<DescribeJob>
    + Fetch<DescribeModelPackage>
    + Fetch<ReadObject>
    + Fetch<BucketSecurity>
    + Fetch<DescribeKmsKey>
    + Fetch<AccountPublicAccess>
    + Fetch<ListEndpoints>
    + Fetch<DescribeEndpoint>
    + Fetch<DescribeEndpointConfig>
    + Fetch<DescribeModel>
{
}

impl<T> LineageSource for T where
    T: ?Sized
        + Fetch<ListPipelines>
        + Fetch<DescribePipeline>
        + Fetch<PipelineTags>
        + Fetch<ListExecutions>
        + Fetch<DescribeExecution>
        + Fetch<ExecutionParameters>
        + Fetch<ExecutionDefinition>
        + Fetch<ExecutionSteps>
        + Fetch<DescribeJob>
        + Fetch<DescribeModelPackage>
        + Fetch<ReadObject>
        + Fetch<BucketSecurity>
        + Fetch<DescribeKmsKey>
        + Fetch<AccountPublicAccess>
        + Fetch<ListEndpoints>
        + Fetch<DescribeEndpoint>
        + Fetch<DescribeEndpointConfig>
        + Fetch<DescribeModel>
{
}

/// Performs `read` on `source`.
pub async fn read<S, R>(source: &S, target: &AwsTarget, read: R) -> Result<R::Output, AwsError>
where
    S: Fetch<R> + ?Sized,
    R: Read,
{
    Fetch::<R>::fetch(source, target, &read).await
}

/// The answer to `read` if `source` has it at hand without an AWS call.
pub async fn peek<S, R>(source: &S, target: &AwsTarget, read: R) -> Option<R::Output>
where
    S: Fetch<R> + ?Sized,
    R: Read,
{
    Fetch::<R>::peek(source, target, &read).await
}

/// Weighs a record by the size of its JSON form (see `store::json_weight`).
macro_rules! weigh_as_json {
    ($($t:ty),* $(,)?) => {$(
        impl Weigh for $t {
            fn weight(&self) -> usize {
                super::store::json_weight(self)
            }
        }
    )*};
}

weigh_as_json!(
    crate::core::JobRecord,
    crate::core::ExecutionRecord,
    Vec<crate::core::StepRecord>,
    crate::core::PipelineRecord,
    BTreeMap<String, String>,
    Vec<PipelineListItem>,
    Vec<ExecutionListItem>,
    crate::core::ModelPackageRecord,
    crate::core::BucketRecord,
    crate::core::KeyRecord,
    crate::core::AccountRecord,
    Vec<EndpointListItem>,
    EndpointDescription,
    Vec<VariantConfig>,
    Vec<ModelContainer>,
);
