//! The OpenAPI 3 document of the JSON routes, generated from the route annotations in
//! `routes.rs` and the contract types (`api`, `core::document`), served at
//! `/openapi.json`, and the interactive `/docs` page (Swagger UI, served from the
//! binary: the npm package's files are embedded at build time, so no CDN is used).

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use utoipa::OpenApi;

use super::routes;

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
        routes::lineage,
        routes::pipelines,
        routes::executions,
        routes::healthz,
        routes::readyz,
        routes::metrics_text
    ),
    tags(
        (name = "lineage", description = "The lineage document"),
        (name = "pickers", description = "What the UI's pickers list"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

/// The document as JSON (built once).
pub fn document() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .expect("the OpenAPI document serializes")
    })
}

/// `GET /openapi.json`.
pub(super) async fn json() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        document(),
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

    #[test]
    fn document_describes_every_json_route_and_the_contract() {
        let doc: serde_json::Value = serde_json::from_str(document()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        for path in [
            "/lineage",
            "/pipelines",
            "/executions",
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
        for schema in ["LineageDocument", "ApiError", "Node", "Artifact", "Warning"] {
            assert!(schemas[schema].is_object(), "{schema} missing");
        }
    }
}
