//! Every server default, written once: the command line (`cli`) and the `Default`
//! impls of the settings use these.

/// AWS reads in flight at once for one request.
pub const CONCURRENCY: u16 = 16;
/// Seconds to reuse what may change (`--cache-ttl`).
pub const CACHE_TTL_SECS: u64 = 60;
/// Seconds to reuse what changes while you look (`--live-ttl`).
pub const LIVE_TTL_SECS: u64 = 5;
/// The most cache entries (`--cache-entries`).
pub const CACHE_ENTRIES: u64 = 10_000;
/// The most cache memory, in MiB (`--cache-mb`): sized for a small container.
pub const CACHE_MB: u64 = 128;
/// The region `/readyz` checks AWS access in.
pub const READY_REGION: &str = "us-east-1";
/// Seconds to wait for a connection to AWS.
pub const AWS_CONNECT_TIMEOUT_SECS: u64 = 3;
/// Seconds one attempt of an AWS call may take.
pub const AWS_ATTEMPT_TIMEOUT_SECS: u64 = 10;
/// Seconds an AWS call may take with all its retries.
pub const AWS_TIMEOUT_SECS: u64 = 30;
/// Attempts per AWS call.
pub const AWS_MAX_ATTEMPTS: u32 = 4;
/// Seconds one lineage request may take in all.
pub const REQUEST_TIMEOUT_SECS: u64 = 45;
/// Where the server keeps its files (the index database by default).
pub const DATA_DIR: &str = "data";
/// Seconds between two passes of the index's crawler over a region.
pub const INDEX_INTERVAL_SECS: u64 = 300;
/// Days of executions the index keeps (each pipeline's latest always).
pub const INDEX_WINDOW_DAYS: u32 = 30;
/// AWS reads a second the crawler may make: low, to leave the account's SageMaker
/// API quota to its workloads.
pub const INDEX_RPS: u32 = 5;
/// Where users reach the server when `--public-url` is not given (and the server
/// listens on every interface): OpenLineage events name their schemas under it.
pub const PUBLIC_URL: &str = "http://localhost:3000";
