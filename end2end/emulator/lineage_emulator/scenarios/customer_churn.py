"""Pipeline 1, ``customer-churn``.

Its definition (Preprocess -> Train -> Evaluate -> CheckMSE with
RegisterChurnModel / CreateChurnModel / BatchScore or MseTooHigh), its two
executions (``exec-churn-0001`` Failed, ``exec-churn-0002`` Succeeded with a
cache hit) and the jobs, model, transform job and model package behind them.
"""

from __future__ import annotations

import copy
from typing import Any

from .common import (
    ROLE_ARN,
    XGBOOST_IMAGE,
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
# Jobs, models and model packages (Describe* state)
# ---------------------------------------------------------------------------

CHURN_PROCESSING_JOBS: list[dict[str, Any]] = [
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
]

CHURN_TRAINING_JOBS: list[dict[str, Any]] = [
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
]

CHURN_MODELS: list[dict[str, Any]] = [
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

CHURN_TRANSFORM_JOBS: list[dict[str, Any]] = [
    _job(
        CHURN_TRANSFORM_JOB_2,
        churn_transform_args(CHURN_MODEL_2, "s3://lineage-features/churn/test"),
        "Completed",
        "2026-11-25T08:22:31Z",
        "2026-11-25T08:25:00Z",
        "2026-11-25T08:44:41Z",
    )
]

CHURN_MODEL_PACKAGE_GROUPS: list[dict[str, Any]] = [
    {
        "name": CHURN_MODEL_PACKAGE_GROUP,
        "description": "Customer churn models",
        "created": ts("2026-11-01T09:05:00Z"),
    },
]

CHURN_MODEL_PACKAGES: list[dict[str, Any]] = [
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
]
