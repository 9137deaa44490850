"""Pipeline 4, ``wide-pipeline``.

Its definition (twelve parallel ``Shard-NN`` steps merged by ``Merge``), its
Succeeded execution ``exec-wide-0001`` (13 steps, so ListPipelineExecutionSteps
has 4 pages), and the processing jobs behind it.
"""

from __future__ import annotations

from typing import Any

from .common import (
    _job,
    at,
    execution_arn,
    get,
    processing_args,
    processing_output_ref,
    sm_arn,
    step_entry,
    ts,
)


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
# Jobs, models and model packages (Describe* state)
# ---------------------------------------------------------------------------

WIDE_PROCESSING_JOBS: list[dict[str, Any]] = [
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
]
