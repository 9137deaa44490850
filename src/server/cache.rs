//! `CachedSource`: caches of AWS records in front of another `LineageSource` (whole
//! documents are cached by `documents::DocumentCache`).
//!
//! What cannot change is kept until evicted: descriptions of jobs in a terminal state,
//! the definition and parameters of an execution, the steps and description of a
//! finished execution. What can change (bucket configuration, pipeline lists and
//! definitions, model package approval, reports) is kept for a short TTL. Every cache
//! is bounded in entries, and concurrent reads of the same key share one AWS call.
//!
//! A request that asks for fresh data (`fresh=true`) runs inside `with_fresh`, which
//! bypasses the short-lived entries (and refreshes them) but still reuses immutable
//! ones.

use std::collections::BTreeMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use moka::future::Cache;

use super::metrics;
use super::source::{AwsError, AwsTarget, ExecutionListItem, LineageSource, PipelineListItem};
use crate::core::{
    BucketRecord, ExecutionRecord, JobKind, JobRecord, ModelPackageRecord, PipelineRecord, Probe,
    StepRecord,
};

tokio::task_local! {
    static FRESH: bool;
}

/// Runs `f` with the short-lived caches bypassed when `fresh` is set.
pub async fn with_fresh<F: Future>(fresh: bool, f: F) -> F::Output {
    FRESH.scope(fresh, f).await
}

fn fresh() -> bool {
    FRESH.try_with(|f| *f).unwrap_or(false)
}

/// Cache behaviour since start.
#[derive(Debug, Default)]
pub struct CacheStats {
    pub hits: AtomicU64,
    pub misses: AtomicU64,
}

#[derive(Debug, Clone)]
pub struct CacheSettings {
    /// How long changing records (buckets, lists, definitions, reports, approvals)
    /// and documents of finished executions are reused.
    pub ttl: Duration,
    /// Documents that may change soon (running executions, "latest") are reused
    /// at most this long.
    pub live_ttl: Duration,
    /// Entries per cache.
    pub max_entries: u64,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            ttl: Duration::from_secs(60),
            live_ttl: Duration::from_secs(5),
            max_entries: 10_000,
        }
    }
}

type Key<T> = (AwsTarget, T);
type Shared<T> = Result<T, AwsError>;

/// `LineageSource` with caches, over another `LineageSource`.
pub struct CachedSource {
    inner: Arc<dyn LineageSource>,
    stats: Arc<CacheStats>,
    jobs: Cache<Key<(JobKind, String)>, JobRecord>,
    definitions: Cache<Key<String>, String>,
    parameters: Cache<Key<String>, BTreeMap<String, String>>,
    executions: Cache<Key<String>, ExecutionRecord>,
    steps: Cache<Key<String>, Vec<StepRecord>>,
    pipelines: Cache<Key<String>, (PipelineRecord, String)>,
    pipeline_lists: Cache<AwsTarget, Vec<PipelineListItem>>,
    execution_lists: Cache<Key<(String, usize)>, Vec<ExecutionListItem>>,
    tags: Cache<Key<String>, BTreeMap<String, String>>,
    packages: Cache<Key<String>, ModelPackageRecord>,
    objects: Cache<Key<(String, usize)>, Vec<u8>>,
    buckets: Cache<Key<String>, BucketRecord>,
}

fn bounded<K, V>(max: u64) -> Cache<K, V>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    Cache::builder().max_capacity(max).build()
}

fn timed<K, V>(max: u64, ttl: Duration) -> Cache<K, V>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    Cache::builder().max_capacity(max).time_to_live(ttl).build()
}

fn terminal_job(status: &str) -> bool {
    matches!(status, "Completed" | "Failed" | "Stopped")
}

/// Succeeded and Stopped executions never change. (A Failed one can be retried.)
fn final_execution(status: &str) -> bool {
    matches!(status, "Succeeded" | "Stopped")
}

impl CachedSource {
    pub fn new(inner: Arc<dyn LineageSource>, settings: &CacheSettings) -> Arc<Self> {
        let (n, ttl, live) = (settings.max_entries, settings.ttl, settings.live_ttl);
        Arc::new(CachedSource {
            inner,
            stats: Arc::new(CacheStats::default()),
            jobs: bounded(n),
            definitions: bounded(n),
            parameters: bounded(n),
            executions: bounded(n),
            steps: bounded(n),
            pipelines: timed(n, ttl),
            pipeline_lists: timed(n, ttl),
            // "Latest" comes from here: as short-lived as live documents.
            execution_lists: timed(n, live),
            tags: timed(n, ttl),
            packages: timed(n, ttl),
            objects: timed(n, ttl),
            buckets: timed(n, ttl),
        })
    }

    pub fn stats(&self) -> Arc<CacheStats> {
        self.stats.clone()
    }

    fn count(&self, kind: &'static str, hit: bool) {
        let stat = if hit {
            &self.stats.hits
        } else {
            &self.stats.misses
        };
        stat.fetch_add(1, Ordering::Relaxed);
        metrics::cache_lookup(kind, hit);
    }

