//! The OpenLineage events of the demo executions: the documents are the API's golden
//! answers (`end2end/api/golden/*.exec-*.json`, which the API tests keep equal to what
//! the server answers on the demo data).
//!
//! - every event validates against the official schemas (`tests/spec`, see its
//!   SOURCE.md), every facet against its facet schema, ours included;
//! - golden snapshots of the mapping for a succeeded, a failed (the condition went
//!   the other way, to a Fail step) and a running execution
//!   (`INSTA_UPDATE=always cargo test -p lineage-openlineage` rewrites them);
//! - the rules: one START and at most one terminal event per run, in time order,
//!   parents pointing at the execution's run, ids the same on every export.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jsonschema::{Retrieve, Uri};
use lineage_core::LineageDocument;
use lineage_openlineage::facets::{schema, schema_names, Producer};
use lineage_openlineage::{run_events, EventType, RunEvent};
use serde_json::{json, Value};

const PUBLIC_URL: &str = "https://lineage.example.com";

fn producer() -> Producer {
    Producer::new(PUBLIC_URL, "0.1.0")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../end2end/api/golden")
}

/// A golden answer: `<status> <json>`.
fn document(file: &str) -> LineageDocument {
    let text = std::fs::read_to_string(golden_dir().join(file)).unwrap();
    let (_, body) = text.split_once(' ').unwrap();
    let mut value: Value = serde_json::from_str(body).unwrap();
    unmask(&mut value);
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The golden files mask what depends on the clock (`"elapsedSec": "<running>"`);
/// a document has no elapsed time there.
fn unmask(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "elapsedSec" && v.is_string() {
                    *v = Value::Null;
                } else {
                    unmask(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unmask),
        _ => {}
    }
}

/// Every demo execution's document.
fn executions() -> Vec<(String, LineageDocument)> {
    let mut files: Vec<String> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.contains(".exec-") && f.ends_with(".json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the demo executions: {files:?}");
    files
        .into_iter()
        .map(|f| (f.clone(), document(&f)))
        .collect()
}

/// The schemas, offline: the spec's files by their `$id`, ours from the crate.
struct Offline;

impl Retrieve for Offline {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let uri = uri.as_str();
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec");
        let file = match uri {
            "https://openlineage.io/spec/2-0-2/OpenLineage.json" => spec.join("OpenLineage.json"),
            _ if uri.starts_with("https://openlineage.io/spec/facets/") => {
                spec.join("facets").join(uri.rsplit('/').next().unwrap())
            }
            _ => {
                let name = uri
                    .strip_prefix(&format!("{PUBLIC_URL}/openlineage/facets/"))
                    .and_then(|n| n.strip_suffix(".json"))
                    .ok_or_else(|| format!("not offline: {uri}"))?;
                return schema(name, &producer()).ok_or_else(|| format!("no schema {name}").into());
            }
        };
        Ok(serde_json::from_str(&std::fs::read_to_string(&file)?)?)
    }
}

fn validator(reference: &str) -> jsonschema::Validator {
    jsonschema::options()
        .with_retriever(Offline)
        .should_validate_formats(true)
        .build(&json!({ "$ref": reference }))
        .unwrap_or_else(|e| panic!("{reference}: {e}"))
}

/// Validates the event, then each facet (as `{ key: facet }`) against the file its
/// `_schemaURL` names.
fn validate(
    event: &RunEvent,
    validators: &mut BTreeMap<String, jsonschema::Validator>,
) -> Vec<String> {
    let mut errors = Vec::new();
    let value = serde_json::to_value(event).unwrap();
    let mut check = |reference: String, instance: &Value, what: &str| {
        let v = validators
            .entry(reference.clone())
            .or_insert_with(|| validator(&reference));
        for e in v.iter_errors(instance) {
            errors.push(format!("{what}: {e} at {}", e.instance_path()));
        }
    };
    check(
        "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent".into(),
        &value,
        "event",
    );
    let mut facets: Vec<(&str, &Value)> = Vec::new();
    for path in ["/run/facets", "/job/facets"] {
        if let Some(map) = value.pointer(path).and_then(Value::as_object) {
            facets.extend(map.iter().map(|(k, v)| (k.as_str(), v)));
        }
    }
    for side in ["inputs", "outputs"] {
        for d in value[side].as_array().unwrap() {
            if let Some(map) = d["facets"].as_object() {
                facets.extend(map.iter().map(|(k, v)| (k.as_str(), v)));
            }
        }
    }
    for (key, facet) in facets {
        let url = facet["_schemaURL"]
            .as_str()
            .expect("every facet names its schema");
        let file = url.split('#').next().unwrap();
        check(file.to_string(), &json!({ key: facet }), key);
    }
    errors
}

#[test]
fn every_demo_event_validates_against_the_openlineage_schemas() {
    let mut validators = BTreeMap::new();
    let mut count = 0;
    for (file, doc) in executions() {
        let events = run_events(&doc, &producer()).unwrap();
        for e in &events {
            let errors = validate(e, &mut validators);
            assert!(
                errors.is_empty(),
                "{file}: {:?} of {}:\n{}",
                e.event_type,
                e.job.name,
                errors.join("\n")
            );
            count += 1;
        }
    }
    assert!(count > 50, "{count} events");
}

