//! Job descriptions (processing, training, transform, tuning, AutoML) as `JobRecord`s.

use std::collections::BTreeMap;

use aws_sdk_sagemaker::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::errors::map_sdk_error;
use super::time;
use crate::core::{JobKey, JobKind, JobRecord, JobSecurity, JobStatus};
use crate::server::source::AwsError;

/// A job's description, by its kind.
pub(super) async fn describe(
    sagemaker: &aws_sdk_sagemaker::Client,
    kind: JobKind,
    arn: &str,
) -> Result<JobRecord, AwsError> {
    let job = Job {
        sagemaker,
        arn,
        name: arn.rsplit('/').next().unwrap_or(arn),
        action: kind.describe_action(),
        what: format!("job {arn}"),
    };
    match kind {
        JobKind::Processing => processing(&job).await,
        JobKind::Training => training(&job).await,
        JobKind::Transform => transform(&job).await,
        JobKind::Tuning => tuning(&job).await,
        JobKind::AutoMl => auto_ml(&job).await,
    }
}

/// The job to describe: the client, its ARN and name, and how a failure is named.
struct Job<'a> {
    sagemaker: &'a aws_sdk_sagemaker::Client,
    arn: &'a str,
    name: &'a str,
    action: &'static str,
    what: String,
}

impl Job<'_> {
    fn failed<E>(&self, e: SdkError<E, HttpResponse>) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        map_sdk_error(e, self.action, &self.what)
    }
}

/// A processing job: its inputs and outputs by name.
async fn processing(job: &Job<'_>) -> Result<JobRecord, AwsError> {
    let (arn, name) = (job.arn, job.name);
    let o = job
        .sagemaker
        .describe_processing_job()
        .processing_job_name(name)
        .send()
        .await
        .map_err(|e| job.failed(e))?;
    Ok(JobRecord {
        arn: o.processing_job_arn().unwrap_or(arn).to_string(),
        name: o.processing_job_name().unwrap_or(name).to_string(),
        status: o
            .processing_job_status()
            .map(|s| JobStatus::from(s.as_str()))
            .unwrap_or_default(),
        failure_reason: o.failure_reason().map(str::to_string),
        start_time: time(o.processing_start_time()),
        end_time: time(o.processing_end_time()),
        inputs: o
            .processing_inputs()
            .iter()
            .filter_map(|i| {
                Some((
                    i.input_name()?.to_string(),
                    i.s3_input()?.s3_uri()?.to_string(),
                ))
            })
            .collect(),
        outputs: o
            .processing_output_config()
            .map(|c| c.outputs())
            .unwrap_or_default()
            .iter()
            .filter_map(|out| {
                Some((
                    out.output_name()?.to_string(),
                    out.s3_output()?.s3_uri()?.to_string(),
                ))
            })
            .collect(),
        security: Some({
            // No NetworkConfig: the defaults (no isolation, no encryption, no VPC).
            let network = o.network_config();
            let cluster = o.processing_resources().and_then(|r| r.cluster_config());
            JobSecurity {
                network_isolation: Some(
                    network
                        .and_then(|n| n.enable_network_isolation())
                        .unwrap_or(false),
                ),
                inter_container_encryption: Some(
                    network
                        .and_then(|n| n.enable_inter_container_traffic_encryption())
                        .unwrap_or(false),
                ),
                instance_count: cluster.and_then(|c| c.instance_count()),
                vpc: Some(network.and_then(|n| n.vpc_config()).is_some()),
                volume_key: Some(key(cluster.and_then(|c| c.volume_kms_key_id()))),
                output_key: Some(key(o
                    .processing_output_config()
                    .and_then(|c| c.kms_key_id()))),
            }
        }),
        ..JobRecord::default()
    })
}

