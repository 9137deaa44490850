//! Components that show a lineage document.

mod step_list;
mod summary_badges;
mod warning_list;

pub use step_list::StepList;
pub use summary_badges::SummaryBadges;
pub use warning_list::WarningList;
