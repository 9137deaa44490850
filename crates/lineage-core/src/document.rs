//! The lineage document: the JSON contract of `GET /lineage`, the CLI output and the
//! server function's return value.
//!
//! Field names follow the original FastAPI service (`pipeline`, `execution`,
//! `summary.overallStatus`, `graph.nodes[].run.jobArn`, ...) so its clients keep
//! working; everything else is additive. These types are compiled into the WASM front
//! end too, so they depend on nothing but serde.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::findings::{Finding, FindingCounts};
use super::posture::{AccountRecord, BucketControls, JobSecurity, KmsKey};
use super::vocabulary::{ErrorCode, JobStatus, OverallStatus, RunStatus};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LineageDocument {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainMatch>,
    pub pipeline: PipelineSummary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<ExecutionSummary>,
    pub summary: Summary,
    pub graph: Graph,
    /// The account the pipeline belongs to and its S3 block public access, when the
    /// pipeline's ARN names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountRecord>,
    /// What the configuration read says could let the pipeline's data leak, be
    /// tampered with or become unreadable; worst first.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Where the models this pipeline registered (any indexed execution) or trained
    /// serve: from the region's lineage index. `null` when it is not known: the index
    /// is off, or (with an `IndexPending` warning) the region's first pass has not
    /// finished.
    #[serde(default)]
    pub deployments: Option<Vec<Deployment>>,
    pub warnings: Vec<Warning>,
}

/// A production variant of an endpoint serving a model of the pipeline.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub endpoint_name: String,
    pub endpoint_arn: Option<String>,
    /// `InService`, `Failed`, `Updating`, ...
    pub status: String,
    pub endpoint_config_name: Option<String>,
    pub variant: String,
    pub model_name: String,
    /// The model package the variant's model serves; `null` when it serves a model
    /// artifact directly (`modelDataUrl`).
    pub model_package_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_data_url: Option<String>,
    /// The step that registered the package or wrote the artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

/// Present when the request was filtered by `domain`: which tag matched.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DomainMatch {
    pub name: String,
    pub matched_tag: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PipelineSummary {
    pub name: String,
    pub arn: Option<String>,
    pub last_modified_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExecutionSummary {
    pub arn: String,
    /// The last segment of the ARN, as shown in the console.
    pub id: String,
    pub status: RunStatus,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The values the execution was started with.
    pub parameters: BTreeMap<String, String>,
    /// The defaults of its definition for the parameters it did not set: with
    /// `parameters`, every value the execution ran with.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameter_defaults: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// `Succeeded`, `Executing`, `Failed`, `Stopped` or `Unknown` (no execution).
    pub overall_status: OverallStatus,
    /// Steps per run status; steps without a run count as `NotStarted`.
    pub node_status: BTreeMap<RunStatus, u32>,
    pub elapsed_sec: Option<f64>,
    /// Findings per severity.
    #[serde(default)]
    pub findings: FindingCounts,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub artifacts: Vec<Artifact>,
    /// The KMS keys that buckets' default encryption and jobs name.
    #[serde(default)]
    pub kms_keys: Vec<KmsKey>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub step_type: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub inputs: Vec<Io>,
    pub outputs: Vec<Io>,
    /// Set for steps inside a Condition's `IfSteps`/`ElseSteps`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<Branch>,
    /// True when an enclosing condition took the other branch, so this step never runs.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    /// Present when the step is not in the pipeline definition but appeared in the
    /// execution (the definition changed since).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_in_definition: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<Run>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<Registry>,
}

/// One named input or output of a step.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Io {
    pub name: String,
    /// A concrete URI when it could be resolved, otherwise a readable expression such
    /// as `{Steps.Train.ModelArtifacts.S3ModelArtifacts}`; never raw JSON.
    pub uri: String,
    /// False when `uri` still contains an unresolved expression.
    pub resolved: bool,
    /// The step whose property this value was taken from, for `Get` references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_step: Option<String>,
    /// How the definition wrote it, when it was an expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// Index into `graph.artifacts` when `uri` is an S3 location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<usize>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    pub condition: String,
    /// `if` or `else`.
    pub outcome: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// `Starting`, `Executing`, `Stopping`, `Stopped`, `Failed` or `Succeeded`.
    pub status: RunStatus,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub elapsed_sec: Option<f64>,
    pub job_arn: Option<String>,
    pub job_name: Option<String>,
    /// `ProcessingJob`, `TrainingJob`, `TransformJob`, `HyperParameterTuningJob`, `AutoMLJob`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<String>,
    /// The job's own status (`Completed`, `Failed`, `InProgress`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_status: Option<JobStatus>,
    pub metrics: BTreeMap<String, f64>,
    /// Where report metrics were read from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<String>,
    pub failure_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_hit: Option<CacheHit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt_count: Option<i32>,
    /// `True` or `False` for Condition steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_outcome: Option<String>,
    /// The error message of a Fail step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_message: Option<String>,
    /// What a Lambda or Callback step returned, by name (later steps read them as
    /// `Steps.X.OutputParameters['name']`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub output_parameters: BTreeMap<String, String>,
    /// Remaining step metadata (Lambda function, EMR cluster, check results and
    /// baselines, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// The job's security settings, from its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<JobSecurity>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CacheHit {
    pub source_execution_arn: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Registry {
    pub model_package_arn: String,
    pub model_package_group: Option<String>,
    pub version: Option<i64>,
    pub approval_status: Option<String>,
    pub model_package_status: Option<String>,
    pub creation_time: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `dependsOn`, `ref:Get`, `ref:JsonGet`, `condition:if` or `condition:else`.
    pub via: String,
    pub label: String,
}

/// A distinct S3 location read or written by the pipeline.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    pub id: usize,
    pub uri: String,
    pub bucket: String,
    pub key: String,
    pub producers: Vec<String>,
    pub consumers: Vec<String>,
    /// Security posture of the bucket; absent when buckets were not inspected
    /// (definition-only lineage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Security>,
}

