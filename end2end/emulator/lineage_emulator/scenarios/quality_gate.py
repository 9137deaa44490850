"""Pipeline 3, ``quality-gate``.

Its definition (DataQualityCheck -> CheckViolations -> GateFailed), its Failed
execution ``exec-qg-0007``, and the check's processing job.
"""

from __future__ import annotations

from typing import Any

from .common import (
    MODEL_MONITOR_IMAGE,
    _job,
    execution_arn,
    get,
    processing_args,
    sm_arn,
    step_entry,
    ts,
)


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
# Jobs, models and model packages (Describe* state)
# ---------------------------------------------------------------------------

QG_PROCESSING_JOBS: list[dict[str, Any]] = [
    _job(
        QG_CHECK_JOB,
        qg_check_args(),
        "Completed",
        "2026-11-24T12:00:06Z",
        "2026-11-24T12:02:30Z",
        "2026-11-24T12:06:31Z",
    ),
]
