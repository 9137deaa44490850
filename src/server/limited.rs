//! A request's bound on AWS reads in flight: one generic layer for every read.

use async_trait::async_trait;
use tokio::sync::Semaphore;

use super::source::{AwsError, AwsTarget, Fetch, Read};

/// A source whose reads wait for one of a fixed number of permits: the request's
/// bound on AWS reads in flight.
pub struct Limited<'a, S: ?Sized> {
    inner: &'a S,
    permits: Semaphore,
}

impl<'a, S: ?Sized> Limited<'a, S> {
    pub fn new(inner: &'a S, permits: usize) -> Self {
        Limited {
            inner,
            permits: Semaphore::new(permits.max(1)),
        }
    }
}

#[async_trait]
impl<R: Read, S: Fetch<R> + ?Sized> Fetch<R> for Limited<'_, S> {
    async fn fetch(&self, target: &AwsTarget, read: &R) -> Result<R::Output, AwsError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        Fetch::<R>::fetch(self.inner, target, read).await
    }

    async fn peek(&self, target: &AwsTarget, read: &R) -> Option<R::Output> {
        // No AWS call: no permit needed.
        Fetch::<R>::peek(self.inner, target, read).await
    }
}
