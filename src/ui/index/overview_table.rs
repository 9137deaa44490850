use leptos::prelude::*;

use super::rows::{OverviewState, SortKey};
use crate::api::{encode, OverviewPipeline};

fn header(key: SortKey) -> &'static str {
    match key {
        SortKey::Name => "Pipeline",
        SortKey::Status => "Latest status",
        SortKey::LastRun => "Last run",
        SortKey::Failures => "Failures in window",
        SortKey::Findings => "Findings",
        SortKey::Deployments => "Deployments",
    }
}

/// The region's pipelines from the index: a header link per column sorts (again:
/// reverses), and each row links to its pipeline.
#[component]
pub fn OverviewTable(
    /// Already filtered and sorted (`rows`).
    rows: Vec<OverviewPipeline>,
    view: OverviewState,
) -> impl IntoView {
    let region = view.region.clone();
    view! {
        <table class="overview" data-testid="overview">
            <caption>{format!("Pipelines in {}", view.region)}</caption>
            <thead>
                <tr>
                    {SortKey::ALL.into_iter().map(|key| {
                        let sorted = (view.sort == key).then(|| if view.descending() { "descending" } else { "ascending" });
                        view! {
                            <th scope="col" aria-sort=sorted.unwrap_or("none")>
                                <a href=view.sorted_by(key).href() data-testid=format!("sort-{}", key.as_str())>{header(key)}</a>
                            </th>
                        }
                    }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|p| {
                    let href = format!("/?pipeline={}&region={}", encode(&p.name), encode(&region));
                    let status = p.latest.as_ref().map(|l| l.status.to_string());
                    let failures = p.counts.get("Failed").copied().unwrap_or(0);
                    let runs: i64 = p.counts.values().sum();
                    view! {
                        <tr data-testid="overview-row" data-pipeline=p.name.clone()
                            data-status=status.clone().unwrap_or_else(|| "none".into())>
                            <td><a href=href>{p.name.clone()}</a></td>
                            <td class=status.as_ref().map(|s| format!("status-{}", s.to_ascii_lowercase()))>
                                {status.clone().unwrap_or_else(|| "never ran".into())}
                            </td>
                            <td>{p.latest.as_ref().and_then(|l| l.start_time.clone()).map(|t| t.replace('T', " ")).unwrap_or_else(|| "–".into())}</td>
                            <td data-testid="failures">{format!("{failures} of {runs}")}</td>
                            <td data-testid="findings">
                                {match p.findings {
                                    None => "not indexed".to_string(),
                                    Some(f) => format!("{} critical · {} high · {} medium · {} low", f.critical, f.high, f.medium, f.low),
                                }}
                            </td>
                            <td data-testid="deployments">
                                {if p.deployments.is_empty() { "–".to_string() } else { p.deployments.join(", ") }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
