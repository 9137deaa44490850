//! Browser-only code: the WebAssembly entry point.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the script cargo-leptos injects into the page.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(crate::app::App);
}
