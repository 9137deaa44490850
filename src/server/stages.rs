//! The stages of one lineage request, in order: the pipeline (and the latest
//! execution, side by side), the domain check, the execution to show, the execution's
//! records, then everything the records point at (jobs, model packages, buckets,
//! reports) in two rounds, beside the account's settings; last, the KMS keys that
//! buckets and jobs name. Each stage reads through the request's source and hands
//! records to the engine; `service::lineage_with` runs them.

use futures::future::join_all;

use super::error::LineageError;
use super::query::ParsedQuery;
use super::source::{
    peek, read, AccountPublicAccess, AwsError, AwsTarget, BucketSecurity, DescribeExecution,
    DescribeJob, DescribeKmsKey, DescribeModelPackage, DescribePipeline, ExecutionDefinition,
    ExecutionListItem, ExecutionParameters, ExecutionSteps, LineageSource, ListExecutions,
    PipelineDescription, PipelineTags, ReadObject,
};
use crate::core::{
    AccountRecord, BucketRecord, DomainMatch, ErrorCode, ExecutionRecord, KeyRecord, Lineage,
    Probe, StepRecord, Warning, MAX_REPORT_BYTES,
};
use crate::input::ExecutionRef;

/// Tag keys that name the SageMaker domain a pipeline belongs to.
const DOMAIN_TAGS: [&str; 3] = ["DomainName", "DomainId", "sagemaker:domain-arn"];

/// The pipeline and, when the latest execution is wanted, the list it comes from:
/// read side by side, since the latest execution needs only the pipeline's name.
pub(super) async fn pipeline(
    source: &dyn LineageSource,
    target: &AwsTarget,
    query: &ParsedQuery,
) -> Result<
    (
        PipelineDescription,
        Option<Result<Vec<ExecutionListItem>, AwsError>>,
    ),
    LineageError,
> {
    let name = query.pipeline.to_string();
    let wants_latest = query.execution.is_none() && query.include_latest_exec;
    let (described, latest) = tokio::join!(
        read(source, target, DescribePipeline { name: name.clone() }),
        async {
            if wants_latest {
                let list = ListExecutions {
                    pipeline: name.clone(),
                    limit: 1,
                };
                Some(read(source, target, list).await)
            } else {
                None
            }
        }
    );
    let described = described.map_err(|e| match e {
        AwsError::NotFound(_) => LineageError::PipelineNotFound(name),
        other => other.into(),
    })?;
    Ok((described, latest))
}

/// The domain the query asks for, matched against the pipeline's tags.
pub(super) async fn domain(
    source: &dyn LineageSource,
    target: &AwsTarget,
    query: &ParsedQuery,
    pipeline_arn: Option<&str>,
) -> Result<Option<DomainMatch>, LineageError> {
    let Some(wanted) = &query.domain else {
        return Ok(None);
    };
    let arn = pipeline_arn.unwrap_or_default().to_string();
    let tags = read(source, target, PipelineTags { arn }).await?;
    match_domain(&tags, wanted.as_str())
        .map(Some)
        .ok_or_else(|| LineageError::DomainMismatch {
            pipeline: query.pipeline.to_string(),
            domain: wanted.to_string(),
        })
}

/// Which tag says the pipeline is in `wanted` (`sagemaker:domain-arn` holds an ARN
/// ending in the domain id).
pub(super) fn match_domain(
    tags: &std::collections::BTreeMap<String, String>,
    wanted: &str,
) -> Option<DomainMatch> {
    DOMAIN_TAGS.iter().find_map(|key| {
        let value = tags.get(*key)?;
        let matches = value == wanted || value.rsplit('/').next() == Some(wanted);
        matches.then(|| DomainMatch {
            name: wanted.to_string(),
            matched_tag: key.to_string(),
        })
    })
}

