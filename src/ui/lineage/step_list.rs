use leptos::prelude::*;

use crate::core::Node;

/// Every step with its type and run status (also the no-JavaScript view of the graph).
#[component]
pub fn StepList(nodes: Vec<Node>) -> impl IntoView {
    view! {
        <table class="steps" data-testid="steps">
            <thead>
                <tr>
                    <th scope="col">"Step"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Details"</th>
                </tr>
            </thead>
            <tbody>
                {nodes
                    .into_iter()
                    .map(|n| {
                        let status = n
                            .run
                            .as_ref()
                            .map(|r| r.status.clone())
                            .unwrap_or_else(|| if n.skipped { "Skipped".into() } else { "NotStarted".into() });
                        let detail = n
                            .run
                            .as_ref()
                            .and_then(|r| r.failure_reason.clone().or_else(|| r.job_name.clone()))
                            .unwrap_or_default();
                        view! {
                            <tr data-testid="step-row" data-step=n.id.clone() data-status=status.clone()>
                                <td>{n.label.clone()}</td>
                                <td>{n.step_type.clone()}</td>
                                <td class=format!("status-{}", status.to_ascii_lowercase())>{status.clone()}</td>
                                <td>{detail}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
