//! The crawler's rate: every AWS read of the crawler waits its turn on one GCRA
//! limiter (`--index-rps`), so that indexing leaves the account's API quota to its
//! workloads. It sits between the shared cache and AWS: an answer the cache has costs
//! no turn.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::server::source::{AwsError, AwsTarget, Fetch, LineageSource, Read};

pub struct RateLimited {
    inner: Arc<dyn LineageSource>,
    limiter: DefaultDirectRateLimiter,
    calls: AtomicU64,
}

impl RateLimited {
    /// At most `per_second` reads a second, in bursts of at most one second's worth.
    pub fn new(inner: Arc<dyn LineageSource>, per_second: NonZeroU32) -> Arc<Self> {
        Arc::new(RateLimited {
            inner,
            limiter: RateLimiter::direct(Quota::per_second(per_second)),
            calls: AtomicU64::new(0),
        })
    }

    /// The reads made so far.
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }
}

#[async_trait]
impl<R: Read> Fetch<R> for RateLimited
where
    dyn LineageSource: Fetch<R>,
{
    async fn fetch(&self, target: &AwsTarget, read: &R) -> Result<R::Output, AwsError> {
        self.limiter.until_ready().await;
        self.calls.fetch_add(1, Ordering::Relaxed);
        Fetch::<R>::fetch(self.inner.as_ref(), target, read).await
    }

    async fn peek(&self, target: &AwsTarget, read: &R) -> Option<R::Output> {
        Fetch::<R>::peek(self.inner.as_ref(), target, read).await
    }
}
