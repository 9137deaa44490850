"""Pipeline 10, ``churn-weekly``: three executions worth comparing.

Its two definitions -- v1 (Preprocess -> Train -> Evaluate -> CheckAuc with
RegisterModel / AucTooLow) and v2, the current one (v1 plus ``Validate``
between Preprocess and Train) --, its three executions (``exec-weekly-0001``
Succeeded on v1, ``exec-weekly-0002`` Failed on v1 because the AUC fell below
MinAuc, ``exec-weekly-0003`` Succeeded on v2 with a Preprocess cache hit on
0002), and the jobs and model packages behind them.

Each execution carries its own ``definition`` (what
DescribePipelineDefinitionForExecution answers); the pipeline's is v2.  The
evaluation reports are in ``common.WEEKLY_EVALUATION_REPORTS`` (S3 objects).
"""

from __future__ import annotations

import copy
from typing import Any

from .common import (
    WEEKLY_EVALUATION_REPORTS,
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
from .customer_churn import churn_inference_spec


# ---------------------------------------------------------------------------
# Pipeline 10: churn-weekly
# ---------------------------------------------------------------------------

WEEKLY = "churn-weekly"
WEEKLY_INPUT_DATA = "s3://lineage-raw-data/churn-weekly/raw/"
WEEKLY_MIN_AUC = 0.8
WEEKLY_TRAIN_INSTANCE_TYPE = "ml.m5.xlarge"
WEEKLY_TRAIN = "s3://lineage-features/churn-weekly/train"
WEEKLY_TEST = "s3://lineage-features/churn-weekly/test"
WEEKLY_VALIDATED = "s3://lineage-features/churn-weekly/validated"
WEEKLY_MODEL_PATH = "s3://lineage-models/churn-weekly/model"
WEEKLY_EVALUATION_PREFIX = "s3://lineage-models/churn-weekly/evaluation/"

WEEKLY_EXEC_1 = "exec-weekly-0001"
WEEKLY_EXEC_2 = "exec-weekly-0002"
WEEKLY_EXEC_3 = "exec-weekly-0003"
WEEKLY_EXEC_1_ARN = execution_arn(WEEKLY, WEEKLY_EXEC_1)
WEEKLY_EXEC_2_ARN = execution_arn(WEEKLY, WEEKLY_EXEC_2)
WEEKLY_EXEC_3_ARN = execution_arn(WEEKLY, WEEKLY_EXEC_3)

# pipelines-<execution id>-<step, lower case>-<10 random-looking characters>
WEEKLY_PREPROCESS_JOB_1 = "pipelines-exec-weekly-0001-preprocess-q7m2x9k4w1"
WEEKLY_TRAIN_JOB_1 = "pipelines-exec-weekly-0001-train-h3n8v5c2z6"
WEEKLY_EVALUATE_JOB_1 = "pipelines-exec-weekly-0001-evaluate-p4w1r7t9e3"
WEEKLY_PREPROCESS_JOB_2 = "pipelines-exec-weekly-0002-preprocess-d6f2j8l4s0"
WEEKLY_TRAIN_JOB_2 = "pipelines-exec-weekly-0002-train-u5y9i3o7b1"
WEEKLY_EVALUATE_JOB_2 = "pipelines-exec-weekly-0002-evaluate-g8k4m2n6q0"
WEEKLY_VALIDATE_JOB_3 = "pipelines-exec-weekly-0003-validate-r2t6y0u4i8"
WEEKLY_TRAIN_JOB_3 = "pipelines-exec-weekly-0003-train-c1v5b9n3m7"
WEEKLY_EVALUATE_JOB_3 = "pipelines-exec-weekly-0003-evaluate-e7w3q9z5x1"

WEEKLY_MODEL_PACKAGE_GROUP = "churn-weekly-models"
WEEKLY_MODEL_PACKAGE_1_ARN = sm_arn("model-package", f"{WEEKLY_MODEL_PACKAGE_GROUP}/1")
WEEKLY_MODEL_PACKAGE_2_ARN = sm_arn("model-package", f"{WEEKLY_MODEL_PACKAGE_GROUP}/2")

WEEKLY_AUC_TOO_LOW = "AUC below 0.8"  # AucTooLow's ErrorMessage with MinAuc's default
WEEKLY_STEP_FAILURE = "Step failure: One or multiple steps failed."


def weekly_model_artifact(train_job: str) -> str:
    return f"{WEEKLY_MODEL_PATH}/{train_job}/output/model.tar.gz"


def weekly_evaluation_output(execution_id: str) -> str:
    """Evaluate's ``evaluation`` output, resolved for one execution."""
    return f"{WEEKLY_EVALUATION_PREFIX}{execution_id}"


def weekly_evaluation_report_uri(execution_id: str) -> str:
    """The execution's evaluation.json (an S3 object, see common.OBJECTS)."""
    return f"{weekly_evaluation_output(execution_id)}/evaluation.json"


WEEKLY_HYPER_PARAMETERS = {
    "objective": "binary:logistic",
    "eval_metric": "auc",
    "num_round": "150",
    "max_depth": "6",
    "eta": "0.1",
}

# The built-in XGBoost metric names (MetricDefinitions of its training jobs).
WEEKLY_METRIC_DEFINITIONS = [
    {
        "Name": "train:logloss",
        "Regex": ".*\\[[0-9]+\\].*#011train-logloss:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*",
    },
    {
        "Name": "validation:auc",
        "Regex": ".*\\[[0-9]+\\].*#011validation-auc:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*",
    },
]


def weekly_preprocess_args(raw: Any) -> dict[str, Any]:
    return processing_args(
        inputs=[("raw", raw, "/opt/ml/processing/input")],
        outputs=[
            ("train", WEEKLY_TRAIN, "/opt/ml/processing/train"),
            ("test", WEEKLY_TEST, "/opt/ml/processing/test"),
        ],
        script="preprocess.py",
    )


def weekly_validate_args(train: Any) -> dict[str, Any]:
    return processing_args(
        inputs=[("train", train, "/opt/ml/processing/input/train")],
        outputs=[("validated", WEEKLY_VALIDATED, "/opt/ml/processing/validated")],
        script="validate.py",
    )


def weekly_train_args(train: Any, instance_type: Any) -> dict[str, Any]:
    args = training_args(
        channels=[("train", train)],
        output_path=WEEKLY_MODEL_PATH,
        hyper_parameters=dict(WEEKLY_HYPER_PARAMETERS),
    )
    args["ResourceConfig"]["InstanceType"] = instance_type
    return args


def weekly_evaluate_args(model: Any, test: Any, evaluation: Any) -> dict[str, Any]:
    return processing_args(
        inputs=[
            ("model", model, "/opt/ml/processing/model"),
            ("test", test, "/opt/ml/processing/test"),
        ],
        outputs=[("evaluation", evaluation, "/opt/ml/processing/evaluation")],
        script="evaluate.py",
        image=XGBOOST_IMAGE,
    )


def weekly_model_metrics(statistics: Any) -> dict[str, Any]:
    return {"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": statistics}}}


