//! Pipeline definition parsing: steps (at any Condition depth), their declared inputs
//! and outputs, property files, and the edges between steps.
//!
//! The definition is untrusted input (it may come from a file in CI or from AWS), so
//! everything here returns errors or warnings instead of panicking, and walks at most
//! as deep as `serde_json` lets a document nest.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;
use thiserror::Error;

use super::catalogue::extract_io;
use super::document::{Branch, Edge, Warning};
use super::vocabulary::ErrorCode;

/// SageMaker caps definitions at 1 MB; we accept more but not without bound.
pub const MAX_DEFINITION_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum DefinitionError {
    #[error(
        "the pipeline definition is too large ({0} bytes; the limit is {MAX_DEFINITION_BYTES})"
    )]
    TooLarge(usize),
    #[error("the pipeline definition is not valid JSON: {0}")]
    NotJson(String),
    #[error("the pipeline definition must be a JSON object with a `Steps` list")]
    NoSteps,
    #[error("step {0} of the pipeline definition is not an object")]
    StepNotObject(String),
    #[error("step {0} of the pipeline definition has no string `Name`")]
    StepWithoutName(String),
    #[error("step `{0}` of the pipeline definition has no string `Type`")]
    StepWithoutType(String),
}

/// A parsed definition: what the engine needs, nothing AWS-specific beyond the format.
#[derive(Debug, Clone, Default)]
pub struct Definition {
    pub parameters: Vec<ParameterDef>,
    pub steps: Vec<StepDef>,
    pub edges: Vec<Edge>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParameterDef {
    pub name: String,
    pub param_type: Option<String>,
    pub default: Option<Value>,
}

#[derive(Debug, Clone, Default)]
pub struct StepDef {
    pub name: String,
    pub step_type: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub inputs: Vec<IoDef>,
    pub outputs: Vec<IoDef>,
    pub property_files: Vec<PropertyFile>,
    pub branch: Option<Branch>,
}

/// A declared input or output: a name and the value the definition gives for it.
#[derive(Debug, Clone, PartialEq)]
pub struct IoDef {
    pub name: String,
    pub value: Value,
    /// Kept only if the value renders to an S3 URI (generic scans of free-form
    /// arguments such as a Lambda's).
    pub only_if_s3: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PropertyFile {
    pub name: String,
    pub output_name: String,
    pub file_path: String,
}

/// Parses a pipeline definition (the `PipelineDefinition` text).
pub fn parse_definition(text: &str) -> Result<Definition, DefinitionError> {
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(DefinitionError::TooLarge(text.len()));
    }
    let root: Value =
        serde_json::from_str(text).map_err(|e| DefinitionError::NotJson(e.to_string()))?;
    let root = root.as_object().ok_or(DefinitionError::NoSteps)?;
    let steps = root
        .get("Steps")
        .and_then(Value::as_array)
        .ok_or(DefinitionError::NoSteps)?;

