//! Rendering of definition values (`Get`, `Std:Join`, `Std:JsonGet`, ...) into text.
//!
//! A value resolves when every reference in it has a known value (a parameter, an
//! execution variable, another step's output); otherwise the unresolved parts are
//! shown as `{Parameters.X}` / `{Steps.S.Property}` so that a reader sees where the
//! value comes from. Raw JSON never leaks into a rendered value.

use serde_json::Value;

use super::definition::split_step_path;

/// Deep enough for real pipelines (Join of Gets of outputs of Joins ...), shallow
/// enough that cyclic step references end quickly.
pub(crate) const MAX_DEPTH: usize = 24;

/// Longer renderings are cut (and marked unresolved): real URIs are far shorter, and
/// a hostile definition must not build huge strings.
pub(crate) const MAX_TEXT: usize = 4096;

/// Where references are looked up.
pub(crate) trait Scope {
    fn parameter(&self, name: &str) -> Option<String>;
    fn execution_variable(&self, name: &str) -> Option<String>;
    /// A property of another step (`ProcessingOutputConfig.Outputs['x'].S3Output.S3Uri`),
    /// rendered at `depth`: its text and whether it fully resolved.
    fn step_property(&self, step: &str, property: &str, depth: usize) -> Option<(String, bool)>;
}

/// A scope in which nothing resolves: renders how the definition wrote a value.
pub(crate) struct Unresolved;

