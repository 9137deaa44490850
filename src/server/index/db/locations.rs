//! `GET /locations` from the index: the steps that read or wrote under a location
//! (or a location containing it), and the packages and endpoints downstream of them,
//! in a few set-based statements whatever the number of matches.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::Row;

use super::{ago, rfc3339, s3_bucket, IndexDb, Result};
use crate::api::{Downstream, EndpointRef, LocationMatch, Locations};

impl IndexDb {
    /// `GET /locations`: the indexed steps that read or wrote under `uri` (or a
    /// location containing it), and the packages and endpoints downstream of them.
    ///
    /// A few statements whatever the number of matches (the matching rows, the
    /// packages below them, the endpoints serving what was made below them), each
    /// joined in the database: a bucket read by thousands of executions must not
    /// cost a statement per match.
    pub async fn locations(&self, region: &str, uri: &str, limit: usize) -> Result<Locations> {
        let overlap = Overlap::new(uri, self.byte_order());
        // The statements that do not depend on one another run at once, each on its
        // own pooled connection: the answer costs the slowest of them rather than
        // their sum (a whole bucket's matches and packages each group thousands of
        // rows).
        let (state, (matches, matches_total), model_packages, endpoints) = tokio::try_join!(
            self.region(region),
            self.matches(region, &overlap, limit),
            self.packages_downstream(region, &overlap, limit),
            self.endpoints_downstream(region, &overlap),
        )?;
        let indexed_at = state.and_then(|r| r.indexed_at);
        let (model_packages, model_packages_total) = model_packages;
        Ok(Locations {
            uri: uri.to_string(),
            indexed_at: indexed_at.map(rfc3339),
            indexed_ago_sec: indexed_at.map(ago),
            matches,
            matches_total,
            downstream: Downstream {
                model_packages,
                model_packages_total,
                endpoints,
            },
        })
    }

    /// The first `limit` (pipeline, step, direction, URI) that overlap the location,
    /// each with its executions (newest first), and how many there are in all:
    /// grouped and counted in the database, so that a bucket's thousands are not
    /// carried over.
    async fn matches(
        &self,
        region: &str,
        overlap: &Overlap,
        limit: usize,
    ) -> Result<(Vec<LocationMatch>, usize)> {
        let c = self.byte_order();
        let n = overlap.next_param();
        let sql = format!(
            "WITH g AS (SELECT s.pipeline, s.step, s.direction, s.uri, COUNT(*) OVER () AS total \
               FROM index_step_io s WHERE {cond} \
               GROUP BY s.pipeline, s.step, s.direction, s.uri \
               ORDER BY s.pipeline{c}, s.step{c}, s.direction{c}, s.uri{c} LIMIT ${n}) \
             SELECT g.pipeline, g.step, g.direction, g.uri, g.total, e.id, e.start_time \
             FROM g CROSS JOIN index_step_io m CROSS JOIN index_executions e \
             WHERE m.region = $1 AND m.uri = g.uri AND m.direction = g.direction \
               AND m.step = g.step AND m.pipeline = g.pipeline \
               AND e.region = $1 AND e.arn = m.execution_arn",
            cond = overlap.condition("s")
        );
        let rows = overlap
            .bind(sqlx::query(&sql), region)
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await?;
        // (pipeline, step, direction, uri) -> [(start, id)]
        let mut total = 0;
        let mut grouped: BTreeMap<MatchKey, Vec<(Option<String>, String)>> = BTreeMap::new();
        for r in rows {
            let key: MatchKey = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
            total = r.try_get::<i64, _>(4)? as usize;
            grouped
                .entry(key)
                .or_default()
                .push((r.try_get(6)?, r.try_get(5)?));
        }
        let matches = grouped
            .into_iter()
            .map(|((pipeline, step, direction, uri), mut runs)| {
                runs.sort_by(|a, b| b.cmp(a));
                LocationMatch {
                    pipeline,
                    step,
                    direction,
                    uri,
                    executions: runs.into_iter().map(|(_, id)| id).collect(),
                }
            })
            .collect();
        Ok((matches, total))
    }

    /// The first `limit` model packages registered downstream of the (execution,
    /// step) pairs that touched the location, and how many there are: looked up per
    /// (execution, step) that touched it (`index_step_packages`), each pair once
    /// however many of its inputs and outputs lie below the location.
    ///
    /// `CROSS JOIN` fixes the join order on SQLite (PostgreSQL plans it freely): the
    /// matching rows drive, the rest is looked up by key.
    async fn packages_downstream(
        &self,
        region: &str,
        overlap: &Overlap,
        limit: usize,
    ) -> Result<(Vec<String>, usize)> {
        let packages = format!(
            "WITH touched AS (SELECT DISTINCT s.execution_arn, s.step FROM index_step_io s WHERE {}), \
             packages AS (SELECT DISTINCT p.package_arn AS arn \
               FROM touched t CROSS JOIN index_step_packages p \
               WHERE p.region = $1 AND p.execution_arn = t.execution_arn AND p.step = t.step) \
             SELECT arn, COUNT(*) OVER () FROM packages ORDER BY arn{c} LIMIT ${n}",
            overlap.condition("s"),
            c = self.byte_order(),
            n = overlap.next_param(),
        );
        let mut model_packages = Vec::new();
        let mut total = 0;
        for r in overlap
            .bind(sqlx::query(&packages), region)
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await?
        {
            model_packages.push(r.try_get::<String, _>(0)?);
            total = r.try_get::<i64, _>(1)? as usize;
        }
        Ok((model_packages, total))
    }

