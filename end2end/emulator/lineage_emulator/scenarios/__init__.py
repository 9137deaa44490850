"""Scenario data for the AWS emulator.

Everything the Rust end-to-end tests assert on lives here, as plain data
(dicts, lists, strings, datetimes).  ``seed.py`` turns it into emulator state;
``SCENARIOS.md`` (next to the ``lineage_emulator`` package) describes it for
humans; and ``check_emulator.py`` checks the running emulator against it.

Shapes follow the real AWS APIs:

* pipeline definitions are the JSON the SageMaker Python SDK emits
  (``Version`` 2020-12-01, ``Parameters``, ``Steps`` with ``Get`` /
  ``Std:Join`` / ``Std:JsonGet`` expressions);
* job dicts are the ``Create*Job`` request shapes plus the run state that
  ``Describe*Job`` reports (status, times, failure reason, metrics);
* execution steps are ``ListPipelineExecutionSteps`` items
  (``PipelineExecutionStep``) with ``datetime`` times.

Job names are lower case on purpose: SageMaker writes job ARNs in lower case,
so a client that takes the job name from a step's ``Metadata`` ARN must find
the same job.

One job per module:

* ``common`` -- account, region, ARNs, images, the pure helpers every scenario
  is built with (``ts``, ``at``, ``get``, ``processing_args``,
  ``training_args``, ``step_entry``, ...) and the demo's S3 buckets and objects;
* ``customer_churn``, ``fraud_detection_nightly``, ``quality_gate``,
  ``wide_pipeline``, ``never_run``, ``large_pipeline``, ``id_clash``,
  ``model_gate``, ``data_posture``, ``churn_weekly`` -- one demo pipeline
  each: its definition, its executions and the jobs, models and model packages
  behind them;
* ``deployments`` -- the demo region's endpoints, endpoint configs and the
  models they serve (model packages of the pipelines above, or artifacts);
* ``demo`` -- the demo scenario, assembled from those modules;
* ``bench`` -- the generated bench scenario (``bench_scenario()``);
* this package -- the scenario registry (``SCENARIOS``, ``GENERATED_SCENARIOS``,
  ``scenario_names``, ``restricted_buckets``, ``bucket_owners``, ...).  It also re-exports every
  public name of the modules above, so ``scenarios.NAME`` keeps working
  whichever module now defines NAME.
"""

from __future__ import annotations

from typing import Any

# Every public name of the former single-module scenarios.py, importable as
# ``scenarios.NAME`` (the modules define no ``__all__``).
from .common import *  # noqa: F401,F403
from .customer_churn import *  # noqa: F401,F403
from .fraud_detection_nightly import *  # noqa: F401,F403
from .quality_gate import *  # noqa: F401,F403
from .wide_pipeline import *  # noqa: F401,F403
from .never_run import *  # noqa: F401,F403
from .large_pipeline import *  # noqa: F401,F403
from .id_clash import *  # noqa: F401,F403
from .model_gate import *  # noqa: F401,F403
from .data_posture import *  # noqa: F401,F403
from .churn_weekly import *  # noqa: F401,F403
from .deployments import *  # noqa: F401,F403
from .bench import *  # noqa: F401,F403
from .demo import *  # noqa: F401,F403

from .bench import bench_scenario
from .demo import DEMO

# ---------------------------------------------------------------------------
# Scenario registry
# ---------------------------------------------------------------------------

NONE: dict[str, Any] = {
    "buckets": [],
    "objects": [],
    "kms_keys": [],
    "account_public_access_block": None,
    "pipelines": [],
    "processing_jobs": [],
    "training_jobs": [],
    "models": [],
    "transform_jobs": [],
    "tuning_jobs": [],
    "model_package_groups": [],
    "model_packages": [],
    "deployment_models": [],
    "endpoint_configs": [],
    "endpoints": [],
}

SCENARIOS: dict[str, dict[str, Any]] = {"demo": DEMO, "none": NONE}

# Scenarios built from command-line parameters (``--bench-*``), not fixed data.
GENERATED_SCENARIOS: dict[str, Any] = {"bench": bench_scenario}


def scenario_names() -> list[str]:
    return sorted([*SCENARIOS, *GENERATED_SCENARIOS])


def restricted_buckets(scenario: dict[str, Any]) -> dict[str, str]:
    """name -> region of the buckets whose reads answer 403 AccessDenied."""
    return {b["name"]: b["region"] for b in scenario["buckets"] if b.get("restricted")}


def bucket_owners(scenario: dict[str, Any]) -> dict[str, str]:
    """name -> owning account of the buckets "owned by another account": a request
    carrying x-amz-expected-bucket-owner with any other account answers 403."""
    return {b["name"]: b["owner_account"] for b in scenario["buckets"] if b.get("owner_account")}


def find_pipeline(scenario: dict[str, Any], name: str) -> dict[str, Any]:
    for p in scenario["pipelines"]:
        if p["name"] == name:
            return p
    raise KeyError(name)


def find_execution(scenario: dict[str, Any], execution_arn_: str) -> dict[str, Any]:
    for p in scenario["pipelines"]:
        for e in p["executions"]:
            if e["arn"] == execution_arn_:
                return e
    raise KeyError(execution_arn_)
