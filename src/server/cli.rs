//! Command-line interface: `serve` (the default), `lineage`, `compare` and `openapi`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use std::time::Duration;

use super::aws::AwsSettings;
use super::defaults;
use super::emit::Target;
use super::error::LineageError;
use super::query::parse;
use super::regions::{is_region_shaped, Regions};
use super::service::{self, Secret, ServiceConfig};
use super::source::LineageSource;
use super::store::CacheSettings;
use super::store::CacheSettings as Caches;
use super::AppState;
use crate::api::{CompareQuery, LineageQuery};
use crate::core::{
    parse_definition, Change, Comparison, Lineage, LineageDocument, PipelineRecord, Severity,
    MAX_DEFINITION_BYTES,
};

#[derive(Debug, Parser)]
#[command(
    name = "sagemaker-lineage",
    version,
    about = "Data lineage and run status of Amazon SageMaker Pipelines",
    long_about = "Data lineage and run status of Amazon SageMaker Pipelines.\n\n\
        Without a subcommand the web server starts (as `serve` would)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web UI and the JSON API.
    Serve(ServeArgs),
    /// Write a pipeline's lineage document (the `/lineage` JSON) to a file or stdout.
    Lineage(LineageArgs),
    /// Compare two executions of a pipeline (the `/lineage/compare` JSON, or a
    /// readable summary with `--format text`).
    Compare(CompareArgs),
    /// Write the OpenAPI 3 document of the JSON API (as served at `/openapi.json`).
    Openapi,
    /// Export an execution in another format: `export openlineage`.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub format: ExportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// An execution as OpenLineage run events (the `/lineage/openlineage` JSON): a
    /// JSON array, or one event per line with --ndjson.
    Openlineage(OpenLineageExportArgs),
}

#[derive(Debug, Args, Clone)]
pub struct OpenLineageExportArgs {
    /// AWS region of the pipeline, e.g. us-east-1.
    #[arg(long)]
    pub region: String,
    /// Name of the pipeline.
    #[arg(long)]
    pub pipeline_name: String,
    /// The execution (ARN or id); the latest when not given.
    #[arg(long)]
    pub execution: Option<String>,
    /// Local AWS profile to use.
    #[arg(long)]
    pub profile: Option<String>,
    /// Write the events here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// One event per line (NDJSON) instead of a JSON array.
    #[arg(long)]
    pub ndjson: bool,
    /// Send the events, one at a time, in order, retrying transient failures, to
    /// an OpenLineage HTTP endpoint (e.g. Marquez's
    /// http://marquez:5000/api/v1/lineage) or to an Amazon DataZone domain
    /// (datazone://REGION/DOMAIN-ID, with the AWS identity); nothing is written to
    /// stdout then (--out still writes).
    #[arg(long, value_name = "URL", value_parser = parse_receiver)]
    pub post: Option<Target>,
    /// The environment variable holding the receiver's API key (sent as
    /// `Authorization: Bearer <key>`); a variable, so that the key never shows in
    /// process listings.
    #[arg(long, value_name = "VAR", requires = "post")]
    pub api_key_env: Option<String>,
    /// The URL the events name as their producer, under which the schemas of our
    /// facets are served (a sagemaker-lineage server's --public-url).
    #[arg(long, env = "LINEAGE_PUBLIC_URL", default_value = defaults::PUBLIC_URL, value_parser = parse_public_url)]
    pub public_url: String,
}

impl OpenLineageExportArgs {
    /// The events of the execution, read as `lineage --execution` reads it.
    pub async fn events(
        &self,
        source: &dyn LineageSource,
    ) -> Result<Vec<lineage_openlineage::RunEvent>, CliError> {
        let args = LineageArgs {
            region: Some(self.region.clone()),
            pipeline_name: Some(self.pipeline_name.clone()),
            domain_name: None,
            include_latest_exec: self.execution.is_none(),
            execution: self.execution.clone(),
            profile: self.profile.clone(),
            definition_file: None,
            out: None,
            fail_on: None,
        };
        let doc = args.document(Some(source)).await?;
        let producer =
            lineage_openlineage::facets::Producer::new(&self.public_url, env!("CARGO_PKG_VERSION"));
        Ok(service::events_of(&doc, &producer)?)
    }

