//! What only the run tells: properties resolved from step metadata, retried steps,
//! job metrics that are not numbers, and which reports are read under the cap.

use super::*;

fn ran(definition: serde_json::Value, steps: Vec<StepRecord>) -> Lineage {
    let mut lineage = Lineage::new(
        PipelineRecord {
            name: "p".into(),
            ..PipelineRecord::default()
        },
        parse_definition(&definition.to_string()).unwrap(),
    );
    lineage.set_execution(
        ExecutionRecord {
            arn: "arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/e1".into(),
            status: "Succeeded".into(),
            ..ExecutionRecord::default()
        },
        steps,
    );
    lineage
}

fn io<'a>(doc: &'a LineageDocument, step: &str, name: &str) -> &'a Io {
    let node = doc.graph.nodes.iter().find(|n| n.id == step).unwrap();
    node.inputs
        .iter()
        .chain(&node.outputs)
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("{step} has no {name}: {node:#?}"))
}

const STATISTICS: &str = "s3://monitoring/gate/e1/statistics.json";
const CONSTRAINTS: &str = "s3://monitoring/gate/e1/constraints.json";
const EXPORT: &str = "s3://features/gate/export/2026-11-20/";

fn gate_definition() -> serde_json::Value {
    json!({"Version": "2020-12-01", "Steps": [
        {"Name": "Export", "Type": "Lambda", "Arguments": {"source": "s3://raw/gate/"},
         "FunctionArn": "arn:aws:lambda:us-east-1:1:function:export",
         "OutputParameters": [{"OutputName": "export_uri", "OutputType": "String"}]},
        {"Name": "Score", "Type": "Processing", "Arguments": {
            "ProcessingInputs": [{"InputName": "export", "S3Input": {"S3Uri":
                {"Get": "Steps.Export.OutputParameters['export_uri']"}}}],
            "ProcessingOutputConfig": {"Outputs": [
                {"OutputName": "scores", "S3Output": {"S3Uri": "s3://features/gate/scores"}}]}}},
        {"Name": "Check", "Type": "QualityCheck", "CheckType": "MODEL_QUALITY", "Arguments": {
            "ProcessingInputs": [{"InputName": "scores", "S3Input": {"S3Uri":
                {"Get": "Steps.Score.ProcessingOutputConfig.Outputs['scores'].S3Output.S3Uri"}}}],
            "ProcessingOutputConfig": {"Outputs": [
                {"OutputName": "out", "S3Output": {"S3Uri": "s3://models/gate/check"}}]}}},
        {"Name": "Register", "Type": "RegisterModel", "Arguments": {
            "ModelPackageGroupName": "gated",
            "ModelMetrics": {"ModelQuality": {"Statistics": {"ContentType": "application/json",
                "S3Uri": {"Get": "Steps.Check.CalculatedBaselineStatistics"}}}},
            "DriftCheckBaselines": {"ModelQuality": {"Constraints": {"ContentType": "application/json",
                "S3Uri": {"Get": "Steps.Check.BaselineUsedForDriftCheckConstraints"}}}}}}
    ]})
}

