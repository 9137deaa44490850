//! Browser-only code: the WebAssembly entry point.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the script cargo-leptos injects into the page.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(crate::app::App);
    // Lets browser tests wait until the page is interactive.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
