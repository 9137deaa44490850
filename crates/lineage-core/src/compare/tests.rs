//! The diff of two documents, on small hand-made documents: each rule of the
//! contract (step changes, `NotStarted` against `null`, parameters with defaults and
//! number normalising, metric deltas and directions, artifacts, edges, registry,
//! warnings by side) and the comparison of an execution with itself.

use serde_json::{json, Value};

use super::*;

fn node(id: &str, run: Value) -> Value {
    let mut n = json!({
        "id": id, "type": "Processing", "label": id,
        "inputs": [], "outputs": []
    });
    if !run.is_null() {
        n["run"] = run;
    }
    n
}

fn run(status: &str) -> Value {
    json!({
        "status": status, "startTime": null, "endTime": null, "elapsedSec": 60.0,
        "jobArn": null, "jobName": null, "metrics": {}, "failureReason": null
    })
}

fn doc(
    exec: &str,
    status: &str,
    parameters: Value,
    defaults: Value,
    nodes: Vec<Value>,
    edges: Value,
) -> LineageDocument {
    serde_json::from_value(json!({
        "pipeline": { "name": "p", "arn": "arn:aws:sagemaker:us-east-1:1:pipeline/p", "lastModifiedTime": null },
        "execution": {
            "arn": format!("arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/{exec}"),
            "id": exec, "status": status, "startTime": "2026-11-09T06:00:00Z",
            "endTime": "2026-11-09T07:00:00Z",
            "parameters": parameters, "parameterDefaults": defaults
        },
        "summary": { "overallStatus": status, "nodeStatus": {}, "elapsedSec": 3600.0 },
        "graph": { "nodes": nodes, "edges": edges, "artifacts": [] },
        "warnings": []
    }))
    .unwrap()
}

fn edge(from: &str, to: &str, via: &str) -> Value {
    json!({ "from": from, "to": to, "via": via, "label": "" })
}

fn step<'a>(c: &'a Comparison, id: &str) -> &'a StepChange {
    c.steps.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn an_execution_compared_with_itself_has_no_change() {
    let mut train = run("Succeeded");
    train["metrics"] = json!({ "validation:auc": 0.86 });
    train["cacheHit"] = json!({ "sourceExecutionArn": "x" });
    let d = doc(
        "e1",
        "Succeeded",
        json!({ "A": "1" }),
        json!({ "B": "x" }),
        vec![node("Prep", run("Succeeded")), node("Train", train)],
        json!([edge("Prep", "Train", "ref:Get")]),
    );
    let c = compare(&d, &d);
    assert!(!c.has_changes(), "{c:#?}");
    assert!(c.steps.iter().all(|s| s.change == Change::Same));
    assert_eq!(c.metrics[0].delta, Some(0.0));
    assert_eq!(c.metrics[0].improved(), None);
    assert_eq!(c.base, c.target);
    assert_eq!(c.base.id, "e1");
    assert_eq!(c.base.elapsed_sec, Some(3600.0));
}

#[test]
fn steps_are_added_removed_changed_or_the_same() {
    let mut failed = run("Failed");
    failed["failureReason"] = json!("AUC below 0.8");
    let mut cond_true = run("Succeeded");
    cond_true["conditionOutcome"] = json!("True");
    let mut cond_false = run("Succeeded");
    cond_false["conditionOutcome"] = json!("False");
    let mut hit = run("Succeeded");
    hit["cacheHit"] = json!({ "sourceExecutionArn": "e0" });
    let base = doc(
        "e1",
        "Succeeded",
        json!({}),
        json!({}),
        vec![
            node("Prep", run("Succeeded")),
            node("Check", cond_true),
            node("Register", run("Succeeded")),
            node("TooLow", Value::Null),
            node("Old", run("Succeeded")),
        ],
        json!([]),
    );
    let target = doc(
        "e2",
        "Failed",
        json!({}),
        json!({}),
        vec![
            node("Prep", hit),
            node("New", run("Succeeded")),
            node("Check", cond_false),
            node("Register", Value::Null),
            node("TooLow", failed),
        ],
        json!([]),
    );
    let c = compare(&base, &target);
    let ids: Vec<&str> = c.steps.iter().map(|s| s.id.as_str()).collect();
    // The target's order, then the base's own.
    assert_eq!(ids, ["Prep", "New", "Check", "Register", "TooLow", "Old"]);
    assert_eq!(
        step(&c, "Prep").change,
        Change::Changed,
        "a cache hit is a change"
    );
    assert!(step(&c, "Prep").target.as_ref().unwrap().cache_hit);
    assert_eq!(step(&c, "New").change, Change::Added);
    assert!(step(&c, "New").base.is_none());
    assert_eq!(step(&c, "Old").change, Change::Removed);
    assert!(step(&c, "Old").target.is_none());
    let check = step(&c, "Check");
    assert_eq!(check.change, Change::Changed);
    assert_eq!(
        check.base.as_ref().unwrap().condition_outcome.as_deref(),
        Some("True")
    );
    assert_eq!(
        check.target.as_ref().unwrap().condition_outcome.as_deref(),
        Some("False")
    );
    // A step that did not run is NotStarted, not null.
    let register = step(&c, "Register");
    assert_eq!(register.change, Change::Changed);
    assert_eq!(
        register.target.as_ref().unwrap().status,
        RunStatus::NotStarted
    );
    let too_low = step(&c, "TooLow");
    assert_eq!(too_low.base.as_ref().unwrap().status, RunStatus::NotStarted);
    assert_eq!(
        too_low.target.as_ref().unwrap().failure_reason.as_deref(),
        Some("AUC below 0.8")
    );
    assert_eq!(c.target.status, RunStatus::Failed);
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["steps"][1]["change"], "added");
    assert_eq!(json["steps"][1]["base"], Value::Null);
    assert_eq!(json["steps"][3]["target"]["status"], "NotStarted");
}