def _weekly_definition(with_validate: bool) -> dict[str, Any]:
    """v1 (``with_validate=False``) or v2 (Validate between Preprocess and Train)."""
    train_source = (
        processing_output_ref("Validate", "validated")
        if with_validate
        else processing_output_ref("Preprocess", "train")
    )
    steps: list[dict[str, Any]] = [
        {
            "Name": "Preprocess",
            "Type": "Processing",
            "Arguments": weekly_preprocess_args(get("Parameters.InputData")),
            "CacheConfig": {"Enabled": True, "ExpireAfter": "P30D"},
        },
    ]
    if with_validate:
        steps.append(
            {
                "Name": "Validate",
                "Type": "Processing",
                "Arguments": weekly_validate_args(processing_output_ref("Preprocess", "train")),
            }
        )
    steps += [
        {
            "Name": "Train",
            "Type": "Training",
            "Arguments": weekly_train_args(train_source, get("Parameters.TrainInstanceType")),
        },
        {
            "Name": "Evaluate",
            "Type": "Processing",
            "Arguments": weekly_evaluate_args(
                get("Steps.Train.ModelArtifacts.S3ModelArtifacts"),
                processing_output_ref("Preprocess", "test"),
                {
                    "Std:Join": {
                        "On": "",
                        "Values": [WEEKLY_EVALUATION_PREFIX, get("Execution.PipelineExecutionId")],
                    }
                },
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
            "Name": "CheckAuc",
            "Type": "Condition",
            "Arguments": {
                "Conditions": [
                    {
                        "Type": "GreaterThanOrEqualTo",
                        "LeftValue": {
                            "Std:JsonGet": {
                                "PropertyFile": get("Steps.Evaluate.PropertyFiles.EvaluationReport"),
                                "Path": "binary_classification_metrics.auc.value",
                            }
                        },
                        "RightValue": get("Parameters.MinAuc"),
                    }
                ],
                "IfSteps": [
                    {
                        "Name": "RegisterModel",
                        "Type": "RegisterModel",
                        "Arguments": {
                            "ModelPackageGroupName": WEEKLY_MODEL_PACKAGE_GROUP,
                            "ModelMetrics": weekly_model_metrics(
                                {
                                    "Std:Join": {
                                        "On": "/",
                                        "Values": [
                                            processing_output_ref("Evaluate", "evaluation"),
                                            "evaluation.json",
                                        ],
                                    }
                                }
                            ),
                            "InferenceSpecification": churn_inference_spec(
                                get("Steps.Train.ModelArtifacts.S3ModelArtifacts")
                            ),
                            "ModelApprovalStatus": "PendingManualApproval",
                        },
                    }
                ],
                "ElseSteps": [
                    {
                        "Name": "AucTooLow",
                        "Type": "Fail",
                        "Arguments": {
                            "ErrorMessage": {
                                "Std:Join": {
                                    "On": " ",
                                    "Values": ["AUC below", get("Parameters.MinAuc")],
                                }
                            }
                        },
                    }
                ],
            },
        },
    ]
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [
            {"Name": "InputData", "Type": "String", "DefaultValue": WEEKLY_INPUT_DATA},
            {"Name": "MinAuc", "Type": "Float", "DefaultValue": WEEKLY_MIN_AUC},
            {
                "Name": "TrainInstanceType",
                "Type": "String",
                "DefaultValue": WEEKLY_TRAIN_INSTANCE_TYPE,
            },
        ],
        "PipelineExperimentConfig": {
            "ExperimentName": get("Execution.PipelineName"),
            "TrialName": get("Execution.PipelineExecutionId"),
        },
        "Steps": steps,
    }


