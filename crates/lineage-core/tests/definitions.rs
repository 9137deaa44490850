//! The definition cases of `testdata/definitions/`: each file is its own test. A case
//! holds a definition (or its text) and what the graph must show (`expect`); the whole
//! document is also compared with its snapshot in `testdata/snapshots/`, which
//! `INSTA_UPDATE=always cargo test -p lineage-core --test definitions` rewrites after a
//! change that is meant (the diff of the snapshots shows what changed).

use std::collections::{BTreeMap, BTreeSet};

use datatest_stable::Utf8Path;
use lineage_core::{parse_definition, DefinitionError, Lineage, LineageDocument, PipelineRecord};
use serde_json::Value;

datatest_stable::harness! {
    { test = definition_case, root = "testdata/definitions", pattern = r"^.*\.json$" },
}

fn build(
    definition: &str,
    parameters: &BTreeMap<String, String>,
) -> Result<LineageDocument, DefinitionError> {
    let def = parse_definition(definition)?;
    let mut lineage = Lineage::new(
        PipelineRecord {
            name: "p".into(),
            ..PipelineRecord::default()
        },
        def,
    );
    lineage.set_parameters(parameters);
    Ok(lineage.finish(None))
}

fn definition_case(path: &Utf8Path, contents: String) -> datatest_stable::Result<()> {
    let doc = check_case(&contents).map_err(|e| format!("{path}:\n  {e}"))?;
    if let Some(doc) = doc {
        let name = path.file_stem().unwrap_or("case");
        insta::with_settings!({
            snapshot_path => "../testdata/snapshots",
            prepend_module_to_snapshot => false,
            description => format!("the document of {path}"),
        }, {
            insta::assert_json_snapshot!(name, doc);
        });
    }
    Ok(())
}

/// Checks a case against its `expect`; the document, when the case builds one.
///
/// Case file format:
/// `{"description", "definition" | "definitionText", "parameters"?, "expect": {"error"? |
/// "nodeCount"?, "nodes"?: {name: {"type", "inputs"?: {name: uri}, "outputs"?}},
/// "edges"?: [[from, to, via]], "artifacts"?: {uri: {"producers", "consumers"}},
/// "warnings"?: [code]}}`
fn check_case(contents: &str) -> Result<Option<LineageDocument>, String> {
    let case: Value =
        serde_json::from_str(contents).map_err(|e| format!("case file is not JSON: {e}"))?;
    let text = match (case.get("definition"), case.get("definitionText")) {
        (Some(d), _) => d.to_string(),
        (None, Some(Value::String(t))) => t.clone(),
        _ => return Err("case has neither definition nor definitionText".into()),
    };
    let parameters: BTreeMap<String, String> = case
        .get("parameters")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expect = case.get("expect").ok_or("case has no expect")?;
    let result = build(&text, &parameters);

    if let Some(error) = expect.get("error").and_then(Value::as_str) {
        return match result {
            Err(e) if e.to_string().contains(error) => Ok(None),
            Err(e) => Err(format!("error `{e}` does not contain `{error}`")),
            Ok(_) => Err(format!(
                "expected an error containing `{error}`, got a document"
            )),
        };
    }
    let doc = result.map_err(|e| format!("unexpected error: {e}"))?;
    let mut problems = Vec::new();
    // Never raw JSON in a rendered value.
    for n in &doc.graph.nodes {
        for io in n.inputs.iter().chain(&n.outputs) {
            if io.uri.contains("\"Get\"") || io.uri.contains("{\"") {
                problems.push(format!("{}.{} renders raw JSON: {}", n.id, io.name, io.uri));
            }
        }
    }
    if let Some(count) = expect.get("nodeCount").and_then(Value::as_u64) {
        if doc.graph.nodes.len() as u64 != count {
            problems.push(format!("nodeCount {} != {count}", doc.graph.nodes.len()));
        }
    }
    if let Some(nodes) = expect.get("nodes").and_then(Value::as_object) {
        for (name, want) in nodes {
            let Some(node) = doc.graph.nodes.iter().find(|n| &n.id == name) else {
                problems.push(format!("node {name} missing"));
                continue;
            };
            if let Some(t) = want.get("type").and_then(Value::as_str) {
                if node.step_type != t {
                    problems.push(format!("{name}: type {} != {t}", node.step_type));
                }
            }
            for (key, ios) in [("inputs", &node.inputs), ("outputs", &node.outputs)] {
                if let Some(want) = want.get(key).and_then(Value::as_object) {
                    let got: BTreeMap<&str, &str> = ios
                        .iter()
                        .map(|i| (i.name.as_str(), i.uri.as_str()))
                        .collect();
                    let want: BTreeMap<&str, &str> = want
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or("")))
                        .collect();
                    if got != want {
                        problems.push(format!("{name}.{key}: got {got:?}, want {want:?}"));
                    }
                }
            }
        }
    }
    if let Some(edges) = expect.get("edges").and_then(Value::as_array) {
        let want: BTreeSet<(String, String, String)> = edges
            .iter()
            .filter_map(|e| {
                let e = e.as_array()?;
                Some((
                    e.first()?.as_str()?.to_string(),
                    e.get(1)?.as_str()?.to_string(),
                    e.get(2)?.as_str()?.to_string(),
                ))
            })
            .collect();
        let got: BTreeSet<(String, String, String)> = doc
            .graph
            .edges
            .iter()
            .map(|e| (e.from.clone(), e.to.clone(), e.via.clone()))
            .collect();
        if got.len() != doc.graph.edges.len() {
            problems.push("duplicate edges".into());
        }
        if got != want {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            problems.push(format!("edges: missing {missing:?}, extra {extra:?}"));
        }
    }
    if let Some(artifacts) = expect.get("artifacts").and_then(Value::as_object) {
        for (uri, want) in artifacts {
            let uri = uri.trim_end_matches('/');
            let Some(a) = doc.graph.artifacts.iter().find(|a| a.uri == uri) else {
                problems.push(format!("artifact {uri} missing"));
                continue;
            };
            for (key, got) in [("producers", &a.producers), ("consumers", &a.consumers)] {
                if let Some(want) = want.get(key).and_then(Value::as_array) {
                    let want: BTreeSet<&str> = want.iter().filter_map(Value::as_str).collect();
                    let got: BTreeSet<&str> = got.iter().map(String::as_str).collect();
                    if got != want {
                        problems.push(format!("artifact {uri} {key}: got {got:?}, want {want:?}"));
                    }
                }
            }
        }
    }
    if let Some(codes) = expect.get("warnings").and_then(Value::as_array) {
        let want: BTreeSet<&str> = codes.iter().filter_map(Value::as_str).collect();
        let got: BTreeSet<&str> = doc.warnings.iter().map(|w| w.code.as_str()).collect();
        if got != want {
            problems.push(format!("warnings: got {got:?}, want {want:?}"));
        }
    }
    if problems.is_empty() {
        Ok(Some(doc))
    } else {
        Err(problems.join("\n  "))
    }
}
