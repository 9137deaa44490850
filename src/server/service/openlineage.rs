//! OpenLineage out: the run events of an execution (`GET /lineage/openlineage`, the
//! CLI's `export openlineage`), made from the same document `/lineage` answers, and
//! the JSON Schemas of our facets, served where the events' `_schemaURL`s point.

use lineage_openlineage::facets::{self, Producer};
use lineage_openlineage::{run_events, ExportError, RunEvent};
use serde_json::Value;

use super::super::error::LineageError;
use super::super::AppState;
use super::{lineage, ServiceConfig};
use crate::api::LineageQuery;
use crate::core::LineageDocument;

/// This server as the events' producer: its public URL and version.
pub fn producer(config: &ServiceConfig) -> Producer {
    Producer::new(&config.public_url, env!("CARGO_PKG_VERSION"))
}

/// The events of the query's execution (the latest when none is named), in time
/// order; none for a pipeline that never ran.
pub async fn openlineage_events(
    state: &AppState,
    query: &LineageQuery,
) -> Result<Vec<RunEvent>, LineageError> {
    let query = LineageQuery {
        include_latest_exec: query.include_latest_exec || query.execution.is_none(),
        ..query.clone()
    };
    let (served, _) = lineage(state, &query).await?;
    events_of(&served.document()?, &producer(&state.config))
}

/// The events of a document, or none when it has no started execution.
pub fn events_of(
    doc: &LineageDocument,
    producer: &Producer,
) -> Result<Vec<RunEvent>, LineageError> {
    match run_events(doc, producer) {
        Ok(events) => Ok(events),
        Err(ExportError::NoExecution | ExportError::NotStarted(_)) => Ok(Vec::new()),
    }
}

/// The JSON Schema of our facet `name`, with this server's URLs.
pub fn facet_schema(config: &ServiceConfig, name: &str) -> Option<Value> {
    facets::schema(name, &producer(config))
}

/// What `/openlineage` says about this producer: who it is and where its facet
/// schemas are.
pub fn producer_info(config: &ServiceConfig) -> Value {
    let p = producer(config);
    serde_json::json!({
        "producer": p.producer_uri(),
        "name": "sagemaker-lineage",
        "version": p.version,
        "specVersion": "2-0-2",
        "facets": facets::schema_names().map(|n| p.schema_file(n)).collect::<Vec<_>>(),
    })
}