    /// The endpoints serving models downstream of the (execution, step) pairs that
    /// touched the location, found backward from the few deployments (what each
    /// serves, the step that made it, whether a step upstream of that one touched the
    /// location), so that a bucket with thousands of matches costs little more.
    async fn endpoints_downstream(
        &self,
        region: &str,
        overlap: &Overlap,
    ) -> Result<Vec<EndpointRef>> {
        // Walked back from the few deployments, in two steps (one statement with
        // correlated EXISTS let PostgreSQL hash everything below the location first):
        // what each container serves and the (execution, step) that made it...
        let served = sqlx::query(
            "SELECT dep.endpoint, e.arn, e.status, dep.model_name, dep.model_package_arn, \
               m.execution_arn, m.step, dep.variant, dep.container \
             FROM index_deployments dep CROSS JOIN index_endpoints e CROSS JOIN index_model_packages m \
             WHERE dep.region = $1 AND e.region = $1 AND e.name = dep.endpoint \
               AND m.region = $1 AND m.arn = dep.model_package_arn \
             UNION ALL \
             SELECT dep.endpoint, e.arn, e.status, dep.model_name, dep.model_package_arn, \
               m.execution_arn, m.step, dep.variant, dep.container \
             FROM index_deployments dep CROSS JOIN index_endpoints e CROSS JOIN index_step_io m \
             WHERE dep.region = $1 AND e.region = $1 AND e.name = dep.endpoint \
               AND m.region = $1 AND m.uri = dep.model_data_url AND m.direction = 'output'",
        )
        .bind(region)
        .fetch_all(&self.pool)
        .await?;
        let mut serving: Vec<Serving> = Vec::new();
        for r in &served {
            serving.push(Serving {
                order: (r.try_get(0)?, r.try_get(7)?, r.try_get(8)?),
                endpoint: EndpointRef {
                    name: r.try_get(0)?,
                    arn: r.try_get(1)?,
                    status: r.try_get(2)?,
                    model_name: r.try_get(3)?,
                    model_package_arn: r.try_get(4)?,
                },
                made: (r.try_get(5)?, r.try_get(6)?),
            });
        }
        serving.sort_by(|a, b| a.order.cmp(&b.order));
        // ... then which of those steps have a step upstream (itself included) that
        // touched the location: the made pairs drive, each a key lookup.
        let made: BTreeSet<&(String, String)> = serving.iter().map(|s| &s.made).collect();
        let mut touched: BTreeSet<(String, String)> = BTreeSet::new();
        let made: Vec<&(String, String)> = made.into_iter().collect();
        for chunk in made.chunks(200) {
            let first = overlap.next_param();
            let values = (0..chunk.len())
                .map(|i| format!("(${}, ${})", first + 2 * i, first + 2 * i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "WITH made (execution_arn, step) AS (VALUES {values}) \
                 SELECT DISTINCT v.execution_arn, v.step \
                 FROM made v CROSS JOIN index_downstream d CROSS JOIN index_step_io s \
                 WHERE d.region = $1 AND d.execution_arn = v.execution_arn AND d.downstream = v.step \
                   AND s.execution_arn = d.execution_arn AND s.step = d.step AND {}",
                overlap.condition("s")
            );
            let mut q = overlap.bind(sqlx::query(&sql), region);
            for (execution, step) in chunk {
                q = q.bind(execution.as_str()).bind(step.as_str());
            }
            for r in q.fetch_all(&self.pool).await? {
                touched.insert((r.try_get(0)?, r.try_get(1)?));
            }
        }
        let mut endpoints: Vec<EndpointRef> = Vec::new();
        for s in serving {
            if touched.contains(&s.made) && !endpoints.contains(&s.endpoint) {
                endpoints.push(s.endpoint);
            }
        }
        Ok(endpoints)
    }
}

/// A container serving a model: where it is listed (endpoint, variant, container),
/// the endpoint, and the (execution, step) that made what it serves.
struct Serving {
    order: (String, String, i64),
    endpoint: EndpointRef,
    made: (String, String),
}

/// A location match: pipeline, step, direction, URI.
type MatchKey = (String, String, String, String);

/// The step inputs and outputs that overlap a location (see [`super::overlaps`]), as a SQL
/// condition an index on the URI answers: the location's ancestors by equality, its
/// descendants by a byte range (`location/` up to `location0`, `0` being the byte
/// after `/`), which needs no escaping, unlike `LIKE`. Bytes, because on PostgreSQL a
/// range follows the column's collation: there the condition says `COLLATE "C"`, and
/// an index with that collation exists (`connect`). Parameter `$1` is the region.
#[derive(Debug, Clone, PartialEq)]
struct Overlap {
    bucket: String,
    /// The location and every ancestor, each with and without a trailing `/`.
    ancestors: Vec<String>,
    /// `location/` (included) and `location0` (excluded): what lies under it.
    from: String,
    until: String,
    /// How the database orders text by bytes ([`IndexDb::byte_order`]).
    collate: &'static str,
}

impl Overlap {
    fn new(uri: &str, collate: &'static str) -> Self {
        let uri = uri.trim_end_matches('/');
        let bucket = s3_bucket(uri).unwrap_or_default().to_string();
        // Cut at every `/` of the key (and at the end): the location and each of
        // its ancestors up to the bucket.
        let mut ancestors: Vec<String> = uri
            .char_indices()
            .filter(|&(i, c)| c == '/' && i >= "s3://".len())
            .map(|(i, _)| i)
            .chain([uri.len()])
            .flat_map(|i| [uri[..i].to_string(), format!("{}/", &uri[..i])])
            .collect();
        ancestors.sort();
        ancestors.dedup();
        Overlap {
            bucket,
            ancestors,
            from: format!("{uri}/"),
            until: format!("{uri}0"),
            collate,
        }
    }

