//! Assembling the lineage document from a definition and records.
//!
//! The caller drives the engine in stages, because what to read from AWS depends on
//! what was read before: execution steps name the jobs; jobs name the actual S3
//! locations; locations name the buckets and reports.
//!
//! ```text
//! Lineage::new(pipeline, definition)
//!   .set_execution(execution, steps)    // optional
//!   job_requests / apply_job            // and model_package_requests / apply_model_package
//!   report_requests / apply_report
//!   buckets / apply_bucket              // default_bucket: check who owns it
//!   key_requests / apply_key            // after buckets and jobs name the keys
//!   account / apply_account             // any time
//!   finish(now) -> LineageDocument
//! ```

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::artifacts::{
    artifacts_of, denied_action, first_error, normalize_uri, probe_problem, security,
};
use super::definition::{Definition, StepDef};
use super::document::*;
use super::expr;
use super::findings::{arn_account, Finding, FindingCounts, Findings};
use super::metrics::metrics_from_report;
use super::posture::{AccountRecord, KeyRecord, KmsKey};
use super::records::*;
use super::render::{concrete, render_ios, RenderPass, CHECK_BASELINES};
use super::vocabulary::{ErrorCode, OverallStatus, RunStatus};

/// At most this many report reads per document.
const MAX_REPORTS: usize = 64;
/// File names tried under the outputs of evaluation-like steps.
const REPORT_NAMES: [&str; 3] = ["evaluation.json", "metrics.json", "report.json"];

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JobRequest {
    pub step: String,
    pub kind: JobKind,
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelPackageRequest {
    pub step: String,
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportRequest {
    /// The step the metrics belong to.
    pub step: String,
    pub uri: String,
    /// Declared by the definition (property file, model metrics). A missing optional
    /// report (a guessed file name) is not worth a warning.
    pub required: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct NodeState {
    pub(super) def: StepDef,
    pub(super) run: Option<Run>,
    pub(super) job: Option<JobRecord>,
    registry: Option<Registry>,
    not_in_definition: bool,
}

/// A lineage document under construction.
#[derive(Debug, Clone)]
pub struct Lineage {
    pub(super) pipeline: PipelineRecord,
    region: Option<String>,
    domain: Option<DomainMatch>,
    pub(super) parameters: BTreeMap<String, String>,
    /// The definition's parameter defaults, as text.
    defaults: BTreeMap<String, String>,
    pub(super) execution: Option<ExecutionRecord>,
    pub(super) nodes: Vec<NodeState>,
    pub(super) index: HashMap<String, usize>,
    edges: Vec<Edge>,
    buckets: BTreeMap<String, BucketRecord>,
    keys: BTreeMap<String, KeyRecord>,
    account: Option<AccountRecord>,
    warnings: Vec<Warning>,
}

impl Lineage {
    pub fn new(pipeline: PipelineRecord, definition: Definition) -> Self {
        let mut parameters = BTreeMap::new();
        for p in &definition.parameters {
            if let Some(default) = &p.default {
                parameters.insert(p.name.clone(), scalar_text(default));
            }
        }
        let nodes: Vec<NodeState> = definition
            .steps
            .into_iter()
            .map(|def| NodeState {
                def,
                ..NodeState::default()
            })
            .collect();
        let index = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.def.name.clone(), i))
            .collect();
        Lineage {
            pipeline,
            region: None,
            domain: None,
            defaults: parameters.clone(),
            parameters,
            execution: None,
            nodes,
            index,
            edges: definition.edges,
            buckets: BTreeMap::new(),
            keys: BTreeMap::new(),
            account: None,
            warnings: definition.warnings,
        }
    }

    /// The region the request was made for, used to flag buckets elsewhere.
    pub fn set_region(&mut self, region: impl Into<String>) {
        self.region = Some(region.into());
    }

    pub fn set_domain(&mut self, domain: DomainMatch) {
        self.domain = Some(domain);
    }

    /// Execution parameter values override the definition's defaults.
    pub fn set_parameters(&mut self, values: &BTreeMap<String, String>) {
        for (k, v) in values {
            self.parameters.insert(k.clone(), v.clone());
        }
    }

    pub fn warn(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    /// Attaches the execution and its steps. Steps that the definition does not know
    /// (it changed since) become nodes of their own, with a warning.
    pub fn set_execution(&mut self, execution: ExecutionRecord, steps: Vec<StepRecord>) {
        self.set_parameters(&execution.parameters.clone());
        self.execution = Some(execution);
        for step in steps {
            let i = match self.index.get(&step.name) {
                Some(i) => *i,
                None => {
                    self.warnings.push(Warning {
                        code: ErrorCode::StepNotInDefinition,
                        scope: "step".into(),
                        target: step.name.clone(),
                        action: None,
                        message: format!(
                            "step `{}` ran in this execution but is not in its definition",
                            step.name
                        ),
                    });
                    self.nodes.push(NodeState {
                        def: StepDef {
                            name: step.name.clone(),
                            step_type: metadata_step_type(&step.metadata).to_string(),
                            ..StepDef::default()
                        },
                        not_in_definition: true,
                        ..NodeState::default()
                    });
                    self.index.insert(step.name.clone(), self.nodes.len() - 1);
                    self.nodes.len() - 1
                }
            };
            // A step retried after a failure is listed once per attempt: the newest
            // attempt is the step's run, in whatever order the list came (a tie keeps
            // the earlier entry, since the adapter asks for newest first).
            let newer = match &self.nodes[i].run {
                None => true,
                Some(run) => {
                    attempt_key(step.start_time.as_deref(), step.attempt_count)
                        > attempt_key(run.start_time.as_deref(), run.attempt_count)
                }
            };
            if newer {
                self.nodes[i].run = Some(run_from_step(step));
            }
        }
    }

    pub fn job_requests(&self) -> Vec<JobRequest> {
        self.nodes
            .iter()
            .filter_map(|n| {
                let run = n.run.as_ref()?;
                let kind = job_kind_of(run.job_type.as_deref()?)?;
                Some(JobRequest {
                    step: n.def.name.clone(),
                    kind,
                    arn: run.job_arn.clone()?,
                })
            })
            .collect()
    }

    pub fn apply_job(&mut self, step: &str, result: Result<JobRecord, Failure>) {
        let Some(&i) = self.index.get(step) else {
            return;
        };
        match result {
            Ok(job) => {
                // JSON has no NaN or infinity: such a metric would be written as null
                // and make the whole document unreadable to typed clients.
                let (finite, odd): (Vec<_>, Vec<_>) =
                    job.metrics.iter().partition(|(_, v)| v.is_finite());
                if !odd.is_empty() {
                    let names: Vec<String> =
                        odd.iter().map(|(k, v)| format!("`{k}` ({v})")).collect();
                    self.warnings.push(Warning {
                        code: ErrorCode::MetricNotFinite,
                        scope: "job".into(),
                        target: job.arn.clone(),
                        action: None,
                        message: format!(
                            "job metrics that are not numbers were left out: {} (for step `{step}`)",
                            names.join(", ")
                        ),
                    });
                }
                let node = &mut self.nodes[i];
                if let Some(run) = node.run.as_mut() {
                    run.job_name = Some(job.name.clone());
                    run.job_status = Some(job.status.clone());
                    if run.failure_reason.is_none() {
                        run.failure_reason = job.failure_reason.clone();
                    }
                    for (k, v) in finite {
                        run.metrics.insert(k.clone(), *v);
                    }
                    run.security = job.security.clone();
                }
                node.job = Some(job);
            }
            Err(f) => {
                let target = self.nodes[i]
                    .run
                    .as_ref()
                    .and_then(|r| r.job_arn.clone())
                    .unwrap_or_else(|| step.to_string());
                self.warnings
                    .push(failure_warning("job", &target, &f, step));
            }
        }
    }

    pub fn model_package_requests(&self) -> Vec<ModelPackageRequest> {
        self.nodes
            .iter()
            .filter_map(|n| {
                let arn = n.run.as_ref()?.metadata.get("modelPackageArn")?;
                Some(ModelPackageRequest {
                    step: n.def.name.clone(),
                    arn: arn.clone(),
                })
            })
            .collect()
    }

    pub fn apply_model_package(
        &mut self,
        step: &str,
        arn: &str,
        result: Result<ModelPackageRecord, Failure>,
    ) {
        let Some(&i) = self.index.get(step) else {
            return;
        };
        let registry = match result {
            Ok(p) => Registry {
                model_package_arn: p.arn,
                model_package_group: p.group,
                version: p.version,
                approval_status: p.approval_status,
                model_package_status: p.status,
                creation_time: p.creation_time,
            },
            Err(f) => {
                self.warnings
                    .push(failure_warning("modelPackage", arn, &f, step));
                Registry {
                    model_package_arn: arn.to_string(),
                    ..Registry::default()
                }
            }
        };
        self.nodes[i].registry = Some(registry);
    }

    /// Reports to read: property files and model-quality statistics of steps that
    /// succeeded, and conventional report names under the outputs of evaluation-like
    /// steps. At most `MAX_REPORTS`, declared ones first: a guessed name never crowds
    /// out a report the definition names (`finish` warns about the rest).
    pub fn report_requests(&self) -> Vec<ReportRequest> {
        let mut all = self.report_candidates();
        all.truncate(MAX_REPORTS);
        all
    }

    /// Every report worth reading, declared ones first (otherwise in step order).
    fn report_candidates(&self) -> Vec<ReportRequest> {
        let mut out: Vec<ReportRequest> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut push = |req: ReportRequest| match seen.get(&req.uri) {
            Some(&at) => out[at].required |= req.required,
            None => {
                seen.insert(req.uri.clone(), out.len());
                out.push(req);
            }
        };
        let ios = self.render_all();
        for (i, node) in self.nodes.iter().enumerate() {
            let succeeded = node
                .run
                .as_ref()
                .is_some_and(|r| r.status == RunStatus::Succeeded);
            if !succeeded {
                continue;
            }
            let (inputs, outputs) = &ios[i];
            for pf in &node.def.property_files {
                if let Some(out) = outputs.iter().find(|o| o.name == pf.output_name) {
                    if out.resolved && out.uri.starts_with("s3://") {
                        push(ReportRequest {
                            step: node.def.name.clone(),
                            uri: join_key(&out.uri, &pf.file_path),
                            required: true,
                        });
                    }
                }
            }
            if node.def.step_type == "RegisterModel" {
                for input in inputs
                    .iter()
                    .filter(|i| i.name == "ModelQuality.Statistics")
                {
                    if input.resolved && input.uri.starts_with("s3://") {
                        let owner = self
                            .producer_of(&ios, &input.uri)
                            .filter(|p| {
                                self.index
                                    .get(p)
                                    .is_some_and(|&j| self.nodes[j].run.is_some())
                            })
                            .unwrap_or_else(|| node.def.name.clone());
                        push(ReportRequest {
                            step: owner,
                            uri: input.uri.clone(),
                            required: true,
                        });
                    }
                }
            }
            if node.def.property_files.is_empty() && looks_like_evaluation(node, outputs) {
                for out in outputs {
                    if !out.resolved || !out.uri.starts_with("s3://") {
                        continue;
                    }
                    if out.uri.ends_with(".json") {
                        push(ReportRequest {
                            step: node.def.name.clone(),
                            uri: out.uri.clone(),
                            required: false,
                        });
                    } else {
                        for name in REPORT_NAMES {
                            push(ReportRequest {
                                step: node.def.name.clone(),
                                uri: join_key(&out.uri, name),
                                required: false,
                            });
                        }
                    }
                }
            }
        }
        // Stable: declared reports first, each group in step order.
        out.sort_by_key(|r| !r.required);
        out
    }

    pub fn apply_report(&mut self, request: &ReportRequest, result: Result<Vec<u8>, Failure>) {
        let Some(&i) = self.index.get(&request.step) else {
            return;
        };
        match result {
            Ok(bytes) => match metrics_from_report(&bytes) {
                Ok(report) => {
                    if report.truncated {
                        self.warnings.push(Warning {
                            code: ErrorCode::ReportTruncated,
                            scope: "report".into(),
                            target: request.uri.clone(),
                            action: None,
                            message: format!(
                                "only the first {} metrics of {} were read (for step `{}`)",
                                report.metrics.len(),
                                request.uri,
                                request.step
                            ),
                        });
                    }
                    // Only steps that ran have metrics (requests are made for those).
                    let Some(run) = self.nodes[i].run.as_mut() else {
                        return;
                    };
                    run.metrics.extend(report.metrics);
                    if !run.reports.contains(&request.uri) {
                        run.reports.push(request.uri.clone());
                    }
                }
                Err(reason) => {
                    // A guessed name that holds something else is not our business.
                    if request.required {
                        self.warnings.push(Warning {
                            code: ErrorCode::ReportUnreadable,
                            scope: "report".into(),
                            target: request.uri.clone(),
                            action: None,
                            message: format!("{reason} (for step `{}`)", request.step),
                        });
                    }
                }
            },
            Err(f) => {
                // A guessed name that is not there is no news. Without s3:ListBucket,
                // S3 answers AccessDenied rather than NoSuchKey for a missing key.
                let missing = matches!(f.code, ErrorCode::NotFound | ErrorCode::AccessDenied);
                if request.required || !missing {
                    self.warnings
                        .push(failure_warning("report", &request.uri, &f, &request.step));
                }
            }
        }
    }

    /// Distinct buckets of all S3 artifacts, in name order.
    pub fn buckets(&self) -> Vec<String> {
        let ios = self.render_all();
        let mut buckets: Vec<String> = artifacts_of(&self.names(), &ios)
            .into_iter()
            .map(|a| a.bucket)
            .collect();
        buckets.sort();
        buckets.dedup();
        buckets
    }

    pub fn apply_bucket(&mut self, record: BucketRecord) {
        // (the probe's own action, what went wrong, the action that was denied: the
        // probe's own, or the one it depended on, such as s3:GetBucketLocation for a
        // bucket in another region)
        fn outcome<'a, T>(
            own: &'a str,
            p: &'a Probe<T>,
        ) -> (&'a str, Option<ErrorCode>, Option<&'a str>) {
            (own, probe_problem(p), denied_action(p))
        }
        let mut probes = vec![
            outcome("s3:GetBucketLocation", &record.region),
            outcome("s3:GetEncryptionConfiguration", &record.encryption),
            outcome("s3:GetBucketVersioning", &record.versioning),
            outcome("s3:GetBucketPublicAccessBlock", &record.public_access),
            outcome("s3:GetBucketTagging", &record.tags),
        ];
        if let Some(c) = &record.controls {
            probes.extend([
                outcome("s3:GetBucketPolicyStatus", &c.policy_status),
                outcome("s3:GetBucketPolicy", &c.policy),
                outcome("s3:GetBucketAcl", &c.acl),
                outcome("s3:GetBucketOwnershipControls", &c.ownership),
                outcome("s3:GetBucketObjectLockConfiguration", &c.object_lock),
                outcome("s3:GetBucketLogging", &c.logging),
                outcome("s3:GetLifecycleConfiguration", &c.lifecycle),
            ]);
            if let Some(owned) = &c.owned {
                probes.push(outcome("s3:ListBucket", owned));
            }
        }
        let mut by_code: BTreeMap<ErrorCode, Vec<&str>> = BTreeMap::new();
        for (own, problem, denied) in probes {
            if let Some(code) = problem {
                let actions = by_code.entry(code).or_default();
                let action = denied.unwrap_or(own);
                if !actions.contains(&action) {
                    actions.push(action);
                }
            }
        }
        for (code, actions) in by_code {
            let message = match code {
                ErrorCode::AccessDenied => format!(
                    "access denied reading bucket `{}` ({})",
                    record.bucket,
                    actions.join(", ")
                ),
                ErrorCode::NoSuchBucket => format!("bucket `{}` does not exist", record.bucket),
                _ => format!(
                    "could not read bucket `{}`: {}",
                    record.bucket,
                    first_error(&record).unwrap_or_default()
                ),
            };
            self.warnings.push(Warning {
                action: (code == ErrorCode::AccessDenied).then(|| actions.join(", ")),
                code,
                scope: "bucket".into(),
                target: record.bucket.clone(),
                message,
            });
        }
        self.buckets.insert(record.bucket.clone(), record);
    }

    /// The pipeline's account, from its ARN.
    pub fn account(&self) -> Option<String> {
        self.pipeline.arn.as_deref().and_then(arn_account)
    }

    /// The name SageMaker gives the default bucket of the pipeline's account and
    /// region (`sagemaker-<region>-<account>`): whoever creates a bucket of that name
    /// first owns it, so a pipeline that uses it must check that this account does.
    pub fn default_bucket(&self) -> Option<String> {
        let account = self.account()?;
        let region = self.region.clone().or_else(|| {
            let arn = self.pipeline.arn.as_deref()?;
            arn.split(':').nth(3).map(str::to_string)
        })?;
        Some(format!("sagemaker-{region}-{account}"))
    }

    /// The KMS keys that buckets' default encryption and jobs name, each once, as
    /// they name them. Ask after the buckets and jobs are applied.
    pub fn key_requests(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.key_users().into_keys().collect();
        keys.sort();
        keys
    }

    /// What `DescribeKey` (and `GetKeyRotationStatus`) said of a key.
    pub fn apply_key(&mut self, record: KeyRecord) {
        let mut problems = vec![(
            "kms:DescribeKey",
            probe_problem(&record.description),
            denied_action(&record.description),
        )];
        if let Some(r) = &record.rotation {
            problems.push((
                "kms:GetKeyRotationStatus",
                probe_problem(r),
                denied_action(r),
            ));
        }
        for (own, problem, denied) in problems {
            let Some(code) = problem else { continue };
            let action = denied.unwrap_or(own).to_string();
            let message = match &code {
                ErrorCode::AccessDenied => {
                    format!("access denied reading KMS key `{}` ({action})", record.key)
                }
                _ => format!(
                    "could not read KMS key `{}` ({action}): {}",
                    record.key,
                    probe_message(&record.description)
                        .or_else(|| record.rotation.as_ref().and_then(probe_message))
                        .unwrap_or_default()
                ),
            };
            self.warnings.push(Warning {
                action: (code == ErrorCode::AccessDenied).then_some(action),
                code,
                scope: "kmsKey".into(),
                target: record.key.clone(),
                message,
            });
        }
        self.keys.insert(record.key.clone(), record);
    }

    /// The account's settings (its S3 block public access).
    pub fn apply_account(&mut self, record: AccountRecord) {
        if let Some(code) = probe_problem(&record.public_access) {
            let action = denied_action(&record.public_access)
                .unwrap_or("s3:GetAccountPublicAccessBlock")
                .to_string();
            let message = match &code {
                ErrorCode::AccessDenied => format!(
                    "access denied reading the S3 block public access of account {} ({action})",
                    record.id
                ),
                _ => format!(
                    "could not read the S3 block public access of account {}: {}",
                    record.id,
                    probe_message(&record.public_access).unwrap_or_default()
                ),
            };
            self.warnings.push(Warning {
                action: (code == ErrorCode::AccessDenied).then_some(action),
                code,
                scope: "account".into(),
                target: record.id.clone(),
                message,
            });
        }
        self.account = Some(record);
    }

    /// Each KMS key named, with the buckets whose default encryption names it and the
    /// steps whose jobs name it.
    fn key_users(&self) -> BTreeMap<String, (Vec<String>, Vec<String>)> {
        let mut users: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for (bucket, record) in &self.buckets {
            if let Some(key) = record
                .encryption
                .value()
                .filter(|e| e.algorithm.starts_with("aws:kms"))
                .and_then(|e| e.kms_key_id.as_deref())
                .filter(|k| !k.is_empty())
            {
                users
                    .entry(key.to_string())
                    .or_default()
                    .0
                    .push(bucket.clone());
            }
        }
        for n in &self.nodes {
            let Some(security) = n.job.as_ref().and_then(|j| j.security.as_ref()) else {
                continue;
            };
            for key in [&security.volume_key, &security.output_key]
                .into_iter()
                .flatten()
                .filter_map(|k| k.kms())
                .filter(|k| !k.is_empty())
            {
                let steps = &mut users.entry(key.to_string()).or_default().1;
                if !steps.contains(&n.def.name) {
                    steps.push(n.def.name.clone());
                }
            }
        }
        users
    }

    /// The finished document. `now` (RFC 3339) gives running steps and executions an
    /// elapsed time; the engine has no clock of its own.
    pub fn finish(mut self, now: Option<&str>) -> LineageDocument {
        // Reports are read for steps that ran only.
        if self.execution.is_some() {
            let mut candidates = self.report_candidates();
            let left_out = candidates.split_off(candidates.len().min(MAX_REPORTS));
            if let Some(warning) = reports_left_out(&self.pipeline.name, &left_out) {
                self.warnings.push(warning);
            }
        }
        let ios = self.render_all();
        let account = self.account();
        let mut artifacts = artifacts_of(&self.names(), &ios);
        for a in &mut artifacts {
            if let Some(bucket) = self.buckets.get(&a.bucket) {
                a.s3 = Some(security(bucket, self.region.as_deref(), account.as_deref()));
            }
        }
        let (kms_keys, findings) = self.posture(&artifacts, account.as_deref());
        let artifact_ids: HashMap<String, usize> =
            artifacts.iter().map(|a| (a.uri.clone(), a.id)).collect();

        let skipped = self.skipped_nodes();
        let now = now.and_then(parse_time);
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for (i, (n, (inputs, outputs))) in self.nodes.iter().zip(ios).enumerate() {
            let link = |mut io: Io| {
                io.artifact = artifact_ids.get(normalize_uri(&io.uri)).copied();
                io
            };
            let mut run = n.run.clone();
            if let Some(run) = run.as_mut() {
                run.elapsed_sec = elapsed(run.start_time.as_deref(), run.end_time.as_deref(), now);
            }
            nodes.push(Node {
                id: n.def.name.clone(),
                step_type: n.def.step_type.clone(),
                label: n
                    .def
                    .display_name
                    .clone()
                    .unwrap_or_else(|| n.def.name.clone()),
                description: n.def.description.clone(),
                inputs: inputs.into_iter().map(link).collect(),
                outputs: outputs.into_iter().map(link).collect(),
                branch: n.def.branch.clone(),
                skipped: skipped[i],
                not_in_definition: n.not_in_definition,
                run,
                registry: n.registry.clone(),
            });
        }

        let mut node_status = BTreeMap::new();
        for n in &nodes {
            let status = n
                .run
                .as_ref()
                .map_or(RunStatus::NotStarted, |r| r.status.clone());
            *node_status.entry(status).or_insert(0) += 1;
        }
        let (overall_status, elapsed_sec) = match &self.execution {
            Some(e) => (
                OverallStatus::of(&e.status),
                elapsed(e.start_time.as_deref(), e.end_time.as_deref(), now),
            ),
            None => (OverallStatus::Unknown, None),
        };

        LineageDocument {
            domain: self.domain,
            pipeline: PipelineSummary {
                name: self.pipeline.name,
                arn: self.pipeline.arn,
                last_modified_time: self.pipeline.last_modified_time,
                display_name: self.pipeline.display_name,
                description: self.pipeline.description,
                region: self.region,
            },
            execution: self.execution.map(|e| ExecutionSummary {
                parameter_defaults: self
                    .defaults
                    .into_iter()
                    .filter(|(name, _)| !e.parameters.contains_key(name))
                    .collect(),
                id: e.arn.rsplit('/').next().unwrap_or(&e.arn).to_string(),
                arn: e.arn,
                status: e.status,
                start_time: e.start_time,
                end_time: e.end_time,
                failure_reason: e.failure_reason,
                display_name: e.display_name,
                parameters: e.parameters,
            }),
            summary: Summary {
                overall_status,
                node_status,
                elapsed_sec,
                findings: FindingCounts::of(&findings),
            },
            graph: Graph {
                nodes,
                edges: self.edges,
                artifacts,
                kms_keys,
            },
            account: self.account,
            findings,
            // The index's answer, added by the server (the engine has no index).
            deployments: None,
            warnings: self.warnings,
        }
    }

    /// The KMS keys the document shows, and every finding.
    fn posture(
        &self,
        artifacts: &[Artifact],
        account: Option<&str>,
    ) -> (Vec<KmsKey>, Vec<Finding>) {
        let order: Vec<String> = self.nodes.iter().map(|n| n.def.name.clone()).collect();
        let mut steps_of_bucket: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for a in artifacts {
            let steps = steps_of_bucket.entry(a.bucket.as_str()).or_default();
            for s in a.producers.iter().chain(&a.consumers) {
                if !steps.contains(s) {
                    steps.push(s.clone());
                }
            }
        }
        let mut findings = Findings::default();
        let account_blocks = self.account.as_ref().and_then(|a| a.public_access.value());
        for a in artifacts {
            // One bucket, many locations: its findings once.
            let Some(s3) = a.s3.as_ref().filter(|_| {
                artifacts
                    .iter()
                    .find(|b| b.bucket == a.bucket)
                    .map(|b| b.id)
                    == Some(a.id)
            }) else {
                continue;
            };
            findings.bucket(
                &a.bucket,
                s3,
                &steps_of_bucket[a.bucket.as_str()],
                self.region.as_deref(),
                account_blocks,
            );
        }
        if let Some(record) = &self.account {
            let mut steps: Vec<String> = Vec::new();
            for s in steps_of_bucket.values().flatten() {
                if !steps.contains(s) {
                    steps.push(s.clone());
                }
            }
            findings.account(&record.id, &record.public_access, &steps);
        }
        let mut kms_keys = Vec::new();
        for (name, (buckets, job_steps)) in self.key_users() {
            let mut steps = job_steps.clone();
            for b in &buckets {
                for s in steps_of_bucket.get(b.as_str()).into_iter().flatten() {
                    if !steps.contains(s) {
                        steps.push(s.clone());
                    }
                }
            }
            steps.sort_by_key(|s| order.iter().position(|o| o == s));
            let Some(record) = self.keys.get(&name) else {
                continue;
            };
            let key = KmsKey {
                key: name,
                description: record.description.clone(),
                rotation: record.rotation.clone(),
                buckets,
                steps,
            };
            let named_by = if key.buckets.is_empty() {
                let kind = job_steps
                    .first()
                    .and_then(|s| self.index.get(s))
                    .and_then(|&i| self.nodes[i].run.as_ref()?.job_type.as_deref())
                    .and_then(job_kind_of);
                (kind.map_or("", JobKind::describe_action), "KmsKeyId")
            } else {
                (
                    "s3:GetEncryptionConfiguration",
                    "ApplyServerSideEncryptionByDefault.KMSMasterKeyID",
                )
            };
            findings.key(&key, account, named_by);
            kms_keys.push(key);
        }
        for n in &self.nodes {
            let (Some(job), Some(run)) = (&n.job, &n.run) else {
                continue;
            };
            let (Some(security), Some(kind)) =
                (&job.security, run.job_type.as_deref().and_then(job_kind_of))
            else {
                continue;
            };
            findings.job(&n.def.name, &job.arn, kind, security);
        }
        (kms_keys, findings.into_vec(&order))
    }

    fn names(&self) -> Vec<&str> {
        self.nodes.iter().map(|n| n.def.name.as_str()).collect()
    }

    /// Steps in a branch that a finished condition did not take (at any depth).
    fn skipped_nodes(&self) -> Vec<bool> {
        let mut memo: Vec<Option<bool>> = vec![None; self.nodes.len()];
        (0..self.nodes.len())
            .map(|i| self.is_skipped(i, &mut memo, 0))
            .collect()
    }

    fn is_skipped(&self, i: usize, memo: &mut Vec<Option<bool>>, depth: usize) -> bool {
        if let Some(v) = memo[i] {
            return v;
        }
        let node = &self.nodes[i];
        let result = match (&node.def.branch, depth < 64) {
            (Some(branch), true) if node.run.is_none() => match self.index.get(&branch.condition) {
                Some(&c) => {
                    let outcome = self.nodes[c]
                        .run
                        .as_ref()
                        .and_then(|r| r.condition_outcome.as_deref());
                    let taken = match outcome {
                        Some(o) if o.eq_ignore_ascii_case("true") => Some("if"),
                        Some(o) if o.eq_ignore_ascii_case("false") => Some("else"),
                        _ => None,
                    };
                    match taken {
                        Some(t) => t != branch.outcome,
                        None => self.is_skipped(c, memo, depth + 1),
                    }
                }
                None => false,
            },
            _ => false,
        };
        memo[i] = Some(result);
        result
    }

    fn producer_of(&self, ios: &[(Vec<Io>, Vec<Io>)], uri: &str) -> Option<String> {
        let mut best: Option<(usize, &str)> = None;
        for (i, (_, outputs)) in ios.iter().enumerate() {
            for o in outputs {
                let prefix = normalize_uri(&o.uri);
                if o.uri.starts_with("s3://")
                    && (uri == prefix || uri.starts_with(&format!("{prefix}/")))
                    && best.is_none_or(|(len, _)| prefix.len() > len)
                {
                    best = Some((prefix.len(), &self.nodes[i].def.name));
                }
            }
        }
        best.map(|(_, name)| name.to_string())
    }

    /// Inputs and outputs of every node, rendered with the best values known: the
    /// job's actual locations first, then the definition.
    fn render_all(&self) -> Vec<(Vec<Io>, Vec<Io>)> {
        let pass = RenderPass::new(self);
        self.nodes
            .iter()
            .map(|n| {
                let actual_in = n.job.as_ref().map(|j| j.inputs.as_slice()).unwrap_or(&[]);
                let actual_out = n.job.as_ref().map(|j| j.outputs.as_slice()).unwrap_or(&[]);
                let mut inputs = render_ios(&pass, &n.def.inputs, actual_in);
                let mut outputs = render_ios(&pass, &n.def.outputs, actual_out);
                if let Some(model) = n.job.as_ref().and_then(|j| j.model_artifacts.as_ref()) {
                    outputs.push(concrete("modelArtifacts", model));
                }
                // Actual locations the definition does not mention.
                for (name, uri) in actual_in {
                    if !inputs.iter().any(|i| &i.name == name) {
                        inputs.push(concrete(name, uri));
                    }
                }
                for (name, uri) in actual_out {
                    if !outputs.iter().any(|o| &o.name == name) {
                        outputs.push(concrete(name, uri));
                    }
                }
                if let Some(run) = &n.run {
                    run_locations(run, &mut inputs, &mut outputs);
                }
                (inputs, outputs)
            })
            .collect()
    }
}

/// Locations only the run reveals: the baselines a check step wrote or compared
/// against, and S3 locations a Lambda or Callback step returned.
fn run_locations(run: &Run, inputs: &mut Vec<Io>, outputs: &mut Vec<Io>) {
    let known = |ios: &[Io], uri: &str| ios.iter().any(|io| io.uri == uri);
    for (property, key, written) in CHECK_BASELINES {
        let Some(uri) = run.metadata.get(key).filter(|u| u.starts_with("s3://")) else {
            continue;
        };
        if written {
            if !known(outputs, uri) {
                outputs.push(concrete(property, uri));
            }
        } else if !known(inputs, uri) && !known(outputs, uri) {
            inputs.push(concrete(property, uri));
        }
    }
    for (name, value) in &run.output_parameters {
        if value.starts_with("s3://") && !outputs.iter().any(|o| &o.name == name || &o.uri == value)
        {
            outputs.push(concrete(name, value));
        }
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => expr::render(other, &expr::Unresolved, 0).text,
    }
}

fn run_from_step(step: StepRecord) -> Run {
    let mut run = Run {
        status: step.status,
        start_time: step.start_time,
        end_time: step.end_time,
        failure_reason: step.failure_reason.filter(|r| !r.is_empty()),
        cache_hit: step.cache_hit_source.map(|arn| CacheHit {
            source_execution_arn: arn,
        }),
        attempt_count: step.attempt_count,
        ..Run::default()
    };
    match step.metadata {
        StepMetadata::None => {}
        StepMetadata::Job { kind, arn } => {
            run.job_name = arn.rsplit('/').next().map(str::to_string);
            run.job_type = Some(kind.resource().to_string());
            run.job_arn = Some(arn);
        }
        StepMetadata::Model { arn } => {
            run.metadata.insert("modelArn".into(), arn);
        }
        StepMetadata::RegisterModel { arn } => {
            run.metadata.insert("modelPackageArn".into(), arn);
        }
        StepMetadata::Condition { outcome } => run.condition_outcome = Some(outcome),
        StepMetadata::Fail { error_message } => {
            if run.failure_reason.is_none() {
                run.failure_reason = Some(error_message.clone());
            }
            run.fail_message = Some(error_message);
        }
        StepMetadata::Lambda {
            function_arn,
            output_parameters,
        } => {
            run.metadata.insert("metadataType".into(), "Lambda".into());
            if let Some(arn) = function_arn {
                run.metadata.insert("functionArn".into(), arn);
            }
            run.output_parameters = output_parameters;
        }
        StepMetadata::Callback {
            sqs_queue_url,
            output_parameters,
        } => {
            run.metadata
                .insert("metadataType".into(), "Callback".into());
            if let Some(url) = sqs_queue_url {
                run.metadata.insert("sqsQueueUrl".into(), url);
            }
            run.output_parameters = output_parameters;
        }
        StepMetadata::Other { kind, fields } => {
            run.metadata.insert("metadataType".into(), kind);
            run.metadata.extend(fields);
        }
    }
    run
}

/// Orders the attempts of one step: by start time, an attempt that has not started
/// yet being the newest, then by attempt count.
fn attempt_key(
    start: Option<&str>,
    attempts: Option<i32>,
) -> (bool, Option<DateTime<FixedOffset>>, i32) {
    let start = start.and_then(parse_time);
    (start.is_none(), start, attempts.unwrap_or(0))
}

fn job_kind_of(resource: &str) -> Option<JobKind> {
    [
        JobKind::Processing,
        JobKind::Training,
        JobKind::Transform,
        JobKind::Tuning,
        JobKind::AutoMl,
    ]
    .into_iter()
    .find(|k| k.resource() == resource)
}

/// A step type for a step known only from its execution record.
fn metadata_step_type(m: &StepMetadata) -> &str {
    match m {
        StepMetadata::Job { kind, .. } => match kind {
            JobKind::Processing => "Processing",
            JobKind::Training => "Training",
            JobKind::Transform => "Transform",
            JobKind::Tuning => "Tuning",
            JobKind::AutoMl => "AutoML",
        },
        StepMetadata::Model { .. } => "Model",
        StepMetadata::RegisterModel { .. } => "RegisterModel",
        StepMetadata::Condition { .. } => "Condition",
        StepMetadata::Fail { .. } => "Fail",
        StepMetadata::Lambda { .. } => "Lambda",
        StepMetadata::Callback { .. } => "Callback",
        StepMetadata::Other { kind, .. } => kind,
        StepMetadata::None => "Unknown",
    }
}

/// Names the reports beyond the cap (the first few, and how many more).
fn reports_left_out(pipeline: &str, left_out: &[ReportRequest]) -> Option<Warning> {
    const NAMED: usize = 10;
    if left_out.is_empty() {
        return None;
    }
    let mut names: Vec<String> = left_out
        .iter()
        .take(NAMED)
        .map(|r| format!("{} (step `{}`)", r.uri, r.step))
        .collect();
    if left_out.len() > NAMED {
        names.push(format!("and {} more", left_out.len() - NAMED));
    }
    Some(Warning {
        code: ErrorCode::ReportsNotRead,
        scope: "report".into(),
        target: pipeline.to_string(),
        action: None,
        message: format!(
            "{} report locations were not read (at most {MAX_REPORTS} per document, \
             declared reports first): {}",
            left_out.len(),
            names.join(", ")
        ),
    })
}

fn probe_message<T>(p: &Probe<T>) -> Option<String> {
    match p {
        Probe::Error { message, .. } => Some(message.clone()),
        _ => None,
    }
}

fn failure_warning(scope: &str, target: &str, f: &Failure, step: &str) -> Warning {
    Warning {
        code: f.code.clone(),
        scope: scope.to_string(),
        target: target.to_string(),
        action: f.action.clone(),
        message: format!("{} (for step `{step}`)", f.message),
    }
}

fn looks_like_evaluation(node: &NodeState, outputs: &[Io]) -> bool {
    let hint = |s: &str| {
        let s = s.to_ascii_lowercase();
        ["eval", "metric", "report", "score", "assess"]
            .iter()
            .any(|w| s.contains(w))
    };
    node.def.step_type == "Processing"
        && (hint(&node.def.name) || outputs.iter().any(|o| hint(&o.name)))
}

fn join_key(prefix: &str, file: &str) -> String {
    format!(
        "{}/{}",
        prefix.trim_end_matches('/'),
        file.trim_start_matches('/')
    )
}

fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

/// Seconds between start and end (or `now` while running), to the millisecond.
fn elapsed(
    start: Option<&str>,
    end: Option<&str>,
    now: Option<DateTime<FixedOffset>>,
) -> Option<f64> {
    let start = parse_time(start?)?;
    let end = match end {
        Some(e) => parse_time(e)?,
        None => now?,
    };
    let ms = (end - start).num_milliseconds();
    (ms >= 0).then(|| ms as f64 / 1000.0)
}
