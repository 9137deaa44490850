//! The HTTP surface assembled: the JSON routes (`handlers`), health, metrics, API
//! docs, the Leptos pages and server functions, and the layers that wrap every request
//! (`middleware`).

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware as layer;
use axum::routing::get;
use axum::Router;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use super::handlers::{
    compare, executions, findings, healthz, lineage, locations, metrics_text, openlineage,
    openlineage_facet, openlineage_producer, overview, pipelines, readyz,
};
use super::middleware::{
    cors_layer, limit_query, observe, page_csp, require_token, CSP, MAX_BODY_BYTES,
};
use super::openapi;
use super::AppState;
use crate::app::{shell, App};
use crate::ui::common::ResponseStatus;

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
        .route("/lineage/findings", get(findings))
        .route("/lineage/compare", get(compare))
        .route("/lineage/openlineage", get(openlineage))
        .route("/openlineage", get(openlineage_producer))
        .route("/openlineage/facets/{file}", get(openlineage_facet))
        .route("/pipelines", get(pipelines))
        .route("/overview", get(overview))
        .route("/locations", get(locations))
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
        .layer(layer::from_fn(limit_query))
        .layer(layer::from_fn_with_state(state.clone(), require_token))
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
        .layer(layer::from_fn(observe))
        .with_state(state)
}
