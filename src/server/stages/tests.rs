//! Each stage of a lineage request against the in-memory `FakeSource`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::api::LineageQuery;
use crate::core::{
    BucketRecord, Encryption, ExecutionRecord, JobKind, JobRecord, PipelineRecord, Probe,
    RunStatus, StepMetadata, StepRecord,
};
use crate::server::cache::{with_fresh, CachedSource};
use crate::server::query::parse;
use crate::server::service::{lineage_with, ServiceConfig};
use crate::server::source::PipelineDescription;
use crate::server::store::Store;
use crate::server::testing::FakeSource;

const PIPELINE_ARN: &str = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p";
const EXEC_ARN: &str = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/e1";
const JOB_ARN: &str = "arn:aws:sagemaker:us-east-1:123456789012:training-job/t1";
const ACCOUNT: &str = "123456789012";

fn query(execution: Option<&str>, latest: bool) -> ParsedQuery {
    let q = LineageQuery {
        pipeline: "p".into(),
        region: "us-east-1".into(),
        execution: execution.map(str::to_string),
        include_latest_exec: latest,
        ..LineageQuery::default()
    };
    parse(&q, &ServiceConfig::default()).unwrap()
}

fn target() -> AwsTarget {
    AwsTarget {
        region: "us-east-1".into(),
        profile: None,
    }
}

/// Prep (Processing, writes s3://feat/train) -> Train (Training, reads it).
const DEFINITION: &str = r#"{"Version": "2020-12-01", "Steps": [
    {"Name": "Prep", "Type": "Processing", "Arguments": {
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "train",
            "S3Output": {"S3Uri": "s3://feat/train"}}]}}},
    {"Name": "Train", "Type": "Training", "Arguments": {
        "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri":
            {"Get": "Steps.Prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}}}}],
        "OutputDataConfig": {"S3OutputPath": "s3://models/out"}}}]}"#;

fn pipeline() -> PipelineDescription {
    PipelineDescription {
        pipeline: PipelineRecord {
            name: "p".into(),
            arn: Some(PIPELINE_ARN.into()),
            ..PipelineRecord::default()
        },
        definition: DEFINITION.into(),
    }
}

fn step(name: &str, status: &str, metadata: StepMetadata) -> StepRecord {
    StepRecord {
        name: name.into(),
        status: status.into(),
        start_time: Some("2026-11-20T10:00:00Z".into()),
        metadata,
        ..StepRecord::default()
    }
}

fn bucket(name: &str) -> BucketRecord {
    BucketRecord {
        bucket: name.into(),
        region: Probe::Ok {
            value: "us-east-1".into(),
        },
        encryption: Probe::Ok {
            value: Encryption::default(),
        },
        versioning: Probe::NotConfigured,
        public_access: Probe::NotConfigured,
        tags: Probe::NotConfigured,
        controls: None,
    }
}

fn execution(status: &str) -> ExecutionRecord {
    ExecutionRecord {
        arn: EXEC_ARN.into(),
        status: status.into(),
        ..ExecutionRecord::default()
    }
}

/// A finished run of DEFINITION: the training job wrote its model under a location
/// the definition does not name (bucket `artifacts`).
fn finished_run() -> FakeSource {
    let fake = FakeSource::new();
    fake.answer(DescribePipeline { name: "p".into() }, pipeline())
        .answer(describe(), execution("Succeeded"))
        .answer(definition(), DEFINITION.to_string())
        .answer(params(), BTreeMap::new())
        .answer(
            steps(false),
            vec![
                step(
                    "Train",
                    "Succeeded",
                    StepMetadata::Job {
                        kind: JobKind::Training,
                        arn: JOB_ARN.into(),
                    },
                ),
                step("Prep", "Succeeded", StepMetadata::None),
            ],
        )
        .answer(
            DescribeJob {
                kind: JobKind::Training,
                arn: JOB_ARN.into(),
            },
            JobRecord {
                arn: JOB_ARN.into(),
                name: "t1".into(),
                status: "Completed".into(),
                outputs: vec![("model".into(), "s3://artifacts/t1/out".into())],
                ..JobRecord::default()
            },
        );
    for b in ["feat", "models", "artifacts"] {
        fake.answer(
            BucketSecurity {
                bucket: b.into(),
                expected_owner: None,
            },
            bucket(b),
        );
    }
    fake.answer(
        AccountPublicAccess {
            account: ACCOUNT.into(),
        },
        AccountRecord {
            id: ACCOUNT.into(),
            public_access: Probe::NotConfigured,
        },
    );
    fake
}

