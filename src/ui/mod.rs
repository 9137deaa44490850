//! UI components, one per file, grouped by feature.