WEEKLY_DEFINITION_V1: dict[str, Any] = _weekly_definition(with_validate=False)
WEEKLY_DEFINITION_V2: dict[str, Any] = _weekly_definition(with_validate=True)
# The pipeline's current definition (DescribePipeline): v2, deployed 2026-11-20.
WEEKLY_DEFINITION = WEEKLY_DEFINITION_V2

# ListPipelineParametersForExecution: what each execution was started with
# (0002 did not set MinAuc, so it ran with the default 0.8 and does not list it).
WEEKLY_PARAMETERS_1 = [
    {"Name": "InputData", "Value": "s3://lineage-raw-data/churn-weekly/raw/2026-11-09/"},
    {"Name": "MinAuc", "Value": "0.8"},
    {"Name": "TrainInstanceType", "Value": "ml.m5.xlarge"},
]
WEEKLY_PARAMETERS_2 = [
    {"Name": "InputData", "Value": "s3://lineage-raw-data/churn-weekly/raw/2026-11-16/"},
    {"Name": "TrainInstanceType", "Value": "ml.m5.xlarge"},
]
WEEKLY_PARAMETERS_3 = [
    {"Name": "InputData", "Value": "s3://lineage-raw-data/churn-weekly/raw/2026-11-16/"},
    {"Name": "MinAuc", "Value": "0.82"},
    {"Name": "TrainInstanceType", "Value": "ml.m5.2xlarge"},
]


def _processing(job: str) -> dict[str, Any]:
    return {"ProcessingJob": {"Arn": sm_arn("processing-job", job)}}


def _training(job: str) -> dict[str, Any]:
    return {"TrainingJob": {"Arn": sm_arn("training-job", job)}}


