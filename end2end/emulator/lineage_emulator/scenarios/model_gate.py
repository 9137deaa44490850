"""Pipeline 8, ``model-gate``: property references resolved from step metadata.

Its definition (ExportFeatures -> ScoreExport -> ModelQualityCheck ->
RegisterGatedModel), its Succeeded execution ``exec-gate-0001``, and the
processing jobs, model package group and model package behind it.
"""

from __future__ import annotations

import copy
from typing import Any

from .common import (
    ACCOUNT_ID,
    MODEL_MONITOR_IMAGE,
    REGION,
    XGBOOST_IMAGE,
    _job,
    execution_arn,
    get,
    processing_args,
    processing_output_ref,
    sm_arn,
    step_entry,
    ts,
)
from .customer_churn import churn_inference_spec


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

GATE_PROCESSING_JOBS: list[dict[str, Any]] = [
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

GATE_MODEL_PACKAGE_GROUPS: list[dict[str, Any]] = [
    {
        "name": GATE_MODEL_PACKAGE_GROUP,
        "description": "Models that passed the model-quality gate",
        "created": ts("2026-10-10T15:05:00Z"),
    },
]

GATE_MODEL_PACKAGES: list[dict[str, Any]] = [
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
