use leptos::prelude::*;

use crate::core::{JobKey, JobSecurity};

/// A job's security settings, as its description gives them.
#[component]
pub fn JobSettings(security: JobSecurity) -> impl IntoView {
    let on_off = |v: bool| if v { "on" } else { "off" };
    let key = |k: &JobKey, default: &'static str| match k {
        JobKey::Kms { key } => key.clone(),
        JobKey::Default => default.to_string(),
    };
    view! {
        <dl class="job-security" data-testid="job-security">
            {security.network_isolation.map(|v| view! { <dt>"Network isolation"</dt><dd>{on_off(v)}</dd> })}
            {security.inter_container_encryption.map(|v| view! {
                <dt>"Inter-container encryption"</dt>
                <dd>{on_off(v)}{security.instance_count.map(|n| format!(" ({n} instance{})", if n == 1 { "" } else { "s" }))}</dd>
            })}
            {security.vpc.map(|v| view! { <dt>"VPC"</dt><dd>{if v { "yours" } else { "none (SageMaker-managed network)" }}</dd> })}
            {security.volume_key.as_ref().map(|k| view! { <dt>"Volume key"</dt><dd><code>{key(k, "AWS managed key")}</code></dd> })}
            {security.output_key.as_ref().map(|k| view! { <dt>"Output key"</dt><dd><code>{key(k, "the bucket's default encryption")}</code></dd> })}
        </dl>
    }
}
