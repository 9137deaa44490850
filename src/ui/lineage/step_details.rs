use leptos::prelude::*;

use crate::core::{step_status, Deployment, Finding, Io, Node};
use crate::ui::index::DeploymentList;
use crate::ui::lineage::format_elapsed;
use crate::ui::links::job_console_url;
use crate::ui::security::{FindingList, JobSettings};

/// Everything known about one step: run, job, data, metrics, registry, and the
/// security findings about what it touches.
#[component]
pub fn StepDetails(
    node: Node,
    region: String,
    close_href: String,
    /// The findings about what this step touches.
    findings: Vec<Finding>,
    security_href: String,
    /// Where the model this step registered or wrote serves (from the index).
    deployments: Vec<Deployment>,
) -> impl IntoView {
    let status = step_status(&node).to_string();
    let run = node.run.clone().unwrap_or_default();
    let has_run = node.run.is_some();
    let job_link = match (&run.job_type, &run.job_name) {
        (Some(t), Some(n)) => job_console_url(&region, t, n).map(|url| (url, n.clone())),
        _ => None,
    };
    let times = has_run.then(|| {
        format!(
            "{} → {}{}",
            run.start_time.clone().unwrap_or_else(|| "?".into()),
            run.end_time.clone().unwrap_or_else(|| "running".into()),
            run.elapsed_sec
                .map(|e| format!(" ({})", format_elapsed(e)))
                .unwrap_or_default()
        )
    });
    let metrics: Vec<(String, f64)> = run.metrics.clone().into_iter().collect();
    let metadata: Vec<(String, String)> = run.metadata.clone().into_iter().collect();
    let returned: Vec<(String, String)> = run.output_parameters.clone().into_iter().collect();
    view! {
        <aside class="panel step-details" data-testid="step-details" aria-label=format!("Step {}", node.id)>
            <header>
                <h3>{node.label.clone()}</h3>
                <a href=close_href class="close" aria-label="Close step details">"×"</a>
            </header>
            <dl>
                <dt>"Type"</dt>
                <dd data-testid="step-type">{node.step_type.clone()}</dd>
                <dt>"Status"</dt>
                <dd>
                    <span class=format!("badge status-{}", status.to_ascii_lowercase()) data-testid="step-status">
                        {status.clone()}
                    </span>
                </dd>
                {node.branch.clone().map(|b| view! {
                    <dt>"Branch"</dt>
                    <dd>{format!("{} of condition {}", b.outcome, b.condition)}</dd>
                })}
                {times.map(|t| view! { <dt>"Ran"</dt><dd>{t}</dd> })}
                {run.failure_reason.clone().map(|r| view! {
                    <dt>"Failure reason"</dt>
                    <dd class="failure" data-testid="failure-reason">{r}</dd>
                })}
                {run.condition_outcome.clone().map(|o| view! {
                    <dt>"Condition outcome"</dt>
                    <dd data-testid="condition-outcome">{o}</dd>
                })}
                {run.cache_hit.clone().map(|c| view! {
                    <dt>"Cache hit"</dt>
                    <dd>"Reused the result of " <code>{c.source_execution_arn}</code></dd>
                })}
                {run.attempt_count.filter(|a| *a > 1).map(|a| view! { <dt>"Attempts"</dt><dd>{a}</dd> })}
                {run.job_name.clone().map(|name| view! {
                    <dt>"Job"</dt>
                    <dd data-testid="job">
                        {match job_link.clone() {
                            Some((url, n)) => view! {
                                <a href=url target="_blank" rel="noopener noreferrer">{n}</a>
                            }.into_any(),
                            None => view! { <code>{name}</code> }.into_any(),
                        }}
                        {run.job_status.clone().map(|s| format!(" ({s})"))}
                    </dd>
                })}
                {node.registry.clone().map(|r| view! {
                    <dt>"Model package"</dt>
                    <dd data-testid="registry">
                        <code>{r.model_package_arn}</code>
                        {r.approval_status.map(|a| view! { <span class="badge">{a}</span> })}
                    </dd>
                })}
            </dl>
            {(!deployments.is_empty()).then(|| view! {
                <h4>"Deployed at"</h4>
                <DeploymentList deployments=deployments/>
            })}
            {run.security.clone().map(|s| view! { <h4>"Job security"</h4><JobSettings security=s/> })}
            <FindingList findings=findings security_href=security_href/>
            <IoList title="Inputs" items=node.inputs.clone()/>
            <IoList title="Outputs" items=node.outputs.clone()/>
            {(!metrics.is_empty()).then(|| view! {
                <h4>"Metrics"</h4>
                <table class="metrics" data-testid="metrics">
                    <tbody>
                        {metrics.into_iter().map(|(k, v)| view! {
                            <tr><th scope="row">{k}</th><td>{format_metric(v)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!returned.is_empty()).then(|| view! {
                <h4>"Output parameters"</h4>
                <dl data-testid="output-parameters">
                    {returned.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd><code>{v}</code></dd> }).collect_view()}
                </dl>
            })}
            {(!metadata.is_empty()).then(|| view! {
                <h4>"Step metadata"</h4>
                <dl>
                    {metadata.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd><code>{v}</code></dd> }).collect_view()}
                </dl>
            })}
        </aside>
    }
}

/// Integers as integers, small values in scientific notation, others to 4 decimals.
pub fn format_metric(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else if v.abs() < 1e-3 {
        format!("{v:.3e}")
    } else {
        format!("{v:.4}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn metrics_read_naturally() {
        use super::format_metric as f;
        assert_eq!(f(0.912), "0.912");
        assert_eq!(f(42.0), "42");
        assert_eq!(f(1.00001), "1");
        assert_eq!(f(0.00001), "1.000e-5");
        assert_eq!(f(-3.5), "-3.5");
    }
}

#[component]
fn IoList(title: &'static str, items: Vec<Io>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h4>{title}</h4>
            <ul class="io-list">
                {items.into_iter().map(|io| {
                    let class = if io.resolved { "uri" } else { "uri unresolved" };
                    view! {
                        <li>
                            <span class="io-name">{io.name}</span>
                            <code class=class title=io.expression.unwrap_or_default()>{io.uri}</code>
                            {io.source_step.map(|s| view! { <span class="io-source">{format!("from {s}")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}
