//! The comparison of two executions: the graph of both with each step marked by its
//! change, both sides of a step, and the tables of what changed. Components take the
//! comparison's parts as plain props; the page (`pages::compare`) loads it.

mod artifact_changes;
mod compare_header;
mod edge_changes;
mod elements;
mod metric_changes;
mod parameter_changes;
mod registry_changes;
mod step_changes;
mod step_sides;

pub use artifact_changes::ArtifactChanges;
pub use compare_header::CompareHeader;
pub use edge_changes::EdgeChangeList;
pub use elements::compare_elements_json;
pub use metric_changes::MetricChanges;
pub use parameter_changes::ParameterChanges;
pub use registry_changes::RegistryChanges;
pub use step_changes::StepChanges;
pub use step_sides::StepSides;

/// A value, or a dash for none.
pub(crate) fn or_dash(v: Option<&str>) -> String {
    v.map_or_else(|| "–".to_string(), str::to_string)
}
