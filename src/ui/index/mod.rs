//! What the region's lineage index answers: the overview of a region's pipelines
//! (sorted and filtered in the URL, pure: `rows`), who touches an S3 location and
//! what is downstream, where a pipeline's models serve, and how fresh it all is.

mod deployment_list;
mod downstream_list;
mod freshness;
mod location_matches;
mod overview_table;
mod rows;

pub use deployment_list::DeploymentList;
pub use downstream_list::DownstreamList;
pub use freshness::{ago, Freshness};
pub use location_matches::LocationMatches;
pub use overview_table::OverviewTable;
pub use rows::{rows, OverviewState, SortKey};
