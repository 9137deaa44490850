use leptos::prelude::*;

use crate::core::Deployment;

/// Where a pipeline's models serve: endpoint, status, variant, model, and the
/// package or artifact it serves.
#[component]
pub fn DeploymentList(deployments: Vec<Deployment>) -> impl IntoView {
    view! {
        <ul class="deployments" data-testid="deployments">
            {deployments.into_iter().map(|d| {
                let status = d.status.clone();
                let serves = d
                    .model_package_arn
                    .clone()
                    .or(d.model_data_url.clone())
                    .unwrap_or_default();
                view! {
                    <li data-testid="deployment" data-endpoint=d.endpoint_name.clone()>
                        <strong>{d.endpoint_name.clone()}</strong>
                        " "
                        <span class=format!("badge endpoint-{}", status.to_ascii_lowercase())>{status.clone()}</span>
                        {format!(" variant {} · model {}", d.variant, d.model_name)}
                        " · "
                        <code>{serves}</code>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
