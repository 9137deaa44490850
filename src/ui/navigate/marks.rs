//! What the graph marks for a view: the selection, the focus, the critical path and
//! what the filters hide. A pure function of the URL's view and the document, tested
//! natively; the drawing code only applies it.

use std::collections::BTreeSet;

use crate::core::{critical_path, filter_by_status, focus, LineageDocument};
use crate::ui::graph::{FocusMarks, Highlight};
use crate::ui::links::ViewState;

/// The marks of `view` on `doc`'s graph; `centre` brings the selected step to the
/// middle of the drawing.
pub fn highlight(view: &ViewState, doc: &LineageDocument, centre: bool) -> Highlight {
    let graph = &doc.graph;
    let related = view
        .artifact
        .as_ref()
        .and_then(|uri| graph.artifacts.iter().find(|a| &a.uri == uri))
        .map(|a| a.producers.iter().chain(&a.consumers).cloned().collect())
        .unwrap_or_default();
    let focus = view.focus.as_ref().and_then(|subject| {
        let f = focus(graph, subject, view.depth.unwrap_or_default())?;
        Some(FocusMarks {
            step: f.step,
            upstream: f.upstream.into_keys().collect(),
            downstream: f.downstream.into_keys().collect(),
        })
    });
    let mut hidden: BTreeSet<String> = BTreeSet::new();
    if let Some(filter) = view.show {
        let shown = filter_by_status(graph, filter);
        hidden.extend(
            graph
                .nodes
                .iter()
                .filter(|n| !shown.contains(&n.id))
                .map(|n| n.id.clone()),
        );
    }
    if view.hide_untaken {
        hidden.extend(
            graph
                .nodes
                .iter()
                .filter(|n| n.skipped)
                .map(|n| n.id.clone()),
        );
    }
    let critical = if view.critical {
        critical_path(doc).map(|p| p.names()).unwrap_or_default()
    } else {
        Vec::new()
    };
    Highlight {
        selected: view.step.clone(),
        centre: centre && view.step.is_some(),
        related,
        focus,
        hidden: hidden.into_iter().collect(),
        critical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{
        Artifact, Depth, Edge, ExecutionSummary, FocusSubject, Graph, Node, Run, RunStatus,
        StatusFilter,
    };

    fn doc() -> LineageDocument {
        let node = |id: &str, status: Option<(RunStatus, &str, &str)>, skipped: bool| Node {
            id: id.into(),
            label: id.into(),
            step_type: "Processing".into(),
            skipped,
            run: status.map(|(status, start, end)| Run {
                status,
                start_time: Some(format!("2026-11-25T{start}Z")),
                end_time: Some(format!("2026-11-25T{end}Z")),
                ..Run::default()
            }),
            ..Node::default()
        };
        let edge = |from: &str, to: &str| Edge {
            from: from.into(),
            to: to.into(),
            via: "ref:Get".into(),
            label: String::new(),
        };
        LineageDocument {
            execution: Some(ExecutionSummary {
                start_time: Some("2026-11-25T08:00:00Z".into()),
                end_time: Some("2026-11-25T08:30:00Z".into()),
                ..ExecutionSummary::default()
            }),
            graph: Graph {
                nodes: vec![
                    node(
                        "A",
                        Some((RunStatus::Succeeded, "08:00:00", "08:10:00")),
                        false,
                    ),
                    node(
                        "B",
                        Some((RunStatus::Failed, "08:10:00", "08:30:00")),
                        false,
                    ),
                    node("C", None, false),
                    node("Else", None, true),
                ],
                edges: vec![edge("A", "B"), edge("B", "C"), edge("A", "Else")],
                artifacts: vec![Artifact {
                    uri: "s3://b/x".into(),
                    producers: vec!["A".into()],
                    consumers: vec!["B".into()],
                    ..Artifact::default()
                }],
                ..Graph::default()
            },
            ..LineageDocument::default()
        }
    }

    #[test]
    fn a_plain_view_marks_only_the_selection() {
        let v = ViewState {
            step: Some("B".into()),
            ..ViewState::default()
        };
        assert_eq!(
            highlight(&v, &doc(), true),
            Highlight {
                selected: Some("B".into()),
                centre: true,
                ..Highlight::default()
            }
        );
        // Nothing selected: nothing to centre.
        assert!(!highlight(&ViewState::default(), &doc(), true).centre);
    }

    #[test]
    fn focus_filters_and_the_critical_path_are_marked() {
        let v = ViewState {
            artifact: Some("s3://b/x".into()),
            focus: Some(FocusSubject::Step("B".into())),
            depth: Some(Depth::Edges(1)),
            show: Some(StatusFilter::Failed),
            hide_untaken: true,
            critical: true,
            ..ViewState::default()
        };
        let h = highlight(&v, &doc(), false);
        assert_eq!(h.related, ["A", "B"]);
        assert_eq!(
            h.focus,
            Some(FocusMarks {
                step: Some("B".into()),
                upstream: vec!["A".into()],
                downstream: vec!["C".into()],
            })
        );
        // Failed B with its neighbours A and C stays; Else is hidden twice over.
        assert_eq!(h.hidden, ["Else"]);
        assert_eq!(h.critical, ["A", "B"]);
        // A focus on something the graph does not have marks nothing.
        let gone = ViewState {
            focus: Some(FocusSubject::Location("s3://elsewhere".into())),
            ..ViewState::default()
        };
        assert_eq!(highlight(&gone, &doc(), false).focus, None);
    }
}
