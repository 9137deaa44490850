use super::*;
use crate::core::{ExecutionSummary, Summary, Warning};
use crate::server::store::CacheSettings;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

fn docs(ttl_ms: u64, live_ms: u64) -> Arc<DocumentCache> {
    DocumentCache::new(Store::new(&CacheSettings {
        ttl: Duration::from_millis(ttl_ms),
        live_ttl: Duration::from_millis(live_ms),
        ..CacheSettings::default()
    }))
}

fn chosen() -> LineageQuery {
    LineageQuery {
        pipeline: "p".into(),
        region: "us-east-1".into(),
        execution: Some("e".into()),
        ..LineageQuery::default()
    }
}

fn document(status: &str, warnings: Vec<Warning>) -> LineageDocument {
    LineageDocument {
        domain: None,
        pipeline: Default::default(),
        execution: (status != "Unknown").then(|| ExecutionSummary {
            status: status.into(),
            ..ExecutionSummary::default()
        }),
        summary: Summary {
            overall_status: crate::core::OverallStatus::of(&status.into()),
            ..Summary::default()
        },
        warnings,
        ..LineageDocument::default()
    }
}

fn warning(code: &str, scope: &str) -> Warning {
    Warning {
        code: code.into(),
        scope: scope.into(),
        ..Warning::default()
    }
}

#[tokio::test]
async fn documents_are_shared_and_refreshed_on_request() {
    let docs = docs(60_000, 5_000);
    let computed = Arc::new(AtomicUsize::new(0));
    let query = chosen();
    let compute = || {
        let computed = computed.clone();
        async move {
            computed.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(30)).await;
            Ok(document("Succeeded", vec![]))
        }
    };
    let all =
        futures::future::join_all((0..8).map(|_| docs.get_or_compute(&query, compute()))).await;
    assert_eq!(
        computed.load(Ordering::SeqCst),
        1,
        "one computation for concurrent requests"
    );
    assert_eq!(
        all.iter().filter(|r| matches!(r, Ok((_, false)))).count(),
        1
    );
    let etag = all[0].as_ref().unwrap().0.etag.clone();
    let (again, reused) = docs.get_or_compute(&query, compute()).await.unwrap();
    assert!(reused);
    assert_eq!(again.etag, etag);
    assert_eq!(again.document().unwrap(), document("Succeeded", vec![]));
    let fresh = LineageQuery {
        fresh: true,
        ..query.clone()
    };
    let (_, reused) = docs.get_or_compute(&fresh, compute()).await.unwrap();
    assert!(!reused);
    assert_eq!(computed.load(Ordering::SeqCst), 2);
}

/// A finished, complete document is kept for the long TTL; a partial one (a passing
/// failure), a running one and one whose execution could not be read only for the
/// live TTL.
#[tokio::test]
async fn partial_and_running_documents_are_kept_only_briefly() {
    let cases = [
        (document("Succeeded", vec![]), true),
        (
            document("Failed", vec![warning("AccessDenied", "bucket")]),
            true,
        ),
        (
            document("Succeeded", vec![warning("Throttled", "bucket")]),
            false,
        ),
        (
            document("Succeeded", vec![warning("Timeout", "job")]),
            false,
        ),
        (
            document("Succeeded", vec![warning("AwsError", "report")]),
            false,
        ),
        (document("Executing", vec![]), false),
        (
            document("Unknown", vec![warning("AwsError", "execution")]),
            false,
        ),
    ];
    for (doc, long) in cases {
        let docs = docs(60_000, 100);
        let query = chosen();
        docs.get_or_compute(&query, async { Ok(doc.clone()) })
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(250)).await;
        let (_, reused) = docs
            .get_or_compute(&query, async { Ok(doc.clone()) })
            .await
            .unwrap();
        assert_eq!(reused, long, "{:?} {:?}", doc.summary, doc.warnings);
    }
}