#[test]
fn parameters_fill_in_defaults_and_compare_numbers_as_numbers() {
    let base = doc(
        "e1",
        "Succeeded",
        json!({ "MinAuc": "0.8", "Input": "s3://b/1", "Only": "x" }),
        json!({ "Type": "ml.m5.xlarge" }),
        vec![],
        json!([]),
    );
    let target = doc(
        "e2",
        "Succeeded",
        json!({ "Input": "s3://b/2", "Type": "ml.m5.xlarge" }),
        json!({ "MinAuc": "0.80" }),
        vec![],
        json!([]),
    );
    let c = compare(&base, &target);
    let p = |name: &str| c.parameters.iter().find(|p| p.name == name).unwrap();
    assert!(
        !p("MinAuc").changed,
        "0.8 and 0.80 (a default) are the same"
    );
    assert_eq!(p("MinAuc").target.as_deref(), Some("0.80"));
    assert!(p("Input").changed);
    assert!(
        !p("Type").changed,
        "a default and the same value set explicitly"
    );
    assert!(p("Only").changed);
    assert_eq!(p("Only").target, None);
    let names: Vec<&str> = c.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Input", "MinAuc", "Only", "Type"]);
}

#[test]
fn metrics_have_deltas_and_a_direction_where_the_name_says_it() {
    let mut b = run("Succeeded");
    b["metrics"] = json!({ "auc": 0.861, "mse": 4.0, "custom": 1.0, "only_base": 2.0 });
    let mut t = run("Succeeded");
    t["metrics"] = json!({ "auc": 0.742, "mse": 3.5, "custom": 3.0 });
    let c = compare(
        &doc(
            "e1",
            "Succeeded",
            json!({}),
            json!({}),
            vec![node("Eval", b)],
            json!([]),
        ),
        &doc(
            "e2",
            "Succeeded",
            json!({}),
            json!({}),
            vec![node("Eval", t)],
            json!([]),
        ),
    );
    let m = |name: &str| c.metrics.iter().find(|m| m.name == name).unwrap();
    assert!((m("auc").delta.unwrap() - (0.742 - 0.861)).abs() < 1e-12);
    assert_eq!(m("auc").better, Some(Better::Higher));
    assert_eq!(m("auc").improved(), Some(false));
    assert_eq!(m("mse").improved(), Some(true));
    assert_eq!(m("custom").better, None);
    assert_eq!(m("custom").improved(), None);
    assert_eq!(m("only_base").delta, None);
    assert_eq!(m("only_base").target, None);
    assert!(c.metrics.iter().all(|m| m.step == "Eval"));
}

#[test]
fn metric_names_tell_their_direction() {
    for (name, want) in [
        ("validation:auc", Some(Better::Higher)),
        ("regression_metrics.mse.value", Some(Better::Lower)),
        ("train:loss", Some(Better::Lower)),
        ("validation:rmse", Some(Better::Lower)),
        (
            "binary_classification_metrics.accuracy.value",
            Some(Better::Higher),
        ),
        ("f1", Some(Better::Higher)),
        ("r2", Some(Better::Higher)),
        ("train:logloss", Some(Better::Lower)),
        ("val_loss", Some(Better::Lower)),
        ("ObjectiveMetric", None),
        ("throughput", None),
        ("", None),
    ] {
        assert_eq!(metric_direction(name), want, "{name}");
    }
}

