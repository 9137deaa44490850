"""Pipeline 6, ``large-pipeline``: 120 processing steps, never run (the graph at scale)."""

from __future__ import annotations

from typing import Any

from .common import processing_args, processing_output_ref, ts


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
