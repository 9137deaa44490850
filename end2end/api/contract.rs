//! The `/lineage` contract on the demo scenarios: every scenario's document, the
//! domain filter, not-found and bad-input answers, the server function and the page.

use axum::body::Body;
use axum::http::Request;
use sagemaker_lineage::server::service::ServiceConfig;
use serde_json::Value;

use crate::harness::{app, app_with, get, lineage, send};

const REGION: &str = "region=us-east-1";

fn node<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("node {id} missing"))
}

fn io<'a>(node: &'a Value, kind: &str, name: &str) -> &'a Value {
    node[kind]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("{kind} {name} missing in {}", node["id"]))
}

fn artifact<'a>(doc: &'a Value, uri: &str) -> &'a Value {
    doc["graph"]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["uri"] == uri)
        .unwrap_or_else(|| panic!("artifact {uri} missing"))
}

fn bucket_security<'a>(doc: &'a Value, bucket: &str) -> &'a Value {
    &doc["graph"]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["bucket"] == bucket)
        .unwrap_or_else(|| panic!("no artifact in bucket {bucket}"))["s3"]
}

fn warning_codes(doc: &Value, scope: &str, target: &str) -> Vec<String> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["scope"] == scope && w["target"] == target)
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn latest_successful_execution_of_customer_churn() {
    crate::harness::block_on(async {
        let doc = lineage(
            &format!("pipeline=customer-churn&{REGION}&includeLatestExec=true"),
            200,
        )
        .await;

        assert_eq!(doc["pipeline"]["name"], "customer-churn");
        assert!(doc["pipeline"]["arn"]
            .as_str()
            .unwrap()
            .ends_with(":pipeline/customer-churn"));
        assert_eq!(doc["execution"]["id"], "exec-churn-0002");
        assert_eq!(doc["execution"]["status"], "Succeeded");
        assert_eq!(
            doc["execution"]["parameters"]["InputData"],
            "s3://lineage-raw-data/churn/raw/"
        );
        assert_eq!(doc["summary"]["overallStatus"], "Succeeded");
        assert_eq!(doc["summary"]["nodeStatus"]["Succeeded"], 7);
        assert_eq!(doc["summary"]["nodeStatus"]["NotStarted"], 1);
        assert!(doc["summary"]["elapsedSec"].as_f64().unwrap() > 2000.0);
        assert_eq!(doc["graph"]["nodes"].as_array().unwrap().len(), 8);

        // Job descriptions: names, metrics, actual locations.
        let train = node(&doc, "Train");
        assert_eq!(train["run"]["jobType"], "TrainingJob");
        assert!(train["run"]["jobArn"]
            .as_str()
            .unwrap()
            .contains(":training-job/"));
        assert_eq!(train["run"]["jobStatus"], "Completed");
        let auc = train["run"]["metrics"]["validation:auc"].as_f64().unwrap();
        assert!((auc - 0.912).abs() < 1e-6, "auc {auc}");
        let model_uri = io(train, "outputs", "modelArtifacts")["uri"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            model_uri.starts_with("s3://lineage-models/churn/model/")
                && model_uri.ends_with("/output/model.tar.gz")
        );
        // The evaluation step reads exactly that model, so they share an artifact.
        let evaluate = node(&doc, "Evaluate");
        assert_eq!(io(evaluate, "inputs", "model")["uri"], model_uri.as_str());
        let model = artifact(&doc, &model_uri);
        assert_eq!(model["producers"], serde_json::json!(["Train"]));
        assert!(model["consumers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "Evaluate"));
        assert_eq!(
            io(train, "inputs", "train")["uri"],
            "s3://lineage-features/churn/train"
        );
        assert_eq!(io(train, "inputs", "train")["sourceStep"], "Preprocess");

        // Report metrics from the property file, SageMaker's nested format.
        let mse = evaluate["run"]["metrics"]["regression_metrics.mse"]
            .as_f64()
            .unwrap();
        assert!((mse - 4.21).abs() < 1e-9);
        assert_eq!(
            evaluate["run"]["reports"][0],
            "s3://lineage-models/churn/evaluation/evaluation.json"
        );

        // Step metadata variants.
        assert_eq!(node(&doc, "CheckMSE")["run"]["conditionOutcome"], "True");
        assert_eq!(node(&doc, "MseTooHigh")["skipped"], true);
        assert!(node(&doc, "MseTooHigh").get("run").is_none());
        assert!(
            node(&doc, "Preprocess")["run"]["cacheHit"]["sourceExecutionArn"]
                .as_str()
                .unwrap()
                .ends_with("exec-churn-0001")
        );
        let registry = &node(&doc, "RegisterChurnModel")["registry"];
        assert_eq!(
            registry["modelPackageArn"],
            "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/1"
        );
        assert_eq!(registry["approvalStatus"], "PendingManualApproval");
        assert_eq!(registry["modelPackageGroup"], "churn-models");
        let score = node(&doc, "BatchScore");
        assert_eq!(score["run"]["jobType"], "TransformJob");
        assert_eq!(score["run"]["jobStatus"], "Completed");
        assert_eq!(
            io(score, "outputs", "output")["uri"],
            "s3://lineage-scratch/churn/scores"
        );
        assert_eq!(
            io(score, "inputs", "input")["uri"],
            "s3://lineage-features/churn/test"
        );

        // Edges of every kind.
        let edges: Vec<(String, String, String)> = doc["graph"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["from"].as_str().unwrap().into(),
                    e["to"].as_str().unwrap().into(),
                    e["via"].as_str().unwrap().into(),
                )
            })
            .collect();
        for (from, to, via) in [
            ("Preprocess", "Train", "ref:Get"),
            ("Train", "Evaluate", "ref:Get"),
            ("Evaluate", "CheckMSE", "ref:JsonGet"),
            ("CheckMSE", "RegisterChurnModel", "condition:if"),
            ("CheckMSE", "MseTooHigh", "condition:else"),
            ("CreateChurnModel", "BatchScore", "ref:Get"),
        ] {
            assert!(
                edges.contains(&(from.into(), to.into(), via.into())),
                "edge {from} -> {to} ({via}) missing from {edges:?}"
            );
        }

        // Bucket security, once per bucket, each answer distinct.
        let raw = bucket_security(&doc, "lineage-raw-data");
        assert_eq!(raw["encryption"]["value"]["algorithm"], "aws:kms");
        assert!(raw["encryption"]["value"]["kmsKeyId"]
            .as_str()
            .unwrap()
            .contains(":key/"));
        assert_eq!(raw["versioning"]["value"]["status"], "Enabled");
        assert_eq!(raw["publicAccess"]["value"]["allBlocked"], true);
        assert_eq!(raw["tags"]["value"]["data-class"], "confidential");
        assert_eq!(
            raw["posture"],
            serde_json::json!({"encrypted": true, "versioned": true, "publicAccessBlocked": true, "regionMatches": true})
        );

        let features = bucket_security(&doc, "lineage-features");
        assert_eq!(features["encryption"]["value"]["algorithm"], "AES256");

        let models = bucket_security(&doc, "lineage-models");
        assert_eq!(models["versioning"]["value"]["status"], "Suspended");
        assert_eq!(models["publicAccess"]["value"]["blockPublicAcls"], true);
        assert_eq!(models["publicAccess"]["value"]["blockPublicPolicy"], false);
        assert_eq!(models["posture"]["versioned"], false);
        assert_eq!(models["posture"]["publicAccessBlocked"], false);
        assert_eq!(models["tags"]["status"], "notConfigured");

        let scratch = bucket_security(&doc, "lineage-scratch");
        assert_eq!(scratch["encryption"]["status"], "notConfigured");
        assert_eq!(scratch["versioning"]["status"], "notConfigured");
        assert_eq!(scratch["publicAccess"]["status"], "notConfigured");
        assert_eq!(scratch["region"]["value"], "eu-west-1");
        assert_eq!(
            scratch["posture"],
            serde_json::json!({"encrypted": false, "versioned": false, "publicAccessBlocked": false, "regionMatches": false})
        );

        assert_eq!(
            doc["warnings"],
            serde_json::json!([]),
            "no warnings expected"
        );
    })
}

