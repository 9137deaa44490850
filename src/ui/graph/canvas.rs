//! What the component needs from a graph library, as plain functions.
//!
//! The browser build provides an implementation (Cytoscape.js, in `hydrate`) through
//! the Leptos context; the server provides none, so the component renders only its
//! container there. This keeps `cfg` out of components.

use leptos::prelude::Callback;
use serde::Serialize;

/// Drawing functions, keyed by the container element's id.
#[derive(Clone, Copy)]
pub struct GraphCanvas {
    /// Draws the elements (JSON, see `elements_json`). When only statuses and labels
    /// changed, the existing drawing is updated in place (pan, zoom and positions
    /// stay); otherwise it is laid out again.
    pub render:
        fn(container: &str, elements: &str, options: &GraphOptions, on_select: Callback<String>),
    /// Marks the selected step and the steps related to a selected artifact.
    pub highlight: fn(container: &str, highlight: &Highlight),
    /// Fits the whole graph into view.
    pub fit: fn(container: &str),
}

#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GraphOptions {
    /// `LR` (left to right) or `TB` (top down).
    pub direction: String,
}

#[derive(Serialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Highlight {
    pub selected: Option<String>,
    pub related: Vec<String>,
}
