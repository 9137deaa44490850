"""Pipeline 2, ``fraud-detection-nightly``.

Its definition (Ingest from the restricted bucket -> TuneXGB -> EvaluateBest),
its still running execution ``exec-fraud-0042``, and the processing and
hyper-parameter tuning jobs behind it.
"""

from __future__ import annotations

from typing import Any

from .common import (
    ROLE_ARN,
    XGBOOST_IMAGE,
    _channel,
    _job,
    execution_arn,
    get,
    processing_args,
    processing_output_ref,
    sm_arn,
    step_entry,
    ts,
)


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
# Jobs, models and model packages (Describe* state)
# ---------------------------------------------------------------------------

FRAUD_PROCESSING_JOBS: list[dict[str, Any]] = [
    _job(
        FRAUD_INGEST_JOB,
        fraud_ingest_args(),
        "Completed",
        "2026-11-26T06:00:05Z",
        "2026-11-26T06:02:50Z",
        "2026-11-26T06:18:31Z",
    ),
]

FRAUD_TUNING_JOBS: list[dict[str, Any]] = [
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
