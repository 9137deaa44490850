use leptos::prelude::*;

use crate::api::ExecutionListItem;
use crate::core::{Comparison, ExecutionSide, Side};
use crate::ui::lineage::format_elapsed;
use crate::ui::links::CompareState;

/// The two executions: pickers for each (a GET form, so it works without the
/// WebAssembly), a swap link, the differences-only toggle, each side's status and
/// times, links to each side's lineage and to the JSON, and the warnings.
#[component]
pub fn CompareHeader(
    comparison: Comparison,
    state: CompareState,
    executions: Vec<ExecutionListItem>,
    json_url: String,
) -> impl IntoView {
    let c = comparison;
    // The pair shown, by id, whatever the URL named (defaults included).
    let resolved = CompareState {
        base: Some(c.base.id.clone()),
        target: Some(c.target.id.clone()),
        ..state.clone()
    };
    let swap = resolved.swapped().with_step(None).href();
    let toggle = state.with_all(!state.all).href();
    let picker = |name: &'static str, label: &'static str, current: &ExecutionSide| {
        let current = current.id.clone();
        let listed = executions.iter().any(|e| e.id == current);
        let options = executions
            .iter()
            .map(|e| {
                let text = format!(
                    "{} · {} · {}",
                    e.id,
                    e.status,
                    e.start_time.clone().unwrap_or_default().replace('T', " ")
                );
                view! { <option value=e.id.clone() selected=e.id == current>{text}</option> }
            })
            .collect_view();
        view! {
            <label class="execution-picker">
                {label}
                <select name=name data-testid=format!("{name}-picker")>
                    {(!listed).then(|| view! { <option value=current.clone() selected=true>{current.clone()}</option> })}
                    {options}
                </select>
            </label>
        }
    };
    let side = |label: &'static str, e: &ExecutionSide, testid: &'static str| {
        let status = e.status.to_string();
        view! {
            <div class="compare-side" data-testid=testid>
                <span class="muted">{label}</span>
                <a href=resolved.lineage_href(&e.id) title=e.arn.clone()>{e.id.clone()}</a>
                <span class=format!("badge status-{}", status.to_ascii_lowercase()) data-testid=format!("{testid}-status")>{status.clone()}</span>
                {e.start_time.clone().map(|t| view! { <span class="badge muted">{format!("started {}", t.replace('T', " "))}</span> })}
                {e.elapsed_sec.map(|s| view! { <span class="badge">{format_elapsed(s)}</span> })}
            </div>
        }
    };
    view! {
        <section class="lineage-header compare-header" data-testid="compare">
            <div class="title-row">
                <h2 data-testid="pipeline-name">
                    {format!("Compare executions of {}", c.pipeline.display_name.clone().unwrap_or_else(|| c.pipeline.name.clone()))}
                </h2>
                <span class="muted">{state.region.clone()}</span>
                <a href=json_url data-testid="raw-json">"Raw JSON"</a>
            </div>
            <form class="compare-form" method="get" action="/compare">
                <input type="hidden" name="pipeline" value=state.pipeline.clone()/>
                <input type="hidden" name="region" value=state.region.clone()/>
                {state.domain.clone().map(|d| view! { <input type="hidden" name="domain" value=d/> })}
                {state.all.then(|| view! { <input type="hidden" name="all" value="1"/> })}
                {picker("base", "Base ", &c.base)}
                {picker("target", "Target ", &c.target)}
                <button type="submit" data-testid="compare-submit">"Compare"</button>
                <a href=swap data-testid="swap">"Swap"</a>
            </form>
            <div class="compare-sides">
                {side("Base", &c.base, "base")}
                <span aria-hidden="true">"→"</span>
                {side("Target", &c.target, "target")}
            </div>
            <nav class="view-switch" aria-label="What to show">
                <a href=toggle data-testid="differences-toggle" role="switch"
                    aria-checked=(!state.all).to_string()>
                    {if state.all { "Differences only: off" } else { "Differences only: on" }}
                </a>
            </nav>
            {(!c.has_changes()).then(|| view! {
                <p class="hint" data-testid="no-differences">"These two executions do not differ."</p>
            })}
            {(!c.warnings.is_empty()).then(|| view! {
                <details class="warnings" data-testid="warnings">
                    <summary>{format!("{} warning(s): parts of an execution could not be read", c.warnings.len())}</summary>
                    <ul>
                        {c.warnings.iter().map(|w| {
                            let side = match w.side { Side::Base => "base", Side::Target => "target" };
                            view! { <li>{format!("{side}: {} ({})", w.warning.message, w.warning.code.as_str())}</li> }
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </section>
    }
}
