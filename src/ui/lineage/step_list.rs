use leptos::prelude::*;

use crate::core::{step_status, Node};
use crate::ui::security::{FindingMark, Mark};

/// Every step with its type and status: the keyboard- and screen-reader-friendly view
/// of the graph, and what the server renders before any JavaScript runs.
#[component]
pub fn StepList(
    nodes: Vec<Node>,
    selected: Option<String>,
    /// The link that selects each step, in the order of `nodes`: a signal, so that a
    /// change of the view elsewhere in the URL (a focus, a filter) updates the links
    /// without rebuilding a table of hundreds of rows.
    #[prop(into)]
    links: Signal<Vec<String>>,
    /// Each step's security mark, in the order of `nodes`.
    marks: Vec<Option<Mark>>,
) -> impl IntoView {
    view! {
        <table class="steps" data-testid="steps">
            <caption>"Steps"</caption>
            <thead>
                <tr>
                    <th scope="col">"Step"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Details"</th>
                    <th scope="col">"Findings"</th>
                </tr>
            </thead>
            <tbody>
                {nodes
                    .into_iter()
                    .enumerate()
                    .zip(marks)
                    .map(|((i, n), mark)| {
                        let link = move || links.with(|l| l.get(i).cloned().unwrap_or_default());
                        let status = step_status(&n).to_string();
                        let detail = n
                            .run
                            .as_ref()
                            .and_then(|r| r.failure_reason.clone().or_else(|| r.job_name.clone()))
                            .unwrap_or_default();
                        let class = if selected.as_deref() == Some(n.id.as_str()) { "selected" } else { "" };
                        view! {
                            <tr class=class data-testid="step-row" data-step=n.id.clone() data-status=status.clone()>
                                <td><a href=link>{n.label.clone()}</a></td>
                                <td>{n.step_type.clone()}</td>
                                <td class=format!("status-{}", status.to_ascii_lowercase())>{status.clone()}</td>
                                <td>{detail}</td>
                                <td><FindingMark mark=mark/></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