    /// The receiver `--post` names, with the key from `--api-key-env`.
    pub async fn receiver(&self) -> Result<Option<super::emit::Receiver>, String> {
        let Some(target) = &self.post else {
            return Ok(None);
        };
        let key = match &self.api_key_env {
            Some(var) => Some(Secret(
                std::env::var(var)
                    .ok()
                    .filter(|k| !k.is_empty())
                    .ok_or_else(|| format!("--api-key-env: the variable `{var}` is not set"))?,
            )),
            None => None,
        };
        super::emit::Receiver::connect(target, key, super::emit::RetryPolicy::default())
            .await
            .map(Some)
            .map_err(|e| e.to_string())
    }

    /// The events as written: a JSON array, or one per line.
    pub fn render(
        &self,
        events: &[lineage_openlineage::RunEvent],
    ) -> Result<String, serde_json::Error> {
        if !self.ndjson {
            return Ok(serde_json::to_string_pretty(events)? + "\n");
        }
        let mut out = String::new();
        for e in events {
            out.push_str(&serde_json::to_string(e)?);
            out.push('\n');
        }
        Ok(out)
    }
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on; defaults to the Leptos site address (Leptos.toml).
    #[arg(long, env = "LINEAGE_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Let callers choose a local AWS profile with the `profile` parameter. Off by
    /// default: a hosted server must not let callers pick credentials.
    #[arg(long, env = "LINEAGE_ALLOW_PROFILE")]
    pub allow_profile: bool,
    /// AWS calls in flight at once for one request.
    #[arg(long, env = "LINEAGE_CONCURRENCY", default_value_t = defaults::CONCURRENCY, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Seconds to reuse what may change: bucket configuration, pipeline lists and
    /// definitions, reports, approvals, documents of finished executions. Finished jobs
    /// and executions are kept regardless.
    #[arg(long, env = "LINEAGE_CACHE_TTL", default_value_t = defaults::CACHE_TTL_SECS)]
    pub cache_ttl: u64,
    /// Seconds to reuse documents of running executions and of "latest".
    #[arg(long, env = "LINEAGE_LIVE_TTL", default_value_t = defaults::LIVE_TTL_SECS)]
    pub live_ttl: u64,
    /// The most entries the cache holds (AWS records and documents together).
    #[arg(long, env = "LINEAGE_CACHE_ENTRIES", default_value_t = defaults::CACHE_ENTRIES, value_parser = clap::value_parser!(u64).range(1..))]
    pub cache_entries: u64,
    /// The most memory, in MiB, the cache may take (AWS records, definitions, reports
    /// and documents together, by their estimated size).
    #[arg(long, env = "LINEAGE_CACHE_MB", default_value_t = defaults::CACHE_MB, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub cache_mb: u64,
    /// A browser origin allowed to call the JSON API (CORS), e.g.
    /// `https://portal.example.com`, or `*` for any origin (never with credentials);
    /// repeat, or comma-separate in the variable. None by default.
    #[arg(
        long = "cors-origin",
        env = "LINEAGE_CORS_ORIGINS",
        value_delimiter = ',',
        value_parser = parse_cors_origin
    )]
    pub cors_origins: Vec<String>,
    /// The region `/readyz` checks AWS access in.
    #[arg(long, env = "LINEAGE_READY_REGION", default_value = defaults::READY_REGION)]
    pub ready_region: String,
    /// AWS regions to answer for besides the built-in list (regions AWS opened
    /// after this release); repeat, or comma-separate in the variable.
    #[arg(
        long = "extra-regions",
        env = "LINEAGE_EXTRA_REGIONS",
        value_delimiter = ',',
        value_parser = parse_extra_region
    )]
    pub extra_regions: Vec<String>,
    /// Seconds to wait for a connection to AWS.
    #[arg(long, env = "LINEAGE_AWS_CONNECT_TIMEOUT", default_value_t = defaults::AWS_CONNECT_TIMEOUT_SECS)]
    pub aws_connect_timeout: u64,
    /// Seconds one attempt of an AWS call may take.
    #[arg(long, env = "LINEAGE_AWS_ATTEMPT_TIMEOUT", default_value_t = defaults::AWS_ATTEMPT_TIMEOUT_SECS)]
    pub aws_attempt_timeout: u64,
    /// Seconds an AWS call may take with all its retries.
    #[arg(long, env = "LINEAGE_AWS_TIMEOUT", default_value_t = defaults::AWS_TIMEOUT_SECS)]
    pub aws_timeout: u64,
    /// Attempts per AWS call (throttling and transient errors are retried with backoff).
    #[arg(long, env = "LINEAGE_AWS_MAX_ATTEMPTS", default_value_t = defaults::AWS_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub aws_max_attempts: u32,
    /// Seconds one lineage request may take in all (every AWS call and stage); 504 past it.
    #[arg(long, env = "LINEAGE_REQUEST_TIMEOUT", default_value_t = defaults::REQUEST_TIMEOUT_SECS, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Send the OpenLineage events of executions as they start and finish to this
    /// endpoint, e.g. Marquez's http://marquez:5000/api/v1/lineage: those the
    /// lineage index reads, or with --no-index those users view (the outbox then
    /// stays in the index database). An API key, if the receiver needs one, comes
    /// from LINEAGE_OPENLINEAGE_API_KEY.
    /// datazone://REGION/DOMAIN-ID sends them to an Amazon DataZone domain instead
    /// (`datazone:PostLineageEvent`, with the server's AWS identity).
    #[arg(long, env = "LINEAGE_OPENLINEAGE_URL", value_parser = parse_receiver)]
    pub openlineage_url: Option<Target>,
    /// The server's address as its users reach it, e.g. https://lineage.example.com:
    /// OpenLineage events name their producer and the schemas of our facets under it
    /// (served at /openlineage/facets/...). Default: http:// and the listen address.
    #[arg(long, env = "LINEAGE_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// Where the server keeps its files: the index database when --index-db is not
    /// given (created when missing).
    #[arg(long, env = "LINEAGE_DATA_DIR", default_value = defaults::DATA_DIR)]
    pub data_dir: PathBuf,
    /// Keep no lineage index: no crawler, and /overview and /locations answer that
    /// the index is off.
    #[arg(long, env = "LINEAGE_NO_INDEX")]
    pub no_index: bool,
    /// The lineage index database: `sqlite:PATH` (created when missing) or
    /// `postgres://...` (several replicas share it; one crawls a region at a time).
    /// Default: `sqlite:<data-dir>/index.db`.
    #[arg(long, env = "LINEAGE_INDEX_DB")]
    pub index_db: Option<String>,
    /// Regions to index from the start (any region a user asks about joins them);
    /// repeat, or comma-separate in the variable.
    #[arg(
        long = "index-regions",
        env = "LINEAGE_INDEX_REGIONS",
        value_delimiter = ',',
        value_parser = parse_extra_region
    )]
    pub index_regions: Vec<String>,
    /// Seconds between two passes of the crawler over a region.
    #[arg(long, env = "LINEAGE_INDEX_INTERVAL", default_value_t = defaults::INDEX_INTERVAL_SECS, value_parser = clap::value_parser!(u64).range(5..))]
    pub index_interval: u64,
    /// Days of executions to index (each pipeline's latest execution always).
    #[arg(long, env = "LINEAGE_INDEX_WINDOW_DAYS", default_value_t = defaults::INDEX_WINDOW_DAYS, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub index_window_days: u32,
    /// AWS reads a second, at most, for the crawler (all of its calls).
    #[arg(long, env = "LINEAGE_INDEX_RPS", default_value_t = defaults::INDEX_RPS, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub index_rps: u32,
}

