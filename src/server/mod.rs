//! Everything that runs only on the server: the AWS adapter, the lineage service, the
//! HTTP routes and the CLI. Compiled with the `ssr` feature only.

pub mod aws;
pub mod cache;
pub mod cli;
pub mod documents;
pub mod error;
mod limited;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod service;
pub mod source;
pub mod validate;

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use self::documents::DocumentCache;
use self::service::ServiceConfig;
use self::source::LineageSource;

/// Shared by every request: the route handlers and the server functions (which get it
/// from the Leptos context).
#[derive(Clone)]
pub struct AppState {
    pub source: Arc<dyn LineageSource>,
    pub config: ServiceConfig,
    /// Whole documents, shared by identical requests.
    pub documents: Arc<DocumentCache>,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
