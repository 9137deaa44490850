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
    /// Marks the selection, the focus, the critical path and what filters hide.
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

/// What the drawing marks, by step name; all of it derived from the URL's view.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Highlight {
    pub selected: Option<String>,
    /// Bring the selected step to the centre (it was chosen outside the graph, by
    /// the search).
    pub centre: bool,
    /// The steps that read or write the selected S3 location (the rest fades).
    pub related: Vec<String>,
    /// A focus on a lineage: its centre step (none for a location), what is upstream
    /// and downstream of it; everything else fades.
    pub focus: Option<FocusMarks>,
    /// Steps a filter leaves out (drawn not at all, with their edges).
    pub hidden: Vec<String>,
    /// The critical path's steps, in order (their edges are marked too).
    pub critical: Vec<String>,
}

#[derive(Serialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FocusMarks {
    pub step: Option<String>,
    pub upstream: Vec<String>,
    pub downstream: Vec<String>,
}
