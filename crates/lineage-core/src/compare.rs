//! The comparison of two executions of one pipeline (`GET /lineage/compare`, the
//! `/compare` page and `sagemaker-lineage compare`): a pure function of their two
//! lineage documents.
//!
//! Each side is the document `/lineage` gives for that execution, built from that
//! execution's own definition, so a step added or removed between the two shows as
//! such, and the resolved locations, metrics and registrations are each execution's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::document::{Io, LineageDocument, Node, PipelineSummary, Warning};
use super::vocabulary::RunStatus;

/// What changed between a base and a target execution.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The pipeline, as `/lineage` describes it (from the target's document).
    pub pipeline: PipelineSummary,
    pub base: ExecutionSide,
    pub target: ExecutionSide,
    /// Every parameter either execution ran with, by name.
    pub parameters: Vec<ParameterChange>,
    /// Every step of either execution's definition: the target's order, then the
    /// steps only the base has.
    pub steps: Vec<StepChange>,
    /// Every metric either side has, by step and name.
    pub metrics: Vec<MetricChange>,
    /// Every named input and output of every step, with the location each side
    /// resolved it to.
    pub artifacts: Vec<ArtifactChange>,
    pub edges: EdgeChanges,
    /// The steps that registered a model package in either execution.
    pub registry: Vec<RegistryChange>,
    /// Both documents' warnings, each saying which side it is from.
    pub warnings: Vec<SideWarning>,
}

/// One execution of the two.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExecutionSide {
    pub arn: String,
    /// The short execution id (the ARN's last segment).
    pub id: String,
    pub status: RunStatus,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub elapsed_sec: Option<f64>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ParameterChange {
    pub name: String,
    /// The value the base ran with (its own or its definition's default); `null`
    /// when its definition has no such parameter.
    pub base: Option<String>,
    pub target: Option<String>,
    /// Compared as text, numbers as numbers (`0.8` and `0.80` are the same).
    pub changed: bool,
}

/// How a step differs.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Change {
    /// Same status, condition outcome, cache hit and failure reason.
    #[default]
    Same,
    /// In both definitions, and one of those differs.
    Changed,
    /// Only in the target's definition.
    Added,
    /// Only in the base's definition.
    Removed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Same => "same",
            Change::Changed => "changed",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StepChange {
    pub id: String,
    /// The step's type and label, as the target's definition has them (the base's,
    /// for a removed step): what a drawing of both needs.
    #[serde(rename = "type")]
    pub step_type: String,
    pub label: String,
    pub change: Change,
    /// `null` when the step is not in the base's definition.
    pub base: Option<StepSide>,
    /// `null` when the step is not in the target's definition.
    pub target: Option<StepSide>,
}

/// A step in one execution.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StepSide {
    /// `NotStarted` when the step did not run in this execution.
    pub status: RunStatus,
    pub elapsed_sec: Option<f64>,
    pub cache_hit: bool,
    pub condition_outcome: Option<String>,
    pub job_arn: Option<String>,
    pub failure_reason: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MetricChange {
    pub step: String,
    pub name: String,
    pub base: Option<f64>,
    pub target: Option<f64>,
    /// `target − base` when both sides have the metric.
    pub delta: Option<f64>,
    /// Which way is better, when the metric's name says so (`mse`, `loss`: lower;
    /// `auc`, `accuracy`: higher); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<Better>,
}

/// Which way a metric improves.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Better {
    Higher,
    Lower,
}

impl MetricChange {
    /// Whether the target is better (`Some(true)`), worse, or neither can be said
    /// (no direction, no delta, or no change).
    pub fn improved(&self) -> Option<bool> {
        let delta = self.delta.filter(|d| *d != 0.0)?;
        Some(match self.better? {
            Better::Higher => delta > 0.0,
            Better::Lower => delta < 0.0,
        })
    }
}

/// A delta as people read it: signed, at most four decimals, no trailing zeros
/// (`0.011`, `-0.119` → `+0.011`, `-0.119`; no change → `0`).
pub fn signed(delta: f64) -> String {
    let text = format!("{delta:+.4}");
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if matches!(trimmed, "+" | "-" | "+0" | "-0") {
        "0".into()
    } else {
        trimmed.to_string()
    }
}

/// Which way a metric improves, from its name: the last segment after `:`, `/` or
/// `.` (`validation:auc`, `regression_metrics.mse.value` → `mse`), compared with the
/// names of common losses, errors and scores. `None` for anything else: a delta is
/// coloured only where the name says its direction.
pub fn metric_direction(name: &str) -> Option<Better> {
    const LOWER: &[&str] = &[
        "mse",
        "rmse",
        "mae",
        "mape",
        "loss",
        "logloss",
        "error",
        "log_loss",
        "cross_entropy",
        "perplexity",
        "wer",
        "cer",
    ];
    const HIGHER: &[&str] = &[
        "auc",
        "roc_auc",
        "pr_auc",
        "accuracy",
        "acc",
        "f1",
        "f1_score",
        "r2",
        "precision",
        "recall",
        "map",
        "ndcg",
        "bleu",
        "rouge",
        "balanced_accuracy",
    ];
    let lower = name.to_ascii_lowercase();
    let segments: Vec<&str> = lower
        .split([':', '/', '.'])
        .filter(|s| !s.is_empty() && *s != "value")
        .collect();
    let last = segments.last()?;
    let words: Vec<&str> = last.split(['_', '-']).collect();
    let is = |list: &[&str]| list.contains(last) || words.last().is_some_and(|w| list.contains(w));
    if is(LOWER) {
        Some(Better::Lower)
    } else if is(HIGHER) {
        Some(Better::Higher)
    } else {
        None
    }
}