/// A training job: its channels, its output and checkpoint locations, the model
/// artifacts and the final metrics.
async fn training(job: &Job<'_>) -> Result<JobRecord, AwsError> {
    let (arn, name) = (job.arn, job.name);
    let o = job
        .sagemaker
        .describe_training_job()
        .training_job_name(name)
        .send()
        .await
        .map_err(|e| job.failed(e))?;
    let mut outputs = Vec::new();
    if let Some(p) = o.output_data_config().and_then(|c| c.s3_output_path()) {
        outputs.push(("model".to_string(), p.to_string()));
    }
    if let Some(p) = o.checkpoint_config().and_then(|c| c.s3_uri()) {
        outputs.push(("checkpoints".to_string(), p.to_string()));
    }
    Ok(JobRecord {
        arn: o.training_job_arn().unwrap_or(arn).to_string(),
        name: o.training_job_name().unwrap_or(name).to_string(),
        status: o
            .training_job_status()
            .map(|s| JobStatus::from(s.as_str()))
            .unwrap_or_default(),
        failure_reason: o.failure_reason().map(str::to_string),
        start_time: time(o.training_start_time()),
        end_time: time(o.training_end_time()),
        inputs: o
            .input_data_config()
            .iter()
            .filter_map(|ch| {
                Some((
                    ch.channel_name()?.to_string(),
                    ch.data_source()?.s3_data_source()?.s3_uri()?.to_string(),
                ))
            })
            .collect(),
        outputs,
        metrics: o
            .final_metric_data_list()
            .iter()
            .filter_map(|m| Some((m.metric_name()?.to_string(), widen(m.value()?))))
            .collect(),
        model_artifacts: o
            .model_artifacts()
            .and_then(|m| m.s3_model_artifacts())
            .map(str::to_string),
        best_training_job: None,
        security: Some(JobSecurity {
            network_isolation: Some(o.enable_network_isolation().unwrap_or(false)),
            inter_container_encryption: Some(
                o.enable_inter_container_traffic_encryption()
                    .unwrap_or(false),
            ),
            instance_count: o.resource_config().and_then(instances),
            vpc: Some(o.vpc_config().is_some()),
            volume_key: Some(key(o.resource_config().and_then(|r| r.volume_kms_key_id()))),
            output_key: Some(key(o.output_data_config().and_then(|c| c.kms_key_id()))),
        }),
    })
}

/// A transform job: its input and output locations.
async fn transform(job: &Job<'_>) -> Result<JobRecord, AwsError> {
    let (arn, name) = (job.arn, job.name);
    let o = job
        .sagemaker
        .describe_transform_job()
        .transform_job_name(name)
        .send()
        .await
        .map_err(|e| job.failed(e))?;
    Ok(JobRecord {
        arn: o.transform_job_arn().unwrap_or(arn).to_string(),
        name: o.transform_job_name().unwrap_or(name).to_string(),
        status: o
            .transform_job_status()
            .map(|s| JobStatus::from(s.as_str()))
            .unwrap_or_default(),
        failure_reason: o.failure_reason().map(str::to_string),
        start_time: time(o.transform_start_time()),
        end_time: time(o.transform_end_time()),
        inputs: o
            .transform_input()
            .and_then(|i| i.data_source())
            .and_then(|d| d.s3_data_source())
            .and_then(|s| s.s3_uri())
            .map(|u| vec![("input".to_string(), u.to_string())])
            .unwrap_or_default(),
        outputs: o
            .transform_output()
            .and_then(|t| t.s3_output_path())
            .map(|u| vec![("output".to_string(), u.to_string())])
            .unwrap_or_default(),
        // Network isolation and VPC are the model's, not the job's.
        security: Some(JobSecurity {
            instance_count: o.transform_resources().and_then(|r| r.instance_count()),
            volume_key: Some(key(o
                .transform_resources()
                .and_then(|r| r.volume_kms_key_id()))),
            output_key: Some(key(o.transform_output().and_then(|t| t.kms_key_id()))),
            ..JobSecurity::default()
        }),
        ..JobRecord::default()
    })
}

