//! Whole lineage documents by query: shared by concurrent identical requests, reused
//! while they may be (`--cache-ttl` for chosen finished executions, `--live-ttl` for
//! running ones and "latest"), served with an entity tag.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

use super::cache::CacheSettings;
use super::error::LineageError;
use crate::api::LineageQuery;
use crate::core::LineageDocument;

/// A lineage document ready to serve: the value, its JSON and its entity tag.
#[derive(Debug)]
pub struct Served {
    pub doc: LineageDocument,
    pub json: axum::body::Bytes,
    pub etag: String,
}

impl Served {
    pub fn new(doc: LineageDocument) -> Self {
        use std::hash::Hasher;
        let json = axum::body::Bytes::from(serde_json::to_vec(&doc).unwrap_or_default());
        let mut h = std::collections::hash_map::DefaultHasher::new();
        h.write(&json);
        let etag = format!("\"{:016x}-{:x}\"", h.finish(), json.len());
        Served { doc, json, etag }
    }
}

struct DocumentExpiry {
    ttl: Duration,
    live_ttl: Duration,
}

impl moka::Expiry<LineageQuery, Arc<Served>> for DocumentExpiry {
    fn expire_after_create(
        &self,
        query: &LineageQuery,
        served: &Arc<Served>,
        _: std::time::Instant,
    ) -> Option<Duration> {
        // "Latest" may be a new execution any moment, and a running one changes.
        let live = query.execution.is_none() || served.doc.summary.overall_status == "Executing";
        Some(if live { self.live_ttl } else { self.ttl })
    }
}

/// Whole documents by query. Concurrent identical requests share one computation.
pub struct DocumentCache {
    cache: Cache<LineageQuery, Arc<Served>>,
}

impl DocumentCache {
    pub fn new(settings: &CacheSettings) -> Arc<Self> {
        Arc::new(DocumentCache {
            cache: Cache::builder()
                .max_capacity(settings.max_entries.min(1_000))
                .expire_after(DocumentExpiry {
                    ttl: settings.ttl,
                    live_ttl: settings.live_ttl,
                })
                .build(),
        })
    }

    /// The document for `query`, computed by `compute` unless a reusable one exists;
    /// the flag says whether it was reused.
    pub async fn get_or_compute<Fut>(
        &self,
        query: &LineageQuery,
        compute: Fut,
    ) -> Result<(Arc<Served>, bool), LineageError>
    where
        Fut: Future<Output = Result<LineageDocument, LineageError>>,
    {
        let key = query.identity();
        if query.fresh {
            self.cache.invalidate(&key).await;
        }
        let computed = AtomicBool::new(false);
        let served = self
            .cache
            .try_get_with(key, async {
                computed.store(true, Ordering::Relaxed);
                compute.await.map(|doc| Arc::new(Served::new(doc)))
            })
            .await
            .map_err(|e: Arc<LineageError>| (*e).clone())?;
        Ok((served, !computed.load(Ordering::Relaxed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test]
    async fn documents_are_shared_and_refreshed_on_request() {
        let docs = DocumentCache::new(&CacheSettings::default());
        let computed = Arc::new(AtomicUsize::new(0));
        let query = LineageQuery {
            pipeline: "p".into(),
            region: "us-east-1".into(),
            execution: Some("e".into()),
            ..LineageQuery::default()
        };
        let compute = || {
            let computed = computed.clone();
            async move {
                computed.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(30)).await;
                Ok(LineageDocument {
                    domain: None,
                    pipeline: Default::default(),
                    execution: None,
                    summary: Default::default(),
                    graph: Default::default(),
                    warnings: vec![],
                })
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
        let fresh = LineageQuery {
            fresh: true,
            ..query.clone()
        };
        let (_, reused) = docs.get_or_compute(&fresh, compute()).await.unwrap();
        assert!(!reused);
        assert_eq!(computed.load(Ordering::SeqCst), 2);
    }
}
