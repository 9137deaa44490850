use leptos::prelude::*;

use crate::core::{StepChange, StepSide};
use crate::ui::compare::or_dash;
use crate::ui::lineage::format_elapsed;

/// Both sides of one step, field by field.
#[component]
pub fn StepSides(step: StepChange, close_href: String) -> impl IntoView {
    let row = |name: &'static str, f: fn(&StepSide) -> Option<String>| {
        let cell = |s: &Option<StepSide>| match s {
            None => "not in this definition".to_string(),
            Some(s) => or_dash(f(s).as_deref()),
        };
        let (b, t) = (cell(&step.base), cell(&step.target));
        let differs = b != t;
        view! {
            <tr class:differs=differs>
                <th scope="row">{name}</th>
                <td>{b}</td>
                <td>{t}</td>
            </tr>
        }
    };
    view! {
        <aside class="panel" data-testid="step-sides">
            <div class="panel-title">
                <h3>{step.label.clone()}</h3>
                <a href=close_href aria-label="Close">"×"</a>
            </div>
            <p class="muted">{format!("{} · {}", step.step_type, step.change.as_str())}</p>
            <table class="details">
                <thead><tr><th></th><th scope="col">"Base"</th><th scope="col">"Target"</th></tr></thead>
                <tbody>
                    {row("Status", |s| Some(s.status.to_string()))}
                    {row("Elapsed", |s| s.elapsed_sec.map(format_elapsed))}
                    {row("Cache hit", |s| Some(if s.cache_hit { "yes" } else { "no" }.to_string()))}
                    {row("Condition outcome", |s| s.condition_outcome.clone())}
                    {row("Job", |s| s.job_arn.as_ref().map(|a| a.rsplit('/').next().unwrap_or(a).to_string()))}
                    {row("Failure reason", |s| s.failure_reason.clone())}
                </tbody>
            </table>
        </aside>
    }
}
