//! The facets of our events: the standard ones we fill (`parent`, `errorMessage`,
//! `jobType`) and our own, named as the spec's custom-facet rule says (key
//! `sagemakerLineage_<name>`, schema `SagemakerLineage<Name><Entity>Facet`), each
//! with its JSON Schema ([`schema`]), which the server serves at the `_schemaURL`
//! the facet names.

use std::collections::BTreeMap;

use lineage_core::{
    ExecutionSummary, Finding, LineageDocument, Node, Registry, ResourceType, Run, S3Security,
};
use serde::Serialize;
use serde_json::{json, Value};

use crate::{Dataset, Job, Namespace};

const PARENT: &str =
    "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet";
const ERROR_MESSAGE: &str =
    "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";
const JOB_TYPE: &str =
    "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet";

/// Run facets only the terminal event carries.
pub const ENDING: [&str; 2] = ["errorMessage", "sagemakerLineage_metrics"];

/// Who makes the events, and where our facet schemas are served: `public_url` is the
/// server's address as its users reach it (`--public-url`), without a trailing `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Producer {
    pub public_url: String,
    pub version: String,
}

impl Producer {
    pub fn new(public_url: &str, version: &str) -> Self {
        Producer {
            public_url: public_url.trim_end_matches('/').to_string(),
            version: version.to_string(),
        }
    }

    /// The events' `producer`: this server's OpenLineage page.
    pub fn producer_uri(&self) -> String {
        format!("{}/openlineage", self.public_url)
    }

    /// Where the schema of our facet `name` is served (`/openlineage/facets/...`).
    pub fn schema_file(&self, name: &str) -> String {
        format!("{}/openlineage/facets/{name}.json", self.public_url)
    }

    fn schema_url(&self, name: &str) -> String {
        format!("{}#/$defs/{name}", self.schema_file(name))
    }
}

/// One of our facets: the key it is attached under, its schema name, and the JSON
/// Schema of its own fields.
struct Custom {
    key: &'static str,
    name: &'static str,
    /// `RunFacet`, `JobFacet` or `DatasetFacet`: what it extends in the spec.
    base: &'static str,
    properties: fn() -> Value,
    required: &'static [&'static str],
}

const STRINGS: fn() -> Value =
    || json!({ "type": "object", "additionalProperties": { "type": "string" } });

const CUSTOM: [Custom; 5] = [
    Custom {
        key: "sagemakerLineage_bucketPosture",
        name: "SagemakerLineageBucketPostureDatasetFacet",
        base: "DatasetFacet",
        properties: || {
            let flag = json!({ "type": ["boolean", "null"] });
            json!({
                "bucket": { "type": "string", "description": "The S3 bucket." },
                "region": { "type": ["string", "null"], "description": "The bucket's region, when it could be read." },
                "encryption": {
                    "description": "Default encryption, when configured and readable.",
                    "oneOf": [
                        { "type": "null" },
                        { "type": "object", "properties": {
                            "algorithm": { "type": "string" },
                            "kmsKeyId": { "type": ["string", "null"] }
                        }, "required": ["algorithm"], "additionalProperties": false }
                    ]
                },
                "encrypted": flag, "versioned": flag, "publicAccessBlocked": flag, "regionMatches": flag,
                "findings": {
                    "description": "The bucket's security findings.",
                    "type": "array",
                    "items": { "type": "object", "properties": {
                        "id": { "type": "string" },
                        "severity": { "enum": ["critical", "high", "medium", "low"] },
                        "title": { "type": "string" },
                        "controls": { "type": "array", "items": { "type": "string" } }
                    }, "required": ["id", "severity", "title", "controls"], "additionalProperties": false }
                }
            })
        },
        required: &[
            "bucket",
            "encrypted",
            "versioned",
            "publicAccessBlocked",
            "regionMatches",
            "findings",
        ],
    },
    Custom {
        key: "sagemakerLineage_job",
        name: "SagemakerLineageJobRunFacet",
        base: "RunFacet",
        properties: || {
            let text = json!({ "type": ["string", "null"] });
            json!({
                "stepType": { "type": "string", "description": "The pipeline step's type (Training, Processing, ...)." },
                "jobArn": text, "jobName": text,
                "jobType": { "type": ["string", "null"], "description": "TrainingJob, ProcessingJob, ..." },
                "jobStatus": text,
                "attempts": { "type": ["integer", "null"] },
                "cacheHitSourceExecutionArn": text
            })
        },
        required: &["stepType"],
    },
    Custom {
        key: "sagemakerLineage_metrics",
        name: "SagemakerLineageMetricsRunFacet",
        base: "RunFacet",
        properties: || {
            json!({
                "metrics": { "type": "object", "additionalProperties": { "type": "number" },
                    "description": "The step's evaluation metrics (final metric values and report metrics)." }
            })
        },
        required: &["metrics"],
    },
    Custom {
        key: "sagemakerLineage_parameters",
        name: "SagemakerLineageParametersRunFacet",
        base: "RunFacet",
        properties: || {
            json!({
                "parameters": STRINGS(),
                "defaults": STRINGS()
            })
        },
        required: &["parameters", "defaults"],
    },
    Custom {
        key: "sagemakerLineage_modelPackage",
        name: "SagemakerLineageModelPackageDatasetFacet",
        base: "DatasetFacet",
        properties: || {
            let text = json!({ "type": ["string", "null"] });
            json!({
                "arn": { "type": "string" },
                "group": text,
                "version": { "type": ["integer", "null"] },
                "approvalStatus": text,
                "status": text
            })
        },
        required: &["arn"],
    },
];

