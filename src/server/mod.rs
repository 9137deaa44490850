//! Everything that runs only on the server: the AWS adapter, the lineage service, the
//! HTTP routes and the CLI. Compiled with the `ssr` feature only.

pub mod aws;
pub mod cache;
pub mod cli;
pub mod defaults;
pub mod documents;
pub mod emit;
pub mod error;
mod handlers;
pub mod index;
mod limited;
pub mod metrics;
mod middleware;
pub mod openapi;
pub mod push;
pub mod query;
pub mod regions;
pub mod routes;
pub mod service;
pub mod source;
mod stages;
pub mod store;
#[cfg(test)]
pub mod testing;

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use self::cache::CachedSource;
use self::documents::DocumentCache;
use self::service::{ReadyCheck, ServiceConfig};
use self::source::LineageSource;
use self::store::{CacheSettings, Store};

/// Shared by every request: the route handlers and the server functions (which get it
/// from the Leptos context).
#[derive(Clone)]
pub struct AppState {
    pub source: Arc<dyn LineageSource>,
    pub config: ServiceConfig,
    /// Whole documents, shared by identical requests.
    pub documents: Arc<DocumentCache>,
    /// The last readiness answer, shared by callers for a few seconds.
    pub ready: Arc<ReadyCheck>,
    /// The one bounded cache behind `source` and `documents`.
    pub store: Arc<Store>,
    pub leptos_options: LeptosOptions,
    /// AWS itself, below the cache: what the index's crawler reads through its own
    /// rate limit (and the shared cache).
    pub aws: Arc<dyn LineageSource>,
    /// The lineage index of the regions (`None` with `--no-index`).
    pub index: Option<Arc<index::Index>>,
    /// The OpenLineage push of the executions users view (`--openlineage-url`
    /// without an index; with one, the crawler pushes).
    pub push: Option<Arc<push::ViewedPush>>,
}

impl AppState {
    /// The state of a server reading AWS through `aws`: record and document caches
    /// in one store bounded by `cache`.
    pub fn new(
        aws: Arc<dyn LineageSource>,
        config: ServiceConfig,
        cache: &CacheSettings,
        leptos_options: LeptosOptions,
    ) -> Self {
        let store = Store::new(cache);
        AppState {
            source: CachedSource::new(aws.clone(), store.clone()),
            config,
            documents: DocumentCache::new(store.clone()),
            ready: ReadyCheck::new(),
            store,
            leptos_options,
            aws,
            index: None,
            push: None,
        }
    }

    /// This state with a lineage index (`start_crawler` keeps it current).
    pub fn with_index(mut self, index: Arc<index::Index>) -> Self {
        self.index = Some(index);
        self
    }

    /// This state pushing the OpenLineage events of the executions users view.
    pub fn with_push(mut self, push: Arc<push::ViewedPush>) -> Self {
        push.spawn();
        self.push = Some(push);
        self
    }

    /// Starts the index's crawler, when there is an index.
    pub fn start_crawler(&self) -> Option<tokio::task::JoinHandle<()>> {
        self.index
            .as_ref()
            .map(|index| index.spawn(self.aws.clone(), self.store.clone(), self.config.clone()))
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
