use super::*;
use crate::core::{BucketRecord, Encryption, ExecutionRecord, JobKind, JobRecord, Probe};
use crate::server::source::{
    read, BucketSecurity, DescribeExecution, DescribeJob, ExecutionDefinition, ExecutionSteps,
};
use crate::server::store::CacheSettings;
use crate::server::testing::FakeSource;
use std::time::Duration;

fn setup(ttl_ms: u64) -> (Arc<FakeSource>, Arc<CachedSource>) {
    let (inner, cached, _) = setup_with(CacheSettings {
        ttl: Duration::from_millis(ttl_ms),
        ..CacheSettings::default()
    });
    (inner, cached)
}

fn setup_with(settings: CacheSettings) -> (Arc<FakeSource>, Arc<CachedSource>, Arc<Store>) {
    let inner = Arc::new(FakeSource::new());
    inner.delay("bucket", Duration::from_millis(20));
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

fn job(arn: &str) -> DescribeJob {
    DescribeJob {
        kind: JobKind::Training,
        arn: arn.into(),
    }
}

fn job_record(status: &str) -> JobRecord {
    JobRecord {
        status: status.into(),
        ..JobRecord::default()
    }
}

fn bucket(name: &str, tags: Probe<std::collections::BTreeMap<String, String>>) -> BucketRecord {
    BucketRecord {
        bucket: name.into(),
        region: Probe::Ok {
            value: "us-east-1".into(),
        },
        encryption: Probe::Ok {
            value: Encryption::default(),
        },
        versioning: Probe::NotConfigured,
        public_access: Probe::NotConfigured,
        tags,
        controls: None,
    }
}

fn bucket_read(name: &str) -> BucketSecurity {
    BucketSecurity {
        bucket: name.into(),
        expected_owner: None,
    }
}

#[tokio::test]
async fn finished_jobs_are_kept_running_ones_are_not() {
    let (inner, cached) = setup(60_000);
    inner
        .answer(job("arn:job/done"), job_record("Completed"))
        .answer(job("arn:job/running"), job_record("InProgress"));
    let t = target();
    for _ in 0..3 {
        read(cached.as_ref(), &t, job("arn:job/done"))
            .await
            .unwrap();
    }
    assert_eq!(inner.calls("job"), 1);
    for _ in 0..3 {
        read(cached.as_ref(), &t, job("arn:job/running"))
            .await
            .unwrap();
    }
    assert_eq!(inner.calls("job"), 4);
    // Errors are not kept either.
    for _ in 0..2 {
        assert!(read(cached.as_ref(), &t, job("arn:job/missing"))
            .await
            .is_err());
    }
    assert_eq!(inner.calls("job"), 6);
    // Fresh requests still reuse what cannot change.
    with_fresh(true, read(cached.as_ref(), &t, job("arn:job/done")))
        .await
        .unwrap();
    assert_eq!(inner.calls("job"), 6);
}

#[tokio::test]
async fn concurrent_reads_share_one_call() {
    let (inner, cached) = setup(60_000);
    inner.answer(bucket_read("b"), bucket("b", Probe::NotConfigured));
    let t = target();
    let reads = (0..10).map(|_| read(cached.as_ref(), &t, bucket_read("b")));
    futures::future::join_all(reads).await;
    assert_eq!(inner.calls("bucket"), 1);
}

#[tokio::test]
async fn changing_records_expire_and_fresh_bypasses_them() {
    let (inner, cached) = setup(100);
    let flaky = Probe::Error {
        code: crate::core::ErrorCode::Timeout,
        message: "timeout".into(),
    };
    inner
        .answer(bucket_read("b"), bucket("b", Probe::NotConfigured))
        .answer(bucket_read("flaky"), bucket("flaky", flaky));
    let t = target();
    read(cached.as_ref(), &t, bucket_read("b")).await.unwrap();
    read(cached.as_ref(), &t, bucket_read("b")).await.unwrap();
    assert_eq!(inner.calls("bucket"), 1);
    with_fresh(true, read(cached.as_ref(), &t, bucket_read("b")))
        .await
        .unwrap();
    assert_eq!(inner.calls("bucket"), 2);
    tokio::time::sleep(Duration::from_millis(250)).await;
    read(cached.as_ref(), &t, bucket_read("b")).await.unwrap();
    assert_eq!(inner.calls("bucket"), 3);
    // A bucket read that failed is read again next time.
    read(cached.as_ref(), &t, bucket_read("flaky"))
        .await
        .unwrap();
    read(cached.as_ref(), &t, bucket_read("flaky"))
        .await
        .unwrap();
    assert_eq!(inner.calls("bucket"), 5);
}

fn execution(arn: &str, status: &str) -> ExecutionRecord {
    ExecutionRecord {
        arn: arn.into(),
        status: status.into(),
        ..ExecutionRecord::default()
    }
}

fn steps(arn: &str, after_final: bool) -> ExecutionSteps {
    ExecutionSteps {
        arn: arn.into(),
        after_final,
    }
}

#[tokio::test]
async fn finished_executions_are_kept_and_their_steps_once_proven_final() {
    let (inner, cached) = setup(60_000);
    for (arn, status) in [
        ("arn:exec/done", "Succeeded"),
        ("arn:exec/running", "Executing"),
    ] {
        inner
            .answer(
                DescribeExecution { arn: arn.into() },
                execution(arn, status),
            )
            .answer(steps(arn, false), vec![]);
    }
    let t = target();
    for arn in ["arn:exec/done", "arn:exec/running"] {
        for _ in 0..3 {
            read(cached.as_ref(), &t, DescribeExecution { arn: arn.into() })
                .await
                .unwrap();
        }
    }
    // done: described once; running: every time.
    assert_eq!(inner.calls("execution"), 4);
    // A step list not read after the execution was known final is never kept...
    for _ in 0..2 {
        read(cached.as_ref(), &t, steps("arn:exec/done", false))
            .await
            .unwrap();
    }
    assert_eq!(inner.calls("steps"), 2);
    // ... one read after it is (every step terminal: here, none), and then reused by
    // any read of it.
    read(cached.as_ref(), &t, steps("arn:exec/done", true))
        .await
        .unwrap();
    read(cached.as_ref(), &t, steps("arn:exec/done", false))
        .await
        .unwrap();
    with_fresh(
        true,
        read(cached.as_ref(), &t, steps("arn:exec/done", true)),
    )
    .await
    .unwrap();
    assert_eq!(inner.calls("steps"), 3);
    // What the cache holds is at hand without a call; what it does not is not.
    let t = &target();
    let done = DescribeExecution {
        arn: "arn:exec/done".into(),
    };
    assert!(Fetch::peek(cached.as_ref(), t, &done).await.is_some());
    let running = DescribeExecution {
        arn: "arn:exec/running".into(),
    };
    assert!(Fetch::peek(cached.as_ref(), t, &running).await.is_none());
}

#[tokio::test]
async fn executions_of_one_definition_share_its_text() {
    let (inner, cached, store) = setup_with(CacheSettings {
        max_bytes: 4 << 20,
        ..CacheSettings::default()
    });
    let text = format!("{{\"pad\": \"{}\"}}", "x".repeat(100_000));
    let t = target();
    let arn = |i: usize| format!("arn:pipeline/p/execution/e{i}");
    for i in 0..50 {
        inner.answer(ExecutionDefinition { arn: arn(i) }, text.clone());
    }
    for i in 0..50 {
        let got = read(cached.as_ref(), &t, ExecutionDefinition { arn: arn(i) })
            .await
            .unwrap();
        assert_eq!(got, text);
    }
    assert_eq!(inner.calls("definition"), 50);
    // 50 definitions of 100 KB (5 MB) in a 4 MB store: all kept, because the text
    // is stored once.
    for i in 0..50 {
        let got = read(cached.as_ref(), &t, ExecutionDefinition { arn: arn(i) })
            .await
            .unwrap();
        assert_eq!(got, text);
    }
    assert_eq!(
        inner.calls("definition"),
        50,
        "every definition came from the store"
    );
    let held = store.weighted_size().await;
    assert!(held < 1 << 20, "{held} bytes held for one shared text");
}
