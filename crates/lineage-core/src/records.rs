//! AWS-shaped records: what the AWS adapter hands to the engine.
//!
//! They mirror the fields of the SageMaker and S3 responses we use, in plain types, so
//! the engine can be driven by literal data in tests. Times are RFC 3339 strings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::document::{Encryption, Probe, PublicAccess, Versioning};
use super::posture::{BucketControlsRecord, JobSecurity};
use super::vocabulary::{ErrorCode, JobStatus, RunStatus};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct PipelineRecord {
    pub name: String,
    pub arn: Option<String>,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub last_modified_time: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct ExecutionRecord {
    pub arn: String,
    pub status: RunStatus,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub failure_reason: Option<String>,
    pub display_name: Option<String>,
    /// Actual parameter values (`ListPipelineParametersForExecution`).
    pub parameters: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct StepRecord {
    pub name: String,
    pub status: RunStatus,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub failure_reason: Option<String>,
    pub cache_hit_source: Option<String>,
    pub attempt_count: Option<i32>,
    pub metadata: StepMetadata,
}

/// The one metadata variant `ListPipelineExecutionSteps` reports for a step.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub enum StepMetadata {
    #[default]
    None,
    Job {
        kind: JobKind,
        arn: String,
    },
    Model {
        arn: String,
    },
    RegisterModel {
        arn: String,
    },
    Condition {
        outcome: String,
    },
    Fail {
        error_message: String,
    },
    /// A Lambda step: its function and the output parameters it returned (other steps
    /// refer to them as `Steps.X.OutputParameters['name']`).
    Lambda {
        function_arn: Option<String>,
        output_parameters: BTreeMap<String, String>,
    },
    /// A Callback step: its queue and the output parameters its callback sent.
    Callback {
        sqs_queue_url: Option<String>,
        output_parameters: BTreeMap<String, String>,
    },
    /// EMR, QualityCheck, ClarifyCheck, Endpoint, ... and variants not known yet,
    /// flattened to text. QualityCheck and ClarifyCheck keep their baselines here
    /// (`calculatedBaselineStatistics`, `baselineUsedForDriftCheckConstraints`, ...).
    Other {
        kind: String,
        fields: BTreeMap<String, String>,
    },
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobKind {
    Processing,
    Training,
    Transform,
    Tuning,
    AutoMl,
}

impl JobKind {
    /// The AWS resource name, used in the document (`run.jobType`).
    pub fn resource(self) -> &'static str {
        match self {
            JobKind::Processing => "ProcessingJob",
            JobKind::Training => "TrainingJob",
            JobKind::Transform => "TransformJob",
            JobKind::Tuning => "HyperParameterTuningJob",
            JobKind::AutoMl => "AutoMLJob",
        }
    }

    /// The IAM action that describes such a job.
    pub fn describe_action(self) -> &'static str {
        match self {
            JobKind::Processing => "sagemaker:DescribeProcessingJob",
            JobKind::Training => "sagemaker:DescribeTrainingJob",
            JobKind::Transform => "sagemaker:DescribeTransformJob",
            JobKind::Tuning => "sagemaker:DescribeHyperParameterTuningJob",
            JobKind::AutoMl => "sagemaker:DescribeAutoMLJobV2",
        }
    }
}

/// A job description, reduced to what lineage needs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct JobRecord {
    pub arn: String,
    pub name: String,
    pub status: JobStatus,
    pub failure_reason: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// Actual input locations, named like the definition names them (input name,
    /// channel name, `input`).
    pub inputs: Vec<(String, String)>,
    /// Actual output locations (output name, `model`, `output`).
    pub outputs: Vec<(String, String)>,
    /// Final metrics (training: `FinalMetricDataList`; tuning: the best job's objective).
    pub metrics: BTreeMap<String, f64>,
    /// Training: `ModelArtifacts.S3ModelArtifacts`.
    pub model_artifacts: Option<String>,
    /// Tuning: the best training job so far.
    pub best_training_job: Option<String>,
    /// Network isolation, encryption and VPC settings.
    #[serde(default)]
    pub security: Option<JobSecurity>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct ModelPackageRecord {
    pub arn: String,
    pub group: Option<String>,
    pub version: Option<i64>,
    pub approval_status: Option<String>,
    pub status: Option<String>,
    pub creation_time: Option<String>,
}

/// Everything read about one bucket, each part on its own since each is a separate
/// permission.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct BucketRecord {
    pub bucket: String,
    pub region: Probe<String>,
    pub encryption: Probe<Encryption>,
    pub versioning: Probe<Versioning>,
    pub public_access: Probe<PublicAccess>,
    pub tags: Probe<BTreeMap<String, String>>,
    /// Access and protection settings; `None` when they were not read.
    #[serde(default)]
    pub controls: Option<BucketControlsRecord>,
}

/// Why a record could not be had. The adapter maps its errors into this.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Failure {
    /// `AccessDenied`, `NotFound`, `Throttled`, `Timeout`, `Unreachable`, `TooLarge`, ...
    pub code: ErrorCode,
    pub action: Option<String>,
    pub message: String,
}

impl Failure {
    pub fn new(code: ErrorCode, action: Option<&str>, message: impl Into<String>) -> Self {
        Failure {
            code,
            action: action.map(str::to_string),
            message: message.into(),
        }
    }
}