#[test]
fn earlier_execution_that_failed_at_training() {
    crate::harness::block_on(async {
        let doc = lineage(
            &format!("pipeline=customer-churn&{REGION}&execution=exec-churn-0001"),
            200,
        )
        .await;
        assert_eq!(doc["execution"]["id"], "exec-churn-0001");
        assert_eq!(doc["summary"]["overallStatus"], "Failed");
        assert_eq!(doc["summary"]["nodeStatus"]["Failed"], 1);
        assert_eq!(doc["summary"]["nodeStatus"]["Succeeded"], 1);
        assert_eq!(doc["summary"]["nodeStatus"]["NotStarted"], 6);
        let train = node(&doc, "Train");
        assert_eq!(train["run"]["status"], "Failed");
        assert!(train["run"]["failureReason"]
            .as_str()
            .unwrap()
            .contains("Data contains NaN in column 'tenure'"));
        assert_eq!(train["run"]["jobStatus"], "Failed");
        // Nothing after the failure ran; no branch outcome, so nothing is skipped.
        assert!(node(&doc, "Evaluate").get("run").is_none());
        assert!(node(&doc, "MseTooHigh").get("skipped").is_none());

        // The same execution by full ARN.
        let arn = doc["execution"]["arn"].as_str().unwrap().to_string();
        let by_arn = lineage(
            &format!(
                "pipeline=customer-churn&{REGION}&execution={}",
                sagemaker_lineage::api::encode(&arn)
            ),
            200,
        )
        .await;
        assert_eq!(by_arn["execution"]["id"], "exec-churn-0001");
    })
}

