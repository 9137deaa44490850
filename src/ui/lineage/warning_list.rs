use leptos::prelude::*;

use crate::core::Warning;

/// Partial failures: what could not be read, so the reader knows what is missing.
#[component]
pub fn WarningList(warnings: Vec<Warning>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        view! {
            <details class="warnings" data-testid="warnings">
                <summary>{format!("{} warning(s): parts of this view could not be read", warnings.len())}</summary>
                <ul>
                    {warnings
                        .into_iter()
                        .map(|w| view! { <li data-code=w.code.to_string()>{w.message}</li> })
                        .collect_view()}
                </ul>
            </details>
        }
    })
}