/// The ARN of the execution to show: the one asked for, or the latest (a warning says
/// when there is none, or when the list could not be read).
pub(super) fn chosen_execution(
    query: &ParsedQuery,
    pipeline_arn: Option<&str>,
    latest: Option<Result<Vec<ExecutionListItem>, AwsError>>,
    warnings: &mut Vec<Warning>,
) -> Result<Option<String>, LineageError> {
    let pipeline = query.pipeline.as_str();
    Ok(match (&query.execution, latest) {
        (Some(e), _) => Some(execution_arn(e, pipeline_arn, query)?),
        (None, Some(Ok(list))) => {
            if list.is_empty() {
                warnings.push(warning(
                    ErrorCode::NoExecutions,
                    "execution",
                    pipeline,
                    None,
                    "this pipeline has no executions yet".into(),
                ));
            }
            list.into_iter().next().map(|e| e.arn)
        }
        (None, Some(Err(e))) => {
            warnings.push(aws_warning("execution", pipeline, &e));
            None
        }
        (None, None) => None,
    })
}

/// The full ARN of the execution asked for: an id is one of this pipeline; an ARN
/// must be of this pipeline, in the same partition, region and account as the
/// pipeline's ARN (AWS lower-cases pipeline names inside ARNs). Anything else is no
/// execution of this pipeline, and nothing is read for it.
pub(super) fn execution_arn(
    execution: &ExecutionRef,
    pipeline_arn: Option<&str>,
    query: &ParsedQuery,
) -> Result<String, LineageError> {
    let pipeline_arn = pipeline_arn.ok_or_else(|| {
        LineageError::Internal("the pipeline has no ARN to check the execution against".into())
    })?;
    let arn = match execution {
        ExecutionRef::Id(id) => return Ok(format!("{pipeline_arn}/execution/{id}")),
        ExecutionRef::Arn(arn) => arn,
    };
    // arn:PARTITION:sagemaker:REGION:ACCOUNT:pipeline/NAME
    let ours: Vec<&str> = pipeline_arn.splitn(6, ':').collect();
    let same_home = ours.len() == 6
        && arn.partition == ours[1]
        && arn.region == query.region
        && arn.account == ours[4];
    let same_pipeline = arn
        .pipeline
        .as_str()
        .eq_ignore_ascii_case(query.pipeline.as_str());
    if !(same_home && same_pipeline) {
        return Err(LineageError::NotThisPipeline {
            execution: arn.as_str().to_string(),
            pipeline: query.pipeline.to_string(),
            region: query.region.to_string(),
        });
    }
    Ok(arn.as_str().to_string())
}

/// What the execution's own reads gave: the execution with its steps, when it could
/// be described, and the definition it ran, when that could be read.
#[derive(Debug, Default)]
pub(super) struct ExecutionRead {
    pub run: Option<(ExecutionRecord, Vec<StepRecord>)>,
    pub definition: Option<String>,
}