/// The validation is not vacuous: a broken event and a broken facet of ours fail.
#[test]
fn a_broken_event_or_facet_does_not_validate() {
    let mut validators = BTreeMap::new();
    let doc = document("churn-weekly.exec-weekly-0002.json");
    let events = run_events(&doc, &producer()).unwrap();
    let step_end = events
        .iter()
        .find(|e| e.event_type == EventType::Fail && e.job.name.contains('.'))
        .unwrap();
    let mut bad = step_end.clone();
    bad.run.run_id = "not-a-uuid".into();
    assert!(!validate(&bad, &mut validators).is_empty());
    let mut bad = step_end.clone();
    bad.run.facets.get_mut("sagemakerLineage_job").unwrap()["surprise"] = json!(1);
    assert!(!validate(&bad, &mut validators).is_empty());
    let mut bad = step_end.clone();
    bad.run
        .facets
        .get_mut("errorMessage")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validate(&bad, &mut validators).is_empty());
    assert!(validate(step_end, &mut validators).is_empty());
}

#[test]
fn our_facet_schemas_are_served_by_name() {
    let names: Vec<&str> = schema_names().collect();
    assert_eq!(names.len(), 5);
    for name in names {
        let s = schema(name, &producer()).unwrap();
        assert_eq!(
            s["$id"],
            format!("{PUBLIC_URL}/openlineage/facets/{name}.json")
        );
        assert!(name.starts_with("SagemakerLineage") && name.ends_with("Facet"));
        let key = s["properties"]
            .as_object()
            .unwrap()
            .keys()
            .next()
            .unwrap()
            .clone();
        assert!(key.starts_with("sagemakerLineage_"), "{key}");
    }
    assert!(schema("Nope", &producer()).is_none());
}

/// The rules every export keeps, on every demo execution.
#[test]
fn runs_start_once_end_once_in_time_order_under_their_execution() {
    for (file, doc) in executions() {
        let events = run_events(&doc, &producer()).unwrap();
        assert_eq!(
            events,
            run_events(&doc, &producer()).unwrap(),
            "{file}: the same ids again"
        );
        let times: Vec<&str> = events.iter().map(|e| e.event_time.as_str()).collect();
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(times, sorted, "{file}: in time order");
        let execution_run = &events[0];
        assert_eq!(execution_run.event_type, EventType::Start, "{file}");
        assert_eq!(execution_run.job.name, doc.pipeline.name);
        let mut per_run: BTreeMap<&str, Vec<EventType>> = BTreeMap::new();
        for e in &events {
            per_run.entry(&e.run.run_id).or_default().push(e.event_type);
            if e.run.run_id != execution_run.run.run_id {
                assert_eq!(
                    e.run.facets["parent"]["run"]["runId"],
                    json!(execution_run.run.run_id),
                    "{file}: {}",
                    e.job.name
                );
                assert!(e.job.name.starts_with(&format!("{}.", doc.pipeline.name)));
            }
        }
        for (run, types) in per_run {
            assert_eq!(types[0], EventType::Start, "{file}: {run}");
            assert_eq!(
                types.iter().filter(|t| **t == EventType::Start).count(),
                1,
                "{file}: {run}"
            );
            assert!(
                types.iter().filter(|t| t.is_terminal()).count() <= 1,
                "{file}: {run}"
            );
            if let Some(i) = types.iter().position(|t| t.is_terminal()) {
                assert_eq!(i, types.len() - 1, "{file}: nothing after the end of {run}");
            }
        }
        let execution = doc.execution.as_ref().unwrap();
        let last = events.last().unwrap();
        if execution.status.is_terminal() {
            assert_eq!(
                last.run.run_id, execution_run.run.run_id,
                "{file}: the execution ends last"
            );
            assert!(last.event_type.is_terminal());
        }
    }
}

/// The mapping, whole, for three executions.
#[test]
fn golden_events() {
    for (name, file) in [
        ("succeeded", "churn-weekly.exec-weekly-0001.json"),
        ("failed", "churn-weekly.exec-weekly-0002.json"),
        ("running", "fraud-detection-nightly.exec-fraud-0042.json"),
    ] {
        let events = run_events(&document(file), &producer()).unwrap();
        insta::with_settings!({
            snapshot_path => "snapshots",
            prepend_module_to_snapshot => false,
            description => format!("the OpenLineage events of {file}"),
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(name, events);
        });
    }
}

#[test]
fn the_failed_execution_says_why_and_the_running_one_does_not_end() {
    let failed = run_events(&document("churn-weekly.exec-weekly-0002.json"), &producer()).unwrap();
    let fail_step = failed
        .iter()
        .find(|e| e.job.name == "churn-weekly.AucTooLow" && e.event_type.is_terminal())
        .expect("the Fail step ends");
    assert_eq!(fail_step.event_type, EventType::Fail);
    assert!(
        fail_step.run.facets["errorMessage"]["message"]
            .as_str()
            .unwrap()
            .len()
            > 3
    );
    let end = failed.last().unwrap();
    assert_eq!(
        (end.job.name.as_str(), end.event_type),
        ("churn-weekly", EventType::Fail)
    );
    assert!(
        !failed
            .iter()
            .any(|e| e.job.name.ends_with(".RegisterModel")),
        "the branch not taken has no run"
    );

    let running = run_events(
        &document("fraud-detection-nightly.exec-fraud-0042.json"),
        &producer(),
    )
    .unwrap();
    let pipeline: Vec<EventType> = running
        .iter()
        .filter(|e| e.job.name == "fraud-detection-nightly")
        .map(|e| e.event_type)
        .collect();
    assert_eq!(pipeline, [EventType::Start, EventType::Running]);
}
