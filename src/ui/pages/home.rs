use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::lineage::LineagePage;
use super::picker::PickerPage;

/// `/`: the lineage view when `pipeline` and `region` are given, otherwise the picker.
#[component]
pub fn HomePage() -> impl IntoView {
    let params = use_query_map();
    let chosen = Memo::new(move |_| {
        let p = params.read();
        let given = |k: &str| p.get(k).is_some_and(|v| !v.is_empty());
        given("pipeline") && given("region")
    });
    view! {
        <main class="page">
            <Show when=move || chosen.get() fallback=|| view! { <PickerPage/> }>
                <LineagePage/>
            </Show>
        </main>
    }
}