WEEKLY_PIPELINE: dict[str, Any] = {
    "name": WEEKLY,
    "display_name": WEEKLY,
    "description": "Weekly churn retraining: preprocess, (validate,) train, evaluate, gate on AUC, register",
    "tags": [{"Key": "team", "Value": "ml-platform"}],
    "created": ts("2026-11-02T10:00:00Z"),
    "last_modified": ts("2026-11-20T10:00:00Z"),  # v2 (Validate) deployed
    "definition": WEEKLY_DEFINITION,
    "executions": [
        {
            "id": WEEKLY_EXEC_1,
            "arn": WEEKLY_EXEC_1_ARN,
            "display_name": WEEKLY_EXEC_1,
            "status": "Succeeded",
            "failure_reason": None,
            "start": ts("2026-11-09T06:00:00Z"),
            "last_modified": ts("2026-11-09T06:31:30Z"),
            "parameters": copy.deepcopy(WEEKLY_PARAMETERS_1),
            "definition": WEEKLY_DEFINITION_V1,
            "steps": [
                step_entry(
                    "RegisterModel",
                    "Succeeded",
                    "2026-11-09T06:31:20Z",
                    "2026-11-09T06:31:24Z",
                    metadata={"RegisterModel": {"Arn": WEEKLY_MODEL_PACKAGE_1_ARN}},
                ),
                step_entry(
                    "CheckAuc",
                    "Succeeded",
                    "2026-11-09T06:31:15Z",
                    "2026-11-09T06:31:16Z",
                    metadata={"Condition": {"Outcome": "True"}},
                ),
                step_entry(
                    "Evaluate",
                    "Succeeded",
                    "2026-11-09T06:23:45Z",
                    "2026-11-09T06:31:10Z",
                    metadata=_processing(WEEKLY_EVALUATE_JOB_1),
                ),
                step_entry(
                    "Train",
                    "Succeeded",
                    "2026-11-09T06:09:40Z",
                    "2026-11-09T06:23:40Z",
                    metadata=_training(WEEKLY_TRAIN_JOB_1),
                ),
                step_entry(
                    "Preprocess",
                    "Succeeded",
                    "2026-11-09T06:00:04Z",
                    "2026-11-09T06:09:35Z",
                    metadata=_processing(WEEKLY_PREPROCESS_JOB_1),
                ),
            ],
        },
        {
            "id": WEEKLY_EXEC_2,
            "arn": WEEKLY_EXEC_2_ARN,
            "display_name": WEEKLY_EXEC_2,
            "status": "Failed",
            "failure_reason": WEEKLY_STEP_FAILURE,
            "start": ts("2026-11-16T06:00:00Z"),
            "last_modified": ts("2026-11-16T06:30:55Z"),
            "parameters": copy.deepcopy(WEEKLY_PARAMETERS_2),
            "definition": WEEKLY_DEFINITION_V1,
            "steps": [
                step_entry(
                    "AucTooLow",
                    "Failed",
                    "2026-11-16T06:30:50Z",
                    "2026-11-16T06:30:51Z",
                    metadata={"Fail": {"ErrorMessage": WEEKLY_AUC_TOO_LOW}},
                    failure_reason=WEEKLY_AUC_TOO_LOW,
                ),
                step_entry(
                    "CheckAuc",
                    "Succeeded",
                    "2026-11-16T06:30:45Z",
                    "2026-11-16T06:30:46Z",
                    metadata={"Condition": {"Outcome": "False"}},
                ),
                step_entry(
                    "Evaluate",
                    "Succeeded",
                    "2026-11-16T06:23:05Z",
                    "2026-11-16T06:30:40Z",
                    metadata=_processing(WEEKLY_EVALUATE_JOB_2),
                ),
                step_entry(
                    "Train",
                    "Succeeded",
                    "2026-11-16T06:09:10Z",
                    "2026-11-16T06:23:00Z",
                    metadata=_training(WEEKLY_TRAIN_JOB_2),
                ),
                step_entry(
                    "Preprocess",
                    "Succeeded",
                    "2026-11-16T06:00:04Z",
                    "2026-11-16T06:09:05Z",
                    metadata=_processing(WEEKLY_PREPROCESS_JOB_2),
                ),
            ],
        },
        {
            "id": WEEKLY_EXEC_3,
            "arn": WEEKLY_EXEC_3_ARN,
            "display_name": WEEKLY_EXEC_3,
            "status": "Succeeded",
            "failure_reason": None,
            "start": ts("2026-11-23T06:00:00Z"),
            "last_modified": ts("2026-11-23T06:25:20Z"),
            "parameters": copy.deepcopy(WEEKLY_PARAMETERS_3),
            "definition": WEEKLY_DEFINITION_V2,
            "steps": [
                step_entry(
                    "RegisterModel",
                    "Succeeded",
                    "2026-11-23T06:25:10Z",
                    "2026-11-23T06:25:14Z",
                    metadata={"RegisterModel": {"Arn": WEEKLY_MODEL_PACKAGE_2_ARN}},
                ),
                step_entry(
                    "CheckAuc",
                    "Succeeded",
                    "2026-11-23T06:25:05Z",
                    "2026-11-23T06:25:06Z",
                    metadata={"Condition": {"Outcome": "True"}},
                ),
                step_entry(
                    "Evaluate",
                    "Succeeded",
                    "2026-11-23T06:17:30Z",
                    "2026-11-23T06:25:00Z",
                    metadata=_processing(WEEKLY_EVALUATE_JOB_3),
                ),
                step_entry(
                    "Train",
                    "Succeeded",
                    "2026-11-23T06:06:10Z",
                    "2026-11-23T06:17:25Z",
                    metadata=_training(WEEKLY_TRAIN_JOB_3),
                ),
                step_entry(
                    "Validate",
                    "Succeeded",
                    "2026-11-23T06:00:10Z",
                    "2026-11-23T06:06:05Z",
                    metadata=_processing(WEEKLY_VALIDATE_JOB_3),
                ),
                step_entry(
                    "Preprocess",
                    "Succeeded",
                    "2026-11-23T06:00:04Z",
                    "2026-11-23T06:00:07Z",
                    metadata=_processing(WEEKLY_PREPROCESS_JOB_2),
                    cache_hit_from=WEEKLY_EXEC_2_ARN,
                ),
            ],
        },
    ],
}


