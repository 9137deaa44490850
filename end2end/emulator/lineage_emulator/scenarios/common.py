"""Shared helpers and constants of the scenarios.

Account, region and ARNs, container images, the small pure helpers every
scenario builds its data with (``ts``, ``at``, ``get``, ``processing_args``,
``training_args``, ``step_entry``, ``_job``, ...), and the demo's S3 buckets
and objects (``BUCKETS``, ``OBJECTS``), which all its pipelines share.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/SageMakerPipelineExecutionRole"
KMS_KEY_ARN = (
    f"arn:aws:kms:{REGION}:{ACCOUNT_ID}:key/1111aaaa-2222-3333-4444-555566667777"
)
RESTRICTED_BUCKET = "lineage-restricted"

SKLEARN_IMAGE = (
    "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
)
XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
MODEL_MONITOR_IMAGE = (
    "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
)


# ---------------------------------------------------------------------------
# small helpers (pure functions, no AWS)
# ---------------------------------------------------------------------------


def ts(iso: str) -> datetime:
    """'2026-11-25T08:00:00Z' -> aware UTC datetime."""
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(timezone.utc)


def at(iso: str, seconds: int) -> str:
    """ISO time ``seconds`` after ``iso`` (same 'Z' format)."""
    return (ts(iso) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def sm_arn(kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT_ID}:{kind}/{name}"


def pipeline_arn(pipeline: str) -> str:
    return sm_arn("pipeline", pipeline)


def execution_arn(pipeline: str, execution_id: str) -> str:
    return sm_arn("pipeline", f"{pipeline}/execution/{execution_id}")


def get(path: str) -> dict[str, str]:
    """A pipeline property/parameter reference: {"Get": "Steps.X..."}."""
    return {"Get": path}


def processing_output_ref(step: str, output: str) -> dict[str, str]:
    return get(f"Steps.{step}.ProcessingOutputConfig.Outputs['{output}'].S3Output.S3Uri")


def _processing_input(name: str, uri: Any, local_path: str) -> dict[str, Any]:
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": local_path,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
            "S3CompressionType": "None",
        },
    }


def _processing_output(name: str, uri: Any, local_path: str) -> dict[str, Any]:
    return {
        "OutputName": name,
        "AppManaged": False,
        "S3Output": {"S3Uri": uri, "LocalPath": local_path, "S3UploadMode": "EndOfJob"},
    }


def processing_args(
    inputs: list[tuple[str, Any, str]],
    outputs: list[tuple[str, Any, str]],
    script: str,
    image: str = SKLEARN_IMAGE,
    instance_type: str = "ml.m5.xlarge",
    environment: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Arguments of a Processing step, i.e. a CreateProcessingJob request."""
    args: dict[str, Any] = {
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceType": instance_type,
                "InstanceCount": 1,
                "VolumeSizeInGB": 30,
            }
        },
        "AppSpecification": {"ImageUri": image},
        "RoleArn": ROLE_ARN,
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }
    if script:
        args["AppSpecification"]["ContainerEntrypoint"] = [
            "python3",
            f"/opt/ml/processing/code/{script}",
        ]
    if environment:
        args["Environment"] = environment
    if inputs:
        args["ProcessingInputs"] = [_processing_input(*i) for i in inputs]
    args["ProcessingOutputConfig"] = {"Outputs": [_processing_output(*o) for o in outputs]}
    return args


def _channel(name: str, uri: Any) -> dict[str, Any]:
    return {
        "ChannelName": name,
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": uri,
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "ContentType": "text/csv",
    }


def training_args(
    channels: list[tuple[str, Any]], output_path: str, hyper_parameters: dict[str, str]
) -> dict[str, Any]:
    """Arguments of a Training step, i.e. a CreateTrainingJob request."""
    return {
        "AlgorithmSpecification": {
            "TrainingImage": XGBOOST_IMAGE,
            "TrainingInputMode": "File",
        },
        "OutputDataConfig": {"S3OutputPath": output_path},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "ResourceConfig": {
            "VolumeSizeInGB": 30,
            "InstanceCount": 1,
            "InstanceType": "ml.m5.xlarge",
        },
        "RoleArn": ROLE_ARN,
        "InputDataConfig": [_channel(n, u) for n, u in channels],
        "HyperParameters": hyper_parameters,
    }