/// The execution's description, definition, steps and parameters, read side by side.
/// A step list older than the status (the execution ended between the two reads) is
/// read again; an execution asked for by name that does not exist is a 404.
pub(super) async fn execution(
    source: &dyn LineageSource,
    target: &AwsTarget,
    arn: &str,
    query: &ParsedQuery,
    warnings: &mut Vec<Warning>,
) -> Result<ExecutionRead, LineageError> {
    let arn_owned = arn.to_string();
    let describe = || DescribeExecution {
        arn: arn_owned.clone(),
    };
    // A step list can be kept only if the execution was known to have ended before
    // it was read (see `ExecutionSteps`).
    let known_final = peek(source, target, describe())
        .await
        .is_some_and(|e| e.status.is_final_execution());
    let (described, ran, steps, parameters) = tokio::join!(
        read(source, target, describe()),
        read(
            source,
            target,
            ExecutionDefinition {
                arn: arn_owned.clone()
            }
        ),
        read(
            source,
            target,
            ExecutionSteps {
                arn: arn_owned.clone(),
                after_final: known_final,
            }
        ),
        read(
            source,
            target,
            ExecutionParameters {
                arn: arn_owned.clone()
            }
        ),
    );
    let mut out = ExecutionRead::default();
    let mut record = match described {
        Ok(record) => record,
        Err(AwsError::NotFound(_)) if query.execution.is_some() => {
            return Err(LineageError::ExecutionNotFound(
                query
                    .execution
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ));
        }
        Err(e) => {
            warnings.push(aws_warning("execution", arn, &e));
            return Ok(out);
        }
    };
    match ran {
        Ok(text) if !text.is_empty() => out.definition = Some(text),
        Ok(_) => {}
        Err(e) => warnings.push(aws_warning("execution", arn, &e)),
    }
    let mut steps = steps;
    if record.status.is_terminal() && steps.as_ref().is_ok_and(|s| !steps_finished(s)) {
        // The execution ended between the two reads (they run side by side): this
        // list is older than the status. Read it again, now that it has ended.
        let again = ExecutionSteps {
            arn: arn_owned.clone(),
            after_final: record.status.is_final_execution(),
        };
        steps = read(source, target, again).await;
    }
    let steps = steps.unwrap_or_else(|e| {
        warnings.push(aws_warning("execution", arn, &e));
        Vec::new()
    });
    match parameters {
        Ok(p) => record.parameters = p,
        Err(e) => warnings.push(aws_warning("execution", arn, &e)),
    }
    out.run = Some((record, steps));
    Ok(out)
}

/// Whether every step of a list has reached a state it does not leave.
fn steps_finished(steps: &[StepRecord]) -> bool {
    steps.iter().all(|s| s.status.is_terminal())
}

/// Everything an execution's records point at, in two rounds: jobs, model packages,
/// the buckets the definition names and the reports at locations it fixes, all side
/// by side; then the reports and buckets that only the jobs' actual locations reveal.
pub(super) async fn enrich(source: &dyn LineageSource, target: &AwsTarget, lineage: &mut Lineage) {
    let owner = OwnerCheck::of(lineage);
    let owner = &owner;
    let known_buckets = lineage.buckets();
    let jobs = lineage.job_requests();
    let packages = lineage.model_package_requests();
    let early_reports = lineage.report_requests();
    let (job_results, package_results, bucket_records, early_results) = tokio::join!(
        join_all(jobs.into_iter().map(|j| async move {
            let r = read(
                source,
                target,
                DescribeJob {
                    kind: j.kind,
                    arn: j.arn.clone(),
                },
            )
            .await;
            (j, r)
        })),
        join_all(packages.into_iter().map(|p| async move {
            let r = read(source, target, DescribeModelPackage { arn: p.arn.clone() }).await;
            (p, r)
        })),
        buckets(source, target, known_buckets.clone(), owner),
        join_all(
            early_reports
                .iter()
                .map(|req| report(source, target, &req.uri))
        ),
    );
    for (j, r) in job_results {
        lineage.apply_job(&j.step, r.map_err(|e| e.to_failure()));
    }
    for (p, r) in package_results {
        lineage.apply_model_package(&p.step, &p.arn, r.map_err(|e| e.to_failure()));
    }
    for r in bucket_records {
        lineage.apply_bucket(r);
    }

    // After the jobs, only reports whose location the jobs changed are left to read.
    let mut early: Vec<_> = early_reports.into_iter().zip(early_results).collect();
    let mut reports = Vec::new();
    for req in lineage.report_requests() {
        match early.iter().position(|(e, _)| e.uri == req.uri) {
            Some(i) => {
                let (_, result) = early.swap_remove(i);
                lineage.apply_report(&req, result.map_err(|e| e.to_failure()));
            }
            None => reports.push(req),
        }
    }
    let new_buckets: Vec<String> = lineage
        .buckets()
        .into_iter()
        .filter(|b| !known_buckets.contains(b))
        .collect();
    let (report_results, bucket_records) = tokio::join!(
        join_all(reports.into_iter().map(|req| async move {
            let r = report(source, target, &req.uri).await;
            (req, r)
        })),
        buckets(source, target, new_buckets, owner),
    );
    for (req, r) in report_results {
        lineage.apply_report(&req, r.map_err(|e| e.to_failure()));
    }
    for r in bucket_records {
        lineage.apply_bucket(r);
    }
}