fn gate_steps() -> Vec<StepRecord> {
    let check: BTreeMap<String, String> = [
        ("calculatedBaselineStatistics", STATISTICS),
        ("calculatedBaselineConstraints", CONSTRAINTS),
        ("baselineUsedForDriftCheckStatistics", STATISTICS),
        ("baselineUsedForDriftCheckConstraints", CONSTRAINTS),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    vec![
        step(
            "Register",
            "Succeeded",
            StepMetadata::RegisterModel {
                arn: "arn:aws:sagemaker:us-east-1:1:model-package/gated/1".into(),
            },
        ),
        step(
            "Check",
            "Succeeded",
            StepMetadata::Other {
                kind: "QualityCheck".into(),
                fields: check,
            },
        ),
        step("Score", "Succeeded", StepMetadata::None),
        step(
            "Export",
            "Succeeded",
            StepMetadata::Lambda {
                function_arn: Some("arn:aws:lambda:us-east-1:1:function:export".into()),
                output_parameters: [
                    ("export_uri".to_string(), EXPORT.to_string()),
                    ("row_count".to_string(), "120000".to_string()),
                ]
                .into(),
            },
        ),
    ]
}

#[test]
fn properties_only_the_run_knows_resolve_from_step_metadata() {
    // Without the run, they stay readable expressions.
    let doc = build(&gate_definition().to_string(), &BTreeMap::new()).unwrap();
    let stats = io(&doc, "Register", "ModelQuality.Statistics");
    assert_eq!(
        (stats.uri.as_str(), stats.resolved),
        ("{Steps.Check.CalculatedBaselineStatistics}", false)
    );

    let lineage = ran(gate_definition(), gate_steps());
    // The baseline's bucket is read, and the model-quality report under it.
    assert!(lineage.buckets().contains(&"monitoring".to_string()));
    let reports = lineage.report_requests();
    let report = reports.iter().find(|r| r.uri == STATISTICS).unwrap();
    assert!(report.required);
    assert_eq!(
        report.step, "Check",
        "metrics belong to the step that wrote them"
    );

    let doc = lineage.finish(None);
    let stats = io(&doc, "Register", "ModelQuality.Statistics");
    assert_eq!((stats.uri.as_str(), stats.resolved), (STATISTICS, true));
    assert_eq!(stats.source_step.as_deref(), Some("Check"));
    let drift = io(
        &doc,
        "Register",
        "DriftCheckBaselines.ModelQuality.Constraints",
    );
    assert_eq!((drift.uri.as_str(), drift.resolved), (CONSTRAINTS, true));
    let export = io(&doc, "Score", "export");
    assert_eq!((export.uri.as_str(), export.resolved), (EXPORT, true));

    // The check wrote its baselines; the Lambda step wrote the export.
    assert_eq!(
        io(&doc, "Check", "CalculatedBaselineStatistics").uri,
        STATISTICS
    );
    let artifact = |uri: &str| doc.graph.artifacts.iter().find(|a| a.uri == uri).unwrap();
    assert_eq!(artifact(STATISTICS).producers, ["Check"]);
    assert_eq!(artifact(STATISTICS).consumers, ["Register"]);
    assert_eq!(artifact(EXPORT.trim_end_matches('/')).producers, ["Export"]);
    // Output parameters stay a map.
    let export_run = doc.graph.nodes[0].run.as_ref().unwrap();
    assert_eq!(export_run.output_parameters["row_count"], "120000");
    assert_eq!(
        export_run.metadata["functionArn"],
        "arn:aws:lambda:us-east-1:1:function:export"
    );
}

#[test]
fn a_retried_step_shows_its_newest_attempt_in_any_order() {
    let attempt = |status: &str, start: &str, attempts: i32| StepRecord {
        start_time: Some(start.into()),
        attempt_count: Some(attempts),
        ..step("Train", status, StepMetadata::None)
    };
    let old = attempt("Failed", "2026-11-25T08:00:00Z", 1);
    let new = attempt("Succeeded", "2026-11-25T09:00:00Z", 1);
    let definition = json!({"Steps": [{"Name": "Train", "Type": "Training", "Arguments": {}}]});
    for steps in [
        vec![old.clone(), new.clone()],
        vec![new.clone(), old.clone()],
    ] {
        let doc = ran(definition.clone(), steps).finish(None);
        let run = doc.graph.nodes[0].run.as_ref().unwrap();
        assert_eq!(run.status, "Succeeded");
        assert_eq!(run.start_time.as_deref(), Some("2026-11-25T09:00:00Z"));
    }
    // Same start: the higher attempt count; not started yet: newest of all.
    let retried = attempt("Executing", "2026-11-25T08:00:00Z", 2);
    let doc = ran(definition.clone(), vec![old.clone(), retried]).finish(None);
    assert_eq!(doc.graph.nodes[0].run.as_ref().unwrap().status, "Executing");
    let starting = StepRecord {
        start_time: None,
        ..attempt("Starting", "", 1)
    };
    let doc = ran(definition, vec![new, starting]).finish(None);
    assert_eq!(doc.graph.nodes[0].run.as_ref().unwrap().status, "Starting");
}

#[test]
fn job_metrics_that_are_not_numbers_are_left_out_with_a_warning() {
    let mut lineage = enriched();
    lineage.apply_job(
        "Train",
        Ok(JobRecord {
            arn: TRAIN_ARN.into(),
            name: "j".into(),
            status: "Completed".into(),
            metrics: [
                ("validation:auc".to_string(), 0.9),
                ("train:loss".to_string(), f64::NAN),
                ("validation:rmse".to_string(), f64::INFINITY),
            ]
            .into(),
            ..JobRecord::default()
        }),
    );
    let doc = lineage.finish(None);
    let train = doc.graph.nodes.iter().find(|n| n.id == "Train").unwrap();
    let metrics = &train.run.as_ref().unwrap().metrics;
    assert_eq!(metrics.len(), 1);
    assert_eq!(metrics["validation:auc"], 0.9);
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.code == "MetricNotFinite")
        .unwrap();
    assert_eq!(
        (warning.scope.as_str(), warning.target.as_str()),
        ("job", TRAIN_ARN)
    );
    assert!(warning.message.contains("train:loss") && warning.message.contains("validation:rmse"));
    // A typed client (the WASM page) reads the whole document back.
    let text = serde_json::to_string(&doc).unwrap();
    let back: LineageDocument = serde_json::from_str(&text).unwrap();
    assert_eq!(back, doc);
}

#[test]
fn declared_reports_are_read_before_guessed_ones_and_the_rest_is_named() {
    // 30 evaluation-like steps (3 guessed names each, 90 guesses), then one step
    // with a declared property file: the cap is 64.
    let mut steps: Vec<serde_json::Value> = (0..30)
        .map(|i| {
            json!({"Name": format!("Evaluate{i}"), "Type": "Processing", "Arguments": {
                "ProcessingOutputConfig": {"Outputs": [{"OutputName": "metrics",
                    "S3Output": {"S3Uri": format!("s3://b/eval/{i}")}}]}}})
        })
        .collect();
    steps.push(
        json!({"Name": "Assess", "Type": "Processing", "Arguments": {
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "evaluation",
            "S3Output": {"S3Uri": "s3://b/assess"}}]}},
        "PropertyFiles": [{"PropertyFileName": "Report", "OutputName": "evaluation",
            "FilePath": "evaluation.json"}]}),
    );
    let runs: Vec<StepRecord> = (0..30)
        .map(|i| step(&format!("Evaluate{i}"), "Succeeded", StepMetadata::None))
        .chain([step("Assess", "Succeeded", StepMetadata::None)])
        .collect();
    let lineage = ran(json!({ "Steps": steps }), runs);
    let reports = lineage.report_requests();
    assert_eq!(reports.len(), 64);
    assert_eq!(reports[0].uri, "s3://b/assess/evaluation.json");
    assert!(reports[0].required);
    assert!(reports[1..].iter().all(|r| !r.required));
    let doc = lineage.finish(None);
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.code == "ReportsNotRead")
        .unwrap();
    assert!(
        warning
            .message
            .starts_with("27 report locations were not read"),
        "{}",
        warning.message
    );
    assert!(warning
        .message
        .contains("s3://b/eval/21/report.json (step `Evaluate21`)"));
    assert!(warning.message.contains("and 17 more"));
}
