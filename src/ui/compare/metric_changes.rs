use leptos::prelude::*;

use crate::core::{signed, MetricChange};

fn number(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v}"))
}

/// Metrics of both executions with the signed delta; coloured better or worse only
/// where the metric's name says which way is better. Only those that differ unless
/// `all`.
#[component]
pub fn MetricChanges(metrics: Vec<MetricChange>, all: bool) -> impl IntoView {
    let rows: Vec<MetricChange> = metrics
        .into_iter()
        .filter(|m| all || m.base != m.target)
        .collect();
    if rows.is_empty() {
        return view! { <p class="muted" data-testid="metrics-unchanged">"No metric changed."</p> }
            .into_any();
    }
    view! {
        <table class="changes" data-testid="metric-changes">
            <caption>"Metrics"</caption>
            <thead><tr>
                <th scope="col">"Step"</th><th scope="col">"Metric"</th><th scope="col">"Base"</th>
                <th scope="col">"Target"</th><th scope="col">"Change"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|m| {
                    let verdict = m.improved();
                    let class = match verdict {
                        Some(true) => "better",
                        Some(false) => "worse",
                        None => "",
                    };
                    let delta = m.delta.map(signed).unwrap_or_else(|| "–".into());
                    view! {
                        <tr data-testid="metric-row" data-step=m.step.clone() data-name=m.name.clone()>
                            <td>{m.step.clone()}</td>
                            <td><code>{m.name.clone()}</code></td>
                            <td>{number(m.base)}</td>
                            <td>{number(m.target)}</td>
                            <td class=class data-testid="metric-delta">
                                {delta}
                                {verdict.map(|better| view! { <span class="verdict">{if better { " better" } else { " worse" }}</span> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
