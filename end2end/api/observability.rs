//! Operations: Prometheus metrics, request ids, and structured logs that carry them.

use axum::body::Body;
use axum::http::Request;
use serde_json::Value;

use crate::harness::{app, aws_env, emulator, get, send, serve_logging};

fn with_id(path: &str, id: &str) -> Request<Body> {
    Request::get(path)
        .header("x-request-id", id)
        .body(Body::empty())
        .unwrap()
}

fn is_generated_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn metrics_count_requests_aws_calls_and_cache_lookups() {
    crate::harness::block_on(async {
        let path =
            "/lineage?pipeline=quality-gate&region=us-east-1&includeLatestExec=true&fresh=true";
        let reply = send(app(), with_id(path, "trace-42.a_b")).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            reply.headers["x-request-id"], "trace-42.a_b",
            "the caller's id is kept"
        );

        // Without an id, or with one we would not log as is, a new one.
        let plain = get("/healthz").await;
        assert!(is_generated_id(
            plain.headers["x-request-id"].to_str().unwrap()
        ));
        let odd = send(app(), with_id("/healthz", "a b\"<script>")).await;
        assert!(is_generated_id(
            odd.headers["x-request-id"].to_str().unwrap()
        ));
        assert_ne!(plain.headers["x-request-id"], odd.headers["x-request-id"]);

        let metrics = get("/metrics").await;
        assert_eq!(metrics.status, 200);
        assert!(metrics.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"));
        let text = &metrics.body;
        let value = |series: &str| -> f64 {
            text.lines()
                .find_map(|l| l.strip_prefix(series))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("{series} missing from\n{text}"))
        };
        assert!(
            value(
                r#"lineage_aws_calls_total{service="SageMaker",operation="DescribePipeline",outcome="ok"}"#
            ) >= 1.0
        );
        assert!(
            value(
                r#"lineage_aws_attempts_total{service="SageMaker",operation="DescribePipeline",outcome="ok"}"#
            ) >= 1.0
        );
        assert!(
            value(
                r#"lineage_aws_calls_total{service="S3",operation="GetBucketEncryption",outcome="ok"}"#
            ) >= 1.0
        );
        assert!(
            value(
                r#"lineage_http_request_duration_seconds_count{route="/lineage",method="GET",status="200"}"#
            ) >= 1.0
        );
        assert!(
            value(
                r#"lineage_http_request_duration_seconds_count{route="/healthz",method="GET",status="200"}"#
            ) >= 2.0
        );
        assert!(value(r#"lineage_cache_lookups_total{kind="pipeline",result="miss"}"#) >= 1.0);
        assert!(value(r#"lineage_documents_total{result="built"}"#) >= 1.0);
        assert!(text.trim_end().ends_with("# EOF"));

        // A path nobody routes is counted under one label, not its own.
        let _ = get("/no/such/page-12345").await;
        let after = get("/metrics").await.body;
        assert!(!after.contains("page-12345"));
        assert!(after.contains(r#"route="other""#));
    })
}

#[test]
fn json_logs_carry_the_request_id_latency_and_aws_calls() {
    let log = std::env::temp_dir().join(format!("lineage-log-{}.jsonl", std::process::id()));
    let mut env = aws_env(&emulator().url);
    env.push(("LINEAGE_LOG_FORMAT", "json".into()));
    let server = serve_logging(&env, Some(&log));
    let addr = server.addr.clone();
    // A raw request with our header (the harness's http_get sends none).
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "GET /lineage?pipeline=customer-churn&region=us-east-1&includeLatestExec=true HTTP/1.1\r\n\
         Host: {addr}\r\nX-Request-Id: log-check-7\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    drop(server);

    let text = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let ours: Vec<&Value> = lines
        .iter()
        .filter(|l| l["span"]["id"] == "log-check-7")
        .collect();
    let lineage = ours
        .iter()
        .find(|l| l["fields"]["message"] == "lineage")
        .unwrap_or_else(|| panic!("no lineage line for the request in\n{text}"));
    assert!(
        lineage["fields"]["aws_calls"].as_u64().unwrap() > 10,
        "{lineage}"
    );
    assert!(lineage["fields"]["ms"].is_u64(), "{lineage}");
    let served = ours
        .iter()
        .find(|l| l["fields"]["message"] == "served")
        .unwrap_or_else(|| panic!("no served line in\n{text}"));
    assert_eq!(served["fields"]["status"], 200);
    assert_eq!(served["span"]["path"], "/lineage");
    // Nothing secret in the logs: the dummy secret key never appears.
    assert!(!text.contains("testing\""), "{text}");
}
