//! The catalogue of declared inputs and outputs, by step type: where in a step's
//! arguments each SageMaker step type names the data it reads and writes (processing
//! inputs and outputs, training channels, model data, model metrics, ...), and a scan
//! of free-form arguments for step types without a fixed shape.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::definition::IoDef;

fn io(name: impl Into<String>, value: &Value) -> IoDef {
    IoDef {
        name: name.into(),
        value: value.clone(),
        only_if_s3: false,
    }
}

fn at<'a>(value: Option<&'a Value>, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(value?, |v, key| v.as_object()?.get(*key))
}

fn list<'a>(value: Option<&'a Value>, path: &[&str]) -> &'a [Value] {
    at(value, path)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Declared inputs and outputs, by step type (see the README's JSON contract).
pub(super) fn extract_io(step_type: &str, step: &Map<String, Value>) -> (Vec<IoDef>, Vec<IoDef>) {
    let args = step.get("Arguments");
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    match step_type {
        "Processing" | "QualityCheck" | "ClarifyCheck" => {
            for input in list(args, &["ProcessingInputs"]) {
                if let (Some(name), Some(uri)) = (
                    at(Some(input), &["InputName"]).and_then(Value::as_str),
                    at(Some(input), &["S3Input", "S3Uri"]),
                ) {
                    inputs.push(io(name, uri));
                }
            }
            for output in list(args, &["ProcessingOutputConfig", "Outputs"]) {
                if let (Some(name), Some(uri)) = (
                    at(Some(output), &["OutputName"]).and_then(Value::as_str),
                    at(Some(output), &["S3Output", "S3Uri"]),
                ) {
                    outputs.push(io(name, uri));
                }
            }
            if step_type != "Processing" {
                for key in ["SuppliedBaselineStatistics", "SuppliedBaselineConstraints"] {
                    if let Some(v) = step.get(key).filter(|v| !v.is_null()) {
                        inputs.push(io(key, v));
                    }
                }
            }
        }
        "Training" => training_io(args, &mut inputs, &mut outputs),
        "Tuning" => {
            let single = at(args, &["TrainingJobDefinition"]);
            let defs = single
                .into_iter()
                .chain(list(args, &["TrainingJobDefinitions"]).iter());
            for def in defs {
                training_io(Some(def), &mut inputs, &mut outputs);
            }
            dedup_by_name(&mut inputs);
            dedup_by_name(&mut outputs);
        }
        "Transform" => {
            if let Some(uri) = at(
                args,
                &["TransformInput", "DataSource", "S3DataSource", "S3Uri"],
            ) {
                inputs.push(io("input", uri));
            }
            if let Some(uri) = at(args, &["TransformOutput", "S3OutputPath"]) {
                outputs.push(io("output", uri));
            }
        }
        "Model" | "CreateModel" => {
            if let Some(uri) = at(args, &["PrimaryContainer", "ModelDataUrl"]) {
                inputs.push(io("model", uri));
            }
            container_models(list(args, &["Containers"]), &mut inputs);
        }
        "RegisterModel" => {
            container_models(
                list(args, &["InferenceSpecification", "Containers"]),
                &mut inputs,
            );
            for (root, prefix) in [
                ("ModelMetrics", ""),
                ("DriftCheckBaselines", "DriftCheckBaselines."),
            ] {
                if let Some(categories) = at(args, &[root]).and_then(Value::as_object) {
                    for (category, kinds) in categories {
                        for (kind, source) in kinds.as_object().into_iter().flatten() {
                            if let Some(uri) = at(Some(source), &["S3Uri"]) {
                                inputs.push(io(format!("{prefix}{category}.{kind}"), uri));
                            }
                        }
                    }
                }
            }
        }
        "AutoML" => {
            let channels = if at(args, &["InputDataConfig"]).is_some() {
                list(args, &["InputDataConfig"])
            } else {
                list(args, &["AutoMLJobInputDataConfig"])
            };
            for (i, channel) in channels.iter().enumerate() {
                if let Some(uri) = at(Some(channel), &["DataSource", "S3DataSource", "S3Uri"]) {
                    let name = at(Some(channel), &["ChannelType"])
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("input-{}", i + 1));
                    inputs.push(io(name, uri));
                }
            }
            if let Some(uri) = at(args, &["OutputDataConfig", "S3OutputPath"]) {
                outputs.push(io("output", uri));
            }
        }
        "EMR" => {
            if let Some(jar) = at(args, &["StepConfig", "HadoopJarStep", "Jar"]) {
                inputs.push(IoDef {
                    only_if_s3: true,
                    ..io("jar", jar)
                });
            }
            for (i, arg) in list(args, &["StepConfig", "HadoopJarStep", "Args"])
                .iter()
                .enumerate()
            {
                inputs.push(IoDef {
                    only_if_s3: true,
                    ..io(format!("arg-{i}"), arg)
                });
            }
        }
        _ => {
            if let Some(args) = args {
                scan_arguments(args, String::new(), &mut inputs);
            }
        }
    }
    (inputs, outputs)
}

fn training_io(def: Option<&Value>, inputs: &mut Vec<IoDef>, outputs: &mut Vec<IoDef>) {
    for channel in list(def, &["InputDataConfig"]) {
        if let (Some(name), Some(uri)) = (
            at(Some(channel), &["ChannelName"]).and_then(Value::as_str),
            at(Some(channel), &["DataSource", "S3DataSource", "S3Uri"]),
        ) {
            inputs.push(io(name, uri));
        }
    }
    for (name, path) in [
        ("model", &["OutputDataConfig", "S3OutputPath"][..]),
        ("checkpoints", &["CheckpointConfig", "S3Uri"][..]),
        ("debug", &["DebugHookConfig", "S3OutputPath"][..]),
        ("profiler", &["ProfilerConfig", "S3OutputPath"][..]),
    ] {
        if let Some(uri) = at(def, path) {
            outputs.push(io(name, uri));
        }
    }
}

fn container_models(containers: &[Value], inputs: &mut Vec<IoDef>) {
    let with_model: Vec<&Value> = containers
        .iter()
        .filter_map(|c| at(Some(c), &["ModelDataUrl"]))
        .collect();
    let several = with_model.len() > 1;
    for (i, uri) in with_model.into_iter().enumerate() {
        let name = if several {
            format!("model-{}", i + 1)
        } else {
            "model".to_string()
        };
        inputs.push(io(name, uri));
    }
}

fn dedup_by_name(items: &mut Vec<IoDef>) {
    let mut seen = HashSet::new();
    items.retain(|i| seen.insert(i.name.clone()));
}

/// Free-form arguments (Lambda, Callback, unknown types): every value that may be an
/// S3 location, named by its key path. Nested Condition branches are not scanned.
fn scan_arguments(value: &Value, path: String, out: &mut Vec<IoDef>) {
    match value {
        Value::Object(map) => {
            let is_expression =
                map.contains_key("Get") || map.keys().any(|k| k.starts_with("Std:"));
            if is_expression && !path.is_empty() {
                out.push(IoDef {
                    only_if_s3: true,
                    ..io(path, value)
                });
                return;
            }
            for (k, v) in map {
                if path.is_empty() && (k == "IfSteps" || k == "ElseSteps") {
                    continue;
                }
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                scan_arguments(v, child, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                scan_arguments(v, format!("{path}[{i}]"), out);
            }
        }
        Value::String(s) if s.starts_with("s3://") && !path.is_empty() => {
            out.push(io(path, value));
        }
        _ => {}
    }
}
