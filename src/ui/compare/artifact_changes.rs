use leptos::prelude::*;

use crate::core::{ArtifactChange, Direction};
use crate::ui::compare::or_dash;

/// The locations each step read and wrote in each execution; only those that differ
/// unless `all`.
#[component]
pub fn ArtifactChanges(artifacts: Vec<ArtifactChange>, all: bool) -> impl IntoView {
    let rows: Vec<ArtifactChange> = artifacts.into_iter().filter(|a| all || a.changed).collect();
    if rows.is_empty() {
        return view! { <p class="muted" data-testid="artifacts-unchanged">"No location changed."</p> }.into_any();
    }
    view! {
        <table class="changes" data-testid="artifact-changes">
            <caption>"Locations read and written"</caption>
            <thead><tr>
                <th scope="col">"Step"</th><th scope="col">"Input or output"</th>
                <th scope="col">"Base"</th><th scope="col">"Target"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|a| {
                    let dir = match a.direction { Direction::Input => "input", Direction::Output => "output" };
                    view! {
                        <tr data-testid="artifact-change-row" data-step=a.step.clone() class:differs=a.changed>
                            <td>{a.step.clone()}</td>
                            <td>{format!("{dir} {}", a.name)}</td>
                            <td><code>{or_dash(a.base.as_deref())}</code></td>
                            <td><code>{or_dash(a.target.as_deref())}</code></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
