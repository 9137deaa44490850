use leptos::prelude::*;

use crate::core::ParameterChange;
use crate::ui::compare::or_dash;

/// The values each execution ran with; only those that differ unless `all`.
#[component]
pub fn ParameterChanges(parameters: Vec<ParameterChange>, all: bool) -> impl IntoView {
    let rows: Vec<ParameterChange> = parameters
        .into_iter()
        .filter(|p| all || p.changed)
        .collect();
    if rows.is_empty() {
        return view! { <p class="muted" data-testid="parameters-unchanged">"No parameter changed."</p> }.into_any();
    }
    view! {
        <table class="changes" data-testid="parameter-changes">
            <caption>"Parameters"</caption>
            <thead><tr><th scope="col">"Parameter"</th><th scope="col">"Base"</th><th scope="col">"Target"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|p| view! {
                    <tr data-testid="parameter-row" data-name=p.name.clone() class:differs=p.changed>
                        <td>{p.name.clone()}</td>
                        <td><code>{or_dash(p.base.as_deref())}</code></td>
                        <td><code>{or_dash(p.target.as_deref())}</code></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