#[test]
fn executing_pipeline_with_an_unreadable_bucket_is_a_partial_answer() {
    crate::harness::block_on(async {
        let doc = lineage(
            &format!("pipeline=fraud-detection-nightly&{REGION}&includeLatestExec=true"),
            200,
        )
        .await;
        assert_eq!(doc["summary"]["overallStatus"], "Executing");
        assert!(doc["execution"].get("endTime").is_none_or(|e| e.is_null()));
        assert!(
            doc["summary"]["elapsedSec"].as_f64().unwrap() > 0.0,
            "running time from the clock"
        );
        assert_eq!(node(&doc, "Ingest")["run"]["status"], "Succeeded");
        let tune = node(&doc, "TuneXGB");
        assert_eq!(tune["run"]["status"], "Executing");
        assert_eq!(tune["run"]["jobType"], "HyperParameterTuningJob");
        assert_eq!(doc["summary"]["nodeStatus"]["NotStarted"], 1);

        let restricted = bucket_security(&doc, "lineage-restricted");
        assert_eq!(restricted["encryption"]["status"], "accessDenied");
        assert_eq!(
            restricted["encryption"]["action"],
            "s3:GetEncryptionConfiguration"
        );
        assert_eq!(
            restricted["posture"]["encrypted"],
            Value::Null,
            "unknown, not 'unencrypted'"
        );
        assert_eq!(
            warning_codes(&doc, "bucket", "lineage-restricted"),
            ["AccessDenied"]
        );
        let warning = doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["target"] == "lineage-restricted")
            .unwrap();
        assert!(warning["action"]
            .as_str()
            .unwrap()
            .contains("s3:GetEncryptionConfiguration"));
        // The other buckets are still described.
        assert_eq!(
            bucket_security(&doc, "lineage-features")["posture"]["encrypted"],
            true
        );
    })
}

#[test]
fn pipeline_that_failed_at_a_fail_step() {
    crate::harness::block_on(async {
        let doc = lineage(
            &format!("pipeline=quality-gate&{REGION}&includeLatestExec=true"),
            200,
        )
        .await;
        assert_eq!(doc["summary"]["overallStatus"], "Failed");
        let gate = node(&doc, "GateFailed");
        assert_eq!(gate["type"], "Fail");
        assert_eq!(
            gate["run"]["failMessage"],
            "Data quality violations found in column 'amount'"
        );
        assert_eq!(gate["branch"]["condition"], "CheckViolations");
        assert_eq!(
            node(&doc, "CheckViolations")["run"]["conditionOutcome"],
            "True"
        );
        let check = node(&doc, "DataQualityCheck");
        assert_eq!(check["type"], "QualityCheck");
        assert_eq!(check["run"]["metadata"]["metadataType"], "QualityCheck");
        assert_eq!(
            io(check, "inputs", "SuppliedBaselineStatistics")["uri"],
            "s3://lineage-features/quality/baseline/statistics.json"
        );
    })
}

