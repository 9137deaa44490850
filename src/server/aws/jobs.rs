//! Job descriptions (processing, training, transform, tuning, AutoML) as `JobRecord`s.

use std::collections::BTreeMap;

use aws_sdk_sagemaker::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::errors::map_sdk_error;
use super::time;
use crate::core::{JobKind, JobRecord, JobStatus};
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
    let definitions = o
        .training_job_definition()
        .into_iter()
        .chain(o.training_job_definitions().iter());
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
        ..JobRecord::default()
    })
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
