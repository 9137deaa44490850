use leptos::prelude::*;

use crate::core::EdgeChanges;

/// The dependencies only one execution's graph has.
#[component]
pub fn EdgeChangeList(edges: EdgeChanges) -> impl IntoView {
    if edges.added.is_empty() && edges.removed.is_empty() {
        return ().into_any();
    }
    let items = edges
        .added
        .iter()
        .map(|e| ("added", e))
        .chain(edges.removed.iter().map(|e| ("removed", e)))
        .map(|(kind, e)| {
            view! {
                <li data-testid="edge-change" data-change=kind>
                    <span class=format!("badge change-{kind}")>{kind}</span>
                    {format!(" {} → {} ({})", e.from, e.to, e.via)}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="edge-changes" data-testid="edge-changes">
            <h3>"Dependencies"</h3>
            <ul>{items}</ul>
        </section>
    }
    .into_any()
}
