//! Components used across pages.

mod error_panel;
mod query_form;

pub use error_panel::ErrorPanel;
pub use query_form::QueryForm;
