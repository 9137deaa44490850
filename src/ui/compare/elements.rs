//! A comparison as Cytoscape elements: every step of either execution, marked by its
//! change (`change-<same|changed|added|removed>`, and a label line that says it, so
//! colour is not the only cue), coloured by its status in the target (in the base,
//! for a removed step); edges both graphs have, and those only one has.

use crate::core::{Change, Comparison, StepChange};
use crate::ui::graph::{class_word, step_id, Element, ElementData};

/// What a step's change line says: the change, and for a changed step what changed.
pub fn change_line(step: &StepChange) -> String {
    match (step.change, &step.base, &step.target) {
        (Change::Changed, Some(b), Some(t)) => {
            let mut parts = Vec::new();
            if b.status != t.status {
                parts.push(format!("{} → {}", b.status, t.status));
            }
            if b.condition_outcome != t.condition_outcome {
                parts.push(format!(
                    "outcome {} → {}",
                    b.condition_outcome.as_deref().unwrap_or("–"),
                    t.condition_outcome.as_deref().unwrap_or("–")
                ));
            }
            if b.cache_hit != t.cache_hit {
                parts.push(
                    if t.cache_hit {
                        "now a cache hit"
                    } else {
                        "no longer a cache hit"
                    }
                    .into(),
                );
            }
            if parts.is_empty() && b.failure_reason != t.failure_reason {
                parts.push("failure reason".into());
            }
            format!("changed: {}", parts.join(", "))
        }
        (change, _, _) => change.as_str().to_string(),
    }
}

pub fn compare_elements(c: &Comparison) -> Vec<Element> {
    let mut out = Vec::new();
    for step in &c.steps {
        let side = step.target.as_ref().or(step.base.as_ref());
        let status = side.map(|s| s.status.to_string()).unwrap_or_default();
        let classes = [
            format!("status-{}", class_word(&status)),
            format!("type-{}", class_word(&step.step_type)),
            format!("change-{}", step.change.as_str()),
        ];
        out.push(Element {
            group: "nodes",
            data: ElementData {
                id: step_id(&step.id),
                step: Some(step.id.clone()),
                label: format!("{}\n{}\n{}", step.label, step.step_type, change_line(step)),
                status: Some(status),
                step_type: Some(step.step_type.clone()),
                ..ElementData::default()
            },
            classes: classes.join(" "),
        });
    }
    let edges = c
        .edges
        .unchanged
        .iter()
        .map(|e| (e, "edge-same", ""))
        .chain(c.edges.added.iter().map(|e| (e, "edge-added", "added")))
        .chain(
            c.edges
                .removed
                .iter()
                .map(|e| (e, "edge-removed", "removed")),
        );
    for (i, (edge, class, label)) in edges.enumerate() {
        let kind = match edge.via.as_str() {
            "dependsOn" => "via-depends",
            "condition:if" => "via-if",
            "condition:else" => "via-else",
            _ => "via-data",
        };
        out.push(Element {
            group: "edges",
            data: ElementData {
                id: format!("edge:{i}"),
                label: label.into(),
                source: Some(step_id(&edge.from)),
                target: Some(step_id(&edge.to)),
                ..ElementData::default()
            },
            classes: format!("{kind} {class}"),
        });
    }
    out
}

pub fn compare_elements_json(c: &Comparison) -> String {
    serde_json::to_string(&compare_elements(c)).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{EdgeChanges, EdgeRef, RunStatus, StepSide};

    fn side(status: RunStatus, outcome: Option<&str>, hit: bool) -> Option<StepSide> {
        Some(StepSide {
            status,
            condition_outcome: outcome.map(Into::into),
            cache_hit: hit,
            ..StepSide::default()
        })
    }

    #[test]
    fn every_step_and_edge_of_either_side_is_drawn_with_its_change() {
        let step = |id: &str, change, base, target| StepChange {
            id: id.into(),
            step_type: "Processing".into(),
            label: id.into(),
            change,
            base,
            target,
        };
        let edge = |from: &str, to: &str| EdgeRef {
            from: from.into(),
            to: to.into(),
            via: "ref:Get".into(),
        };
        let c = Comparison {
            steps: vec![
                step(
                    "Prep",
                    Change::Changed,
                    side(RunStatus::Succeeded, None, false),
                    side(RunStatus::Succeeded, None, true),
                ),
                step(
                    "Validate",
                    Change::Added,
                    None,
                    side(RunStatus::Succeeded, None, false),
                ),
                step(
                    "Check",
                    Change::Changed,
                    side(RunStatus::Succeeded, Some("True"), false),
                    side(RunStatus::Succeeded, Some("False"), false),
                ),
                step(
                    "Reg",
                    Change::Changed,
                    side(RunStatus::Succeeded, None, false),
                    side(RunStatus::NotStarted, None, false),
                ),
                step(
                    "Old",
                    Change::Removed,
                    side(RunStatus::Failed, None, false),
                    None,
                ),
                step(
                    "Train",
                    Change::Same,
                    side(RunStatus::Succeeded, None, false),
                    side(RunStatus::Succeeded, None, false),
                ),
            ],
            edges: EdgeChanges {
                added: vec![edge("Prep", "Validate")],
                removed: vec![edge("Prep", "Train")],
                unchanged: vec![edge("Train", "Reg")],
            },
            ..Comparison::default()
        };
        let els = compare_elements(&c);
        let node = |id: &str| {
            els.iter()
                .find(|e| e.data.step.as_deref() == Some(id))
                .unwrap()
        };
        assert!(node("Prep")
            .data
            .label
            .ends_with("changed: now a cache hit"));
        assert!(node("Validate").classes.contains("change-added"));
        assert!(node("Check")
            .data
            .label
            .ends_with("changed: outcome True → False"));
        assert!(node("Reg")
            .data
            .label
            .ends_with("changed: Succeeded → NotStarted"));
        assert!(node("Reg").classes.contains("status-notstarted"));
        // A removed step keeps its base status.
        assert!(node("Old").classes.contains("status-failed"));
        assert!(node("Old").classes.contains("change-removed"));
        assert!(node("Train").classes.contains("change-same"));
        let edges: Vec<&Element> = els.iter().filter(|e| e.group == "edges").collect();
        assert_eq!(edges.len(), 3);
        assert!(edges
            .iter()
            .any(|e| e.classes.ends_with("edge-added")
                && e.data.source.as_deref() == Some("step:Prep")));
        assert!(edges
            .iter()
            .any(|e| e.classes.ends_with("edge-removed") && e.data.label == "removed"));
        let ids: std::collections::BTreeSet<&str> =
            els.iter().map(|e| e.data.id.as_str()).collect();
        assert_eq!(ids.len(), els.len(), "ids are unique");
    }
}
