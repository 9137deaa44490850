//! SageMaker Pipelines executions as OpenLineage run events (spec 2-0-2): a lineage
//! document in, the events of its execution out, in time order. Pure: the event
//! times are the run's own times, the ids are derived from ARNs, nothing is read or
//! sent here (the server and the CLI do that).
//!
//! The mapping (README, "OpenLineage"):
//! - one job per pipeline (`sagemaker://<account>/<region>`, the pipeline's name) and
//!   one per step (`<pipeline>.<step>`); one run per execution and per executed step;
//! - `START` at a run's start and one terminal event at its end (`COMPLETE`, `FAIL`,
//!   `ABORT` for Stopped); a running execution gets `START` and `RUNNING`;
//! - step runs carry the standard `parent` facet, failed ones `errorMessage`;
//! - datasets: every resolved S3 input and output of a step (namespace `s3://bucket`,
//!   name the key), and the model package a step registered;
//! - our own facets (prefix `sagemakerLineage_`, schemas in [`facets`]).

pub mod facets;

use std::collections::{BTreeMap, BTreeSet};

use lineage_core::{LineageDocument, Node, RunStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use facets::{Facets, Producer};

/// The event schema every event names.
pub const RUN_EVENT_SCHEMA: &str =
    "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

/// Which transition of a run an event reports.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Start,
    Running,
    Complete,
    Abort,
    Fail,
}

impl EventType {
    /// As events write it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Start => "START",
            EventType::Running => "RUNNING",
            EventType::Complete => "COMPLETE",
            EventType::Abort => "ABORT",
            EventType::Fail => "FAIL",
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            EventType::Complete | EventType::Abort | EventType::Fail
        )
    }

    /// The terminal event of a finished run; `None` while it runs.
    fn of(status: &RunStatus) -> Option<EventType> {
        match status {
            RunStatus::Succeeded => Some(EventType::Complete),
            RunStatus::Failed => Some(EventType::Fail),
            RunStatus::Stopped => Some(EventType::Abort),
            _ => None,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RunEvent {
    pub event_type: EventType,
    pub event_time: String,
    pub run: Run,
    pub job: Job,
    pub inputs: Vec<Dataset>,
    pub outputs: Vec<Dataset>,
    pub producer: String,
    #[serde(rename = "schemaURL")]
    pub schema_url: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub run_id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facets: BTreeMap<String, Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Job {
    pub namespace: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facets: BTreeMap<String, Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dataset {
    pub namespace: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facets: BTreeMap<String, Value>,
}

/// Why a document gives no events.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("the document has no execution: only executions have OpenLineage runs")]
    NoExecution,
    #[error("execution {0} has no start time")]
    NotStarted(String),
}

/// Where the pipeline lives: the jobs' namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    pub account: String,
    pub region: String,
}

impl Namespace {
    /// From the pipeline's (or the execution's) ARN:
    /// `arn:aws:sagemaker:<region>:<account>:pipeline/...`.
    pub fn of(doc: &LineageDocument) -> Namespace {
        let arn = doc
            .pipeline
            .arn
            .as_deref()
            .or(doc.execution.as_ref().map(|e| e.arn.as_str()))
            .unwrap_or_default();
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let from_arn = |i: usize| {
            parts
                .get(i)
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string())
        };
        Namespace {
            region: from_arn(3)
                .or(doc.pipeline.region.clone())
                .unwrap_or_else(|| "unknown-region".into()),
            account: from_arn(4)
                .or(doc.account.as_ref().map(|a| a.id.clone()))
                .unwrap_or_else(|| "unknown-account".into()),
        }
    }

    pub fn jobs(&self) -> String {
        format!("sagemaker://{}/{}", self.account, self.region)
    }
}

/// A run id: UUIDv7 with the run's start as its time (ids sort as runs started),
/// the rest from a name-based UUID of `name` (an ARN), so a run always gets the
/// same id and re-sending its events is idempotent.
pub fn run_id(name: &str, start_ms: i64) -> Uuid {
    let named = Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes());
    let mut rest = [0u8; 10];
    rest.copy_from_slice(&named.as_bytes()[6..16]);
    uuid::Builder::from_unix_timestamp_millis(start_ms.max(0) as u64, &rest).into_uuid()
}

/// Unix ms of an RFC 3339 time.
fn millis(t: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// RFC 3339 in UTC, as every event writes its time.
fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// The OpenLineage dataset of an S3 location: namespace `s3://bucket`, name the key
/// without a trailing `/` (a prefix and the same prefix with `/` are one dataset;
/// the bucket itself is `/`).
pub fn s3_dataset(uri: &str) -> Option<(String, String)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return None;
    }
    let key = key.trim_end_matches('/');
    Some((
        format!("s3://{bucket}"),
        if key.is_empty() {
            "/".into()
        } else {
            key.into()
        },
    ))
}

/// One run and its events' times, before ordering.
struct Timed {
    at: i64,
    /// Among events at the same time: the execution starts first, its steps start,
    /// steps end, and the execution ends last.
    rank: u8,
    /// Graph order, for steps at the same time.
    order: usize,
    event: RunEvent,
}

