use super::*;

fn parsed(pipeline: &str, region: &str, execution: Option<&str>) -> ParsedQuery {
    let query = LineageQuery {
        pipeline: pipeline.into(),
        region: region.into(),
        execution: execution.map(str::to_string),
        ..LineageQuery::default()
    };
    parse(&query, &ServiceConfig::default()).unwrap()
}

#[test]
fn execution_ids_become_arns_of_this_pipeline() {
    let arn = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn";
    let resolve = |pipeline: &str, region: &str, execution: &str| {
        let q = parsed(pipeline, region, Some(execution));
        execution_arn(q.execution.as_ref().unwrap(), Some(arn), &q)
    };
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

#[test]
fn secrets_stay_secret() {
    let s = Secret("hunter2".into());
    assert!(!format!("{s:?}").contains("hunter2"));
    assert!(s.matches("hunter2"));
    assert!(!s.matches("hunter3") && !s.matches("hunter") && !s.matches(""));
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

/// The execution finishes between the two reads of one request: its description
/// (read first) says Succeeded, while the step list (read alongside, answered later)
/// still shows the last step running. Later lists show it finished.
struct FinishingRun {
    step_reads: std::sync::atomic::AtomicUsize,
}

fn step(name: &str, status: &str) -> crate::core::StepRecord {
    crate::core::StepRecord {
        name: name.into(),
        status: status.into(),
        start_time: Some("2026-11-20T10:00:00Z".into()),
        ..Default::default()
    }
}

#[async_trait::async_trait]
impl LineageSource for FinishingRun {
    async fn list_pipelines(&self, _: &AwsTarget) -> Result<Vec<PipelineListItem>, AwsError> {
        Ok(vec![])
    }
    async fn describe_pipeline(
        &self,
        _: &AwsTarget,
        name: &str,
    ) -> Result<(crate::core::PipelineRecord, String), AwsError> {
        Ok((
            crate::core::PipelineRecord {
                name: name.into(),
                arn: Some(format!(
                    "arn:aws:sagemaker:us-east-1:123456789012:pipeline/{name}"
                )),
                ..Default::default()
            },
            r#"{"Version": "2020-12-01", "Steps": [
                {"Name": "Prep", "Type": "Processing", "Arguments": {}},
                {"Name": "Train", "Type": "Training", "Arguments": {}, "DependsOn": ["Prep"]}]}"#
                .into(),
        ))
    }
    async fn pipeline_tags(
        &self,
        _: &AwsTarget,
        _: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        Ok(BTreeMap::new())
    }
    async fn list_executions(
        &self,
        _: &AwsTarget,
        _: &str,
        _: usize,
    ) -> Result<Vec<ExecutionListItem>, AwsError> {
        Ok(vec![])
    }
    async fn describe_execution(
        &self,
        _: &AwsTarget,
        arn: &str,
    ) -> Result<crate::core::ExecutionRecord, AwsError> {
        Ok(crate::core::ExecutionRecord {
            arn: arn.into(),
            status: "Succeeded".into(),
            ..Default::default()
        })
    }
    async fn execution_parameters(
        &self,
        _: &AwsTarget,
        _: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        Ok(BTreeMap::new())
    }
    async fn execution_definition(&self, t: &AwsTarget, _: &str) -> Result<String, AwsError> {
        Ok(self.describe_pipeline(t, "p").await?.1)
    }
    async fn execution_steps(
        &self,
        _: &AwsTarget,
        _: &str,
    ) -> Result<Vec<crate::core::StepRecord>, AwsError> {
        // Answered after the description, as a slower call would be.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let first = self.step_reads.fetch_add(1, Ordering::SeqCst) == 0;
        let train = if first { "Executing" } else { "Succeeded" };
        Ok(vec![step("Train", train), step("Prep", "Succeeded")])
    }
    async fn describe_job(
        &self,
        _: &AwsTarget,
        _: crate::core::JobKind,
        arn: &str,
    ) -> Result<crate::core::JobRecord, AwsError> {
        Err(AwsError::NotFound(arn.into()))
    }
    async fn describe_model_package(
        &self,
        _: &AwsTarget,
        arn: &str,
    ) -> Result<crate::core::ModelPackageRecord, AwsError> {
        Err(AwsError::NotFound(arn.into()))
    }
    async fn read_object(&self, _: &AwsTarget, uri: &str, _: usize) -> Result<Vec<u8>, AwsError> {
        Err(AwsError::NotFound(uri.into()))
    }
    async fn bucket_security(&self, _: &AwsTarget, bucket: &str) -> crate::core::BucketRecord {
        crate::core::BucketRecord {
            bucket: bucket.into(),
            region: crate::core::Probe::NotConfigured,
            encryption: crate::core::Probe::NotConfigured,
            versioning: crate::core::Probe::NotConfigured,
            public_access: crate::core::Probe::NotConfigured,
            tags: crate::core::Probe::NotConfigured,
        }
    }
}

fn statuses(doc: &LineageDocument) -> Vec<(String, String)> {
    doc.graph
        .nodes
        .iter()
        .map(|n| {
            let status = n.run.as_ref().map_or("NotStarted", |r| r.status.as_str());
            (n.id.clone(), status.to_string())
        })
        .collect()
}

#[tokio::test]
async fn a_run_that_ends_between_two_reads_is_never_shown_or_kept_half_finished() {
    let inner = Arc::new(FinishingRun {
        step_reads: Default::default(),
    });
    let source = crate::server::cache::CachedSource::new(
        inner.clone(),
        crate::server::store::Store::new(&Default::default()),
    );
    let query = parsed("p", "us-east-1", Some("e1"));
    let config = ServiceConfig::default();
    let finished = vec![
        ("Prep".to_string(), "Succeeded".to_string()),
        ("Train".to_string(), "Succeeded".to_string()),
    ];
    let doc = lineage_with(source.as_ref(), &config, &query)
        .await
        .unwrap();
    assert_eq!(
        doc.summary.overall_status,
        crate::core::OverallStatus::Succeeded
    );
    assert_eq!(statuses(&doc), finished, "no step left running");
    // Nothing stale was kept: later answers, fresh or not, agree.
    for fresh in [false, true] {
        let doc = with_fresh(fresh, lineage_with(source.as_ref(), &config, &query))
            .await
            .unwrap();
        assert_eq!(statuses(&doc), finished);
    }
    // The list read after the execution was seen final is kept: no more reads.
    let reads = inner.step_reads.load(Ordering::SeqCst);
    lineage_with(source.as_ref(), &config, &query)
        .await
        .unwrap();
    assert_eq!(inner.step_reads.load(Ordering::SeqCst), reads);
}