    /// Reads through `cache`: one load per key at a time, kept only if `keep` says
    /// the value may be reused. `volatile` entries are bypassed by fresh requests.
    async fn through<K, V, Fut>(
        &self,
        kind: &'static str,
        cache: &Cache<K, V>,
        key: K,
        volatile: bool,
        keep: impl Fn(&V) -> bool,
        load: Fut,
    ) -> Shared<V>
    where
        K: Hash + Eq + Clone + Send + Sync + 'static,
        V: Clone + Send + Sync + 'static,
        Fut: Future<Output = Shared<V>>,
    {
        if volatile && fresh() {
            cache.invalidate(&key).await;
        }
        if let Some(v) = cache.get(&key).await {
            self.count(kind, true);
            return Ok(v);
        }
        let missed = std::sync::atomic::AtomicBool::new(false);
        let result = cache
            .try_get_with(key.clone(), async {
                missed.store(true, Ordering::Relaxed);
                load.await
            })
            .await
            .map_err(|e: Arc<AwsError>| (*e).clone());
        self.count(kind, !missed.load(Ordering::Relaxed));
        if let Ok(v) = &result {
            if !keep(v) {
                cache.invalidate(&key).await;
            }
        }
        result
    }
}

fn has_error(b: &BucketRecord) -> bool {
    fn error<T>(p: &Probe<T>) -> bool {
        matches!(p, Probe::Error { .. })
    }
    error(&b.region)
        || error(&b.encryption)
        || error(&b.versioning)
        || error(&b.public_access)
        || error(&b.tags)
}

fn key<T>(target: &AwsTarget, t: T) -> Key<T> {
    (target.clone(), t)
}

#[async_trait]
impl LineageSource for CachedSource {
    async fn list_pipelines(&self, target: &AwsTarget) -> Result<Vec<PipelineListItem>, AwsError> {
        self.through(
            "pipeline_list",
            &self.pipeline_lists,
            target.clone(),
            true,
            |_| true,
            self.inner.list_pipelines(target),
        )
        .await
    }

    async fn describe_pipeline(
        &self,
        target: &AwsTarget,
        name: &str,
    ) -> Result<(PipelineRecord, String), AwsError> {
        self.through(
            "pipeline",
            &self.pipelines,
            key(target, name.to_string()),
            true,
            |_| true,
            self.inner.describe_pipeline(target, name),
        )
        .await
    }

    async fn pipeline_tags(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        self.through(
            "tags",
            &self.tags,
            key(target, arn.to_string()),
            true,
            |_| true,
            self.inner.pipeline_tags(target, arn),
        )
        .await
    }

    async fn list_executions(
        &self,
        target: &AwsTarget,
        pipeline: &str,
        limit: usize,
    ) -> Result<Vec<ExecutionListItem>, AwsError> {
        self.through(
            "execution_list",
            &self.execution_lists,
            key(target, (pipeline.to_string(), limit)),
            true,
            |_| true,
            self.inner.list_executions(target, pipeline, limit),
        )
        .await
    }

    async fn describe_execution(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<ExecutionRecord, AwsError> {
        self.through(
            "execution",
            &self.executions,
            key(target, arn.to_string()),
            false,
            |e| final_execution(&e.status),
            self.inner.describe_execution(target, arn),
        )
        .await
    }

    async fn execution_parameters(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        self.through(
            "parameters",
            &self.parameters,
            key(target, arn.to_string()),
            false,
            |_| true,
            self.inner.execution_parameters(target, arn),
        )
        .await
    }

    async fn execution_definition(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<String, AwsError> {
        self.through(
            "definition",
            &self.definitions,
            key(target, arn.to_string()),
            false,
            |_| true,
            self.inner.execution_definition(target, arn),
        )
        .await
    }

    async fn execution_steps(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<Vec<StepRecord>, AwsError> {
        // Steps are final once the execution is: kept only when the cached execution
        // says so (describe_execution runs alongside and is cached first if final).
        let k = key(target, arn.to_string());
        let finished = self
            .executions
            .get(&k)
            .await
            .is_some_and(|e| final_execution(&e.status));
        if !finished {
            self.count("steps", false);
            let steps = self.inner.execution_steps(target, arn).await;
            if let Ok(s) = &steps {
                if self
                    .executions
                    .get(&k)
                    .await
                    .is_some_and(|e| final_execution(&e.status))
                {
                    self.steps.insert(k, s.clone()).await;
                }
            }
            return steps;
        }
        self.through(
            "steps",
            &self.steps,
            k,
            false,
            |_| true,
            self.inner.execution_steps(target, arn),
        )
        .await
    }

    async fn describe_job(
        &self,
        target: &AwsTarget,
        kind: JobKind,
        arn: &str,
    ) -> Result<JobRecord, AwsError> {
        self.through(
            "job",
            &self.jobs,
            key(target, (kind, arn.to_string())),
            false,
            |j| terminal_job(&j.status),
            self.inner.describe_job(target, kind, arn),
        )
        .await
    }

    async fn describe_model_package(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<ModelPackageRecord, AwsError> {
        self.through(
            "model_package",
            &self.packages,
            key(target, arn.to_string()),
            true,
            |_| true,
            self.inner.describe_model_package(target, arn),
        )
        .await
    }

    async fn read_object(
        &self,
        target: &AwsTarget,
        uri: &str,
        max_bytes: usize,
    ) -> Result<Vec<u8>, AwsError> {
        self.through(
            "object",
            &self.objects,
            key(target, (uri.to_string(), max_bytes)),
            true,
            |_| true,
            self.inner.read_object(target, uri, max_bytes),
        )
        .await
    }

    async fn bucket_security(&self, target: &AwsTarget, bucket: &str) -> BucketRecord {
        let result = self
            .through(
                "bucket",
                &self.buckets,
                key(target, bucket.to_string()),
                true,
                // A failed read may be a passing fault: not kept (denials are answers).
                |b: &BucketRecord| !has_error(b),
                async { Ok(self.inner.bucket_security(target, bucket).await) },
            )
            .await;
        match result {
            Ok(b) => b,
            Err(_) => self.inner.bucket_security(target, bucket).await,
        }
    }
}

#[cfg(test)]
mod tests;
