//! `CachedSource`: AWS records cached in the `Store`, in front of another
//! `LineageSource` (whole documents are cached by `documents::DocumentCache`).
//!
//! What cannot change is kept until evicted: descriptions of jobs in a terminal
//! state, the definition and parameters of an execution, the description of a
//! Succeeded or Stopped execution, and a step list proven final (see
//! `execution_steps`). What can change (bucket configuration, pipeline lists and
//! definitions, model package approval, reports) is kept for `--cache-ttl`, the
//! execution lists "latest" comes from for `--live-ttl`. Concurrent reads of the same
//! record share one AWS call. Identical definition texts (every execution of an
//! unchanged pipeline runs the same one) are stored once.
//!
//! A request that asks for fresh data (`fresh=true`) runs inside `with_fresh`, which
//! bypasses the changing entries (and refreshes them) but still reuses the ones that
//! cannot change.

use std::collections::BTreeMap;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::metrics;
use super::source::{AwsError, AwsTarget, ExecutionListItem, LineageSource, PipelineListItem};
pub use super::store::CacheSettings;
use super::store::{json_weight, Key, Lifetime, Store, Weigh};
use crate::core::{
    BucketRecord, ExecutionRecord, JobKind, JobRecord, ModelPackageRecord, PipelineRecord, Probe,
    StepRecord,
};

tokio::task_local! {
    static FRESH: bool;
}

/// Runs `f` with the changing caches bypassed when `fresh` is set.
pub async fn with_fresh<F: Future>(fresh: bool, f: F) -> F::Output {
    FRESH.scope(fresh, f).await
}

fn fresh() -> bool {
    FRESH.try_with(|f| *f).unwrap_or(false)
}

/// `LineageSource` with caches, over another `LineageSource`.
pub struct CachedSource {
    inner: Arc<dyn LineageSource>,
    store: Arc<Store>,
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

/// The key of a definition text: a hash of its content (compared in full on reuse).
fn text_key(text: &str) -> Key {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    Key::new("text", None, format!("{:016x}-{}", h.finish(), text.len()))
}

/// A record that refers to a definition text stored once (under `text_key`).
#[derive(Clone)]
struct WithText<M> {
    meta: M,
    text: Key,
}

impl<M: Weigh> Weigh for WithText<M> {
    fn weight(&self) -> usize {
        self.meta.weight() + 96
    }
}

impl CachedSource {
    pub fn new(inner: Arc<dyn LineageSource>, store: Arc<Store>) -> Arc<Self> {
        Arc::new(CachedSource { inner, store })
    }

    /// Reads through the store under `kind`: one load per key at a time, reused for
    /// the lifetime `lifetime` gives the value. `volatile` entries are bypassed (and
    /// refreshed) by fresh requests.
    async fn through<V, Fut>(
        &self,
        kind: &'static str,
        key: Key,
        volatile: bool,
        lifetime: impl Fn(&V) -> Lifetime,
        load: Fut,
    ) -> Result<V, AwsError>
    where
        V: Weigh + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<V, AwsError>>,
    {
        if volatile && fresh() {
            self.store.invalidate::<V>(&key).await;
        }
        let (result, hit) = self.store.through(key, lifetime, load).await;
        metrics::cache_lookup(kind, hit);
        result
    }

    /// A record with a definition text: the record under `key`, the text stored once
    /// by content, so that executions running the same definition share it.
    async fn through_text<M, Load, Fut>(
        &self,
        kind: &'static str,
        key: Key,
        volatile: bool,
        lifetime: Lifetime,
        load: Load,
    ) -> Result<(M, String), AwsError>
    where
        M: Weigh + Clone + Send + Sync + 'static,
        Load: Fn() -> Fut,
        Fut: Future<Output = Result<(M, String), AwsError>>,
    {
        // The text this call loaded itself, if it did: usable even if the store
        // declined to keep it.
        let loaded: Mutex<Option<Arc<str>>> = Mutex::new(None);
        let record = self
            .through(kind, key.clone(), volatile, |_| lifetime, async {
                let (meta, text) = load().await?;
                let text: Arc<str> = text.into();
                let text_key = text_key(&text);
                self.store
                    .insert(text_key.clone(), text.clone(), Lifetime::Kept)
                    .await;
                *loaded.lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
                Ok(WithText {
                    meta,
                    text: text_key,
                })
            })
            .await?;
        let mine = loaded.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(text) = mine {
            return Ok((record.meta, text.to_string()));
        }
        if let Some(text) = self.store.get::<Arc<str>>(&record.text).await {
            return Ok((record.meta, text.to_string()));
        }
        // The text was evicted before the record that names it: read both again.
        self.store.invalidate::<WithText<M>>(&key).await;
        let (meta, text) = load().await?;
        Ok((meta, text))
    }
}

fn key(kind: &'static str, target: &AwsTarget, id: impl Into<Box<str>>) -> Key {
    Key::new(kind, Some(target), id)
}

#[async_trait]
impl LineageSource for CachedSource {
    async fn list_pipelines(&self, target: &AwsTarget) -> Result<Vec<PipelineListItem>, AwsError> {
        self.through(
            "pipeline_list",
            key("pipeline_list", target, ""),
            true,
            |_| Lifetime::Changing,
            self.inner.list_pipelines(target),
        )
        .await
    }

