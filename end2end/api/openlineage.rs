//! OpenLineage out: `/lineage/openlineage` (JSON and NDJSON), the facet schemas the
//! events point at, `/openlineage`, and `export openlineage` of the real binary, on
//! the demo data. (The mapping itself, and validation against the official schemas,
//! are tested in `crates/lineage-openlineage`.)

use std::collections::BTreeSet;
use std::process::Command;

use axum::body::Body;
use axum::http::Request;
use serde_json::Value;

use crate::harness::{app, aws_env, binary, block_on, emulator, get, root, send};

const FAILED: &str = "pipeline=churn-weekly&region=us-east-1&execution=exec-weekly-0002";

async fn events(query: &str) -> Vec<Value> {
    let reply = get(&format!("/lineage/openlineage?{query}")).await;
    assert_eq!(reply.status.as_u16(), 200, "{query}: {}", reply.body);
    serde_json::from_value(reply.json()).unwrap()
}

#[test]
fn an_execution_as_run_events() {
    block_on(async {
        let events = events(FAILED).await;
        let summary: Vec<(String, String)> = events
            .iter()
            .map(|e| {
                (
                    e["eventType"].as_str().unwrap().to_string(),
                    e["job"]["name"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            summary.first().unwrap(),
            &("START".into(), "churn-weekly".into())
        );
        assert_eq!(
            summary.last().unwrap(),
            &("FAIL".into(), "churn-weekly".into())
        );
        assert!(summary.contains(&("FAIL".into(), "churn-weekly.AucTooLow".into())));
        assert!(summary.contains(&("COMPLETE".into(), "churn-weekly.Train".into())));
        // Every step run points at the execution's run.
        let execution_run = &events[0]["run"]["runId"];
        for e in &events[1..events.len() - 1] {
            assert_eq!(&e["run"]["facets"]["parent"]["run"]["runId"], execution_run);
        }
        // The same ids on every export.
        assert_eq!(events, self::events(&format!("{FAILED}&fresh=true")).await);
        // Datasets as the naming spec says.
        let train = events
            .iter()
            .find(|e| e["job"]["name"] == "churn-weekly.Train" && e["eventType"] == "COMPLETE")
            .unwrap();
        assert_eq!(train["inputs"][0]["namespace"], "s3://lineage-features");
        assert_eq!(train["inputs"][0]["name"], "churn-weekly/train");
        assert!(
            train["inputs"][0]["facets"]["sagemakerLineage_bucketPosture"]["findings"].is_array()
        );
    })
}

#[test]
fn the_latest_by_default_ndjson_on_request_and_none_without_a_run() {
    block_on(async {
        let latest = events("pipeline=churn-weekly&region=us-east-1").await;
        let named =
            events("pipeline=churn-weekly&region=us-east-1&execution=exec-weekly-0003").await;
        assert_eq!(latest, named);

        let reply = send(
            app(),
            Request::get(format!("/lineage/openlineage?{FAILED}"))
                .header("accept", "application/x-ndjson")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(reply.status.as_u16(), 200);
        assert_eq!(reply.headers["content-type"], "application/x-ndjson");
        let lines: Vec<Value> = reply
            .body
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines, events(FAILED).await);

        assert_eq!(
            events("pipeline=never-run&region=us-east-1").await,
            Vec::<Value>::new()
        );
        let reply = get("/lineage/openlineage?pipeline=churn-weekly&region=nowhere-1").await;
        assert_eq!(reply.status.as_u16(), 400);
        assert_eq!(reply.json()["parameter"], "region");
        let reply = get("/lineage/openlineage?pipeline=no-such-pipeline&region=us-east-1").await;
        assert_eq!(reply.json()["code"], "PipelineNotFound");
    })
}

/// Every `_schemaURL` of our facets resolves, on this server, to the schema it names.
#[test]
fn our_facet_schemas_are_served_where_the_events_point() {
    block_on(async {
        let producer = get("/openlineage").await.json();
        let public_url = producer["producer"]
            .as_str()
            .unwrap()
            .trim_end_matches("/openlineage")
            .to_string();
        let mut urls = BTreeSet::new();
        fn collect(v: &Value, urls: &mut BTreeSet<String>) {
            match v {
                Value::Object(map) => {
                    if let Some(Value::String(u)) = map.get("_schemaURL") {
                        urls.insert(u.clone());
                    }
                    map.values().for_each(|v| collect(v, urls));
                }
                Value::Array(items) => items.iter().for_each(|v| collect(v, urls)),
                _ => {}
            }
        }
        for query in [
            FAILED,
            "pipeline=churn-weekly&region=us-east-1",
            "pipeline=data-posture&region=us-east-1",
        ] {
            for e in events(query).await {
                assert_eq!(e["producer"], producer["producer"]);
                collect(&e, &mut urls);
            }
        }
        let ours: Vec<&String> = urls.iter().filter(|u| u.starts_with(&public_url)).collect();
        assert!(ours.len() >= 4, "{urls:?}");
        for url in ours {
            let (file, pointer) = url.split_once('#').unwrap();
            let path = file.strip_prefix(&public_url).unwrap();
            let reply = get(path).await;
            assert_eq!(reply.status.as_u16(), 200, "{path}");
            let schema = reply.json();
            assert_eq!(schema["$id"], file);
            assert!(
                schema.pointer(pointer).is_some_and(Value::is_object),
                "{url}"
            );
            assert!(producer["facets"]
                .as_array()
                .unwrap()
                .contains(&Value::from(file)));
        }
        let reply = get("/openlineage/facets/Nope.json").await;
        assert_eq!(reply.status.as_u16(), 404);
        assert_eq!(reply.json()["code"], "NotFound");
    })
}

#[test]
fn export_openlineage_writes_what_the_api_answers() {
    let env = aws_env(&emulator().url);
    let out = Command::new(binary())
        .args([
            "export",
            "openlineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "churn-weekly",
            "--execution",
            "exec-weekly-0002",
            "--ndjson",
            "--public-url",
            "http://localhost:3000/",
        ])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RUST_LOG", "warn")
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The test router's public URL is the default one.
    let api = block_on(events(FAILED));
    assert_eq!(lines, api);

    let bad = Command::new(binary())
        .args([
            "export",
            "openlineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "churn-weekly",
            "--public-url",
            "ftp://x",
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a public URL"));
}

/// What a receiver was sent: each request's `Authorization` and body.
pub type Received = std::sync::Arc<std::sync::Mutex<Vec<(Option<String>, Value)>>>;

/// An OpenLineage receiver on a free port, in its own thread: it answers `status`
/// to the first `failing` requests and 201 to the rest, and records every request.
pub fn receiver(failing: usize, status: u16) -> (String, Received) {
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode};
    let received: Received = Default::default();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/api/v1/lineage", listener.local_addr().unwrap());
    let state = received.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let app =
                axum::Router::new()
                    .route(
                        "/api/v1/lineage",
                        axum::routing::post(
                            move |State(seen): State<Received>,
                                  headers: HeaderMap,
                                  body: String| async move {
                                let mut seen = seen.lock().unwrap();
                                let auth = headers
                                    .get("authorization")
                                    .map(|v| v.to_str().unwrap().to_string());
                                seen.push((auth, serde_json::from_str(&body).unwrap()));
                                if seen.len() <= failing {
                                    StatusCode::from_u16(status).unwrap()
                                } else {
                                    StatusCode::CREATED
                                }
                            },
                        ),
                    )
                    .with_state(state);
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    (url, received)
}

fn export_post(url: &str, extra_env: &[(&str, &str)]) -> std::process::Output {
    let env = aws_env(&emulator().url);
    Command::new(binary())
        .args([
            "export",
            "openlineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "churn-weekly",
            "--execution",
            "exec-weekly-0002",
            "--post",
            url,
            "--api-key-env",
            "LINEAGE_TEST_OL_KEY",
        ])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .envs(extra_env.iter().copied())
        .env("RUST_LOG", "warn")
        .current_dir(root())
        .output()
        .unwrap()
}

/// `--post`: every event delivered in order with the key, a 500 retried, a refusal
/// and a receiver that is down reported (exit status 1) without sending out of order.
#[test]
fn export_posts_the_events_in_order_and_retries() {
    let api = block_on(events(FAILED));
    let (url, received) = receiver(1, 500);
    let out = export_post(&url, &[("LINEAGE_TEST_OL_KEY", "k-123")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("sent {} events", api.len())));
    let seen = received.lock().unwrap().clone();
    assert_eq!(
        seen.len(),
        api.len() + 1,
        "the first was answered 500 and sent again"
    );
    assert!(seen
        .iter()
        .all(|(auth, _)| auth.as_deref() == Some("Bearer k-123")));
    assert_eq!(seen[0].1, seen[1].1, "the retry sends the same event");
    let delivered: Vec<Value> = seen[1..].iter().map(|(_, e)| e.clone()).collect();
    assert_eq!(delivered, api);

    // Refused (400): not retried, nothing after it sent.
    let (url, received) = receiver(usize::MAX, 400);
    let out = export_post(&url, &[("LINEAGE_TEST_OL_KEY", "k")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sent 0 of") && stderr.contains("HTTP 400"),
        "{stderr}"
    );
    assert_eq!(received.lock().unwrap().len(), 1);

    // Down: every attempt made, then an error naming the receiver.
    let out = export_post(
        "http://127.0.0.1:9/api/v1/lineage",
        &[("LINEAGE_TEST_OL_KEY", "k")],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("did not take an event after 5 attempts"),
        "{stderr}"
    );

    // The key's variable must be set.
    let out = export_post(&url, &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("LINEAGE_TEST_OL_KEY"));
}
