//! `GET /lineage/compare` on the demo's `churn-weekly` (end2end/emulator/SCENARIOS.md):
//! the defaults, a run whose condition went the other way, a run whose definition
//! gained a step, an execution with itself, the errors naming `base` or `target`, the
//! caches shared with `/lineage`, and the CLI's `compare`.

use serde_json::Value;

use crate::harness::{app_for, aws_env, binary, emulator, get, http_get, request, root, send};
use sagemaker_lineage::server::service::ServiceConfig;

const ARN: &str = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-weekly/execution";

async fn compare(params: &str, status: u16) -> Value {
    let reply = get(&format!("/lineage/compare?{params}")).await;
    assert_eq!(
        reply.status.as_u16(),
        status,
        "GET /lineage/compare?{params}: {}",
        &reply.body[..reply.body.len().min(2000)]
    );
    reply.json()
}

fn step<'a>(c: &'a Value, id: &str) -> &'a Value {
    c["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

fn parameter<'a>(c: &'a Value, name: &str) -> &'a Value {
    c["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

fn metric<'a>(c: &'a Value, step: &str, name: &str) -> &'a Value {
    c["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["step"] == step && m["name"] == name)
        .unwrap_or_else(|| panic!("no metric {step}.{name}"))
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

/// Target: the latest (0003); base: the latest success before it (0001, not the
/// failed 0002). The definitions differ: `Validate` was added between Preprocess and
/// Train; parameters changed; Preprocess was a cache hit.
#[test]
fn the_default_pair_and_a_definition_that_gained_a_step() {
    crate::harness::block_on(async {
        let c = compare("pipeline=churn-weekly&region=us-east-1", 200).await;
        assert_eq!(c["pipeline"]["name"], "churn-weekly");
        assert_eq!(c["target"]["id"], "exec-weekly-0003");
        assert_eq!(c["target"]["arn"], format!("{ARN}/exec-weekly-0003"));
        assert_eq!(c["target"]["status"], "Succeeded");
        assert_eq!(c["base"]["id"], "exec-weekly-0001");
        for side in ["base", "target"] {
            for field in ["startTime", "endTime", "elapsedSec"] {
                assert!(!c[side][field].is_null(), "{side}.{field}");
            }
        }

        let validate = step(&c, "Validate");
        assert_eq!(validate["change"], "added");
        assert_eq!(validate["base"], Value::Null);
        assert_eq!(validate["target"]["status"], "Succeeded");
        let preprocess = step(&c, "Preprocess");
        assert_eq!(preprocess["change"], "changed", "a cache hit in the target");
        assert_eq!(preprocess["base"]["cacheHit"], false);
        assert_eq!(preprocess["target"]["cacheHit"], true);
        assert_eq!(step(&c, "Train")["change"], "same");
        assert_eq!(step(&c, "CheckAuc")["change"], "same");
        // Not run in either: NotStarted on both sides, not null.
        let too_low = step(&c, "AucTooLow");
        assert_eq!(too_low["base"]["status"], "NotStarted");
        assert_eq!(too_low["target"]["status"], "NotStarted");

        let edges = |kind: &str| -> Vec<(String, String)> {
            c["edges"][kind]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["from"].as_str().unwrap().into(),
                        e["to"].as_str().unwrap().into(),
                    )
                })
                .collect()
        };
        assert!(edges("added").contains(&("Preprocess".into(), "Validate".into())));
        assert!(edges("added").contains(&("Validate".into(), "Train".into())));
        assert!(edges("removed").contains(&("Preprocess".into(), "Train".into())));

        assert_eq!(parameter(&c, "MinAuc")["base"], "0.8");
        assert_eq!(parameter(&c, "MinAuc")["target"], "0.82");
        assert_eq!(parameter(&c, "MinAuc")["changed"], true);
        assert_eq!(
            parameter(&c, "TrainInstanceType")["target"],
            "ml.m5.2xlarge"
        );
        assert_eq!(parameter(&c, "InputData")["changed"], true);

        let auc = metric(&c, "Train", "validation:auc");
        assert!(
            close(&auc["base"], 0.868) && close(&auc["target"], 0.879),
            "{auc}"
        );
        assert!(close(&auc["delta"], 0.879 - 0.868), "{auc}");
        assert_eq!(auc["better"], "higher");

        // The train channel now reads Validate's output.
        let channel = c["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["step"] == "Train" && a["direction"] == "input" && a["changed"] == true)
            .expect("a changed Train input");
        assert!(
            channel["target"].as_str().unwrap().contains("validated"),
            "{channel}"
        );

        let registry = c["registry"].as_array().unwrap();
        assert_eq!(registry.len(), 1, "{registry:?}");
        assert_eq!(registry[0]["step"], "RegisterModel");
        assert_eq!(registry[0]["base"]["version"], 1);
        assert_eq!(registry[0]["base"]["approvalStatus"], "Approved");
        assert_eq!(registry[0]["target"]["version"], 2);
        assert_eq!(
            registry[0]["target"]["approvalStatus"],
            "PendingManualApproval"
        );
    })
}

