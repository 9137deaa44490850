//! The lineage engine: a pure function of a pipeline definition and AWS-shaped records.
//!
//! Owns the lineage document (the `/lineage` JSON contract), definition parsing, edge
//! and artifact discovery, expression rendering, execution enrichment, report metrics,
//! S3 posture roll-ups, security findings and the summary; the comparison of two
//! executions' documents; and finding one's way in a graph (focus, search, status
//! filters, the critical path).
//!
//! Invariant: no `aws_*`, `axum`, `leptos`, clock or network here. Callers hand in
//! records (what AWS said, or why it could not say it) and the current time; the
//! engine hands back requests for more records and, finally, the document. This keeps
//! every rule testable with plain data (see `testdata/`).

mod artifacts;
mod catalogue;
mod compare;
mod definition;
mod document;
mod engine;
mod expr;
mod findings;
mod metrics;
mod navigation;
mod policy;
mod posture;
mod records;
mod render;
mod vocabulary;

pub use compare::{
    compare, metric_direction, signed, ArtifactChange, Better, Change, Comparison, Direction,
    EdgeChanges, EdgeRef, ExecutionSide, MetricChange, ParameterChange, RegistryChange,
    RegistrySide, Side, SideWarning, StepChange, StepSide,
};
pub use definition::{parse_definition, Definition, DefinitionError, MAX_DEFINITION_BYTES};
pub use document::*;
pub use engine::{JobRequest, Lineage, ModelPackageRequest, ReportRequest};
pub use findings::{
    Evidence, Finding, FindingCounts, FindingKind, FindingsReport, FindingsSummary, Resource,
    ResourceType, Severity,
};
pub use metrics::MAX_REPORT_BYTES;
pub use navigation::{
    critical_path, filter_by_status, focus, search, step_status, CriticalPath, CriticalStep, Depth,
    Focus, FocusSubject, StatusFilter,
};
pub use policy::{summarize_policy, PolicySummary};
pub use posture::*;
pub use records::*;
pub use vocabulary::{ErrorCode, JobStatus, OverallStatus, RunStatus};

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;
