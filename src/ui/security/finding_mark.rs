use leptos::prelude::*;

use super::Mark;

/// The mark of a step or location with findings: the worst severity and how many
/// findings in all (`⚠ 4 · worst critical`), or nothing.
#[component]
pub fn FindingMark(mark: Option<Mark>) -> impl IntoView {
    mark.map(|m| {
        view! {
            <span class=format!("finding-mark severity-{}", m.worst) data-testid="finding-mark"
                data-severity=m.worst.to_string() title=m.describe()>
                {format!("⚠ {} · worst {}", m.count, m.worst)}
            </span>
        }
    })
}
