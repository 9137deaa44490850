//! The comparison of two executions (`GET /lineage/compare`, the compare page and
//! `sagemaker-lineage compare`): each side is the `/lineage` document of that
//! execution, through the same caches (a finished execution costs no AWS call the
//! second time), and the diff is the core's (`core::compare`).

use crate::api::{CompareQuery, ExecutionListItem};
use crate::core::{compare, Comparison, LineageDocument, RunStatus};
use crate::input::ExecutionRef;

use super::super::error::LineageError;
use super::super::query::parse;
use super::super::source::{read, AwsError, AwsTarget, ListExecutions};
use super::super::AppState;
use super::{lineage, MAX_LISTED_EXECUTIONS};

/// Compares the two executions a query names, choosing the defaults the contract
/// gives: `target` the latest execution, `base` the most recent one before it that
/// succeeded (or, when none did, the one just before it).
pub async fn comparison(
    state: &AppState,
    query: &CompareQuery,
) -> Result<Comparison, LineageError> {
    // Every parameter is parsed before anything is read.
    let common = parse(&query.side(None), &state.config)?;
    let base = parse_ref(query.base.as_deref(), "base")?;
    let target = parse_ref(query.target.as_deref(), "target")?;

    let executions = if base.is_none() || target.is_none() {
        let aws = AwsTarget {
            region: common.region.to_string(),
            profile: common.profile.as_ref().map(ToString::to_string),
        };
        let list = ListExecutions {
            pipeline: common.pipeline.to_string(),
            limit: MAX_LISTED_EXECUTIONS,
        };
        let read =
            super::super::cache::with_fresh(query.fresh, read(state.source.as_ref(), &aws, list));
        read.await.map_err(|e| match e {
            AwsError::NotFound(_) => LineageError::PipelineNotFound(common.pipeline.to_string()),
            other => other.into(),
        })?
    } else {
        Vec::new()
    };

    let target = match target {
        Some(t) => t.to_string(),
        None => executions.first().map(|e| e.arn.clone()).ok_or_else(|| {
            LineageError::ExecutionNotFound(format!(
                "latest (pipeline `{}` has no executions)",
                common.pipeline
            ))
            .for_side("target")
        })?,
    };
    let (base, target) = match base {
        Some(base) => {
            let (b, t) = tokio::join!(
                side(state, query, base.to_string(), "base"),
                side(state, query, target, "target")
            );
            (b?, t?)
        }
        None => {
            let t = side(state, query, target, "target").await?;
            let base = default_base(&executions, &t).ok_or_else(|| {
                LineageError::ExecutionNotFound(format!(
                    "before {} (no earlier execution to compare with)",
                    t.execution.as_ref().map_or("the target", |e| e.id.as_str())
                ))
                .for_side("base")
            })?;
            (side(state, query, base, "base").await?, t)
        }
    };
    Ok(compare(&base, &target))
}

fn parse_ref(
    value: Option<&str>,
    parameter: &'static str,
) -> Result<Option<ExecutionRef>, LineageError> {
    value
        .map(|v| {
            v.parse::<ExecutionRef>()
                .map_err(|e| LineageError::from(e).for_side(parameter))
        })
        .transpose()
}

/// The document of one side, exactly as `/lineage` gives it for that execution.
async fn side(
    state: &AppState,
    query: &CompareQuery,
    execution: String,
    parameter: &'static str,
) -> Result<LineageDocument, LineageError> {
    let (served, _) = lineage(state, &query.side(Some(execution)))
        .await
        .map_err(|e| e.for_side(parameter))?;
    served.document()
}

/// The execution to compare `target` with when the caller named none: among the
/// executions older than the target (after it in the newest-first list, or, when it
/// is not among the listed ones, started before it), the most recent that
/// succeeded, else the most recent.
pub(super) fn default_base(
    executions: &[ExecutionListItem],
    target: &LineageDocument,
) -> Option<String> {
    let exec = target.execution.as_ref()?;
    let older: Vec<&ExecutionListItem> = match executions.iter().position(|e| e.arn == exec.arn) {
        Some(i) => executions[i + 1..].iter().collect(),
        None => executions
            .iter()
            .filter(|e| matches!((&e.start_time, &exec.start_time), (Some(a), Some(b)) if a < b))
            .collect(),
    };
    older
        .iter()
        .find(|e| e.status == RunStatus::Succeeded)
        .or(older.first())
        .map(|e| e.arn.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ExecutionSummary;

    fn item(id: &str, status: RunStatus, start: &str) -> ExecutionListItem {
        ExecutionListItem {
            arn: format!("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/{id}"),
            id: id.into(),
            status,
            start_time: Some(start.into()),
            display_name: None,
            failure_reason: None,
        }
    }

    fn target(id: &str, start: &str) -> LineageDocument {
        LineageDocument {
            execution: Some(ExecutionSummary {
                arn: format!("arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/{id}"),
                id: id.into(),
                start_time: Some(start.into()),
                ..ExecutionSummary::default()
            }),
            ..LineageDocument::default()
        }
    }

    #[test]
    fn the_default_base_is_the_last_success_before_the_target() {
        use RunStatus::*;
        let list = vec![
            item("e4", Executing, "2026-11-24T00:00:00Z"),
            item("e3", Failed, "2026-11-23T00:00:00Z"),
            item("e2", Failed, "2026-11-16T00:00:00Z"),
            item("e1", Succeeded, "2026-11-09T00:00:00Z"),
            item("e0", Succeeded, "2026-11-02T00:00:00Z"),
        ];
        let id = |arn: Option<String>| arn.map(|a| a.rsplit('/').next().unwrap().to_string());
        // The newest success before the target, skipping failures.
        assert_eq!(
            id(default_base(&list, &target("e4", "2026-11-24T00:00:00Z"))).as_deref(),
            Some("e1")
        );
        assert_eq!(
            id(default_base(&list, &target("e1", "2026-11-09T00:00:00Z"))).as_deref(),
            Some("e0")
        );
        // No success before it: the one just before.
        let failures = &list[..3];
        assert_eq!(
            id(default_base(
                failures,
                &target("e4", "2026-11-24T00:00:00Z")
            ))
            .as_deref(),
            Some("e3")
        );
        // Nothing before the oldest.
        assert_eq!(
            default_base(&list, &target("e0", "2026-11-02T00:00:00Z")),
            None
        );
        // A target older than the listed ones: by start time.
        assert_eq!(
            id(default_base(&list, &target("old", "2026-11-10T00:00:00Z"))).as_deref(),
            Some("e1")
        );
        assert_eq!(default_base(&list, &LineageDocument::default()), None);
    }
}
