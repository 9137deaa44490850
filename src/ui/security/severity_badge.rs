use leptos::prelude::*;

use crate::core::Severity;

/// A severity as a badge: colour and word (never colour alone).
#[component]
pub fn SeverityBadge(severity: Severity) -> impl IntoView {
    view! {
        <span class=format!("badge severity-{severity}") data-testid="severity">
            {severity.to_string()}
        </span>
    }
}
