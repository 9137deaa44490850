//! Step metadata (`ListPipelineExecutionSteps`) in the engine's terms.

use std::collections::BTreeMap;

use crate::core::{JobKind, StepMetadata};

/// Output parameters by name (a later one of the same name wins, as in AWS's own
/// property resolution).
fn output_map(params: &[aws_sdk_sagemaker::types::OutputParameter]) -> BTreeMap<String, String> {
    params
        .iter()
        .filter_map(|p| {
            Some((
                p.name()?.to_string(),
                p.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

/// The metadata variant of a step, in the engine's terms.
pub(super) fn step_metadata(
    m: &aws_sdk_sagemaker::types::PipelineExecutionStepMetadata,
) -> StepMetadata {
    let job = |kind, arn: Option<&str>| {
        arn.map(|arn| StepMetadata::Job {
            kind,
            arn: arn.to_string(),
        })
    };
    let other = |kind: &str, fields: Vec<(&str, Option<String>)>| StepMetadata::Other {
        kind: kind.to_string(),
        fields: fields
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.filter(|v| !v.is_empty())?)))
            .collect(),
    };
    let s = |v: Option<&str>| v.map(str::to_string);
    if let Some(j) = m.processing_job() {
        return job(JobKind::Processing, j.arn()).unwrap_or_default();
    }
    if let Some(j) = m.training_job() {
        return job(JobKind::Training, j.arn()).unwrap_or_default();
    }
    if let Some(j) = m.transform_job() {
        return job(JobKind::Transform, j.arn()).unwrap_or_default();
    }
    if let Some(j) = m.tuning_job() {
        return job(JobKind::Tuning, j.arn()).unwrap_or_default();
    }
    if let Some(j) = m.auto_ml_job() {
        return job(JobKind::AutoMl, j.arn()).unwrap_or_default();
    }
    if let Some(x) = m.model() {
        return StepMetadata::Model {
            arn: x.arn().unwrap_or_default().to_string(),
        };
    }
    if let Some(x) = m.register_model() {
        return StepMetadata::RegisterModel {
            arn: x.arn().unwrap_or_default().to_string(),
        };
    }
    if let Some(x) = m.condition() {
        return StepMetadata::Condition {
            outcome: x
                .outcome()
                .map(|o| o.as_str().to_string())
                .unwrap_or_default(),
        };
    }
    if let Some(x) = m.fail() {
        return StepMetadata::Fail {
            error_message: x.error_message().unwrap_or_default().to_string(),
        };
    }
    if let Some(x) = m.lambda() {
        return StepMetadata::Lambda {
            function_arn: s(x.arn()),
            output_parameters: output_map(x.output_parameters()),
        };
    }
    if let Some(x) = m.callback() {
        return StepMetadata::Callback {
            sqs_queue_url: s(x.sqs_queue_url()),
            output_parameters: output_map(x.output_parameters()),
        };
    }
    if let Some(x) = m.emr() {
        return other(
            "EMR",
            vec![
                ("clusterId", s(x.cluster_id())),
                ("stepId", s(x.step_id())),
                ("stepName", s(x.step_name())),
                ("logFilePath", s(x.log_file_path())),
            ],
        );
    }
    if let Some(x) = m.quality_check() {
        return other(
            "QualityCheck",
            vec![
                ("checkType", s(x.check_type())),
                ("checkJobArn", s(x.check_job_arn())),
                ("violationReport", s(x.violation_report())),
                (
                    "calculatedBaselineStatistics",
                    s(x.calculated_baseline_statistics()),
                ),
                (
                    "calculatedBaselineConstraints",
                    s(x.calculated_baseline_constraints()),
                ),
                (
                    "baselineUsedForDriftCheckStatistics",
                    s(x.baseline_used_for_drift_check_statistics()),
                ),
                (
                    "baselineUsedForDriftCheckConstraints",
                    s(x.baseline_used_for_drift_check_constraints()),
                ),
                ("modelPackageGroupName", s(x.model_package_group_name())),
                ("skipCheck", x.skip_check().map(|b| b.to_string())),
                (
                    "registerNewBaseline",
                    x.register_new_baseline().map(|b| b.to_string()),
                ),
            ],
        );
    }
    if let Some(x) = m.clarify_check() {
        return other(
            "ClarifyCheck",
            vec![
                ("checkType", s(x.check_type())),
                ("checkJobArn", s(x.check_job_arn())),
                ("violationReport", s(x.violation_report())),
                (
                    "calculatedBaselineConstraints",
                    s(x.calculated_baseline_constraints()),
                ),
                (
                    "baselineUsedForDriftCheckConstraints",
                    s(x.baseline_used_for_drift_check_constraints()),
                ),
                ("modelPackageGroupName", s(x.model_package_group_name())),
                ("skipCheck", x.skip_check().map(|b| b.to_string())),
                (
                    "registerNewBaseline",
                    x.register_new_baseline().map(|b| b.to_string()),
                ),
            ],
        );
    }
    if let Some(x) = m.endpoint() {
        return other("Endpoint", vec![("endpointArn", s(x.arn()))]);
    }
    if let Some(x) = m.endpoint_config() {
        return other("EndpointConfig", vec![("endpointConfigArn", s(x.arn()))]);
    }
    // Variants described by their kind only.
    let kinds = [
        ("EMRServerless", m.emr_serverless().is_some()),
        ("BedrockCustomModel", m.bedrock_custom_model().is_some()),
        (
            "BedrockCustomModelDeployment",
            m.bedrock_custom_model_deployment().is_some(),
        ),
        (
            "BedrockProvisionedModelThroughput",
            m.bedrock_provisioned_model_throughput().is_some(),
        ),
        ("BedrockModelImport", m.bedrock_model_import().is_some()),
        ("InferenceComponent", m.inference_component().is_some()),
        ("Lineage", m.lineage().is_some()),
        ("Job", m.job().is_some()),
        ("Athena", m.athena().is_some()),
        ("Cleanup", m.cleanup().is_some()),
        ("ForEach", m.for_each().is_some()),
    ];
    match kinds.iter().find(|(_, present)| *present) {
        Some((kind, _)) => other(kind, vec![]),
        None => StepMetadata::None,
    }
}