/// What we could learn about a bucket, field by field.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct S3Security {
    pub region: Probe<String>,
    pub encryption: Probe<Encryption>,
    pub versioning: Probe<Versioning>,
    pub public_access: Probe<PublicAccess>,
    pub tags: Probe<BTreeMap<String, String>>,
    /// Access and protection settings (policy, ACL, ownership, Object Lock, logging,
    /// lifecycle), each with its probe outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controls: Option<BucketControls>,
    /// The at-a-glance answers; `None` where the bucket could not be read.
    pub posture: Posture,
}

/// The outcome of reading one piece of bucket configuration. "Not configured" and
/// "could not read" are different answers and stay different.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum Probe<T> {
    Ok {
        value: T,
    },
    NotConfigured,
    AccessDenied {
        action: String,
    },
    NoSuchBucket,
    /// Could not be read for another reason; `code` says which, as warnings do
    /// (`Throttled`, `Timeout`, `AwsError`, ...).
    Error {
        #[serde(default)]
        code: ErrorCode,
        message: String,
    },
}

impl<T> Probe<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Probe::Ok { value } => Some(value),
            _ => None,
        }
    }

    /// True when the answer says nothing about the configuration.
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            Probe::AccessDenied { .. } | Probe::NoSuchBucket | Probe::Error { .. }
        )
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Encryption {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub algorithm: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Versioning {
    /// `Enabled` or `Suspended`; a bucket that never had versioning is `NotConfigured`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_delete: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PublicAccess {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
    /// All four flags set.
    pub all_blocked: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Posture {
    pub encrypted: Option<bool>,
    pub versioned: Option<bool>,
    pub public_access_blocked: Option<bool>,
    pub region_matches: Option<bool>,
}

/// A partial failure: something that could not be read or understood. The rest of the
/// document is still valid.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// Machine-readable: `AccessDenied`, `NotFound`, `Throttled`, `Timeout`,
    /// `ReportUnreadable`, `UnknownStepReference`, ...
    pub code: ErrorCode,
    /// What kind of thing: `definition`, `execution`, `step`, `job`, `modelPackage`,
    /// `report`, `bucket`.
    pub scope: String,
    /// Which one: a step name, job ARN, S3 URI or bucket.
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    pub message: String,
}

impl Warning {
    /// Whether the failure may pass by itself (`ErrorCode::is_transient`).
    pub fn is_transient(&self) -> bool {
        self.code.is_transient()
    }
}

impl LineageDocument {
    /// Whether something could not be read for a reason that may pass: the answer is
    /// partial for now and must not be kept as if it were complete.
    pub fn has_transient_gaps(&self) -> bool {
        self.warnings.iter().any(Warning::is_transient)
    }

    /// Whether this view may change by itself soon: its execution is running, or the
    /// execution could not be read for a reason that may pass (its status is unknown
    /// for now). Viewers keep such a view fresh.
    pub fn is_live(&self) -> bool {
        self.summary.overall_status == OverallStatus::Executing
            || (self.execution.is_none()
                && self
                    .warnings
                    .iter()
                    .any(|w| w.scope == "execution" && w.is_transient()))
    }
}
