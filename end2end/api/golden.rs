//! Golden answers: every demo document (`/lineage` of every pipeline's latest
//! execution and of every earlier one), the pickers' lists, and the server-rendered
//! page of every pipeline, compared byte for byte with the files in
//! `end2end/api/golden/`. A refactor must leave them unchanged; a change that is meant
//! regenerates them with
//!
//! ```sh
//! LINEAGE_UPDATE_GOLDEN=1 cargo leptos test
//! ```
//!
//! and the diff of the files shows what changed. (Through cargo-leptos, as CI runs
//! them: Leptos reads `LEPTOS_OUTPUT_NAME` when it is compiled, and pages name the
//! WebAssembly file after it.) What depends on the clock (the
//! elapsed time of the running execution) or on the response (the CSP nonce) is
//! normalised first.

use std::path::PathBuf;

use serde_json::Value;

use crate::harness::{block_on, emulator, get, root};

fn golden_dir() -> PathBuf {
    root().join("end2end/api/golden")
}

fn updating() -> bool {
    std::env::var("LINEAGE_UPDATE_GOLDEN").is_ok_and(|v| v == "1")
}

/// A JSON answer without what depends on the clock: `elapsedSec` of anything still
/// running (no end time).
fn timeless(value: Value) -> Value {
    match value {
        Value::Object(mut map) => {
            let running = map.contains_key("elapsedSec")
                && map.get("endTime").is_none_or(Value::is_null)
                && map.contains_key("startTime");
            let summary_of_running = map.get("overallStatus").is_some_and(|s| s == "Executing");
            if running || summary_of_running {
                map.insert("elapsedSec".into(), Value::String("<running>".into()));
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, timeless(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(timeless).collect()),
        other => other,
    }
}

/// A page without its per-response nonce (wherever Leptos writes it: `nonce`
/// attributes, and the `crossorigin` of its preload links).
fn without_nonce(html: &str) -> String {
    let nonce = html
        .split_once("nonce=\"")
        .and_then(|(_, rest)| rest.split('"').next())
        .filter(|n| !n.is_empty());
    match nonce {
        Some(nonce) => html.replace(nonce, "<nonce>"),
        None => html.to_string(),
    }
}

/// Compares `actual` with the golden file `name` (or writes it in update mode);
/// returns a description of the difference.
fn compare(name: &str, actual: &str) -> Option<String> {
    let path = golden_dir().join(name);
    if updating() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => return Some(format!("{name}: {e} (LINEAGE_UPDATE_GOLDEN=1 writes it)")),
    };
    if expected == actual {
        return None;
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "{name} differs from its golden file from line {}:\n  golden: {}\n  actual: {}",
        first + 1,
        expected.lines().nth(first).unwrap_or("<end>"),
        actual.lines().nth(first).unwrap_or("<end>"),
    ))
}

async fn json(path: &str) -> String {
    let reply = get(path).await;
    let value: Value = serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", reply.body));
    format!(
        "{} {}\n",
        reply.status.as_u16(),
        serde_json::to_string_pretty(&timeless(value)).unwrap()
    )
}

#[test]
fn every_demo_answer_is_the_golden_one() {
    block_on(async {
        emulator();
        let pipelines: Value = serde_json::from_str(&get("/pipelines?region=us-east-1").await.body)
            .expect("the pipeline list");
        let names: Vec<String> = pipelines
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert!(names.len() >= 8, "{names:?}");
        let mut answers: Vec<(String, String)> = vec![(
            "pipelines.json".into(),
            json("/pipelines?region=us-east-1").await,
        )];
        for name in &names {
            let base = format!("/lineage?pipeline={name}&region=us-east-1");
            answers.push((format!("{name}.definition.json"), json(&base).await));
            answers.push((
                format!("{name}.latest.json"),
                json(&format!("{base}&includeLatestExec=true")).await,
            ));
            let executions = format!("/executions?pipeline={name}&region=us-east-1");
            let list: Value = serde_json::from_str(&get(&executions).await.body).unwrap();
            answers.push((format!("{name}.executions.json"), json(&executions).await));
            for e in list.as_array().unwrap() {
                let id = e["id"].as_str().unwrap();
                answers.push((
                    format!("{name}.{id}.json"),
                    json(&format!("{base}&execution={id}")).await,
                ));
            }
            // The page, for finished pipelines (a running one's page shows the clock).
            let latest: Value =
                serde_json::from_str(&get(&format!("{base}&includeLatestExec=true")).await.body)
                    .unwrap();
            if latest["summary"]["overallStatus"] != "Executing" {
                let page = get(&format!("/?pipeline={name}&region=us-east-1")).await;
                answers.push((
                    format!("{name}.page.html"),
                    format!("{} {}\n", page.status.as_u16(), without_nonce(&page.body)),
                ));
            }
        }
        let problems: Vec<String> = answers
            .iter()
            .filter_map(|(name, actual)| compare(name, actual))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
        if !updating() {
            // No golden file is left without an answer (a renamed pipeline, say).
            let mut files: Vec<String> = std::fs::read_dir(golden_dir())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            files.sort();
            let mut expected: Vec<String> = answers.into_iter().map(|(n, _)| n).collect();
            expected.sort();
            assert_eq!(files, expected);
        }
    })
}

/// The CLI writes the same documents: `lineage` for every finished demo execution
/// equals its golden answer.
#[test]
fn the_cli_writes_the_golden_documents() {
    let env = crate::harness::aws_env(&emulator().url);
    for (pipeline, execution) in [
        ("customer-churn", "exec-churn-0001"),
        ("customer-churn", "exec-churn-0002"),
        ("quality-gate", "exec-qg-0007"),
        ("model-gate", "exec-gate-0001"),
        ("id-clash", "exec-clash-0001"),
    ] {
        let out = std::process::Command::new(crate::harness::binary())
            .args([
                "lineage",
                "--region",
                "us-east-1",
                "--pipeline-name",
                pipeline,
                "--execution",
                execution,
            ])
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("RUST_LOG", "warn")
            .current_dir(root())
            .output()
            .expect("running the binary");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let written: Value = serde_json::from_slice(&out.stdout).unwrap();
        let golden =
            std::fs::read_to_string(golden_dir().join(format!("{pipeline}.{execution}.json")))
                .unwrap();
        let golden: Value =
            serde_json::from_str(golden.strip_prefix("200 ").expect("a 200 answer")).unwrap();
        assert_eq!(timeless(written), golden, "{pipeline} {execution}");
    }
}