/// The names of our facet schemas.
pub fn schema_names() -> impl Iterator<Item = &'static str> {
    CUSTOM.iter().map(|c| c.name)
}

/// The JSON Schema of our facet `name` (2020-12, laid out as the spec's own facet
/// files: the facet in `$defs`, extending the spec's base facet), or `None`.
pub fn schema(name: &str, producer: &Producer) -> Option<Value> {
    let c = CUSTOM.iter().find(|c| c.name == name)?;
    // Closed: the base facet allows anything (`additionalProperties: true`, which
    // also marks every property evaluated), so our part lists the base's two fields.
    let mut properties = (c.properties)();
    properties["_producer"] = json!({});
    properties["_schemaURL"] = json!({});
    Some(json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": producer.schema_file(c.name),
        "$defs": {
            c.name: {
                "allOf": [
                    { "$ref": format!("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/{}", c.base) },
                    {
                        "type": "object",
                        "properties": properties,
                        "required": c.required,
                        "additionalProperties": false
                    }
                ],
                "type": "object"
            }
        },
        "type": "object",
        "properties": { c.key: { "$ref": format!("#/$defs/{}", c.name) } }
    }))
}

/// Builds the facets of one document's events.
pub(crate) struct Facets<'a> {
    producer: &'a Producer,
    doc: &'a LineageDocument,
    ns: &'a Namespace,
}

impl<'a> Facets<'a> {
    pub(crate) fn new(producer: &'a Producer, doc: &'a LineageDocument, ns: &'a Namespace) -> Self {
        Facets { producer, doc, ns }
    }

    /// A facet: `_producer`, `_schemaURL` and the body's fields.
    fn facet(&self, schema_url: String, body: impl Serialize) -> Value {
        let mut value = serde_json::to_value(body).unwrap_or_else(|_| json!({}));
        if let Some(map) = value.as_object_mut() {
            map.insert("_producer".into(), json!(self.producer.producer_uri()));
            map.insert("_schemaURL".into(), json!(schema_url));
        }
        value
    }

    fn custom(&self, key: &str, body: impl Serialize) -> (String, Value) {
        let c = CUSTOM
            .iter()
            .find(|c| c.key == key)
            .expect("one of our facets");
        (
            key.to_string(),
            self.facet(self.producer.schema_url(c.name), body),
        )
    }

    fn job_type(&self, job_type: String) -> BTreeMap<String, Value> {
        BTreeMap::from([(
            "jobType".to_string(),
            self.facet(
                JOB_TYPE.into(),
                json!({ "processingType": "BATCH", "integration": "SAGEMAKER_PIPELINES", "jobType": job_type }),
            ),
        )])
    }

    pub(crate) fn pipeline_job(&self) -> BTreeMap<String, Value> {
        self.job_type("PIPELINE".into())
    }

    /// A step's job type: its step type, upper snake case (`TRAINING`, `CLARIFY_CHECK`).
    pub(crate) fn step_job(&self, node: &Node) -> BTreeMap<String, Value> {
        let mut kind = String::new();
        for (i, ch) in node.step_type.chars().enumerate() {
            if ch.is_uppercase() && i > 0 {
                kind.push('_');
            }
            kind.push(ch.to_ascii_uppercase());
        }
        self.job_type(kind)
    }

