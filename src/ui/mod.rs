//! UI components, one per file, grouped by feature. Pages load data; components take
//! plain props.

pub mod common;
pub mod compare;
pub mod graph;
pub mod index;
pub mod lineage;
pub mod links;
pub mod navigate;
pub mod pages;
pub mod security;