impl ServeArgs {
    /// The settings used when the binary runs without a subcommand (as cargo-leptos
    /// does): from the environment only.
    pub fn from_env() -> Self {
        #[derive(Parser)]
        struct EnvOnly {
            #[command(flatten)]
            serve: ServeArgs,
        }
        EnvOnly::parse_from(["sagemaker-lineage"]).serve
    }

    pub fn aws_settings(&self) -> AwsSettings {
        AwsSettings {
            connect_timeout: Duration::from_secs(self.aws_connect_timeout),
            attempt_timeout: Duration::from_secs(self.aws_attempt_timeout),
            operation_timeout: Duration::from_secs(self.aws_timeout),
            max_attempts: self.aws_max_attempts,
            endpoint_url: None,
        }
    }

    pub fn cache_settings(&self) -> CacheSettings {
        CacheSettings {
            ttl: Duration::from_secs(self.cache_ttl),
            live_ttl: Duration::from_secs(self.live_ttl),
            max_entries: self.cache_entries,
            max_bytes: self.cache_mb << 20,
        }
    }

    /// The settings checked together, as a configuration error naming the option
    /// (clap prints it and exits with status 2).
    pub fn check(&self) -> Result<(), clap::Error> {
        let regions = self.regions().map_err(|e| invalid("--extra-regions", &e))?;
        if let Some(r) = self
            .index_regions
            .iter()
            .find(|r| !r.is_empty() && !regions.contains(r))
        {
            return Err(invalid(
                "--index-regions",
                &format!("`{r}` is not an AWS region this server knows"),
            ));
        }
        if let Some(url) = &self.index_db {
            if !(url.starts_with("sqlite:")
                || url.starts_with("postgres://")
                || url.starts_with("postgresql://"))
            {
                return Err(invalid(
                    "--index-db",
                    "use sqlite:PATH or postgres://user@host/db",
                ));
            }
        }
        if !regions.contains(&self.ready_region) {
            return Err(invalid(
                "--ready-region",
                &format!(
                    "`{}` is not an AWS region this server knows (add it with --extra-regions if AWS opened it recently)",
                    self.ready_region
                ),
            ));
        }
        Ok(())
    }

