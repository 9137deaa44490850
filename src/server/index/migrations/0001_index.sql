-- The lineage index: one schema for SQLite and PostgreSQL (through sqlx's Any
-- driver). Portable types only: TEXT, BIGINT (times in unix milliseconds, flags 0/1)
-- and DOUBLE PRECISION; AWS times stay RFC 3339 text.

-- The regions the crawler keeps, and how far it got.
CREATE TABLE IF NOT EXISTS index_regions (
  region TEXT NOT NULL PRIMARY KEY,
  added_at BIGINT NOT NULL,
  -- The end of the last complete pass; NULL until the first one.
  indexed_at BIGINT,
  last_pass_ms BIGINT,
  last_pass_calls BIGINT,
  last_pass_errors BIGINT
);

CREATE TABLE IF NOT EXISTS index_pipelines (
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT,
  -- As ListPipelines said when the pipeline was last read: unchanged values mean
  -- nothing to read again.
  last_modified TEXT,
  last_execution TEXT,
  latest_arn TEXT,
  -- The latest indexed document's findings by severity (NULL: none indexed).
  findings_critical BIGINT,
  findings_high BIGINT,
  findings_medium BIGINT,
  findings_low BIGINT,
  -- JSON array of the bucket names the latest indexed document touches.
  buckets TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (region, name)
);

CREATE TABLE IF NOT EXISTS index_executions (
  region TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  arn TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time TEXT,
  end_time TEXT,
  -- JSON object: every value the execution ran with.
  parameters TEXT NOT NULL DEFAULT '{}',
  -- 1 once finished and read whole: never read again.
  final BIGINT NOT NULL,
  PRIMARY KEY (region, arn)
);
CREATE INDEX IF NOT EXISTS index_executions_pipeline ON index_executions (region, pipeline, start_time);

-- Every resolved S3 input and output of every step of every indexed execution.
CREATE TABLE IF NOT EXISTS index_step_io (
  region TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  execution_arn TEXT NOT NULL,
  step TEXT NOT NULL,
  direction TEXT NOT NULL,
  bucket TEXT NOT NULL,
  uri TEXT NOT NULL,
  PRIMARY KEY (region, execution_arn, step, direction, uri)
);
CREATE INDEX IF NOT EXISTS index_step_io_bucket ON index_step_io (region, bucket);

-- For each step of an execution, the steps downstream of it (itself included), so
-- that a location's blast radius is a join.
CREATE TABLE IF NOT EXISTS index_downstream (
  region TEXT NOT NULL,
  execution_arn TEXT NOT NULL,
  step TEXT NOT NULL,
  downstream TEXT NOT NULL,
  PRIMARY KEY (region, execution_arn, step, downstream)
);

CREATE TABLE IF NOT EXISTS index_model_packages (
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  execution_arn TEXT NOT NULL,
  step TEXT NOT NULL,
  version BIGINT,
  approval TEXT,
  PRIMARY KEY (region, arn)
);

CREATE TABLE IF NOT EXISTS index_endpoints (
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT,
  status TEXT NOT NULL,
  config_name TEXT,
  last_modified TEXT,
  failure_reason TEXT,
  PRIMARY KEY (region, name)
);

-- One row per container of a production variant's model.
CREATE TABLE IF NOT EXISTS index_deployments (
  region TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  variant TEXT NOT NULL,
  container BIGINT NOT NULL,
  model_name TEXT NOT NULL,
  model_package_arn TEXT,
  model_data_url TEXT,
  PRIMARY KEY (region, endpoint, variant, container)
);

-- What the crawler could not read, the latest per target.
CREATE TABLE IF NOT EXISTS index_errors (
  region TEXT NOT NULL,
  scope TEXT NOT NULL,
  target TEXT NOT NULL,
  code TEXT NOT NULL,
  action TEXT,
  message TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (region, scope, target)
);

-- One crawler per region across replicas: the holder renews before `expires_at`
-- (database time, unix ms); anyone may take an expired lease.
CREATE TABLE IF NOT EXISTS index_leases (
  region TEXT NOT NULL PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  fence BIGINT NOT NULL
);