fn describe() -> DescribeExecution {
    DescribeExecution {
        arn: EXEC_ARN.into(),
    }
}

fn definition() -> ExecutionDefinition {
    ExecutionDefinition {
        arn: EXEC_ARN.into(),
    }
}

fn params() -> ExecutionParameters {
    ExecutionParameters {
        arn: EXEC_ARN.into(),
    }
}

fn steps(after_final: bool) -> ExecutionSteps {
    ExecutionSteps {
        arn: EXEC_ARN.into(),
        after_final,
    }
}

#[tokio::test]
async fn the_pipeline_and_its_latest_execution_are_read_side_by_side() {
    let fake = FakeSource::new();
    fake.answer(DescribePipeline { name: "p".into() }, pipeline())
        .delay("pipeline", Duration::from_millis(100))
        .delay("execution_list", Duration::from_millis(100));
    let started = std::time::Instant::now();
    let (described, latest) = pipeline_stage(&fake, true).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(180),
        "side by side"
    );
    assert_eq!(described.pipeline.name, "p");
    // The list itself failed (no answer given): the stage reports it, the caller warns.
    assert!(matches!(latest, Some(Err(AwsError::NotFound(_)))));
    let (_, latest) = pipeline_stage(&fake, false).await.unwrap();
    assert!(latest.is_none(), "not asked for");

    let missing = FakeSource::new();
    assert!(matches!(
        pipeline_stage(&missing, true).await,
        Err(LineageError::PipelineNotFound(name)) if name == "p"
    ));
}

async fn pipeline_stage(
    fake: &FakeSource,
    latest: bool,
) -> Result<
    (
        PipelineDescription,
        Option<Result<Vec<ExecutionListItem>, AwsError>>,
    ),
    LineageError,
> {
    super::pipeline(fake, &target(), &query(None, latest)).await
}

#[tokio::test]
async fn the_domain_is_matched_against_the_tags() {
    let fake = FakeSource::new();
    let tags: BTreeMap<String, String> = [(
        "sagemaker:domain-arn".to_string(),
        "arn:aws:sagemaker:us-east-1:1:domain/d-xyz".to_string(),
    )]
    .into();
    fake.answer(
        PipelineTags {
            arn: PIPELINE_ARN.into(),
        },
        tags,
    );
    let mut q = query(None, false);
    assert_eq!(
        domain(&fake, &target(), &q, Some(PIPELINE_ARN))
            .await
            .unwrap(),
        None
    );
    q.domain = Some("d-xyz".parse().unwrap());
    let matched = domain(&fake, &target(), &q, Some(PIPELINE_ARN))
        .await
        .unwrap();
    assert_eq!(matched.unwrap().matched_tag, "sagemaker:domain-arn");
    q.domain = Some("d-other".parse().unwrap());
    assert!(matches!(
        domain(&fake, &target(), &q, Some(PIPELINE_ARN)).await,
        Err(LineageError::DomainMismatch { .. })
    ));
}

#[test]
fn domain_tags() {
    let tags: BTreeMap<String, String> = [
        ("DomainId".to_string(), "d-abc".to_string()),
        (
            "sagemaker:domain-arn".to_string(),
            "arn:aws:sagemaker:us-east-1:1:domain/d-xyz".to_string(),
        ),
    ]
    .into();
    assert_eq!(
        match_domain(&tags, "d-abc").unwrap().matched_tag,
        "DomainId"
    );
    assert_eq!(
        match_domain(&tags, "d-xyz").unwrap().matched_tag,
        "sagemaker:domain-arn"
    );
    assert!(match_domain(&tags, "other").is_none());
}

#[test]
fn the_execution_shown_is_the_one_asked_for_or_the_latest() {
    let mut warnings = Vec::new();
    let chosen = chosen_execution(
        &query(Some("e1"), false),
        Some(PIPELINE_ARN),
        None,
        &mut warnings,
    )
    .unwrap();
    assert_eq!(chosen.as_deref(), Some(EXEC_ARN));
    let none = chosen_execution(
        &query(None, true),
        Some(PIPELINE_ARN),
        Some(Ok(vec![])),
        &mut warnings,
    )
    .unwrap();
    assert_eq!(none, None);
    let failed = Some(Err(AwsError::Throttled("list".into())));
    chosen_execution(
        &query(None, true),
        Some(PIPELINE_ARN),
        failed,
        &mut warnings,
    )
    .unwrap();
    let codes: Vec<&str> = warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["NoExecutions", "Throttled"]);
}

