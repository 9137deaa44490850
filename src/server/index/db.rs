//! The index's storage: one SQL layer over SQLite (the default, a file) and
//! PostgreSQL (shared by several replicas), through sqlx's Any driver. All SQL of the
//! index is here and in its submodules (`locations`: the `/locations` answer;
//! `outbox`: the OpenLineage outbox), written once for both: `$N` placeholders (sqlx's SQLite accepts
//! them), portable types (TEXT, BIGINT; times in unix milliseconds or RFC 3339 text),
//! `ON CONFLICT ... DO UPDATE` upserts. The database's own clock runs the leases.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Row};

use crate::api::{IndexIssue, LatestRun, Overview, OverviewPipeline};
use crate::core::{Deployment, ErrorCode, FindingCounts, LineageDocument, RunStatus};

mod locations;
mod outbox;

pub use outbox::OutboxEvent;

/// Why the index could not be read or written.
#[derive(Debug, Clone, thiserror::Error)]
pub enum IndexError {
    #[error("the lineage index database failed: {0}")]
    Database(String),
    #[error("`{0}` is not an index database URL (use sqlite:PATH or postgres://...)")]
    Url(String),
}

impl From<sqlx::Error> for IndexError {
    fn from(e: sqlx::Error) -> Self {
        IndexError::Database(e.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for IndexError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        IndexError::Database(e.to_string())
    }
}

type Result<T> = std::result::Result<T, IndexError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The schema, embedded: sqlx's migrator runs it once per database (and, on
/// PostgreSQL, under its advisory lock, so replicas starting together are safe).
fn migrator() -> Migrator {
    Migrator {
        migrations: Cow::Owned(vec![
            Migration::new(
                1,
                Cow::Borrowed("lineage index"),
                MigrationType::Simple,
                Cow::Borrowed(include_str!("migrations/0001_index.sql")),
                false,
            ),
            Migration::new(
                2,
                Cow::Borrowed("lookup indexes"),
                MigrationType::Simple,
                Cow::Borrowed(include_str!("migrations/0002_lookup_indexes.sql")),
                false,
            ),
            Migration::new(
                3,
                Cow::Borrowed("covering uri index"),
                MigrationType::Simple,
                Cow::Borrowed(include_str!("migrations/0003_covering_uri_index.sql")),
                false,
            ),
            Migration::new(
                4,
                Cow::Borrowed("step packages"),
                MigrationType::Simple,
                Cow::Borrowed(include_str!("migrations/0004_step_packages.sql")),
                false,
            ),
            Migration::new(
                5,
                Cow::Borrowed("openlineage outbox"),
                MigrationType::Simple,
                Cow::Borrowed(include_str!("migrations/0005_openlineage_outbox.sql")),
                false,
            ),
        ]),
        ..Migrator::DEFAULT
    }
}

/// A region as the crawler left it.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionState {
    pub region: String,
    /// Unix ms of the end of the last complete pass.
    pub indexed_at: Option<i64>,
}

/// What was known of a pipeline when it was last read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PipelineState {
    pub last_modified: Option<String>,
    pub last_execution: Option<String>,
    pub latest_arn: Option<String>,
}

/// An endpoint's description, flattened: one row per container of each variant.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EndpointRow {
    pub name: String,
    pub arn: Option<String>,
    pub status: String,
    pub config_name: Option<String>,
    pub last_modified: Option<String>,
    pub failure_reason: Option<String>,
    pub containers: Vec<ContainerRow>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContainerRow {
    pub variant: String,
    pub model_name: String,
    pub model_package_arn: Option<String>,
    pub model_data_url: Option<String>,
}

pub struct IndexDb {
    pool: AnyPool,
    backend: Backend,
}

