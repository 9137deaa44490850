"""Pipeline 7, ``id-clash``.

Steps named ``e0``, ``e1``, ``e2`` and ``n0``, like generated graph ids: the
definition, its Succeeded execution ``exec-clash-0001``, and the processing
and training jobs behind it.
"""

from __future__ import annotations

from typing import Any

from .common import (
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
# Jobs, models and model packages (Describe* state)
# ---------------------------------------------------------------------------

CLASH_PROCESSING_JOBS: list[dict[str, Any]] = [
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
]

CLASH_TRAINING_JOBS: list[dict[str, Any]] = [
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
