//! `CachedSource`: AWS answers kept in the `Store`, in front of another source (whole
//! documents are cached by `documents::DocumentCache`).
//!
//! One generic layer for every read: each read says how long its answer may be
//! reused (`Read::lifetime`: what cannot change is kept until evicted, what may change
//! for `--cache-ttl` or `--live-ttl`, a partial or unproven answer not at all) and
//! whether a fresh request reads it again (`Read::CHANGES`). Concurrent reads of the
//! same record share one AWS call. A definition text is stored once by content, so
//! every execution of an unchanged pipeline shares it (`Read::text`).
//!
//! A request that asks for fresh data (`fresh=true`) runs inside `with_fresh`, which
//! bypasses the changing entries (and refreshes them) but still reuses the ones that
//! cannot change.

use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::metrics;
use super::source::{AwsError, AwsTarget, Fetch, LineageSource, Read};
use super::store::{Key, Lifetime, Store, Weigh};

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

/// A source whose answers are kept in the store, over another source.
pub struct CachedSource {
    inner: Arc<dyn LineageSource>,
    store: Arc<Store>,
}

impl CachedSource {
    pub fn new(inner: Arc<dyn LineageSource>, store: Arc<Store>) -> Arc<Self> {
        Arc::new(CachedSource { inner, store })
    }
}

/// An answer as the store keeps it: without its definition text, which is kept
/// apart under `text` (see `Read::text`), and with the lifetime its read gave it.
#[derive(Clone)]
struct Kept<O> {
    answer: O,
    text: Option<Key>,
    lifetime: Lifetime,
}

impl<O: Weigh> Weigh for Kept<O> {
    fn weight(&self) -> usize {
        self.answer.weight() + if self.text.is_some() { 96 } else { 0 }
    }
}

/// The key of a definition text: a hash of its content.
fn text_key(text: &str) -> Key {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    Key::new("text", None, format!("{:016x}-{}", h.finish(), text.len()))
}

fn key<R: Read>(target: &AwsTarget, read: &R) -> Key {
    Key::new(R::KIND, Some(target), read.id())
}

#[async_trait]
impl<R: Read> Fetch<R> for CachedSource
where
    dyn LineageSource: Fetch<R>,
{
    async fn fetch(&self, target: &AwsTarget, read: &R) -> Result<R::Output, AwsError> {
        let key = key(target, read);
        if R::CHANGES && fresh() {
            self.store.invalidate::<Kept<R::Output>>(&key).await;
        }
        // The answer this call loaded itself, if it did: usable even if the store
        // declined to keep its text.
        let loaded: Mutex<Option<R::Output>> = Mutex::new(None);
        let (kept, hit) = self
            .store
            .through(key.clone(), |kept: &Kept<R::Output>| kept.lifetime, async {
                let answer = Fetch::<R>::fetch(self.inner.as_ref(), target, read).await?;
                let lifetime = read.lifetime(&answer);
                Ok(match R::text(&answer) {
                    Some(text) => {
                        let text_key = text_key(text);
                        let shared: Arc<str> = text.into();
                        self.store
                            .insert(text_key.clone(), shared, Lifetime::Kept)
                            .await;
                        *loaded.lock().unwrap_or_else(|e| e.into_inner()) = Some(answer.clone());
                        Kept {
                            answer: R::without_text(answer),
                            text: Some(text_key),
                            lifetime,
                        }
                    }
                    None => Kept {
                        answer,
                        text: None,
                        lifetime,
                    },
                })
            })
            .await;
        metrics::cache_lookup(R::KIND, hit);
        let kept = kept?;
        if let Some(answer) = loaded.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Ok(answer);
        }
        let Some(text_key) = kept.text else {
            return Ok(kept.answer);
        };
        if let Some(text) = self.store.get::<Arc<str>>(&text_key).await {
            return Ok(R::with_text(kept.answer, &text));
        }
        // The text was evicted before the record that names it: read both again.
        self.store.invalidate::<Kept<R::Output>>(&key).await;
        Fetch::<R>::fetch(self.inner.as_ref(), target, read).await
    }

    async fn peek(&self, target: &AwsTarget, read: &R) -> Option<R::Output> {
        let kept = self
            .store
            .get::<Kept<R::Output>>(&key(target, read))
            .await?;
        match kept.text {
            None => Some(kept.answer),
            Some(text_key) => {
                let text = self.store.get::<Arc<str>>(&text_key).await?;
                Some(R::with_text(kept.answer, &text))
            }
        }
    }
}

#[cfg(test)]
mod tests;