impl Scope for Unresolved {
    fn parameter(&self, _: &str) -> Option<String> {
        None
    }
    fn execution_variable(&self, _: &str) -> Option<String> {
        None
    }
    fn step_property(&self, _: &str, _: &str, _: usize) -> Option<(String, bool)> {
        None
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rendered {
    pub text: String,
    pub resolved: bool,
    pub source_step: Option<String>,
}

impl Rendered {
    fn plain(text: String) -> Self {
        Rendered {
            text,
            resolved: true,
            source_step: None,
        }
    }
    fn unresolved(text: String) -> Self {
        Rendered {
            text,
            resolved: false,
            source_step: None,
        }
    }
}

/// True for values that are expressions rather than literals.
pub(crate) fn is_expression(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

pub(crate) fn render(value: &Value, scope: &dyn Scope, depth: usize) -> Rendered {
    let mut r = render_unbounded(value, scope, depth);
    if r.text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !r.text.is_char_boundary(end) {
            end -= 1;
        }
        r.text.truncate(end);
        r.text.push('…');
        r.resolved = false;
    }
    r
}

fn render_unbounded(value: &Value, scope: &dyn Scope, depth: usize) -> Rendered {
    if depth > MAX_DEPTH {
        return Rendered::unresolved("{…}".into());
    }
    match value {
        Value::String(s) => Rendered::plain(s.clone()),
        Value::Number(n) => Rendered::plain(n.to_string()),
        Value::Bool(b) => Rendered::plain(b.to_string()),
        Value::Null => Rendered::plain(String::new()),
        Value::Array(items) => {
            let parts: Vec<Rendered> = items.iter().map(|v| render(v, scope, depth + 1)).collect();
            combine(format!("[{}]", texts(&parts).join(", ")), &parts)
        }
        Value::Object(map) => {
            if let Some(Value::String(path)) = map.get("Get") {
                return render_get(path, scope, depth);
            }
            if let Some(join) = map.get("Std:Join") {
                let on = join.get("On").map(|v| render(v, scope, depth + 1).text);
                let values = join.get("Values").and_then(Value::as_array);
                if let Some(values) = values {
                    let parts: Vec<Rendered> =
                        values.iter().map(|v| render(v, scope, depth + 1)).collect();
                    let text = texts(&parts).join(on.as_deref().unwrap_or(""));
                    return combine(text, &parts);
                }
            }
            if let Some(json_get) = map.get("Std:JsonGet") {
                let file = match json_get.get("PropertyFile") {
                    Some(Value::Object(pf)) => match pf.get("Get") {
                        Some(Value::String(p)) => p.clone(),
                        _ => "?".into(),
                    },
                    Some(Value::String(name)) => name.clone(),
                    _ => "?".into(),
                };
                let path = json_get
                    .get("Path")
                    .map(|p| render(p, &Unresolved, depth + 1).text)
                    .unwrap_or_default();
                let mut r = Rendered::unresolved(format!("JsonGet({file}, {path})"));
                r.source_step = split_step_path(&file).map(|(s, _)| s.to_string());
                return r;
            }
            // An expression we do not know: name(arg, ...) with rendered arguments.
            if map.len() == 1 {
                let (name, inner) = map.iter().next().expect("len is 1");
                let args = match inner {
                    Value::Object(fields) => fields
                        .iter()
                        .map(|(k, v)| format!("{k}={}", render(v, scope, depth + 1).text))
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => render(other, scope, depth + 1).text,
                };
                return Rendered::unresolved(format!("{name}({args})"));
            }
            let fields = map
                .iter()
                .map(|(k, v)| format!("{k}={}", render(v, scope, depth + 1).text))
                .collect::<Vec<_>>()
                .join(", ");
            Rendered::unresolved(format!("{{{fields}}}"))
        }
    }
}

fn texts(parts: &[Rendered]) -> Vec<&str> {
    parts.iter().map(|p| p.text.as_str()).collect()
}

fn combine(text: String, parts: &[Rendered]) -> Rendered {
    Rendered {
        text,
        resolved: parts.iter().all(|p| p.resolved),
        source_step: parts.iter().find_map(|p| p.source_step.clone()),
    }
}

fn render_get(path: &str, scope: &dyn Scope, depth: usize) -> Rendered {
    let braces = || format!("{{{path}}}");
    if let Some(name) = path.strip_prefix("Parameters.") {
        return match scope.parameter(name) {
            Some(v) => Rendered::plain(v),
            None => Rendered::unresolved(braces()),
        };
    }
    if let Some(name) = path.strip_prefix("Execution.") {
        return match scope.execution_variable(name) {
            Some(v) => Rendered::plain(v),
            None => Rendered::unresolved(braces()),
        };
    }
    if let Some((step, property)) = split_step_path(path) {
        let (text, resolved) = match scope.step_property(step, property, depth + 1) {
            Some(v) => v,
            None => (braces(), false),
        };
        return Rendered {
            text,
            resolved,
            source_step: Some(step.to_string()),
        };
    }
    Rendered::unresolved(braces())
}

/// The output named in `ProcessingOutputConfig.Outputs['name']...` (either quote).
pub(crate) fn processing_output_name(property: &str) -> Option<&str> {
    quoted_key(property.strip_prefix("ProcessingOutputConfig.Outputs[")?)
}

/// `OutputParameters['name']` (Lambda and Callback steps) -> `name`.
pub(crate) fn output_parameter_name(property: &str) -> Option<&str> {
    let rest = property.strip_prefix("OutputParameters[")?;
    let name = quoted_key(rest)?;
    // Nothing may follow the closing bracket: an output parameter is a string.
    (rest.len() == name.len() + 3 && rest.ends_with(']')).then_some(name)
}

/// `'key']...` or `"key"]...` -> `key`.
fn quoted_key(rest: &str) -> Option<&str> {
    let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let rest = &rest[1..];
    let end = rest.find(quote)?;
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Fixed;
    impl Scope for Fixed {
        fn parameter(&self, name: &str) -> Option<String> {
            (name == "Bucket").then(|| "my-bucket".to_string())
        }
        fn execution_variable(&self, name: &str) -> Option<String> {
            (name == "PipelineExecutionId").then(|| "abc123".to_string())
        }
        fn step_property(&self, step: &str, property: &str, _: usize) -> Option<(String, bool)> {
            (step == "Prep" && property == "X").then(|| ("s3://b/prep".to_string(), true))
        }
    }

    #[test]
    fn renders_each_expression_form() {
        let cases = [
            (json!("s3://b/k"), "s3://b/k", true),
            (json!({"Get": "Parameters.Bucket"}), "my-bucket", true),
            (
                json!({"Get": "Parameters.Other"}),
                "{Parameters.Other}",
                false,
            ),
            (
                json!({"Get": "Execution.PipelineExecutionId"}),
                "abc123",
                true,
            ),
            (
                json!({"Get": "Execution.StartDateTime"}),
                "{Execution.StartDateTime}",
                false,
            ),
            (json!({"Get": "Steps.Prep.X"}), "s3://b/prep", true),
            (
                json!({"Get": "Steps.Prep-Stats.X"}),
                "{Steps.Prep-Stats.X}",
                false,
            ),
            (
                json!({"Std:Join": {"On": "/", "Values": ["s3:/", {"Get": "Parameters.Bucket"}, {"Get": "Execution.PipelineExecutionId"}, 3]}}),
                "s3://my-bucket/abc123/3",
                true,
            ),
            (
                json!({"Std:JsonGet": {"PropertyFile": {"Get": "Steps.Eval.PropertyFiles.Report"}, "Path": "metrics.mse.value"}}),
                "JsonGet(Steps.Eval.PropertyFiles.Report, metrics.mse.value)",
                false,
            ),
            (json!({"Std:Foo": {"A": 1}}), "Std:Foo(A=1)", false),
            (json!(12.5), "12.5", true),
        ];
        for (value, text, resolved) in cases {
            let r = render(&value, &Fixed, 0);
            assert_eq!(r.text, text, "{value}");
            assert_eq!(r.resolved, resolved, "{value}");
            assert!(!r.text.contains("\"Get\""), "raw JSON leaked: {}", r.text);
        }
    }

    #[test]
    fn deep_nesting_stops_without_overflow() {
        let mut v = json!("s3://b/k");
        for _ in 0..100 {
            v = json!({"Std:Join": {"On": "", "Values": [v]}});
        }
        let r = render(&v, &Fixed, 0);
        assert!(!r.resolved);
    }

    #[test]
    fn output_names_in_either_quote() {
        assert_eq!(
            processing_output_name("ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"),
            Some("train")
        );
        assert_eq!(
            processing_output_name("ProcessingOutputConfig.Outputs[\"te'st\"].S3Output.S3Uri"),
            Some("te'st")
        );
        assert_eq!(
            processing_output_name("ModelArtifacts.S3ModelArtifacts"),
            None
        );
    }
}
