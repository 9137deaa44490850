//! The contract shared by the server and the browser: query parameters, the JSON error
//! body, and the server functions the UI calls.
//!
//! Server function bodies run only on the server; each is a thin shell over
//! `server::service`, like the `/lineage` route.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::core::{Comparison, ErrorCode, LineageDocument, RunStatus};

/// The parameters of `GET /lineage` (names are part of the contract).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "ssr",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[serde(rename_all = "camelCase")]
pub struct LineageQuery {
    /// Pipeline name: 1–256 letters, digits and hyphens, starting and ending with a
    /// letter or digit (SageMaker's rule).
    #[cfg_attr(feature = "ssr", param(example = "customer-churn"))]
    pub pipeline: String,
    /// AWS region of the pipeline, e.g. `us-east-1` (one this server knows; the
    /// document lists them).
    #[cfg_attr(feature = "ssr", param(example = "us-east-1"))]
    pub region: String,
    /// Only answer when the pipeline belongs to this SageMaker domain (its
    /// `DomainName`, `DomainId` or `sagemaker:domain-arn` tag); else 404.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Include the run status of the latest execution.
    #[serde(default)]
    pub include_latest_exec: bool,
    /// A specific execution: its ARN, or its id (the last part of the ARN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<String>,
    /// A local AWS profile; refused (403) unless the server runs with `--allow-profile`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Read everything that may have changed again, bypassing the short-lived caches
    /// (immutable records, such as finished jobs, are still reused).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fresh: bool,
}

fn parse_bool(parameter: &str, value: &str) -> Result<bool, ApiError> {
    match value.to_ascii_lowercase().as_str() {
        "" | "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(ApiError::bad_request(
            parameter,
            format!("`{value}` is not a boolean (use true or false)"),
        )),
    }
}

impl LineageQuery {
    /// Builds a query from URL parameters, naming the parameter that is wrong.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ApiError> {
        let mut q = LineageQuery::default();
        let mut seen_pipeline = false;
        let mut seen_region = false;
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "pipeline" => {
                    seen_pipeline = true;
                    q.pipeline = value.to_string();
                }
                "region" => {
                    seen_region = true;
                    q.region = value.to_string();
                }
                "domain" => q.domain = non_empty(value),
                "execution" => q.execution = non_empty(value),
                "profile" => q.profile = non_empty(value),
                "includeLatestExec" => q.include_latest_exec = parse_bool(key, value)?,
                "fresh" => q.fresh = parse_bool(key, value)?,
                // Unknown parameters are ignored, as the original service did.
                _ => {}
            }
        }
        if !seen_pipeline || q.pipeline.is_empty() {
            return Err(ApiError::bad_request(
                "pipeline",
                "the pipeline name is required",
            ));
        }
        if !seen_region || q.region.is_empty() {
            return Err(ApiError::bad_request(
                "region",
                "the AWS region is required",
            ));
        }
        Ok(q)
    }

    /// The same query without the per-request options: what identifies a document.
    pub fn identity(&self) -> LineageQuery {
        LineageQuery {
            fresh: false,
            ..self.clone()
        }
    }

    /// The `/lineage` URL for this query (what the UI links to).
    pub fn to_url(&self) -> String {
        let mut url = format!(
            "/lineage?pipeline={}&region={}",
            encode(&self.pipeline),
            encode(&self.region)
        );
        if let Some(d) = &self.domain {
            url += &format!("&domain={}", encode(d));
        }
        if self.include_latest_exec {
            url += "&includeLatestExec=true";
        }
        if let Some(e) = &self.execution {
            url += &format!("&execution={}", encode(e));
        }
        url
    }
}

fn non_empty(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_string())
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The parameters of `GET /lineage/compare` and of the `/compare` page.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "ssr",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[serde(rename_all = "camelCase")]
pub struct CompareQuery {
    /// Pipeline name (as on `/lineage`).
    #[cfg_attr(feature = "ssr", param(example = "churn-weekly"))]
    pub pipeline: String,
    /// AWS region of the pipeline (as on `/lineage`).
    #[cfg_attr(feature = "ssr", param(example = "us-east-1"))]
    pub region: String,
    /// As on `/lineage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The execution compared against (ARN or id). Default: the most recent execution
    /// before `target` that succeeded or, when none did, the one just before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The execution compared (ARN or id). Default: the latest execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// As on `/lineage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// As on `/lineage`: read again what may have changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fresh: bool,
}

