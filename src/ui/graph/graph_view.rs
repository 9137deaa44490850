use leptos::prelude::*;

use super::canvas::{GraphCanvas, GraphOptions, Highlight};

/// The id of the element the graph is drawn in (not `cy`: that would shadow
/// `window.cy`).
pub const GRAPH_CONTAINER_ID: &str = "lineage-graph";

/// The DAG, drawn by the browser's `GraphCanvas`. Re-rendering keeps pan and zoom
/// when only statuses change; selection changes only restyle.
#[component]
pub fn GraphView(
    /// Elements as JSON (`elements_json`).
    #[prop(into)]
    elements: Signal<String>,
    #[prop(into)] highlight: Signal<Highlight>,
    #[prop(into)] direction: Signal<String>,
    on_select: Callback<String>,
) -> impl IntoView {
    let canvas = use_context::<GraphCanvas>();
    Effect::new(move |_| {
        let elements = elements.get();
        let options = GraphOptions {
            direction: direction.get(),
        };
        if let Some(c) = canvas {
            (c.render)(GRAPH_CONTAINER_ID, &elements, &options, on_select);
            (c.highlight)(GRAPH_CONTAINER_ID, &highlight.get_untracked());
        }
    });
    Effect::new(move |_| {
        let h = highlight.get();
        if let Some(c) = canvas {
            (c.highlight)(GRAPH_CONTAINER_ID, &h);
        }
    });
    let fit = move |_| {
        if let Some(c) = canvas {
            (c.fit)(GRAPH_CONTAINER_ID);
        }
    };
    view! {
        <div class="graph-frame">
            <div class="graph-tools">
                <button type="button" on:click=fit data-testid="fit">"Fit"</button>
            </div>
            <div
                id=GRAPH_CONTAINER_ID
                class="graph"
                data-testid="graph"
                role="img"
                aria-label="Pipeline graph: steps and the data flowing between them"
            ></div>
        </div>
    }
}