    /// The first parameter number after the ones [`Overlap::bind`] binds.
    fn next_param(&self) -> usize {
        self.ancestors.len() + 5
    }

    /// The condition on the step I/O table aliased `t`.
    fn condition(&self, t: &str) -> String {
        let list = (0..self.ancestors.len())
            .map(|i| format!("${}", i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let n = self.ancestors.len() + 3;
        let c = self.collate;
        format!(
            "{t}.region = $1 AND {t}.bucket = $2 AND ({t}.uri IN ({list}) \
             OR ({t}.uri{c} >= ${n} AND {t}.uri{c} < ${}))",
            n + 1
        )
    }

    fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        region: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        q = q.bind(region).bind(self.bucket.as_str());
        for a in &self.ancestors {
            q = q.bind(a.as_str());
        }
        q.bind(self.from.as_str()).bind(self.until.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::overlaps;
    use super::*;

    /// The SQL condition finds exactly what [`overlaps`] accepts, on a real database.
    #[tokio::test]
    async fn the_overlap_condition_agrees_with_overlaps() {
        let dir = std::env::temp_dir().join(format!("lineage-overlap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite:{}", dir.join("index.db").display());
        let db = IndexDb::connect(&url).await.unwrap();
        let stored = [
            "s3://b",
            "s3://b/",
            "s3://b/data",
            "s3://b/data/",
            "s3://b/data/part-0",
            "s3://b/data/x/y.csv",
            "s3://b/dat",
            "s3://b/database/z",
            "s3://b/data_2/z",
            "s3://b/ünï/çode/file",
            "s3://b/a%b_c/d",
            "s3://other/data",
        ];
        for (i, u) in stored.iter().enumerate() {
            sqlx::query(
                "INSERT INTO index_step_io (region, pipeline, execution_arn, step, direction, bucket, uri) \
                 VALUES ('r', 'p', $1, 's', 'input', $2, $3)",
            )
            .bind(format!("e{i}"))
            .bind(s3_bucket(u).unwrap())
            .bind(*u)
            .execute(&db.pool)
            .await
            .unwrap();
        }
        for asked in [
            "s3://b",
            "s3://b/",
            "s3://b/data",
            "s3://b/data/",
            "s3://b/data/x",
            "s3://b/data/x/y.csv/deeper",
            "s3://b/da",
            "s3://b/ünï",
            "s3://b/a%b_c",
            "s3://b/a%",
            "s3://other",
            "s3://none/x",
        ] {
            let overlap = Overlap::new(asked, db.byte_order());
            let sql = format!(
                "SELECT s.uri FROM index_step_io s WHERE {} ORDER BY s.uri",
                overlap.condition("s")
            );
            let mut found: Vec<String> = overlap
                .bind(sqlx::query(&sql), "r")
                .fetch_all(&db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<String, _>(0))
                .collect();
            found.sort();
            let mut expected: Vec<String> = stored
                .iter()
                .filter(|u| overlaps(asked, u))
                .map(|u| u.to_string())
                .collect();
            expected.sort();
            assert_eq!(found, expected, "asked {asked}");
        }
        drop(db);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
