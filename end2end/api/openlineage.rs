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