/// 0001 (Succeeded) against 0002 (Failed): the evaluation's AUC crossed MinAuc, so the
/// condition went the other way: RegisterModel did not run, AucTooLow failed.
#[test]
fn a_run_whose_condition_went_the_other_way() {
    crate::harness::block_on(async {
        let c = compare(
            "pipeline=churn-weekly&region=us-east-1&base=exec-weekly-0001&target=exec-weekly-0002",
            200,
        )
        .await;
        assert_eq!(c["target"]["status"], "Failed");
        let check = step(&c, "CheckAuc");
        assert_eq!(check["change"], "changed");
        assert_eq!(check["base"]["conditionOutcome"], "True");
        assert_eq!(check["target"]["conditionOutcome"], "False");
        let register = step(&c, "RegisterModel");
        assert_eq!(register["change"], "changed");
        assert_eq!(register["base"]["status"], "Succeeded");
        assert_eq!(register["target"]["status"], "NotStarted");
        let too_low = step(&c, "AucTooLow");
        assert_eq!(too_low["base"]["status"], "NotStarted");
        assert_eq!(too_low["target"]["status"], "Failed");
        assert!(too_low["target"]["failureReason"]
            .as_str()
            .unwrap()
            .contains("AUC below 0.8"));
        assert!(c["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["change"] != "added" && s["change"] != "removed"));
        assert_eq!(c["edges"]["added"], serde_json::json!([]));
        assert_eq!(c["edges"]["removed"], serde_json::json!([]));

        // The evaluation report's AUC, with its direction: worse.
        let auc = c["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["step"] == "Evaluate" && m["name"].as_str().unwrap().contains("auc"))
            .expect("the report's auc");
        assert!(
            close(&auc["base"], 0.861) && close(&auc["target"], 0.742),
            "{auc}"
        );
        assert!(auc["delta"].as_f64().unwrap() < 0.0);
        assert_eq!(auc["better"], "higher");

        // 0002 did not set MinAuc: it ran with its definition's default, the same 0.8.
        let min_auc = parameter(&c, "MinAuc");
        assert_eq!(min_auc["target"], "0.8");
        assert_eq!(min_auc["changed"], false);
        assert_eq!(parameter(&c, "InputData")["changed"], true);

        let registry = c["registry"].as_array().unwrap();
        assert_eq!(registry[0]["target"], Value::Null);
    })
}

#[test]
fn an_execution_compared_with_itself_shows_no_change() {
    crate::harness::block_on(async {
        let c = compare(
            &format!("pipeline=churn-weekly&region=us-east-1&base=exec-weekly-0002&target={ARN}/exec-weekly-0002"),
            200,
        )
        .await;
        assert_eq!(c["base"], c["target"]);
        assert!(c["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["change"] == "same"));
        assert!(c["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["changed"] == false));
        assert!(c["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["changed"] == false));
        assert!(c["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["delta"] == 0.0));
        assert_eq!(c["edges"]["added"], serde_json::json!([]));
    })
}

/// Each side is the `/lineage` document of that execution.
#[test]
fn each_side_is_what_lineage_says_of_that_execution() {
    crate::harness::block_on(async {
        let c = compare(
            "pipeline=churn-weekly&region=us-east-1&base=exec-weekly-0001&target=exec-weekly-0003",
            200,
        )
        .await;
        for (side, id) in [("base", "exec-weekly-0001"), ("target", "exec-weekly-0003")] {
            let doc = crate::harness::lineage(
                &format!("pipeline=churn-weekly&region=us-east-1&execution={id}"),
                200,
            )
            .await;
            assert_eq!(c[side]["status"], doc["execution"]["status"]);
            assert_eq!(c[side]["startTime"], doc["execution"]["startTime"]);
            assert_eq!(c[side]["elapsedSec"], doc["summary"]["elapsedSec"]);
            for node in doc["graph"]["nodes"].as_array().unwrap() {
                let s = &step(&c, node["id"].as_str().unwrap())[side];
                let want = node["run"]["status"].as_str().unwrap_or("NotStarted");
                assert_eq!(s["status"], want, "{side} {}", node["id"]);
                assert_eq!(
                    s["jobArn"],
                    node["run"]["jobArn"]
                        .clone()
                        .as_str()
                        .map_or(Value::Null, Value::from)
                );
            }
        }
    })
}

#[test]
fn errors_name_base_or_target() {
    crate::harness::block_on(async {
        let p = "pipeline=churn-weekly&region=us-east-1";
        let e = compare(&format!("{p}&base=not/an/id"), 400).await;
        assert_eq!(e["code"], "BadRequest");
        assert_eq!(e["parameter"], "base");
        let e = compare(&format!("{p}&target=exec-nope"), 404).await;
        assert_eq!(e["code"], "ExecutionNotFound");
        assert_eq!(e["parameter"], "target");
        let e = compare(&format!("{p}&target=exec-weekly-0002&base=exec-nope"), 404).await;
        assert_eq!(e["parameter"], "base");
        // An execution of another pipeline is not one of this pipeline.
        let other = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn/execution/exec-churn-0001";
        let e = compare(&format!("{p}&base={other}"), 404).await;
        assert_eq!(e["code"], "ExecutionNotFound");
        assert_eq!(e["parameter"], "base");
        // No execution before the oldest, none at all, no such pipeline.
        let e = compare(&format!("{p}&target=exec-weekly-0001"), 404).await;
        assert_eq!(e["parameter"], "base");
        let e = compare("pipeline=never-run&region=us-east-1", 404).await;
        assert_eq!(e["code"], "ExecutionNotFound");
        assert_eq!(e["parameter"], "target");
        let e = compare("pipeline=no-such-pipeline&region=us-east-1", 404).await;
        assert_eq!(e["code"], "PipelineNotFound");
        let e = compare("pipeline=churn-weekly", 400).await;
        assert_eq!(e["parameter"], "region");
        let e = compare(&format!("{p}&domain=other-domain"), 404).await;
        assert_eq!(e["code"], "DomainMismatch");
    })
}

/// The two sides go through `/lineage`'s caches: after `/lineage` read both
/// executions, the comparison reads nothing from AWS.
#[test]
fn finished_executions_cost_no_aws_call_the_second_time() {
    crate::harness::block_on(async {
        let (url, mut child) = crate::harness::spawn_emulator();
        let addr = url.trim_start_matches("http://").to_string();
        let app = app_for(Some(&url), ServiceConfig::default());
        let total = |addr: &str| -> u64 {
            let (_, body) = http_get(addr, "/_lineage/calls").unwrap();
            let calls: Value = serde_json::from_str(&body).unwrap();
            calls
                .as_object()
                .unwrap()
                .values()
                .filter_map(Value::as_u64)
                .sum()
        };
        for id in ["exec-weekly-0001", "exec-weekly-0003"] {
            let reply = send(
                app.clone(),
                request(&format!(
                    "/lineage?pipeline=churn-weekly&region=us-east-1&execution={id}"
                )),
            )
            .await;
            assert_eq!(reply.status.as_u16(), 200);
        }
        let before = total(&addr);
        let path = "/lineage/compare?pipeline=churn-weekly&region=us-east-1&base=exec-weekly-0001&target=exec-weekly-0003";
        let first = send(app.clone(), request(path)).await;
        assert_eq!(first.status.as_u16(), 200, "{}", first.body);
        assert_eq!(
            total(&addr),
            before,
            "the documents of /lineage were reused"
        );
        let again = send(app.clone(), request(path)).await;
        assert_eq!(again.body, first.body);
        assert_eq!(total(&addr), before);
        let _ = child.kill();
        let _ = child.wait();
    })
}

#[test]
fn the_cli_writes_the_comparison_and_a_summary() {
    let env = aws_env(&emulator().url);
    let run = |args: &[&str]| {
        std::process::Command::new(binary())
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("RUST_LOG", "warn")
            .current_dir(root())
            .output()
            .expect("running the binary")
    };
    let out = run(&[
        "compare",
        "--region",
        "us-east-1",
        "--pipeline-name",
        "churn-weekly",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["base"]["id"], "exec-weekly-0001");
    assert_eq!(c["target"]["id"], "exec-weekly-0003");

    let out = run(&[
        "compare",
        "--region",
        "us-east-1",
        "--pipeline-name",
        "churn-weekly",
        "--base",
        "exec-weekly-0001",
        "--target",
        "exec-weekly-0002",
        "--format",
        "text",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("base     exec-weekly-0001 (Succeeded"),
        "{text}"
    );
    assert!(text.contains("target   exec-weekly-0002 (Failed"), "{text}");
    assert!(
        text.contains("changed  CheckAuc: Succeeded, outcome True -> Succeeded, outcome False"),
        "{text}"
    );
    assert!(
        text.contains("changed  AucTooLow: NotStarted -> Failed"),
        "{text}"
    );
    assert!(text.contains("worse"), "a lower AUC is worse: {text}");
    assert!(text.contains("InputData: s3://lineage-raw-data/churn-weekly/raw/2026-11-09/ -> s3://lineage-raw-data/churn-weekly/raw/2026-11-16/"), "{text}");
    assert!(
        !text.contains("MinAuc"),
        "unchanged parameters are not listed: {text}"
    );

    let out = run(&[
        "compare",
        "--region",
        "us-east-1",
        "--pipeline-name",
        "churn-weekly",
        "--base",
        "exec-nope",
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("base"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
