//! One rendering pass over every step's inputs and outputs: expressions resolved
//! against parameters, execution variables and other steps' (actual or declared)
//! outputs, each output rendered once.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use super::definition::IoDef;
use super::document::Io;
use super::engine::Lineage;
use super::expr::{self, output_parameter_name, processing_output_name, Rendered, Scope};

/// Baselines of QualityCheck and ClarifyCheck steps: the property other steps refer
/// to, the run metadata key the adapter keeps it under, and whether the step wrote it
/// (an output) rather than compared against it (an input).
pub(super) const CHECK_BASELINES: [(&str, &str, bool); 4] = [
    (
        "CalculatedBaselineStatistics",
        "calculatedBaselineStatistics",
        true,
    ),
    (
        "CalculatedBaselineConstraints",
        "calculatedBaselineConstraints",
        true,
    ),
    (
        "BaselineUsedForDriftCheckStatistics",
        "baselineUsedForDriftCheckStatistics",
        false,
    ),
    (
        "BaselineUsedForDriftCheckConstraints",
        "baselineUsedForDriftCheckConstraints",
        false,
    ),
];

pub(super) fn render_ios(
    pass: &RenderPass,
    defs: &[IoDef],
    actual: &[(String, String)],
) -> Vec<Io> {
    defs.iter()
        .filter_map(|d| {
            let r = expr::render(&d.value, pass, 0);
            let actual_uri = actual.iter().find(|(n, _)| *n == d.name).map(|(_, u)| u);
            let (uri, resolved) = match actual_uri {
                Some(u) => (u.clone(), true),
                None => (r.text.clone(), r.resolved),
            };
            if d.only_if_s3 && !uri.starts_with("s3://") {
                return None;
            }
            let expression = expr::is_expression(&d.value)
                .then(|| expr::render(&d.value, &expr::Unresolved, 0).text);
            Some(Io {
                name: d.name.clone(),
                uri,
                resolved,
                source_step: r.source_step,
                expression,
                artifact: None,
            })
        })
        .collect()
}

/// One rendering of all inputs and outputs. Each step output is rendered once (later
/// references reuse it), and a reference back into an output still being rendered (a
/// cycle) stays unresolved: untrusted definitions cannot make this exponential.
pub(super) struct RenderPass<'a> {
    lineage: &'a Lineage,
    memo: RefCell<HashMap<OutputKey, Option<(String, bool)>>>,
    active: RefCell<HashSet<OutputKey>>,
}

/// A step (by index) and one of its outputs (by name).
type OutputKey = (usize, String);

impl<'a> RenderPass<'a> {
    pub(super) fn new(lineage: &'a Lineage) -> Self {
        RenderPass {
            lineage,
            memo: RefCell::new(HashMap::new()),
            active: RefCell::new(HashSet::new()),
        }
    }

    fn output(&self, node: usize, name: &str, depth: usize) -> Option<(String, bool)> {
        let key = (node, name.to_string());
        if let Some(done) = self.memo.borrow().get(&key) {
            return done.clone();
        }
        if !self.active.borrow_mut().insert(key.clone()) {
            return None;
        }
        let n = &self.lineage.nodes[node];
        let actual = n
            .job
            .as_ref()
            .and_then(|j| j.outputs.iter().find(|(o, _)| o == name))
            .map(|(_, uri)| (uri.clone(), true));
        let result = actual.or_else(|| {
            let def = n.def.outputs.iter().find(|o| o.name == name)?;
            let r: Rendered = expr::render(&def.value, self, depth + 1);
            Some((r.text, r.resolved))
        });
        self.active.borrow_mut().remove(&key);
        self.memo.borrow_mut().insert(key, result.clone());
        result
    }
}

impl Scope for RenderPass<'_> {
    fn parameter(&self, name: &str) -> Option<String> {
        self.lineage.parameters.get(name).cloned()
    }

    fn execution_variable(&self, name: &str) -> Option<String> {
        let l = self.lineage;
        let e = l.execution.as_ref()?;
        match name {
            "PipelineExecutionArn" => Some(e.arn.clone()),
            "PipelineExecutionId" => e.arn.rsplit('/').next().map(str::to_string),
            "PipelineName" => Some(l.pipeline.name.clone()),
            "PipelineArn" => l.pipeline.arn.clone(),
            "StartDateTime" => e.start_time.clone(),
            _ => None,
        }
    }

    fn step_property(&self, step: &str, property: &str, depth: usize) -> Option<(String, bool)> {
        if depth > expr::MAX_DEPTH {
            return None;
        }
        let i = *self.lineage.index.get(step)?;
        let node = &self.lineage.nodes[i];
        let job = node.job.as_ref();
        let known = |v: Option<String>| v.map(|v| (v, true));
        // An output: the job's actual location, else the definition's (which may
        // itself be partly unresolved, e.g. a Join with the execution id).
        let output = |name: &str| self.output(i, name, depth);
        if let Some(name) = processing_output_name(property) {
            return output(name);
        }
        let run = node.run.as_ref();
        if let Some(name) = output_parameter_name(property) {
            return known(run?.output_parameters.get(name).cloned());
        }
        if let Some((_, key, _)) = CHECK_BASELINES.iter().find(|(p, _, _)| *p == property) {
            return known(run?.metadata.get(*key).cloned());
        }
        match property {
            "OutputDataConfig.S3OutputPath" => output(if node.def.step_type == "AutoML" {
                "output"
            } else {
                "model"
            }),
            "TransformOutput.S3OutputPath" => output("output"),
            "ModelArtifacts.S3ModelArtifacts" => known(job?.model_artifacts.clone()),
            "TrainingJobSummaries[0].TrainingJobName" | "BestTrainingJob.TrainingJobName" => {
                known(job?.best_training_job.clone())
            }
            "ProcessingJobName"
            | "TrainingJobName"
            | "TransformJobName"
            | "HyperParameterTuningJobName"
            | "AutoMLJobName" => known(run?.job_name.clone()),
            "ProcessingJobArn"
            | "TrainingJobArn"
            | "TransformJobArn"
            | "HyperParameterTuningJobArn"
            | "AutoMLJobArn" => known(run?.job_arn.clone()),
            "ModelName" => known(
                run?.metadata
                    .get("modelArn")
                    .and_then(|arn| arn.rsplit('/').next())
                    .map(str::to_string),
            ),
            "ModelPackageArn" => known(run?.metadata.get("modelPackageArn").cloned()),
            _ => None,
        }
    }
}

pub(super) fn concrete(name: &str, uri: &str) -> Io {
    Io {
        name: name.to_string(),
        uri: uri.to_string(),
        resolved: true,
        ..Io::default()
    }
}
