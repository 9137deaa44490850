//! The JSON routes' handlers: thin shells over `service`. Queries are extracted into
//! their types (a malformed query is refused by the extractor with our JSON error),
//! and handlers return `Result`, errors becoming responses in one place (`error`).

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::error::LineageError;
use super::metrics;
use super::openapi;
use super::service;
use super::AppState;
use crate::api::{
    ApiError, CompareQuery, ExecutionListItem, LineageQuery, Locations, Overview, PipelineListItem,
};
use crate::core::{Comparison, FindingsReport, LineageDocument};

/// The query string as key/value pairs, or our JSON error when it cannot be read.
struct Pairs(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Pairs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map(|Query(pairs)| Pairs(pairs))
            .map_err(|e: QueryRejection| ApiError::bad_request("query", e.body_text()))
    }
}

impl Pairs {
    /// A required, non-empty parameter.
    fn required(&self, name: &'static str) -> Result<&str, ApiError> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                ApiError::bad_request(name, format!("the `{name}` parameter is required"))
            })
    }

    /// An optional parameter, as given (an empty value is a value: it is refused if
    /// it does not parse).
    fn optional(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `GET /lineage`'s query, extracted with the parameter names of the contract.
impl<S: Send + Sync> FromRequestParts<S> for LineageQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Pairs(pairs) = Pairs::from_request_parts(parts, state).await?;
        LineageQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// `GET /lineage/compare`'s query.
impl<S: Send + Sync> FromRequestParts<S> for CompareQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Pairs(pairs) = Pairs::from_request_parts(parts, state).await?;
        CompareQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// `GET /locations`'s query.
pub(super) struct LocationsQuery {
    region: String,
    uri: String,
    limit: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for LocationsQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let pairs = Pairs::from_request_parts(parts, state).await?;
        Ok(LocationsQuery {
            region: pairs.required("region")?.to_string(),
            uri: pairs.required("uri")?.to_string(),
            limit: pairs.optional("limit").map(str::to_string),
        })
    }
}

/// `GET /pipelines`'s query.
pub(super) struct PipelinesQuery {
    region: String,
}

impl<S: Send + Sync> FromRequestParts<S> for PipelinesQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let pairs = Pairs::from_request_parts(parts, state).await?;
        Ok(PipelinesQuery {
            region: pairs.required("region")?.to_string(),
        })
    }
}

/// `GET /executions`'s query.
pub(super) struct ExecutionsQuery {
    pipeline: String,
    region: String,
}

impl<S: Send + Sync> FromRequestParts<S> for ExecutionsQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let pairs = Pairs::from_request_parts(parts, state).await?;
        Ok(ExecutionsQuery {
            pipeline: pairs.required("pipeline")?.to_string(),
            region: pairs.required("region")?.to_string(),
        })
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
    query: LineageQuery,
) -> Result<Response, LineageError> {
    let (served, reused) = service::lineage(&state, &query).await?;
    let cache = HeaderValue::from_static(if reused { "hit" } else { "miss" });
    let etag = HeaderValue::from_str(&served.etag).unwrap_or(HeaderValue::from_static("\"\""));
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
    Ok(response)
}

/// `GET /lineage/findings`: the same document's findings, for scripts.
#[utoipa::path(
    get,
    path = "/lineage/findings",
    tag = "lineage",
    summary = "The security findings of what a pipeline touches",
    description = "The findings of `/lineage` for the same query (its buckets, KMS keys and \
        account, and with an execution its jobs), worst first, with their counts by \
        severity and the warnings that say what could not be read: a read that was denied \
        or failed is never a finding.",
    params(LineageQuery),
    responses(
        (status = 200, description = "Findings, counts and warnings", body = FindingsReport),
        openapi::LineageErrors,
    )
)]
pub(super) async fn findings(
    State(state): State<AppState>,
    query: LineageQuery,
) -> Result<Json<FindingsReport>, LineageError> {
    let (served, _) = service::lineage(&state, &query).await?;
    Ok(Json(FindingsReport::of(served.document()?)))
}

/// `GET /lineage/openlineage`: the execution's OpenLineage run events.
#[utoipa::path(
    get,
    path = "/lineage/openlineage",
    tag = "openlineage",
    summary = "An execution as OpenLineage run events",
    description = "The run events (OpenLineage 2-0-2) of the execution `/lineage` shows for \
        the same query (the latest when `execution` is not given), in time order: `START` \
        and a terminal event (`COMPLETE`, `FAIL`, `ABORT`) for the execution and each \
        step that ran, `RUNNING` for an execution still running. Run ids are derived \
        from the ARNs, so sending the same events twice is harmless. A pipeline that \
        never ran has no events. With `Accept: application/x-ndjson`, one event per \
        line. The mapping and our facets are described at `/openlineage`.",
    params(LineageQuery),
    responses(
        (status = 200, description = "The run events, in time order", content(
            (Vec<lineage_openlineage::RunEvent> = "application/json"),
            (String = "application/x-ndjson"),
        )),
        openapi::LineageErrors,
    )
)]
pub(super) async fn openlineage(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: LineageQuery,
) -> Result<Response, LineageError> {
    let events = service::openlineage_events(&state, &query).await?;
    let ndjson = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/x-ndjson"));
    if !ndjson {
        return Ok(Json(events).into_response());
    }
    let mut body = String::new();
    for e in &events {
        body.push_str(
            &serde_json::to_string(e).map_err(|e| LineageError::Internal(e.to_string()))?,
        );
        body.push('\n');
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-ndjson"),
        )],
        body,
    )
        .into_response())
}