#[test]
fn execution_ids_become_arns_of_this_pipeline() {
    let resolve = |pipeline: &str, region: &str, execution: &str| {
        let q = parse(
            &LineageQuery {
                pipeline: pipeline.into(),
                region: region.into(),
                execution: Some(execution.into()),
                ..LineageQuery::default()
            },
            &ServiceConfig::default(),
        )
        .unwrap();
        let arn = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn";
        execution_arn(q.execution.as_ref().unwrap(), Some(arn), &q)
    };
    let arn = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn";
    assert_eq!(
        resolve("customer-churn", "us-east-1", "e1").unwrap(),
        format!("{arn}/execution/e1")
    );
    let other = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/other/execution/e1";
    assert!(resolve("customer-churn", "us-east-1", other).is_err());
    let upper = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn/execution/e1";
    assert!(resolve("Customer-Churn", "us-east-1", upper).is_ok());
    // An ARN from another region than the one asked for is refused before any call.
    assert!(resolve("customer-churn", "eu-west-1", upper).is_err());
    // So is one of another account or partition with the same pipeline name: that
    // account's definition, steps and buckets must never show under this pipeline.
    for foreign in [
        "arn:aws:sagemaker:us-east-1:999999999999:pipeline/customer-churn/execution/e1",
        "arn:aws-cn:sagemaker:us-east-1:123456789012:pipeline/customer-churn/execution/e1",
    ] {
        assert!(
            matches!(
                resolve("customer-churn", "us-east-1", foreign),
                Err(LineageError::NotThisPipeline { .. })
            ),
            "{foreign}"
        );
    }
}

