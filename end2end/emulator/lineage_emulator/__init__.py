"""AWS emulator for the SageMaker Pipelines lineage viewer's end-to-end tests.

moto (in-process) + ``extension`` (patches that make moto answer like the real
SageMaker and S3 APIs) + ``server`` (latency, call counters, fault injection,
cross-region 301s, restricted bucket) + ``scenarios`` (the seeded data) + ``seed``.  Run with
``python -m lineage_emulator --port PORT``.
"""

__all__ = ["extension", "scenarios", "seed", "server"]