/// A hyperparameter tuning job: the channels and output of its training definitions,
/// and its best training job with that job's objective metric.
async fn tuning(job: &Job<'_>) -> Result<JobRecord, AwsError> {
    let (arn, name) = (job.arn, job.name);
    let o = job
        .sagemaker
        .describe_hyper_parameter_tuning_job()
        .hyper_parameter_tuning_job_name(name)
        .send()
        .await
        .map_err(|e| job.failed(e))?;
    let definitions: Vec<_> = o
        .training_job_definition()
        .into_iter()
        .chain(o.training_job_definitions().iter())
        .collect();
    // Several training definitions: a setting holds only if it holds in all of them.
    let all =
        |f: &dyn Fn(&aws_sdk_sagemaker::types::HyperParameterTrainingJobDefinition) -> bool| {
            (!definitions.is_empty()).then(|| definitions.iter().all(|d| f(d)))
        };
    let weakest_key = |f: &dyn Fn(
        &aws_sdk_sagemaker::types::HyperParameterTrainingJobDefinition,
    ) -> Option<&str>| {
        let keys: Vec<JobKey> = definitions.iter().map(|d| key(f(d))).collect();
        keys.iter()
            .find(|k| **k == JobKey::Default)
            .or(keys.first())
            .cloned()
    };
    let security = JobSecurity {
        network_isolation: all(&|d| d.enable_network_isolation().unwrap_or(false)),
        inter_container_encryption: all(&|d| {
            d.enable_inter_container_traffic_encryption()
                .unwrap_or(false)
        }),
        instance_count: definitions
            .iter()
            .filter_map(|d| d.resource_config().and_then(instances))
            .max(),
        vpc: all(&|d| d.vpc_config().is_some()),
        volume_key: weakest_key(&|d| d.resource_config().and_then(|r| r.volume_kms_key_id())),
        output_key: weakest_key(&|d| d.output_data_config().and_then(|c| c.kms_key_id())),
    };
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    for d in definitions {
        for ch in d.input_data_config() {
            if let (Some(n), Some(u)) = (
                ch.channel_name(),
                ch.data_source()
                    .and_then(|d| d.s3_data_source())
                    .and_then(|s| s.s3_uri()),
            ) {
                if !inputs.iter().any(|(x, _): &(String, String)| x == n) {
                    inputs.push((n.to_string(), u.to_string()));
                }
            }
        }
        if let Some(p) = d.output_data_config().and_then(|c| c.s3_output_path()) {
            if outputs.is_empty() {
                outputs.push(("model".to_string(), p.to_string()));
            }
        }
    }
    let best = o.best_training_job();
    let mut metrics = BTreeMap::new();
    if let Some(m) = best.and_then(|b| b.final_hyper_parameter_tuning_job_objective_metric()) {
        if let (Some(n), Some(v)) = (m.metric_name(), m.value()) {
            metrics.insert(n.to_string(), widen(v));
        }
    }
    Ok(JobRecord {
        arn: o
            .hyper_parameter_tuning_job_arn()
            .unwrap_or(arn)
            .to_string(),
        name: o
            .hyper_parameter_tuning_job_name()
            .unwrap_or(name)
            .to_string(),
        status: o
            .hyper_parameter_tuning_job_status()
            .map(|s| JobStatus::from(s.as_str()))
            .unwrap_or_default(),
        failure_reason: o.failure_reason().map(str::to_string),
        start_time: time(o.creation_time()),
        end_time: time(o.hyper_parameter_tuning_end_time()),
        inputs,
        outputs,
        metrics,
        model_artifacts: None,
        best_training_job: best.and_then(|b| b.training_job_name()).map(str::to_string),
        security: Some(security),
    })
}

/// An AutoML job (V2): its output location.
async fn auto_ml(job: &Job<'_>) -> Result<JobRecord, AwsError> {
    let (arn, name) = (job.arn, job.name);
    let o = job
        .sagemaker
        .describe_auto_ml_job_v2()
        .auto_ml_job_name(name)
        .send()
        .await
        .map_err(|e| job.failed(e))?;
    Ok(JobRecord {
        arn: o.auto_ml_job_arn().unwrap_or(arn).to_string(),
        name: o.auto_ml_job_name().unwrap_or(name).to_string(),
        status: o
            .auto_ml_job_status()
            .map(|s| JobStatus::from(s.as_str()))
            .unwrap_or_default(),
        failure_reason: o.failure_reason().map(str::to_string),
        start_time: time(o.creation_time()),
        end_time: time(o.end_time()),
        outputs: o
            .output_data_config()
            .and_then(|c| c.s3_output_path())
            .map(|u| vec![("output".to_string(), u.to_string())])
            .unwrap_or_default(),
        security: Some({
            let sc = o.security_config();
            JobSecurity {
                inter_container_encryption: Some(
                    sc.and_then(|s| s.enable_inter_container_traffic_encryption())
                        .unwrap_or(false),
                ),
                vpc: Some(sc.and_then(|s| s.vpc_config()).is_some()),
                volume_key: Some(key(sc.and_then(|s| s.volume_kms_key_id()))),
                output_key: Some(key(o.output_data_config().and_then(|c| c.kms_key_id()))),
                ..JobSecurity::default()
            }
        }),
        ..JobRecord::default()
    })
}

/// The key a job names for its volumes or outputs (none: the default).
fn key(id: Option<&str>) -> JobKey {
    match id.filter(|k| !k.is_empty()) {
        Some(k) => JobKey::Kms { key: k.to_string() },
        None => JobKey::Default,
    }
}

/// A training cluster's instances: its count, or the sum of its instance groups.
fn instances(r: &aws_sdk_sagemaker::types::ResourceConfig) -> Option<i32> {
    match r.instance_count() {
        Some(n) => Some(n),
        None if !r.instance_groups().is_empty() => Some(
            r.instance_groups()
                .iter()
                .filter_map(|g| g.instance_count())
                .sum(),
        ),
        None => None,
    }
}

/// AWS reports metrics as f32; widen through the shortest decimal so 0.947 stays
/// 0.947 rather than 0.9470000267028809.
fn widen(v: f32) -> f64 {
    v.to_string().parse().unwrap_or(f64::from(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_keep_their_decimal_value() {
        assert_eq!(widen(0.947_f32), 0.947);
        assert_eq!(widen(4.21_f32), 4.21);
    }
}
