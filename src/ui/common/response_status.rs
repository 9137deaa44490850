//! The HTTP status of a server-rendered page, for pages that render an error.

use std::sync::Arc;

use leptos::prelude::*;

/// Set by the server while it renders a page (the browser has none): a page whose
/// subject failed (the lineage page's error, the not-found page) makes the response
/// carry that status (404, 403, 502, ...) instead of 200, so that clients and
/// monitoring see the failure. Secondary widgets, such as a picker that could not
/// list pipelines, leave it alone.
#[derive(Clone)]
pub struct ResponseStatus(Arc<dyn Fn(u16) + Send + Sync>);

impl ResponseStatus {
    pub fn new(set: impl Fn(u16) + Send + Sync + 'static) -> Self {
        ResponseStatus(Arc::new(set))
    }
}

/// Sets the page's status when rendering on the server; does nothing in the browser.
pub fn set_response_status(status: u16) {
    if let Some(ResponseStatus(set)) = use_context::<ResponseStatus>() {
        set(status);
    }
}
