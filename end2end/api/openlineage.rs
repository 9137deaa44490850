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
    let post = move |State(seen): State<Received>, headers: HeaderMap, body: String| async move {
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
    };
    let app = axum::Router::new()
        .route("/api/v1/lineage", axum::routing::post(post))
        .with_state(received.clone());
    (format!("{}/api/v1/lineage", serve_in_thread(app)), received)
}

/// Serves `app` on a free port in its own thread (its own runtime, so it answers
/// whatever the test's runtime is doing); its base URL.
fn serve_in_thread(app: axum::Router) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    url
}

fn export_post(url: &str, extra_env: &[(&str, &str)]) -> std::process::Output {
    export_to(url, &["--api-key-env", "LINEAGE_TEST_OL_KEY"], extra_env)
}

/// `export openlineage` of the failed demo execution, `--post`ed to `url`.
fn export_to(url: &str, extra_args: &[&str], extra_env: &[(&str, &str)]) -> std::process::Output {
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
        ])
        .args(extra_args)
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

/// `serve --no-index --openlineage-url`: the executions users view are pushed in
/// the background, each event once and in the order `/lineage/openlineage` gives;
/// the receiver's 500s are retried; viewing again or restarting on the same outbox
/// sends nothing twice. `db`: the outbox's database (`None`: the data directory's
/// SQLite file).
fn viewed_executions_are_pushed(db: Option<String>) {
    use crate::harness::{http_get, serve};
    let (url, received) = receiver(2, 500);
    let dir = std::env::temp_dir().join(format!(
        "lineage-push-{}-{}",
        std::process::id(),
        db.is_some()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let mut env = aws_env(&emulator().url);
    env.push(("LINEAGE_OPENLINEAGE_URL", url));
    env.push(("LINEAGE_DATA_DIR", dir.display().to_string()));
    if let Some(db) = db {
        env.push(("LINEAGE_INDEX_DB", db));
    }
    let view = format!("/lineage?{FAILED}");
    let delivered = || -> Vec<Value> {
        let seen = received.lock().unwrap();
        seen.iter().skip(2).map(|(_, e)| e.clone()).collect()
    };
    let settle = |count: usize| {
        // The push never holds the page up: the events follow within seconds.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while delivered().len() < count && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        // Anything more would come now.
        std::thread::sleep(std::time::Duration::from_millis(1500));
    };

    let server = serve(&env);
    let (status, _) = http_get(&server.addr, &view).unwrap();
    assert_eq!(status, 200);
    let (status, body) = http_get(&server.addr, &format!("/lineage/openlineage?{FAILED}")).unwrap();
    assert_eq!(status, 200, "{body}");
    let expected: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert!(expected.len() > 4, "{}", expected.len());
    settle(expected.len());
    assert_eq!(delivered(), expected, "every event once, in order");
    {
        let seen = received.lock().unwrap();
        assert_eq!(seen[0].1, expected[0], "the event refused is retried");
        assert_eq!(seen[1].1, expected[0]);
    }
    // Viewed again (fresh): already sent, so not again.
    let (status, _) = http_get(&server.addr, &format!("{view}&fresh=true")).unwrap();
    assert_eq!(status, 200);
    settle(expected.len() + 1);
    assert_eq!(delivered().len(), expected.len());
    drop(server);

    // A restart on the same outbox: nothing delivered is sent again.
    let server = serve(&env);
    let (status, _) = http_get(&server.addr, &view).unwrap();
    assert_eq!(status, 200);
    settle(expected.len() + 1);
    assert_eq!(delivered().len(), expected.len());
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn viewed_executions_are_pushed_through_sqlite() {
    viewed_executions_are_pushed(None);
}

#[test]
fn viewed_executions_are_pushed_through_postgres() {
    let url = crate::postgres::postgres().database("push_viewed");
    viewed_executions_are_pushed(Some(url));
}

/// What a DataZone endpoint was sent: per `PostLineageEvent`, the domain in its
/// path, its `Client-Token`, its `Authorization` and the event.
type DataZoneCalls = std::sync::Arc<std::sync::Mutex<Vec<(String, String, String, Value)>>>;

/// A stand-in for Amazon DataZone's `PostLineageEvent` (`POST
/// /v2/domains/{domain}/lineage/events`, the event as the body) on a free port: the
/// first `failing` calls get `status` with the AWS error type `error`, the rest
/// DataZone's answer.
fn datazone(failing: usize, status: u16, error: &'static str) -> (String, DataZoneCalls) {
    use axum::extract::{Path, State};
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::IntoResponse;
    let calls: DataZoneCalls = Default::default();
    let post = move |State(seen): State<DataZoneCalls>,
                     Path(domain): Path<String>,
                     headers: HeaderMap,
                     body: String| async move {
        let mut seen = seen.lock().unwrap();
        let header = |name: &str| {
            headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        seen.push((
            domain.clone(),
            header("client-token"),
            header("authorization"),
            serde_json::from_str(&body).unwrap(),
        ));
        if seen.len() <= failing {
            (
                StatusCode::from_u16(status).unwrap(),
                [("x-amzn-errortype", error)],
                r#"{"message":"not now"}"#.to_string(),
            )
                .into_response()
        } else {
            (
                StatusCode::OK,
                [("content-type", "application/json")],
                format!(r#"{{"domainId":"{domain}","id":"event-{}"}}"#, seen.len()),
            )
                .into_response()
        }
    };
    let app = axum::Router::new()
        .route(
            "/v2/domains/{domain}/lineage/events",
            axum::routing::post(post),
        )
        .with_state(calls.clone());
    let url = serve_in_thread(app);
    (url, calls)
}

/// `--post datazone://REGION/DOMAIN`: each event is one signed `PostLineageEvent` to
/// the domain, in order, with the event's identity as its idempotency token; an
/// internal error is retried, a denial stops the export and names the IAM action.
#[test]
fn export_posts_the_events_to_datazone() {
    let api = block_on(events(FAILED));
    let (endpoint, calls) = datazone(1, 500, "InternalServerException");
    let env = [("AWS_ENDPOINT_URL_DATAZONE", endpoint.as_str())];
    let out = export_to("datazone://us-east-1/dzd_lineage1", &[], &env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "sent {} events to datazone://us-east-1/dzd_lineage1",
            api.len()
        )),
        "{stderr}"
    );
    let seen = calls.lock().unwrap().clone();
    assert_eq!(
        seen.len(),
        api.len() + 1,
        "the first was answered 500 and sent again"
    );
    assert_eq!(seen[0].3, seen[1].3);
    let delivered: Vec<Value> = seen[1..].iter().map(|c| c.3.clone()).collect();
    assert_eq!(delivered, api);
    for (domain, token, auth, event) in &seen {
        assert_eq!(domain, "dzd_lineage1");
        assert_eq!(
            token,
            &format!(
                "{}:{}:{}",
                event["run"]["runId"].as_str().unwrap(),
                event["eventType"].as_str().unwrap(),
                event["eventTime"].as_str().unwrap()
            )
        );
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256")
                && auth.contains("/us-east-1/datazone/aws4_request"),
            "{auth}"
        );
    }

    // Denied: not retried, nothing after it sent, the action named.
    let (endpoint, calls) = datazone(usize::MAX, 403, "AccessDeniedException");
    let env = [("AWS_ENDPOINT_URL_DATAZONE", endpoint.as_str())];
    let out = export_to("datazone://us-east-1/dzd_lineage1", &[], &env);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sent 0 of") && stderr.contains("datazone:PostLineageEvent"),
        "{stderr}"
    );
    assert_eq!(calls.lock().unwrap().len(), 1);

    // Not a domain id: refused before anything is read.
    let out = export_to("datazone://us-east-1/lineage", &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("datazone://REGION/DOMAIN-ID"));
}
