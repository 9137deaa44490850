//! Whole lineage documents by query, in the `Store`: shared by concurrent identical
//! requests, reused while they may be, served with an entity tag.
//!
//! A document is reused for `--cache-ttl` only when it is complete and cannot change
//! soon: a chosen execution that has finished and was read without a passing failure.
//! "Latest", a running execution, an execution whose status could not be read, and
//! any answer with a transient warning (`Throttled`, `Timeout`, `AwsError`,
//! `Unreachable`) are reused for `--live-ttl` at most, so a partial or running view is
//! never frozen.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::error::LineageError;
use super::store::{Key, Lifetime, Store, Weigh};
use crate::api::LineageQuery;
use crate::core::LineageDocument;

/// A lineage document ready to serve: its JSON and entity tag (the JSON is the only
/// copy kept: typed callers parse it back, see `document`).
#[derive(Debug)]
pub struct Served {
    pub json: axum::body::Bytes,
    pub etag: String,
    /// The document may change soon, or is partial for a passing reason.
    pub live: bool,
}

impl Served {
    pub fn new(doc: &LineageDocument) -> Self {
        use std::hash::Hasher;
        let json = axum::body::Bytes::from(serde_json::to_vec(doc).unwrap_or_default());
        let mut h = std::collections::hash_map::DefaultHasher::new();
        h.write(&json);
        let etag = format!("\"{:016x}-{:x}\"", h.finish(), json.len());
        Served {
            json,
            etag,
            live: doc.is_live() || doc.has_transient_gaps(),
        }
    }

    /// The document itself.
    pub fn document(&self) -> Result<LineageDocument, LineageError> {
        serde_json::from_slice(&self.json).map_err(|e| {
            LineageError::Internal(format!("a stored document does not read back: {e}"))
        })
    }
}

impl Weigh for Arc<Served> {
    fn weight(&self) -> usize {
        self.json.len() + self.etag.len() + 64
    }
}

/// Whole documents by query. Concurrent identical requests share one computation.
pub struct DocumentCache {
    store: Arc<Store>,
}

impl DocumentCache {
    pub fn new(store: Arc<Store>) -> Arc<Self> {
        Arc::new(DocumentCache { store })
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
        let identity = serde_json::to_string(&query.identity()).unwrap_or_default();
        let key = Key::new("document", None, identity);
        if query.fresh {
            self.store.invalidate::<Arc<Served>>(&key).await;
        }
        // "Latest" may be a new execution any moment.
        let latest = query.execution.is_none();
        let computed = AtomicBool::new(false);
        let (result, _) = self
            .store
            .through(
                key,
                |served: &Arc<Served>| {
                    if latest || served.live {
                        Lifetime::Live
                    } else {
                        Lifetime::Changing
                    }
                },
                async {
                    computed.store(true, Ordering::Relaxed);
                    compute.await.map(|doc| Arc::new(Served::new(&doc)))
                },
            )
            .await;
        Ok((result?, !computed.load(Ordering::Relaxed)))
    }
}

#[cfg(test)]
mod tests;
