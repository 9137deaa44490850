"""Deployments in the demo region: SageMaker endpoints, their endpoint configs'
production variants, and the models behind them.

Not a pipeline: what a team deployed from the registry (or by hand) after the
pipelines ran.  Each model serves either a versioned model package that a demo
execution registered (``ModelPackageName``) or a model artifact directly
(``Image`` + ``ModelDataUrl``):

* ``churn-prod`` (InService): ``AllTraffic`` -> ``churn-model-v1`` ->
  ``churn-models/1`` (customer-churn exec-churn-0002), and ``Shadow`` (weight
  0) -> ``churn-weekly-v2`` -> ``churn-weekly-models/2`` (churn-weekly
  exec-weekly-0003);
* ``churn-weekly-canary`` (InService): ``churn-weekly-v1`` ->
  ``churn-weekly-models/1`` (exec-weekly-0001);
* ``churn-batch-debug`` (Failed): ``churn-raw-artifact`` -> the model.tar.gz
  that exec-churn-0002's Train job wrote, no model package;
* ``unrelated-endpoint`` (InService): ``unrelated-model`` -> an artifact in
  ``lineage-scratch`` that no pipeline wrote.

Three lists, in the API's shapes (seeded by ``seed.seed_deployments`` after
the model packages, in this order):

* ``DEPLOYMENT_MODELS`` -- ``name``, ``created``, ``args`` (the CreateModel
  request);
* ``ENDPOINT_CONFIGS`` -- ``name``, ``created``, ``variants`` (the
  CreateEndpointConfig ``ProductionVariants``);
* ``ENDPOINTS`` -- ``name``, ``config``, ``status``, ``failure_reason``,
  ``created``, ``last_modified`` (DescribeEndpoint's times) and ``deployed``:
  when the variants' images were resolved (DeployedImages' ResolutionTime), or
  None for an endpoint whose creation failed before anything was deployed (it
  reports no ProductionVariants).
"""

from __future__ import annotations

from typing import Any

from .churn_weekly import WEEKLY_MODEL_PACKAGE_1_ARN, WEEKLY_MODEL_PACKAGE_2_ARN
from .common import ROLE_ARN, SKLEARN_IMAGE, XGBOOST_IMAGE, ts
from .customer_churn import CHURN_MODEL_ARTIFACT_2, CHURN_MODEL_PACKAGE_ARN

PROD_ENDPOINT = "churn-prod"
PROD_CONFIG = "churn-prod-config-2"
PROD_MODEL = "churn-model-v1"
PROD_SHADOW_MODEL = "churn-weekly-v2"
CANARY_ENDPOINT = "churn-weekly-canary"
CANARY_CONFIG = "churn-weekly-canary-config"
CANARY_MODEL = "churn-weekly-v1"
DEBUG_ENDPOINT = "churn-batch-debug"
DEBUG_CONFIG = "churn-batch-debug-config"
DEBUG_MODEL = "churn-raw-artifact"
UNRELATED_ENDPOINT = "unrelated-endpoint"
UNRELATED_CONFIG = "unrelated-endpoint-config"
UNRELATED_MODEL = "unrelated-model"
UNRELATED_MODEL_DATA = "s3://lineage-scratch/other/model.tar.gz"

DEBUG_FAILURE = (
    "The primary container for production variant AllTraffic did not pass the ping "
    "health check. Please check CloudWatch logs for this endpoint."
)


def _variant(
    name: str, model: str, instance_type: str, count: int = 1, weight: float = 1.0
) -> dict[str, Any]:
    """One ProductionVariant of a CreateEndpointConfig request."""
    return {
        "VariantName": name,
        "ModelName": model,
        "InitialInstanceCount": count,
        "InstanceType": instance_type,
        "InitialVariantWeight": weight,
    }


