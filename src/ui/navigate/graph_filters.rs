use leptos::prelude::*;

use crate::core::StatusFilter;
use crate::ui::links::ViewState;

/// Which steps the graph shows (all, or only failed / running / not-started ones with
/// their neighbours), whether untaken branches are hidden, and whether the critical
/// path is highlighted: links, so that each works without JavaScript.
#[component]
pub fn GraphFilters(
    state: ViewState,
    /// Some condition took a branch, so another was not taken.
    has_untaken: bool,
    /// An execution is shown (there is a critical path to ask for).
    has_execution: bool,
) -> impl IntoView {
    let label = |f: StatusFilter| match f {
        StatusFilter::Failed => "Failed",
        StatusFilter::Running => "Running",
        StatusFilter::NotStarted => "Not started",
    };
    let shown = state.show;
    view! {
        <nav class="graph-filters" aria-label="Graph filters" data-testid="graph-filters">
            <span role="group" aria-label="Show steps">
                "Show "
                <a href=state.with_show(None).href() aria-current=shown.is_none().then_some("true")
                    data-testid="show-all">"All"</a>
                {StatusFilter::ALL.into_iter().map(|f| view! {
                    <a href=state.with_show(Some(f)).href() aria-current=(shown == Some(f)).then_some("true")
                        data-testid=format!("show-{}", f.as_param())>{label(f)}</a>
                }).collect_view()}
            </span>
            {has_untaken.then(|| view! {
                <a href=state.with_hide_untaken(!state.hide_untaken).href()
                    aria-pressed=state.hide_untaken.to_string() data-testid="toggle-untaken">
                    {if state.hide_untaken { "Show untaken branches" } else { "Hide untaken branches" }}
                </a>
            })}
            {has_execution.then(|| view! {
                <a href=state.with_critical(!state.critical).href()
                    aria-pressed=state.critical.to_string() data-testid="toggle-critical">
                    {if state.critical { "Hide the critical path" } else { "Critical path" }}
                </a>
            })}
        </nav>
    }
}