impl CompareQuery {
    /// Builds a query from URL parameters, naming the parameter that is wrong.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ApiError> {
        let mut q = CompareQuery::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "pipeline" => q.pipeline = value.to_string(),
                "region" => q.region = value.to_string(),
                "domain" => q.domain = non_empty(value),
                "base" => q.base = non_empty(value),
                "target" => q.target = non_empty(value),
                "profile" => q.profile = non_empty(value),
                "fresh" => q.fresh = parse_bool(key, value)?,
                _ => {}
            }
        }
        if q.pipeline.is_empty() {
            return Err(ApiError::bad_request(
                "pipeline",
                "the pipeline name is required",
            ));
        }
        if q.region.is_empty() {
            return Err(ApiError::bad_request(
                "region",
                "the AWS region is required",
            ));
        }
        Ok(q)
    }

    /// The `/lineage` query of one side: the same pipeline, region, domain and
    /// profile, for that execution.
    pub fn side(&self, execution: Option<String>) -> LineageQuery {
        LineageQuery {
            pipeline: self.pipeline.clone(),
            region: self.region.clone(),
            domain: self.domain.clone(),
            include_latest_exec: execution.is_none(),
            execution,
            profile: self.profile.clone(),
            fresh: self.fresh,
        }
    }

    /// The `/lineage/compare` URL for this query.
    pub fn to_url(&self) -> String {
        let mut url = format!(
            "/lineage/compare?pipeline={}&region={}",
            encode(&self.pipeline),
            encode(&self.region)
        );
        for (name, value) in [
            ("domain", &self.domain),
            ("base", &self.base),
            ("target", &self.target),
        ] {
            if let Some(v) = value {
                url += &format!("&{name}={}", encode(v));
            }
        }
        url
    }
}

/// A pipeline in a region, for pickers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PipelineListItem {
    pub name: String,
    pub arn: Option<String>,
    pub display_name: Option<String>,
    pub last_execution_time: Option<String>,
    pub last_modified_time: Option<String>,
}

/// An execution of a pipeline, for pickers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExecutionListItem {
    pub arn: String,
    pub id: String,
    pub status: RunStatus,
    pub start_time: Option<String>,
    pub display_name: Option<String>,
    pub failure_reason: Option<String>,
}

/// `GET /overview`: every indexed pipeline of a region, from the lineage index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub region: String,
    /// When the last complete pass over the region ended (RFC 3339); `null` until the
    /// first one.
    pub indexed_at: Option<String>,
    /// Seconds since `indexedAt`, when the answer was made.
    pub indexed_ago_sec: Option<i64>,
    /// The executions counted in `counts` started at or after this (RFC 3339).
    pub window_start: String,
    pub pipelines: Vec<OverviewPipeline>,
    /// What the crawler could not read (access denied, throttled, ...): recorded,
    /// shown, and the crawl went on.
    pub errors: Vec<IndexIssue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OverviewPipeline {
    pub name: String,
    pub arn: Option<String>,
    pub latest: Option<LatestRun>,
    /// Executions in the window, by status.
    pub counts: std::collections::BTreeMap<String, i64>,
    /// The latest indexed document's findings by severity; `null` when no document
    /// of this pipeline was indexed yet.
    pub findings: Option<crate::core::FindingCounts>,
    pub buckets: Vec<String>,
    /// Endpoints serving a model the pipeline registered or trained.
    pub deployments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LatestRun {
    pub id: String,
    pub status: RunStatus,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
}

/// Something the crawler could not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IndexIssue {
    /// `pipeline`, `execution`, `endpoint`, `region`.
    pub scope: String,
    pub target: String,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    pub message: String,
    /// When it was seen (RFC 3339).
    pub at: String,
}

