//! The HTTP status of a server-rendered page, for pages that render an error.

use std::sync::Arc;

use leptos::prelude::*;

/// Set by the server while it renders a page (the browser has none): an error panel
/// or the not-found page makes the response carry its status (404, 403, 502, ...)
/// instead of 200, so that clients and monitoring see the failure.
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
