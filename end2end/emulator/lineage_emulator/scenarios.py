"""Scenario data for the AWS emulator.

Everything the Rust end-to-end tests assert on lives here, as plain data
(dicts, lists, strings, datetimes).  ``seed.py`` turns it into emulator state;
``SCENARIOS.md`` (next to this package) describes it for humans; and
``check_emulator.py`` checks the running emulator against it.

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
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
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


# ---------------------------------------------------------------------------
# Pipeline 1: customer-churn
# ---------------------------------------------------------------------------

CHURN = "customer-churn"
CHURN_INPUT_DATA = "s3://lineage-raw-data/churn/raw/"
CHURN_MSE_THRESHOLD = 6.0
CHURN_EXEC_1 = "exec-churn-0001"
CHURN_EXEC_2 = "exec-churn-0002"
CHURN_EXEC_1_ARN = execution_arn(CHURN, CHURN_EXEC_1)
CHURN_EXEC_2_ARN = execution_arn(CHURN, CHURN_EXEC_2)

CHURN_PREPROCESS_JOB_1 = "pipelines-exec-churn-0001-preprocess-9x2k4m7q1w"
CHURN_TRAIN_JOB_1 = "pipelines-exec-churn-0001-train-f4i1ed0b7x"
CHURN_TRAIN_JOB_2 = "pipelines-exec-churn-0002-train-k7m2q9x4lp"
CHURN_EVALUATE_JOB_2 = "pipelines-exec-churn-0002-evaluate-r3v8n1c6ty"
CHURN_MODEL_2 = "pipelines-exec-churn-0002-createchurnmodel-h5j2w8"
CHURN_TRANSFORM_JOB_2 = "pipelines-exec-churn-0002-batchscore-p0o9i8u7yt"
CHURN_MODEL_PACKAGE_GROUP = "churn-models"
CHURN_MODEL_PACKAGE_ARN = sm_arn("model-package", "churn-models/1")

CHURN_TRAIN_FAILURE = (
    "AlgorithmError: ClientError: Data contains NaN in column 'tenure', exit code 1"
)
CHURN_MODEL_ARTIFACT_2 = (
    f"s3://lineage-models/churn/model/{CHURN_TRAIN_JOB_2}/output/model.tar.gz"
)
CHURN_MODEL_ARTIFACT_1 = (
    f"s3://lineage-models/churn/model/{CHURN_TRAIN_JOB_1}/output/model.tar.gz"
)
CHURN_EVALUATION_URI = "s3://lineage-models/churn/evaluation/evaluation.json"

CHURN_HYPER_PARAMETERS = {
    "objective": "binary:logistic",
    "eval_metric": "auc",
    "num_round": "100",
    "max_depth": "5",
    "eta": "0.2",
}


def churn_preprocess_args(raw: Any) -> dict[str, Any]:
    return processing_args(
        inputs=[("raw", raw, "/opt/ml/processing/input")],
        outputs=[
            ("train", "s3://lineage-features/churn/train", "/opt/ml/processing/train"),
            (
                "validation",
                "s3://lineage-features/churn/validation",
                "/opt/ml/processing/validation",
            ),
            ("test", "s3://lineage-features/churn/test", "/opt/ml/processing/test"),
        ],
        script="preprocess.py",
    )


def churn_train_args(train: Any, validation: Any) -> dict[str, Any]:
    return training_args(
        channels=[("train", train), ("validation", validation)],
        output_path="s3://lineage-models/churn/model",
        hyper_parameters=dict(CHURN_HYPER_PARAMETERS),
    )


def churn_evaluate_args(model: Any, test: Any) -> dict[str, Any]:
    return processing_args(
        inputs=[
            ("model", model, "/opt/ml/processing/model"),
            ("test", test, "/opt/ml/processing/test"),
        ],
        outputs=[
            (
                "evaluation",
                "s3://lineage-models/churn/evaluation",
                "/opt/ml/processing/evaluation",
            )
        ],
        script="evaluate.py",
        image=XGBOOST_IMAGE,
    )


def churn_inference_spec(model_data: Any) -> dict[str, Any]:
    return {
        "Containers": [{"Image": XGBOOST_IMAGE, "ModelDataUrl": model_data}],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv"],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.t2.medium", "ml.m5.xlarge"],
        "SupportedTransformInstanceTypes": ["ml.m5.xlarge"],
    }


CHURN_MODEL_METRICS = {
    "ModelQuality": {
        "Statistics": {"ContentType": "application/json", "S3Uri": CHURN_EVALUATION_URI}
    }
}


def churn_transform_args(model_name: Any, data: Any) -> dict[str, Any]:
    return {
        "ModelName": model_name,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": data}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        "TransformOutput": {
            "S3OutputPath": "s3://lineage-scratch/churn/scores",
            "Accept": "text/csv",
            "AssembleWith": "Line",
        },
        "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge"},
    }


CHURN_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [
        {"Name": "InputData", "Type": "String", "DefaultValue": CHURN_INPUT_DATA},
        {"Name": "MseThreshold", "Type": "Float", "DefaultValue": CHURN_MSE_THRESHOLD},
    ],
    "PipelineExperimentConfig": {
        "ExperimentName": get("Execution.PipelineName"),
        "TrialName": get("Execution.PipelineExecutionId"),
    },
    "Steps": [
        {
            "Name": "Preprocess",
            "Type": "Processing",
            "DisplayName": "Preprocess churn data",
            "Arguments": churn_preprocess_args(get("Parameters.InputData")),
            "CacheConfig": {"Enabled": True, "ExpireAfter": "P30D"},
        },
        {
            "Name": "Train",
            "Type": "Training",
            "DisplayName": "Train XGBoost churn model",
            "Arguments": churn_train_args(
                processing_output_ref("Preprocess", "train"),
                processing_output_ref("Preprocess", "validation"),
            ),
        },
        {
            "Name": "Evaluate",
            "Type": "Processing",
            "Arguments": churn_evaluate_args(
                get("Steps.Train.ModelArtifacts.S3ModelArtifacts"),
                processing_output_ref("Preprocess", "test"),
            ),
            "PropertyFiles": [
                {
                    "PropertyFileName": "EvaluationReport",
                    "OutputName": "evaluation",
                    "FilePath": "evaluation.json",
                }
            ],
        },
        {
            "Name": "CheckMSE",
            "Type": "Condition",
            "Arguments": {
                "Conditions": [
                    {
                        "Type": "LessThanOrEqualTo",
                        "LeftValue": {
                            "Std:JsonGet": {
                                "PropertyFile": get(
                                    "Steps.Evaluate.PropertyFiles.EvaluationReport"
                                ),
                                "Path": "regression_metrics.mse.value",
                            }
                        },
                        "RightValue": get("Parameters.MseThreshold"),
                    }
                ],
                "IfSteps": [
                    {
                        "Name": "RegisterChurnModel",
                        "Type": "RegisterModel",
                        "Arguments": {
                            "ModelPackageGroupName": CHURN_MODEL_PACKAGE_GROUP,
                            "ModelMetrics": copy.deepcopy(CHURN_MODEL_METRICS),
                            "InferenceSpecification": churn_inference_spec(
                                get("Steps.Train.ModelArtifacts.S3ModelArtifacts")
                            ),
                            "ModelApprovalStatus": "PendingManualApproval",
                        },
                    },
                    {
                        "Name": "CreateChurnModel",
                        "Type": "Model",
                        "Arguments": {
                            "ExecutionRoleArn": ROLE_ARN,
                            "PrimaryContainer": {
                                "Image": XGBOOST_IMAGE,
                                "Environment": {},
                                "ModelDataUrl": get(
                                    "Steps.Train.ModelArtifacts.S3ModelArtifacts"
                                ),
                            },
                        },
                    },
                    {
                        "Name": "BatchScore",
                        "Type": "Transform",
                        "Arguments": churn_transform_args(
                            get("Steps.CreateChurnModel.ModelName"),
                            processing_output_ref("Preprocess", "test"),
                        ),
                    },
                ],
                "ElseSteps": [
                    {
                        "Name": "MseTooHigh",
                        "Type": "Fail",
                        "Arguments": {
                            "ErrorMessage": {
                                "Std:Join": {
                                    "On": " ",
                                    "Values": [
                                        "Execution failed due to MSE >",
                                        get("Parameters.MseThreshold"),
                                    ],
                                }
                            }
                        },
                    }
                ],
            },
        },
    ],
}

CHURN_PARAMETERS = [
    {"Name": "InputData", "Value": CHURN_INPUT_DATA},
    {"Name": "MseThreshold", "Value": "6.0"},
]

CHURN_PIPELINE: dict[str, Any] = {
    "name": CHURN,
    "display_name": CHURN,
    "description": "Customer churn: preprocess, train, evaluate, register and batch-score",
    "tags": [
        {"Key": "DomainName", "Value": "ml-platform"},
        {"Key": "DomainId", "Value": "d-abc123xyz"},
    ],
    "created": ts("2026-11-01T09:00:00Z"),
    "last_modified": ts("2026-11-18T16:30:00Z"),
    "definition": CHURN_DEFINITION,
    "executions": [
        {
            "id": CHURN_EXEC_1,
            "arn": CHURN_EXEC_1_ARN,
            "display_name": CHURN_EXEC_1,
            "status": "Failed",
            "failure_reason": "Step failure: One or multiple steps failed.",
            "start": ts("2026-11-20T08:00:00Z"),
            "last_modified": ts("2026-11-20T08:12:05Z"),
            "parameters": copy.deepcopy(CHURN_PARAMETERS),
            "steps": [
                step_entry(
                    "Train",
                    "Failed",
                    "2026-11-20T08:09:35Z",
                    "2026-11-20T08:12:02Z",
                    metadata={"TrainingJob": {"Arn": sm_arn("training-job", CHURN_TRAIN_JOB_1)}},
                    failure_reason=CHURN_TRAIN_FAILURE,
                    display_name="Train XGBoost churn model",
                ),
                step_entry(
                    "Preprocess",
                    "Succeeded",
                    "2026-11-20T08:00:05Z",
                    "2026-11-20T08:09:30Z",
                    metadata={
                        "ProcessingJob": {"Arn": sm_arn("processing-job", CHURN_PREPROCESS_JOB_1)}
                    },
                    display_name="Preprocess churn data",
                ),
            ],
        },
        {
            "id": CHURN_EXEC_2,
            "arn": CHURN_EXEC_2_ARN,
            "display_name": CHURN_EXEC_2,
            "status": "Succeeded",
            "failure_reason": None,
            "start": ts("2026-11-25T08:00:00Z"),
            "last_modified": ts("2026-11-25T08:44:55Z"),
            "parameters": copy.deepcopy(CHURN_PARAMETERS),
            "steps": [
                step_entry(
                    "BatchScore",
                    "Succeeded",
                    "2026-11-25T08:22:30Z",
                    "2026-11-25T08:44:50Z",
                    metadata={"TransformJob": {"Arn": sm_arn("transform-job", CHURN_TRANSFORM_JOB_2)}},
                ),
                step_entry(
                    "CreateChurnModel",
                    "Succeeded",
                    "2026-11-25T08:22:21Z",
                    "2026-11-25T08:22:25Z",
                    metadata={"Model": {"Arn": sm_arn("model", CHURN_MODEL_2)}},
                ),
                step_entry(
                    "RegisterChurnModel",
                    "Succeeded",
                    "2026-11-25T08:22:20Z",
                    "2026-11-25T08:22:24Z",
                    metadata={"RegisterModel": {"Arn": CHURN_MODEL_PACKAGE_ARN}},
                ),
                step_entry(
                    "CheckMSE",
                    "Succeeded",
                    "2026-11-25T08:22:15Z",
                    "2026-11-25T08:22:16Z",
                    metadata={"Condition": {"Outcome": "True"}},
                ),
                step_entry(
                    "Evaluate",
                    "Succeeded",
                    "2026-11-25T08:14:45Z",
                    "2026-11-25T08:22:10Z",
                    metadata={
                        "ProcessingJob": {"Arn": sm_arn("processing-job", CHURN_EVALUATE_JOB_2)}
                    },
                ),
                step_entry(
                    "Train",
                    "Succeeded",
                    "2026-11-25T08:00:10Z",
                    "2026-11-25T08:14:40Z",
                    metadata={"TrainingJob": {"Arn": sm_arn("training-job", CHURN_TRAIN_JOB_2)}},
                    display_name="Train XGBoost churn model",
                ),
                step_entry(
                    "Preprocess",
                    "Succeeded",
                    "2026-11-25T08:00:04Z",
                    "2026-11-25T08:00:07Z",
                    metadata={
                        "ProcessingJob": {"Arn": sm_arn("processing-job", CHURN_PREPROCESS_JOB_1)}
                    },
                    cache_hit_from=CHURN_EXEC_1_ARN,
                    display_name="Preprocess churn data",
                ),
            ],
        },
    ],
}


# ---------------------------------------------------------------------------
# Pipeline 2: fraud-detection-nightly
# ---------------------------------------------------------------------------

FRAUD = "fraud-detection-nightly"
FRAUD_EXEC = "exec-fraud-0042"
FRAUD_EXEC_ARN = execution_arn(FRAUD, FRAUD_EXEC)
FRAUD_INGEST_JOB = "pipelines-exec-fraud-0042-ingest-w2e4r6t8y0"
FRAUD_TUNING_JOB = "tunexgb-exec-fraud-0042"  # tuning job names are <= 32 chars
FRAUD_BEST_TRAINING_JOB = "tunexgb-exec-fraud-0042-006-3f9a1c2e"


def fraud_ingest_args() -> dict[str, Any]:
    return processing_args(
        inputs=[("raw", "s3://lineage-restricted/fraud/raw/", "/opt/ml/processing/input")],
        outputs=[
            (
                "features",
                "s3://lineage-features/fraud/features",
                "/opt/ml/processing/features",
            )
        ],
        script="ingest.py",
    )


def fraud_tuning_args(train: Any) -> dict[str, Any]:
    return {
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Maximize",
                "MetricName": "validation:auc",
            },
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 4},
            "ParameterRanges": {
                "ContinuousParameterRanges": [
                    {"Name": "eta", "MinValue": "0.05", "MaxValue": "0.5", "ScalingType": "Auto"}
                ],
                "IntegerParameterRanges": [
                    {"Name": "max_depth", "MinValue": "3", "MaxValue": "10", "ScalingType": "Auto"}
                ],
                "CategoricalParameterRanges": [],
            },
            "TrainingJobEarlyStoppingType": "Off",
        },
        "TrainingJobDefinition": {
            "StaticHyperParameters": {
                "objective": "binary:logistic",
                "eval_metric": "auc",
                "num_round": "200",
            },
            "RoleArn": ROLE_ARN,
            "OutputDataConfig": {"S3OutputPath": "s3://lineage-models/fraud/tuning"},
            "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
            "ResourceConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.2xlarge",
                "VolumeSizeInGB": 30,
            },
            "AlgorithmSpecification": {
                "TrainingInputMode": "File",
                "TrainingImage": XGBOOST_IMAGE,
            },
            "InputDataConfig": [_channel("train", train)],
        },
    }


FRAUD_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [],
    "PipelineExperimentConfig": {
        "ExperimentName": get("Execution.PipelineName"),
        "TrialName": get("Execution.PipelineExecutionId"),
    },
    "Steps": [
        {"Name": "Ingest", "Type": "Processing", "Arguments": fraud_ingest_args()},
        {
            "Name": "TuneXGB",
            "Type": "Tuning",
            "Arguments": fraud_tuning_args(processing_output_ref("Ingest", "features")),
        },
        {
            "Name": "EvaluateBest",
            "Type": "Processing",
            "DependsOn": ["TuneXGB"],
            "Arguments": processing_args(
                inputs=[
                    (
                        "model",
                        {
                            "Std:Join": {
                                "On": "/",
                                "Values": [
                                    "s3:/",
                                    "lineage-models",
                                    "fraud/tuning",
                                    get("Steps.TuneXGB.TrainingJobSummaries[0].TrainingJobName"),
                                    "output/model.tar.gz",
                                ],
                            }
                        },
                        "/opt/ml/processing/model",
                    )
                ],
                outputs=[
                    (
                        "metrics",
                        "s3://lineage-models/fraud/metrics",
                        "/opt/ml/processing/metrics",
                    )
                ],
                script="evaluate_best.py",
                image=XGBOOST_IMAGE,
            ),
            "PropertyFiles": [
                {
                    "PropertyFileName": "MetricsReport",
                    "OutputName": "metrics",
                    "FilePath": "metrics.json",
                }
            ],
        },
    ],
}

FRAUD_PIPELINE: dict[str, Any] = {
    "name": FRAUD,
    "display_name": FRAUD,
    "description": "Nightly fraud model: ingest, tune XGBoost, evaluate the best candidate",
    "tags": [{"Key": "team", "Value": "fraud"}],
    "created": ts("2026-10-15T12:00:00Z"),
    "last_modified": ts("2026-11-02T09:15:00Z"),
    "definition": FRAUD_DEFINITION,
    "executions": [
        {
            "id": FRAUD_EXEC,
            "arn": FRAUD_EXEC_ARN,
            "display_name": FRAUD_EXEC,
            "status": "Executing",
            "failure_reason": None,
            "start": ts("2026-11-26T06:00:00Z"),
            "last_modified": ts("2026-11-26T06:18:45Z"),
            "parameters": [],
            "steps": [
                step_entry(
                    "TuneXGB",
                    "Executing",
                    "2026-11-26T06:18:45Z",
                    metadata={"TuningJob": {"Arn": sm_arn("hyper-parameter-tuning-job", FRAUD_TUNING_JOB)}},
                ),
                step_entry(
                    "Ingest",
                    "Succeeded",
                    "2026-11-26T06:00:04Z",
                    "2026-11-26T06:18:40Z",
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", FRAUD_INGEST_JOB)}},
                ),
            ],
        }
    ],
}


# ---------------------------------------------------------------------------
# Pipeline 3: quality-gate
# ---------------------------------------------------------------------------

QG = "quality-gate"
QG_EXEC = "exec-qg-0007"
QG_EXEC_ARN = execution_arn(QG, QG_EXEC)
QG_CHECK_JOB = "pipelines-exec-qg-0007-dataqualitycheck-m1n2b3v4c5"
QG_ERROR_MESSAGE = "Data quality violations found in column 'amount'"
QG_BASELINE_STATISTICS = "s3://lineage-features/quality/baseline/statistics.json"


def qg_check_args() -> dict[str, Any]:
    return processing_args(
        inputs=[
            (
                "baseline_dataset_input",
                "s3://lineage-raw-data/quality/current/",
                "/opt/ml/processing/input/baseline_dataset_input",
            )
        ],
        outputs=[
            (
                "quality_check_output",
                "s3://lineage-scratch/quality/report",
                "/opt/ml/processing/output",
            )
        ],
        script="",
        image=MODEL_MONITOR_IMAGE,
        environment={
            "dataset_format": '{"csv": {"header": true, "output_columns_position": "START"}}',
            "dataset_source": "/opt/ml/processing/input/baseline_dataset_input",
            "output_path": "/opt/ml/processing/output",
            "publish_cloudwatch_metrics": "Disabled",
        },
    )


QG_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [],
    "PipelineExperimentConfig": {
        "ExperimentName": get("Execution.PipelineName"),
        "TrialName": get("Execution.PipelineExecutionId"),
    },
    "Steps": [
        {
            "Name": "DataQualityCheck",
            "Type": "QualityCheck",
            "Arguments": qg_check_args(),
            "CheckType": "DATA_QUALITY",
            "SkipCheck": False,
            "FailOnViolation": False,
            "RegisterNewBaseline": False,
            "SuppliedBaselineStatistics": QG_BASELINE_STATISTICS,
        },
        {
            "Name": "CheckViolations",
            "Type": "Condition",
            "Arguments": {
                "Conditions": [
                    {
                        "Type": "Not",
                        "Expression": {
                            "Type": "Equals",
                            "LeftValue": get("Steps.DataQualityCheck.CalculatedBaselineStatistics"),
                            "RightValue": get(
                                "Steps.DataQualityCheck.BaselineUsedForDriftCheckStatistics"
                            ),
                        },
                    }
                ],
                "IfSteps": [
                    {
                        "Name": "GateFailed",
                        "Type": "Fail",
                        "Arguments": {"ErrorMessage": QG_ERROR_MESSAGE},
                    }
                ],
                "ElseSteps": [],
            },
        },
    ],
}

QG_PIPELINE: dict[str, Any] = {
    "name": QG,
    "display_name": QG,
    "description": "Data quality gate on the current raw data",
    "tags": [],
    "created": ts("2026-11-10T10:00:00Z"),
    "last_modified": ts("2026-11-10T10:00:00Z"),
    "definition": QG_DEFINITION,
    "executions": [
        {
            "id": QG_EXEC,
            "arn": QG_EXEC_ARN,
            "display_name": QG_EXEC,
            "status": "Failed",
            "failure_reason": "Step failure: One or multiple steps failed.",
            "start": ts("2026-11-24T12:00:00Z"),
            "last_modified": ts("2026-11-24T12:06:55Z"),
            "parameters": [],
            "steps": [
                step_entry(
                    "GateFailed",
                    "Failed",
                    "2026-11-24T12:06:50Z",
                    "2026-11-24T12:06:51Z",
                    metadata={"Fail": {"ErrorMessage": QG_ERROR_MESSAGE}},
                    failure_reason=QG_ERROR_MESSAGE,
                ),
                step_entry(
                    "CheckViolations",
                    "Succeeded",
                    "2026-11-24T12:06:45Z",
                    "2026-11-24T12:06:46Z",
                    metadata={"Condition": {"Outcome": "True"}},
                ),
                step_entry(
                    "DataQualityCheck",
                    "Succeeded",
                    "2026-11-24T12:00:05Z",
                    "2026-11-24T12:06:40Z",
                    metadata={
                        "QualityCheck": {
                            "CheckType": "DATA_QUALITY",
                            "BaselineUsedForDriftCheckStatistics": QG_BASELINE_STATISTICS,
                            "CalculatedBaselineStatistics": "s3://lineage-scratch/quality/report/statistics.json",
                            "CalculatedBaselineConstraints": "s3://lineage-scratch/quality/report/constraints.json",
                            "ViolationReport": "s3://lineage-scratch/quality/report/constraint_violations.json",
                            "CheckJobArn": sm_arn("processing-job", QG_CHECK_JOB),
                            "SkipCheck": False,
                            "RegisterNewBaseline": False,
                        }
                    },
                ),
            ],
        }
    ],
}


# ---------------------------------------------------------------------------
# Pipeline 4: wide-pipeline (13 steps -> ListPipelineExecutionSteps has 4 pages)
# ---------------------------------------------------------------------------

WIDE = "wide-pipeline"
WIDE_EXEC = "exec-wide-0001"
WIDE_EXEC_ARN = execution_arn(WIDE, WIDE_EXEC)
WIDE_SHARDS = [f"Shard-{i:02d}" for i in range(1, 13)]
WIDE_MERGE_JOB = "pipelines-exec-wide-0001-merge-a9s8d7f6g5"


def wide_shard_job(i: int) -> str:
    return f"pipelines-exec-wide-0001-shard-{i:02d}-q{i:02d}w{i:02d}e{i:02d}"


def wide_shard_args(i: int) -> dict[str, Any]:
    return processing_args(
        inputs=[("raw", "s3://lineage-raw-data/wide/input/", "/opt/ml/processing/input")],
        outputs=[("shard", f"s3://lineage-features/wide/shard-{i:02d}", "/opt/ml/processing/shard")],
        script="shard.py",
        environment={"SHARD_INDEX": str(i), "SHARD_COUNT": "12"},
    )


def wide_merge_args(shard_uris: list[Any]) -> dict[str, Any]:
    return processing_args(
        inputs=[
            (f"shard-{i:02d}", uri, f"/opt/ml/processing/input/shard-{i:02d}")
            for i, uri in enumerate(shard_uris, start=1)
        ],
        outputs=[("merged", "s3://lineage-features/wide/merged", "/opt/ml/processing/merged")],
        script="merge.py",
    )


WIDE_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [],
    "PipelineExperimentConfig": {
        "ExperimentName": get("Execution.PipelineName"),
        "TrialName": get("Execution.PipelineExecutionId"),
    },
    "Steps": [
        {"Name": name, "Type": "Processing", "Arguments": wide_shard_args(i)}
        for i, name in enumerate(WIDE_SHARDS, start=1)
    ]
    + [
        {
            "Name": "Merge",
            "Type": "Processing",
            "Arguments": wide_merge_args(
                [processing_output_ref(name, "shard") for name in WIDE_SHARDS]
            ),
        }
    ],
}


def _wide_steps() -> list[dict[str, Any]]:
    steps = [
        step_entry(
            "Merge",
            "Succeeded",
            "2026-11-23T10:07:00Z",
            "2026-11-23T10:11:30Z",
            metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", WIDE_MERGE_JOB)}},
        )
    ]
    for i in range(12, 0, -1):  # newest first
        steps.append(
            step_entry(
                f"Shard-{i:02d}",
                "Succeeded",
                at("2026-11-23T10:00:04Z", i),  # Shard-01 10:00:05 ... Shard-12 10:00:16
                at("2026-11-23T10:05:00Z", 7 * i),  # Shard-01 10:05:07 ... Shard-12 10:06:24
                metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", wide_shard_job(i))}},
            )
        )
    return steps


WIDE_PIPELINE: dict[str, Any] = {
    "name": WIDE,
    "display_name": WIDE,
    "description": "Twelve parallel shards merged by one step",
    "tags": [],
    "created": ts("2026-11-22T15:00:00Z"),
    "last_modified": ts("2026-11-22T15:00:00Z"),
    "definition": WIDE_DEFINITION,
    "executions": [
        {
            "id": WIDE_EXEC,
            "arn": WIDE_EXEC_ARN,
            "display_name": WIDE_EXEC,
            "status": "Succeeded",
            "failure_reason": None,
            "start": ts("2026-11-23T10:00:00Z"),
            "last_modified": ts("2026-11-23T10:11:35Z"),
            "parameters": [],
            "steps": _wide_steps(),
        }
    ],
}


# ---------------------------------------------------------------------------
# Pipeline 5: never-run
# ---------------------------------------------------------------------------

NEVER = "never-run"

NEVER_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [],
    "PipelineExperimentConfig": {
        "ExperimentName": get("Execution.PipelineName"),
        "TrialName": get("Execution.PipelineExecutionId"),
    },
    "Steps": [
        {
            "Name": "Prepare",
            "Type": "Processing",
            "Arguments": processing_args(
                inputs=[("raw", "s3://lineage-raw-data/never/input/", "/opt/ml/processing/input")],
                outputs=[
                    (
                        "prepared",
                        "s3://lineage-features/never/prepared",
                        "/opt/ml/processing/prepared",
                    )
                ],
                script="prepare.py",
            ),
        },
        {
            "Name": "Fit",
            "Type": "Training",
            "Arguments": training_args(
                channels=[("train", processing_output_ref("Prepare", "prepared"))],
                output_path="s3://lineage-models/never/model",
                hyper_parameters={"objective": "reg:squarederror", "num_round": "10"},
            ),
        },
    ],
}

NEVER_PIPELINE: dict[str, Any] = {
    "name": NEVER,
    "display_name": NEVER,
    "description": "Defined but never executed",
    "tags": [],
    "created": ts("2026-11-25T17:00:00Z"),
    "last_modified": ts("2026-11-25T17:00:00Z"),
    "definition": NEVER_DEFINITION,
    "executions": [],
}


# ---------------------------------------------------------------------------
# Pipeline 6: large-pipeline (120 steps, never run): the graph at scale
# ---------------------------------------------------------------------------

LARGE = "large-pipeline"
LARGE_STAGES = 10
LARGE_WIDTH = 12


def _large_step(stage: int, lane: int) -> dict[str, Any]:
    name = f"S{stage:02d}-L{lane:02d}"
    inputs = []
    if stage > 1:
        # Each step reads its own lane and the next lane of the previous stage.
        for src_lane in sorted({lane, lane % LARGE_WIDTH + 1}):
            src = f"S{stage - 1:02d}-L{src_lane:02d}"
            inputs.append((f"from-{src_lane:02d}", processing_output_ref(src, "out"), f"/opt/ml/processing/in{src_lane}"))
    else:
        inputs.append(("raw", f"s3://lineage-raw-data/large/lane-{lane:02d}/", "/opt/ml/processing/raw"))
    return {
        "Name": name,
        "Type": "Processing",
        "Arguments": processing_args(
            inputs=inputs,
            outputs=[("out", f"s3://lineage-features/large/{name.lower()}", "/opt/ml/processing/out")],
            script="stage.py",
        ),
    }


LARGE_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [],
    "Steps": [
        _large_step(stage, lane)
        for stage in range(1, LARGE_STAGES + 1)
        for lane in range(1, LARGE_WIDTH + 1)
    ],
}

LARGE_PIPELINE: dict[str, Any] = {
    "name": LARGE,
    "display_name": LARGE,
    "description": "120 processing steps in ten stages: the graph at scale",
    "tags": [],
    "created": ts("2026-11-21T09:00:00Z"),
    "last_modified": ts("2026-11-21T09:00:00Z"),
    "definition": LARGE_DEFINITION,
    "executions": [],
}


# ---------------------------------------------------------------------------
# Pipeline 7: id-clash (step names that look like generated graph ids)
# ---------------------------------------------------------------------------
#
# A client that names graph nodes n0, n1, ... and edges e0, e1, ... must not
# confuse them with steps called e0 / n0.  Edges: e0 -> e1 (Get on e0's
# output), e1 -> e2 (Get on e1's model artifacts), n0 -> e2 (DependsOn).

CLASH = "id-clash"
CLASH_EXEC = "exec-clash-0001"
CLASH_EXEC_ARN = execution_arn(CLASH, CLASH_EXEC)
CLASH_N0_JOB = "pipelines-exec-clash-0001-n0-z9x7c5v3b1"
CLASH_E0_JOB = "pipelines-exec-clash-0001-e0-b4n8m2k6j0"
CLASH_E1_JOB = "pipelines-exec-clash-0001-e1-t3y7u1i5o9"
CLASH_E2_JOB = "pipelines-exec-clash-0001-e2-g2h4j6k8l0"
CLASH_MODEL_ARTIFACT = f"s3://lineage-models/id-clash/model/{CLASH_E1_JOB}/output/model.tar.gz"


def clash_n0_args() -> dict[str, Any]:
    return processing_args(
        inputs=[("raw", "s3://lineage-raw-data/id-clash/lookup/", "/opt/ml/processing/input")],
        outputs=[("lookup", "s3://lineage-features/id-clash/lookup", "/opt/ml/processing/lookup")],
        script="lookup.py",
    )


def clash_e0_args() -> dict[str, Any]:
    return processing_args(
        inputs=[("raw", "s3://lineage-raw-data/id-clash/input/", "/opt/ml/processing/input")],
        outputs=[("train", "s3://lineage-features/id-clash/train", "/opt/ml/processing/train")],
        script="prepare.py",
    )


def clash_e1_args(train: Any) -> dict[str, Any]:
    return training_args(
        channels=[("train", train)],
        output_path="s3://lineage-models/id-clash/model",
        hyper_parameters={"objective": "binary:logistic", "num_round": "20"},
    )


def clash_e2_args(model: Any) -> dict[str, Any]:
    return processing_args(
        inputs=[("model", model, "/opt/ml/processing/model")],
        outputs=[("report", "s3://lineage-models/id-clash/report", "/opt/ml/processing/report")],
        script="report.py",
        image=XGBOOST_IMAGE,
    )


CLASH_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [],
    "PipelineExperimentConfig": {
        "ExperimentName": get("Execution.PipelineName"),
        "TrialName": get("Execution.PipelineExecutionId"),
    },
    "Steps": [
        {"Name": "e0", "Type": "Processing", "Arguments": clash_e0_args()},
        {
            "Name": "e1",
            "Type": "Training",
            "Arguments": clash_e1_args(processing_output_ref("e0", "train")),
        },
        {
            "Name": "e2",
            "Type": "Processing",
            "DependsOn": ["n0"],
            "Arguments": clash_e2_args(get("Steps.e1.ModelArtifacts.S3ModelArtifacts")),
        },
        {"Name": "n0", "Type": "Processing", "Arguments": clash_n0_args()},
    ],
}

CLASH_PIPELINE: dict[str, Any] = {
    "name": CLASH,
    "display_name": CLASH,
    "description": "Steps named e0, e1, e2 and n0, like generated graph ids",
    "tags": [],
    "created": ts("2026-10-05T11:00:00Z"),
    "last_modified": ts("2026-10-05T11:00:00Z"),
    "definition": CLASH_DEFINITION,
    "executions": [
        {
            "id": CLASH_EXEC,
            "arn": CLASH_EXEC_ARN,
            "display_name": CLASH_EXEC,
            "status": "Succeeded",
            "failure_reason": None,
            "start": ts("2026-11-19T07:00:00Z"),
            "last_modified": ts("2026-11-19T07:23:35Z"),
            "parameters": [],
            "steps": [
                step_entry(
                    "e2",
                    "Succeeded",
                    "2026-11-19T07:18:45Z",
                    "2026-11-19T07:23:30Z",
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", CLASH_E2_JOB)}},
                ),
                step_entry(
                    "e1",
                    "Succeeded",
                    "2026-11-19T07:06:25Z",
                    "2026-11-19T07:18:40Z",
                    metadata={"TrainingJob": {"Arn": sm_arn("training-job", CLASH_E1_JOB)}},
                ),
                step_entry(
                    "e0",
                    "Succeeded",
                    "2026-11-19T07:00:05Z",
                    "2026-11-19T07:06:20Z",
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", CLASH_E0_JOB)}},
                ),
                step_entry(
                    "n0",
                    "Succeeded",
                    "2026-11-19T07:00:04Z",
                    "2026-11-19T07:04:10Z",
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", CLASH_N0_JOB)}},
                ),
            ],
        }
    ],
}


# ---------------------------------------------------------------------------
# Pipeline 8: model-gate (property references resolved from step metadata)
# ---------------------------------------------------------------------------
#
# ExportFeatures (Lambda) -> ScoreExport (Processing; its input is the Lambda's
# OutputParameters['export_uri']) -> ModelQualityCheck (QualityCheck) ->
# RegisterGatedModel (RegisterModel; its ModelMetrics / DriftCheckBaselines are
# the check's CalculatedBaselineStatistics / BaselineUsedForDriftCheckConstraints).
# The export prefix and the lineage-monitoring bucket appear in no definition:
# only the execution's step metadata names them.

GATE = "model-gate"
GATE_EXEC = "exec-gate-0001"
GATE_EXEC_ARN = execution_arn(GATE, GATE_EXEC)
GATE_LAMBDA_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:model-gate-export-features"
GATE_EXPORT_URI = "s3://lineage-features/model-gate/export/2026-11-20/"
GATE_ROW_COUNT = "120000"
GATE_SCORE_JOB = "pipelines-exec-gate-0001-scoreexport-s7d5f3g1h9"
GATE_CHECK_JOB = "pipelines-exec-gate-0001-modelqualitycheck-q2w4e6r8t0"
GATE_MONITORING_PREFIX = "s3://lineage-monitoring/model-gate/exec-gate-0001"
GATE_STATISTICS = f"{GATE_MONITORING_PREFIX}/statistics.json"
GATE_CONSTRAINTS = f"{GATE_MONITORING_PREFIX}/constraints.json"
GATE_VIOLATIONS = f"{GATE_MONITORING_PREFIX}/constraint_violations.json"
GATE_MODEL_DATA = "s3://lineage-models/model-gate/model/model.tar.gz"
GATE_SCORES = "s3://lineage-features/model-gate/scores"
GATE_MODEL_PACKAGE_GROUP = "gated-models"
GATE_MODEL_PACKAGE_ARN = sm_arn("model-package", "gated-models/1")


def gate_score_args(export: Any) -> dict[str, Any]:
    return processing_args(
        inputs=[
            ("export", export, "/opt/ml/processing/input/export"),
            ("model", GATE_MODEL_DATA, "/opt/ml/processing/model"),
        ],
        outputs=[("scores", GATE_SCORES, "/opt/ml/processing/scores")],
        script="score.py",
        image=XGBOOST_IMAGE,
    )


def gate_check_args(scores: Any) -> dict[str, Any]:
    # The model-quality analyzer job the SageMaker Python SDK's QualityCheckStep
    # (ModelQualityCheckConfig) writes; its own report output is not where the
    # registered baseline ends up (that is only in the step's metadata).
    return processing_args(
        inputs=[
            (
                "baseline_dataset_input",
                scores,
                "/opt/ml/processing/input/baseline_dataset_input",
            )
        ],
        outputs=[
            (
                "quality_check_output",
                "s3://lineage-models/model-gate/quality-check",
                "/opt/ml/processing/output",
            )
        ],
        script="",
        image=MODEL_MONITOR_IMAGE,
        environment={
            "analysis_type": "MODEL_QUALITY",
            "problem_type": "BinaryClassification",
            "inference_attribute": "prediction",
            "probability_attribute": "probability",
            "probability_threshold_attribute": "0.5",
            "ground_truth_attribute": "label",
            "dataset_format": '{"csv": {"header": true, "output_columns_position": "START"}}',
            "dataset_source": "/opt/ml/processing/input/baseline_dataset_input",
            "output_path": "/opt/ml/processing/output",
            "publish_cloudwatch_metrics": "Disabled",
        },
    )


def gate_inference_spec() -> dict[str, Any]:
    return churn_inference_spec(GATE_MODEL_DATA)


GATE_DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [],
    "PipelineExperimentConfig": {
        "ExperimentName": get("Execution.PipelineName"),
        "TrialName": get("Execution.PipelineExecutionId"),
    },
    "Steps": [
        {
            "Name": "ExportFeatures",
            "Type": "Lambda",
            "Arguments": {
                "source_uri": "s3://lineage-raw-data/model-gate/features/",
                "execution_id": get("Execution.PipelineExecutionId"),
            },
            "FunctionArn": GATE_LAMBDA_ARN,
            "OutputParameters": [
                {"OutputName": "export_uri", "OutputType": "String"},
                {"OutputName": "row_count", "OutputType": "String"},
            ],
            "TimeoutSeconds": 300,
        },
        {
            "Name": "ScoreExport",
            "Type": "Processing",
            "Arguments": gate_score_args(get("Steps.ExportFeatures.OutputParameters['export_uri']")),
        },
        {
            "Name": "ModelQualityCheck",
            "Type": "QualityCheck",
            "Arguments": gate_check_args(processing_output_ref("ScoreExport", "scores")),
            "CheckType": "MODEL_QUALITY",
            "ModelPackageGroupName": GATE_MODEL_PACKAGE_GROUP,
            "SkipCheck": False,
            "FailOnViolation": False,
            "RegisterNewBaseline": True,
        },
        {
            "Name": "RegisterGatedModel",
            "Type": "RegisterModel",
            "Arguments": {
                "ModelPackageGroupName": GATE_MODEL_PACKAGE_GROUP,
                "ModelMetrics": {
                    "ModelQuality": {
                        "Statistics": {
                            "ContentType": "application/json",
                            "S3Uri": get("Steps.ModelQualityCheck.CalculatedBaselineStatistics"),
                        }
                    }
                },
                "DriftCheckBaselines": {
                    "ModelQuality": {
                        "Constraints": {
                            "ContentType": "application/json",
                            "S3Uri": get("Steps.ModelQualityCheck.BaselineUsedForDriftCheckConstraints"),
                        }
                    }
                },
                "InferenceSpecification": gate_inference_spec(),
                "ModelApprovalStatus": "Approved",
            },
        },
    ],
}

GATE_MODEL_METRICS = {
    "ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": GATE_STATISTICS}}
}
GATE_DRIFT_CHECK_BASELINES = {
    "ModelQuality": {"Constraints": {"ContentType": "application/json", "S3Uri": GATE_CONSTRAINTS}}
}

GATE_PIPELINE: dict[str, Any] = {
    "name": GATE,
    "display_name": GATE,
    "description": "Export features, score them, check model quality, register the model",
    "tags": [],
    "created": ts("2026-10-10T15:00:00Z"),
    "last_modified": ts("2026-10-10T15:00:00Z"),
    "definition": GATE_DEFINITION,
    "executions": [
        {
            "id": GATE_EXEC,
            "arn": GATE_EXEC_ARN,
            "display_name": GATE_EXEC,
            "status": "Succeeded",
            "failure_reason": None,
            "start": ts("2026-11-20T14:00:00Z"),
            "last_modified": ts("2026-11-20T14:16:45Z"),
            "parameters": [],
            "steps": [
                step_entry(
                    "RegisterGatedModel",
                    "Succeeded",
                    "2026-11-20T14:16:35Z",
                    "2026-11-20T14:16:40Z",
                    metadata={"RegisterModel": {"Arn": GATE_MODEL_PACKAGE_ARN}},
                ),
                step_entry(
                    "ModelQualityCheck",
                    "Succeeded",
                    "2026-11-20T14:09:45Z",
                    "2026-11-20T14:16:30Z",
                    metadata={
                        "QualityCheck": {
                            "CheckType": "MODEL_QUALITY",
                            "BaselineUsedForDriftCheckStatistics": GATE_STATISTICS,
                            "BaselineUsedForDriftCheckConstraints": GATE_CONSTRAINTS,
                            "CalculatedBaselineStatistics": GATE_STATISTICS,
                            "CalculatedBaselineConstraints": GATE_CONSTRAINTS,
                            "ModelPackageGroupName": GATE_MODEL_PACKAGE_GROUP,
                            "ViolationReport": GATE_VIOLATIONS,
                            "CheckJobArn": sm_arn("processing-job", GATE_CHECK_JOB),
                            "SkipCheck": False,
                            "RegisterNewBaseline": True,
                        }
                    },
                ),
                step_entry(
                    "ScoreExport",
                    "Succeeded",
                    "2026-11-20T14:01:15Z",
                    "2026-11-20T14:09:40Z",
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", GATE_SCORE_JOB)}},
                ),
                step_entry(
                    "ExportFeatures",
                    "Succeeded",
                    "2026-11-20T14:00:04Z",
                    "2026-11-20T14:01:10Z",
                    metadata={
                        "Lambda": {
                            "Arn": GATE_LAMBDA_ARN,
                            "OutputParameters": [
                                {"Name": "export_uri", "Value": GATE_EXPORT_URI},
                                {"Name": "row_count", "Value": GATE_ROW_COUNT},
                            ],
                        }
                    },
                ),
            ],
        }
    ],
}


# ---------------------------------------------------------------------------
# Jobs, models and model packages (Describe* state)
# ---------------------------------------------------------------------------


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


PROCESSING_JOBS: list[dict[str, Any]] = [
    _job(
        CHURN_PREPROCESS_JOB_1,
        churn_preprocess_args(CHURN_INPUT_DATA),
        "Completed",
        "2026-11-20T08:00:06Z",
        "2026-11-20T08:02:40Z",
        "2026-11-20T08:09:25Z",
    ),
    _job(
        CHURN_EVALUATE_JOB_2,
        churn_evaluate_args(CHURN_MODEL_ARTIFACT_2, "s3://lineage-features/churn/test"),
        "Completed",
        "2026-11-25T08:14:46Z",
        "2026-11-25T08:17:00Z",
        "2026-11-25T08:22:02Z",
    ),
    _job(
        FRAUD_INGEST_JOB,
        fraud_ingest_args(),
        "Completed",
        "2026-11-26T06:00:05Z",
        "2026-11-26T06:02:50Z",
        "2026-11-26T06:18:31Z",
    ),
    _job(
        QG_CHECK_JOB,
        qg_check_args(),
        "Completed",
        "2026-11-24T12:00:06Z",
        "2026-11-24T12:02:30Z",
        "2026-11-24T12:06:31Z",
    ),
] + [
    _job(
        wide_shard_job(i),
        wide_shard_args(i),
        "Completed",
        at("2026-11-23T10:00:05Z", i),
        at("2026-11-23T10:02:10Z", i),
        at("2026-11-23T10:05:00Z", 7 * i - 2),
    )
    for i in range(1, 13)
] + [
    _job(
        WIDE_MERGE_JOB,
        wide_merge_args([f"s3://lineage-features/wide/shard-{i:02d}" for i in range(1, 13)]),
        "Completed",
        "2026-11-23T10:07:01Z",
        "2026-11-23T10:09:00Z",
        "2026-11-23T10:11:21Z",
    ),
    _job(
        CLASH_N0_JOB,
        clash_n0_args(),
        "Completed",
        "2026-11-19T07:00:05Z",
        "2026-11-19T07:01:40Z",
        "2026-11-19T07:04:02Z",
    ),
    _job(
        CLASH_E0_JOB,
        clash_e0_args(),
        "Completed",
        "2026-11-19T07:00:06Z",
        "2026-11-19T07:01:50Z",
        "2026-11-19T07:06:11Z",
    ),
    _job(
        CLASH_E2_JOB,
        clash_e2_args(CLASH_MODEL_ARTIFACT),
        "Completed",
        "2026-11-19T07:18:46Z",
        "2026-11-19T07:20:10Z",
        "2026-11-19T07:23:21Z",
    ),
    _job(
        GATE_SCORE_JOB,
        gate_score_args(GATE_EXPORT_URI),
        "Completed",
        "2026-11-20T14:01:16Z",
        "2026-11-20T14:03:30Z",
        "2026-11-20T14:09:31Z",
    ),
    _job(
        GATE_CHECK_JOB,
        gate_check_args(GATE_SCORES),
        "Completed",
        "2026-11-20T14:09:46Z",
        "2026-11-20T14:11:50Z",
        "2026-11-20T14:16:21Z",
    ),
]

TRAINING_JOBS: list[dict[str, Any]] = [
    dict(
        _job(
            CHURN_TRAIN_JOB_1,
            churn_train_args(
                "s3://lineage-features/churn/train", "s3://lineage-features/churn/validation"
            ),
            "Failed",
            "2026-11-20T08:09:36Z",
            "2026-11-20T08:11:10Z",
            "2026-11-20T08:11:58Z",
            failure_reason=CHURN_TRAIN_FAILURE,
        ),
        secondary_status="Failed",
        final_metrics=[],
    ),
    dict(
        _job(
            CHURN_TRAIN_JOB_2,
            churn_train_args(
                "s3://lineage-features/churn/train", "s3://lineage-features/churn/validation"
            ),
            "Completed",
            "2026-11-25T08:00:11Z",
            "2026-11-25T08:02:30Z",
            "2026-11-25T08:14:31Z",
        ),
        secondary_status="Completed",
        final_metrics=[
            {"MetricName": "train:loss", "Value": 0.214},
            {"MetricName": "validation:auc", "Value": 0.912},
        ],
    ),
    dict(
        _job(
            CLASH_E1_JOB,
            clash_e1_args("s3://lineage-features/id-clash/train"),
            "Completed",
            "2026-11-19T07:06:26Z",
            "2026-11-19T07:08:30Z",
            "2026-11-19T07:18:31Z",
        ),
        secondary_status="Completed",
        final_metrics=[{"MetricName": "train:loss", "Value": 0.187}],
    ),
]

MODELS: list[dict[str, Any]] = [
    {
        "name": CHURN_MODEL_2,
        "created": ts("2026-11-25T08:22:23Z"),
        "args": {
            "ExecutionRoleArn": ROLE_ARN,
            "PrimaryContainer": {
                "Image": XGBOOST_IMAGE,
                "Environment": {},
                "ModelDataUrl": CHURN_MODEL_ARTIFACT_2,
            },
        },
    }
]

TRANSFORM_JOBS: list[dict[str, Any]] = [
    _job(
        CHURN_TRANSFORM_JOB_2,
        churn_transform_args(CHURN_MODEL_2, "s3://lineage-features/churn/test"),
        "Completed",
        "2026-11-25T08:22:31Z",
        "2026-11-25T08:25:00Z",
        "2026-11-25T08:44:41Z",
    )
]

TUNING_JOBS: list[dict[str, Any]] = [
    dict(
        _job(
            FRAUD_TUNING_JOB,
            fraud_tuning_args("s3://lineage-features/fraud/features"),
            "InProgress",
            "2026-11-26T06:18:46Z",
            None,
            None,
        ),
        last_modified=ts("2026-11-26T07:05:00Z"),
        training_job_status_counters={
            "Completed": 7,
            "InProgress": 4,
            "RetryableError": 0,
            "NonRetryableError": 1,
            "Stopped": 0,
        },
        objective_status_counters={"Succeeded": 7, "Pending": 4, "Failed": 1},
        best_training_job={
            "TrainingJobName": FRAUD_BEST_TRAINING_JOB,
            "TrainingJobArn": sm_arn("training-job", FRAUD_BEST_TRAINING_JOB),
            "TuningJobName": FRAUD_TUNING_JOB,
            "CreationTime": ts("2026-11-26T06:40:02Z"),
            "TrainingStartTime": ts("2026-11-26T06:41:30Z"),
            "TrainingEndTime": ts("2026-11-26T06:52:15Z"),
            "TrainingJobStatus": "Completed",
            "TunedHyperParameters": {"eta": "0.1837", "max_depth": "7"},
            "FinalHyperParameterTuningJobObjectiveMetric": {
                "Type": "Maximize",
                "MetricName": "validation:auc",
                "Value": 0.947,
            },
            "ObjectiveStatus": "Succeeded",
        },
        consumed_runtime_seconds=2745,
    )
]

MODEL_PACKAGE_GROUPS: list[dict[str, Any]] = [
    {
        "name": CHURN_MODEL_PACKAGE_GROUP,
        "description": "Customer churn models",
        "created": ts("2026-11-01T09:05:00Z"),
    },
    {
        "name": GATE_MODEL_PACKAGE_GROUP,
        "description": "Models that passed the model-quality gate",
        "created": ts("2026-10-10T15:05:00Z"),
    },
]

MODEL_PACKAGES: list[dict[str, Any]] = [
    {
        "arn": CHURN_MODEL_PACKAGE_ARN,
        "group": CHURN_MODEL_PACKAGE_GROUP,
        "version": 1,
        "created": ts("2026-11-25T08:22:22Z"),
        "approval_status": "PendingManualApproval",
        "inference_specification": churn_inference_spec(CHURN_MODEL_ARTIFACT_2),
        "model_metrics": copy.deepcopy(CHURN_MODEL_METRICS),
        "metadata_properties": {"GeneratedBy": CHURN_EXEC_2_ARN},
    },
    {
        "arn": GATE_MODEL_PACKAGE_ARN,
        "group": GATE_MODEL_PACKAGE_GROUP,
        "version": 1,
        "created": ts("2026-11-20T14:16:37Z"),
        "approval_status": "Approved",
        "inference_specification": gate_inference_spec(),
        "model_metrics": copy.deepcopy(GATE_MODEL_METRICS),
        "drift_check_baselines": copy.deepcopy(GATE_DRIFT_CHECK_BASELINES),
        "metadata_properties": {"GeneratedBy": GATE_EXEC_ARN},
    },
]


# ---------------------------------------------------------------------------
# Generated scenario: bench (one large, succeeded run; --scenario bench)
# ---------------------------------------------------------------------------
#
# One pipeline, ``bench-pipeline``, with ``steps`` steps of which ``jobs`` have a
# real (Completed) job behind them, and one Succeeded execution listing every
# step.  Job steps: ``Ingest-*`` and ``Features-*`` Processing steps in layers
# (each feature step reads two outputs of the layer before, like
# large-pipeline), ``Train-*`` Training steps on the deepest processing
# outputs, and one ``Evaluate-*`` Processing step per training step with an
# ``EvaluationReport`` PropertyFile whose evaluation.json exists in S3.  The
# other steps have no job: ``Check-*`` Condition steps on the reports (all
# Outcome True), ``Register-*`` (RegisterModel, a real model package) and
# ``CreateModel-*`` (Model, a real model) in their IfSteps, then ``Notify-*``
# Lambda steps if still more are asked for.  Every S3 location is spread
# round-robin over ``buckets`` buckets ``bench-bucket-00`` ... with a rotating
# mix of encryption / versioning / public-access-block / tag settings.

BENCH = "bench-pipeline"
BENCH_EXEC = "exec-bench-0001"
BENCH_EXEC_ARN = execution_arn(BENCH, BENCH_EXEC)
BENCH_DEFAULT_STEPS = 45
BENCH_DEFAULT_JOBS = 30
BENCH_DEFAULT_BUCKETS = 10
BENCH_MODEL_PACKAGE_GROUP = "bench-models"
BENCH_LAMBDA_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:bench-notify"
BENCH_AUC_THRESHOLD = 0.75
BENCH_START = ts("2026-11-27T02:00:00Z")
BENCH_MAX_EXECUTIONS = 20000
# The real API's limit on PipelineDefinition (characters).
PIPELINE_DEFINITION_MAX_CHARS = 1_048_576

# Rotating bucket security postures (bucket i gets profile i % len).
_BENCH_BUCKET_PROFILES: list[dict[str, Any]] = [
    {
        "encryption": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KMS_KEY_ARN, "BucketKeyEnabled": True},
        "versioning": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "ml-platform", "data-class": "confidential"},
    },
    {
        "encryption": {"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        "versioning": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "ml-platform"},
    },
    {
        "encryption": {"SSEAlgorithm": "aws:kms", "BucketKeyEnabled": False},
        "versioning": "Suspended",
        "public_access_block": {
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
        "tags": {},
    },
    {"encryption": None, "versioning": None, "public_access_block": None, "tags": {}},
    {
        "encryption": {"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        "versioning": None,
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "bench", "cost-center": "cc-1234"},
    },
    {
        "encryption": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KMS_KEY_ARN, "BucketKeyEnabled": False},
        "versioning": "Suspended",
        "public_access_block": None,
        "tags": {"data-class": "internal"},
    },
]


def bench_bucket(i: int) -> str:
    return f"bench-bucket-{i:02d}"


def bench_job_name(step: str) -> str:
    """``pipelines-exec-bench-0001-<step>-<10 chars>``, lower case, <= 63 chars."""
    suffix = hashlib.sha1(step.encode()).hexdigest()[:10]
    return f"pipelines-{BENCH_EXEC}-{step.lower()}-{suffix}"


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def bench_execution_id(k: int) -> str:
    """``exec-bench-0001`` ... (at least four digits)."""
    return f"exec-bench-{k:04d}"


def bench_scenario(
    steps: int = BENCH_DEFAULT_STEPS,
    jobs: int = BENCH_DEFAULT_JOBS,
    buckets: int = BENCH_DEFAULT_BUCKETS,
    executions: int = 1,
) -> dict[str, Any]:
    """Build the bench scenario; ValueError on parameters it cannot satisfy."""
    n, j, b, e = int(steps), int(jobs), int(buckets), int(executions)
    if not 1 <= e <= BENCH_MAX_EXECUTIONS:
        raise ValueError(f"--bench-executions must be between 1 and {BENCH_MAX_EXECUTIONS}, got {e}")
    if j < 3:
        raise ValueError(
            f"--bench-jobs must be >= 3 (an ingest, a training and an evaluation step), got {j}"
        )
    if n < j:
        raise ValueError(f"--bench-jobs ({j}) must not exceed --bench-steps ({n})")
    if b < 1:
        raise ValueError(f"--bench-buckets must be >= 1, got {b}")

    n_train = max(1, j // 6)  # one Evaluate per Train
    n_proc = j - 2 * n_train  # Ingest + Features, >= 1
    extra = n - j  # steps without a job
    n_check = min(extra, n_train)
    nested_budget = min(extra - n_check, 2 * n_check)  # IfSteps: Register + CreateModel
    n_register = (nested_budget + 1) // 2
    n_model = nested_budget - n_register
    n_notify = extra - n_check - n_register - n_model

    def fmt(count: int) -> str:
        return f"0{max(2, len(str(count)))}d"

    locations = itertools.count()

    def uri(path: str) -> str:
        return f"s3://{bench_bucket(next(locations) % b)}/bench/{path}"

    # name -> {"def": definition step, "deps": data/branch predecessors,
    #          "kind": ..., "job": job name or None, "metadata": ...}
    nodes: dict[str, dict[str, Any]] = {}
    order: list[str] = []

    def add(name: str, kind: str, step: dict[str, Any], deps: set[str], metadata: dict[str, Any]) -> None:
        nodes[name] = {"def": step, "deps": deps, "kind": kind, "metadata": metadata}
        order.append(name)

    processing_jobs: list[dict[str, Any]] = []
    training_jobs: list[dict[str, Any]] = []
    outputs: dict[str, dict[str, str]] = {}  # processing step -> output name -> S3 URI

    def processing_step(
        name: str,
        inputs: list[tuple[str, Any, str, str]],  # (name, definition value, resolved URI, local path)
        outs: list[tuple[str, str, str]],
        script: str,
        deps: set[str],
        image: str = SKLEARN_IMAGE,
        extra_fields: dict[str, Any] | None = None,
    ) -> None:
        job = bench_job_name(name)
        step = {
            "Name": name,
            "Type": "Processing",
            "Arguments": processing_args(
                inputs=[(i[0], i[1], i[3]) for i in inputs], outputs=outs, script=script, image=image
            ),
        }
        step.update(extra_fields or {})
        add(name, "Processing", step, deps, {"ProcessingJob": {"Arn": sm_arn("processing-job", job)}})
        outputs[name] = {o[0]: o[1] for o in outs}
        processing_jobs.append(
            {
                "name": job,
                "step": name,
                "args": processing_args(
                    inputs=[(i[0], i[2], i[3]) for i in inputs], outputs=outs, script=script, image=image
                ),
            }
        )

    def feature_outputs(name: str) -> list[tuple[str, str, str]]:
        return [
            ("features", uri(f"{name.lower()}/features"), "/opt/ml/processing/features"),
            ("holdout", uri(f"{name.lower()}/holdout"), "/opt/ml/processing/holdout"),
        ]

    # -- processing layers (Ingest-*, Features-LL-*) -------------------------
    width = max(1, math.isqrt(n_proc - 1) + 1) if n_proc > 1 else 1  # ceil(sqrt)
    lane_fmt = fmt(width)
    layers: list[list[str]] = []
    made = 0
    while made < n_proc:
        layer_no = len(layers)
        count = min(width, n_proc - made)
        layer: list[str] = []
        for lane in range(1, count + 1):
            if layer_no == 0:
                name = f"Ingest-{lane:{lane_fmt}}"
                raw = uri(f"raw/lane-{lane:{lane_fmt}}/")
                processing_step(
                    name,
                    [("raw", raw, raw, "/opt/ml/processing/input")],
                    feature_outputs(name),
                    "ingest.py",
                    set(),
                )
            else:
                prev = layers[-1]
                srcs = sorted({prev[(lane - 1) % len(prev)], prev[lane % len(prev)]})
                name = f"Features-{layer_no:02d}-{lane:{lane_fmt}}"
                processing_step(
                    name,
                    [
                        (
                            f"in-{k}",
                            processing_output_ref(src, "features"),
                            outputs[src]["features"],
                            f"/opt/ml/processing/input/{k}",
                        )
                        for k, src in enumerate(srcs, start=1)
                    ],
                    feature_outputs(name),
                    "features.py",
                    set(srcs),
                )
            layer.append(name)
        layers.append(layer)
        made += count
    deepest = [s for layer in reversed(layers) for s in layer]  # deepest first

    # -- Train-* and Evaluate-* ----------------------------------------------
    t_fmt = fmt(n_train)
    artifacts: dict[str, str] = {}
    reports: list[tuple[str, str, dict[str, Any]]] = []  # (evaluate step, report URI, body)
    for t in range(1, n_train + 1):
        src = deepest[(t - 1) % len(deepest)]
        train = f"Train-{t:{t_fmt}}"
        job = bench_job_name(train)
        output_path = uri(f"{train.lower()}/model")
        hyper = {
            "objective": "binary:logistic",
            "eval_metric": "auc",
            "num_round": str(50 + 10 * (t % 10)),
            "max_depth": str(3 + t % 6),
            "eta": f"{0.1 + 0.05 * (t % 5):.2f}",
        }
        add(
            train,
            "Training",
            {
                "Name": train,
                "Type": "Training",
                "Arguments": training_args(
                    channels=[
                        ("train", processing_output_ref(src, "features")),
                        ("validation", processing_output_ref(src, "holdout")),
                    ],
                    output_path=output_path,
                    hyper_parameters=dict(hyper),
                ),
            },
            {src},
            {"TrainingJob": {"Arn": sm_arn("training-job", job)}},
        )
        artifacts[train] = f"{output_path}/{job}/output/model.tar.gz"
        auc = round(0.80 + ((t * 37) % 17) / 100, 3)
        training_jobs.append(
            {
                "name": job,
                "step": train,
                "args": training_args(
                    channels=[("train", outputs[src]["features"]), ("validation", outputs[src]["holdout"])],
                    output_path=output_path,
                    hyper_parameters=dict(hyper),
                ),
                "final_metrics": [
                    {"MetricName": "train:loss", "Value": round(0.30 - auc / 5, 4)},
                    {"MetricName": "validation:auc", "Value": auc},
                ],
            }
        )

        evaluate = f"Evaluate-{t:{t_fmt}}"
        evaluation = uri(f"{evaluate.lower()}/evaluation")
        processing_step(
            evaluate,
            [
                (
                    "model",
                    get(f"Steps.{train}.ModelArtifacts.S3ModelArtifacts"),
                    artifacts[train],
                    "/opt/ml/processing/model",
                ),
                ("test", processing_output_ref(src, "holdout"), outputs[src]["holdout"], "/opt/ml/processing/test"),
            ],
            [("evaluation", evaluation, "/opt/ml/processing/evaluation")],
            "evaluate.py",
            {train, src},
            image=XGBOOST_IMAGE,
            extra_fields={
                "PropertyFiles": [
                    {
                        "PropertyFileName": "EvaluationReport",
                        "OutputName": "evaluation",
                        "FilePath": "evaluation.json",
                    }
                ]
            },
        )
        reports.append(
            (
                evaluate,
                f"{evaluation}/evaluation.json",
                {
                    "binary_classification_metrics": {
                        "auc": {"value": auc, "standard_deviation": 0.012},
                        "accuracy": {"value": round(auc - 0.05, 3), "standard_deviation": 0.015},
                    }
                },
            )
        )

    # -- Check-* (Condition) with Register-* / CreateModel-* in IfSteps --------
    models: list[dict[str, Any]] = []
    packages: list[dict[str, Any]] = []
    nested: dict[str, list[dict[str, Any]]] = {}  # condition -> its IfSteps
    for c in range(1, n_check + 1):
        train = f"Train-{c:{t_fmt}}"
        evaluate, report_uri, _ = reports[c - 1]
        check = f"Check-{c:{t_fmt}}"
        if_steps: list[dict[str, Any]] = []
        add(
            check,
            "Condition",
            {
                "Name": check,
                "Type": "Condition",
                "Arguments": {
                    "Conditions": [
                        {
                            "Type": "GreaterThanOrEqualTo",
                            "LeftValue": {
                                "Std:JsonGet": {
                                    "PropertyFile": get(f"Steps.{evaluate}.PropertyFiles.EvaluationReport"),
                                    "Path": "binary_classification_metrics.auc.value",
                                }
                            },
                            "RightValue": get("Parameters.AucThreshold"),
                        }
                    ],
                    "IfSteps": if_steps,
                    "ElseSteps": [],
                },
            },
            {evaluate},
            {"Condition": {"Outcome": "True"}},
        )
        nested[check] = if_steps
        model_metrics = {
            "ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": report_uri}}
        }
        if c <= n_register:
            register = f"Register-{c:{t_fmt}}"
            package_arn = sm_arn("model-package", f"{BENCH_MODEL_PACKAGE_GROUP}/{len(packages) + 1}")
            step = {
                "Name": register,
                "Type": "RegisterModel",
                "Arguments": {
                    "ModelPackageGroupName": BENCH_MODEL_PACKAGE_GROUP,
                    "ModelMetrics": copy.deepcopy(model_metrics),
                    "InferenceSpecification": churn_inference_spec(
                        get(f"Steps.{train}.ModelArtifacts.S3ModelArtifacts")
                    ),
                    "ModelApprovalStatus": "PendingManualApproval",
                },
            }
            if_steps.append(step)
            add(register, "RegisterModel", step, {check, train}, {"RegisterModel": {"Arn": package_arn}})
            packages.append(
                {
                    "arn": package_arn,
                    "step": register,
                    "group": BENCH_MODEL_PACKAGE_GROUP,
                    "version": len(packages) + 1,
                    "approval_status": "PendingManualApproval" if c % 3 else "Approved",
                    "inference_specification": churn_inference_spec(artifacts[train]),
                    "model_metrics": copy.deepcopy(model_metrics),
                    "metadata_properties": {"GeneratedBy": BENCH_EXEC_ARN},
                }
            )
        if c <= n_model:
            create = f"CreateModel-{c:{t_fmt}}"
            model_name = bench_job_name(create)
            container = {"Image": XGBOOST_IMAGE, "Environment": {}}
            step = {
                "Name": create,
                "Type": "Model",
                "Arguments": {
                    "ExecutionRoleArn": ROLE_ARN,
                    "PrimaryContainer": dict(
                        container, ModelDataUrl=get(f"Steps.{train}.ModelArtifacts.S3ModelArtifacts")
                    ),
                },
            }
            if_steps.append(step)
            add(create, "Model", step, {check, train}, {"Model": {"Arn": sm_arn("model", model_name)}})
            models.append(
                {
                    "name": model_name,
                    "step": create,
                    "args": {
                        "ExecutionRoleArn": ROLE_ARN,
                        "PrimaryContainer": dict(container, ModelDataUrl=artifacts[train]),
                    },
                }
            )

    # -- Notify-* (Lambda) for whatever is left ---------------------------------
    n_fmt = fmt(n_notify)
    for i in range(1, n_notify + 1):
        src = deepest[(i - 1) % len(deepest)]
        notify = f"Notify-{i:{n_fmt}}"
        add(
            notify,
            "Lambda",
            {
                "Name": notify,
                "Type": "Lambda",
                "Arguments": {
                    "dataset_uri": processing_output_ref(src, "features"),
                    "execution_id": get("Execution.PipelineExecutionId"),
                },
                "FunctionArn": BENCH_LAMBDA_ARN,
                "OutputParameters": [{"OutputName": "statusCode", "OutputType": "String"}],
                "TimeoutSeconds": 120,
            },
            {src},
            {"Lambda": {"Arn": BENCH_LAMBDA_ARN, "OutputParameters": [{"Name": "statusCode", "Value": "200"}]}},
        )

    # -- schedule: every step starts a few seconds after its last predecessor ends
    durations = {"Processing": 120, "Training": 600, "Condition": 1, "RegisterModel": 3, "Model": 4, "Lambda": 6}
    spans: dict[str, tuple[datetime, datetime]] = {}
    for idx, name in enumerate(order):
        node = nodes[name]
        ready = max((spans[d][1] for d in node["deps"]), default=BENCH_START)
        start = ready + timedelta(seconds=4 + idx % 5)
        base = durations[node["kind"]]
        length = base + (idx * 37) % base if base >= 60 else base
        spans[name] = (start, start + timedelta(seconds=length))
    finished = max(end for _, end in spans.values())

    def job_times(step: str) -> dict[str, Any]:
        start, end = spans[step]
        created = start + timedelta(seconds=1)
        return {
            "status": "Completed",
            "created": created,
            "started": created + timedelta(seconds=45 + len(step) % 20),
            "ended": end - timedelta(seconds=4),
            "failure_reason": None,
        }

    for job in processing_jobs:
        job.update(job_times(job.pop("step")))
    for job in training_jobs:
        job.update(job_times(job.pop("step")), secondary_status="Completed")
    for model in models:
        model["created"] = spans[model.pop("step")][0] + timedelta(seconds=2)
    for package in packages:
        package["created"] = spans[package.pop("step")][0] + timedelta(seconds=1)

    definition: dict[str, Any] = {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [{"Name": "AucThreshold", "Type": "Float", "DefaultValue": BENCH_AUC_THRESHOLD}],
        "PipelineExperimentConfig": {
            "ExperimentName": get("Execution.PipelineName"),
            "TrialName": get("Execution.PipelineExecutionId"),
        },
        # Top level: everything not nested in a condition's IfSteps.
        "Steps": [
            nodes[name]["def"]
            for name in order
            if nodes[name]["kind"] not in ("RegisterModel", "Model")
        ],
    }
    size = len(json.dumps(definition))
    if size > PIPELINE_DEFINITION_MAX_CHARS:
        raise ValueError(
            f"the bench definition would have {size} characters, more than SageMaker's "
            f"{PIPELINE_DEFINITION_MAX_CHARS}; ask for fewer --bench-steps"
        )

    execution_steps = [
        step_entry(name, "Succeeded", _iso(spans[name][0]), _iso(spans[name][1]), metadata=nodes[name]["metadata"])
        for name in order
    ]
    # Executions 2..E (--bench-executions, for memory tests) repeat the first one
    # period after period: the same step list object (the seeder keeps one copy;
    # the steps' times are moved by step_time_shift when listed) and the same jobs.
    # A period is the run's length rounded up to whole hours, so runs never overlap.
    run = finished + timedelta(seconds=5) - BENCH_START
    period = timedelta(hours=math.ceil(run.total_seconds() / 3600))
    parameters = [{"Name": "AucThreshold", "Value": str(BENCH_AUC_THRESHOLD)}]
    bench_executions = []
    for k in range(1, e + 1):
        offset = period * (k - 1)
        execution_id_ = bench_execution_id(k)
        bench_executions.append(
            {
                "id": execution_id_,
                "arn": execution_arn(BENCH, execution_id_),
                "display_name": execution_id_,
                "status": "Succeeded",
                "failure_reason": None,
                "start": BENCH_START + offset,
                "last_modified": BENCH_START + run + offset,
                "parameters": parameters,
                "steps": execution_steps,
                "step_time_shift": offset or None,
            }
        )
    pipeline = {
        "name": BENCH,
        "display_name": BENCH,
        "description": (
            f"Generated benchmark pipeline: {n} steps, {j} with jobs, S3 over {b} buckets"
        ),
        "tags": [{"Key": "purpose", "Value": "benchmark"}],
        "created": ts("2026-11-26T20:00:00Z"),
        "last_modified": ts("2026-11-26T20:00:00Z"),
        "definition": definition,
        "executions": bench_executions,
    }

    objects = []
    for _, report_uri, body in reports:
        bucket, key = report_uri[len("s3://") :].split("/", 1)
        objects.append(
            {"bucket": bucket, "key": key, "body": json.dumps(body), "content_type": "application/json"}
        )

    return {
        "buckets": [
            dict(copy.deepcopy(_BENCH_BUCKET_PROFILES[i % len(_BENCH_BUCKET_PROFILES)]), name=bench_bucket(i), region=REGION)
            for i in range(b)
        ],
        "objects": objects,
        "pipelines": [pipeline],
        "processing_jobs": processing_jobs,
        "training_jobs": training_jobs,
        "models": models,
        "transform_jobs": [],
        "tuning_jobs": [],
        "model_package_groups": (
            [
                {
                    "name": BENCH_MODEL_PACKAGE_GROUP,
                    "description": "Benchmark candidate models",
                    "created": ts("2026-11-26T20:05:00Z"),
                }
            ]
            if packages
            else []
        ),
        "model_packages": packages,
    }


# ---------------------------------------------------------------------------
# Scenario registry
# ---------------------------------------------------------------------------

DEMO: dict[str, Any] = {
    "buckets": BUCKETS,
    "objects": OBJECTS,
    "pipelines": [
        CHURN_PIPELINE,
        FRAUD_PIPELINE,
        QG_PIPELINE,
        WIDE_PIPELINE,
        NEVER_PIPELINE,
        LARGE_PIPELINE,
        CLASH_PIPELINE,
        GATE_PIPELINE,
    ],
    "processing_jobs": PROCESSING_JOBS,
    "training_jobs": TRAINING_JOBS,
    "models": MODELS,
    "transform_jobs": TRANSFORM_JOBS,
    "tuning_jobs": TUNING_JOBS,
    "model_package_groups": MODEL_PACKAGE_GROUPS,
    "model_packages": MODEL_PACKAGES,
}

NONE: dict[str, Any] = {
    "buckets": [],
    "objects": [],
    "pipelines": [],
    "processing_jobs": [],
    "training_jobs": [],
    "models": [],
    "transform_jobs": [],
    "tuning_jobs": [],
    "model_package_groups": [],
    "model_packages": [],
}

SCENARIOS: dict[str, dict[str, Any]] = {"demo": DEMO, "none": NONE}

# Scenarios built from command-line parameters (``--bench-*``), not fixed data.
GENERATED_SCENARIOS: dict[str, Any] = {"bench": bench_scenario}


def scenario_names() -> list[str]:
    return sorted([*SCENARIOS, *GENERATED_SCENARIOS])


def restricted_buckets(scenario: dict[str, Any]) -> dict[str, str]:
    """name -> region of the buckets whose reads answer 403 AccessDenied."""
    return {b["name"]: b["region"] for b in scenario["buckets"] if b.get("restricted")}


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
