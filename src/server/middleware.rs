//! What wraps every request: request ids and the request log (with latency metrics),
//! the optional bearer token, the query length limit, CORS, and the Content Security
//! Policy (strict for every response; pages allow their own nonce).

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tracing::Instrument;

use super::error::{Answer, ErrorCode, LoggedError};
use super::metrics;
use super::AppState;

/// Longest query string accepted (the longest legal request is far shorter).
pub(super) const MAX_QUERY_BYTES: usize = 4096;
/// Largest request body accepted (server function arguments).
pub(super) const MAX_BODY_BYTES: usize = 64 * 1024;

/// Content Security Policy of every response: only our own scripts, styles and WASM
/// ('wasm-unsafe-eval' lets the WebAssembly compile; inline `style` attributes are
/// allowed, inline scripts are not).
pub(super) const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The pages' policy: the same, plus this response's nonce, which Leptos puts on its
/// inline hydration and data scripts (and nothing else carries).
pub(super) fn page_csp(nonce: &str) -> String {
    CSP.replacen(
        "script-src 'self'",
        &format!("script-src 'self' 'nonce-{nonce}'"),
        1,
    )
}

/// Gives every request an id (the caller's `X-Request-Id` when it is a plain token,
/// else a new one), runs it inside a tracing span carrying that id, echoes the id in
/// the response, logs the outcome and latency, and records the latency histogram.
pub(super) async fn observe(request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_plain_token(v))
        .map(str::to_string)
        .unwrap_or_else(new_request_id);
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let route = route_label(&path);
    let span = tracing::info_span!("request", id = %id, method = %method, path = %path);
    let mut response = next.run(request).instrument(span.clone()).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    metrics::global().observe_http(route, method.as_str(), status, seconds);
    let ms = (seconds * 1000.0 * 10.0).round() / 10.0;
    span.in_scope(|| {
        // Our own bugs, which the error said when it became this response.
        if let Some(LoggedError(error)) = response.extensions().get::<LoggedError>() {
            tracing::error!(status, ms, error = %error, "internal error");
        }
        if matches!(route, "/healthz" | "/readyz" | "/metrics" | "/pkg") {
            tracing::debug!(status, ms, "served");
        } else {
            tracing::info!(status, ms, "served");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// A request id we may log and echo: short, and only letters, digits, `-`, `_`, `.`.
fn is_plain_token(v: &str) -> bool {
    (1..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn new_request_id() -> String {
    use std::hash::{BuildHasher, RandomState};
    use std::sync::atomic::{AtomicU64, Ordering};
    // A per-process random key hashing a counter: unique within the process and
    // unpredictable across processes, without a dependency.
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static KEY: std::sync::OnceLock<RandomState> = std::sync::OnceLock::new();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{:016x}", KEY.get_or_init(RandomState::new).hash_one(n))
}

/// The metrics label of a path: our routes by name, everything else by family, so
/// that arbitrary paths cannot grow the label set.
fn route_label(path: &str) -> &'static str {
    match path {
        "/lineage" => "/lineage",
        "/lineage/findings" => "/lineage/findings",
        "/lineage/compare" => "/lineage/compare",
        "/compare" => "/compare",
        "/pipelines" => "/pipelines",
        "/overview" => "/overview",
        "/locations" => "/locations",
        "/executions" => "/executions",
        "/healthz" => "/healthz",
        "/readyz" => "/readyz",
        "/metrics" => "/metrics",
        "/openapi.json" => "/openapi.json",
        "/" => "/",
        p if p.starts_with("/api/") => "/api",
        p if p.starts_with("/pkg/") => "/pkg",
        p if p.starts_with("/docs") => "/docs",
        _ => "other",
    }
}

/// CORS for the configured origins only; without any, no CORS headers at all (browsers
/// then refuse cross-origin reads).
pub(super) fn cors_layer(origins: &[String]) -> CorsLayer {
    let origins: Vec<&str> = origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .collect();
    if origins.is_empty() {
        return CorsLayer::new();
    }
    // `*` is any origin (tower-http refuses it inside a list); credentials are never
    // allowed, so a bearer token still has to be sent deliberately.
    let allow = if origins.contains(&"*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET])
        .allow_headers([header::IF_NONE_MATCH, header::AUTHORIZATION])
        .expose_headers([header::ETAG, HeaderName::from_static("x-lineage-cache")])
}

/// With a configured token, every route but the health checks needs
/// `Authorization: Bearer <token>` (behind an OIDC proxy or ALB, the proxy sends it).
pub(super) async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = &state.config.auth_token else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    if path == "/healthz" || path == "/readyz" {
        return next.run(request).await;
    }
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if presented.is_some_and(|p| token.matches(p.trim())) {
        return next.run(request).await;
    }
    let mut response = ErrorCode::Unauthorized
        .error("a valid bearer token is required")
        .into_response();
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// Refuses oversized query strings before anything parses them.
pub(super) async fn limit_query(request: Request, next: Next) -> Response {
    if request
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_BYTES)
    {
        let mut error = ErrorCode::QueryTooLong.error(format!(
            "the query string is longer than {MAX_QUERY_BYTES} bytes"
        ));
        error.parameter = Some("query".into());
        return error.into_response();
    }
    next.run(request).await
}
