//! The HTTP surface: the JSON routes, health, metrics, API docs, the Leptos pages and
//! server functions; and what wraps every request (security headers and the pages' CSP
//! nonce, limits, the optional bearer token, request ids, latency metrics).

use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Request};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tracing::Instrument;

use super::error::{error_response, Answer, ErrorCode};
use super::metrics;
use super::openapi;
use super::service;
use super::AppState;
use crate::api::{ApiError, ExecutionListItem, LineageQuery, PipelineListItem};
use crate::app::{shell, App};
use crate::core::LineageDocument;
use crate::ui::common::ResponseStatus;

/// Longest query string accepted (the longest legal request is far shorter).
const MAX_QUERY_BYTES: usize = 4096;
/// Largest request body accepted (server function arguments).
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Content Security Policy of every response: only our own scripts, styles and WASM
/// ('wasm-unsafe-eval' lets the WebAssembly compile; inline `style` attributes are
/// allowed, inline scripts are not).
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The pages' policy: the same, plus this response's nonce, which Leptos puts on its
/// inline hydration and data scripts (and nothing else carries).
fn page_csp(nonce: &str) -> String {
    CSP.replacen(
        "script-src 'self'",
        &format!("script-src 'self' 'nonce-{nonce}'"),
        1,
    )
}

/// Context for rendering pages and running server functions: the app state, and a
/// fresh nonce with the policy that allows exactly the scripts carrying it.
fn page_context(state: AppState) -> impl Fn() + Clone + Send + 'static {
    move || {
        provide_context(state.clone());
        leptos::nonce::provide_nonce();
        // Static files are served in this context too, without response options.
        if let (Some(nonce), Some(response)) = (
            leptos::nonce::use_nonce(),
            use_context::<leptos_axum::ResponseOptions>(),
        ) {
            if let Ok(value) = HeaderValue::from_str(&page_csp(&nonce)) {
                response.insert_header(header::CONTENT_SECURITY_POLICY, value);
            }
            // A page that renders an error answers with that error's status.
            provide_context(ResponseStatus::new(move |status| {
                if let Ok(status) = StatusCode::from_u16(status) {
                    response.set_status(status);
                }
            }));
        }
    }
}

pub fn router(state: AppState) -> Router {
    // Generated once per process: generating it renders the app in a special mode,
    // and a page rendered meanwhile (by another router in the same process, as in
    // the tests) could wait forever.
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    let cors = cors_layer(&state.config.cors_origins);
    let openapi_document: std::sync::Arc<str> = openapi::document(&state.config.regions).into();
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    Router::new()
        .route("/lineage", get(lineage))
        .route("/pipelines", get(pipelines))
        .route("/executions", get(executions))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .route(
            "/openapi.json",
            get(move || openapi::json(openapi_document.clone())),
        )
        .route("/docs", get(openapi::page))
        .route("/docs/{file}", get(openapi::asset))
        .leptos_routes_with_context(
            &state,
            routes,
            page_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(page_context(context_state), shell))
        .layer(CompressionLayer::new())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(limit_query))
        .layer(middleware::from_fn_with_state(state.clone(), require_token))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(cors)
        .layer(middleware::from_fn(observe))
        .with_state(state)
}

/// The body of a successful `/readyz`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Ready {
    pub ready: bool,
}

/// `GET /metrics`: Prometheus metrics (OpenMetrics text).
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    summary = "Prometheus metrics",
    description = "Request latency by route, AWS calls and attempts by operation and outcome, \
        cache lookups by kind, documents reused, and what the cache holds (bytes, entries).",
    responses((status = 200, description = "OpenMetrics text", body = String,
        content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8"))
)]
pub(super) async fn metrics_text(State(state): State<AppState>) -> Response {
    metrics::global().cache_size(
        state.store.weighted_size().await,
        state.store.entry_count().await,
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        metrics::global().render(),
    )
        .into_response()
}

/// Gives every request an id (the caller's `X-Request-Id` when it is a plain token,
/// else a new one), runs it inside a tracing span carrying that id, echoes the id in
/// the response, logs the outcome and latency, and records the latency histogram.
async fn observe(request: Request, next: Next) -> Response {
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
        "/pipelines" => "/pipelines",
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

/// `GET /lineage`: a thin shell over `service::lineage`, with entity tags.
#[utoipa::path(
    get,
    path = "/lineage",
    tag = "lineage",
    summary = "The lineage and run status of a pipeline",
    description = "What the pipeline reads and writes (steps, edges, S3 locations with their \
        security posture) and, for an execution, what ran, what failed and why. A missing \
        permission or an unreadable record on a step, job, report or bucket gives a \
        partial answer with warnings; only the pipeline itself failing is an error.",
    params(LineageQuery),
    responses(
        (status = 200, description = "The lineage document", body = LineageDocument,
            headers(
                ("ETag" = String, description = "Entity tag of the document; send it back in If-None-Match"),
                ("X-Lineage-Cache" = String, description = "`hit` when a cached or in-flight document was reused, else `miss`"),
            )),
        (status = 304, description = "Not modified (If-None-Match matched, weakly, as RFC 9110 asks)"),
        openapi::LineageErrors,
    )
)]
pub(super) async fn lineage(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let pairs = match query_pairs(query) {
        Ok(pairs) => pairs,
        Err(response) => return response,
    };
    let query = match LineageQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    {
        Ok(q) => q,
        Err(e) => return error_response(&e),
    };
    match service::lineage(&state, &query).await {
        Ok((served, reused)) => {
            let cache = HeaderValue::from_static(if reused { "hit" } else { "miss" });
            let etag =
                HeaderValue::from_str(&served.etag).unwrap_or(HeaderValue::from_static("\"\""));
            let matches = headers
                .get_all(header::IF_NONE_MATCH)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .any(|v| none_match(v, &served.etag));
            let mut response = if matches {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                (
                    [(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    )],
                    served.json.clone(),
                )
                    .into_response()
            };
            let h = response.headers_mut();
            h.insert(header::ETAG, etag);
            // Clients may keep it, but must ask again (cheaply, with If-None-Match).
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            h.insert("x-lineage-cache", cache);
            response
        }
        Err(e) => e.into_response(),
    }
}