    /// The index's settings, `None` with `--no-index`.
    pub fn index_settings(&self) -> Option<super::index::IndexSettings> {
        if self.no_index {
            return None;
        }
        Some(super::index::IndexSettings {
            db_url: self.index_db_url(),
            regions: self
                .index_regions
                .iter()
                .filter(|r| !r.is_empty())
                .cloned()
                .collect(),
            interval: Duration::from_secs(self.index_interval),
            window: Duration::from_secs(u64::from(self.index_window_days) * 86_400),
            rps: std::num::NonZeroU32::new(self.index_rps).unwrap_or(std::num::NonZeroU32::MIN),
            // Set by `main` once the public URL is known (`openlineage_push`).
            openlineage: None,
        })
    }

    /// `--index-db`, or the SQLite file in the data directory.
    pub fn index_db_url(&self) -> String {
        self.index_db
            .clone()
            .unwrap_or_else(|| format!("sqlite:{}", self.data_dir.join("index.db").display()))
    }

    fn regions(&self) -> Result<Regions, String> {
        Regions::with_extra(&self.extra_regions)
    }

    /// The OpenLineage push `--openlineage-url` asks for, producing as `config`'s
    /// public URL says.
    pub async fn openlineage_push(
        &self,
        config: &ServiceConfig,
    ) -> Result<Option<std::sync::Arc<super::push::OpenLineagePush>>, String> {
        let Some(target) = &self.openlineage_url else {
            return Ok(None);
        };
        let key = std::env::var("LINEAGE_OPENLINEAGE_API_KEY")
            .ok()
            .filter(|k| !k.is_empty())
            .map(Secret);
        let receiver =
            super::emit::Receiver::connect(target, key, super::emit::RetryPolicy::default())
                .await
                .map_err(|e| e.to_string())?;
        Ok(Some(std::sync::Arc::new(super::push::OpenLineagePush {
            receiver,
            producer: service::producer(config),
        })))
    }

    pub fn service_config(&self) -> ServiceConfig {
        ServiceConfig {
            allow_profile: self.allow_profile,
            concurrency: usize::from(self.concurrency),
            cors_origins: self.cors_origins.clone(),
            ready_region: self.ready_region.clone(),
            // Checked by `check` before serving; an unchecked bad list falls back to
            // the built-in one.
            regions: self.regions().unwrap_or_default().shared(),
            // From the environment only: a flag would show in process listings.
            auth_token: std::env::var("LINEAGE_AUTH_TOKEN")
                .ok()
                .filter(|t| !t.is_empty())
                .map(Secret),
            request_timeout: Duration::from_secs(self.request_timeout),
            public_url: self
                .public_url
                .clone()
                .unwrap_or_else(|| defaults::PUBLIC_URL.into()),
        }
    }
}

/// A configuration error naming the option, as clap reports its own (exit status 2).
fn invalid(option: &str, message: &str) -> clap::Error {
    clap::Error::raw(
        clap::error::ErrorKind::ValueValidation,
        format!("invalid value for '{option}': {message}\n"),
    )
}

