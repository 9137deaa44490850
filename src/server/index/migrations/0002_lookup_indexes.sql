-- What the answers look up by (found by .ci/bench-index on 500 pipelines × 20
-- executions): a step's packages when walking downstream, and the steps that wrote a
-- model artifact an endpoint serves.
CREATE INDEX IF NOT EXISTS index_model_packages_step ON index_model_packages (region, execution_arn, step);
CREATE INDEX IF NOT EXISTS index_step_io_uri ON index_step_io (region, uri);