/// Whether an `If-None-Match` value matches `etag`: `*`, or a list of entity tags
/// compared weakly (RFC 9110 13.1.2: `W/"x"` matches `"x"`; proxies that compress
/// weaken the tags they pass on).
fn none_match(header: &str, etag: &str) -> bool {
    let opaque = |tag: &str| {
        tag.trim()
            .strip_prefix("W/")
            .unwrap_or(tag.trim())
            .to_string()
    };
    let ours = opaque(etag);
    if header.trim() == "*" {
        return true;
    }
    // Entity tags are quoted and may contain commas: split between tags only.
    let mut tags = Vec::new();
    let (mut current, mut quoted) = (String::new(), false);
    for c in header.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => tags.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    tags.push(current);
    tags.iter().any(|t| opaque(t) == ours)
}

fn param<'a>(pairs: &'a [(String, String)], name: &'static str) -> Result<&'a str, ApiError> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::bad_request(name, format!("the `{name}` parameter is required")))
}

/// `GET /pipelines?region=R`: the pipelines of a region.
#[utoipa::path(
    get,
    path = "/pipelines",
    tag = "pickers",
    summary = "The pipelines of a region",
    params(("region" = String, Query, description = "AWS region, e.g. `us-east-1` (one this server knows)", example = "us-east-1")),
    responses(
        (status = 200, description = "Pipelines, most recently executed first", body = Vec<PipelineListItem>),
        openapi::PipelinesErrors,
    )
)]
pub(super) async fn pipelines(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let pairs = match query_pairs(query) {
        Ok(pairs) => pairs,
        Err(response) => return response,
    };
    let region = match param(&pairs, "region") {
        Ok(r) => r,
        Err(e) => return error_response(&e),
    };
    match service::pipelines(&state, region).await {
        Ok(list) => Json(list).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /executions?pipeline=P&region=R`: recent executions, newest first.
#[utoipa::path(
    get,
    path = "/executions",
    tag = "pickers",
    summary = "Recent executions of a pipeline, newest first",
    params(
        ("pipeline" = String, Query, description = "Pipeline name", example = "customer-churn"),
        ("region" = String, Query, description = "AWS region, e.g. `us-east-1` (one this server knows)", example = "us-east-1"),
    ),
    responses(
        (status = 200, description = "Up to 50 executions", body = Vec<ExecutionListItem>),
        openapi::ExecutionsErrors,
    )
)]
pub(super) async fn executions(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let pairs = match query_pairs(query) {
        Ok(pairs) => pairs,
        Err(response) => return response,
    };
    let (pipeline, region) = match (param(&pairs, "pipeline"), param(&pairs, "region")) {
        (Ok(p), Ok(r)) => (p, r),
        (Err(e), _) | (_, Err(e)) => return error_response(&e),
    };
    match service::executions(&state, pipeline, region).await {
        Ok(list) => Json(list).into_response(),
        Err(e) => e.into_response(),
    }
}

/// CORS for the configured origins only; without any, no CORS headers at all (browsers
/// then refuse cross-origin reads).
fn cors_layer(origins: &[String]) -> CorsLayer {
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
async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
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
    let mut response =
        error_response(&ErrorCode::Unauthorized.error("a valid bearer token is required"));
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// Refuses oversized query strings before anything parses them.
async fn limit_query(request: Request, next: Next) -> Response {
    if request
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_BYTES)
    {
        let mut error = ErrorCode::QueryTooLong.error(format!(
            "the query string is longer than {MAX_QUERY_BYTES} bytes"
        ));
        error.parameter = Some("query".into());
        return error_response(&error);
    }
    next.run(request).await
}

/// `GET /healthz`: liveness (the process answers).
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    summary = "Liveness",
    responses((status = 200, description = "The process answers", body = String, content_type = "text/plain"))
)]
pub(super) async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: 200 when AWS answers with the configured credentials.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    summary = "Readiness: AWS answers with the configured credentials",
    responses(
        (status = 200, description = "Ready", body = Ready),
        openapi::ReadyErrors,
    )
)]
pub(super) async fn readyz(State(state): State<AppState>) -> Response {
    match service::ready(&state).await {
        Ok(()) => Json(Ready { ready: true }).into_response(),
        Err(e) => {
            let mut error = e.to_api_error();
            error.status = 503;
            error_response(&error)
        }
    }
}

/// The query's key/value pairs, or the JSON error for an unreadable query string.
#[allow(clippy::result_large_err)]
fn query_pairs(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, Response> {
    query
        .map(|Query(pairs)| pairs)
        .map_err(|e| error_response(&ApiError::bad_request("query", e.body_text())))
}
