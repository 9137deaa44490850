//! The answers of the lineage index: the region overview, who touches an S3
//! location, and (added to `/lineage` documents) where a pipeline's models serve.

use crate::api::{Locations, Overview};
use crate::core::{ErrorCode, LineageDocument, Warning};
use crate::input::{ResultLimit, S3Location};

use super::super::error::LineageError;
use super::super::index::Index;
use super::super::query::known_region;
use super::super::AppState;

fn index(state: &AppState) -> Result<&Index, LineageError> {
    state.index.as_deref().ok_or(LineageError::IndexOff)
}

/// `GET /overview?region=R`: every indexed pipeline of the region. A region asked
/// about for the first time joins the index (`indexedAt` is `null` until its first
/// pass ends).
pub async fn overview(state: &AppState, region: &str) -> Result<Overview, LineageError> {
    let region = known_region(region, &state.config)?;
    let index = index(state)?;
    index.note_region(region.as_str()).await;
    Ok(index
        .db
        .overview(region.as_str(), &index.window_start())
        .await?)
}

/// `GET /locations?region=R&uri=s3://...`: the indexed steps that read or wrote
/// under the location, and the model packages and endpoints downstream of them.
pub async fn locations(
    state: &AppState,
    region: &str,
    uri: &str,
    limit: Option<&str>,
) -> Result<Locations, LineageError> {
    let region = known_region(region, &state.config)?;
    let uri: S3Location = uri.parse()?;
    let limit: ResultLimit = limit.map(str::parse).transpose()?.unwrap_or_default();
    let index = index(state)?;
    index.note_region(region.as_str()).await;
    Ok(index
        .db
        .locations(region.as_str(), uri.as_str(), limit.get())
        .await?)
}

/// Adds the index's deployments to a document of `region`: `null` with an
/// `IndexPending` warning until the region's first pass ends (such a document is
/// live, so it is not kept long and the page keeps looking); left `null` with no
/// index.
pub(super) async fn add_deployments(state: &AppState, doc: &mut LineageDocument, region: &str) {
    let Some(index) = state.index.as_deref() else {
        return;
    };
    index.note_region(region).await;
    let pending = |message: String| Warning {
        code: ErrorCode::IndexPending,
        scope: "index".into(),
        target: region.to_string(),
        action: None,
        message,
    };
    match index.db.region(region).await {
        Ok(Some(r)) if r.indexed_at.is_some() => {
            match index.db.deployments(region, &doc.pipeline.name).await {
                Ok(d) => doc.deployments = Some(d),
                Err(e) => doc.warnings.push(pending(format!("the lineage index could not be read: {e}"))),
            }
        }
        Ok(_) => doc.warnings.push(pending(format!(
            "the lineage index of {region} has not finished its first pass: deployments are not known yet"
        ))),
        Err(e) => doc.warnings.push(pending(format!("the lineage index could not be read: {e}"))),
    }
}