    pub(crate) fn execution_run(&self, execution: &ExecutionSummary) -> BTreeMap<String, Value> {
        let mut facets = BTreeMap::from([self.custom(
            "sagemakerLineage_parameters",
            json!({ "parameters": execution.parameters, "defaults": execution.parameter_defaults }),
        )]);
        if let Some(reason) = &execution.failure_reason {
            facets.insert("errorMessage".into(), self.error_message(reason));
        }
        facets
    }

    /// SageMaker does not say which language failed; the spec requires the field.
    fn error_message(&self, message: &str) -> Value {
        self.facet(
            ERROR_MESSAGE.into(),
            json!({ "message": message, "programmingLanguage": "UNKNOWN" }),
        )
    }

    pub(crate) fn step_run(
        &self,
        node: &Node,
        run: &Run,
        parent_run_id: &str,
        parent_job: &Job,
    ) -> BTreeMap<String, Value> {
        let parent = json!({
            "run": { "runId": parent_run_id },
            "job": { "namespace": parent_job.namespace, "name": parent_job.name },
            "root": {
                "run": { "runId": parent_run_id },
                "job": { "namespace": parent_job.namespace, "name": parent_job.name }
            }
        });
        let mut facets = BTreeMap::from([
            ("parent".to_string(), self.facet(PARENT.into(), parent)),
            self.custom(
                "sagemakerLineage_job",
                json!({
                    "stepType": node.step_type,
                    "jobArn": run.job_arn,
                    "jobName": run.job_name,
                    "jobType": run.job_type,
                    "jobStatus": run.job_status.as_ref().map(|s| s.as_str().to_string()),
                    "attempts": run.attempt_count,
                    "cacheHitSourceExecutionArn": run.cache_hit.as_ref().map(|c| c.source_execution_arn.clone()),
                }),
            ),
        ]);
        if run.status == lineage_core::RunStatus::Failed {
            let message = run
                .failure_reason
                .clone()
                .or(run.fail_message.clone())
                .unwrap_or_else(|| format!("step {} failed", node.id));
            facets.insert("errorMessage".into(), self.error_message(&message));
        }
        if !run.metrics.is_empty() {
            facets.extend([self.custom(
                "sagemakerLineage_metrics",
                json!({ "metrics": run.metrics }),
            )]);
        }
        facets
    }

    /// The posture facet of an S3 dataset (namespace `s3://bucket`), when the
    /// bucket was inspected.
    pub(crate) fn s3_dataset(&self, namespace: &str) -> BTreeMap<String, Value> {
        let bucket = namespace.trim_start_matches("s3://");
        let Some(s3) = self
            .doc
            .graph
            .artifacts
            .iter()
            .filter(|a| a.bucket == bucket)
            .find_map(|a| a.s3.as_ref())
        else {
            return BTreeMap::new();
        };
        let findings: Vec<&Finding> = self
            .doc
            .findings
            .iter()
            .filter(|f| f.resource.kind == ResourceType::Bucket && f.resource.id == bucket)
            .collect();
        BTreeMap::from([self.custom(
            "sagemakerLineage_bucketPosture",
            posture(bucket, s3, &findings),
        )])
    }

    /// The dataset of a registered model package: in the jobs' namespace, named by
    /// the ARN's resource (`model-package/<group>/<version>`).
    pub(crate) fn model_package(&self, r: &Registry) -> Dataset {
        let name = r
            .model_package_arn
            .splitn(6, ':')
            .nth(5)
            .unwrap_or(&r.model_package_arn)
            .to_string();
        Dataset {
            namespace: self.ns.jobs(),
            name,
            facets: BTreeMap::from([self.custom(
                "sagemakerLineage_modelPackage",
                json!({
                    "arn": r.model_package_arn,
                    "group": r.model_package_group,
                    "version": r.version,
                    "approvalStatus": r.approval_status,
                    "status": r.model_package_status,
                }),
            )]),
        }
    }
}

fn posture(bucket: &str, s3: &S3Security, findings: &[&Finding]) -> Value {
    json!({
        "bucket": bucket,
        "region": s3.region.value(),
        "encryption": s3.encryption.value().map(|e| json!({ "algorithm": e.algorithm, "kmsKeyId": e.kms_key_id })),
        "encrypted": s3.posture.encrypted,
        "versioned": s3.posture.versioned,
        "publicAccessBlocked": s3.posture.public_access_blocked,
        "regionMatches": s3.posture.region_matches,
        "findings": findings.iter().map(|f| json!({
            "id": f.id.id(),
            "severity": f.severity.as_str(),
            "title": f.title,
            "controls": f.controls,
        })).collect::<Vec<_>>(),
    })
}