# ---------------------------------------------------------------------------
# Jobs, models and model packages (Describe* state)
# ---------------------------------------------------------------------------

WEEKLY_PROCESSING_JOBS: list[dict[str, Any]] = [
    _job(
        WEEKLY_PREPROCESS_JOB_1,
        weekly_preprocess_args(WEEKLY_PARAMETERS_1[0]["Value"]),
        "Completed",
        "2026-11-09T06:00:05Z",
        "2026-11-09T06:02:30Z",
        "2026-11-09T06:09:26Z",
    ),
    _job(
        WEEKLY_EVALUATE_JOB_1,
        weekly_evaluate_args(
            weekly_model_artifact(WEEKLY_TRAIN_JOB_1),
            WEEKLY_TEST,
            weekly_evaluation_output(WEEKLY_EXEC_1),
        ),
        "Completed",
        "2026-11-09T06:23:46Z",
        "2026-11-09T06:26:00Z",
        "2026-11-09T06:31:02Z",
    ),
    _job(
        WEEKLY_PREPROCESS_JOB_2,
        weekly_preprocess_args(WEEKLY_PARAMETERS_2[0]["Value"]),
        "Completed",
        "2026-11-16T06:00:05Z",
        "2026-11-16T06:02:20Z",
        "2026-11-16T06:08:57Z",
    ),
    _job(
        WEEKLY_EVALUATE_JOB_2,
        weekly_evaluate_args(
            weekly_model_artifact(WEEKLY_TRAIN_JOB_2),
            WEEKLY_TEST,
            weekly_evaluation_output(WEEKLY_EXEC_2),
        ),
        "Completed",
        "2026-11-16T06:23:06Z",
        "2026-11-16T06:25:20Z",
        "2026-11-16T06:30:31Z",
    ),
    _job(
        WEEKLY_VALIDATE_JOB_3,
        weekly_validate_args(WEEKLY_TRAIN),
        "Completed",
        "2026-11-23T06:00:11Z",
        "2026-11-23T06:02:10Z",
        "2026-11-23T06:05:57Z",
    ),
    _job(
        WEEKLY_EVALUATE_JOB_3,
        weekly_evaluate_args(
            weekly_model_artifact(WEEKLY_TRAIN_JOB_3),
            WEEKLY_TEST,
            weekly_evaluation_output(WEEKLY_EXEC_3),
        ),
        "Completed",
        "2026-11-23T06:17:31Z",
        "2026-11-23T06:19:45Z",
        "2026-11-23T06:24:51Z",
    ),
]


