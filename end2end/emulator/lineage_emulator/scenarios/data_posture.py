"""Pipeline 9, ``data-posture``: jobs and buckets with every data-security finding.

Five steps (ReadPublic -> TrainLocked, ReadAcl, TrainLoose, UseDefault) over
the posture buckets of ``common.POSTURE_BUCKETS`` and the SageMaker default
bucket; one Succeeded execution ``exec-posture-0001``.  ReadPublic and
TrainLocked run with network isolation, inter-container traffic encryption, a
VPC and the locked KMS key on their volumes and outputs (no job findings);
ReadAcl, TrainLoose and UseDefault with none of these (every job finding).
"""

from __future__ import annotations

import copy
from typing import Any

from .common import (
    LOCKED_KEY_ARN,
    SAGEMAKER_DEFAULT_BUCKET,
    _job,
    execution_arn,
    get,
    processing_args,
    processing_output_ref,
    sm_arn,
    step_entry,
    training_args,
    ts,
)


# ---------------------------------------------------------------------------
# Pipeline 9: data-posture
# ---------------------------------------------------------------------------

POSTURE = "data-posture"
POSTURE_EXEC = "exec-posture-0001"
POSTURE_EXEC_ARN = execution_arn(POSTURE, POSTURE_EXEC)

POSTURE_READ_PUBLIC_JOB = "pipelines-exec-posture-0001-readpublic-a1s2d3f4g5"
POSTURE_READ_ACL_JOB = "pipelines-exec-posture-0001-readacl-h6j7k8l9z0"
POSTURE_TRAIN_LOCKED_JOB = "pipelines-exec-posture-0001-trainlocked-x1c2v3b4n5"
POSTURE_TRAIN_LOOSE_JOB = "pipelines-exec-posture-0001-trainloose-m6q7w8e9r0"
POSTURE_USE_DEFAULT_JOB = "pipelines-exec-posture-0001-usedefault-t1y2u3i4o5"

POSTURE_PUBLIC_INPUT = "s3://lineage-public-policy/raw/"
POSTURE_CURATED = "s3://lineage-locked/curated/"
POSTURE_ACL_INPUT = "s3://lineage-public-acl/raw/"
POSTURE_NO_TLS_OUTPUT = "s3://lineage-no-tls/out/"
POSTURE_FOREIGN_KEY_OUTPUT = "s3://lineage-foreign-key/out/"
POSTURE_LOCKED_MODELS = "s3://lineage-locked/models/"
POSTURE_SHARED_INPUT = "s3://lineage-cross-account/shared/"
POSTURE_LOOSE_MODELS = "s3://lineage-disabled-key/models/"
POSTURE_CODE = f"s3://{SAGEMAKER_DEFAULT_BUCKET}/data-posture/code/"
POSTURE_ROTATION_OFF_OUTPUT = "s3://lineage-rotation-off/out/"

POSTURE_LOCKED_MODEL_ARTIFACT = (
    f"{POSTURE_LOCKED_MODELS}{POSTURE_TRAIN_LOCKED_JOB}/output/model.tar.gz"
)
POSTURE_LOOSE_MODEL_ARTIFACT = f"{POSTURE_LOOSE_MODELS}{POSTURE_TRAIN_LOOSE_JOB}/output/model.tar.gz"

# Fake but well-formed network ids.
POSTURE_VPC_CONFIG: dict[str, Any] = {
    "SecurityGroupIds": ["sg-0a1b2c3d4e5f60718"],
    "Subnets": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
}

POSTURE_HYPER_PARAMETERS = {"objective": "binary:logistic", "num_round": "50", "max_depth": "4"}


def _locked_processing(args: dict[str, Any]) -> dict[str, Any]:
    """A processing job with isolation, encryption in transit, a VPC and the locked key."""
    args["NetworkConfig"] = {
        "EnableInterContainerTrafficEncryption": True,
        "EnableNetworkIsolation": True,
        "VpcConfig": copy.deepcopy(POSTURE_VPC_CONFIG),
    }
    args["ProcessingResources"]["ClusterConfig"]["VolumeKmsKeyId"] = LOCKED_KEY_ARN
    args["ProcessingOutputConfig"]["KmsKeyId"] = LOCKED_KEY_ARN
    return args


def posture_read_public_args() -> dict[str, Any]:
    return _locked_processing(
        processing_args(
            inputs=[("raw", POSTURE_PUBLIC_INPUT, "/opt/ml/processing/input")],
            outputs=[("curated", POSTURE_CURATED, "/opt/ml/processing/curated")],
            script="curate.py",
        )
    )


def posture_read_acl_args() -> dict[str, Any]:
    return processing_args(
        inputs=[("raw", POSTURE_ACL_INPUT, "/opt/ml/processing/input")],
        outputs=[
            ("clear", POSTURE_NO_TLS_OUTPUT, "/opt/ml/processing/clear"),
            ("partner", POSTURE_FOREIGN_KEY_OUTPUT, "/opt/ml/processing/partner"),
        ],
        script="split.py",
    )


def posture_use_default_args() -> dict[str, Any]:
    return processing_args(
        inputs=[("code", POSTURE_CODE, "/opt/ml/processing/input/code")],
        outputs=[("out", POSTURE_ROTATION_OFF_OUTPUT, "/opt/ml/processing/out")],
        script="default_bucket.py",
    )


