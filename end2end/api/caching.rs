//! Caching against the emulator: documents reused, tagged and compressed; warm
//! requests that read nothing; fresh requests that reread only what may change; the
//! same document whatever the concurrency.

use axum::body::Body;
use axum::http::Request;
use sagemaker_lineage::server::service::ServiceConfig;
use serde_json::Value;

use crate::harness::{app, app_for, app_with, emulator, http_get, request, send, spawn_emulator};

#[test]
fn documents_are_reused_tagged_and_compressed() {
    crate::harness::block_on(async {
        let app = app();
        let path = "/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002";
        let first = send(app.clone(), request(path)).await;
        assert_eq!(first.status.as_u16(), 200);
        assert_eq!(first.headers["x-lineage-cache"], "miss");
        let etag = first.headers["etag"].to_str().unwrap().to_string();
        let second = send(app.clone(), request(path)).await;
        assert_eq!(second.headers["x-lineage-cache"], "hit");
        assert_eq!(second.headers["etag"], etag.as_str());
        assert_eq!(second.body, first.body);

        let unchanged = send(
            app.clone(),
            Request::get(path)
                .header("if-none-match", &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(unchanged.status.as_u16(), 304);
        assert!(unchanged.body.is_empty());

        let zipped = send(
            app.clone(),
            Request::get(path)
                .header("accept-encoding", "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(zipped.headers["content-encoding"], "gzip");

        // fresh=true recomputes (and gives the same document for a finished execution).
        let fresh = send(app.clone(), request(&format!("{path}&fresh=true"))).await;
        assert_eq!(fresh.headers["x-lineage-cache"], "miss");
        assert_eq!(fresh.headers["etag"], etag.as_str());
    })
}

#[test]
fn warm_requests_do_not_read_immutable_records_again() {
    crate::harness::block_on(async {
        // A private emulator, so its call counts are this test's alone.
        let (url, mut child) = spawn_emulator();
        let addr = url.trim_start_matches("http://").to_string();
        let app = app_for(Some(&url), ServiceConfig::default());
        let path = "/lineage?pipeline=customer-churn&region=us-east-1&includeLatestExec=true";
        let calls = |addr: &str| -> Value {
            let (_, body) = http_get(addr, "/_lineage/calls").unwrap();
            serde_json::from_str(&body).unwrap()
        };
        let reset = |addr: &str| {
            let mut s = std::net::TcpStream::connect(addr).unwrap();
            use std::io::{Read, Write};
            write!(s, "POST /_lineage/calls/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
            let mut sink = Vec::new();
            let _ = s.read_to_end(&mut sink);
        };

        let cold = send(app.clone(), request(path)).await;
        assert_eq!(cold.status.as_u16(), 200, "{}", cold.body);
        let cold_calls = calls(&addr);
        reset(&addr);

        // The same request again: the whole document is reused, no AWS call at all.
        let warm = send(app.clone(), request(path)).await;
        assert_eq!(warm.headers["x-lineage-cache"], "hit");
        let warm_calls = calls(&addr);
        reset(&addr);

        // A fresh read: what may change is read again, what cannot is not. The step
        // list is read once more: the cold read ran alongside the execution's
        // description, so it was not proven final (a list read while an execution
        // ends can be older than its status); this one is, and is kept.
        let fresh = send(app.clone(), request(&format!("{path}&fresh=true"))).await;
        let first_fresh_calls = calls(&addr);
        reset(&addr);
        let again = send(app.clone(), request(&format!("{path}&fresh=true"))).await;
        let fresh_calls = calls(&addr);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(again.body, cold.body);
        let steps = |calls: &Value| {
            calls
                .get("SageMaker.ListPipelineExecutionSteps")
                .and_then(Value::as_u64)
                .unwrap_or(0)
        };
        assert_eq!(steps(&first_fresh_calls), 2, "{first_fresh_calls}");

        assert_eq!(
            fresh.body, cold.body,
            "the cache must not change the document"
        );
        let count = |calls: &Value, op: &str| calls.get(op).and_then(Value::as_u64).unwrap_or(0);
        assert!(
            count(&cold_calls, "SageMaker.DescribeTrainingJob") == 1,
            "{cold_calls}"
        );
        assert_eq!(warm_calls, serde_json::json!({}), "warm: {warm_calls}");
        for immutable in [
            "SageMaker.DescribeTrainingJob",
            "SageMaker.DescribeProcessingJob",
            "SageMaker.DescribeTransformJob",
            "SageMaker.DescribePipelineExecution",
            "SageMaker.ListPipelineExecutionSteps",
            "SageMaker.DescribePipelineDefinitionForExecution",
            "SageMaker.ListPipelineParametersForExecution",
        ] {
            assert_eq!(
                count(&fresh_calls, immutable),
                0,
                "{immutable} read again: {fresh_calls}"
            );
        }
        for changing in [
            "SageMaker.DescribePipeline",
            "SageMaker.ListPipelineExecutions",
            "s3:GetBucketEncryption",
        ] {
            assert!(
                count(&fresh_calls, changing) > 0,
                "{changing} not read again: {fresh_calls}"
            );
        }
    })
}

#[test]
fn concurrency_does_not_change_the_document() {
    crate::harness::block_on(async {
        emulator();
        let path = "/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002";
        let one = send(
            app_with(ServiceConfig {
                concurrency: 1,
                ..ServiceConfig::default()
            }),
            request(path),
        )
        .await;
        let many = send(
            app_with(ServiceConfig {
                concurrency: 32,
                ..ServiceConfig::default()
            }),
            request(path),
        )
        .await;
        assert_eq!(one.status.as_u16(), 200);
        assert_eq!(one.body, many.body);
    })
}