def step_entry(
    name: str,
    status: str,
    start: str,
    end: str | None = None,
    metadata: dict[str, Any] | None = None,
    failure_reason: str | None = None,
    cache_hit_from: str | None = None,
    display_name: str | None = None,
    attempt_count: int = 1,
) -> dict[str, Any]:
    """One ListPipelineExecutionSteps item (PipelineExecutionStep)."""
    entry: dict[str, Any] = {"StepName": name}
    if display_name:
        entry["StepDisplayName"] = display_name
    entry["StartTime"] = ts(start)
    if end:
        entry["EndTime"] = ts(end)
    entry["StepStatus"] = status
    if failure_reason:
        entry["FailureReason"] = failure_reason
    if cache_hit_from:
        entry["CacheHitResult"] = {"SourcePipelineExecutionArn": cache_hit_from}
    entry["AttemptCount"] = attempt_count
    entry["Metadata"] = metadata or {}
    return entry



# One job of a pipeline module's *_JOBS lists: its request and its Describe*Job state.
def _job(
    name: str,
    args: dict[str, Any],
    status: str,
    created: str,
    started: str | None,
    ended: str | None,
    failure_reason: str | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "args": args,
        "status": status,
        "created": ts(created),
        "started": ts(started) if started else None,
        "ended": ts(ended) if ended else None,
        "failure_reason": failure_reason,
    }


# ---------------------------------------------------------------------------
# S3
# ---------------------------------------------------------------------------

PAB_ALL = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}

BUCKETS: list[dict[str, Any]] = [
    {
        "name": "lineage-raw-data",
        "region": "us-east-1",
        "encryption": {
            "SSEAlgorithm": "aws:kms",
            "KMSMasterKeyID": KMS_KEY_ARN,
            "BucketKeyEnabled": True,
        },
        "versioning": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "ml-platform", "data-class": "confidential"},
    },
    {
        "name": "lineage-features",
        "region": "us-east-1",
        "encryption": {"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        "versioning": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "ml-platform"},
    },
    {
        # SSE-KMS with the AWS managed key (aws/s3): no KMSMasterKeyID.
        "name": "lineage-models",
        "region": "us-east-1",
        "encryption": {"SSEAlgorithm": "aws:kms", "BucketKeyEnabled": False},
        "versioning": "Suspended",  # enabled first, then suspended
        "public_access_block": {
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
        "tags": {},
    },
    {
        "name": "lineage-scratch",
        "region": "eu-west-1",
        "encryption": None,
        "versioning": None,  # never enabled
        "public_access_block": None,
        "tags": {},
    },
    {
        # Named in model-gate's definition nowhere: only the QualityCheck step's
        # metadata (and what RegisterGatedModel resolves from it) point here.
        "name": "lineage-monitoring",
        "region": "us-east-1",
        "encryption": {"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        "versioning": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "ml-monitoring"},
    },
    {
        # Exists, but every GET/HEAD on it answers 403 AccessDenied
        # (emulated bucket policy denying the caller).
        "name": RESTRICTED_BUCKET,
        "region": "us-east-1",
        "encryption": {"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        "versioning": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "fraud"},
        "restricted": True,
    },
]

EVALUATION_REPORT = {
    "regression_metrics": {
        "mse": {"value": 4.21, "standard_deviation": 0.35},
        "r2": {"value": 0.871},
    }
}

# SageMaker Model Monitor's model-quality statistics (the part a reader uses).
GATE_STATISTICS_REPORT = {
    "binary_classification_metrics": {
        "accuracy": {"value": 0.912, "standard_deviation": 0.004},
        "auc": {"value": 0.955},
    }
}

OBJECTS: list[dict[str, Any]] = [
    {
        "bucket": "lineage-models",
        "key": "churn/evaluation/evaluation.json",
        "body": json.dumps(EVALUATION_REPORT),
        "content_type": "application/json",
    },
    {
        "bucket": "lineage-monitoring",
        "key": "model-gate/exec-gate-0001/statistics.json",
        "body": json.dumps(GATE_STATISTICS_REPORT),
        "content_type": "application/json",
    },
]