/// `*` (any origin), or an origin: `http(s)://host[:port]`, nothing after it.
fn parse_cors_origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    // An empty item (`LINEAGE_CORS_ORIGINS=`, a trailing comma) adds nothing.
    if value == "*" || value.is_empty() {
        return Ok(value.to_string());
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("`{value}` is not an origin such as https://portal.example.com, nor `*`")
        })?;
    let host_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !host_ok || axum::http::HeaderValue::from_str(value).is_err() {
        return Err(format!(
            "`{value}` is not an origin such as https://portal.example.com (scheme and host, no path), nor `*`"
        ));
    }
    Ok(value.to_string())
}

/// An absolute http(s) URL without query or fragment; a trailing `/` is dropped.
fn parse_public_url(value: &str) -> Result<String, String> {
    let value = value.trim().trim_end_matches('/');
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let host = rest.and_then(|r| r.split('/').next()).unwrap_or_default();
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !value.contains(['?', '#', ' '])
        && value.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(value.to_string())
    } else {
        Err(format!(
            "`{value}` is not a public URL such as https://lineage.example.com (http or https, a host, an optional path)"
        ))
    }
}

/// Where OpenLineage events go: an http(s) URL (as `parse_public_url` takes it) or
/// `datazone://REGION/DOMAIN-ID`.
fn parse_receiver(value: &str) -> Result<Target, String> {
    if value.starts_with("datazone:") {
        return value
            .parse()
            .map_err(|e: super::emit::SendError| e.to_string());
    }
    Ok(Target::Http(parse_public_url(value)?))
}

/// The URL of a server listening on `addr` (any interface: `localhost`).
pub fn local_url(addr: std::net::SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("http://localhost:{}", addr.port())
    } else {
        format!("http://{addr}")
    }
}

fn parse_extra_region(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || is_region_shaped(value) {
        Ok(value.to_string())
    } else {
        Err(format!(
            "`{value}` is not shaped like an AWS region name (such as us-east-1)"
        ))
    }
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["pipeline_name", "definition_file"])))]
pub struct LineageArgs {
    /// AWS region of the pipeline, e.g. us-east-1.
    #[arg(long, required_unless_present = "definition_file")]
    pub region: Option<String>,
    /// Name of the pipeline.
    #[arg(long, conflicts_with = "definition_file")]
    pub pipeline_name: Option<String>,
    /// Only accept a pipeline whose DomainName/DomainId tag matches.
    #[arg(long)]
    pub domain_name: Option<String>,
    /// Enrich with the latest execution.
    #[arg(long)]
    pub include_latest_exec: bool,
    /// Enrich with this execution (ARN or id) instead of the latest.
    #[arg(long)]
    pub execution: Option<String>,
    /// Local AWS profile to use.
    #[arg(long)]
    pub profile: Option<String>,
    /// Build the graph of a local definition file, without AWS.
    #[arg(long, value_name = "FILE")]
    pub definition_file: Option<PathBuf>,
    /// Write the JSON here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// A security gate for pipeline CI: exit with status 3 when a finding of this
    /// severity or worse exists, printing each on stderr (the document is written
    /// all the same).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
}

/// The exit status of `lineage --fail-on` when the gate fails.
pub const GATE_FAILED: u8 = 3;

fn parse_severity(value: &str) -> Result<Severity, String> {
    value.parse()
}

/// What the `--fail-on` gate says of a document: the lines to print on stderr, and
/// whether it failed.
#[derive(Debug, Default, PartialEq)]
pub struct Gate {
    pub lines: Vec<String>,
    pub failed: bool,
}

impl Gate {
    pub fn check(doc: &LineageDocument, threshold: Severity) -> Gate {
        let mut lines: Vec<String> = doc
            .findings
            .iter()
            .filter(|f| f.severity.at_least(threshold))
            .map(|f| {
                format!(
                    "finding: {} {} {} {}",
                    f.severity,
                    f.id,
                    f.resource.kind.as_str(),
                    f.resource.id
                )
            })
            .collect();
        let failed = !lines.is_empty();
        if failed {
            lines.push(format!(
                "{} finding(s) at or above {threshold}: failing (exit status {GATE_FAILED})",
                lines.len()
            ));
        }
        // A gate that passes because reads were refused would pass for the wrong
        // reason: say so.
        let unread = doc
            .warnings
            .iter()
            .filter(|w| matches!(w.scope.as_str(), "bucket" | "kmsKey" | "account" | "job"))
            .count();
        if unread > 0 {
            lines.push(format!(
                "note: {unread} warning(s) say that buckets, keys, jobs or the account could \
                 not be fully read; their findings may be missing (see `warnings`)"
            ));
        }
        Gate { lines, failed }
    }
}

