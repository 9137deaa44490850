use leptos::prelude::*;

use super::{filtered, FindingItem, SeverityBadge};
use crate::core::{FindingCounts, LineageDocument, ResourceType, Severity};
use crate::ui::links::ViewState;

/// The Security view: every finding of the document, worst first, grouped by
/// severity, with filters by severity and resource type that live in the URL.
#[component]
pub fn SecurityView(doc: LineageDocument, state: ViewState) -> impl IntoView {
    let counts = doc.summary.findings;
    let shown = filtered(
        &doc.findings,
        state.severity.as_deref(),
        state.resource.as_deref(),
    );
    let total = doc.findings.len();
    // Reads that failed hide findings: say how many, so that "no findings" is never
    // taken for "fine".
    let unread = doc
        .warnings
        .iter()
        .filter(|w| matches!(w.scope.as_str(), "bucket" | "kmsKey" | "account" | "job"))
        .count();
    let severity_filters = [
        (None, "All".to_string()),
        (Some("critical"), "Critical".to_string()),
        (Some("high"), "High and worse".to_string()),
        (Some("medium"), "Medium and worse".to_string()),
    ];
    let resource_filters = [
        (None, "Everything"),
        (Some("bucket"), "Buckets"),
        (Some("kmsKey"), "KMS keys"),
        (Some("job"), "Jobs"),
        (Some("account"), "Account"),
    ];
    let filter_link = |severity: Option<&str>, resource: Option<&str>| {
        state.with_filters(severity, resource).href()
    };
    let groups: Vec<(Severity, Vec<_>)> = Severity::ALL
        .into_iter()
        .map(|s| {
            (
                s,
                shown
                    .iter()
                    .filter(|f| f.severity == s)
                    .map(|f| (*f).clone())
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, fs)| !fs.is_empty())
        .collect();
    let bucket_link = |bucket: &str| {
        doc.graph
            .artifacts
            .iter()
            .find(|a| a.bucket == bucket)
            .map(|a| state.with_artifact(Some(a.uri.clone())).href())
    };
    let step_links = |steps: &[String]| -> Vec<(String, String)> {
        steps
            .iter()
            .map(|s| (s.clone(), state.with_step(Some(s.clone())).href()))
            .collect()
    };
    let shown_count = shown.len();
    view! {
        <section class="security-view" data-testid="security-view" aria-labelledby="security-heading">
            <h3 id="security-heading">"Security findings"</h3>
            <CountBadges counts=counts/>
            <nav class="filters" aria-label="Filter findings by severity">
                {severity_filters.into_iter().map(|(value, label)| {
                    let current = state.severity.as_deref() == value;
                    view! {
                        <a href=filter_link(value, state.resource.as_deref())
                            aria-current=current.then_some("true")>{label}</a>
                    }
                }).collect_view()}
            </nav>
            <nav class="filters" aria-label="Filter findings by resource">
                {resource_filters.into_iter().map(|(value, label)| {
                    let current = state.resource.as_deref() == value;
                    view! {
                        <a href=filter_link(state.severity.as_deref(), value)
                            aria-current=current.then_some("true")>{label}</a>
                    }
                }).collect_view()}
            </nav>
            {(unread > 0).then(|| view! {
                <p class="hint" data-testid="security-partial">
                    {format!(
                        "{unread} warning{} that some buckets, keys, jobs or the account could not be read: findings about them may be missing.",
                        if unread == 1 { " says" } else { "s say" }
                    )}
                </p>
            })}
            {(doc.execution.is_none()).then(|| view! {
                <p class="hint">"Job findings come from an execution's jobs: pick an execution to see them."</p>
            })}
            {if shown_count == 0 {
                view! {
                    <p data-testid="no-findings">
                        {if total == 0 { "No findings in what could be read." } else { "No findings match these filters." }}
                    </p>
                }.into_any()
            } else {
                view! {
                    <p class="muted" data-testid="findings-shown">{format!("{shown_count} of {total} findings")}</p>
                    {groups.into_iter().map(|(severity, findings)| view! {
                        <h4 data-testid="severity-group"><SeverityBadge severity=severity/>{format!(" {}", findings.len())}</h4>
                        <ul class="findings">
                            {findings.into_iter().map(|f| {
                                let resource_href = match f.resource.kind {
                                    ResourceType::Bucket => bucket_link(&f.resource.id),
                                    _ => None,
                                };
                                let steps = step_links(&f.steps);
                                view! { <FindingItem finding=f region=state.region.clone() resource_href=resource_href steps=steps/> }
                            }).collect_view()}
                        </ul>
                    }).collect_view()}
                }.into_any()
            }}
        </section>
    }
}

/// Findings per severity.
#[component]
fn CountBadges(counts: FindingCounts) -> impl IntoView {
    view! {
        <div class="summary" data-testid="finding-counts">
            {Severity::ALL.into_iter().map(|s| view! {
                <span class=format!("badge severity-{s}") data-testid=format!("findings-{s}")>
                    {format!("{s}: {}", counts.get(s))}
                </span>
            }).collect_view()}
        </div>
    }
}
