//! `GET /lineage`, the server function and the SSR page on the demo scenarios.

use axum::body::Body;
use axum::http::Request;
use sagemaker_lineage::server::service::ServiceConfig;
use serde_json::Value;

use crate::harness::{
    app, app_for, app_with, emulator, get, http_get, lineage, send, spawn_emulator,
};

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

fn request(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

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

#[test]
fn security_headers_limits_and_readiness() {
    crate::harness::block_on(async {
        let app = app();
        let page = send(
            app.clone(),
            request("/?pipeline=customer-churn&region=us-east-1"),
        )
        .await;
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert_eq!(page.headers["x-content-type-options"], "nosniff");
        assert_eq!(page.headers["x-frame-options"], "DENY");
        // Inline scripts only by this response's nonce: every inline script carries it.
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        let nonce = script_src
            .split("'nonce-")
            .nth(1)
            .and_then(|n| n.split('\'').next())
            .unwrap_or_else(|| panic!("no nonce in {csp}"));
        assert!(nonce.len() >= 16, "{nonce}");
        let scripts: Vec<&str> = page.body.split("<script").skip(1).collect();
        assert!(!scripts.is_empty());
        for script in &scripts {
            let tag = script.split('>').next().unwrap();
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "a script without this response's nonce: <script{tag}>"
            );
        }
        let again = send(
            app.clone(),
            request("/?pipeline=quality-gate&region=us-east-1"),
        )
        .await;
        let other = again.headers["content-security-policy"].to_str().unwrap();
        assert!(!other.contains(nonce), "each page gets its own nonce");
        // JSON answers get the strict policy, without any nonce.
        let json = send(app.clone(), request("/healthz")).await;
        let strict = json.headers["content-security-policy"].to_str().unwrap();
        assert!(
            strict.contains("script-src 'self' 'wasm-unsafe-eval';") && !strict.contains("nonce-"),
            "{strict}"
        );

        let long = format!(
            "/lineage?pipeline=customer-churn&region=us-east-1&domain={}",
            "x".repeat(5000)
        );
        let refused = send(app.clone(), request(&long)).await;
        assert_eq!(refused.status.as_u16(), 414);
        assert_eq!(refused.json()["code"], "QueryTooLong");

        let ready = send(app.clone(), request("/readyz")).await;
        assert_eq!(ready.status.as_u16(), 200, "{}", ready.body);
    })
}

#[test]
fn cors_only_for_configured_origins() {
    crate::harness::block_on(async {
        let origin = "https://portal.example.com";
        let path = "/lineage?pipeline=customer-churn&region=us-east-1";
        let with_origin = |p: &str| {
            Request::get(p)
                .header("origin", origin)
                .body(Body::empty())
                .unwrap()
        };
        let closed = send(app(), with_origin(path)).await;
        assert!(closed.headers.get("access-control-allow-origin").is_none());
        let open = app_with(ServiceConfig {
            cors_origins: vec![origin.to_string()],
            ..ServiceConfig::default()
        });
        let allowed = send(open.clone(), with_origin(path)).await;
        assert_eq!(allowed.headers["access-control-allow-origin"], origin);
        let other = send(
            open,
            Request::get(path)
                .header("origin", "https://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(other.headers.get("access-control-allow-origin").is_none());
    })
}

#[test]
fn bearer_token_when_configured() {
    crate::harness::block_on(async {
        emulator();
        let app = app_with(ServiceConfig {
            auth_token: Some(sagemaker_lineage::server::service::Secret(
                "s3cret-token".into(),
            )),
            ..ServiceConfig::default()
        });
        let path = "/lineage?pipeline=customer-churn&region=us-east-1";
        let denied = send(app.clone(), request(path)).await;
        assert_eq!(denied.status.as_u16(), 401);
        assert_eq!(denied.json()["code"], "Unauthorized");
        assert_eq!(denied.headers["www-authenticate"], "Bearer");
        let wrong = send(
            app.clone(),
            Request::get(path)
                .header("authorization", "Bearer nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(wrong.status.as_u16(), 401);
        assert!(!wrong.body.contains("s3cret"));
        let page = send(app.clone(), request("/")).await;
        assert_eq!(page.status.as_u16(), 401, "pages too");
        let allowed = send(
            app.clone(),
            Request::get(path)
                .header("authorization", "Bearer s3cret-token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(allowed.status.as_u16(), 200, "{}", allowed.body);
        assert_eq!(
            send(app, request("/healthz")).await.status.as_u16(),
            200,
            "health stays open"
        );
    })
}
