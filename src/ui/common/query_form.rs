use leptos::prelude::*;

/// Region and pipeline inputs. A plain GET form, so it works before (and without) the
/// WebAssembly.
#[component]
pub fn QueryForm(pipeline: String, region: String) -> impl IntoView {
    let region = if region.is_empty() {
        "us-east-1".to_string()
    } else {
        region
    };
    view! {
        <form class="query-form" method="get" action="/" role="search">
            <label>
                "Region"
                <input name="region" value=region required=true autocomplete="off"/>
            </label>
            <label>
                "Pipeline"
                <input name="pipeline" value=pipeline required=true autocomplete="off"/>
            </label>
            <button type="submit">"Show lineage"</button>
        </form>
    }
}
