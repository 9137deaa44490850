//! Tests of the engine's stages with literal records (the definition cases, one test
//! per file with a snapshot each, are `tests/definitions.rs`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::*;

mod navigation;
mod run_records;

fn build(
    definition: &str,
    parameters: &BTreeMap<String, String>,
) -> Result<LineageDocument, DefinitionError> {
    let def = parse_definition(definition)?;
    let mut lineage = Lineage::new(
        PipelineRecord {
            name: "p".into(),
            ..PipelineRecord::default()
        },
        def,
    );
    lineage.set_parameters(parameters);
    Ok(lineage.finish(None))
}

#[test]
fn oversized_definition_is_refused() {
    let text = format!(
        r#"{{"Steps": [], "Pad": "{}"}}"#,
        "x".repeat(MAX_DEFINITION_BYTES)
    );
    assert!(matches!(
        parse_definition(&text),
        Err(DefinitionError::TooLarge(_))
    ));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        parse_definition(&text),
        Err(DefinitionError::NotJson(_))
    ));
    // Deep but legal nesting inside a step is walked without overflow.
    let mut v = json!("s3://b/k");
    for _ in 0..120 {
        v = json!({ "a": v });
    }
    let def = json!({"Steps": [{"Name": "L", "Type": "Lambda", "Arguments": {"x": v}}]});
    let doc = build(&def.to_string(), &BTreeMap::new()).unwrap();
    assert_eq!(doc.graph.nodes.len(), 1);
}

// ---- Enrichment with execution records -------------------------------------------