/// The execution finishes between the two reads of one request: its description
/// (answered first) says Succeeded, while the step list (answered later) still shows
/// the last step running. The document never shows it half finished, and the stale
/// list is never kept.
#[tokio::test]
async fn a_run_that_ends_between_two_reads_is_never_shown_or_kept_half_finished() {
    let fake = Arc::new(finished_run());
    fake.answers(
        steps(false),
        vec![
            Ok(vec![
                step("Train", "Executing", StepMetadata::None),
                step("Prep", "Succeeded", StepMetadata::None),
            ]),
            Ok(vec![
                step("Train", "Succeeded", StepMetadata::None),
                step("Prep", "Succeeded", StepMetadata::None),
            ]),
        ],
    )
    .delay("steps", Duration::from_millis(50));
    let cached = CachedSource::new(fake.clone(), Store::new(&Default::default()));
    let statuses = |run: &Option<(ExecutionRecord, Vec<StepRecord>)>| -> Vec<RunStatus> {
        run.as_ref()
            .unwrap()
            .1
            .iter()
            .map(|s| s.status.clone())
            .collect()
    };
    let finished = vec![RunStatus::Succeeded, RunStatus::Succeeded];
    let q = query(Some("e1"), false);
    let mut warnings = Vec::new();
    let read = super::execution(cached.as_ref(), &target(), EXEC_ARN, &q, &mut warnings)
        .await
        .unwrap();
    assert_eq!(statuses(&read.run), finished, "no step left running");
    // Nothing stale was kept: later reads, fresh or not, agree.
    for fresh in [false, true] {
        let read = with_fresh(
            fresh,
            super::execution(cached.as_ref(), &target(), EXEC_ARN, &q, &mut warnings),
        )
        .await
        .unwrap();
        assert_eq!(statuses(&read.run), finished);
    }
    // The list read after the execution was seen final is kept: no more reads.
    let reads = fake.calls("steps");
    super::execution(cached.as_ref(), &target(), EXEC_ARN, &q, &mut warnings)
        .await
        .unwrap();
    assert_eq!(fake.calls("steps"), reads);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[tokio::test]
async fn an_execution_that_cannot_be_read_is_a_404_or_a_warning() {
    let fake = finished_run();
    fake.fail(describe(), AwsError::NotFound("gone".into()));
    let mut warnings = Vec::new();
    assert!(matches!(
        super::execution(&fake, &target(), EXEC_ARN, &query(Some("e1"), false), &mut warnings)
            .await,
        Err(LineageError::ExecutionNotFound(e)) if e == "e1"
    ));
    // Asked for as the latest, a failure is a warning and the pipeline is still shown.
    fake.fail(describe(), AwsError::Throttled("describe".into()));
    let read = super::execution(
        &fake,
        &target(),
        EXEC_ARN,
        &query(None, true),
        &mut warnings,
    )
    .await
    .unwrap();
    assert!(read.run.is_none());
    assert_eq!(warnings[0].code.as_str(), "Throttled");
}

#[tokio::test]
async fn everything_a_run_points_at_is_read_once_in_two_rounds() {
    let fake = finished_run();
    let config = ServiceConfig::default();
    let doc = lineage_with(&fake, &config, &query(Some("e1"), false))
        .await
        .unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(fake.calls("job"), 1);
    // feat and models come from the definition, artifacts from the job's output:
    // each bucket once.
    assert_eq!(fake.calls("bucket"), 3);
    let buckets: Vec<&str> = doc
        .graph
        .artifacts
        .iter()
        .filter(|a| a.s3.is_some())
        .map(|a| a.bucket.as_str())
        .collect();
    assert!(buckets.contains(&"artifacts"), "{buckets:?}");
    assert_eq!(doc.summary.overall_status.as_str(), "Succeeded");
    // The account's block public access, once; no bucket names a KMS key.
    assert_eq!(fake.calls("account"), 1);
    assert_eq!(fake.calls("kms_key"), 0);
    assert!(doc
        .findings
        .iter()
        .any(|f| f.id == crate::core::FindingKind::S3AccountPublicAccessBlockOff));

    // Without an execution: only the definition's buckets.
    let fake = finished_run();
    let doc = lineage_with(&fake, &config, &query(None, false))
        .await
        .unwrap();
    assert!(doc.execution.is_none());
    assert_eq!(fake.calls("bucket"), 2);
    assert_eq!(fake.calls("execution"), 0);
    assert_eq!(fake.calls("job"), 0);
    assert_eq!(fake.calls("account"), 1);
}

#[tokio::test]
async fn keys_are_read_once_after_the_buckets_and_jobs_that_name_them() {
    const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/k1";
    const DEFAULT_BUCKET: &str = "sagemaker-us-east-1-123456789012";
    let fake = finished_run();
    // The job writes to the account's default bucket and names the key for its
    // volumes; the models bucket names the same key for its default encryption.
    fake.answer(
        DescribeJob {
            kind: JobKind::Training,
            arn: JOB_ARN.into(),
        },
        JobRecord {
            arn: JOB_ARN.into(),
            name: "t1".into(),
            status: "Completed".into(),
            outputs: vec![("model".into(), format!("s3://{DEFAULT_BUCKET}/t1/out"))],
            security: Some(crate::core::JobSecurity {
                volume_key: Some(crate::core::JobKey::Kms { key: KEY.into() }),
                ..Default::default()
            }),
            ..JobRecord::default()
        },
    )
    .answer(
        BucketSecurity {
            bucket: "models".into(),
            expected_owner: None,
        },
        BucketRecord {
            encryption: Probe::Ok {
                value: Encryption {
                    algorithm: "aws:kms".into(),
                    kms_key_id: Some(KEY.into()),
                    bucket_key_enabled: None,
                },
            },
            ..bucket("models")
        },
    )
    .answer(
        BucketSecurity {
            bucket: DEFAULT_BUCKET.into(),
            expected_owner: Some(ACCOUNT.into()),
        },
        bucket(DEFAULT_BUCKET),
    )
    .answer(
        DescribeKmsKey { key: KEY.into() },
        KeyRecord {
            key: KEY.into(),
            description: Probe::Ok {
                value: crate::core::KeyDescription {
                    arn: KEY.into(),
                    manager: "CUSTOMER".into(),
                    state: "Disabled".into(),
                    account: ACCOUNT.into(),
                },
            },
            rotation: Some(Probe::Ok { value: true }),
        },
    );
    let doc = lineage_with(&fake, &ServiceConfig::default(), &query(Some("e1"), false))
        .await
        .unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(fake.calls("kms_key"), 1);
    let key = &doc.graph.kms_keys[0];
    assert_eq!(key.buckets, ["models"]);
    assert_eq!(key.steps, ["Train"]);
    let disabled = doc
        .findings
        .iter()
        .find(|f| f.id == crate::core::FindingKind::KmsKeyNotEnabled)
        .expect("the disabled key is a finding");
    assert_eq!(disabled.resource.id, KEY);
}

#[tokio::test]
async fn a_bucket_read_that_fails_as_a_whole_leaves_every_probe_unread() {
    let fake = FakeSource::new();
    fake.fail(
        BucketSecurity {
            bucket: "b".into(),
            expected_owner: None,
        },
        AwsError::Timeout("bucket".into()),
    );
    let records = buckets(&fake, &target(), vec!["b".into()], &OwnerCheck::default()).await;
    assert!(
        matches!(&records[0].encryption, Probe::Error { code, .. } if code.as_str() == "Timeout")
    );
    let _ = ListExecutions {
        pipeline: String::new(),
        limit: 1,
    };
}
