use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::list_pipelines;
use crate::ui::common::{ErrorPanel, PipelinePicker, QueryForm};

const DEFAULT_REGION: &str = "us-east-1";

/// Choose a region and a pipeline: typed, or picked from the region's pipelines.
#[component]
pub fn PickerPage() -> impl IntoView {
    let params = use_query_map();
    let region = Memo::new(move |_| {
        params
            .read()
            .get("region")
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| DEFAULT_REGION.to_string())
    });
    let pipelines = Resource::new(move || region.get(), list_pipelines);
    view! {
        <header class="masthead">
            <h1><a href="/">"SageMaker Lineage"</a></h1>
            <QueryForm pipeline=String::new() region=region.get_untracked()/>
        </header>
        <Suspense fallback=|| view! { <p class="loading" data-testid="loading">"Loading pipelines…"</p> }>
            {move || pipelines.get().map(|r| match r {
                Ok(list) => view! { <PipelinePicker region=region.get() pipelines=list/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}