fn churn_definition() -> String {
    json!({
        "Version": "2020-12-01",
        "Parameters": [{"Name": "InputData", "Type": "String", "DefaultValue": "s3://raw/churn/"}],
        "Steps": [
            {"Name": "Prep", "Type": "Processing", "Arguments": {
                "ProcessingInputs": [{"InputName": "raw", "S3Input": {"S3Uri": {"Get": "Parameters.InputData"}}}],
                "ProcessingOutputConfig": {"Outputs": [
                    {"OutputName": "train", "S3Output": {"S3Uri": "s3://feat/churn/train"}},
                    {"OutputName": "test", "S3Output": {"S3Uri": "s3://feat/churn/test"}}]}}},
            {"Name": "Train", "Type": "Training", "Arguments": {
                "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri":
                    {"Get": "Steps.Prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}}}}],
                "OutputDataConfig": {"S3OutputPath": "s3://models/churn/model"}}},
            {"Name": "Assess", "Type": "Processing", "Arguments": {
                "ProcessingInputs": [
                    {"InputName": "model", "S3Input": {"S3Uri": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}},
                    {"InputName": "test", "S3Input": {"S3Uri": {"Get": "Steps.Prep.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri"}}}],
                "ProcessingOutputConfig": {"Outputs": [
                    {"OutputName": "evaluation", "S3Output": {"S3Uri": "s3://models/churn/evaluation"}}]}},
             "PropertyFiles": [{"PropertyFileName": "Report", "OutputName": "evaluation", "FilePath": "evaluation.json"}]},
            {"Name": "Check", "Type": "Condition", "Arguments": {
                "Conditions": [{"Type": "LessThanOrEqualTo", "LeftValue": {"Std:JsonGet": {
                    "PropertyFile": {"Get": "Steps.Assess.PropertyFiles.Report"}, "Path": "regression_metrics.mse.value"}},
                    "RightValue": 6.0}],
                "IfSteps": [{"Name": "Register", "Type": "RegisterModel", "Arguments": {
                    "ModelPackageGroupName": "churn",
                    "InferenceSpecification": {"Containers": [{"Image": "img", "ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}]},
                    "ModelMetrics": {"ModelQuality": {"Statistics": {"ContentType": "application/json",
                        "S3Uri": "s3://models/churn/evaluation/evaluation.json"}}}}}],
                "ElseSteps": [{"Name": "TooHigh", "Type": "Fail", "Arguments": {"ErrorMessage": "mse too high"}}]}}
        ]
    })
    .to_string()
}

fn step(name: &str, status: &str, metadata: StepMetadata) -> StepRecord {
    StepRecord {
        name: name.into(),
        status: status.into(),
        start_time: Some("2026-11-25T08:00:00Z".into()),
        end_time: (status != "Executing").then(|| "2026-11-25T08:10:00Z".into()),
        attempt_count: Some(1),
        metadata,
        ..StepRecord::default()
    }
}

fn bucket(name: &str, encryption: Probe<Encryption>) -> BucketRecord {
    BucketRecord {
        bucket: name.into(),
        region: Probe::Ok {
            value: "us-east-1".into(),
        },
        encryption,
        versioning: Probe::Ok {
            value: Versioning {
                status: "Enabled".into(),
                mfa_delete: None,
            },
        },
        public_access: Probe::NotConfigured,
        tags: Probe::NotConfigured,
        controls: None,
    }
}

const TRAIN_ARN: &str = "arn:aws:sagemaker:us-east-1:1:training-job/pipelines-abc-train";
const MODEL: &str = "s3://models/churn/model/pipelines-abc-train/output/model.tar.gz";

fn enriched() -> Lineage {
    let mut lineage = Lineage::new(
        PipelineRecord {
            name: "churn".into(),
            arn: Some("arn:aws:sagemaker:us-east-1:1:pipeline/churn".into()),
            ..PipelineRecord::default()
        },
        parse_definition(&churn_definition()).unwrap(),
    );
    lineage.set_region("us-east-1");
    lineage.set_execution(
        ExecutionRecord {
            arn: "arn:aws:sagemaker:us-east-1:1:pipeline/churn/execution/e1".into(),
            status: "Succeeded".into(),
            start_time: Some("2026-11-25T08:00:00Z".into()),
            end_time: Some("2026-11-25T08:45:30Z".into()),
            parameters: [(
                "InputData".to_string(),
                "s3://raw/churn/2026-11-25/".to_string(),
            )]
            .into(),
            ..ExecutionRecord::default()
        },
        vec![
            step(
                "Register",
                "Succeeded",
                StepMetadata::RegisterModel {
                    arn: "arn:pkg/churn/1".into(),
                },
            ),
            step(
                "Check",
                "Succeeded",
                StepMetadata::Condition {
                    outcome: "True".into(),
                },
            ),
            step(
                "Assess",
                "Succeeded",
                StepMetadata::Job {
                    kind: JobKind::Processing,
                    arn: "arn:aws:sagemaker:us-east-1:1:processing-job/pipelines-abc-assess".into(),
                },
            ),
            step(
                "Train",
                "Succeeded",
                StepMetadata::Job {
                    kind: JobKind::Training,
                    arn: TRAIN_ARN.into(),
                },
            ),
            StepRecord {
                cache_hit_source: Some(
                    "arn:aws:sagemaker:us-east-1:1:pipeline/churn/execution/e0".into(),
                ),
                ..step("Prep", "Succeeded", StepMetadata::None)
            },
        ],
    );
    lineage
}

#[test]
fn execution_enrichment_resolves_actual_locations() {
    let mut lineage = enriched();
    let jobs = lineage.job_requests();
    assert_eq!(
        jobs.iter()
            .map(|j| (j.step.as_str(), j.kind))
            .collect::<Vec<_>>(),
        [
            ("Train", JobKind::Training),
            ("Assess", JobKind::Processing)
        ]
    );
    lineage.apply_job(
        "Train",
        Ok(JobRecord {
            arn: TRAIN_ARN.into(),
            name: "pipelines-abc-train".into(),
            status: "Completed".into(),
            outputs: vec![("model".into(), "s3://models/churn/model".into())],
            metrics: [("validation:auc".to_string(), 0.91)].into(),
            model_artifacts: Some(MODEL.into()),
            ..JobRecord::default()
        }),
    );
    lineage.apply_job(
        "Assess",
        Err(Failure::new(
            ErrorCode::AccessDenied,
            Some("sagemaker:DescribeProcessingJob"),
            "denied",
        )),
    );
    assert_eq!(
        lineage.model_package_requests(),
        [ModelPackageRequest {
            step: "Register".into(),
            arn: "arn:pkg/churn/1".into()
        }]
    );
    lineage.apply_model_package(
        "Register",
        "arn:pkg/churn/1",
        Ok(ModelPackageRecord {
            arn: "arn:pkg/churn/1".into(),
            approval_status: Some("PendingManualApproval".into()),
            version: Some(1),
            ..ModelPackageRecord::default()
        }),
    );

    // The property file and the model-quality statistics are one report, owned by the
    // step that writes it.
    let reports = lineage.report_requests();
    assert_eq!(
        reports,
        [ReportRequest {
            step: "Assess".into(),
            uri: "s3://models/churn/evaluation/evaluation.json".into(),
            required: true
        }]
    );
    lineage.apply_report(
        &reports[0],
        Ok(br#"{"regression_metrics": {"mse": {"value": 4.2}}}"#.to_vec()),
    );

    assert_eq!(lineage.buckets(), ["feat", "models", "raw"]);
    lineage.apply_bucket(bucket(
        "feat",
        Probe::Ok {
            value: Encryption {
                algorithm: "AES256".into(),
                ..Encryption::default()
            },
        },
    ));
    lineage.apply_bucket(bucket("models", Probe::NotConfigured));
    lineage.apply_bucket(BucketRecord {
        region: Probe::AccessDenied {
            action: "s3:GetBucketLocation".into(),
        },
        encryption: Probe::AccessDenied {
            action: "s3:GetEncryptionConfiguration".into(),
        },
        ..bucket("raw", Probe::NotConfigured)
    });

    let doc = lineage.finish(None);
    let node = |id: &str| doc.graph.nodes.iter().find(|n| n.id == id).unwrap();
    let input = |id: &str, name: &str| {
        node(id)
            .inputs
            .iter()
            .find(|i| i.name == name)
            .unwrap()
            .clone()
    };

    // Execution parameters beat defaults; Gets resolve through the producing step.
    assert_eq!(input("Prep", "raw").uri, "s3://raw/churn/2026-11-25/");
    assert_eq!(input("Train", "train").uri, "s3://feat/churn/train");
    assert_eq!(input("Train", "train").source_step.as_deref(), Some("Prep"));
    // The model location is known only from the training job.
    let model = input("Assess", "model");
    assert_eq!((model.uri.as_str(), model.resolved), (MODEL, true));
    assert_eq!(
        model.expression.as_deref(),
        Some("{Steps.Train.ModelArtifacts.S3ModelArtifacts}")
    );
    assert_eq!(input("Register", "model").uri, MODEL);
    let model_artifact = doc.graph.artifacts.iter().find(|a| a.uri == MODEL).unwrap();
    assert_eq!(model_artifact.producers, ["Train"]);
    assert_eq!(model_artifact.consumers, ["Assess", "Register"]);
    assert_eq!(model.artifact, Some(model_artifact.id));

    let train = node("Train").run.clone().unwrap();
    assert_eq!(train.job_name.as_deref(), Some("pipelines-abc-train"));
    assert_eq!(train.job_type.as_deref(), Some("TrainingJob"));
    assert_eq!(train.metrics["validation:auc"], 0.91);
    assert_eq!(train.elapsed_sec, Some(600.0));
    assert_eq!(
        node("Assess").run.as_ref().unwrap().metrics["regression_metrics.mse"],
        4.2
    );
    assert_eq!(
        node("Check")
            .run
            .as_ref()
            .unwrap()
            .condition_outcome
            .as_deref(),
        Some("True")
    );
    assert!(node("Prep").run.as_ref().unwrap().cache_hit.is_some());
    assert_eq!(
        node("Register")
            .registry
            .as_ref()
            .unwrap()
            .approval_status
            .as_deref(),
        Some("PendingManualApproval")
    );
    // The else branch was not taken.
    assert!(node("TooHigh").skipped);
    assert!(!node("Register").skipped);

    assert_eq!(doc.summary.overall_status, OverallStatus::Succeeded);
    assert_eq!(doc.summary.elapsed_sec, Some(2730.0));
    assert_eq!(doc.summary.node_status[&RunStatus::Succeeded], 5);
    assert_eq!(doc.summary.node_status[&RunStatus::NotStarted], 1);

    let security = |b: &str| {
        doc.graph
            .artifacts
            .iter()
            .find(|a| a.bucket == b)
            .unwrap()
            .s3
            .clone()
            .unwrap()
    };
    assert_eq!(security("feat").posture.encrypted, Some(true));
    assert_eq!(security("models").posture.encrypted, Some(false));
    assert_eq!(
        security("raw").posture.encrypted,
        None,
        "unreadable is not 'not configured'"
    );
    assert_eq!(security("raw").posture.region_matches, None);
    assert_eq!(security("feat").posture.region_matches, Some(true));
    assert_eq!(security("feat").posture.public_access_blocked, Some(false));

    let codes: Vec<(&str, &str)> = doc
        .warnings
        .iter()
        .map(|w| (w.scope.as_str(), w.code.as_str()))
        .collect();
    assert_eq!(codes, [("job", "AccessDenied"), ("bucket", "AccessDenied")]);
    assert_eq!(
        doc.warnings[1].action.as_deref(),
        Some("s3:GetBucketLocation, s3:GetEncryptionConfiguration")
    );
}

#[test]
fn running_execution_counts_and_elapsed() {
    let mut lineage = Lineage::new(
        PipelineRecord::default(),
        parse_definition(&churn_definition()).unwrap(),
    );
    lineage.set_execution(
        ExecutionRecord {
            arn: "arn:x/execution/e2".into(),
            status: "Executing".into(),
            start_time: Some("2026-11-25T08:00:00Z".into()),
            ..ExecutionRecord::default()
        },
        vec![
            step("Train", "Executing", StepMetadata::None),
            step("Prep", "Succeeded", StepMetadata::None),
        ],
    );
    // Nothing to read for steps that did not succeed.
    assert!(lineage.report_requests().is_empty());
    let doc = lineage.finish(Some("2026-11-25T08:20:00+00:00"));
    assert_eq!(doc.summary.overall_status, OverallStatus::Executing);
    assert_eq!(doc.summary.elapsed_sec, Some(1200.0));
    assert_eq!(doc.summary.node_status[&RunStatus::NotStarted], 4);
    assert_eq!(doc.summary.node_status[&RunStatus::Executing], 1);
    let train = doc.graph.nodes.iter().find(|n| n.id == "Train").unwrap();
    assert_eq!(train.run.as_ref().unwrap().elapsed_sec, Some(1200.0));
    // Outcome unknown: nothing is marked skipped.
    assert!(doc.graph.nodes.iter().all(|n| !n.skipped));
}

#[test]
fn failure_reasons_and_unknown_steps() {
    let mut lineage = Lineage::new(
        PipelineRecord::default(),
        parse_definition(&churn_definition()).unwrap(),
    );
    lineage.set_execution(
        ExecutionRecord {
            arn: "arn:x/execution/e3".into(),
            status: "Failed".into(),
            failure_reason: Some("Step failure".into()),
            ..ExecutionRecord::default()
        },
        vec![
            step(
                "TooHigh",
                "Failed",
                StepMetadata::Fail {
                    error_message: "mse too high".into(),
                },
            ),
            step(
                "Check",
                "Succeeded",
                StepMetadata::Condition {
                    outcome: "False".into(),
                },
            ),
            StepRecord {
                failure_reason: Some("AlgorithmError: NaN".into()),
                ..step(
                    "Train",
                    "Failed",
                    StepMetadata::Job {
                        kind: JobKind::Training,
                        arn: TRAIN_ARN.into(),
                    },
                )
            },
            step(
                "Renamed",
                "Succeeded",
                StepMetadata::Other {
                    kind: "Lambda".into(),
                    fields: [("Arn".to_string(), "arn:lambda".to_string())].into(),
                },
            ),
        ],
    );
    lineage.apply_job(
        "Train",
        Err(Failure::new(ErrorCode::NotFound, None, "no such job")),
    );
    let doc = lineage.finish(None);
    let node = |id: &str| doc.graph.nodes.iter().find(|n| n.id == id).unwrap();
    assert_eq!(
        node("TooHigh")
            .run
            .as_ref()
            .unwrap()
            .fail_message
            .as_deref(),
        Some("mse too high")
    );
    assert_eq!(
        node("Train")
            .run
            .as_ref()
            .unwrap()
            .failure_reason
            .as_deref(),
        Some("AlgorithmError: NaN")
    );
    assert!(node("Register").skipped, "if branch not taken");
    let renamed = node("Renamed");
    assert!(renamed.not_in_definition);
    assert_eq!(renamed.step_type, "Lambda");
    assert_eq!(renamed.run.as_ref().unwrap().metadata["Arn"], "arn:lambda");
    let codes: BTreeSet<&str> = doc.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, BTreeSet::from(["StepNotInDefinition", "NotFound"]));
    assert_eq!(doc.summary.overall_status, OverallStatus::Failed);
}

#[test]
fn guessed_reports_are_quiet_when_missing() {
    let def = json!({"Steps": [{"Name": "ScoreModel", "Type": "Processing", "Arguments": {
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "out", "S3Output": {"S3Uri": "s3://b/score"}}]}}}]});
    let mut lineage = Lineage::new(
        PipelineRecord::default(),
        parse_definition(&def.to_string()).unwrap(),
    );
    lineage.set_execution(
        ExecutionRecord {
            arn: "a/execution/e".into(),
            status: "Succeeded".into(),
            ..ExecutionRecord::default()
        },
        vec![step("ScoreModel", "Succeeded", StepMetadata::None)],
    );
    let reports = lineage.report_requests();
    let uris: Vec<&str> = reports.iter().map(|r| r.uri.as_str()).collect();
    assert_eq!(
        uris,
        [
            "s3://b/score/evaluation.json",
            "s3://b/score/metrics.json",
            "s3://b/score/report.json"
        ]
    );
    assert!(reports.iter().all(|r| !r.required));
    lineage.apply_report(
        &reports[0],
        Err(Failure::new(ErrorCode::NotFound, None, "NoSuchKey")),
    );
    lineage.apply_report(&reports[1], Ok(br#"{"accuracy": 0.9}"#.to_vec()));
    lineage.apply_report(
        &reports[2],
        Err(Failure::new(
            ErrorCode::AccessDenied,
            Some("s3:GetObject"),
            "denied",
        )),
    );
    let doc = lineage.finish(None);
    assert_eq!(
        doc.graph.nodes[0].run.as_ref().unwrap().metrics["accuracy"],
        0.9
    );
    // Without s3:ListBucket a missing key answers AccessDenied: still no news.
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn declared_reports_that_cannot_be_read_are_warnings() {
    let mut lineage = enriched();
    let reports = lineage.report_requests();
    assert!(reports[0].required);
    lineage.apply_report(
        &reports[0],
        Err(Failure::new(
            ErrorCode::AccessDenied,
            Some("s3:GetObject"),
            "denied",
        )),
    );
    let doc = lineage.finish(None);
    assert_eq!(doc.warnings[0].code, "AccessDenied");
    assert_eq!(doc.warnings[0].scope, "report");
}

#[test]
fn hostile_references_stay_cheap() {
    // Thirty steps, each joining ten references to the previous step's output, and a
    // step whose output refers to itself: naive rendering would be 10^30 work.
    let out = |step: &str| json!({"Get": format!("Steps.{step}.ProcessingOutputConfig.Outputs['o'].S3Output.S3Uri")});
    let output = |uri: serde_json::Value| json!({"ProcessingOutputConfig": {"Outputs": [{"OutputName": "o", "S3Output": {"S3Uri": uri}}]}});
    let mut steps =
        vec![json!({"Name": "S0", "Type": "Processing", "Arguments": output(json!("s3://b/0"))})];
    for i in 1..30 {
        let prev = format!("S{}", i - 1);
        let values: Vec<serde_json::Value> = (0..10).map(|_| out(&prev)).collect();
        steps.push(json!({"Name": format!("S{i}"), "Type": "Processing",
            "Arguments": output(json!({"Std:Join": {"On": "/", "Values": values}}))}));
    }
    let self_values: Vec<serde_json::Value> = (0..10).map(|_| out("Loop")).collect();
    steps.push(json!({"Name": "Loop", "Type": "Processing",
        "Arguments": output(json!({"Std:Join": {"On": "/", "Values": self_values}}))}));
    let started = std::time::Instant::now();
    let doc = build(&json!({ "Steps": steps }).to_string(), &BTreeMap::new()).unwrap();
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    for n in &doc.graph.nodes {
        for io in &n.outputs {
            assert!(io.uri.len() <= 4100, "{} is {} bytes", n.id, io.uri.len());
        }
    }
    let looped = doc.graph.nodes.iter().find(|n| n.id == "Loop").unwrap();
    assert!(!looped.outputs[0].resolved);
}

#[test]
fn condition_branches_never_loop_onto_themselves() {
    let def = json!({"Steps": [{"Name": "C", "Type": "Condition", "Arguments": {
        "Conditions": [], "IfSteps": [{"Name": "C", "Type": "Fail", "Arguments": {}}], "ElseSteps": []}}]});
    let doc = build(&def.to_string(), &BTreeMap::new()).unwrap();
    assert!(doc.graph.edges.iter().all(|e| e.from != e.to));
    assert_eq!(doc.warnings[0].code, "DuplicateStepName");
}

#[test]
fn document_json_uses_contract_field_names() {
    let mut lineage = enriched();
    lineage.apply_job(
        "Train",
        Ok(JobRecord {
            name: "j".into(),
            ..JobRecord::default()
        }),
    );
    let v = serde_json::to_value(lineage.finish(None)).unwrap();
    for pointer in [
        "/pipeline/name",
        "/pipeline/arn",
        "/pipeline/lastModifiedTime",
        "/execution/arn",
        "/execution/status",
        "/execution/startTime",
        "/execution/endTime",
        "/execution/parameters/InputData",
        "/summary/overallStatus",
        "/summary/nodeStatus",
        "/summary/elapsedSec",
        "/graph/nodes/0/id",
        "/graph/nodes/0/type",
        "/graph/nodes/0/label",
        "/graph/nodes/0/inputs/0/name",
        "/graph/nodes/0/inputs/0/uri",
        "/graph/nodes/0/run/status",
        "/graph/nodes/0/run/startTime",
        "/graph/nodes/0/run/elapsedSec",
        "/graph/nodes/1/run/jobArn",
        "/graph/nodes/1/run/jobName",
        "/graph/nodes/1/run/metrics",
        "/graph/edges/0/from",
        "/graph/edges/0/to",
        "/graph/edges/0/via",
        "/graph/edges/0/label",
        "/graph/artifacts/0/id",
        "/graph/artifacts/0/uri",
        "/graph/artifacts/0/bucket",
        "/graph/artifacts/0/key",
        "/warnings",
    ] {
        assert!(v.pointer(pointer).is_some(), "missing {pointer} in {v:#}");
    }
    // And it reads back.
    let back: LineageDocument = serde_json::from_value(v).unwrap();
    assert_eq!(back.pipeline.name, "churn");
}
