//! HTTP hardening: security headers and the CSP nonce, the query limit, readiness,
//! CORS for configured origins only, the bearer token.

use axum::body::Body;
use axum::http::Request;
use sagemaker_lineage::server::service::ServiceConfig;

use crate::harness::{app, app_with, emulator, request, send};

#[test]
fn security_headers_limits_and_readiness() {
    crate::harness::block_on(async {
        let app = app();
        let page = send(
            app.clone(),
            request("/?pipeline=customer-churn&region=us-east-1"),
        )
        .await;
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert_eq!(page.headers["x-content-type-options"], "nosniff");
        assert_eq!(page.headers["x-frame-options"], "DENY");
        // Inline scripts only by this response's nonce: every inline script carries it.
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        let nonce = script_src
            .split("'nonce-")
            .nth(1)
            .and_then(|n| n.split('\'').next())
            .unwrap_or_else(|| panic!("no nonce in {csp}"));
        assert!(nonce.len() >= 16, "{nonce}");
        let scripts: Vec<&str> = page.body.split("<script").skip(1).collect();
        assert!(!scripts.is_empty());
        for script in &scripts {
            let tag = script.split('>').next().unwrap();
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "a script without this response's nonce: <script{tag}>"
            );
        }
        let again = send(
            app.clone(),
            request("/?pipeline=quality-gate&region=us-east-1"),
        )
        .await;
        let other = again.headers["content-security-policy"].to_str().unwrap();
        assert!(!other.contains(nonce), "each page gets its own nonce");
        // JSON answers get the strict policy, without any nonce.
        let json = send(app.clone(), request("/healthz")).await;
        let strict = json.headers["content-security-policy"].to_str().unwrap();
        assert!(
            strict.contains("script-src 'self' 'wasm-unsafe-eval';") && !strict.contains("nonce-"),
            "{strict}"
        );

        let long = format!(
            "/lineage?pipeline=customer-churn&region=us-east-1&domain={}",
            "x".repeat(5000)
        );
        let refused = send(app.clone(), request(&long)).await;
        assert_eq!(refused.status.as_u16(), 414);
        assert_eq!(refused.json()["code"], "QueryTooLong");

        let ready = send(app.clone(), request("/readyz")).await;
        assert_eq!(ready.status.as_u16(), 200, "{}", ready.body);
    })
}

#[test]
fn cors_only_for_configured_origins() {
    crate::harness::block_on(async {
        let origin = "https://portal.example.com";
        let path = "/lineage?pipeline=customer-churn&region=us-east-1";
        let with_origin = |p: &str| {
            Request::get(p)
                .header("origin", origin)
                .body(Body::empty())
                .unwrap()
        };
        let closed = send(app(), with_origin(path)).await;
        assert!(closed.headers.get("access-control-allow-origin").is_none());
        let open = app_with(ServiceConfig {
            cors_origins: vec![origin.to_string()],
            ..ServiceConfig::default()
        });
        let allowed = send(open.clone(), with_origin(path)).await;
        assert_eq!(allowed.headers["access-control-allow-origin"], origin);
        let other = send(
            open,
            Request::get(path)
                .header("origin", "https://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(other.headers.get("access-control-allow-origin").is_none());
    })
}

#[test]
fn bearer_token_when_configured() {
    crate::harness::block_on(async {
        emulator();
        let app = app_with(ServiceConfig {
            auth_token: Some(sagemaker_lineage::server::service::Secret(
                "s3cret-token".into(),
            )),
            ..ServiceConfig::default()
        });
        let path = "/lineage?pipeline=customer-churn&region=us-east-1";
        let denied = send(app.clone(), request(path)).await;
        assert_eq!(denied.status.as_u16(), 401);
        assert_eq!(denied.json()["code"], "Unauthorized");
        assert_eq!(denied.headers["www-authenticate"], "Bearer");
        let wrong = send(
            app.clone(),
            Request::get(path)
                .header("authorization", "Bearer nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(wrong.status.as_u16(), 401);
        assert!(!wrong.body.contains("s3cret"));
        let page = send(app.clone(), request("/")).await;
        assert_eq!(page.status.as_u16(), 401, "pages too");
        let allowed = send(
            app.clone(),
            Request::get(path)
                .header("authorization", "Bearer s3cret-token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(allowed.status.as_u16(), 200, "{}", allowed.body);
        assert_eq!(
            send(app, request("/healthz")).await.status.as_u16(),
            200,
            "health stays open"
        );
    })
}
