//! Numeric metrics from evaluation reports (`evaluation.json`, `metrics.json`, property
//! files, model-quality statistics).
//!
//! Reports are free-form JSON written by user code, so the reader is tolerant: every
//! numeric leaf becomes a metric named by its dotted path, and SageMaker's
//! `{"regression_metrics": {"mse": {"value": 4.2, "standard_deviation": 0.3}}}` form
//! becomes `regression_metrics.mse = 4.2` (plus `regression_metrics.mse.standard_deviation`).
//! It is also bounded: size, depth and count are capped.

use std::collections::BTreeMap;

use serde_json::Value;

/// Reports larger than this are not parsed (they are not evaluation summaries).
pub const MAX_REPORT_BYTES: usize = 1024 * 1024;
/// At most this many metrics per report.
pub const MAX_METRICS: usize = 200;
const MAX_DEPTH: usize = 8;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportMetrics {
    pub metrics: BTreeMap<String, f64>,
    /// True when metrics were dropped because of `MAX_METRICS` or the depth cap.
    pub truncated: bool,
}

/// Reads a report. Errors are human-readable reasons.
pub fn metrics_from_report(bytes: &[u8]) -> Result<ReportMetrics, String> {
    if bytes.len() > MAX_REPORT_BYTES {
        return Err(format!(
            "report is {} bytes; reports over {MAX_REPORT_BYTES} bytes are not read",
            bytes.len()
        ));
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("report is not valid JSON: {e}"))?;
    if !value.is_object() {
        return Err("report is not a JSON object".into());
    }
    let mut out = ReportMetrics::default();
    flatten(&value, "", 0, &mut out);
    Ok(out)
}

fn flatten(value: &Value, path: &str, depth: usize, out: &mut ReportMetrics) {
    if depth > MAX_DEPTH {
        out.truncated = true;
        return;
    }
    match value {
        Value::Number(n) => {
            if let Some(x) = n.as_f64().filter(|x| x.is_finite()) {
                if !path.is_empty() {
                    push(out, path.to_string(), x);
                }
            }
        }
        Value::Object(map) => {
            // SageMaker's form: the metric's value sits in "value".
            if let Some(x) = map.get("value").and_then(Value::as_f64) {
                if !path.is_empty() {
                    push(out, path.to_string(), x);
                }
            }
            for (k, v) in map {
                if k == "value" && v.is_number() && !path.is_empty() {
                    continue;
                }
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(v, &child, depth + 1, out);
            }
        }
        // Arrays are confusion matrices, curves and the like: not summary metrics.
        _ => {}
    }
}

fn push(out: &mut ReportMetrics, name: String, value: f64) {
    if out.metrics.len() >= MAX_METRICS {
        out.truncated = true;
        return;
    }
    out.metrics.insert(name, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<ReportMetrics, String> {
        metrics_from_report(text.as_bytes())
    }

    #[test]
    fn sagemaker_nested_form() {
        let r = read(r#"{"regression_metrics": {"mse": {"value": 4.21, "standard_deviation": 0.35}, "r2": {"value": 0.871}}}"#).unwrap();
        assert_eq!(r.metrics["regression_metrics.mse"], 4.21);
        assert_eq!(r.metrics["regression_metrics.mse.standard_deviation"], 0.35);
        assert_eq!(r.metrics["regression_metrics.r2"], 0.871);
        assert_eq!(r.metrics.len(), 3);
        assert!(!r.truncated);
    }

    #[test]
    fn flat_and_mixed_forms() {
        let r = read(r#"{"accuracy": 0.93, "auc": 0.97, "name": "xgb", "ok": true, "cm": [[1,2],[3,4]], "binary_classification_metrics": {"f1": {"value": 0.8}}}"#).unwrap();
        let names: Vec<&str> = r.metrics.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["accuracy", "auc", "binary_classification_metrics.f1"]
        );
    }

    #[test]
    fn rejects_what_is_not_a_report() {
        for (text, reason) in [
            ("not json", "not valid JSON"),
            ("[1, 2]", "not a JSON object"),
            ("42", "not a JSON object"),
        ] {
            assert!(read(text).unwrap_err().contains(reason), "{text}");
        }
        let huge = format!(r#"{{"pad": "{}"}}"#, "x".repeat(MAX_REPORT_BYTES));
        assert!(read(&huge).unwrap_err().contains("not read"));
    }

    #[test]
    fn caps_count_and_depth() {
        let many: Vec<String> = (0..500).map(|i| format!("\"m{i}\": {i}")).collect();
        let r = read(&format!("{{{}}}", many.join(","))).unwrap();
        assert_eq!(r.metrics.len(), MAX_METRICS);
        assert!(r.truncated);

        let mut deep = "1".to_string();
        for _ in 0..20 {
            deep = format!("{{\"a\": {deep}}}");
        }
        let r = read(&deep).unwrap();
        assert!(r.metrics.is_empty());
        assert!(r.truncated);
    }
}
