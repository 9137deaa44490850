use leptos::prelude::*;

use crate::core::{Change, StepChange, StepSide};
use crate::ui::lineage::format_elapsed;

/// One step side in words: status, condition outcome, cache hit, elapsed time.
pub fn describe_side(side: &Option<StepSide>) -> String {
    let Some(s) = side else {
        return "not in this definition".into();
    };
    let mut parts = vec![s.status.to_string()];
    if let Some(o) = &s.condition_outcome {
        parts.push(format!("outcome {o}"));
    }
    if s.cache_hit {
        parts.push("cache hit".into());
    }
    if let Some(e) = s.elapsed_sec {
        parts.push(format_elapsed(e));
    }
    parts.join(" · ")
}

/// The steps of both executions with their change; only those that changed unless
/// `all`. Each links to its two sides.
#[component]
pub fn StepChanges(
    steps: Vec<StepChange>,
    all: bool,
    selected: Option<String>,
    /// The link of each step of `steps` (same order).
    links: Vec<String>,
) -> impl IntoView {
    let rows: Vec<(StepChange, String)> = steps
        .into_iter()
        .zip(links)
        .filter(|(s, _)| all || s.change != Change::Same)
        .collect();
    if rows.is_empty() {
        return view! { <p class="muted" data-testid="steps-unchanged">"No step changed."</p> }
            .into_any();
    }
    view! {
        <table class="steps" data-testid="step-changes">
            <caption>"Steps"</caption>
            <thead><tr><th scope="col">"Step"</th><th scope="col">"Change"</th><th scope="col">"Base"</th><th scope="col">"Target"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(s, href)| {
                    let change = s.change.as_str();
                    let failure = s.target.as_ref().and_then(|t| t.failure_reason.clone());
                    view! {
                        <tr data-testid="step-change-row" data-step=s.id.clone() data-change=change
                            class:selected=selected.as_deref() == Some(s.id.as_str())>
                            <td><a href=href>{s.label.clone()}</a></td>
                            <td><span class=format!("badge change-{change}")>{change}</span></td>
                            <td>{describe_side(&s.base)}</td>
                            <td>
                                {describe_side(&s.target)}
                                {failure.map(|f| view! { <div class="failure">{f}</div> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
