//! The Security view and the security parts of other panels: findings by severity
//! with filters, marks on steps and locations, a bucket's controls probe by probe,
//! and a job's security settings.

mod bucket_controls;
mod finding_item;
mod finding_list;
mod finding_mark;
mod job_settings;
mod marks;
mod security_view;
mod severity_badge;

pub use bucket_controls::{describe, BucketControlsList};
pub use finding_item::FindingItem;
pub use finding_list::FindingList;
pub use finding_mark::FindingMark;
pub use job_settings::JobSettings;
pub use marks::{filtered, marks_by_bucket, marks_by_step, Mark};
pub use security_view::SecurityView;
pub use severity_badge::SeverityBadge;