/// Why the `lineage` command failed, for the exit message.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Lineage(#[from] LineageError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Definition(#[from] crate::core::DefinitionError),
}

impl LineageArgs {
    /// The document, from AWS or from the definition file.
    pub async fn document(
        &self,
        source: Option<&dyn LineageSource>,
    ) -> Result<LineageDocument, CliError> {
        if let Some(path) = &self.definition_file {
            let read_error = |source| CliError::Read {
                path: path.clone(),
                source,
            };
            // Refuse a huge file before reading it into memory.
            let size = std::fs::metadata(path).map_err(read_error)?.len();
            if size > MAX_DEFINITION_BYTES as u64 {
                return Err(crate::core::DefinitionError::TooLarge(size as usize).into());
            }
            let text = std::fs::read_to_string(path).map_err(read_error)?;
            let definition = parse_definition(&text)?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut lineage = Lineage::new(
                PipelineRecord {
                    name,
                    ..PipelineRecord::default()
                },
                definition,
            );
            if let Some(r) = &self.region {
                lineage.set_region(r.clone());
            }
            return Ok(lineage.finish(None));
        }
        let query = LineageQuery {
            pipeline: self.pipeline_name.clone().unwrap_or_default(),
            region: self.region.clone().unwrap_or_default(),
            domain: self.domain_name.clone(),
            include_latest_exec: self.include_latest_exec,
            execution: self.execution.clone(),
            profile: self.profile.clone(),
            fresh: false,
        };
        // The CLI runs with the user's own credentials: profiles are theirs to pick.
        let config = ServiceConfig {
            allow_profile: true,
            ..ServiceConfig::default()
        };
        let source = source.ok_or_else(|| LineageError::Internal("no AWS source".into()))?;
        let query = parse(&query, &config)?;
        Ok(service::lineage_with(source, &config, &query).await?)
    }
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// AWS region of the pipeline, e.g. us-east-1.
    #[arg(long)]
    pub region: String,
    /// Name of the pipeline.
    #[arg(long)]
    pub pipeline_name: String,
    /// The execution compared against (ARN or id). Default: the most recent execution
    /// before the target that succeeded (or, when none did, the one just before).
    #[arg(long)]
    pub base: Option<String>,
    /// The execution compared (ARN or id). Default: the latest.
    #[arg(long)]
    pub target: Option<String>,
    /// Only accept a pipeline whose DomainName/DomainId tag matches.
    #[arg(long)]
    pub domain_name: Option<String>,
    /// Local AWS profile to use.
    #[arg(long)]
    pub profile: Option<String>,
    /// `json` (the `/lineage/compare` document) or `text` (a readable summary).
    #[arg(long, value_enum, default_value_t = CompareFormat::Json)]
    pub format: CompareFormat,
    /// Write here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    Json,
    Text,
}

impl CompareArgs {
    /// The comparison, read through `aws` with the server's caches and service
    /// function (the user's own credentials: profiles are theirs to pick).
    pub async fn comparison(
        &self,
        aws: std::sync::Arc<dyn LineageSource>,
    ) -> Result<Comparison, CliError> {
        let config = ServiceConfig {
            allow_profile: true,
            ..ServiceConfig::default()
        };
        let state = AppState::new(
            aws,
            config,
            &Caches::default(),
            leptos::config::LeptosOptions::builder()
                .output_name("sagemaker-lineage")
                .build(),
        );
        let query = CompareQuery {
            pipeline: self.pipeline_name.clone(),
            region: self.region.clone(),
            domain: self.domain_name.clone(),
            base: self.base.clone(),
            target: self.target.clone(),
            profile: self.profile.clone(),
            fresh: false,
        };
        Ok(service::comparison(&state, &query).await?)
    }

    /// The output in the chosen format.
    pub fn render(&self, c: &Comparison) -> String {
        match self.format {
            CompareFormat::Json => serde_json::to_string_pretty(c).unwrap_or_default() + "\n",
            CompareFormat::Text => summary(c),
        }
    }
}

