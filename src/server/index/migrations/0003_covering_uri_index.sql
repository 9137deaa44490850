-- The step that wrote a model artifact an endpoint serves, found from the index
-- alone: without planner statistics SQLite preferred scanning the primary key (it
-- covers the columns) over the narrower (region, uri) index.
DROP INDEX IF EXISTS index_step_io_uri;
CREATE INDEX IF NOT EXISTS index_step_io_served ON index_step_io (region, uri, direction, execution_arn, step);
