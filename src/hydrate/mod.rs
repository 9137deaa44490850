//! Browser-only code: the WebAssembly entry point and the Cytoscape.js bindings.
//!
//! Cytoscape and its dagre layout are imported straight from their npm ES modules
//! (wasm-bindgen copies them into the site); `graph.js` is a small self-contained
//! module of ours that drives them, so that the Rust side passes only strings.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::ui::graph::{GraphCanvas, GraphOptions, Highlight};

#[wasm_bindgen(module = "/node_modules/cytoscape/dist/cytoscape.esm.min.mjs")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = default)]
    static CYTOSCAPE: JsValue;
}

#[wasm_bindgen(module = "/node_modules/cytoscape-dagre/dist/cytoscape-dagre.min.mjs")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = default)]
    static DAGRE: JsValue;
}

#[wasm_bindgen(module = "/src/hydrate/graph.js")]
extern "C" {
    #[wasm_bindgen(js_name = renderGraph)]
    fn render_graph(
        cytoscape: &JsValue,
        dagre: &JsValue,
        container_id: &str,
        elements: &str,
        options: &str,
        on_select: &js_sys::Function,
    );
    #[wasm_bindgen(js_name = highlightGraph)]
    fn highlight_graph(container_id: &str, highlight: &str);
    #[wasm_bindgen(js_name = fitGraph)]
    fn fit_graph(container_id: &str);
}

/// A step-click handler handed to JavaScript.
type SelectHandler = Closure<dyn Fn(String)>;

thread_local! {
    /// The handler of the current drawing, kept alive while the graph is.
    static ON_SELECT: RefCell<Option<SelectHandler>> = const { RefCell::new(None) };
}

fn render(container: &str, elements: &str, options: &GraphOptions, on_select: Callback<String>) {
    let options = serde_json::to_string(options).unwrap_or_else(|_| "{}".into());
    let handler = SelectHandler::new(move |id: String| on_select.run(id));
    let function: js_sys::Function = handler.as_ref().unchecked_ref::<js_sys::Function>().clone();
    ON_SELECT.with(|slot| *slot.borrow_mut() = Some(handler));
    CYTOSCAPE.with(|cy| {
        DAGRE.with(|dagre| render_graph(cy, dagre, container, elements, &options, &function))
    });
}

fn highlight(container: &str, highlight: &Highlight) {
    let json = serde_json::to_string(highlight).unwrap_or_else(|_| "{}".into());
    highlight_graph(container, &json);
}

fn fit(container: &str) {
    fit_graph(container);
}

/// Called by the script cargo-leptos injects into the page.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(|| {
        provide_context(GraphCanvas {
            render,
            highlight,
            fit,
        });
        view! { <crate::app::App/> }
    });
    // Lets browser tests wait until the page is interactive.
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
