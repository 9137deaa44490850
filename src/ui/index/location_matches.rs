use leptos::prelude::*;

use crate::api::{encode, LocationMatch};

/// The indexed steps that read or wrote under a location, each linked to its
/// pipeline's lineage at the newest execution that did.
#[component]
pub fn LocationMatches(
    matches: Vec<LocationMatch>,
    /// How many there are in all (`matches` holds the first of them).
    total: usize,
    region: String,
) -> impl IntoView {
    if matches.is_empty() {
        return view! {
            <p class="hint" data-testid="no-matches">"No indexed pipeline step reads or writes under this location."</p>
        }
        .into_any();
    }
    view! {
        <table class="changes" data-testid="location-matches">
            <caption>
                "Steps that read or write it"
                {(total > matches.len()).then(|| view! {
                    <span class="muted" data-testid="matches-truncated">
                        {format!(" (the first {} of {total}: a narrower location lists the rest)", matches.len())}
                    </span>
                })}
            </caption>
            <thead><tr>
                <th scope="col">"Pipeline"</th><th scope="col">"Step"</th><th scope="col">"Reads or writes"</th>
                <th scope="col">"Location"</th><th scope="col">"Executions"</th>
            </tr></thead>
            <tbody>
                {matches.into_iter().map(|m| {
                    let newest = m.executions.first().cloned().unwrap_or_default();
                    let href = format!(
                        "/?pipeline={}&region={}&execution={}&step={}",
                        encode(&m.pipeline), encode(&region), encode(&newest), encode(&m.step)
                    );
                    let verb = if m.direction == "input" { "reads" } else { "writes" };
                    view! {
                        <tr data-testid="location-match" data-pipeline=m.pipeline.clone() data-step=m.step.clone() data-direction=m.direction.clone()>
                            <td>{m.pipeline.clone()}</td>
                            <td><a href=href>{m.step.clone()}</a></td>
                            <td>{verb}</td>
                            <td><code>{m.uri.clone()}</code></td>
                            <td>{m.executions.join(", ")}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