/// `GET /locations`: who reads and writes under an S3 location, and what is
/// downstream of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Locations {
    pub uri: String,
    pub indexed_at: Option<String>,
    /// Seconds since `indexedAt`, when the answer was made.
    pub indexed_ago_sec: Option<i64>,
    /// The first `limit` matches (by pipeline, step, direction, location).
    pub matches: Vec<LocationMatch>,
    /// How many matches there are in all.
    pub matches_total: usize,
    pub downstream: Downstream,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LocationMatch {
    pub pipeline: String,
    pub step: String,
    /// `input` or `output`.
    pub direction: String,
    /// The location the step read or wrote: under the asked one, or containing it.
    pub uri: String,
    /// The indexed executions that did, newest first.
    pub executions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Downstream {
    /// Model packages registered downstream of the matching steps: the first `limit`
    /// by ARN.
    pub model_packages: Vec<String>,
    /// How many model packages there are in all.
    pub model_packages_total: usize,
    /// Endpoints serving those packages, or model artifacts written downstream.
    pub endpoints: Vec<EndpointRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EndpointRef {
    pub name: String,
    pub arn: Option<String>,
    pub status: String,
    pub model_name: String,
    pub model_package_arn: Option<String>,
}

/// The JSON error body of every failed request, and the error of every server function.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[error("{message}")]
pub struct ApiError {
    /// Machine-readable: `BadRequest`, `PipelineNotFound`, `AccessDenied`, ...
    pub code: ErrorCode,
    pub message: String,
    /// The HTTP status this error is answered with.
    pub status: u16,
    /// The query parameter at fault, for bad input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// The IAM action that was denied, for access errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

impl ApiError {
    pub fn new(status: u16, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            status,
            parameter: None,
            action: None,
        }
    }

    pub fn bad_request(parameter: &str, message: impl Into<String>) -> Self {
        ApiError {
            parameter: Some(parameter.to_string()),
            ..ApiError::new(
                400,
                ErrorCode::BadRequest,
                format!("{parameter}: {}", message.into()),
            )
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let status = match &value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => 400,
            _ => 500,
        };
        ApiError::new(status, ErrorCode::ServerFunctionError, value.to_string())
    }
}

/// The lineage document for the UI: the same service function as `GET /lineage`.
#[server(prefix = "/api", endpoint = "lineage")]
pub async fn get_lineage(query: LineageQuery) -> Result<LineageDocument, ApiError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::service::lineage(&state, &query)
        .await
        .and_then(|(served, _)| served.document())
        .map_err(|e| e.to_api_error())
}

/// The pipelines of a region, for the picker.
#[server(prefix = "/api", endpoint = "pipelines")]
pub async fn list_pipelines(region: String) -> Result<Vec<PipelineListItem>, ApiError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::service::pipelines(&state, &region)
        .await
        .map_err(|e| e.to_api_error())
}

/// Recent executions of a pipeline, newest first, for the picker.
#[server(prefix = "/api", endpoint = "executions")]
pub async fn list_executions(
    pipeline: String,
    region: String,
) -> Result<Vec<ExecutionListItem>, ApiError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::service::executions(&state, &pipeline, &region)
        .await
        .map_err(|e| e.to_api_error())
}

/// The comparison of two executions for the UI: the same service function as
/// `GET /lineage/compare`.
#[server(prefix = "/api", endpoint = "compare")]
pub async fn get_comparison(query: CompareQuery) -> Result<Comparison, ApiError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::service::comparison(&state, &query)
        .await
        .map_err(|e| e.to_api_error())
}

/// The region overview for the home page: the same service function as
/// `GET /overview`.
#[server(prefix = "/api", endpoint = "overview")]
pub async fn get_overview(region: String) -> Result<Overview, ApiError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::service::overview(&state, &region)
        .await
        .map_err(|e| e.to_api_error())
}

/// Who touches an S3 location, for the home page: the same service function as
/// `GET /locations`.
#[server(prefix = "/api", endpoint = "locations")]
pub async fn get_locations(region: String, uri: String) -> Result<Locations, ApiError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::service::locations(&state, &region, &uri, None)
        .await
        .map_err(|e| e.to_api_error())
}