    let parameters = root
        .get("Parameters")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(Value::as_object)
                .filter_map(|p| {
                    Some(ParameterDef {
                        name: p.get("Name")?.as_str()?.to_string(),
                        param_type: p.get("Type").and_then(Value::as_str).map(str::to_string),
                        default: p.get("DefaultValue").cloned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();

    let mut raw = Vec::new();
    collect_steps(steps, "Steps", None, &mut raw)?;

    let mut definition = Definition {
        parameters,
        ..Definition::default()
    };
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for step in raw {
        if !seen.insert(step.def.name.clone()) {
            definition.warnings.push(Warning {
                code: ErrorCode::DuplicateStepName,
                scope: "definition".into(),
                target: step.def.name.clone(),
                action: None,
                message: format!(
                    "step name `{}` appears more than once; only the first is shown",
                    step.def.name
                ),
            });
            continue;
        }
        kept.push(step);
    }
    definition.edges = build_edges(&kept, &mut definition.warnings);
    definition.steps = kept.into_iter().map(|s| s.def).collect();
    Ok(definition)
}

/// A step with what is needed to compute its edges.
struct RawStep {
    def: StepDef,
    depends_on: Vec<String>,
    refs: Vec<Reference>,
    /// Direct children of a Condition: (child name, `if`/`else`).
    children: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Reference {
    step: String,
    property: String,
    via: &'static str,
}

fn collect_steps(
    steps: &[Value],
    path: &str,
    branch: Option<Branch>,
    out: &mut Vec<RawStep>,
) -> Result<(), DefinitionError> {
    for (i, step) in steps.iter().enumerate() {
        let here = format!("{path}[{i}]");
        let obj = step
            .as_object()
            .ok_or_else(|| DefinitionError::StepNotObject(here.clone()))?;
        let name = obj
            .get("Name")
            .and_then(Value::as_str)
            .ok_or_else(|| DefinitionError::StepWithoutName(here.clone()))?
            .to_string();
        let step_type = obj
            .get("Type")
            .and_then(Value::as_str)
            .ok_or_else(|| DefinitionError::StepWithoutType(name.clone()))?
            .to_string();

        let arguments = obj.get("Arguments").and_then(Value::as_object);
        let is_condition = step_type == "Condition";
        let (inputs, outputs) = extract_io(&step_type, obj);
        let mut refs = Vec::new();
        for (key, value) in obj {
            if is_condition && key == "Arguments" {
                // The branches' own references belong to the nested steps.
                if let Some(args) = arguments {
                    for (k, v) in args {
                        if k != "IfSteps" && k != "ElseSteps" {
                            collect_refs(v, "ref:Get", &mut refs);
                        }
                    }
                }
            } else if key != "DependsOn" && key != "Name" {
                collect_refs(value, "ref:Get", &mut refs);
            }
        }
        let depends_on = obj
            .get("DependsOn")
            .and_then(Value::as_array)
            .map(|d| {
                d.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let property_files = obj
            .get("PropertyFiles")
            .and_then(Value::as_array)
            .map(|pfs| {
                pfs.iter()
                    .filter_map(Value::as_object)
                    .filter_map(|pf| {
                        Some(PropertyFile {
                            name: pf.get("PropertyFileName")?.as_str()?.to_string(),
                            output_name: pf.get("OutputName")?.as_str()?.to_string(),
                            file_path: pf.get("FilePath")?.as_str()?.to_string(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();

        let mut children = Vec::new();
        let mut nested = Vec::new();
        if is_condition {
            for (key, outcome) in [("IfSteps", "if"), ("ElseSteps", "else")] {
                if let Some(list) = arguments.and_then(|a| a.get(key)).and_then(Value::as_array) {
                    for child in list {
                        if let Some(child_name) = child.get("Name").and_then(Value::as_str) {
                            children.push((child_name.to_string(), outcome));
                        }
                    }
                    nested.push((
                        list,
                        format!("{here}.Arguments.{key}"),
                        Branch {
                            condition: name.clone(),
                            outcome: outcome.to_string(),
                        },
                    ));
                }
            }
        }

        out.push(RawStep {
            def: StepDef {
                name,
                step_type,
                display_name: obj
                    .get("DisplayName")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                description: obj
                    .get("Description")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                inputs,
                outputs,
                property_files,
                branch: branch.clone(),
            },
            depends_on,
            refs,
            children,
        });
        for (list, path, branch) in nested {
            collect_steps(list, &path, Some(branch), out)?;
        }
    }
    Ok(())
}

/// The step named by a `Steps.<name>.<property>` path, and the property.
pub(crate) fn split_step_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("Steps.")?;
    let end = rest.find(['.', '[']).unwrap_or(rest.len());
    let (name, property) = rest.split_at(end);
    if name.is_empty() {
        return None;
    }
    Some((name, property.strip_prefix('.').unwrap_or(property)))
}

fn collect_refs(value: &Value, via: &'static str, out: &mut Vec<Reference>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(path)) = map.get("Get") {
                if let Some((step, property)) = split_step_path(path) {
                    out.push(Reference {
                        step: step.to_string(),
                        property: property.to_string(),
                        via,
                    });
                }
            }
            for (key, v) in map {
                if key == "Get" {
                    continue;
                }
                if key == "Std:JsonGet" {
                    if let Some(inner) = v.as_object() {
                        for (k, iv) in inner {
                            let inner_via = if k == "PropertyFile" {
                                "ref:JsonGet"
                            } else {
                                via
                            };
                            collect_refs(iv, inner_via, out);
                        }
                        continue;
                    }
                }
                collect_refs(v, via, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, via, out)),
        _ => {}
    }
}

/// A short label for a data edge: `Outputs['train']` → `train`, `PropertyFiles.R` →
/// `R`, otherwise the last path segment.
fn edge_label(property: &str) -> String {
    if let Some(start) = property.find("Outputs[") {
        let rest = &property[start + "Outputs[".len()..];
        let name: String = rest
            .trim_start_matches(['\'', '"'])
            .chars()
            .take_while(|c| *c != '\'' && *c != '"' && *c != ']')
            .collect();
        if !name.is_empty() {
            return name;
        }
    }
    if let Some(name) = property.strip_prefix("PropertyFiles.") {
        return name.to_string();
    }
    property.rsplit('.').next().unwrap_or(property).to_string()
}

fn build_edges(steps: &[RawStep], warnings: &mut Vec<Warning>) -> Vec<Edge> {
    let names: HashSet<&str> = steps.iter().map(|s| s.def.name.as_str()).collect();
    let mut order: Vec<(String, String, &'static str)> = Vec::new();
    let mut labels: HashMap<(String, String, &'static str), BTreeSet<String>> = HashMap::new();
    let mut unknown: BTreeSet<(String, String)> = BTreeSet::new();

    let mut add = |from: &str, to: &str, via: &'static str, label: String| {
        let key = (from.to_string(), to.to_string(), via);
        let entry = labels.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            BTreeSet::new()
        });
        if !label.is_empty() {
            entry.insert(label);
        }
    };

    for step in steps {
        let to = step.def.name.as_str();
        for dep in &step.depends_on {
            if names.contains(dep.as_str()) {
                if dep != to {
                    add(dep, to, "dependsOn", String::new());
                }
            } else {
                unknown.insert((to.to_string(), dep.clone()));
            }
        }
        for r in &step.refs {
            if !names.contains(r.step.as_str()) {
                unknown.insert((to.to_string(), r.step.clone()));
            } else if r.step != to {
                add(&r.step, to, r.via, edge_label(&r.property));
            }
        }
        for (child, outcome) in &step.children {
            if child == to || !names.contains(child.as_str()) {
                continue;
            }
            let via = if *outcome == "if" {
                "condition:if"
            } else {
                "condition:else"
            };
            add(to, child, via, outcome.to_string());
        }
    }

    for (step, missing) in unknown {
        warnings.push(Warning {
            code: ErrorCode::UnknownStepReference,
            scope: "definition".into(),
            target: step.clone(),
            action: None,
            message: format!("step `{step}` refers to `{missing}`, which is not in the definition"),
        });
    }

    order
        .into_iter()
        .map(|key| {
            let label = labels[&key].iter().cloned().collect::<Vec<_>>().join(", ");
            Edge {
                from: key.0,
                to: key.1,
                via: key.2.to_string(),
                label,
            }
        })
        .collect()
}
