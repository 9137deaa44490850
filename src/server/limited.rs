//! A request's bound on AWS reads in flight.

use std::collections::BTreeMap;

use async_trait::async_trait;
use tokio::sync::Semaphore;

use super::source::{AwsError, AwsTarget, ExecutionListItem, LineageSource, PipelineListItem};
use crate::core::{
    BucketRecord, ExecutionRecord, JobKind, JobRecord, ModelPackageRecord, PipelineRecord,
    StepRecord,
};

/// A `LineageSource` whose calls wait for one of a fixed number of permits: the
/// request's bound on AWS reads in flight.
pub struct Limited<'a> {
    inner: &'a dyn LineageSource,
    permits: Semaphore,
}

impl<'a> Limited<'a> {
    pub fn new(inner: &'a dyn LineageSource, permits: usize) -> Self {
        Limited {
            inner,
            permits: Semaphore::new(permits.max(1)),
        }
    }

    async fn permit(&self) -> tokio::sync::SemaphorePermit<'_> {
        self.permits
            .acquire()
            .await
            .expect("the semaphore is never closed")
    }
}

#[async_trait]
impl LineageSource for Limited<'_> {
    async fn list_pipelines(&self, t: &AwsTarget) -> Result<Vec<PipelineListItem>, AwsError> {
        let _p = self.permit().await;
        self.inner.list_pipelines(t).await
    }
    async fn describe_pipeline(
        &self,
        t: &AwsTarget,
        name: &str,
    ) -> Result<(PipelineRecord, String), AwsError> {
        let _p = self.permit().await;
        self.inner.describe_pipeline(t, name).await
    }
    async fn pipeline_tags(
        &self,
        t: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        let _p = self.permit().await;
        self.inner.pipeline_tags(t, arn).await
    }
    async fn list_executions(
        &self,
        t: &AwsTarget,
        p: &str,
        limit: usize,
    ) -> Result<Vec<ExecutionListItem>, AwsError> {
        let _p = self.permit().await;
        self.inner.list_executions(t, p, limit).await
    }
    async fn describe_execution(
        &self,
        t: &AwsTarget,
        arn: &str,
    ) -> Result<ExecutionRecord, AwsError> {
        let _p = self.permit().await;
        self.inner.describe_execution(t, arn).await
    }
    async fn execution_parameters(
        &self,
        t: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        let _p = self.permit().await;
        self.inner.execution_parameters(t, arn).await
    }
    async fn execution_definition(&self, t: &AwsTarget, arn: &str) -> Result<String, AwsError> {
        let _p = self.permit().await;
        self.inner.execution_definition(t, arn).await
    }
    async fn execution_steps(&self, t: &AwsTarget, arn: &str) -> Result<Vec<StepRecord>, AwsError> {
        let _p = self.permit().await;
        self.inner.execution_steps(t, arn).await
    }
    async fn describe_job(
        &self,
        t: &AwsTarget,
        kind: JobKind,
        arn: &str,
    ) -> Result<JobRecord, AwsError> {
        let _p = self.permit().await;
        self.inner.describe_job(t, kind, arn).await
    }
    async fn describe_model_package(
        &self,
        t: &AwsTarget,
        arn: &str,
    ) -> Result<ModelPackageRecord, AwsError> {
        let _p = self.permit().await;
        self.inner.describe_model_package(t, arn).await
    }
    async fn read_object(&self, t: &AwsTarget, uri: &str, max: usize) -> Result<Vec<u8>, AwsError> {
        let _p = self.permit().await;
        self.inner.read_object(t, uri, max).await
    }
    async fn bucket_security(&self, t: &AwsTarget, bucket: &str) -> BucketRecord {
        let _p = self.permit().await;
        self.inner.bucket_security(t, bucket).await
    }
}