/// The run events of the document's execution, in time order.
pub fn run_events(
    doc: &LineageDocument,
    producer: &Producer,
) -> Result<Vec<RunEvent>, ExportError> {
    let execution = doc.execution.as_ref().ok_or(ExportError::NoExecution)?;
    let start = execution
        .start_time
        .as_deref()
        .and_then(millis)
        .ok_or_else(|| ExportError::NotStarted(execution.arn.clone()))?;
    let ns = Namespace::of(doc);
    let facets = Facets::new(producer, doc, &ns);
    let pipeline_job = Job {
        namespace: ns.jobs(),
        name: doc.pipeline.name.clone(),
        facets: facets.pipeline_job(),
    };
    let execution_run_id = run_id(&execution.arn, start).to_string();
    let execution_run = Run {
        run_id: execution_run_id.clone(),
        facets: facets.execution_run(execution),
    };
    let event = |event_type, at: i64, run: Run, job: Job, inputs, outputs| RunEvent {
        event_type,
        event_time: rfc3339(at),
        run,
        job,
        inputs,
        outputs,
        producer: producer.producer_uri(),
        schema_url: RUN_EVENT_SCHEMA.to_string(),
    };
    let mut timed = vec![Timed {
        at: start,
        rank: 0,
        order: 0,
        event: event(
            EventType::Start,
            start,
            Run {
                facets: without_ending(&execution_run.facets),
                ..execution_run.clone()
            },
            pipeline_job.clone(),
            vec![],
            vec![],
        ),
    }];
    let mut latest = start;
    for (order, node) in doc.graph.nodes.iter().enumerate() {
        let Some(run) = &node.run else { continue };
        if matches!(run.status, RunStatus::NotStarted | RunStatus::Skipped) {
            continue;
        }
        let step_start = run.start_time.as_deref().and_then(millis).unwrap_or(start);
        let step_end = run.end_time.as_deref().and_then(millis);
        latest = latest.max(step_end.unwrap_or(step_start));
        let step_run = Run {
            run_id: run_id(&format!("{}/{}", execution.arn, node.id), step_start).to_string(),
            facets: facets.step_run(node, run, &execution_run_id, &pipeline_job),
        };
        let step_job = Job {
            namespace: ns.jobs(),
            name: format!("{}.{}", doc.pipeline.name, node.id),
            facets: facets.step_job(node),
        };
        let (inputs, outputs) = datasets(node, &facets);
        timed.push(Timed {
            at: step_start,
            rank: 1,
            order,
            event: event(
                EventType::Start,
                step_start,
                Run {
                    facets: without_ending(&step_run.facets),
                    ..step_run.clone()
                },
                step_job.clone(),
                inputs.clone(),
                outputs.clone(),
            ),
        });
        if let Some(end_type) = EventType::of(&run.status) {
            let at = step_end.unwrap_or(step_start);
            timed.push(Timed {
                at,
                rank: 3,
                order,
                event: event(end_type, at, step_run, step_job, inputs, outputs),
            });
        }
    }
    match EventType::of(&execution.status) {
        Some(end_type) => {
            let at = execution
                .end_time
                .as_deref()
                .and_then(millis)
                .unwrap_or(latest)
                .max(start);
            timed.push(Timed {
                at,
                rank: 4,
                order: 0,
                event: event(end_type, at, execution_run, pipeline_job, vec![], vec![]),
            });
        }
        // Still running: where it has got to, as of its latest step transition.
        None => timed.push(Timed {
            at: latest,
            rank: 2,
            order: usize::MAX,
            event: event(
                EventType::Running,
                latest,
                Run {
                    facets: without_ending(&execution_run.facets),
                    ..execution_run
                },
                pipeline_job,
                vec![],
                vec![],
            ),
        }),
    }
    timed.sort_by_key(|t| (t.at, t.rank, t.order));
    Ok(timed.into_iter().map(|t| t.event).collect())
}

/// A run's facets as its START carries them: what is only known at the end (the
/// error, the metrics) is left to the terminal event.
fn without_ending(facets: &BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    facets
        .iter()
        .filter(|(k, _)| !facets::ENDING.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A step's input and output datasets: its resolved S3 locations (each once), and
/// the model package it registered.
fn datasets(node: &Node, facets: &Facets) -> (Vec<Dataset>, Vec<Dataset>) {
    let s3 = |ios: &[lineage_core::Io]| {
        let mut seen = BTreeSet::new();
        ios.iter()
            .filter(|io| io.resolved)
            .filter_map(|io| s3_dataset(&io.uri))
            .filter(|d| seen.insert(d.clone()))
            .map(|(namespace, name)| Dataset {
                facets: facets.s3_dataset(&namespace),
                namespace,
                name,
            })
            .collect::<Vec<_>>()
    };
    let inputs = s3(&node.inputs);
    let mut outputs = s3(&node.outputs);
    if let Some(registry) = &node.registry {
        outputs.push(facets.model_package(registry));
    }
    (inputs, outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_are_stable_time_ordered_and_distinct() {
        let a = run_id(
            "arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/a",
            1_000,
        );
        assert_eq!(
            a,
            run_id(
                "arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/a",
                1_000
            )
        );
        assert_eq!(a.get_version_num(), 7);
        let b = run_id(
            "arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/b",
            1_000,
        );
        assert_ne!(a, b);
        let later = run_id(
            "arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/a",
            2_000,
        );
        assert!(later > a);
    }

    #[test]
    fn s3_locations_are_named_as_the_naming_spec_says() {
        assert_eq!(
            s3_dataset("s3://b/data/train/"),
            Some(("s3://b".into(), "data/train".into()))
        );
        assert_eq!(
            s3_dataset("s3://b/x.csv"),
            Some(("s3://b".into(), "x.csv".into()))
        );
        assert_eq!(s3_dataset("s3://b"), Some(("s3://b".into(), "/".into())));
        assert_eq!(s3_dataset("s3://"), None);
        assert_eq!(s3_dataset("file:///tmp"), None);
    }
}