impl IndexDb {
    /// Opens (creating a SQLite file when missing) and migrates the database at `url`:
    /// `sqlite:PATH` or `postgres://...`.
    pub async fn connect(url: &str) -> Result<Self> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(IndexError::Url(url.chars().take(40).collect()));
        };
        let url = match backend {
            // Created when missing.
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
            .after_connect(|conn, _| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        // Readers do not wait for the crawler's writes.
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = NORMAL")
                            .execute(&mut *conn)
                            .await?;
                    } else {
                        // Plan every execution for its parameters: the best plan for a
                        // location depends on how much lies below it (a whole bucket or
                        // one object), and the generic plan PostgreSQL may switch a
                        // prepared statement to after five runs suits neither (a whole
                        // bucket's packages took 18 ms instead of 12 on the bench). The
                        // planning costs well under a millisecond.
                        sqlx::query("SET plan_cache_mode = force_custom_plan")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        migrator().run(&pool).await?;
        if backend == Backend::Postgres {
            // The byte-ordered URI index `Overlap` ranges over: PostgreSQL only (the
            // migrations are one text for both, and SQLite orders by bytes anyway).
            // Another replica creating it at the same moment may make this fail; the
            // index is then there, or next start makes it.
            if let Err(e) = sqlx::query(
                "CREATE INDEX IF NOT EXISTS index_step_io_uri_bytes \
                 ON index_step_io (region, (uri COLLATE \"C\"))",
            )
            .execute(&pool)
            .await
            {
                tracing::warn!(error = %e, "creating the lineage index's byte-ordered URI index");
            }
        }
        Ok(IndexDb { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database's clock in unix milliseconds, as SQL: leases are judged by one
    /// clock whatever the replicas' clocks say.
    fn now_ms(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "CAST((julianday('now') - 2440587.5) * 86400000 AS BIGINT)",
            Backend::Postgres => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
        }
    }

    // --- regions -------------------------------------------------------------------

    /// Adds a region to index (nothing when it is there already).
    pub async fn add_region(&self, region: &str, now_ms: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO index_regions (region, added_at) VALUES ($1, $2) \
             ON CONFLICT (region) DO NOTHING",
        )
        .bind(region)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn regions(&self) -> Result<Vec<RegionState>> {
        let rows = sqlx::query("SELECT region, indexed_at FROM index_regions ORDER BY region")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RegionState {
                    region: r.try_get(0)?,
                    indexed_at: r.try_get(1)?,
                })
            })
            .collect()
    }

    pub async fn region(&self, region: &str) -> Result<Option<RegionState>> {
        Ok(self
            .regions()
            .await?
            .into_iter()
            .find(|r| r.region == region))
    }

    pub async fn finish_pass(
        &self,
        region: &str,
        now_ms: i64,
        took_ms: i64,
        calls: i64,
        errors: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE index_regions SET indexed_at = $2, last_pass_ms = $3, last_pass_calls = $4, \
             last_pass_errors = $5 WHERE region = $1",
        )
        .bind(region)
        .bind(now_ms)
        .bind(took_ms)
        .bind(calls)
        .bind(errors)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    // --- the lease -----------------------------------------------------------------

    /// Takes or renews the lease on a region for `ttl_ms`: `Some(fence)` when
    /// `holder` holds it now, `None` when another holder's lease has not expired.
    pub async fn acquire_lease(
        &self,
        region: &str,
        holder: &str,
        ttl_ms: i64,
    ) -> Result<Option<i64>> {
        let now = self.now_ms();
        let sql = format!(
            "INSERT INTO index_leases (region, holder, expires_at, fence) \
             VALUES ($1, $2, {now} + $3, 1) \
             ON CONFLICT (region) DO UPDATE SET holder = excluded.holder, \
               expires_at = excluded.expires_at, \
               fence = CASE WHEN index_leases.holder = excluded.holder \
                 THEN index_leases.fence ELSE index_leases.fence + 1 END \
             WHERE index_leases.holder = excluded.holder OR index_leases.expires_at < {now} \
             RETURNING fence"
        );
        let row = sqlx::query(&sql)
            .bind(region)
            .bind(holder)
            .bind(ttl_ms)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// Gives up every lease `holder` has (a clean shutdown): the regions it crawls
    /// and the push leases, whether or not anything is left to do in them.
    pub async fn release_leases_of(&self, holder: &str) -> Result<u64> {
        let done = sqlx::query("UPDATE index_leases SET expires_at = 0 WHERE holder = $1")
            .bind(holder)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    // --- pipelines and executions ---------------------------------------------------

    pub async fn pipeline_state(&self, region: &str, name: &str) -> Result<Option<PipelineState>> {
        let row = sqlx::query(
            "SELECT last_modified, last_execution, latest_arn FROM index_pipelines \
             WHERE region = $1 AND name = $2",
        )
        .bind(region)
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            None => None,
            Some(r) => Some(PipelineState {
                last_modified: r.try_get(0)?,
                last_execution: r.try_get(1)?,
                latest_arn: r.try_get(2)?,
            }),
        })
    }

    /// Whether an execution of the pipeline is indexed but not final (running, or
    /// read in part): the next pass reads it again.
    pub async fn has_unfinished(&self, region: &str, pipeline: &str) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) FROM index_executions WHERE region = $1 AND pipeline = $2 AND final = 0",
        )
        .bind(region)
        .bind(pipeline)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>(0)? > 0)
    }

    pub async fn is_final(&self, region: &str, arn: &str) -> Result<bool> {
        let row = sqlx::query("SELECT final FROM index_executions WHERE region = $1 AND arn = $2")
            .bind(region)
            .bind(arn)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<i64, _>(0)? == 1,
            None => false,
        })
    }

    /// Stores an execution's document: its row, every resolved S3 input and output
    /// of its steps, what is downstream of each step, and the packages it
    /// registered. Replaces what an earlier read of the same execution stored.
    pub async fn store_execution(
        &self,
        region: &str,
        pipeline: &str,
        doc: &LineageDocument,
        is_final: bool,
    ) -> Result<()> {
        let Some(e) = &doc.execution else {
            return Ok(());
        };
        let mut parameters = e.parameter_defaults.clone();
        parameters.extend(e.parameters.clone());
        let parameters = serde_json::to_string(&parameters).unwrap_or_else(|_| "{}".into());
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO index_executions (region, pipeline, arn, id, status, start_time, end_time, parameters, final) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (region, arn) DO UPDATE SET status = excluded.status, \
               start_time = excluded.start_time, end_time = excluded.end_time, \
               parameters = excluded.parameters, final = excluded.final",
        )
        .bind(region)
        .bind(pipeline)
        .bind(&e.arn)
        .bind(&e.id)
        .bind(e.status.as_str())
        .bind(e.start_time.clone())
        .bind(e.end_time.clone())
        .bind(parameters)
        .bind(i64::from(is_final))
        .execute(&mut *tx)
        .await?;
        for table in ["index_step_io", "index_downstream", "index_step_packages"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE region = $1 AND execution_arn = $2"
            ))
            .bind(region)
            .bind(&e.arn)
            .execute(&mut *tx)
            .await?;
        }
        let mut seen = BTreeSet::new();
        for node in &doc.graph.nodes {
            for (direction, ios) in [("input", &node.inputs), ("output", &node.outputs)] {
                for io in ios.iter().filter(|io| io.resolved) {
                    let Some(bucket) = s3_bucket(&io.uri) else {
                        continue;
                    };
                    if !seen.insert((node.id.clone(), direction, io.uri.clone())) {
                        continue;
                    }
                    sqlx::query(
                        "INSERT INTO index_step_io (region, pipeline, execution_arn, step, direction, bucket, uri) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(region)
                    .bind(pipeline)
                    .bind(&e.arn)
                    .bind(&node.id)
                    .bind(direction)
                    .bind(bucket)
                    .bind(&io.uri)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        let registered: BTreeMap<&str, &str> = doc
            .graph
            .nodes
            .iter()
            .filter_map(|n| {
                Some((
                    n.id.as_str(),
                    n.registry.as_ref()?.model_package_arn.as_str(),
                ))
            })
            .collect();
        for (step, below) in downstream(doc) {
            for arn in below.iter().filter_map(|d| registered.get(d.as_str())) {
                sqlx::query(
                    "INSERT INTO index_step_packages (region, execution_arn, step, package_arn) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(region)
                .bind(&e.arn)
                .bind(&step)
                .bind(*arn)
                .execute(&mut *tx)
                .await?;
            }
            for d in below {
                sqlx::query(
                    "INSERT INTO index_downstream (region, execution_arn, step, downstream) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(region)
                .bind(&e.arn)
                .bind(&step)
                .bind(d)
                .execute(&mut *tx)
                .await?;
            }
        }
        for node in &doc.graph.nodes {
            let Some(r) = &node.registry else { continue };
            sqlx::query(
                "INSERT INTO index_model_packages (region, arn, pipeline, execution_arn, step, version, approval) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (region, arn) DO UPDATE SET approval = excluded.approval, \
                   version = excluded.version",
            )
            .bind(region)
            .bind(&r.model_package_arn)
            .bind(pipeline)
            .bind(&e.arn)
            .bind(&node.id)
            .bind(r.version)
            .bind(r.approval_status.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores what ListPipelines said of a pipeline, and what its latest indexed
    /// document says (findings, buckets) when there is one.
    pub async fn store_pipeline(
        &self,
        region: &str,
        name: &str,
        arn: Option<&str>,
        state: &PipelineState,
        latest: Option<&LineageDocument>,
    ) -> Result<()> {
        let counts = latest.map(|d| d.summary.findings);
        let buckets: BTreeSet<&str> = latest
            .map(|d| {
                d.graph
                    .artifacts
                    .iter()
                    .map(|a| a.bucket.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let buckets = serde_json::to_string(&buckets).unwrap_or_else(|_| "[]".into());
        let count = |f: fn(&FindingCounts) -> u32| counts.as_ref().map(|c| i64::from(f(c)));
        sqlx::query(
            "INSERT INTO index_pipelines (region, name, arn, last_modified, last_execution, latest_arn, \
               findings_critical, findings_high, findings_medium, findings_low, buckets) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (region, name) DO UPDATE SET arn = excluded.arn, \
               last_modified = excluded.last_modified, last_execution = excluded.last_execution, \
               latest_arn = excluded.latest_arn, \
               findings_critical = COALESCE(excluded.findings_critical, index_pipelines.findings_critical), \
               findings_high = COALESCE(excluded.findings_high, index_pipelines.findings_high), \
               findings_medium = COALESCE(excluded.findings_medium, index_pipelines.findings_medium), \
               findings_low = COALESCE(excluded.findings_low, index_pipelines.findings_low), \
               buckets = CASE WHEN excluded.buckets = '[]' THEN index_pipelines.buckets ELSE excluded.buckets END",
        )
        .bind(region)
        .bind(name)
        .bind(arn)
        .bind(state.last_modified.clone())
        .bind(state.last_execution.clone())
        .bind(state.latest_arn.clone())
        .bind(count(|c| c.critical))
        .bind(count(|c| c.high))
        .bind(count(|c| c.medium))
        .bind(count(|c| c.low))
        .bind(buckets)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets the pipelines of a region that are not in `names` (deleted in AWS),
    /// with everything indexed of them.
    pub async fn retain_pipelines(&self, region: &str, names: &BTreeSet<String>) -> Result<()> {
        let rows = sqlx::query("SELECT name FROM index_pipelines WHERE region = $1")
            .bind(region)
            .fetch_all(&self.pool)
            .await?;
        for r in rows {
            let name: String = r.try_get(0)?;
            if names.contains(&name) {
                continue;
            }
            let mut tx = self.pool.begin().await?;
            for sql in [
                "DELETE FROM index_downstream WHERE region = $1 AND execution_arn IN \
                   (SELECT arn FROM index_executions WHERE region = $1 AND pipeline = $2)",
                "DELETE FROM index_step_packages WHERE region = $1 AND execution_arn IN \
                   (SELECT arn FROM index_executions WHERE region = $1 AND pipeline = $2)",
                "DELETE FROM index_step_io WHERE region = $1 AND pipeline = $2",
                "DELETE FROM index_model_packages WHERE region = $1 AND pipeline = $2",
                "DELETE FROM index_executions WHERE region = $1 AND pipeline = $2",
                "DELETE FROM index_pipelines WHERE region = $1 AND name = $2",
            ] {
                sqlx::query(sql)
                    .bind(region)
                    .bind(&name)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    // --- endpoints -----------------------------------------------------------------

    /// The endpoint's `LastModifiedTime` and status when it was last read.
    pub async fn endpoint_state(
        &self,
        region: &str,
        name: &str,
    ) -> Result<Option<(Option<String>, String)>> {
        let row = sqlx::query(
            "SELECT last_modified, status FROM index_endpoints WHERE region = $1 AND name = $2",
        )
        .bind(region)
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Some((r.try_get(0)?, r.try_get(1)?)),
            None => None,
        })
    }

    pub async fn store_endpoint(&self, region: &str, ep: &EndpointRow) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO index_endpoints (region, name, arn, status, config_name, last_modified, failure_reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (region, name) DO UPDATE SET arn = excluded.arn, status = excluded.status, \
               config_name = excluded.config_name, last_modified = excluded.last_modified, \
               failure_reason = excluded.failure_reason",
        )
        .bind(region)
        .bind(&ep.name)
        .bind(ep.arn.clone())
        .bind(&ep.status)
        .bind(ep.config_name.clone())
        .bind(ep.last_modified.clone())
        .bind(ep.failure_reason.clone())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM index_deployments WHERE region = $1 AND endpoint = $2")
            .bind(region)
            .bind(&ep.name)
            .execute(&mut *tx)
            .await?;
        for (i, c) in ep.containers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO index_deployments (region, endpoint, variant, container, model_name, model_package_arn, model_data_url) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(region)
            .bind(&ep.name)
            .bind(&c.variant)
            .bind(i as i64)
            .bind(&c.model_name)
            .bind(c.model_package_arn.clone())
            .bind(c.model_data_url.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn retain_endpoints(&self, region: &str, names: &BTreeSet<String>) -> Result<()> {
        let rows = sqlx::query("SELECT name FROM index_endpoints WHERE region = $1")
            .bind(region)
            .fetch_all(&self.pool)
            .await?;
        for r in rows {
            let name: String = r.try_get(0)?;
            if names.contains(&name) {
                continue;
            }
            for sql in [
                "DELETE FROM index_deployments WHERE region = $1 AND endpoint = $2",
                "DELETE FROM index_endpoints WHERE region = $1 AND name = $2",
            ] {
                sqlx::query(sql)
                    .bind(region)
                    .bind(&name)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    // --- what could not be read ----------------------------------------------------

    pub async fn record_issue(&self, region: &str, issue: &IndexIssue, at_ms: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO index_errors (region, scope, target, code, action, message, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (region, scope, target) DO UPDATE SET code = excluded.code, \
               action = excluded.action, message = excluded.message, at = excluded.at",
        )
        .bind(region)
        .bind(&issue.scope)
        .bind(&issue.target)
        .bind(issue.code.as_str())
        .bind(issue.action.clone())
        .bind(&issue.message)
        .bind(at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn clear_issue(&self, region: &str, scope: &str, target: &str) -> Result<()> {
        sqlx::query("DELETE FROM index_errors WHERE region = $1 AND scope = $2 AND target = $3")
            .bind(region)
            .bind(scope)
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn issues(&self, region: &str) -> Result<Vec<IndexIssue>> {
        let rows = sqlx::query(
            "SELECT scope, target, code, action, message, at FROM index_errors \
             WHERE region = $1 ORDER BY scope, target",
        )
        .bind(region)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get(2)?;
                Ok(IndexIssue {
                    scope: r.try_get(0)?,
                    target: r.try_get(1)?,
                    code: ErrorCode::from(code.as_str()),
                    action: r.try_get(3)?,
                    message: r.try_get(4)?,
                    at: rfc3339(r.try_get(5)?),
                })
            })
            .collect()
    }

    // --- answers -------------------------------------------------------------------

    /// `GET /overview`: every indexed pipeline of the region, counts over the window
    /// that starts at `window_start` (RFC 3339).
    pub async fn overview(&self, region: &str, window_start: &str) -> Result<Overview> {
        let indexed_at = self.region(region).await?.and_then(|r| r.indexed_at);
        let rows = sqlx::query(
            "SELECT p.name, p.arn, p.findings_critical, p.findings_high, p.findings_medium, \
               p.findings_low, p.buckets, e.id, e.status, e.start_time, e.end_time \
             FROM index_pipelines p LEFT JOIN index_executions e \
               ON e.region = p.region AND e.arn = p.latest_arn \
             WHERE p.region = $1 ORDER BY p.name",
        )
        .bind(region)
        .fetch_all(&self.pool)
        .await?;
        let mut counts: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT pipeline, status, COUNT(*) FROM index_executions \
             WHERE region = $1 AND start_time >= $2 GROUP BY pipeline, status",
        )
        .bind(region)
        .bind(window_start)
        .fetch_all(&self.pool)
        .await?
        {
            counts
                .entry(r.try_get(0)?)
                .or_default()
                .insert(r.try_get(1)?, r.try_get(2)?);
        }
        let deployments = self.deployments_by_pipeline(region).await?;
        let mut pipelines = Vec::with_capacity(rows.len());
        for r in rows {
            let name: String = r.try_get(0)?;
            let severities: [Option<i64>; 4] =
                [r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?];
            let findings = match severities {
                [Some(c), Some(h), Some(m), Some(l)] => Some(FindingCounts {
                    critical: c as u32,
                    high: h as u32,
                    medium: m as u32,
                    low: l as u32,
                }),
                _ => None,
            };
            let buckets: String = r.try_get(6)?;
            let latest_id: Option<String> = r.try_get(7)?;
            let latest = match latest_id {
                Some(id) => {
                    let status: String = r.try_get(8)?;
                    Some(LatestRun {
                        id,
                        status: RunStatus::from(status.as_str()),
                        start_time: r.try_get(9)?,
                        end_time: r.try_get(10)?,
                    })
                }
                None => None,
            };
            pipelines.push(OverviewPipeline {
                arn: r.try_get(1)?,
                latest,
                counts: counts.remove(&name).unwrap_or_default(),
                findings,
                buckets: serde_json::from_str(&buckets).unwrap_or_default(),
                deployments: deployments
                    .get(&name)
                    .map(|d| d.iter().cloned().collect())
                    .unwrap_or_default(),
                name,
            });
        }
        Ok(Overview {
            region: region.to_string(),
            indexed_at: indexed_at.map(rfc3339),
            indexed_ago_sec: indexed_at.map(ago),
            window_start: window_start.to_string(),
            pipelines,
            errors: self.issues(region).await?,
        })
    }

    /// Endpoint names by the pipeline whose model they serve: a package it
    /// registered, or an artifact one of its steps wrote.
    async fn deployments_by_pipeline(
        &self,
        region: &str,
    ) -> Result<BTreeMap<String, BTreeSet<String>>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for sql in [
            "SELECT DISTINCT p.pipeline, d.endpoint FROM index_deployments d \
               JOIN index_model_packages p ON p.region = d.region AND p.arn = d.model_package_arn \
             WHERE d.region = $1",
            "SELECT DISTINCT s.pipeline, d.endpoint FROM index_deployments d \
               JOIN index_step_io s ON s.region = d.region AND s.uri = d.model_data_url \
                 AND s.direction = 'output' \
             WHERE d.region = $1",
        ] {
            for r in sqlx::query(sql).bind(region).fetch_all(&self.pool).await? {
                out.entry(r.try_get(0)?).or_default().insert(r.try_get(1)?);
            }
        }
        Ok(out)
    }

    /// `/lineage`'s deployments: where the models of `pipeline` serve.
    pub async fn deployments(&self, region: &str, pipeline: &str) -> Result<Vec<Deployment>> {
        let mut out = Vec::new();
        // Served through a package the pipeline registered, or straight from an
        // artifact one of its steps wrote.
        for sql in [
            "SELECT DISTINCT d.endpoint, e.arn, e.status, e.config_name, d.variant, d.model_name, \
                   d.model_package_arn, d.model_data_url, p.step \
                 FROM index_deployments d \
                   JOIN index_endpoints e ON e.region = d.region AND e.name = d.endpoint \
                   JOIN index_model_packages p ON p.region = d.region AND p.arn = d.model_package_arn \
                 WHERE d.region = $1 AND p.pipeline = $2",
            "SELECT DISTINCT d.endpoint, e.arn, e.status, e.config_name, d.variant, d.model_name, \
                   d.model_package_arn, d.model_data_url, s.step \
                 FROM index_deployments d \
                   JOIN index_endpoints e ON e.region = d.region AND e.name = d.endpoint \
                   JOIN index_step_io s ON s.region = d.region AND s.uri = d.model_data_url \
                     AND s.direction = 'output' \
                 WHERE d.region = $1 AND s.pipeline = $2",
        ] {
            for r in sqlx::query(sql)
                .bind(region)
                .bind(pipeline)
                .fetch_all(&self.pool)
                .await?
            {
                out.push(Deployment {
                    endpoint_name: r.try_get(0)?,
                    endpoint_arn: r.try_get(1)?,
                    status: r.try_get(2)?,
                    endpoint_config_name: r.try_get(3)?,
                    variant: r.try_get(4)?,
                    model_name: r.try_get(5)?,
                    model_package_arn: r.try_get(6)?,
                    model_data_url: r.try_get(7)?,
                    step: r.try_get(8)?,
                });
            }
        }
        out.sort_by(|a, b| {
            (&a.endpoint_name, &a.variant, &a.model_name).cmp(&(
                &b.endpoint_name,
                &b.variant,
                &b.model_name,
            ))
        });
        out.dedup();
        Ok(out)
    }

    /// Orders text by bytes, as SQLite does and Rust's `str` does: the first `limit`
    /// of a list are then the same on both databases, whatever PostgreSQL's locale.
    fn byte_order(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " COLLATE \"C\"",
        }
    }

    /// Refreshes the query planner's statistics. SQLite has none until asked, and
    /// without them it may walk a whole region where a key lookup would do (every
    /// index leads with the region); PostgreSQL's autovacuum would get there too, later.
    pub async fn refresh_statistics(&self) -> Result<()> {
        let sql = match self.backend {
            Backend::Sqlite => "ANALYZE",
            Backend::Postgres => {
                "ANALYZE index_pipelines, index_executions, index_step_io, index_downstream, \
                 index_model_packages, index_endpoints, index_deployments"
            }
        };
        sqlx::query(sql).execute(&self.pool).await?;
        Ok(())
    }
}

/// The bucket of an `s3://bucket/key` URI.
pub fn s3_bucket(uri: &str) -> Option<&str> {
    let rest = uri.strip_prefix("s3://")?;
    let bucket = rest.split('/').next()?;
    (!bucket.is_empty()).then_some(bucket)
}

/// Whether one location lies under the other (either way): a step that wrote
/// `s3://b/out/` wrote `s3://b/out/part-0`, and one that read `s3://b/out/part-0`
/// read under `s3://b/out`. Path segments are compared whole (`s3://b/data` is not
/// under `s3://b/dat`).
pub fn overlaps(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim_end_matches('/').to_string();
    let (a, b) = (norm(a), norm(b));
    let under = |x: &str, y: &str| x == y || x.starts_with(&format!("{y}/"));
    under(&a, &b) || under(&b, &a)
}

/// For each step, the steps reachable from it along the graph's edges (itself
/// included).
fn downstream(doc: &LineageDocument) -> BTreeMap<String, BTreeSet<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &doc.graph.edges {
        next.entry(e.from.as_str()).or_default().push(e.to.as_str());
    }
    doc.graph
        .nodes
        .iter()
        .map(|n| {
            let mut seen = BTreeSet::from([n.id.clone()]);
            let mut stack = vec![n.id.as_str()];
            while let Some(s) = stack.pop() {
                for t in next.get(s).into_iter().flatten() {
                    if seen.insert(t.to_string()) {
                        stack.push(t);
                    }
                }
            }
            (n.id.clone(), seen)
        })
        .collect()
}

/// Seconds from unix ms `at` to now.
fn ago(at: i64) -> i64 {
    ((chrono::Utc::now().timestamp_millis() - at) / 1000).max(0)
}

/// Unix ms as RFC 3339 (seconds).
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_overlap_by_whole_segments() {
        assert!(overlaps("s3://b/out", "s3://b/out/part-0"));
        assert!(overlaps("s3://b/out/part-0", "s3://b/out/"));
        assert!(overlaps("s3://b", "s3://b/x/y"));
        assert!(!overlaps("s3://b/dat", "s3://b/data"));
        assert!(!overlaps("s3://b/x", "s3://b/y"));
        assert_eq!(s3_bucket("s3://bucket/key"), Some("bucket"));
        assert_eq!(s3_bucket("s3://"), None);
        assert_eq!(s3_bucket("https://x"), None);
    }
}
