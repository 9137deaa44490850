//! The OpenAPI 3 document of the JSON routes, generated from the route annotations in
//! `routes.rs` and the contract types (`api`, `core::document`), served at
//! `/openapi.json`, and the interactive `/docs` page (Swagger UI, served from the
//! binary: the npm package's files are embedded at build time, so no CDN is used).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
use utoipa::{IntoResponses, OpenApi};

use super::error::{Answer, ErrorCode, ANSWERED};
use super::handlers;
use super::regions::Regions;
use crate::api::ApiError;
use crate::input::{DomainName, ExecutionRef, PipelineName, ProfileName, Region, S3Location};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "SageMaker Lineage",
        description = "Data lineage and run status of Amazon SageMaker Pipelines. \
            Every failed request answers the same JSON error body (`ApiError`). \
            When the server has a bearer token configured, every route but \
            `/healthz` and `/readyz` needs `Authorization: Bearer <token>`.",
        license(name = "Apache-2.0")
    ),
    paths(
        handlers::lineage,
        handlers::findings,
        handlers::compare,
        handlers::openlineage,
        handlers::openlineage_producer,
        handlers::openlineage_facet,
        handlers::pipelines,
        handlers::executions,
        handlers::overview,
        handlers::locations,
        handlers::healthz,
        handlers::readyz,
        handlers::metrics_text
    ),
    components(schemas(ApiError)),
    tags(
        (name = "lineage", description = "The lineage document"),
        (name = "pickers", description = "What the UI's pickers list"),
        (name = "index", description = "Across pipelines: the region's lineage index"),
        (name = "openlineage", description = "Executions as OpenLineage run events"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

/// Error codes `GET /lineage` answers with: every `LineageError`, and the refusals
/// of the middleware (token, query length).
pub const LINEAGE_ERRORS: &[ErrorCode] = &ANSWERED;

/// Error codes of `GET /pipelines`.
pub const PIPELINES_ERRORS: &[ErrorCode] = &[
    ErrorCode::BadRequest,
    ErrorCode::Unauthorized,
    ErrorCode::AccessDenied,
    ErrorCode::NotFound,
    ErrorCode::QueryTooLong,
    ErrorCode::InternalError,
    ErrorCode::AwsUnreachable,
    ErrorCode::AwsCredentials,
    ErrorCode::AwsError,
    ErrorCode::TooLarge,
    ErrorCode::Throttled,
    ErrorCode::AwsTimeout,
];

/// Error codes of `GET /executions`: those of `/pipelines`, and an unknown pipeline.
pub const EXECUTIONS_ERRORS: &[ErrorCode] = &[
    ErrorCode::BadRequest,
    ErrorCode::Unauthorized,
    ErrorCode::AccessDenied,
    ErrorCode::PipelineNotFound,
    ErrorCode::NotFound,
    ErrorCode::QueryTooLong,
    ErrorCode::InternalError,
    ErrorCode::AwsUnreachable,
    ErrorCode::AwsCredentials,
    ErrorCode::AwsError,
    ErrorCode::TooLarge,
    ErrorCode::Throttled,
    ErrorCode::AwsTimeout,
];

/// Error codes of the index's routes (`/overview`, `/locations`).
pub const INDEX_ERRORS: &[ErrorCode] = &[
    ErrorCode::BadRequest,
    ErrorCode::Unauthorized,
    ErrorCode::IndexOff,
    ErrorCode::QueryTooLong,
    ErrorCode::InternalError,
    ErrorCode::IndexUnavailable,
];

/// The error responses of a route, from the codes it answers with: one response per
/// status, naming each code and when it is answered.
fn error_responses(codes: &[ErrorCode]) -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
    let mut by_status: BTreeMap<u16, Vec<ErrorCode>> = BTreeMap::new();
    for code in codes {
        by_status
            .entry(code.status().as_u16())
            .or_default()
            .push(code.clone());
    }
    by_status
        .into_iter()
        .map(|(status, codes)| {
            let lines: Vec<String> = codes
                .iter()
                .map(|c| format!("`{}`: {}", c.as_str(), c.meaning()))
                .collect();
            (status.to_string(), error_response(lines.join("; ")))
        })
        .collect()
}

fn error_response(description: String) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                Content::new(Some(Ref::from_schema_name("ApiError"))),
            )
            .build(),
    )
}