def _weekly_training_job(
    name: str,
    train: str,
    instance_type: str,
    times: tuple[str, str, str],
    auc: float,
    logloss: float,
) -> dict[str, Any]:
    return dict(
        _job(name, weekly_train_args(train, instance_type), "Completed", *times),
        secondary_status="Completed",
        final_metrics=[
            {"MetricName": "train:logloss", "Value": logloss},
            {"MetricName": "validation:auc", "Value": auc},
        ],
        metric_definitions=copy.deepcopy(WEEKLY_METRIC_DEFINITIONS),
    )


WEEKLY_TRAINING_JOBS: list[dict[str, Any]] = [
    _weekly_training_job(
        WEEKLY_TRAIN_JOB_1,
        WEEKLY_TRAIN,
        "ml.m5.xlarge",
        ("2026-11-09T06:09:41Z", "2026-11-09T06:12:00Z", "2026-11-09T06:23:31Z"),
        auc=0.868,
        logloss=0.291,
    ),
    _weekly_training_job(
        WEEKLY_TRAIN_JOB_2,
        WEEKLY_TRAIN,
        "ml.m5.xlarge",
        ("2026-11-16T06:09:11Z", "2026-11-16T06:11:40Z", "2026-11-16T06:22:51Z"),
        auc=0.751,
        logloss=0.347,
    ),
    _weekly_training_job(
        WEEKLY_TRAIN_JOB_3,
        WEEKLY_VALIDATED,
        "ml.m5.2xlarge",
        ("2026-11-23T06:06:11Z", "2026-11-23T06:08:20Z", "2026-11-23T06:17:16Z"),
        auc=0.879,
        logloss=0.273,
    ),
]

WEEKLY_MODEL_PACKAGE_GROUPS: list[dict[str, Any]] = [
    {
        "name": WEEKLY_MODEL_PACKAGE_GROUP,
        "description": "Weekly churn models that passed the AUC gate",
        "created": ts("2026-11-02T10:05:00Z"),
    },
]

WEEKLY_MODEL_PACKAGES: list[dict[str, Any]] = [
    {
        # Registered PendingManualApproval (the definition's status), approved since.
        "arn": WEEKLY_MODEL_PACKAGE_1_ARN,
        "group": WEEKLY_MODEL_PACKAGE_GROUP,
        "version": 1,
        "created": ts("2026-11-09T06:31:22Z"),
        "approval_status": "Approved",
        "inference_specification": churn_inference_spec(weekly_model_artifact(WEEKLY_TRAIN_JOB_1)),
        "model_metrics": weekly_model_metrics(weekly_evaluation_report_uri(WEEKLY_EXEC_1)),
        "metadata_properties": {"GeneratedBy": WEEKLY_EXEC_1_ARN},
    },
    {
        "arn": WEEKLY_MODEL_PACKAGE_2_ARN,
        "group": WEEKLY_MODEL_PACKAGE_GROUP,
        "version": 2,
        "created": ts("2026-11-23T06:25:12Z"),
        "approval_status": "PendingManualApproval",
        "inference_specification": churn_inference_spec(weekly_model_artifact(WEEKLY_TRAIN_JOB_3)),
        "model_metrics": weekly_model_metrics(weekly_evaluation_report_uri(WEEKLY_EXEC_3)),
        "metadata_properties": {"GeneratedBy": WEEKLY_EXEC_3_ARN},
    },
]

# The AUC each execution's evaluation report holds (common.WEEKLY_EVALUATION_REPORTS).
WEEKLY_REPORT_AUC = {
    execution_id: report["binary_classification_metrics"]["auc"]["value"]
    for execution_id, report in WEEKLY_EVALUATION_REPORTS.items()
}
