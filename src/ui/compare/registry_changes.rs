use leptos::prelude::*;

use crate::core::{RegistryChange, RegistrySide};

fn describe(r: &Option<RegistrySide>) -> String {
    match r {
        None => "nothing registered".into(),
        Some(r) => {
            let name = r
                .model_package_arn
                .rsplit(':')
                .next()
                .unwrap_or(&r.model_package_arn);
            let name = name.strip_prefix("model-package/").unwrap_or(name);
            match &r.approval_status {
                Some(a) => format!("{name} ({a})"),
                None => name.to_string(),
            }
        }
    }
}

/// The model packages each execution registered; only those that differ unless `all`.
#[component]
pub fn RegistryChanges(registry: Vec<RegistryChange>, all: bool) -> impl IntoView {
    let rows: Vec<RegistryChange> = registry
        .into_iter()
        .filter(|r| all || r.base != r.target)
        .collect();
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <table class="changes" data-testid="registry-changes">
            <caption>"Model registry"</caption>
            <thead><tr><th scope="col">"Step"</th><th scope="col">"Base"</th><th scope="col">"Target"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-testid="registry-row" data-step=r.step.clone()>
                        <td>{r.step.clone()}</td>
                        <td title=r.base.as_ref().map(|b| b.model_package_arn.clone())>{describe(&r.base)}</td>
                        <td title=r.target.as_ref().map(|t| t.model_package_arn.clone())>{describe(&r.target)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