/// The error responses of `GET /lineage` (see `LINEAGE_ERRORS`).
pub struct LineageErrors;

impl IntoResponses for LineageErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        error_responses(LINEAGE_ERRORS)
    }
}

/// The error responses of `GET /pipelines` (see `PIPELINES_ERRORS`).
pub struct PipelinesErrors;

impl IntoResponses for PipelinesErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        error_responses(PIPELINES_ERRORS)
    }
}

/// The error responses of `GET /executions` (see `EXECUTIONS_ERRORS`).
pub struct ExecutionsErrors;

impl IntoResponses for ExecutionsErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        error_responses(EXECUTIONS_ERRORS)
    }
}

/// The error responses of a route that reads nothing: only the bearer token's.
pub struct TokenErrors;

impl IntoResponses for TokenErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        error_responses(&[ErrorCode::Unauthorized])
    }
}

/// The error responses of the index's routes (see `INDEX_ERRORS`).
pub struct IndexErrors;

impl IntoResponses for IndexErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        error_responses(INDEX_ERRORS)
    }
}

/// `/readyz` answers every failure with 503, whatever its code.
pub struct ReadyErrors;

impl IntoResponses for ReadyErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        let codes: Vec<&str> = ANSWERED.iter().map(|c| c.as_str()).collect();
        BTreeMap::from([(
            "503".to_string(),
            error_response(format!(
                "Not ready: AWS cannot be used with the configured credentials; `code` says why ({})",
                codes.join(", ")
            )),
        )])
    }
}

/// The one pattern of each parsed parameter, from its type (`input`).
const PATTERNS: [(&str, &str); 8] = [
    ("uri", S3Location::PATTERN),
    ("pipeline", PipelineName::PATTERN),
    ("region", Region::PATTERN),
    ("execution", ExecutionRef::PATTERN),
    ("base", ExecutionRef::PATTERN),
    ("target", ExecutionRef::PATTERN),
    ("domain", DomainName::PATTERN),
    ("profile", ProfileName::PATTERN),
];

/// The document as JSON, for a server answering for `regions`: every parameter
/// parsed into a type carries that type's pattern, and every `region` parameter lists
/// the regions.
pub fn document(regions: &Regions) -> String {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serializes");
    let names: Vec<&str> = regions.iter().collect();
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for operation in paths.values_mut().filter_map(|p| p.get_mut("get")) {
            let parameters = operation
                .get_mut("parameters")
                .and_then(|p| p.as_array_mut());
            for parameter in parameters.into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap_or_default().to_string();
                if let Some((_, pattern)) = PATTERNS.iter().find(|(n, _)| *n == name) {
                    parameter["schema"]["pattern"] = serde_json::json!(pattern);
                }
                if name == "region" {
                    parameter["schema"]["enum"] = serde_json::json!(names);
                }
            }
        }
    }
    serde_json::to_string_pretty(&doc).expect("the OpenAPI document serializes")
}

/// `GET /openapi.json`.
pub(super) async fn json(document: Arc<str>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        document.to_string(),
    )
        .into_response()
}

/// `GET /docs`: Swagger UI over `/openapi.json`.
pub(super) async fn page() -> Html<&'static str> {
    Html(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SageMaker Lineage API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"#,
    )
}