#[test]
fn every_page_of_execution_steps_is_read() {
    crate::harness::block_on(async {
        // 13 steps; the emulator answers at most 4 per page.
        let doc = lineage(
            &format!("pipeline=wide-pipeline&{REGION}&includeLatestExec=true"),
            200,
        )
        .await;
        assert_eq!(doc["graph"]["nodes"].as_array().unwrap().len(), 13);
        assert_eq!(doc["summary"]["nodeStatus"]["Succeeded"], 13);
        assert!(doc["summary"]["nodeStatus"].get("NotStarted").is_none());
        let merge = node(&doc, "Merge");
        assert_eq!(merge["inputs"].as_array().unwrap().len(), 12);
    })
}

#[test]
fn a_large_pipeline() {
    crate::harness::block_on(async {
        let doc = lineage(
            &format!("pipeline=large-pipeline&{REGION}&includeLatestExec=true"),
            200,
        )
        .await;
        assert_eq!(doc["graph"]["nodes"].as_array().unwrap().len(), 120);
        assert_eq!(doc["graph"]["edges"].as_array().unwrap().len(), 216);
        assert_eq!(doc["summary"]["nodeStatus"]["NotStarted"], 120);
        // 12 raw inputs + 120 outputs, all distinct.
        assert_eq!(doc["graph"]["artifacts"].as_array().unwrap().len(), 132);
    })
}

#[test]
fn definition_only_and_pipelines_without_executions() {
    crate::harness::block_on(async {
        let doc = lineage(&format!("pipeline=customer-churn&{REGION}"), 200).await;
        assert!(doc.get("execution").is_none());
        assert_eq!(doc["summary"]["overallStatus"], "Unknown");
        assert_eq!(doc["summary"]["nodeStatus"]["NotStarted"], 8);
        // Buckets are described even without an execution.
        assert_eq!(
            bucket_security(&doc, "lineage-raw-data")["posture"]["encrypted"],
            true
        );

        let never = lineage(
            &format!("pipeline=never-run&{REGION}&includeLatestExec=true"),
            200,
        )
        .await;
        assert!(never.get("execution").is_none());
        assert_eq!(never["summary"]["overallStatus"], "Unknown");
        assert_eq!(
            warning_codes(&never, "execution", "never-run"),
            ["NoExecutions"]
        );
    })
}

#[test]
fn domain_filter() {
    crate::harness::block_on(async {
        let by_name = lineage(
            &format!("pipeline=customer-churn&{REGION}&domain=ml-platform"),
            200,
        )
        .await;
        assert_eq!(by_name["domain"]["matchedTag"], "DomainName");
        let by_id = lineage(
            &format!("pipeline=customer-churn&{REGION}&domain=d-abc123xyz"),
            200,
        )
        .await;
        assert_eq!(by_id["domain"]["matchedTag"], "DomainId");
        let other = lineage(
            &format!("pipeline=customer-churn&{REGION}&domain=another-team"),
            404,
        )
        .await;
        assert_eq!(other["code"], "DomainMismatch");
        // A pipeline without domain tags is in no domain.
        let untagged = lineage(
            &format!("pipeline=fraud-detection-nightly&{REGION}&domain=ml-platform"),
            404,
        )
        .await;
        assert_eq!(untagged["code"], "DomainMismatch");
    })
}

#[test]
fn not_found_answers() {
    crate::harness::block_on(async {
        let missing = lineage(&format!("pipeline=no-such-pipeline&{REGION}"), 404).await;
        assert_eq!(missing["code"], "PipelineNotFound");
        assert!(missing["message"]
            .as_str()
            .unwrap()
            .contains("no-such-pipeline"));
        let exec = lineage(
            &format!("pipeline=customer-churn&{REGION}&execution=exec-does-not-exist"),
            404,
        )
        .await;
        assert_eq!(exec["code"], "ExecutionNotFound");

        // Pages that explain an error answer with its status, not 200.
        let page = get(&format!("/?pipeline=no-such-pipeline&{REGION}")).await;
        assert_eq!(page.status, 404);
        assert!(
            page.body.contains("data-code=\"PipelineNotFound\""),
            "{}",
            page.body
        );
        let nowhere = get("/no/such/page").await;
        assert_eq!(nowhere.status, 404);
        assert!(nowhere.body.contains("Page not found"));
        let fine = get(&format!("/?pipeline=customer-churn&{REGION}")).await;
        assert_eq!(fine.status, 200);
    })
}

