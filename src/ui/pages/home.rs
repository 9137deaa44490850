use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::lineage::LineagePage;
use super::locations::LocationsPage;
use super::overview::OverviewPage;

/// `/`: the lineage view when `pipeline` and `region` are given, who touches an S3
/// location with `uri`, otherwise the region's overview.
#[component]
pub fn HomePage() -> impl IntoView {
    let params = use_query_map();
    let given = move |k: &str| params.read().get(k).is_some_and(|v| !v.is_empty());
    let chosen = Memo::new(move |_| given("pipeline") && given("region"));
    let location = Memo::new(move |_| given("uri") && given("region"));
    view! {
        <main class="page">
            <Show when=move || chosen.get() fallback=move || view! {
                <Show when=move || location.get() fallback=|| view! { <OverviewPage/> }>
                    <LocationsPage/>
                </Show>
            }>
                <LineagePage/>
            </Show>
        </main>
    }
}