#[test]
fn artifacts_pair_inputs_and_outputs_by_name() {
    let with_io = |id: &str, inputs: Value, outputs: Value| {
        let mut n = node(id, run("Succeeded"));
        n["inputs"] = inputs;
        n["outputs"] = outputs;
        n
    };
    let io = |name: &str, uri: &str| json!({ "name": name, "uri": uri, "resolved": true });
    let base = doc(
        "e1",
        "Succeeded",
        json!({}),
        json!({}),
        vec![with_io(
            "Train",
            json!([io("train", "s3://f/train"), io("extra", "s3://f/x")]),
            json!([io("model", "s3://m/e1/model.tar.gz")]),
        )],
        json!([]),
    );
    let target = doc(
        "e2",
        "Succeeded",
        json!({}),
        json!({}),
        vec![with_io(
            "Train",
            json!([io("train", "s3://f/validated")]),
            json!([io("model", "s3://m/e2/model.tar.gz")]),
        )],
        json!([]),
    );
    let c = compare(&base, &target);
    let a = |dir: Direction, name: &str| {
        c.artifacts
            .iter()
            .find(|a| a.direction == dir && a.name == name)
            .unwrap()
    };
    assert!(a(Direction::Input, "train").changed);
    assert_eq!(
        a(Direction::Input, "train").base.as_deref(),
        Some("s3://f/train")
    );
    assert_eq!(a(Direction::Input, "extra").target, None);
    assert!(a(Direction::Output, "model").changed);
    assert_eq!(c.artifacts.len(), 3);
    let json = serde_json::to_value(&c.artifacts[0]).unwrap();
    assert_eq!(json["direction"], "input");
}

#[test]
fn edges_added_and_removed_and_registry_by_step() {
    let mut reg1 = node("Register", run("Succeeded"));
    reg1["registry"] = json!({
        "modelPackageArn": "arn:aws:sagemaker:us-east-1:1:model-package/g/1",
        "modelPackageGroup": "g", "version": 1, "approvalStatus": "Approved"
    });
    let base = doc(
        "e1",
        "Succeeded",
        json!({}),
        json!({}),
        vec![
            node("Prep", run("Succeeded")),
            node("Train", run("Succeeded")),
            reg1,
        ],
        json!([
            edge("Prep", "Train", "ref:Get"),
            edge("Train", "Register", "ref:Get")
        ]),
    );
    let target = doc(
        "e2",
        "Failed",
        json!({}),
        json!({}),
        vec![
            node("Prep", run("Succeeded")),
            node("Validate", run("Succeeded")),
            node("Train", run("Succeeded")),
            node("Register", Value::Null),
        ],
        json!([
            edge("Prep", "Validate", "ref:Get"),
            edge("Validate", "Train", "ref:Get"),
            edge("Train", "Register", "ref:Get")
        ]),
    );
    let c = compare(&base, &target);
    let pairs = |v: &[EdgeRef]| -> Vec<(String, String)> {
        v.iter().map(|e| (e.from.clone(), e.to.clone())).collect()
    };
    assert_eq!(
        pairs(&c.edges.added),
        [
            ("Prep".into(), "Validate".into()),
            ("Validate".into(), "Train".into())
        ]
    );
    assert_eq!(pairs(&c.edges.removed), [("Prep".into(), "Train".into())]);
    assert_eq!(
        pairs(&c.edges.unchanged),
        [("Train".into(), "Register".into())]
    );
    let validate = step(&c, "Validate");
    assert_eq!(
        (validate.step_type.as_str(), validate.label.as_str()),
        ("Processing", "Validate")
    );
    assert_eq!(c.registry.len(), 1);
    assert_eq!(c.registry[0].base.as_ref().unwrap().version, Some(1));
    assert_eq!(c.registry[0].target, None);
}

#[test]
fn warnings_say_which_side_they_are_from() {
    let mut base = doc("e1", "Succeeded", json!({}), json!({}), vec![], json!([]));
    base.warnings.push(
        serde_json::from_value(json!({
            "code": "AccessDenied", "scope": "bucket", "target": "b", "message": "m"
        }))
        .unwrap(),
    );
    let target = doc("e2", "Succeeded", json!({}), json!({}), vec![], json!([]));
    let c = compare(&base, &target);
    let json = serde_json::to_value(&c.warnings).unwrap();
    assert_eq!(
        json,
        json!([{ "side": "base", "code": "AccessDenied", "scope": "bucket", "target": "b", "message": "m" }])
    );
}

#[test]
fn deltas_are_signed_and_short() {
    assert_eq!(signed(0.879 - 0.868), "+0.011");
    assert_eq!(signed(0.742 - 0.861), "-0.119");
    assert_eq!(signed(0.0), "0");
    assert_eq!(signed(-0.00001), "0");
    assert_eq!(signed(2.0), "+2");
}
