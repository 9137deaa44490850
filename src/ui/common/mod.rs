//! Components used across pages.

mod error_panel;
mod pipeline_picker;
mod query_form;
mod response_status;

pub use error_panel::ErrorPanel;
pub use pipeline_picker::PipelinePicker;
pub use query_form::QueryForm;
pub use response_status::{set_response_status, ResponseStatus};
