"""The demo scenario (``--scenario demo``, the default), assembled in one place.

``DEMO`` is the demo's S3 buckets and objects, KMS keys and account-level
public access block (``common``), the ten pipeline modules' pipelines,
jobs, models and model packages, each kind listed pipeline by pipeline in the
order of ``DEMO["pipelines"]``, and the region's deployments (``deployments``:
endpoints, endpoint configs and the models they serve).
"""

from __future__ import annotations

from typing import Any

from .churn_weekly import (
    WEEKLY_MODEL_PACKAGES,
    WEEKLY_MODEL_PACKAGE_GROUPS,
    WEEKLY_PIPELINE,
    WEEKLY_PROCESSING_JOBS,
    WEEKLY_TRAINING_JOBS,
)
from .common import ACCOUNT_PUBLIC_ACCESS_BLOCK, BUCKETS, KMS_KEYS, OBJECTS
from .customer_churn import (
    CHURN_MODELS,
    CHURN_MODEL_PACKAGES,
    CHURN_MODEL_PACKAGE_GROUPS,
    CHURN_PIPELINE,
    CHURN_PROCESSING_JOBS,
    CHURN_TRAINING_JOBS,
    CHURN_TRANSFORM_JOBS,
)
from .deployments import DEPLOYMENT_MODELS, ENDPOINT_CONFIGS, ENDPOINTS
from .data_posture import POSTURE_PIPELINE, POSTURE_PROCESSING_JOBS, POSTURE_TRAINING_JOBS
from .fraud_detection_nightly import FRAUD_PIPELINE, FRAUD_PROCESSING_JOBS, FRAUD_TUNING_JOBS
from .id_clash import CLASH_PIPELINE, CLASH_PROCESSING_JOBS, CLASH_TRAINING_JOBS
from .large_pipeline import LARGE_PIPELINE
from .model_gate import (
    GATE_MODEL_PACKAGES,
    GATE_MODEL_PACKAGE_GROUPS,
    GATE_PIPELINE,
    GATE_PROCESSING_JOBS,
)
from .never_run import NEVER_PIPELINE
from .quality_gate import QG_PIPELINE, QG_PROCESSING_JOBS
from .wide_pipeline import WIDE_PIPELINE, WIDE_PROCESSING_JOBS

# ---------------------------------------------------------------------------
# Jobs, models and model packages (Describe* state)
# ---------------------------------------------------------------------------

PROCESSING_JOBS: list[dict[str, Any]] = [
    *CHURN_PROCESSING_JOBS,
    *FRAUD_PROCESSING_JOBS,
    *QG_PROCESSING_JOBS,
    *WIDE_PROCESSING_JOBS,
    *CLASH_PROCESSING_JOBS,
    *GATE_PROCESSING_JOBS,
    *POSTURE_PROCESSING_JOBS,
    *WEEKLY_PROCESSING_JOBS,
]

TRAINING_JOBS: list[dict[str, Any]] = [
    *CHURN_TRAINING_JOBS,
    *CLASH_TRAINING_JOBS,
    *POSTURE_TRAINING_JOBS,
    *WEEKLY_TRAINING_JOBS,
]

MODELS: list[dict[str, Any]] = [*CHURN_MODELS]

TRANSFORM_JOBS: list[dict[str, Any]] = [*CHURN_TRANSFORM_JOBS]

TUNING_JOBS: list[dict[str, Any]] = [*FRAUD_TUNING_JOBS]

MODEL_PACKAGE_GROUPS: list[dict[str, Any]] = [
    *CHURN_MODEL_PACKAGE_GROUPS,
    *GATE_MODEL_PACKAGE_GROUPS,
    *WEEKLY_MODEL_PACKAGE_GROUPS,
]

MODEL_PACKAGES: list[dict[str, Any]] = [
    *CHURN_MODEL_PACKAGES,
    *GATE_MODEL_PACKAGES,
    *WEEKLY_MODEL_PACKAGES,
]


# ---------------------------------------------------------------------------
# The demo scenario
# ---------------------------------------------------------------------------

DEMO: dict[str, Any] = {
    "buckets": BUCKETS,
    "objects": OBJECTS,
    "kms_keys": KMS_KEYS,
    "account_public_access_block": ACCOUNT_PUBLIC_ACCESS_BLOCK,
    "pipelines": [
        CHURN_PIPELINE,
        FRAUD_PIPELINE,
        QG_PIPELINE,
        WIDE_PIPELINE,
        NEVER_PIPELINE,
        LARGE_PIPELINE,
        CLASH_PIPELINE,
        GATE_PIPELINE,
        POSTURE_PIPELINE,
        WEEKLY_PIPELINE,
    ],
    "processing_jobs": PROCESSING_JOBS,
    "training_jobs": TRAINING_JOBS,
    "models": MODELS,
    "transform_jobs": TRANSFORM_JOBS,
    "tuning_jobs": TUNING_JOBS,
    "model_package_groups": MODEL_PACKAGE_GROUPS,
    "model_packages": MODEL_PACKAGES,
    # Deployments (seeded after the model packages they reference).
    "deployment_models": DEPLOYMENT_MODELS,
    "endpoint_configs": ENDPOINT_CONFIGS,
    "endpoints": ENDPOINTS,
}
