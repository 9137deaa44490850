use leptos::prelude::*;

use crate::api::ExecutionListItem;

/// Chooses the execution shown: the latest, or an earlier one (with status and start).
/// Every change is reported at once; the page decides when a choice loads (it waits
/// until the choice rests, and keeps it across refreshes that rebuild this picker).
#[component]
pub fn ExecutionPicker(
    executions: Vec<ExecutionListItem>,
    /// The chosen execution id (or a choice not loaded yet), `None` for the latest.
    current: Option<String>,
    on_change: Callback<Option<String>>,
) -> impl IntoView {
    let latest = executions
        .first()
        .map(|e| format!("Latest ({}, {})", e.id, e.status))
        .unwrap_or_else(|| "Latest".into());
    // `execution=` may be an ARN; the options are ids.
    let current = current.map(|c| c.rsplit('/').next().unwrap_or(&c).to_string());
    let current_value = current.clone().unwrap_or_default();
    let listed = current
        .as_ref()
        .is_none_or(|c| executions.iter().any(|e| &e.id == c));
    view! {
        <label class="execution-picker">
            "Execution "
            <select
                data-testid="execution-picker"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    on_change.run((!v.is_empty()).then_some(v));
                }
                prop:value=current_value.clone()
            >
                <option value="" selected=current.is_none()>{latest}</option>
                {(!listed).then(|| view! {
                    <option value=current_value.clone() selected=true>{current_value.clone()}</option>
                })}
                {executions.into_iter().map(|e| {
                    let label = format!(
                        "{} · {} · {}",
                        e.id,
                        e.status,
                        e.start_time.clone().unwrap_or_default().replace('T', " ")
                    );
                    let selected = current.as_deref() == Some(e.id.as_str());
                    view! { <option value=e.id.clone() selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