    async fn describe_pipeline(
        &self,
        target: &AwsTarget,
        name: &str,
    ) -> Result<(PipelineRecord, String), AwsError> {
        self.through_text(
            "pipeline",
            key("pipeline", target, name),
            true,
            Lifetime::Changing,
            || self.inner.describe_pipeline(target, name),
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
            key("tags", target, arn),
            true,
            |_| Lifetime::Changing,
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
            key("execution_list", target, format!("{pipeline}/{limit}")),
            true,
            // "Latest" comes from here: as short-lived as live documents.
            |_| Lifetime::Live,
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
            key("execution", target, arn),
            false,
            |e: &ExecutionRecord| {
                if e.status.is_final_execution() {
                    Lifetime::Kept
                } else {
                    Lifetime::Once
                }
            },
            self.inner.describe_execution(target, arn),
        )
        .await
    }

    async fn execution_parameters(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        // Fixed when the execution starts.
        self.through(
            "parameters",
            key("parameters", target, arn),
            false,
            |_| Lifetime::Kept,
            self.inner.execution_parameters(target, arn),
        )
        .await
    }

    async fn execution_definition(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<String, AwsError> {
        // Fixed when the execution starts; shared with every execution of the same
        // definition.
        self.through_text(
            "definition",
            key("definition", target, arn),
            false,
            Lifetime::Kept,
            || async {
                let text = self.inner.execution_definition(target, arn).await?;
                Ok(((), text))
            },
        )
        .await
        .map(|((), text)| text)
    }

    async fn execution_steps(
        &self,
        target: &AwsTarget,
        arn: &str,
    ) -> Result<Vec<StepRecord>, AwsError> {
        // A step list is final only when it was read after the execution was seen
        // final (a list read while it ran may lack steps or show one running, even if
        // the execution finished a moment later) and every step in it is terminal.
        // Anything else is read again each time, fresh or not.
        let seen_final = self
            .store
            .get::<ExecutionRecord>(&key("execution", target, arn))
            .await
            .is_some_and(|e| e.status.is_final_execution());
        if !seen_final {
            metrics::cache_lookup("steps", false);
            return self.inner.execution_steps(target, arn).await;
        }
        self.through(
            "steps",
            key("steps", target, arn),
            false,
            |steps: &Vec<StepRecord>| {
                if steps.iter().all(|s| s.status.is_terminal()) {
                    Lifetime::Kept
                } else {
                    Lifetime::Once
                }
            },
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
            key("job", target, format!("{kind:?}/{arn}")),
            false,
            |j: &JobRecord| {
                if j.status.is_terminal() {
                    Lifetime::Kept
                } else {
                    Lifetime::Once
                }
            },
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
            key("model_package", target, arn),
            true,
            |_| Lifetime::Changing,
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
            key("object", target, format!("{max_bytes}/{uri}")),
            true,
            |_| Lifetime::Changing,
            self.inner.read_object(target, uri, max_bytes),
        )
        .await
    }

    async fn bucket_security(&self, target: &AwsTarget, bucket: &str) -> BucketRecord {
        let result: Result<BucketRecord, AwsError> = self
            .through(
                "bucket",
                key("bucket", target, bucket),
                true,
                // A failed read may be a passing fault: not kept (denials are answers).
                |b: &BucketRecord| {
                    if has_error(b) {
                        Lifetime::Once
                    } else {
                        Lifetime::Changing
                    }
                },
                async { Ok(self.inner.bucket_security(target, bucket).await) },
            )
            .await;
        match result {
            Ok(b) => b,
            Err(_) => self.inner.bucket_security(target, bucket).await,
        }
    }
}

/// Weighs a record by the size of its JSON form (see `store::json_weight`).
macro_rules! weigh_as_json {
    ($($t:ty),* $(,)?) => {$(
        impl Weigh for $t {
            fn weight(&self) -> usize {
                json_weight(self)
            }
        }
    )*};
}

weigh_as_json!(
    JobRecord,
    ExecutionRecord,
    Vec<StepRecord>,
    PipelineRecord,
    BTreeMap<String, String>,
    Vec<PipelineListItem>,
    Vec<ExecutionListItem>,
    ModelPackageRecord,
    BucketRecord,
);

impl Weigh for () {
    fn weight(&self) -> usize {
        0
    }
}

#[cfg(test)]
mod tests;