#[test]
fn bad_input_is_refused_before_any_aws_call() {
    crate::harness::block_on(async {
        for (params, parameter) in [
            ("region=us-east-1", "pipeline"),
            ("pipeline=customer-churn", "region"),
            ("pipeline=customer-churn&region=evil.example.com", "region"),
            (
                "pipeline=customer-churn&region=us-east-1.evil.com",
                "region",
            ),
            ("pipeline=bad_name!&region=us-east-1", "pipeline"),
            (
                "pipeline=customer-churn&region=us-east-1&includeLatestExec=maybe",
                "includeLatestExec",
            ),
            (
                "pipeline=customer-churn&region=us-east-1&execution=../../etc",
                "execution",
            ),
        ] {
            let body = lineage(params, 400).await;
            assert_eq!(body["code"], "BadRequest", "{params}");
            assert_eq!(body["parameter"], parameter, "{params}");
            assert!(
                body["message"].as_str().unwrap().starts_with(parameter),
                "{params}: {body}"
            );
        }
        // A well-formed ARN of another pipeline or region is not an execution of this
        // one: 404 naming the parameter (and nothing is read in the other region).
        for arn in [
            "arn:aws:sagemaker:us-east-1:123456789012:pipeline/other/execution/x",
            "arn:aws:sagemaker:eu-west-1:123456789012:pipeline/customer-churn/execution/x",
        ] {
            let body = lineage(
                &format!("pipeline=customer-churn&region=us-east-1&execution={arn}"),
                404,
            )
            .await;
            assert_eq!(body["code"], "ExecutionNotFound", "{arn}");
            assert_eq!(body["parameter"], "execution", "{arn}");
            assert!(
                body["message"].as_str().unwrap().contains("customer-churn"),
                "{body}"
            );
        }
        let profile = lineage("pipeline=customer-churn&region=us-east-1&profile=prod", 403).await;
        assert_eq!(profile["code"], "ProfileNotAllowed");
        assert_eq!(profile["parameter"], "profile");
    })
}

#[test]
fn profile_is_accepted_with_the_opt_in() {
    crate::harness::block_on(async {
        // With the opt-in the parameter reaches aws-config, which reports the unknown
        // profile as a credentials problem rather than a crash.
        let app = app_with(ServiceConfig {
            allow_profile: true,
            ..ServiceConfig::default()
        });
        let reply = send(
            app,
            Request::get(
                "/lineage?pipeline=customer-churn&region=us-east-1&profile=no-such-profile",
            )
            .body(Body::empty())
            .unwrap(),
        )
        .await;
        assert_ne!(reply.status.as_u16(), 403, "{}", reply.body);
        assert_ne!(reply.status.as_u16(), 500, "{}", reply.body);
    })
}

#[test]
fn server_function_uses_the_same_service() {
    crate::harness::block_on(async {
        let body =
            "query[pipeline]=customer-churn&query[region]=us-east-1&query[includeLatestExec]=true";
        let reply = send(
            app(),
            Request::post("/api/lineage")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
        let doc = reply.json();
        assert_eq!(doc["execution"]["id"], "exec-churn-0002");

        let missing = "query[pipeline]=no-such-pipeline&query[region]=us-east-1";
        let reply = send(
            app(),
            Request::post("/api/lineage")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(missing))
                .unwrap(),
        )
        .await;
        assert!(reply.body.contains("PipelineNotFound"), "{}", reply.body);
    })
}

#[test]
fn server_rendered_page_shows_the_lineage() {
    crate::harness::block_on(async {
        let reply = get("/?pipeline=customer-churn&region=us-east-1").await;
        assert_eq!(reply.status.as_u16(), 200);
        let html = reply.body;
        assert!(
            html.contains("data-testid=\"summary\""),
            "summary missing: {html}"
        );
        assert!(html.contains("data-step=\"Train\""));
        assert!(html.contains("exec-churn-0002"));
        assert!(html.contains(
            "/lineage?pipeline=customer-churn&amp;region=us-east-1&amp;includeLatestExec=true"
        ));

        let missing = get("/?pipeline=no-such-pipeline&region=us-east-1")
            .await
            .body;
        assert!(
            missing.contains("data-code=\"PipelineNotFound\""),
            "{missing}"
        );
    })
}