DEPLOYMENT_MODELS: list[dict[str, Any]] = [
    {
        "name": UNRELATED_MODEL,
        "created": ts("2026-10-20T11:00:00Z"),
        "args": {
            "ExecutionRoleArn": ROLE_ARN,
            "PrimaryContainer": {"Image": SKLEARN_IMAGE, "ModelDataUrl": UNRELATED_MODEL_DATA},
        },
    },
    {
        "name": CANARY_MODEL,
        "created": ts("2026-11-10T09:00:00Z"),
        "args": {"ExecutionRoleArn": ROLE_ARN, "PrimaryContainer": {"ModelPackageName": WEEKLY_MODEL_PACKAGE_1_ARN}},
    },
    {
        "name": PROD_MODEL,
        "created": ts("2026-11-26T10:00:00Z"),
        "args": {"ExecutionRoleArn": ROLE_ARN, "PrimaryContainer": {"ModelPackageName": CHURN_MODEL_PACKAGE_ARN}},
    },
    {
        "name": PROD_SHADOW_MODEL,
        "created": ts("2026-11-26T10:01:00Z"),
        "args": {"ExecutionRoleArn": ROLE_ARN, "PrimaryContainer": {"ModelPackageName": WEEKLY_MODEL_PACKAGE_2_ARN}},
    },
    {
        # Straight from the training job's output, bypassing the registry.
        "name": DEBUG_MODEL,
        "created": ts("2026-11-27T14:00:00Z"),
        "args": {
            "ExecutionRoleArn": ROLE_ARN,
            "PrimaryContainer": {"Image": XGBOOST_IMAGE, "ModelDataUrl": CHURN_MODEL_ARTIFACT_2},
        },
    },
]

ENDPOINT_CONFIGS: list[dict[str, Any]] = [
    {
        "name": UNRELATED_CONFIG,
        "created": ts("2026-10-20T11:02:00Z"),
        "variants": [_variant("AllTraffic", UNRELATED_MODEL, "ml.t2.medium")],
    },
    {
        "name": CANARY_CONFIG,
        "created": ts("2026-11-10T09:02:00Z"),
        "variants": [_variant("AllTraffic", CANARY_MODEL, "ml.t2.medium")],
    },
    {
        "name": PROD_CONFIG,
        "created": ts("2026-11-26T10:05:00Z"),
        "variants": [
            _variant("AllTraffic", PROD_MODEL, "ml.m5.xlarge", count=2, weight=1.0),
            _variant("Shadow", PROD_SHADOW_MODEL, "ml.m5.xlarge", count=1, weight=0.0),
        ],
    },
    {
        "name": DEBUG_CONFIG,
        "created": ts("2026-11-27T14:02:00Z"),
        "variants": [_variant("AllTraffic", DEBUG_MODEL, "ml.m5.large")],
    },
]

ENDPOINTS: list[dict[str, Any]] = [
    {
        "name": UNRELATED_ENDPOINT,
        "config": UNRELATED_CONFIG,
        "status": "InService",
        "failure_reason": None,
        "created": ts("2026-10-20T11:05:00Z"),
        "last_modified": ts("2026-10-20T11:12:30Z"),
        "deployed": ts("2026-10-20T11:05:04Z"),
    },
    {
        "name": CANARY_ENDPOINT,
        "config": CANARY_CONFIG,
        "status": "InService",
        "failure_reason": None,
        "created": ts("2026-11-10T09:05:00Z"),
        "last_modified": ts("2026-11-10T09:13:40Z"),
        "deployed": ts("2026-11-10T09:05:04Z"),
    },
    {
        # Created 2026-11-12 with an earlier config (churn-prod-config-1, deleted
        # since, like the model it served); UpdateEndpoint to churn-prod-config-2 on
        # 2026-11-26 at 10:10, InService again at 10:18:45.
        "name": PROD_ENDPOINT,
        "config": PROD_CONFIG,
        "status": "InService",
        "failure_reason": None,
        "created": ts("2026-11-12T14:00:00Z"),
        "last_modified": ts("2026-11-26T10:18:45Z"),
        "deployed": ts("2026-11-26T10:10:04Z"),
    },
    {
        "name": DEBUG_ENDPOINT,
        "config": DEBUG_CONFIG,
        "status": "Failed",
        "failure_reason": DEBUG_FAILURE,
        "created": ts("2026-11-27T14:05:00Z"),
        "last_modified": ts("2026-11-27T14:21:30Z"),
        "deployed": None,
    },
]
