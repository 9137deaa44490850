//! The pipeline DAG: the pure document → Cytoscape elements mapping, the drawing
//! interface the browser provides, and the component.

mod canvas;
mod elements;
mod graph_view;

pub use canvas::{FocusMarks, GraphCanvas, GraphOptions, Highlight};
pub use elements::{class_word, elements_json, step_id, Element, ElementData};
pub use graph_view::{GraphView, GRAPH_CONTAINER_ID};
