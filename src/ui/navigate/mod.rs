//! Finding one's way in a big pipeline: the step search, the focus on a lineage, the
//! status filters and the critical path. Every control is a link or a GET form, so
//! each works without JavaScript and every state is in the URL.

mod critical_path_table;
mod focus_controls;
mod graph_filters;
mod marks;
mod step_search;

pub use critical_path_table::CriticalPathTable;
pub use focus_controls::FocusControls;
pub use graph_filters::GraphFilters;
pub use marks::highlight;
pub use step_search::StepSearch;
