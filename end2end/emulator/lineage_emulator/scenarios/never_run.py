"""Pipeline 5, ``never-run``: a definition (Prepare -> Fit) without executions."""

from __future__ import annotations

from typing import Any

from .common import get, processing_args, processing_output_ref, training_args, ts


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