/// `GET /openlineage`: this server as an OpenLineage producer.
#[utoipa::path(
    get,
    path = "/openlineage",
    tag = "openlineage",
    summary = "This server as an OpenLineage producer",
    description = "The `producer` URI its events carry (this route), its version, the \
        OpenLineage spec version, and the schema URL of each of its own facets.",
    responses(
        (status = 200, description = "The producer", body = Object),
        openapi::TokenErrors,
    )
)]
pub(super) async fn openlineage_producer(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(service::producer_info(&state.config))
}

/// `GET /openlineage/facets/{file}`: the JSON Schema of one of our facets.
#[utoipa::path(
    get,
    path = "/openlineage/facets/{file}",
    tag = "openlineage",
    summary = "The JSON Schema of one of our OpenLineage facets",
    params(("file" = String, Path, description = "`<FacetName>.json`, as the facet's `_schemaURL` names it", example = "SagemakerLineageBucketPostureDatasetFacet.json")),
    responses(
        (status = 200, description = "The facet's JSON Schema (2020-12)", body = Object),
        (status = 404, description = "No such facet", body = ApiError),
        openapi::TokenErrors,
    )
)]
pub(super) async fn openlineage_facet(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    file.strip_suffix(".json")
        .and_then(|name| service::facet_schema(&state.config, name))
        .map(Json)
        .ok_or_else(|| {
            ApiError::new(
                404,
                crate::core::ErrorCode::NotFound,
                format!(
                    "no OpenLineage facet schema `{}`",
                    crate::input::truncate(&file)
                ),
            )
        })
}

/// `GET /lineage/compare`: what changed between two executions of a pipeline.
#[utoipa::path(
    get,
    path = "/lineage/compare",
    tag = "lineage",
    summary = "What changed between two executions of a pipeline",
    description = "Both executions are read exactly as `/lineage` reads one (the same caches: \
        a finished execution costs no AWS call the second time), each with its own \
        definition. Steps are `added` or `removed` when only one definition has them, \
        `changed` when their status, condition outcome, cache hit or failure reason \
        differs; a step that did not run is `NotStarted` on that side, and `null` means \
        the step is not in that side's definition. Defaults: `target` is the latest \
        execution, `base` the most recent execution before it that succeeded (or, when \
        none did, the one just before). An execution may be compared with itself.",
    params(CompareQuery),
    responses(
        (status = 200, description = "The comparison", body = Comparison),
        openapi::LineageErrors,
    )
)]
pub(super) async fn compare(
    State(state): State<AppState>,
    query: CompareQuery,
) -> Result<Json<Comparison>, LineageError> {
    service::comparison(&state, &query).await.map(Json)
}

/// `GET /overview?region=R`: the region's pipelines from the lineage index.
#[utoipa::path(
    get,
    path = "/overview",
    tag = "index",
    summary = "Every indexed pipeline of a region",
    description = "From the lineage index, which a background crawler keeps current: each \
        pipeline's latest execution, executions in the window by status, the latest \
        document's findings, the buckets it touches and the endpoints serving its models. \
        A region asked about for the first time joins the index; `indexedAt` is `null` \
        until its first pass ends. `errors` lists what the crawler could not read.",
    params(("region" = String, Query, description = "AWS region, e.g. `us-east-1` (one this server knows)", example = "us-east-1")),
    responses(
        (status = 200, description = "The overview", body = Overview),
        openapi::IndexErrors,
    )
)]
pub(super) async fn overview(
    State(state): State<AppState>,
    query: PipelinesQuery,
) -> Result<Json<Overview>, LineageError> {
    service::overview(&state, &query.region).await.map(Json)
}

/// `GET /locations?region=R&uri=s3://...`: who touches an S3 location.
#[utoipa::path(
    get,
    path = "/locations",
    tag = "index",
    summary = "Which pipeline steps read or write an S3 location, and what is downstream",
    description = "From the lineage index: every indexed step that read or wrote under the \
        location (or a location containing it), with the executions that did, and the \
        model packages registered and endpoints serving models downstream of those steps.",
    params(
        ("region" = String, Query, description = "AWS region (one this server knows)", example = "us-east-1"),
        ("uri" = String, Query, description = "`s3://bucket` or `s3://bucket/prefix`", example = "s3://lineage-features/churn"),
        ("limit" = Option<u32>, Query, description = "How many matches and model packages to list (the totals are always given); default 200", minimum = 1, maximum = 5000),
    ),
    responses(
        (status = 200, description = "Matches and what is downstream", body = Locations),
        openapi::IndexErrors,
    )
)]
pub(super) async fn locations(
    State(state): State<AppState>,
    query: LocationsQuery,
) -> Result<Json<Locations>, LineageError> {
    service::locations(&state, &query.region, &query.uri, query.limit.as_deref())
        .await
        .map(Json)
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
    query: PipelinesQuery,
) -> Result<Json<Vec<PipelineListItem>>, LineageError> {
    service::pipelines(&state, &query.region).await.map(Json)
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
    query: ExecutionsQuery,
) -> Result<Json<Vec<ExecutionListItem>>, LineageError> {
    service::executions(&state, &query.pipeline, &query.region)
        .await
        .map(Json)
}

/// The body of a successful `/readyz`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Ready {
    pub ready: bool,
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
pub(super) async fn readyz(State(state): State<AppState>) -> Result<Json<Ready>, ApiError> {
    match service::ready(&state).await {
        Ok(()) => Ok(Json(Ready { ready: true })),
        // Not ready, whatever the reason: 503, with the reason's code.
        Err(e) => Err(ApiError {
            status: 503,
            ..e.to_api_error()
        }),
    }
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
