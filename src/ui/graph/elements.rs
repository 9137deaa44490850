//! The lineage document as Cytoscape elements: a pure function, tested natively.
//!
//! Cytoscape needs one id space for nodes and edges. Step names are free text to us
//! (SageMaker allows `e0`, and steps can come from anywhere), so ids are namespaced:
//! `step:<name>` for a step, `edge:<n>` for an edge; the step's own name travels in
//! `data.step`, which is what the drawing code reports and highlights by.

use serde::Serialize;

use crate::core::{step_status, LineageDocument};
use crate::ui::security::marks_by_step;

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Element {
    /// `nodes` or `edges`.
    pub group: &'static str,
    pub data: ElementData,
    /// Space-separated classes the stylesheet keys on (status, type, edge kind).
    pub classes: String,
}

#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct ElementData {
    /// `step:<name>` or `edge:<n>`: the two can never collide.
    pub id: String,
    /// The step's name (nodes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// What is drawn: the step label and type on two lines, or the edge label.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub step_type: Option<String>,
}

/// A value as a CSS class word: letters, digits and `-`, lower case.
pub fn class_word(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The element id of a step.
pub fn step_id(name: &str) -> String {
    format!("step:{name}")
}

pub fn elements(doc: &LineageDocument) -> Vec<Element> {
    let mut out = Vec::with_capacity(doc.graph.nodes.len() + doc.graph.edges.len());
    let marks = marks_by_step(&doc.findings);
    for node in &doc.graph.nodes {
        let status = step_status(node);
        let mut classes = vec![
            format!("status-{}", class_word(status.as_str())),
            format!("type-{}", class_word(&node.step_type)),
        ];
        if let Some(branch) = &node.branch {
            classes.push(format!("branch-{}", class_word(&branch.outcome)));
        }
        if node.not_in_definition {
            classes.push("not-in-definition".into());
        }
        // A step touching something with findings carries a mark: a border in the
        // worst finding's colour and a line that says it (not colour alone).
        let mark = marks.get(&node.id);
        let mut label = format!("{}\n{}", node.label, node.step_type);
        if let Some(m) = mark {
            classes.push(format!("finding-{}", m.worst));
            label.push_str(&format!("\n⚠ {} · worst {}", m.count, m.worst));
        }
        out.push(Element {
            group: "nodes",
            data: ElementData {
                id: step_id(&node.id),
                step: Some(node.id.clone()),
                label,
                status: Some(status.to_string()),
                step_type: Some(node.step_type.clone()),
                ..ElementData::default()
            },
            classes: classes.join(" "),
        });
    }
    for (i, edge) in doc.graph.edges.iter().enumerate() {
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
                label: edge.label.clone(),
                source: Some(step_id(&edge.from)),
                target: Some(step_id(&edge.to)),
                ..ElementData::default()
            },
            classes: kind.into(),
        });
    }
    out
}

