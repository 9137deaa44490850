use leptos::prelude::*;

use super::SeverityBadge;
use crate::core::{Finding, ResourceType};
use crate::ui::links::{
    job_console_url_of_arn, kms_console_url, location_href, s3_account_settings_url,
    s3_console_url, security_hub_control_url,
};

/// One finding: what, on which resource, read from where, touched by which steps.
#[component]
pub fn FindingItem(
    finding: Finding,
    region: String,
    /// The in-page link that shows the resource (a bucket's location panel), if any.
    resource_href: Option<String>,
    /// Each step the finding touches, with the link that selects it.
    steps: Vec<(String, String)>,
) -> impl IntoView {
    let kind = finding.resource.kind;
    let id = finding.resource.id.clone();
    let console = match kind {
        ResourceType::Bucket => Some(s3_console_url(&id, "")),
        ResourceType::KmsKey => Some(kms_console_url(&region, &id)),
        ResourceType::Job => job_console_url_of_arn(&region, &id),
        ResourceType::Account => Some(s3_account_settings_url().to_string()),
    };
    let noun = match kind {
        ResourceType::Bucket => "Bucket",
        ResourceType::KmsKey => "KMS key",
        ResourceType::Job => "Job",
        ResourceType::Account => "Account",
    };
    let shown = match kind {
        // A job by its name, the rest as AWS names them.
        ResourceType::Job => id.rsplit('/').next().unwrap_or(&id).to_string(),
        _ => id.clone(),
    };
    view! {
        <li class=format!("finding severity-{}", finding.severity) data-testid="finding"
            data-finding=finding.id.id() data-severity=finding.severity.to_string()
            data-resource-type=kind.as_str() data-resource=id.clone()>
            <div class="finding-head">
                <SeverityBadge severity=finding.severity/>
                <strong>{finding.title.clone()}</strong>
                <code class="muted">{finding.id.id()}</code>
            </div>
            <p class="finding-resource">
                {noun} " "
                {match resource_href {
                    Some(href) => view! { <a href=href data-testid="finding-resource"><code>{shown.clone()}</code></a> }.into_any(),
                    None => view! { <code data-testid="finding-resource" title=id.clone()>{shown.clone()}</code> }.into_any(),
                }}
                {console.map(|url| view! {
                    " " <a href=url target="_blank" rel="noopener noreferrer" class="muted">"console"</a>
                })}
                {(kind == ResourceType::Bucket).then(|| view! {
                    " " <a href=location_href(&region, &format!("s3://{id}")) data-testid="who-touches">"who else touches it"</a>
                })}
            </p>
            <p>{finding.detail.clone()}</p>
            <p class="muted evidence" data-testid="evidence">
                "Read from " <code>{finding.evidence.action.clone()}</code> " ("
                <code>{finding.evidence.field.clone()}</code> ")"
            </p>
            {(!steps.is_empty()).then(|| view! {
                <p class="finding-steps">
                    "Steps: "
                    {steps.into_iter().map(|(step, href)| view! {
                        <a href=href data-testid="finding-step">{step}</a> " "
                    }).collect_view()}
                </p>
            })}
            {(!finding.controls.is_empty()).then(|| view! {
                <p class="muted">
                    "Security Hub: "
                    {finding.controls.iter().map(|c| match security_hub_control_url(c) {
                        Some(url) => view! { <a href=url target="_blank" rel="noopener noreferrer">{c.clone()}</a> " " }.into_any(),
                        None => view! { <span>{c.clone()}</span> " " }.into_any(),
                    }).collect_view()}
                </p>
            })}
        </li>
    }
}