/// The page's scripts and styles, embedded from npm's `swagger-ui-dist`.
static ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "swagger-ui-bundle.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../node_modules/swagger-ui-dist/swagger-ui-bundle.js"),
    ),
    (
        "swagger-ui.css",
        "text/css; charset=utf-8",
        include_bytes!("../../node_modules/swagger-ui-dist/swagger-ui.css"),
    ),
    (
        "init.js",
        "text/javascript; charset=utf-8",
        include_bytes!("docs-init.js"),
    ),
];

/// `GET /docs/{file}`.
pub(super) async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> serde_json::Value {
        serde_json::from_str(&document(&Regions::default())).unwrap()
    }

    #[test]
    fn document_describes_every_json_route_and_the_contract() {
        let doc = doc();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        for path in [
            "/lineage",
            "/lineage/findings",
            "/lineage/compare",
            "/lineage/openlineage",
            "/openlineage",
            "/openlineage/facets/{file}",
            "/pipelines",
            "/executions",
            "/overview",
            "/locations",
            "/healthz",
            "/readyz",
            "/metrics",
        ] {
            assert!(doc["paths"][path]["get"].is_object(), "{path}");
        }
        let params: Vec<&str> = doc["paths"]["/lineage"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            params,
            [
                "pipeline",
                "region",
                "domain",
                "includeLatestExec",
                "execution",
                "profile",
                "fresh"
            ]
        );
        let schemas = &doc["components"]["schemas"];
        for schema in [
            "LineageDocument",
            "ApiError",
            "Node",
            "Artifact",
            "Warning",
            "Finding",
            "FindingsReport",
            "Comparison",
            "StepChange",
        ] {
            assert!(schemas[schema].is_object(), "{schema} missing");
        }
        // Each parsed parameter carries its type's one pattern.
        for (path, name, pattern) in [
            ("/lineage", "pipeline", PipelineName::PATTERN),
            ("/lineage", "execution", ExecutionRef::PATTERN),
            ("/lineage", "domain", DomainName::PATTERN),
            ("/lineage", "profile", ProfileName::PATTERN),
            ("/executions", "pipeline", PipelineName::PATTERN),
            ("/lineage/compare", "base", ExecutionRef::PATTERN),
            ("/lineage/compare", "target", ExecutionRef::PATTERN),
            ("/pipelines", "region", Region::PATTERN),
        ] {
            let parameter = doc["paths"][path]["get"]["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == name)
                .unwrap();
            assert_eq!(parameter["schema"]["pattern"], pattern, "{path} {name}");
        }
        // Regions are the ones the server answers for.
        let region = doc["paths"]["/lineage"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "region")
            .unwrap();
        let regions = region["schema"]["enum"].as_array().unwrap();
        assert!(regions.contains(&"us-east-1".into()));
        assert!(!regions.contains(&"aa-aaab-1".into()));
    }

    /// The finding ids in the schema are the serialized ids, not the Rust variant
    /// names (a `serde(rename)` written through a macro fragment is invisible to
    /// utoipa's derive unless passed as a plain token).
    #[test]
    fn finding_ids_in_the_schema_are_the_serialized_ids() {
        use lineage_core::FindingKind;
        let doc = doc();
        let listed: Vec<&str> = doc["components"]["schemas"]["FindingKind"]["enum"]
            .as_array()
            .expect("FindingKind is an enum schema")
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let ids: Vec<&str> = FindingKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(listed, ids);
    }

    /// Every answer a route can give is documented under its status, with its code:
    /// each `LineageError` (made exhaustively: a new variant must be added here) for
    /// `/lineage`, and each error the pickers' service functions make for them.
    #[test]
    fn every_error_status_is_documented_with_its_code() {
        use crate::server::error::LineageError;
        use crate::server::source::AwsError;
        let aws = [
            AwsError::NotFound("x".into()),
            AwsError::AccessDenied {
                action: "a".into(),
                message: "m".into(),
            },
            AwsError::Throttled("x".into()),
            AwsError::Timeout("x".into()),
            AwsError::Unreachable("x".into()),
            AwsError::Credentials("x".into()),
            AwsError::Service {
                code: "c".into(),
                message: "m".into(),
            },
            AwsError::TooLarge("x".into()),
        ];
        let exhaustive = |e: &LineageError| match e {
            LineageError::BadRequest { .. }
            | LineageError::ProfileNotAllowed
            | LineageError::PipelineNotFound(_)
            | LineageError::ExecutionNotFound(_)
            | LineageError::NotThisPipeline { .. }
            | LineageError::DomainMismatch { .. }
            | LineageError::Definition(_)
            | LineageError::Aws(_)
            | LineageError::Deadline(_)
            | LineageError::Internal(_)
            | LineageError::Side { .. }
            | LineageError::IndexOff
            | LineageError::IndexUnavailable(_) => (),
        };
        let mut lineage = vec![
            LineageError::BadRequest {
                parameter: "p",
                message: "m".into(),
            },
            LineageError::ProfileNotAllowed,
            LineageError::PipelineNotFound("p".into()),
            LineageError::ExecutionNotFound("e".into()),
            LineageError::NotThisPipeline {
                execution: "e".into(),
                pipeline: "p".into(),
                region: "r".into(),
            },
            LineageError::DomainMismatch {
                pipeline: "p".into(),
                domain: "d".into(),
            },
            LineageError::Definition(crate::core::DefinitionError::TooLarge(1)),
            LineageError::Deadline(std::time::Duration::from_secs(1)),
            LineageError::Internal("x".into()),
            LineageError::ExecutionNotFound("e".into()).for_side("base"),
        ];
        lineage.extend(aws.iter().cloned().map(LineageError::Aws));
        let pickers: Vec<LineageError> = std::iter::once(LineageError::BadRequest {
            parameter: "region",
            message: "m".into(),
        })
        .chain(aws.iter().cloned().map(LineageError::Aws))
        .collect();
        let executions: Vec<LineageError> = pickers
            .iter()
            .cloned()
            .chain([LineageError::PipelineNotFound("p".into())])
            .collect();
        let doc = doc();
        let documented = |path: &str, e: &LineageError| {
            exhaustive(e);
            let status = e.status().as_u16().to_string();
            let response = &doc["paths"][path]["get"]["responses"][&status];
            let text = response["description"].as_str().unwrap_or_default();
            assert!(
                text.contains(&format!("`{}`", e.code().as_str())),
                "{path}: {e:?} answers {status} {}, which is not documented (documented: {text})",
                e.code().as_str()
            );
        };
        for e in &lineage {
            documented("/lineage", e);
        }
        for e in &pickers {
            documented("/pipelines", e);
        }
        for e in &executions {
            documented("/executions", e);
        }
        let index = [
            LineageError::BadRequest {
                parameter: "uri",
                message: "m".into(),
            },
            LineageError::IndexOff,
            LineageError::IndexUnavailable("x".into()),
            LineageError::Internal("x".into()),
        ];
        for path in ["/overview", "/locations"] {
            for e in &index {
                documented(path, e);
            }
        }
        // The middleware's own refusals, on every JSON route.
        for path in [
            "/lineage",
            "/pipelines",
            "/executions",
            "/overview",
            "/locations",
        ] {
            for code in [ErrorCode::Unauthorized, ErrorCode::QueryTooLong] {
                let status = code.status().as_u16().to_string();
                let text = doc["paths"][path]["get"]["responses"][&status]["description"]
                    .as_str()
                    .unwrap_or_default();
                assert!(text.contains(code.as_str()), "{path} {status}");
            }
        }
        // Missing credentials are a 502 in the code, and so in the document.
        assert_eq!(ErrorCode::AwsCredentials.status().as_u16(), 502);
        let text = doc["paths"]["/lineage"]["get"]["responses"]["503"]["description"]
            .as_str()
            .unwrap();
        assert!(!text.contains("AwsCredentials"), "{text}");
    }
}
