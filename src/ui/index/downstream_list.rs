use leptos::prelude::*;

use crate::api::Downstream;

/// The blast radius: model packages registered and endpoints serving models
/// downstream of the steps that touched a location.
#[component]
pub fn DownstreamList(downstream: Downstream) -> impl IntoView {
    view! {
        <section class="downstream" data-testid="downstream">
            <h3>"Downstream"</h3>
            {if downstream.model_packages.is_empty() {
                view! { <p class="muted">"No model package was registered downstream."</p> }.into_any()
            } else {
                let shown = downstream.model_packages.len();
                let total = downstream.model_packages_total;
                view! {
                    <h4>"Model packages"</h4>
                    {(total > shown).then(|| view! {
                        <p class="muted" data-testid="packages-truncated">{format!("The first {shown} of {total}.")}</p>
                    })}
                    <ul>
                        {downstream.model_packages.into_iter().map(|p| view! {
                            <li data-testid="downstream-package"><code>{p}</code></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {if downstream.endpoints.is_empty() {
                view! { <p class="muted">"No endpoint serves a model from downstream."</p> }.into_any()
            } else {
                view! {
                    <h4>"Endpoints serving them"</h4>
                    <ul>
                        {downstream.endpoints.into_iter().map(|e| {
                            let status = e.status.clone();
                            view! {
                                <li data-testid="downstream-endpoint" data-endpoint=e.name.clone()>
                                    <strong>{e.name.clone()}</strong>
                                    " "
                                    <span class=format!("badge endpoint-{}", status.to_ascii_lowercase())>{status.clone()}</span>
                                    {format!(" model {}", e.model_name)}
                                    {e.model_package_arn.map(|p| view! { " · " <code>{p}</code> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
