//! Never a wrong answer, and nothing an anonymous caller can make expensive (issue 9),
//! against the emulator: properties only the run knows, executions of other accounts,
//! regions AWS does not have, the readiness probe, weak entity tags, CORS for any
//! origin, and the region list against botocore's.

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use sagemaker_lineage::server::aws::{AwsSettings, AwsSource, MAX_CLIENTS};
use sagemaker_lineage::server::regions::KNOWN_REGIONS;
use sagemaker_lineage::server::service::ServiceConfig;
use sagemaker_lineage::server::source::{read, AwsTarget, ListPipelines};
use serde_json::Value;

use crate::harness::{
    app, app_for, app_with, block_on, emulator, http_get, http_post, lineage, send, spawn_emulator,
};

fn node<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("node {id} missing"))
}

fn io<'a>(node: &'a Value, name: &str) -> &'a Value {
    node["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .chain(node["outputs"].as_array().unwrap())
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("{name} missing in {node}"))
}

fn artifact<'a>(doc: &'a Value, uri: &str) -> &'a Value {
    doc["graph"]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["uri"] == uri)
        .unwrap_or_else(|| panic!("artifact {uri} missing"))
}

const STATISTICS: &str = "s3://lineage-monitoring/model-gate/exec-gate-0001/statistics.json";
const CONSTRAINTS: &str = "s3://lineage-monitoring/model-gate/exec-gate-0001/constraints.json";
const EXPORT: &str = "s3://lineage-features/model-gate/export/2026-11-20/";