/// Whether a location is read or written by the step.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    Input,
    Output,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ArtifactChange {
    pub step: String,
    pub direction: Direction,
    pub name: String,
    /// The location (or, unresolved, the expression) in the base; `null` when the
    /// base's step has no such input or output.
    pub base: Option<String>,
    pub target: Option<String>,
    pub changed: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EdgeRef {
    pub from: String,
    pub to: String,
    /// As in `/lineage`: `dependsOn`, `ref:Get`, `condition:if`, ...
    pub via: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EdgeChanges {
    /// Edges only the target's graph has.
    pub added: Vec<EdgeRef>,
    /// Edges only the base's graph has.
    pub removed: Vec<EdgeRef>,
    /// Edges both graphs have.
    pub unchanged: Vec<EdgeRef>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegistryChange {
    pub step: String,
    pub base: Option<RegistrySide>,
    pub target: Option<RegistrySide>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegistrySide {
    pub model_package_arn: String,
    pub version: Option<i64>,
    pub approval_status: Option<String>,
}

/// Which execution of the two.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Side {
    Base,
    Target,
}

/// A warning of one side's document.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SideWarning {
    pub side: Side,
    #[serde(flatten)]
    pub warning: Warning,
}

impl Comparison {
    /// Whether anything differs between the two executions (their identity and
    /// times aside).
    pub fn has_changes(&self) -> bool {
        self.parameters.iter().any(|p| p.changed)
            || self.steps.iter().any(|s| s.change != Change::Same)
            || self.metrics.iter().any(|m| m.base != m.target)
            || self.artifacts.iter().any(|a| a.changed)
            || !self.edges.added.is_empty()
            || !self.edges.removed.is_empty()
            || self.registry.iter().any(|r| r.base != r.target)
    }
}

/// Compares the documents of two executions of one pipeline. A document without an
/// execution compares as one whose steps all did not run.
pub fn compare(base: &LineageDocument, target: &LineageDocument) -> Comparison {
    let base_nodes: BTreeMap<&str, &Node> = base
        .graph
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n))
        .collect();
    let target_nodes: BTreeMap<&str, &Node> = target
        .graph
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n))
        .collect();
    // The target's order, then what only the base has, in the base's order.
    let mut order: Vec<&str> = target.graph.nodes.iter().map(|n| n.id.as_str()).collect();
    order.extend(
        base.graph
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .filter(|id| !target_nodes.contains_key(id)),
    );

    let mut steps = Vec::new();
    let mut metrics = Vec::new();
    let mut artifacts = Vec::new();
    let mut registry = Vec::new();
    for id in order {
        let (b, t) = (base_nodes.get(id).copied(), target_nodes.get(id).copied());
        let (bs, ts) = (b.map(step_side), t.map(step_side));
        let change = match (&bs, &ts) {
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
            (Some(x), Some(y)) => {
                if x.status != y.status
                    || x.condition_outcome != y.condition_outcome
                    || x.cache_hit != y.cache_hit
                    || x.failure_reason != y.failure_reason
                {
                    Change::Changed
                } else {
                    Change::Same
                }
            }
        };
        let shown = t.or(b).expect("a step of either side");
        steps.push(StepChange {
            id: id.to_string(),
            step_type: shown.step_type.clone(),
            label: shown.label.clone(),
            change,
            base: bs,
            target: ts,
        });
        metrics.extend(metric_changes(id, b, t));
        artifacts.extend(io_changes(id, Direction::Input, b, t, |n| &n.inputs));
        artifacts.extend(io_changes(id, Direction::Output, b, t, |n| &n.outputs));
        let (br, tr) = (b.and_then(registry_side), t.and_then(registry_side));
        if br.is_some() || tr.is_some() {
            registry.push(RegistryChange {
                step: id.to_string(),
                base: br,
                target: tr,
            });
        }
    }

    let edges_of = |doc: &LineageDocument| -> BTreeSet<EdgeRef> {
        doc.graph
            .edges
            .iter()
            .map(|e| EdgeRef {
                from: e.from.clone(),
                to: e.to.clone(),
                via: e.via.clone(),
            })
            .collect()
    };
    let (be, te) = (edges_of(base), edges_of(target));

    let warnings = base
        .warnings
        .iter()
        .map(|w| (Side::Base, w))
        .chain(target.warnings.iter().map(|w| (Side::Target, w)))
        .map(|(side, w)| SideWarning {
            side,
            warning: w.clone(),
        })
        .collect();

    Comparison {
        pipeline: target.pipeline.clone(),
        base: execution_side(base),
        target: execution_side(target),
        parameters: parameter_changes(base, target),
        steps,
        metrics,
        artifacts,
        edges: EdgeChanges {
            added: te.difference(&be).cloned().collect(),
            removed: be.difference(&te).cloned().collect(),
            unchanged: be.intersection(&te).cloned().collect(),
        },
        registry,
        warnings,
    }
}

