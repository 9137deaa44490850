"""Shared helpers and constants of the scenarios.

Account, region and ARNs, container images, the small pure helpers every
scenario builds its data with (``ts``, ``at``, ``get``, ``processing_args``,
``training_args``, ``step_entry``, ``_job``, ...), and the demo's S3 buckets
and objects (``BUCKETS``, ``OBJECTS``), which all its pipelines share; the
data-security posture data: KMS keys with fixed ids (``KMS_KEYS``), the
account-level public access block (``ACCOUNT_PUBLIC_ACCESS_BLOCK``) and the
posture buckets (``POSTURE_BUCKETS``, part of ``BUCKETS``).
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

# Customer managed KMS keys with fixed ids (seeded by seed.seed_kms), and the
# AWS managed key behind alias/aws/s3.
KMS_KEY_ID = "1111aaaa-2222-3333-4444-555566667777"  # lineage-raw-data's key
LOCKED_KEY_ID = "2222bbbb-3333-4444-5555-666677778888"
ROTATION_OFF_KEY_ID = "3333cccc-4444-5555-6666-777788889999"
DISABLED_KEY_ID = "4444dddd-5555-6666-7777-88889999aaaa"
AWS_S3_KEY_ID = "8c3faf07-f43c-4d11-abdb-9183079214c7"  # moto's ListAliases target of alias/aws/s3
FOREIGN_ACCOUNT_ID = "999999999999"
FOREIGN_KEY_ID = "9999eeee-0000-1111-2222-333344445555"


def kms_key_arn(key_id: str, account_id: str = ACCOUNT_ID, region: str = REGION) -> str:
    return f"arn:aws:kms:{region}:{account_id}:key/{key_id}"


LOCKED_KEY_ARN = kms_key_arn(LOCKED_KEY_ID)
ROTATION_OFF_KEY_ARN = kms_key_arn(ROTATION_OFF_KEY_ID)
DISABLED_KEY_ARN = kms_key_arn(DISABLED_KEY_ID)
AWS_S3_KEY_ARN = kms_key_arn(AWS_S3_KEY_ID)
# A key of another account: it does not exist in the emulator's KMS.
FOREIGN_KEY_ARN = kms_key_arn(FOREIGN_KEY_ID, FOREIGN_ACCOUNT_ID)

# The SageMaker Python SDK's default bucket name for this account and region.
SAGEMAKER_DEFAULT_BUCKET = f"sagemaker-{REGION}-{ACCOUNT_ID}"
# Who "owns" it in the demo: another account (bucket sniping), so a request with
# x-amz-expected-bucket-owner: 123456789012 answers 403 AccessDenied.
DEFAULT_BUCKET_OWNER = "444455556666"

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

PAB_NONE = {
    "BlockPublicAcls": False,
    "IgnorePublicAcls": False,
    "BlockPublicPolicy": False,
    "RestrictPublicBuckets": False,
}

# Account-level S3 Block Public Access (S3 Control GetPublicAccessBlock for the
# account): new public ACLs and policies are refused, but the public grants made
# before (lineage-public-acl, lineage-public-policy) stay in effect, since neither
# IgnorePublicAcls nor RestrictPublicBuckets is set.
ACCOUNT_PUBLIC_ACCESS_BLOCK = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": False,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": False,
}

KMS_KEYS: list[dict[str, Any]] = [
    {
        "id": KMS_KEY_ID,
        "description": "lineage-raw-data default encryption",
        "created": ts("2026-09-01T10:00:00Z"),
        "rotation": True,
        "enabled": True,
    },
    {
        "id": LOCKED_KEY_ID,
        "description": "lineage-locked data and the data-posture jobs' volumes and outputs",
        "created": ts("2026-09-01T10:05:00Z"),
        "rotation": True,
        "enabled": True,
    },
    {
        "id": ROTATION_OFF_KEY_ID,
        "description": "lineage-rotation-off default encryption (automatic rotation off)",
        "created": ts("2026-09-01T10:10:00Z"),
        "rotation": False,
        "enabled": True,
    },
    {
        # Rotation was enabled before the key was disabled; DisableKey does not
        # change the rotation status (GetKeyRotationStatus still says true).
        "id": DISABLED_KEY_ID,
        "description": "lineage-disabled-key default encryption (key disabled)",
        "created": ts("2026-09-01T10:15:00Z"),
        "rotation": True,
        "enabled": False,
    },
    {
        # The AWS managed key SSE-KMS uses without a KMSMasterKeyID (lineage-models).
        "id": AWS_S3_KEY_ID,
        "description": "Default key that protects my S3 objects when no other key is defined",
        "created": ts("2026-01-05T08:00:00Z"),
        "rotation": True,
        "enabled": True,
        "manager": "AWS",
        "alias": "alias/aws/s3",
    },
]


def _tls_only(bucket: str) -> dict[str, Any]:
    """The statement that refuses plain-HTTP requests (aws:SecureTransport false)."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def _policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


LIFECYCLE_RULES: list[dict[str, Any]] = [
    {
        "ID": "expire-noncurrent-versions",
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
    }
]

LOGS_BUCKET = "lineage-logs"