/// model-gate's RegisterModel reads a QualityCheck's calculated baselines, and a
/// Processing step reads what a Lambda step returned: the definition alone cannot
/// say where, only the run's step metadata can.
#[test]
fn properties_only_the_run_knows_are_resolved_from_step_metadata() {
    block_on(async {
        emulator();
        let doc = lineage(
            "pipeline=model-gate&region=us-east-1&includeLatestExec=true",
            200,
        )
        .await;
        let register = node(&doc, "RegisterGatedModel");
        let stats = io(register, "ModelQuality.Statistics");
        assert_eq!(stats["uri"], STATISTICS, "{stats}");
        assert_eq!(stats["resolved"], true);
        assert_eq!(stats["sourceStep"], "ModelQualityCheck");
        let drift = io(register, "DriftCheckBaselines.ModelQuality.Constraints");
        assert_eq!(drift["uri"], CONSTRAINTS, "{drift}");
        let export = io(node(&doc, "ScoreExport"), "export");
        assert_eq!(export["uri"], EXPORT, "{export}");
        assert_eq!(export["sourceStep"], "ExportFeatures");

        // The baseline reached the artifacts and its bucket's posture (a bucket the
        // definition never names)...
        let stats_artifact = artifact(&doc, STATISTICS);
        assert_eq!(
            stats_artifact["producers"],
            serde_json::json!(["ModelQualityCheck"])
        );
        assert_eq!(
            stats_artifact["consumers"],
            serde_json::json!(["RegisterGatedModel"])
        );
        let s3 = &stats_artifact["s3"];
        assert_eq!(s3["encryption"]["value"]["algorithm"], "AES256", "{s3}");
        assert_eq!(s3["tags"]["value"]["team"], "ml-monitoring", "{s3}");
        // ... and the model-quality report under it was read.
        let check = node(&doc, "ModelQualityCheck");
        let metrics = &check["run"]["metrics"];
        assert_eq!(
            metrics["binary_classification_metrics.accuracy"], 0.912,
            "{check}"
        );
        assert_eq!(check["run"]["reports"], serde_json::json!([STATISTICS]));

        // Output parameters stay a map.
        let lambda = node(&doc, "ExportFeatures");
        assert_eq!(lambda["run"]["outputParameters"]["row_count"], "120000");
        assert_eq!(lambda["run"]["outputParameters"]["export_uri"], EXPORT);
        assert!(
            doc["warnings"].as_array().unwrap().is_empty(),
            "{}",
            doc["warnings"]
        );

        // quality-gate compares the check's calculated statistics with its baseline.
        let doc = lineage(
            "pipeline=quality-gate&region=us-east-1&includeLatestExec=true",
            200,
        )
        .await;
        let condition = node(&doc, "CheckViolations");
        let inputs: Vec<(&str, bool)> = condition["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["uri"].as_str().unwrap(), i["resolved"] == true))
            .collect();
        assert!(
            inputs.contains(&("s3://lineage-scratch/quality/report/statistics.json", true)),
            "{inputs:?}"
        );
        assert!(
            inputs.contains(&(
                "s3://lineage-features/quality/baseline/statistics.json",
                true
            )),
            "{inputs:?}"
        );
    })
}

fn calls(addr: &str) -> Value {
    let (_, body) = http_get(addr, "/_lineage/calls").unwrap();
    serde_json::from_str(&body).unwrap()
}

fn reset(addr: &str) {
    let (status, _) = http_post(addr, "/_lineage/calls/reset").unwrap();
    assert_eq!(status, 200);
}

/// A region AWS does not have, and an execution ARN of another account or partition,
/// are answered without reading anything about them.
#[test]
fn unknown_regions_and_other_accounts_cost_no_aws_call() {
    block_on(async {
        let (url, mut child) = spawn_emulator();
        let addr = url.trim_start_matches("http://").to_string();
        let app = app_for(Some(&url), ServiceConfig::default());
        let get = |path: String| {
            let app = app.clone();
            async move { send(app, Request::get(path).body(Body::empty()).unwrap()).await }
        };
        reset(&addr);
        for path in [
            "/lineage?pipeline=customer-churn&region=aa-aaab-1",
            "/lineage?pipeline=customer-churn&region=us-east-9&includeLatestExec=true",
            "/pipelines?region=aa-aaab-1",
            "/executions?pipeline=customer-churn&region=zz-nowhere-7",
        ] {
            let reply = get(path.to_string()).await;
            assert_eq!(reply.status.as_u16(), 400, "{path}: {}", reply.body);
            let error = reply.json();
            assert_eq!(error["parameter"], "region", "{path}: {error}");
            assert!(
                error["message"]
                    .as_str()
                    .unwrap()
                    .contains("--extra-regions"),
                "{error}"
            );
        }
        assert_eq!(calls(&addr), serde_json::json!({}), "no AWS call");

        for foreign in [
            "arn:aws:sagemaker:us-east-1:999999999999:pipeline/customer-churn/execution/exec-churn-0001",
            "arn:aws-cn:sagemaker:us-east-1:123456789012:pipeline/customer-churn/execution/exec-churn-0001",
        ] {
            let reply = get(format!(
                "/lineage?pipeline=customer-churn&region=us-east-1&execution={}",
                sagemaker_lineage::api::encode(foreign)
            ))
            .await;
            assert_eq!(reply.status.as_u16(), 404, "{}", reply.body);
            let error = reply.json();
            assert_eq!(error["code"], "ExecutionNotFound", "{error}");
            assert_eq!(error["parameter"], "execution", "{error}");
        }
        // Only the pipeline was read (its ARN says which account it lives in).
        let made = calls(&addr);
        let _ = child.kill();
        let _ = child.wait();
        let ops: Vec<&String> = made.as_object().unwrap().keys().collect();
        assert_eq!(ops, ["SageMaker.DescribePipeline"], "{made}");
    })
}

/// However many regions and profiles callers name, the adapter keeps a bounded
/// number of SDK clients.
#[test]
fn the_client_map_is_bounded() {
    block_on(async {
        let url = &emulator().url;
        let source = AwsSource::new(AwsSettings {
            endpoint_url: Some(url.clone()),
            max_attempts: 1,
            ..AwsSettings::default()
        });
        for i in 0..(MAX_CLIENTS * 3) {
            let target = AwsTarget {
                region: "us-east-1".into(),
                profile: Some(format!("profile-{i}")),
            };
            // The profiles do not exist: the call fails, the client was still built.
            let _ = read(source.as_ref(), &target, ListPipelines).await;
        }
        let kept = source.client_count().await;
        assert!(kept <= MAX_CLIENTS, "{kept} clients kept");
        let _: Arc<AwsSource> = source;
    })
}

/// `/readyz` needs no authentication: however often it is asked, AWS is asked at
/// most once per few seconds.
#[test]
fn readiness_is_shared_and_reused() {
    block_on(async {
        let (url, mut child) = spawn_emulator();
        let addr = url.trim_start_matches("http://").to_string();
        let app = app_for(Some(&url), ServiceConfig::default());
        reset(&addr);
        let ready = || {
            let app = app.clone();
            async move { send(app, Request::get("/readyz").body(Body::empty()).unwrap()).await }
        };
        let all = futures::future::join_all((0..20).map(|_| ready())).await;
        assert!(all.iter().all(|r| r.status.as_u16() == 200));
        for _ in 0..10 {
            assert_eq!(ready().await.status.as_u16(), 200);
        }
        let probes = |calls: &Value| calls["SageMaker.ListPipelineExecutions"].as_u64();
        let made = calls(&addr);
        assert_eq!(probes(&made), Some(1), "{made}");
        // After the reuse period, one more.
        tokio::time::sleep(sagemaker_lineage::server::service::READY_REUSE).await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        futures::future::join_all((0..5).map(|_| ready())).await;
        let made = calls(&addr);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(probes(&made), Some(2), "{made}");
    })
}

/// RFC 9110 compares `If-None-Match` weakly: a tag a compressing proxy weakened, a
/// list, and `*` all match.
#[test]
fn entity_tags_match_weakly() {
    block_on(async {
        let app = app();
        let path = "/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002";
        let first = send(app.clone(), Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(first.status.as_u16(), 200);
        let etag = first.headers["etag"].to_str().unwrap().to_string();
        for header in [
            etag.clone(),
            format!("W/{etag}"),
            format!("\"other\", W/{etag}"),
            "*".to_string(),
        ] {
            let reply = send(
                app.clone(),
                Request::get(path)
                    .header("if-none-match", &header)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(reply.status.as_u16(), 304, "If-None-Match: {header}");
        }
        let other = send(
            app.clone(),
            Request::get(path)
                .header("if-none-match", "W/\"other\"")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(other.status.as_u16(), 200);
    })
}

/// `*` allows any origin (it used to make the server panic at start-up).
#[test]
fn cors_for_any_origin() {
    block_on(async {
        let open = app_with(ServiceConfig {
            cors_origins: vec!["*".into()],
            ..ServiceConfig::default()
        });
        let reply = send(
            open,
            Request::get("/lineage?pipeline=customer-churn&region=us-east-1")
                .header("origin", "https://anywhere.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(reply.status.as_u16(), 200);
        assert_eq!(reply.headers["access-control-allow-origin"], "*");
        assert!(reply
            .headers
            .get("access-control-allow-credentials")
            .is_none());
    })
}

/// The built-in region list knows every region of the botocore release the emulator
/// pins: bumping botocore (`end2end/emulator/requirements.txt`) shows what to add.
#[test]
fn the_region_list_knows_every_region_botocore_knows() {
    let python = std::env::var("LINEAGE_EMULATOR_PYTHON")
        .unwrap_or_else(|_| "end2end/emulator/.venv/bin/python".into());
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import botocore, json, os\n\
             p = os.path.join(os.path.dirname(botocore.__file__), 'data', 'endpoints.json')\n\
             for part in json.load(open(p))['partitions']:\n\
             \x20   for r in part['regions']:\n\
             \x20       print(part['partition'], r)",
        ])
        .current_dir(crate::harness::root())
        .output()
        .expect("running the emulator's python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = String::from_utf8(out.stdout).unwrap();
    let mut missing = Vec::new();
    for line in theirs.lines() {
        let (partition, region) = line.split_once(' ').unwrap();
        if !KNOWN_REGIONS.contains(&(partition, region)) {
            missing.push(line.to_string());
        }
    }
    assert!(theirs.lines().count() >= 40);
    assert!(
        missing.is_empty(),
        "regions botocore knows and KNOWN_REGIONS does not: {missing:?}"
    );
}