fn execution_side(doc: &LineageDocument) -> ExecutionSide {
    match &doc.execution {
        Some(e) => ExecutionSide {
            arn: e.arn.clone(),
            id: e.id.clone(),
            status: e.status.clone(),
            start_time: e.start_time.clone(),
            end_time: e.end_time.clone(),
            elapsed_sec: doc.summary.elapsed_sec,
        },
        None => ExecutionSide {
            status: RunStatus::not_reported(),
            ..ExecutionSide::default()
        },
    }
}

/// The values each execution ran with: its own, then its definition's defaults.
fn ran_with(doc: &LineageDocument) -> BTreeMap<&str, &str> {
    let Some(e) = &doc.execution else {
        return BTreeMap::new();
    };
    e.parameter_defaults
        .iter()
        .chain(&e.parameters)
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn parameter_changes(base: &LineageDocument, target: &LineageDocument) -> Vec<ParameterChange> {
    let (b, t) = (ran_with(base), ran_with(target));
    let names: BTreeSet<&str> = b.keys().chain(t.keys()).copied().collect();
    names
        .into_iter()
        .map(|name| {
            let (bv, tv) = (b.get(name).copied(), t.get(name).copied());
            ParameterChange {
                name: name.to_string(),
                base: bv.map(str::to_string),
                target: tv.map(str::to_string),
                changed: !same_text(bv, tv),
            }
        })
        .collect()
}

/// Equal as text, or as numbers when both are numbers.
fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a == b
                || matches!(
                    (a.trim().parse::<f64>(), b.trim().parse::<f64>()),
                    (Ok(x), Ok(y)) if x == y
                )
        }
        (a, b) => a == b,
    }
}

fn step_side(node: &Node) -> StepSide {
    match &node.run {
        Some(run) => StepSide {
            status: run.status.clone(),
            elapsed_sec: run.elapsed_sec,
            cache_hit: run.cache_hit.is_some(),
            condition_outcome: run.condition_outcome.clone(),
            job_arn: run.job_arn.clone(),
            failure_reason: run.failure_reason.clone(),
        },
        None => StepSide {
            status: RunStatus::NotStarted,
            ..StepSide::default()
        },
    }
}

fn metric_changes(step: &str, b: Option<&Node>, t: Option<&Node>) -> Vec<MetricChange> {
    let of = |n: Option<&Node>| {
        n.and_then(|n| n.run.as_ref())
            .map(|r| r.metrics.clone())
            .unwrap_or_default()
    };
    let (bm, tm) = (of(b), of(t));
    let names: BTreeSet<&String> = bm.keys().chain(tm.keys()).collect();
    names
        .into_iter()
        .map(|name| {
            let (bv, tv) = (bm.get(name).copied(), tm.get(name).copied());
            MetricChange {
                step: step.to_string(),
                name: name.clone(),
                base: bv,
                target: tv,
                delta: bv.zip(tv).map(|(x, y)| y - x),
                better: metric_direction(name),
            }
        })
        .collect()
}

/// A step's named inputs (or outputs) on both sides, paired by name (and, for a name
/// used twice, by its position among those of that name).
fn io_changes(
    step: &str,
    direction: Direction,
    b: Option<&Node>,
    t: Option<&Node>,
    ios: fn(&Node) -> &Vec<Io>,
) -> Vec<ArtifactChange> {
    let keyed = |n: Option<&Node>| -> Vec<((String, usize), String)> {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        n.map(ios)
            .into_iter()
            .flatten()
            .map(|io| {
                let k = seen.entry(io.name.as_str()).or_default();
                *k += 1;
                ((io.name.clone(), *k), io.uri.clone())
            })
            .collect()
    };
    let (bk, tk) = (keyed(b), keyed(t));
    let bmap: BTreeMap<_, _> = bk.iter().cloned().collect();
    let tmap: BTreeMap<_, _> = tk.iter().cloned().collect();
    // The target's order, then the base's own.
    let mut keys: Vec<&(String, usize)> = tk.iter().map(|(k, _)| k).collect();
    keys.extend(bk.iter().map(|(k, _)| k).filter(|k| !tmap.contains_key(*k)));
    keys.into_iter()
        .map(|key| {
            let (bv, tv) = (bmap.get(key).cloned(), tmap.get(key).cloned());
            ArtifactChange {
                step: step.to_string(),
                direction,
                name: key.0.clone(),
                changed: bv != tv,
                base: bv,
                target: tv,
            }
        })
        .collect()
}

fn registry_side(node: &Node) -> Option<RegistrySide> {
    node.registry.as_ref().map(|r| RegistrySide {
        model_package_arn: r.model_package_arn.clone(),
        version: r.version,
        approval_status: r.approval_status.clone(),
    })
}

#[cfg(test)]
mod tests;
