//! Components that show a lineage document.

mod artifact_details;
mod artifact_table;
mod execution_picker;
mod step_details;
mod step_list;
mod summary_badges;
mod warning_list;

pub use artifact_details::ArtifactDetails;
pub use artifact_table::ArtifactTable;
pub use execution_picker::ExecutionPicker;
pub use step_details::StepDetails;
pub use step_list::StepList;
pub use summary_badges::{format_elapsed, SummaryBadges};
pub use warning_list::WarningList;
