-- For each step of an execution, the model packages registered at or below it: a
-- location's packages are then one lookup per matching step instead of a walk down
-- the graph and a lookup per step below (a bucket matches thousands of steps).
CREATE TABLE IF NOT EXISTS index_step_packages (
  region TEXT NOT NULL,
  execution_arn TEXT NOT NULL,
  step TEXT NOT NULL,
  package_arn TEXT NOT NULL,
  PRIMARY KEY (region, execution_arn, step, package_arn)
);
-- What was indexed before this table existed.
INSERT INTO index_step_packages (region, execution_arn, step, package_arn)
SELECT DISTINCT d.region, d.execution_arn, d.step, p.arn
FROM index_downstream d JOIN index_model_packages p
  ON p.region = d.region AND p.execution_arn = d.execution_arn AND p.step = d.downstream;