pub fn elements_json(doc: &LineageDocument) -> String {
    serde_json::to_string(&elements(doc)).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Branch, Edge, Graph, Node, Run};

    fn doc() -> LineageDocument {
        let node = |id: &str, t: &str| Node {
            id: id.into(),
            step_type: t.into(),
            label: id.into(),
            ..Node::default()
        };
        LineageDocument {
            graph: Graph {
                nodes: vec![
                    Node {
                        run: Some(Run {
                            status: "Failed".into(),
                            ..Run::default()
                        }),
                        ..node("Train", "Training")
                    },
                    node("Check", "Condition"),
                    Node {
                        branch: Some(Branch {
                            condition: "Check".into(),
                            outcome: "else".into(),
                        }),
                        skipped: true,
                        ..node("Stop", "Fail")
                    },
                    Node {
                        not_in_definition: true,
                        ..node("Odd", "Fancy Step!")
                    },
                ],
                edges: vec![
                    Edge {
                        from: "Train".into(),
                        to: "Check".into(),
                        via: "ref:JsonGet".into(),
                        label: "Report".into(),
                    },
                    Edge {
                        from: "Check".into(),
                        to: "Stop".into(),
                        via: "condition:else".into(),
                        label: "else".into(),
                    },
                    Edge {
                        from: "Train".into(),
                        to: "Odd".into(),
                        via: "dependsOn".into(),
                        label: String::new(),
                    },
                ],
                artifacts: vec![],
                kms_keys: vec![],
            },
            ..LineageDocument::default()
        }
    }

    #[test]
    fn nodes_carry_status_type_and_branch_classes() {
        let els = elements(&doc());
        let nodes: Vec<&Element> = els.iter().filter(|e| e.group == "nodes").collect();
        assert_eq!(nodes.len(), 4);
        assert_eq!(nodes[0].classes, "status-failed type-training");
        assert_eq!(nodes[0].data.label, "Train\nTraining");
        assert_eq!(nodes[1].classes, "status-notstarted type-condition");
        assert_eq!(nodes[2].classes, "status-skipped type-fail branch-else");
        assert_eq!(nodes[2].data.status.as_deref(), Some("Skipped"));
        // Unknown types become safe class names.
        assert_eq!(
            nodes[3].classes,
            "status-notstarted type-fancystep not-in-definition"
        );
    }

    #[test]
    fn steps_with_findings_carry_a_mark_in_class_and_label() {
        use crate::core::{Evidence, Finding, FindingKind, Resource, ResourceType};
        let mut d = doc();
        d.findings = [FindingKind::S3PublicAcl, FindingKind::S3VersioningOff]
            .into_iter()
            .map(|kind| Finding {
                id: kind,
                severity: kind.severity(),
                resource: Resource {
                    kind: ResourceType::Bucket,
                    id: "b".into(),
                },
                steps: vec!["Train".into()],
                title: kind.title().into(),
                detail: String::new(),
                evidence: Evidence {
                    action: String::new(),
                    field: String::new(),
                },
                controls: Vec::new(),
            })
            .collect();
        let els = elements(&d);
        assert_eq!(
            els[0].classes,
            "status-failed type-training finding-critical"
        );
        assert_eq!(els[0].data.label, "Train\nTraining\n⚠ 2 · worst critical");
        // Steps without findings are drawn as before.
        assert_eq!(els[1].classes, "status-notstarted type-condition");
    }

    #[test]
    fn edges_are_labelled_and_classed_by_kind() {
        let els = elements(&doc());
        let edges: Vec<&Element> = els.iter().filter(|e| e.group == "edges").collect();
        assert_eq!(edges.len(), 3);
        assert_eq!(edges[0].data.source.as_deref(), Some("step:Train"));
        assert_eq!(edges[0].data.target.as_deref(), Some("step:Check"));
        assert_eq!(edges[0].data.label, "Report");
        assert_eq!(edges[0].classes, "via-data");
        assert_eq!(edges[1].classes, "via-else");
        assert_eq!(edges[2].classes, "via-depends");
        // Ids are unique across the graph.
        let mut ids: Vec<&str> = els.iter().map(|e| e.data.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), els.len());
    }

    #[test]
    fn json_is_what_cytoscape_reads() {
        let v: serde_json::Value = serde_json::from_str(&elements_json(&doc())).unwrap();
        assert_eq!(v[0]["group"], "nodes");
        assert_eq!(v[0]["data"]["type"], "Training");
        assert_eq!(v[4]["data"]["source"], "step:Train");
        assert_eq!(v[0]["data"]["step"], "Train");
        assert!(v[0]["data"].get("source").is_none());
    }

    /// Steps may be named like edges were (`e0`) or like our prefixes: every id is
    /// still unique, and every edge joins existing nodes.
    #[test]
    fn any_step_name_gets_a_unique_id() {
        let mut d = doc();
        let names = ["e0", "e1", "edge:0", "step:e0", "n0"];
        d.graph.nodes = names
            .iter()
            .map(|n| Node {
                id: n.to_string(),
                label: n.to_string(),
                ..Node::default()
            })
            .collect();
        d.graph.edges = names
            .windows(2)
            .map(|w| Edge {
                from: w[0].into(),
                to: w[1].into(),
                via: "dependsOn".into(),
                label: String::new(),
            })
            .collect();
        let els = elements(&d);
        let ids: std::collections::BTreeSet<&str> =
            els.iter().map(|e| e.data.id.as_str()).collect();
        assert_eq!(ids.len(), els.len(), "{ids:?}");
        for e in els.iter().filter(|e| e.group == "edges") {
            assert!(ids.contains(e.data.source.as_deref().unwrap()));
            assert!(ids.contains(e.data.target.as_deref().unwrap()));
        }
    }
}
