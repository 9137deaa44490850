use leptos::prelude::*;

use super::SeverityBadge;
use crate::core::Finding;

/// A short list of findings for a side panel (a step's, a bucket's), linking to the
/// Security view for the rest.
#[component]
pub fn FindingList(findings: Vec<Finding>, security_href: String) -> impl IntoView {
    (!findings.is_empty()).then(|| {
        view! {
            <h4>"Security findings"</h4>
            <ul class="findings compact" data-testid="panel-findings">
                {findings.into_iter().map(|f| view! {
                    <li data-testid="panel-finding" data-finding=f.id.id()>
                        <SeverityBadge severity=f.severity/> " " {f.title.clone()}
                        <span class="muted">{format!(" ({})", short(&f.resource.id))}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p><a href=security_href>"All findings in the Security view"</a></p>
        }
    })
}

/// A resource id short enough for a side panel: the last segment of an ARN.
fn short(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}