/// A readable summary of a comparison: the two executions, then only what changed
/// (steps, metric deltas, parameters, locations, edges, registrations, warnings).
pub fn summary(c: &Comparison) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let side = |e: &crate::core::ExecutionSide| {
        format!(
            "{} ({}{})",
            e.id,
            e.status,
            e.start_time
                .as_deref()
                .map(|t| format!(", started {t}"))
                .unwrap_or_default()
        )
    };
    let _ = writeln!(out, "pipeline {}", c.pipeline.name);
    let _ = writeln!(out, "base     {}", side(&c.base));
    let _ = writeln!(out, "target   {}", side(&c.target));
    if !c.has_changes() {
        let _ = writeln!(out, "\nno differences");
    }
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let steps: Vec<_> = c
        .steps
        .iter()
        .filter(|s| s.change != Change::Same)
        .collect();
    if !steps.is_empty() {
        let _ = writeln!(out, "\nsteps:");
        for s in steps {
            let describe = |x: &Option<crate::core::StepSide>| match x {
                None => "-".to_string(),
                Some(x) => {
                    let mut parts = vec![x.status.to_string()];
                    if let Some(o) = &x.condition_outcome {
                        parts.push(format!("outcome {o}"));
                    }
                    if x.cache_hit {
                        parts.push("cache hit".into());
                    }
                    if let Some(r) = &x.failure_reason {
                        parts.push(format!("\"{r}\""));
                    }
                    parts.join(", ")
                }
            };
            let _ = writeln!(
                out,
                "  {:<8} {}: {} -> {}",
                s.change.as_str(),
                s.id,
                describe(&s.base),
                describe(&s.target)
            );
        }
    }
    let metrics: Vec<_> = c.metrics.iter().filter(|m| m.base != m.target).collect();
    if !metrics.is_empty() {
        let _ = writeln!(out, "\nmetrics:");
        for m in metrics {
            let num = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_else(|| "-".into());
            let delta = m
                .delta
                .map(|d| format!(" ({})", crate::core::signed(d)))
                .unwrap_or_default();
            let verdict = match m.improved() {
                Some(true) => " better",
                Some(false) => " worse",
                None => "",
            };
            let _ = writeln!(
                out,
                "  {}.{}: {} -> {}{delta}{verdict}",
                m.step,
                m.name,
                num(m.base),
                num(m.target)
            );
        }
    }
    let parameters: Vec<_> = c.parameters.iter().filter(|p| p.changed).collect();
    if !parameters.is_empty() {
        let _ = writeln!(out, "\nparameters:");
        for p in parameters {
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                p.name,
                value(&p.base),
                value(&p.target)
            );
        }
    }
    let artifacts: Vec<_> = c.artifacts.iter().filter(|a| a.changed).collect();
    if !artifacts.is_empty() {
        let _ = writeln!(out, "\nlocations:");
        for a in artifacts {
            let dir = match a.direction {
                crate::core::Direction::Input => "in",
                crate::core::Direction::Output => "out",
            };
            let _ = writeln!(
                out,
                "  {} {dir} {}: {} -> {}",
                a.step,
                a.name,
                value(&a.base),
                value(&a.target)
            );
        }
    }
    if !c.edges.added.is_empty() || !c.edges.removed.is_empty() {
        let _ = writeln!(out, "\nedges:");
        for (sign, edges) in [("+", &c.edges.added), ("-", &c.edges.removed)] {
            for e in edges {
                let _ = writeln!(out, "  {sign} {} -> {} ({})", e.from, e.to, e.via);
            }
        }
    }
    let registry: Vec<_> = c.registry.iter().filter(|r| r.base != r.target).collect();
    if !registry.is_empty() {
        let _ = writeln!(out, "\nmodel registry:");
        let describe = |r: &Option<crate::core::RegistrySide>| match r {
            None => "-".to_string(),
            Some(r) => format!(
                "{}{}",
                r.model_package_arn,
                r.approval_status
                    .as_deref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default()
            ),
        };
        for r in registry {
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                r.step,
                describe(&r.base),
                describe(&r.target)
            );
        }
    }
    if !c.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings:");
        for w in &c.warnings {
            let side = match w.side {
                crate::core::Side::Base => "base",
                crate::core::Side::Target => "target",
            };
            let _ = writeln!(
                out,
                "  {side}: {} {}",
                w.warning.code.as_str(),
                w.warning.message
            );
        }
    }
    out
}