def posture_train_locked_args(train: Any) -> dict[str, Any]:
    args = training_args(
        channels=[("train", train)],
        output_path=POSTURE_LOCKED_MODELS,
        hyper_parameters=dict(POSTURE_HYPER_PARAMETERS),
    )
    args["ResourceConfig"]["InstanceCount"] = 2
    args["ResourceConfig"]["VolumeKmsKeyId"] = LOCKED_KEY_ARN
    args["OutputDataConfig"]["KmsKeyId"] = LOCKED_KEY_ARN
    args["VpcConfig"] = copy.deepcopy(POSTURE_VPC_CONFIG)
    args["EnableNetworkIsolation"] = True
    args["EnableInterContainerTrafficEncryption"] = True
    return args


def posture_train_loose_args() -> dict[str, Any]:
    args = training_args(
        channels=[("train", POSTURE_SHARED_INPUT)],
        output_path=POSTURE_LOOSE_MODELS,
        hyper_parameters=dict(POSTURE_HYPER_PARAMETERS),
    )
    args["ResourceConfig"]["InstanceCount"] = 2
    return args


POSTURE_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [],
    "PipelineExperimentConfig": {
        "ExperimentName": get("Execution.PipelineName"),
        "TrialName": get("Execution.PipelineExecutionId"),
    },
    "Steps": [
        {"Name": "ReadPublic", "Type": "Processing", "Arguments": posture_read_public_args()},
        {"Name": "ReadAcl", "Type": "Processing", "Arguments": posture_read_acl_args()},
        {
            "Name": "TrainLocked",
            "Type": "Training",
            "Arguments": posture_train_locked_args(processing_output_ref("ReadPublic", "curated")),
        },
        {"Name": "TrainLoose", "Type": "Training", "Arguments": posture_train_loose_args()},
        {"Name": "UseDefault", "Type": "Processing", "Arguments": posture_use_default_args()},
    ],
}

POSTURE_PIPELINE: dict[str, Any] = {
    "name": POSTURE,
    "display_name": POSTURE,
    "description": "Data-security posture: public, cross-account, unencrypted and locked-down data and jobs",
    "tags": [{"Key": "team", "Value": "data-posture"}],
    # The oldest pipeline: ListPipelines (newest first) lists it last.
    "created": ts("2026-10-01T08:00:00Z"),
    "last_modified": ts("2026-10-01T08:00:00Z"),
    "definition": POSTURE_DEFINITION,
    "executions": [
        {
            "id": POSTURE_EXEC,
            "arn": POSTURE_EXEC_ARN,
            "display_name": POSTURE_EXEC,
            "status": "Succeeded",
            "failure_reason": None,
            "start": ts("2026-11-24T15:00:00Z"),
            "last_modified": ts("2026-11-24T15:21:55Z"),
            "parameters": [],
            "steps": [
                step_entry(
                    "TrainLocked",
                    "Succeeded",
                    "2026-11-24T15:08:35Z",
                    "2026-11-24T15:21:50Z",
                    metadata={"TrainingJob": {"Arn": sm_arn("training-job", POSTURE_TRAIN_LOCKED_JOB)}},
                ),
                step_entry(
                    "TrainLoose",
                    "Succeeded",
                    "2026-11-24T15:00:06Z",
                    "2026-11-24T15:14:20Z",
                    metadata={"TrainingJob": {"Arn": sm_arn("training-job", POSTURE_TRAIN_LOOSE_JOB)}},
                ),
                step_entry(
                    "ReadPublic",
                    "Succeeded",
                    "2026-11-24T15:00:05Z",
                    "2026-11-24T15:08:30Z",
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", POSTURE_READ_PUBLIC_JOB)}},
                ),
                step_entry(
                    "ReadAcl",
                    "Succeeded",
                    "2026-11-24T15:00:04Z",
                    "2026-11-24T15:06:10Z",
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", POSTURE_READ_ACL_JOB)}},
                ),
                step_entry(
                    "UseDefault",
                    "Succeeded",
                    "2026-11-24T15:00:03Z",
                    "2026-11-24T15:04:40Z",
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", POSTURE_USE_DEFAULT_JOB)}},
                ),
            ],
        }
    ],
}


# ---------------------------------------------------------------------------
# Jobs (Describe* state)
# ---------------------------------------------------------------------------

POSTURE_PROCESSING_JOBS: list[dict[str, Any]] = [
    _job(
        POSTURE_READ_PUBLIC_JOB,
        posture_read_public_args(),
        "Completed",
        "2026-11-24T15:00:06Z",
        "2026-11-24T15:02:20Z",
        "2026-11-24T15:08:21Z",
    ),
    _job(
        POSTURE_READ_ACL_JOB,
        posture_read_acl_args(),
        "Completed",
        "2026-11-24T15:00:05Z",
        "2026-11-24T15:01:50Z",
        "2026-11-24T15:06:02Z",
    ),
    _job(
        POSTURE_USE_DEFAULT_JOB,
        posture_use_default_args(),
        "Completed",
        "2026-11-24T15:00:04Z",
        "2026-11-24T15:01:30Z",
        "2026-11-24T15:04:31Z",
    ),
]

POSTURE_TRAINING_JOBS: list[dict[str, Any]] = [
    dict(
        _job(
            POSTURE_TRAIN_LOCKED_JOB,
            posture_train_locked_args(POSTURE_CURATED),
            "Completed",
            "2026-11-24T15:08:36Z",
            "2026-11-24T15:11:00Z",
            "2026-11-24T15:21:41Z",
        ),
        secondary_status="Completed",
        final_metrics=[{"MetricName": "train:loss", "Value": 0.241}],
    ),
    dict(
        _job(
            POSTURE_TRAIN_LOOSE_JOB,
            posture_train_loose_args(),
            "Completed",
            "2026-11-24T15:00:07Z",
            "2026-11-24T15:02:40Z",
            "2026-11-24T15:14:11Z",
        ),
        secondary_status="Completed",
        final_metrics=[{"MetricName": "train:loss", "Value": 0.263}],
    ),
]