def _hardened(name: str, key_arn: str = LOCKED_KEY_ARN, **overrides: Any) -> dict[str, Any]:
    """A bucket with every protection on (lineage-locked's configuration):
    SSE-KMS with ``key_arn`` and a bucket key, versioning with MFA delete, full
    public access block, ACLs disabled, a TLS-only policy that grants nothing
    outside the account, access logging to lineage-logs, object lock with a
    default retention, a lifecycle rule.  ``overrides`` replace single fields."""
    bucket: dict[str, Any] = {
        "name": name,
        "region": "us-east-1",
        "encryption": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn, "BucketKeyEnabled": True},
        "versioning": "Enabled",
        "mfa_delete": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "data-posture"},
        "ownership": "BucketOwnerEnforced",
        "policy": _policy(
            _tls_only(name),
            {
                "Sid": "PipelineRoleReadWrite",
                "Effect": "Allow",
                "Principal": {"AWS": ROLE_ARN},
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": f"arn:aws:s3:::{name}/*",
            },
        ),
        "logging": {"TargetBucket": LOGS_BUCKET, "TargetPrefix": f"{name.removeprefix('lineage-')}/"},
        "object_lock": {"Mode": "GOVERNANCE", "Days": 30},
        "lifecycle": LIFECYCLE_RULES,
    }
    bucket.update(overrides)
    return bucket


# The data-posture pipeline's buckets: each differs from lineage-locked (no
# findings at all) in what it is named after, so each produces its own findings
# (SCENARIOS.md, "Data security posture").  New fields, absent from the older
# buckets (which therefore have none of these settings):
#   policy       -- bucket policy document (PutBucketPolicy)
#   acl          -- canned ACL (PutBucketAcl), after the ownership controls
#   ownership    -- ObjectOwnership of the ownership controls
#   mfa_delete   -- "Enabled": versioning with MFADelete (x-amz-mfa sent)
#   logging      -- server access logging {TargetBucket, TargetPrefix}
#   object_lock  -- object lock enabled at creation + default retention {Mode, Days}
#   lifecycle    -- lifecycle rules (PutBucketLifecycleConfiguration)
#   owner_account -- the account that owns the bucket (default: ours); a request
#                   whose x-amz-expected-bucket-owner names another answers 403
POSTURE_BUCKETS: list[dict[str, Any]] = [
    _hardened("lineage-locked"),
    _hardened(
        "lineage-public-policy",
        encryption={"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        public_access_block=dict(PAB_NONE),
        policy=_policy(
            _tls_only("lineage-public-policy"),
            {
                "Sid": "PublicRead",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::lineage-public-policy/*",
            },
        ),
    ),
    _hardened(
        "lineage-public-acl",
        public_access_block=dict(PAB_NONE),
        ownership="ObjectWriter",
        acl="public-read",
    ),
    _hardened("lineage-no-tls", policy=None),
    _hardened(
        "lineage-cross-account",
        policy=_policy(
            _tls_only("lineage-cross-account"),
            {
                "Sid": "PartnerRead",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{FOREIGN_ACCOUNT_ID}:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::lineage-cross-account/*",
            },
        ),
    ),
    _hardened("lineage-disabled-key", key_arn=DISABLED_KEY_ARN),
    _hardened("lineage-rotation-off", key_arn=ROTATION_OFF_KEY_ARN),
    _hardened("lineage-foreign-key", key_arn=FOREIGN_KEY_ARN),
    # The access-log target: server access logging delivers only to SSE-S3
    # buckets without a default object-lock retention, and a log bucket does not
    # log itself.  Named by no pipeline.
    _hardened(
        LOGS_BUCKET,
        encryption={"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        tags={"team": "data-posture", "purpose": "access-logs"},
        policy=_policy(
            _tls_only(LOGS_BUCKET),
            {
                "Sid": "S3ServerAccessLogsPolicy",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{LOGS_BUCKET}/*",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}},
            },
        ),
        logging=None,
        object_lock=None,
    ),
    # The SageMaker SDK's default bucket name, created by another account first:
    # readable (its policy lets us), but x-amz-expected-bucket-owner: 123456789012
    # answers 403 AccessDenied.
    {
        "name": SAGEMAKER_DEFAULT_BUCKET,
        "region": "us-east-1",
        "encryption": {"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        "versioning": None,
        "public_access_block": dict(PAB_ALL),
        "tags": {},
        "owner_account": DEFAULT_BUCKET_OWNER,
    },
]

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
    *POSTURE_BUCKETS,
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

# churn-weekly's evaluation reports (Evaluate's PropertyFile EvaluationReport), one
# per execution at s3://lineage-models/churn-weekly/evaluation/<execution id>/evaluation.json.
WEEKLY_EVALUATION_REPORTS: dict[str, dict[str, Any]] = {
    "exec-weekly-0001": {
        "binary_classification_metrics": {"auc": {"value": 0.861}, "accuracy": {"value": 0.903}}
    },
    "exec-weekly-0002": {
        "binary_classification_metrics": {"auc": {"value": 0.742}, "accuracy": {"value": 0.861}}
    },
    "exec-weekly-0003": {
        "binary_classification_metrics": {"auc": {"value": 0.874}, "accuracy": {"value": 0.911}}
    },
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
    *(
        {
            "bucket": "lineage-models",
            "key": f"churn-weekly/evaluation/{execution_id}/evaluation.json",
            "body": json.dumps(report),
            "content_type": "application/json",
        }
        for execution_id, report in WEEKLY_EVALUATION_REPORTS.items()
    ),
]
