use super::*;
use crate::core::{Encryption, Probe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts calls; jobs are `InProgress` when their ARN says so.
#[derive(Default)]
struct Counting {
    calls: AtomicUsize,
}

impl Counting {
    fn n(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
    async fn call(&self) {
        self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[async_trait]
impl LineageSource for Counting {
    async fn list_pipelines(&self, _: &AwsTarget) -> Result<Vec<PipelineListItem>, AwsError> {
        self.call().await;
        Ok(vec![])
    }
    async fn describe_pipeline(
        &self,
        _: &AwsTarget,
        name: &str,
    ) -> Result<(PipelineRecord, String), AwsError> {
        self.call().await;
        Ok((
            PipelineRecord {
                name: name.into(),
                ..PipelineRecord::default()
            },
            "{}".into(),
        ))
    }
    async fn pipeline_tags(
        &self,
        _: &AwsTarget,
        _: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        self.call().await;
        Ok(BTreeMap::new())
    }
    async fn list_executions(
        &self,
        _: &AwsTarget,
        _: &str,
        _: usize,
    ) -> Result<Vec<ExecutionListItem>, AwsError> {
        self.call().await;
        Ok(vec![])
    }
    async fn describe_execution(
        &self,
        _: &AwsTarget,
        arn: &str,
    ) -> Result<ExecutionRecord, AwsError> {
        self.call().await;
        let status = if arn.ends_with("running") {
            "Executing"
        } else {
            "Succeeded"
        };
        Ok(ExecutionRecord {
            arn: arn.into(),
            status: status.into(),
            ..ExecutionRecord::default()
        })
    }
    async fn execution_parameters(
        &self,
        _: &AwsTarget,
        _: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        self.call().await;
        Ok(BTreeMap::new())
    }
    async fn execution_definition(&self, _: &AwsTarget, arn: &str) -> Result<String, AwsError> {
        self.call().await;
        // Executions of one pipeline run the same (large) definition.
        let pipeline = arn.split("/execution/").next().unwrap_or_default();
        Ok(format!(
            "{{\"pipeline\": \"{pipeline}\", \"pad\": \"{}\"}}",
            "x".repeat(100_000)
        ))
    }
    async fn execution_steps(&self, _: &AwsTarget, _: &str) -> Result<Vec<StepRecord>, AwsError> {
        self.call().await;
        Ok(vec![])
    }
    async fn describe_job(
        &self,
        _: &AwsTarget,
        _: JobKind,
        arn: &str,
    ) -> Result<JobRecord, AwsError> {
        self.call().await;
        if arn.ends_with("missing") {
            return Err(AwsError::NotFound(arn.into()));
        }
        let status = if arn.ends_with("running") {
            "InProgress"
        } else {
            "Completed"
        };
        Ok(JobRecord {
            arn: arn.into(),
            status: status.into(),
            ..JobRecord::default()
        })
    }
    async fn describe_model_package(
        &self,
        _: &AwsTarget,
        arn: &str,
    ) -> Result<ModelPackageRecord, AwsError> {
        self.call().await;
        Ok(ModelPackageRecord {
            arn: arn.into(),
            ..ModelPackageRecord::default()
        })
    }
    async fn read_object(&self, _: &AwsTarget, _: &str, _: usize) -> Result<Vec<u8>, AwsError> {
        self.call().await;
        Ok(b"{}".to_vec())
    }
    async fn bucket_security(&self, _: &AwsTarget, bucket: &str) -> BucketRecord {
        self.call().await;
        BucketRecord {
            bucket: bucket.into(),
            region: Probe::Ok {
                value: "us-east-1".into(),
            },
            encryption: Probe::Ok {
                value: Encryption::default(),
            },
            versioning: Probe::NotConfigured,
            public_access: Probe::NotConfigured,
            tags: if bucket == "flaky" {
                Probe::Error {
                    code: "Timeout".into(),
                    message: "timeout".into(),
                }
            } else {
                Probe::NotConfigured
            },
        }
    }
}

fn setup(ttl_ms: u64) -> (Arc<Counting>, Arc<CachedSource>) {
    let (inner, cached, _) = setup_with(CacheSettings {
        ttl: Duration::from_millis(ttl_ms),
        ..CacheSettings::default()
    });
    (inner, cached)
}

fn setup_with(settings: CacheSettings) -> (Arc<Counting>, Arc<CachedSource>, Arc<Store>) {
    let inner = Arc::new(Counting::default());
    let store = Store::new(&settings);
    (
        inner.clone(),
        CachedSource::new(inner, store.clone()),
        store,
    )
}

fn target() -> AwsTarget {
    AwsTarget {
        region: "us-east-1".into(),
        profile: None,
    }
}

#[tokio::test]
async fn finished_jobs_are_kept_running_ones_are_not() {
    let (inner, cached) = setup(60_000);
    let t = target();
    for _ in 0..3 {
        cached
            .describe_job(&t, JobKind::Training, "arn:job/done")
            .await
            .unwrap();
    }
    assert_eq!(inner.n(), 1);
    for _ in 0..3 {
        cached
            .describe_job(&t, JobKind::Training, "arn:job/running")
            .await
            .unwrap();
    }
    assert_eq!(inner.n(), 4);
    // Errors are not kept either.
    for _ in 0..2 {
        assert!(cached
            .describe_job(&t, JobKind::Training, "arn:job/missing")
            .await
            .is_err());
    }
    assert_eq!(inner.n(), 6);
    // Fresh requests still reuse what cannot change.
    with_fresh(
        true,
        cached.describe_job(&t, JobKind::Training, "arn:job/done"),
    )
    .await
    .unwrap();
    assert_eq!(inner.n(), 6);
}

#[tokio::test]
async fn concurrent_reads_share_one_call() {
    let (inner, cached) = setup(60_000);
    let t = target();
    let reads = (0..10).map(|_| cached.bucket_security(&t, "b"));
    futures::future::join_all(reads).await;
    assert_eq!(inner.n(), 1);
}

#[tokio::test]
async fn changing_records_expire_and_fresh_bypasses_them() {
    let (inner, cached) = setup(100);
    let t = target();
    cached.bucket_security(&t, "b").await;
    cached.bucket_security(&t, "b").await;
    assert_eq!(inner.n(), 1);
    with_fresh(true, cached.bucket_security(&t, "b")).await;
    assert_eq!(inner.n(), 2);
    tokio::time::sleep(Duration::from_millis(250)).await;
    cached.bucket_security(&t, "b").await;
    assert_eq!(inner.n(), 3);
    // A bucket read that failed is read again next time.
    cached.bucket_security(&t, "flaky").await;
    cached.bucket_security(&t, "flaky").await;
    assert_eq!(inner.n(), 5);
}

#[tokio::test]
async fn steps_are_kept_only_for_finished_executions() {
    let (inner, cached) = setup(60_000);
    let t = target();
    for arn in ["arn:exec/done", "arn:exec/running"] {
        for _ in 0..3 {
            cached.describe_execution(&t, arn).await.unwrap();
            cached.execution_steps(&t, arn).await.unwrap();
        }
    }
    // done: 1 describe + 1 steps; running: 3 + 3.
    assert_eq!(inner.n(), 8);
}

#[tokio::test]
async fn steps_read_before_the_execution_was_seen_final_are_not_kept() {
    let (inner, cached) = setup(60_000);
    let t = target();
    let arn = "arn:exec/done";
    // Read alongside the execution's description, as the service does: the list
    // might predate the execution's end, so it is not kept.
    let (e, s) = tokio::join!(
        cached.describe_execution(&t, arn),
        cached.execution_steps(&t, arn)
    );
    e.unwrap();
    s.unwrap();
    assert_eq!(inner.n(), 2);
    // Now the execution is known final: the next list is kept.
    cached.execution_steps(&t, arn).await.unwrap();
    cached.execution_steps(&t, arn).await.unwrap();
    with_fresh(true, cached.execution_steps(&t, arn))
        .await
        .unwrap();
    assert_eq!(inner.n(), 3);
}

#[tokio::test]
async fn executions_of_one_definition_share_its_text() {
    let (inner, cached, store) = setup_with(CacheSettings {
        max_bytes: 4 << 20,
        ..CacheSettings::default()
    });
    let t = target();
    let mut texts = Vec::new();
    for i in 0..50 {
        let arn = format!("arn:pipeline/p/execution/e{i}");
        texts.push(cached.execution_definition(&t, &arn).await.unwrap());
    }
    assert_eq!(inner.n(), 50);
    assert!(texts.iter().all(|t| t == &texts[0]));
    // 50 definitions of 100 KB (5 MB) in a 4 MB store: all kept, because the text
    // is stored once.
    for i in 0..50 {
        let arn = format!("arn:pipeline/p/execution/e{i}");
        assert_eq!(
            cached.execution_definition(&t, &arn).await.unwrap(),
            texts[0]
        );
    }
    assert_eq!(inner.n(), 50, "every definition came from the store");
    let held = store.weighted_size().await;
    assert!(held < 1 << 20, "{held} bytes held for one shared text");
}
