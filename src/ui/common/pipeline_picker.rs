use leptos::prelude::*;

use crate::api::{encode, PipelineListItem};

/// The pipelines of a region, each a link to its lineage.
#[component]
pub fn PipelinePicker(region: String, pipelines: Vec<PipelineListItem>) -> impl IntoView {
    if pipelines.is_empty() {
        return view! { <p class="hint" data-testid="no-pipelines">{format!("No pipelines in {region}.")}</p> }
            .into_any();
    }
    view! {
        <nav aria-label="Pipelines" data-testid="pipelines">
            <h2>{format!("Pipelines in {region}")}</h2>
            <ul class="pipeline-list">
                {pipelines.into_iter().map(|p| {
                    let href = format!("/?pipeline={}&region={}", encode(&p.name), encode(&region));
                    view! {
                        <li>
                            <a href=href>{p.display_name.clone().unwrap_or_else(|| p.name.clone())}</a>
                            {p.last_execution_time.map(|t| view! {
                                <span class="muted">{format!(" last run {}", t.replace('T', " "))}</span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
    .into_any()
}
