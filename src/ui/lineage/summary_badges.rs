use leptos::prelude::*;

use crate::core::{ExecutionSummary, Summary};

/// Overall status, counts per status and elapsed time.
#[component]
pub fn SummaryBadges(summary: Summary, execution: Option<ExecutionSummary>) -> impl IntoView {
    let status_class = format!(
        "badge status-{}",
        summary.overall_status.as_str().to_ascii_lowercase()
    );
    let elapsed = summary.elapsed_sec.map(format_elapsed);
    view! {
        <div class="summary" data-testid="summary">
            <span class=status_class data-testid="overall-status">{summary.overall_status.as_str()}</span>
            {summary
                .node_status
                .iter()
                .map(|(status, count)| {
                    view! {
                        <span class="badge count" data-testid=format!("count-{status}")>
                            {format!("{status}: {count}")}
                        </span>
                    }
                })
                .collect_view()}
            {elapsed.map(|e| view! { <span class="badge" data-testid="elapsed">{e}</span> })}
            {execution.map(|e| view! {
                <span class="badge" data-testid="execution-id" title=e.arn.clone()>{e.id}</span>
                {e.start_time.map(|t| view! { <span class="badge muted">{format!("started {}", t.replace('T', " "))}</span> })}
            })}
        </div>
    }
}

/// `2730.0` → `45m 30s`.
pub fn format_elapsed(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match (s / 3600, (s % 3600) / 60, s % 60) {
        (0, 0, sec) => format!("{sec}s"),
        (0, m, sec) => format!("{m}m {sec}s"),
        (h, m, _) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn elapsed_reads_naturally() {
        assert_eq!(super::format_elapsed(42.4), "42s");
        assert_eq!(super::format_elapsed(2730.0), "45m 30s");
        assert_eq!(super::format_elapsed(7260.0), "2h 1m");
    }
}