/// Which bucket would be the SageMaker default bucket of the pipeline's account,
/// and that account: who owns a bucket of that name is checked.
#[derive(Debug, Clone, Default)]
pub(super) struct OwnerCheck(Option<(String, String)>);

impl OwnerCheck {
    pub(super) fn of(lineage: &Lineage) -> Self {
        OwnerCheck(lineage.default_bucket().zip(lineage.account()))
    }

    fn expected_owner(&self, bucket: &str) -> Option<String> {
        match &self.0 {
            Some((default, account)) if default == bucket => Some(account.clone()),
            _ => None,
        }
    }
}

/// The configuration of these buckets, each read once, side by side.
pub(super) async fn buckets(
    source: &dyn LineageSource,
    target: &AwsTarget,
    names: Vec<String>,
    owner: &OwnerCheck,
) -> Vec<BucketRecord> {
    join_all(names.into_iter().map(|bucket| async move {
        // Each probe says on its own whether it could be read; a read that failed as
        // a whole (only a source other than AWS's can) leaves every probe unread.
        let expected_owner = owner.expected_owner(&bucket);
        read(
            source,
            target,
            BucketSecurity {
                bucket: bucket.clone(),
                expected_owner,
            },
        )
        .await
        .unwrap_or_else(|e| unreadable_bucket(bucket, &e))
    }))
    .await
}

fn unread<T>(e: &AwsError) -> Probe<T> {
    let f = e.to_failure();
    Probe::Error {
        code: f.code,
        message: f.message,
    }
}

fn unreadable_bucket(bucket: String, e: &AwsError) -> BucketRecord {
    BucketRecord {
        bucket,
        region: unread(e),
        encryption: unread(e),
        versioning: unread(e),
        public_access: unread(e),
        tags: unread(e),
        controls: None,
    }
}

/// The account's settings, when the pipeline's ARN names the account.
pub(super) async fn account(
    source: &dyn LineageSource,
    target: &AwsTarget,
    account: Option<String>,
) -> Option<AccountRecord> {
    let account = account?;
    let read_account = AccountPublicAccess {
        account: account.clone(),
    };
    Some(
        read(source, target, read_account)
            .await
            .unwrap_or_else(|e| AccountRecord {
                id: account,
                public_access: unread(&e),
            }),
    )
}

/// The KMS keys that the buckets and jobs applied so far name, each read once, side
/// by side.
pub(super) async fn keys(source: &dyn LineageSource, target: &AwsTarget, lineage: &mut Lineage) {
    let records = join_all(lineage.key_requests().into_iter().map(|key| async move {
        read(source, target, DescribeKmsKey { key: key.clone() })
            .await
            .unwrap_or_else(|e| KeyRecord {
                key,
                description: unread(&e),
                rotation: None,
            })
    }))
    .await;
    for r in records {
        lineage.apply_key(r);
    }
}

async fn report(
    source: &dyn LineageSource,
    target: &AwsTarget,
    uri: &str,
) -> Result<Vec<u8>, AwsError> {
    let object = ReadObject {
        uri: uri.to_string(),
        max_bytes: MAX_REPORT_BYTES,
    };
    read(source, target, object).await
}

pub(super) fn warning(
    code: ErrorCode,
    scope: &str,
    target: &str,
    action: Option<String>,
    message: String,
) -> Warning {
    Warning {
        code,
        scope: scope.into(),
        target: target.into(),
        action,
        message,
    }
}

pub(super) fn aws_warning(scope: &str, target: &str, e: &AwsError) -> Warning {
    let f = e.to_failure();
    warning(f.code, scope, target, f.action, f.message)
}

#[cfg(test)]
mod tests;
