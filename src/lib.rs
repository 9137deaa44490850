//! SageMaker Lineage: the data lineage and run status of Amazon SageMaker Pipelines.
//!
//! One crate, two builds: `ssr` (the server, the `/lineage` API and the CLI) and
//! `hydrate` (the WebAssembly front end). See the README's Architecture section.

// Release builds (no `erase_components`) compute the layout of deeply nested view types.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod input;
/// The lineage engine, its own crate (`crates/lineage-core`): pure by construction.
pub use lineage_core as core;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
mod hydrate;
