"""The generated bench scenario (``--scenario bench``): ``bench_scenario()``.

One large, Succeeded pipeline sized by the ``--bench-*`` options, built fresh
for each call; none of the demo data.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
from datetime import datetime, timedelta, timezone
from typing import Any

from .common import (
    ACCOUNT_ID,
    KMS_KEY_ARN,
    PAB_ALL,
    REGION,
    ROLE_ARN,
    SKLEARN_IMAGE,
    XGBOOST_IMAGE,
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
# Generated scenario: bench (one large, succeeded run; --scenario bench)
# ---------------------------------------------------------------------------
#
# One pipeline, ``bench-pipeline``, with ``steps`` steps of which ``jobs`` have a
# real (Completed) job behind them, and one Succeeded execution listing every
# step.  Job steps: ``Ingest-*`` and ``Features-*`` Processing steps in layers
# (each feature step reads two outputs of the layer before, like
# large-pipeline), ``Train-*`` Training steps on the deepest processing
# outputs, and one ``Evaluate-*`` Processing step per training step with an
# ``EvaluationReport`` PropertyFile whose evaluation.json exists in S3.  The
# other steps have no job: ``Check-*`` Condition steps on the reports (all
# Outcome True), ``Register-*`` (RegisterModel, a real model package) and
# ``CreateModel-*`` (Model, a real model) in their IfSteps, then ``Notify-*``
# Lambda steps if still more are asked for.  Every S3 location is spread
# round-robin over ``buckets`` buckets ``bench-bucket-00`` ... with a rotating
# mix of encryption / versioning / public-access-block / tag settings.
#
# Optionally (``endpoints`` > 0, ``--bench-endpoints N``) N SageMaker endpoints
# ``bench-endpoint-0001`` ..., each with its own endpoint config and model: the
# model serves one of the pipeline's model packages (round-robin) when the
# pipeline registered any, else one of its training artifacts (Image +
# ModelDataUrl).  With the default 0 the scenario is exactly what it was before
# the option existed (no endpoint keys at all).
#
# Optionally (``pipelines`` > 0, ``--bench-pipelines N``) a *region*: N more,
# small pipelines ``bench-p-0001`` ... (Preprocess -> Train -> Register), each
# with ``executions_per_pipeline`` (``--bench-executions-per-pipeline M``,
# default 20) finished executions spread over the 28 days before the region's
# anchor, mostly Succeeded, some Failed, with their jobs and model packages;
# the endpoints then serve those pipelines' packages.  The anchor is the start
# of the current UTC day (``now`` truncated), so that the executions fall in the
# lineage index's default 30-day window whenever the emulator is started (and
# the data is the same all day); tests pass ``now`` to fix it.  See
# ``_bench_region``.  With the default 0 the scenario is exactly what it was.

BENCH = "bench-pipeline"
BENCH_EXEC = "exec-bench-0001"
BENCH_EXEC_ARN = execution_arn(BENCH, BENCH_EXEC)
BENCH_DEFAULT_STEPS = 45
BENCH_DEFAULT_JOBS = 30
BENCH_DEFAULT_BUCKETS = 10
BENCH_MODEL_PACKAGE_GROUP = "bench-models"
BENCH_LAMBDA_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:bench-notify"
BENCH_AUC_THRESHOLD = 0.75
BENCH_START = ts("2026-11-27T02:00:00Z")
BENCH_MAX_EXECUTIONS = 20000
BENCH_DEFAULT_ENDPOINTS = 0
BENCH_MAX_ENDPOINTS = 5000
BENCH_DEFAULT_PIPELINES = 0
BENCH_MAX_PIPELINES = 5000
BENCH_DEFAULT_EXECUTIONS_PER_PIPELINE = 20
BENCH_MAX_EXECUTIONS_PER_PIPELINE = 500
# The region's shared raw datasets (pipeline k reads dataset (k - 1) mod 25) and
# teams (the prefix of pipeline k's outputs: team (k - 1) mod 8).
BENCH_REGION_DATASETS = 25
BENCH_REGION_TEAMS = ["fraud", "churn", "pricing", "search", "ads", "risk", "supply", "growth"]
# Executions end this long before the anchor; the endpoints start 2 h before it.
BENCH_REGION_SPAN = timedelta(days=28)
BENCH_REGION_GAP = timedelta(hours=3)
BENCH_REGION_PREPROCESS_FAILURE = (
    "ClientError: AlgorithmError: See job logs for more information"
)
BENCH_REGION_TRAIN_FAILURE = (
    "AlgorithmError: XGBoostError: value 0 for Parameter num_class should be greater equal to 1"
)
BENCH_REGION_STEP_FAILURE = "Step failure: One or multiple steps failed."
BENCH_ENDPOINT_FAILURE = (
    "The primary container for production variant AllTraffic did not pass the ping "
    "health check. Please check CloudWatch logs for this endpoint."
)
_BENCH_INSTANCE_TYPES = ["ml.m5.xlarge", "ml.m5.large", "ml.t2.medium", "ml.c5.xlarge"]
# The real API's limit on PipelineDefinition (characters).
PIPELINE_DEFINITION_MAX_CHARS = 1_048_576

# Rotating bucket security postures (bucket i gets profile i % len).
_BENCH_BUCKET_PROFILES: list[dict[str, Any]] = [
    {
        "encryption": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KMS_KEY_ARN, "BucketKeyEnabled": True},
        "versioning": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "ml-platform", "data-class": "confidential"},
    },
    {
        "encryption": {"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        "versioning": "Enabled",
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "ml-platform"},
    },
    {
        "encryption": {"SSEAlgorithm": "aws:kms", "BucketKeyEnabled": False},
        "versioning": "Suspended",
        "public_access_block": {
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
        "tags": {},
    },
    {"encryption": None, "versioning": None, "public_access_block": None, "tags": {}},
    {
        "encryption": {"SSEAlgorithm": "AES256", "BucketKeyEnabled": False},
        "versioning": None,
        "public_access_block": dict(PAB_ALL),
        "tags": {"team": "bench", "cost-center": "cc-1234"},
    },
    {
        "encryption": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KMS_KEY_ARN, "BucketKeyEnabled": False},
        "versioning": "Suspended",
        "public_access_block": None,
        "tags": {"data-class": "internal"},
    },
]


def bench_bucket(i: int) -> str:
    return f"bench-bucket-{i:02d}"


def bench_job_name(step: str) -> str:
    """``pipelines-exec-bench-0001-<step>-<10 chars>``, lower case, <= 63 chars."""
    suffix = hashlib.sha1(step.encode()).hexdigest()[:10]
    return f"pipelines-{BENCH_EXEC}-{step.lower()}-{suffix}"


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def bench_execution_id(k: int) -> str:
    """``exec-bench-0001`` ... (at least four digits)."""
    return f"exec-bench-{k:04d}"


def bench_endpoint_name(k: int) -> str:
    """``bench-endpoint-0001`` ... (at least four digits); its config is
    ``<name>-config``, its model ``<name>-model``."""
    return f"bench-endpoint-{k:04d}"


def _bench_deployments(
    count: int, packages: list[dict[str, Any]], artifacts: list[str], start: datetime
) -> dict[str, list[dict[str, Any]]]:
    """``count`` endpoints, one model and one config each (``deployments``-module
    shapes), created 30 s apart from ``start``.  Endpoint k serves package
    (k - 1) mod P when there are P > 0 packages, else artifact (k - 1) mod A;
    every tenth is Failed (nothing deployed), the others InService."""
    models: list[dict[str, Any]] = []
    configs: list[dict[str, Any]] = []
    endpoints: list[dict[str, Any]] = []
    for k in range(1, count + 1):
        name = bench_endpoint_name(k)
        created = start + timedelta(seconds=30 * (k - 1))
        if packages:
            container: dict[str, Any] = {"ModelPackageName": packages[(k - 1) % len(packages)]["arn"]}
        else:
            container = {"Image": XGBOOST_IMAGE, "ModelDataUrl": artifacts[(k - 1) % len(artifacts)]}
        models.append(
            {
                "name": f"{name}-model",
                "created": created - timedelta(seconds=60),
                "args": {"ExecutionRoleArn": ROLE_ARN, "PrimaryContainer": container},
            }
        )
        configs.append(
            {
                "name": f"{name}-config",
                "created": created - timedelta(seconds=30),
                "variants": [
                    {
                        "VariantName": "AllTraffic",
                        "ModelName": f"{name}-model",
                        "InitialInstanceCount": 1 + k % 3,
                        "InstanceType": _BENCH_INSTANCE_TYPES[k % len(_BENCH_INSTANCE_TYPES)],
                        "InitialVariantWeight": 1.0,
                    }
                ],
            }
        )
        failed = k % 10 == 0
        endpoints.append(
            {
                "name": name,
                "config": f"{name}-config",
                "status": "Failed" if failed else "InService",
                "failure_reason": BENCH_ENDPOINT_FAILURE if failed else None,
                "created": created,
                "last_modified": created + (timedelta(seconds=990) if failed else timedelta(seconds=360 + 20 * (k % 5))),
                "deployed": None if failed else created + timedelta(seconds=4),
            }
        )
    return {"deployment_models": models, "endpoint_configs": configs, "endpoints": endpoints}


def bench_region_pipeline(k: int) -> str:
    """``bench-p-0001`` ... (at least four digits): the region's pipeline k."""
    return f"bench-p-{k:04d}"


def bench_region_execution_id(k: int, j: int) -> str:
    """``exec-p0001-0001``: execution j of the region's pipeline k."""
    return f"exec-p{k:04d}-{j:04d}"


def bench_region_job_name(execution_id_: str, step: str) -> str:
    """``pipelines-exec-p0001-0001-<step>-<10 hex>``, lower case, <= 63 chars."""
    suffix = hashlib.sha1(f"{execution_id_}/{step}".encode()).hexdigest()[:10]
    return f"pipelines-{execution_id_}-{step.lower()}-{suffix}"


def bench_region_group(k: int) -> str:
    """The model package group of the region's pipeline k."""
    return f"{bench_region_pipeline(k)}-models"


def bench_region_dataset(k: int) -> int:
    """The shared raw dataset pipeline k reads."""
    return (k - 1) % BENCH_REGION_DATASETS


def bench_region_dataset_prefix(d: int, buckets: int) -> str:
    """``s3://bench-bucket-BB/region/raw/dataset-DD``: dataset d (each execution
    reads one dated partition ``<prefix>/<YYYY-MM-DD>/`` of it)."""
    return f"s3://{bench_bucket((3 * d) % buckets)}/region/raw/dataset-{d:02d}"


def bench_region_team(k: int) -> str:
    return BENCH_REGION_TEAMS[(k - 1) % len(BENCH_REGION_TEAMS)]


def bench_region_features_prefix(k: int, buckets: int) -> str:
    """Where pipeline k's Preprocess writes (``<prefix>/<execution id>/train`` and
    ``/test``)."""
    return f"s3://{bench_bucket((k + 1) % buckets)}/region/{bench_region_team(k)}/{bench_region_pipeline(k)}"


def bench_region_model_path(k: int, buckets: int) -> str:
    """Pipeline k's Train ``S3OutputPath``; the artifact is
    ``<path>/<training job>/output/model.tar.gz``."""
    return f"s3://{bench_bucket((k + 5) % buckets)}/region/{bench_region_team(k)}/{bench_region_pipeline(k)}/model"


def bench_region_outcome(k: int, j: int) -> str:
    """How execution j of pipeline k ended: ``Succeeded`` (85 %), or ``Failed`` in
    ``Preprocess`` (5 %) or in ``Train`` (10 %), by a fixed hash of (k, j)."""
    h = (k * 31 + j * 17) % 20
    return "Preprocess" if h == 0 else "Train" if h in (1, 2) else "Succeeded"


def _bench_region_definition(k: int, buckets: int) -> dict[str, Any]:
    features = bench_region_features_prefix(k, buckets)

    def per_execution(tail: str) -> dict[str, Any]:
        return {"Std:Join": {"On": "", "Values": [f"{features}/", get("Execution.PipelineExecutionId"), tail]}}

    train = training_args(
        channels=[
            ("train", processing_output_ref("Preprocess", "train")),
            ("validation", processing_output_ref("Preprocess", "test")),
        ],
        output_path=bench_region_model_path(k, buckets),
        hyper_parameters=_bench_region_hyper(k),
    )
    train["ResourceConfig"]["InstanceType"] = get("Parameters.TrainInstanceType")
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [
            {
                "Name": "InputData",
                "Type": "String",
                "DefaultValue": f"{bench_region_dataset_prefix(bench_region_dataset(k), buckets)}/latest/",
            },
            {"Name": "TrainInstanceType", "Type": "String", "DefaultValue": "ml.m5.xlarge"},
        ],
        "PipelineExperimentConfig": {
            "ExperimentName": get("Execution.PipelineName"),
            "TrialName": get("Execution.PipelineExecutionId"),
        },
        "Steps": [
            {
                "Name": "Preprocess",
                "Type": "Processing",
                "Arguments": processing_args(
                    inputs=[("raw", get("Parameters.InputData"), "/opt/ml/processing/input")],
                    outputs=[
                        ("train", per_execution("/train"), "/opt/ml/processing/train"),
                        ("test", per_execution("/test"), "/opt/ml/processing/test"),
                    ],
                    script="preprocess.py",
                ),
            },
            {"Name": "Train", "Type": "Training", "Arguments": train},
            {
                "Name": "Register",
                "Type": "RegisterModel",
                "Arguments": {
                    "ModelPackageGroupName": bench_region_group(k),
                    "InferenceSpecification": churn_inference_spec(
                        get("Steps.Train.ModelArtifacts.S3ModelArtifacts")
                    ),
                    "ModelApprovalStatus": "PendingManualApproval",
                },
            },
        ],
    }


def _bench_region_hyper(k: int) -> dict[str, str]:
    return {
        "objective": "binary:logistic",
        "eval_metric": "auc",
        "num_round": str(100 + 10 * (k % 5)),
        "max_depth": str(4 + k % 4),
        "eta": "0.1",
    }


def _bench_region(count: int, per_pipeline: int, buckets: int, anchor: datetime) -> dict[str, Any]:
    """The region: ``count`` pipelines ``bench-p-NNNN`` with ``per_pipeline``
    finished executions each, their jobs and model packages.

    Pipeline k (created anchor - 60 d + k min, last modified 5 days later) reads
    its shared dataset (parameter ``InputData``, one dated partition per
    execution), writes ``train``/``test`` under its team's prefix and the
    execution id, trains (``TrainInstanceType``: ml.m5.xlarge, ml.m5.2xlarge for
    every fourth execution) and registers the model in ``bench-p-NNNN-models``.
    Execution j starts at anchor - 3 h - 28 d + (j - 1) * 28 d / M plus a
    per-pipeline offset (k * 97 s modulo that period); ``bench_region_outcome``
    says how it ends.  A Succeeded execution lists Register, Train and
    Preprocess and registered the next version of the group; a Failed one lists
    the steps up to the failed one (whose job Failed).  Also returns
    ``served``, the packages the endpoints serve in order: every pipeline's newest
    package (in pipeline order), then every pipeline's next older one, ..."""
    pipelines: list[dict[str, Any]] = []
    processing_jobs: list[dict[str, Any]] = []
    training_jobs: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    packages: list[dict[str, Any]] = []
    newest: list[list[dict[str, Any]]] = []  # per pipeline with packages, newest first
    period = BENCH_REGION_SPAN / per_pipeline
    first = anchor - BENCH_REGION_GAP - BENCH_REGION_SPAN
    for k in range(1, count + 1):
        name = bench_region_pipeline(k)
        created = anchor - timedelta(days=60) + timedelta(minutes=k)
        dataset = bench_region_dataset_prefix(bench_region_dataset(k), buckets)
        features = bench_region_features_prefix(k, buckets)
        model_path = bench_region_model_path(k, buckets)
        group = bench_region_group(k)
        offset = timedelta(seconds=(k * 97) % max(1, int(period.total_seconds())))
        executions: list[dict[str, Any]] = []
        registered: list[dict[str, Any]] = []
        for j in range(1, per_pipeline + 1):
            eid = bench_region_execution_id(k, j)
            earn = execution_arn(name, eid)
            start = first + period * (j - 1) + offset
            outcome = bench_region_outcome(k, j)
            instance = "ml.m5.2xlarge" if j % 4 == 0 else "ml.m5.xlarge"
            raw = f"{dataset}/{start:%Y-%m-%d}/"
            train_uri, test_uri = f"{features}/{eid}/train", f"{features}/{eid}/test"
            steps_: list[dict[str, Any]] = []

            pre_job = bench_region_job_name(eid, "Preprocess")
            pre_start = start + timedelta(seconds=4)
            pre_end = pre_start + timedelta(seconds=420 + (k * 13 + j * 7) % 300)
            pre_failed = outcome == "Preprocess"
            if pre_failed:
                pre_end = pre_start + timedelta(seconds=150)
            processing_jobs.append(
                {
                    "name": pre_job,
                    "args": processing_args(
                        inputs=[("raw", raw, "/opt/ml/processing/input")],
                        outputs=[
                            ("train", train_uri, "/opt/ml/processing/train"),
                            ("test", test_uri, "/opt/ml/processing/test"),
                        ],
                        script="preprocess.py",
                    ),
                    "status": "Failed" if pre_failed else "Completed",
                    "created": pre_start + timedelta(seconds=1),
                    "started": pre_start + timedelta(seconds=50),
                    "ended": pre_end - timedelta(seconds=4),
                    "failure_reason": BENCH_REGION_PREPROCESS_FAILURE if pre_failed else None,
                }
            )
            steps_.append(
                step_entry(
                    "Preprocess",
                    "Failed" if pre_failed else "Succeeded",
                    _iso(pre_start),
                    _iso(pre_end),
                    metadata={"ProcessingJob": {"Arn": sm_arn("processing-job", pre_job)}},
                    failure_reason=BENCH_REGION_PREPROCESS_FAILURE if pre_failed else None,
                )
            )
            end = pre_end
            if not pre_failed:
                train_job = bench_region_job_name(eid, "Train")
                train_start = pre_end + timedelta(seconds=5)
                train_end = train_start + timedelta(seconds=900 + (k * 29 + j * 11) % 600)
                train_failed = outcome == "Train"
                if train_failed:
                    train_end = train_start + timedelta(seconds=240)
                args = training_args(
                    channels=[("train", train_uri), ("validation", test_uri)],
                    output_path=model_path,
                    hyper_parameters=_bench_region_hyper(k),
                )
                args["ResourceConfig"]["InstanceType"] = instance
                auc = round(0.78 + ((k * 7 + j * 3) % 17) / 100, 3)
                training_jobs.append(
                    {
                        "name": train_job,
                        "args": args,
                        "status": "Failed" if train_failed else "Completed",
                        "secondary_status": "Failed" if train_failed else "Completed",
                        "created": train_start + timedelta(seconds=1),
                        "started": train_start + timedelta(seconds=60),
                        "ended": train_end - timedelta(seconds=4),
                        "failure_reason": BENCH_REGION_TRAIN_FAILURE if train_failed else None,
                        "final_metrics": []
                        if train_failed
                        else [
                            {"MetricName": "train:loss", "Value": round(0.30 - auc / 5, 4)},
                            {"MetricName": "validation:auc", "Value": auc},
                        ],
                    }
                )
                steps_.append(
                    step_entry(
                        "Train",
                        "Failed" if train_failed else "Succeeded",
                        _iso(train_start),
                        _iso(train_end),
                        metadata={"TrainingJob": {"Arn": sm_arn("training-job", train_job)}},
                        failure_reason=BENCH_REGION_TRAIN_FAILURE if train_failed else None,
                    )
                )
                end = train_end
                if not train_failed:
                    version = len(registered) + 1
                    package_arn = sm_arn("model-package", f"{group}/{version}")
                    reg_start = train_end + timedelta(seconds=4)
                    reg_end = reg_start + timedelta(seconds=3)
                    package = {
                        "arn": package_arn,
                        "group": group,
                        "version": version,
                        "created": reg_start + timedelta(seconds=1),
                        "approval_status": "Approved" if version % 3 == 0 else "PendingManualApproval",
                        "inference_specification": churn_inference_spec(
                            f"{model_path}/{train_job}/output/model.tar.gz"
                        ),
                        "model_metrics": None,
                        "metadata_properties": {"GeneratedBy": earn},
                    }
                    registered.append(package)
                    steps_.append(
                        step_entry(
                            "Register",
                            "Succeeded",
                            _iso(reg_start),
                            _iso(reg_end),
                            metadata={"RegisterModel": {"Arn": package_arn}},
                        )
                    )
                    end = reg_end
            failed = outcome != "Succeeded"
            executions.append(
                {
                    "id": eid,
                    "arn": earn,
                    "display_name": eid,
                    "status": "Failed" if failed else "Succeeded",
                    "failure_reason": BENCH_REGION_STEP_FAILURE if failed else None,
                    "start": start,
                    "last_modified": end + timedelta(seconds=2),
                    "parameters": [
                        {"Name": "InputData", "Value": raw},
                        {"Name": "TrainInstanceType", "Value": instance},
                    ],
                    "steps": steps_,
                }
            )
        pipelines.append(
            {
                "name": name,
                "display_name": name,
                "description": f"Generated region pipeline {k} ({bench_region_team(k)}): preprocess, train, register",
                "tags": [{"Key": "purpose", "Value": "benchmark"}, {"Key": "team", "Value": bench_region_team(k)}],
                "created": created,
                "last_modified": created + timedelta(days=5),
                "definition": _bench_region_definition(k, buckets),
                "executions": executions,
            }
        )
        if registered:
            groups.append(
                {"name": group, "description": f"Models of {name}", "created": created + timedelta(minutes=1)}
            )
            packages.extend(registered)
            newest.append(list(reversed(registered)))
    # Endpoint k serves the newest package of the ((k - 1) mod P)-th pipeline with
    # packages, then (more endpoints than such pipelines) the next older ones.
    served: list[dict[str, Any]] = []
    if newest:
        rounds = max(len(n) for n in newest)
        for r in range(rounds):
            served.extend(n[min(r, len(n) - 1)] for n in newest)
    return {
        "pipelines": pipelines,
        "processing_jobs": processing_jobs,
        "training_jobs": training_jobs,
        "model_package_groups": groups,
        "model_packages": packages,
        "served": served,
    }


def bench_scenario(
    steps: int = BENCH_DEFAULT_STEPS,
    jobs: int = BENCH_DEFAULT_JOBS,
    buckets: int = BENCH_DEFAULT_BUCKETS,
    executions: int = 1,
    endpoints: int = BENCH_DEFAULT_ENDPOINTS,
    pipelines: int = BENCH_DEFAULT_PIPELINES,
    executions_per_pipeline: int = BENCH_DEFAULT_EXECUTIONS_PER_PIPELINE,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Build the bench scenario; ValueError on parameters it cannot satisfy.

    ``pipelines`` > 0 adds the region (see ``_bench_region``), anchored at the
    start of ``now``'s UTC day (default: the current time)."""
    n, j, b, e = int(steps), int(jobs), int(buckets), int(executions)
    n_endpoints = int(endpoints)
    n_pipelines, per_pipeline = int(pipelines), int(executions_per_pipeline)
    if not 0 <= n_pipelines <= BENCH_MAX_PIPELINES:
        raise ValueError(f"--bench-pipelines must be between 0 and {BENCH_MAX_PIPELINES}, got {n_pipelines}")
    if not 1 <= per_pipeline <= BENCH_MAX_EXECUTIONS_PER_PIPELINE:
        raise ValueError(
            f"--bench-executions-per-pipeline must be between 1 and {BENCH_MAX_EXECUTIONS_PER_PIPELINE}, "
            f"got {per_pipeline}"
        )
    if not 1 <= e <= BENCH_MAX_EXECUTIONS:
        raise ValueError(f"--bench-executions must be between 1 and {BENCH_MAX_EXECUTIONS}, got {e}")
    if not 0 <= n_endpoints <= BENCH_MAX_ENDPOINTS:
        raise ValueError(f"--bench-endpoints must be between 0 and {BENCH_MAX_ENDPOINTS}, got {n_endpoints}")
    if j < 3:
        raise ValueError(
            f"--bench-jobs must be >= 3 (an ingest, a training and an evaluation step), got {j}"
        )
    if n < j:
        raise ValueError(f"--bench-jobs ({j}) must not exceed --bench-steps ({n})")
    if b < 1:
        raise ValueError(f"--bench-buckets must be >= 1, got {b}")

    n_train = max(1, j // 6)  # one Evaluate per Train
    n_proc = j - 2 * n_train  # Ingest + Features, >= 1
    extra = n - j  # steps without a job
    n_check = min(extra, n_train)
    nested_budget = min(extra - n_check, 2 * n_check)  # IfSteps: Register + CreateModel
    n_register = (nested_budget + 1) // 2
    n_model = nested_budget - n_register
    n_notify = extra - n_check - n_register - n_model

    def fmt(count: int) -> str:
        return f"0{max(2, len(str(count)))}d"

    locations = itertools.count()

    def uri(path: str) -> str:
        return f"s3://{bench_bucket(next(locations) % b)}/bench/{path}"

    # name -> {"def": definition step, "deps": data/branch predecessors,
    #          "kind": ..., "job": job name or None, "metadata": ...}
    nodes: dict[str, dict[str, Any]] = {}
    order: list[str] = []

    def add(name: str, kind: str, step: dict[str, Any], deps: set[str], metadata: dict[str, Any]) -> None:
        nodes[name] = {"def": step, "deps": deps, "kind": kind, "metadata": metadata}
        order.append(name)

    processing_jobs: list[dict[str, Any]] = []
    training_jobs: list[dict[str, Any]] = []
    outputs: dict[str, dict[str, str]] = {}  # processing step -> output name -> S3 URI

    def processing_step(
        name: str,
        inputs: list[tuple[str, Any, str, str]],  # (name, definition value, resolved URI, local path)
        outs: list[tuple[str, str, str]],
        script: str,
        deps: set[str],
        image: str = SKLEARN_IMAGE,
        extra_fields: dict[str, Any] | None = None,
    ) -> None:
        job = bench_job_name(name)
        step = {
            "Name": name,
            "Type": "Processing",
            "Arguments": processing_args(
                inputs=[(i[0], i[1], i[3]) for i in inputs], outputs=outs, script=script, image=image
            ),
        }
        step.update(extra_fields or {})
        add(name, "Processing", step, deps, {"ProcessingJob": {"Arn": sm_arn("processing-job", job)}})
        outputs[name] = {o[0]: o[1] for o in outs}
        processing_jobs.append(
            {
                "name": job,
                "step": name,
                "args": processing_args(
                    inputs=[(i[0], i[2], i[3]) for i in inputs], outputs=outs, script=script, image=image
                ),
            }
        )

    def feature_outputs(name: str) -> list[tuple[str, str, str]]:
        return [
            ("features", uri(f"{name.lower()}/features"), "/opt/ml/processing/features"),
            ("holdout", uri(f"{name.lower()}/holdout"), "/opt/ml/processing/holdout"),
        ]

    # -- processing layers (Ingest-*, Features-LL-*) -------------------------
    width = max(1, math.isqrt(n_proc - 1) + 1) if n_proc > 1 else 1  # ceil(sqrt)
    lane_fmt = fmt(width)
    layers: list[list[str]] = []
    made = 0
    while made < n_proc:
        layer_no = len(layers)
        count = min(width, n_proc - made)
        layer: list[str] = []
        for lane in range(1, count + 1):
            if layer_no == 0:
                name = f"Ingest-{lane:{lane_fmt}}"
                raw = uri(f"raw/lane-{lane:{lane_fmt}}/")
                processing_step(
                    name,
                    [("raw", raw, raw, "/opt/ml/processing/input")],
                    feature_outputs(name),
                    "ingest.py",
                    set(),
                )
            else:
                prev = layers[-1]
                srcs = sorted({prev[(lane - 1) % len(prev)], prev[lane % len(prev)]})
                name = f"Features-{layer_no:02d}-{lane:{lane_fmt}}"
                processing_step(
                    name,
                    [
                        (
                            f"in-{k}",
                            processing_output_ref(src, "features"),
                            outputs[src]["features"],
                            f"/opt/ml/processing/input/{k}",
                        )
                        for k, src in enumerate(srcs, start=1)
                    ],
                    feature_outputs(name),
                    "features.py",
                    set(srcs),
                )
            layer.append(name)
        layers.append(layer)
        made += count
    deepest = [s for layer in reversed(layers) for s in layer]  # deepest first

    # -- Train-* and Evaluate-* ----------------------------------------------
    t_fmt = fmt(n_train)
    artifacts: dict[str, str] = {}
    reports: list[tuple[str, str, dict[str, Any]]] = []  # (evaluate step, report URI, body)
    for t in range(1, n_train + 1):
        src = deepest[(t - 1) % len(deepest)]
        train = f"Train-{t:{t_fmt}}"
        job = bench_job_name(train)
        output_path = uri(f"{train.lower()}/model")
        hyper = {
            "objective": "binary:logistic",
            "eval_metric": "auc",
            "num_round": str(50 + 10 * (t % 10)),
            "max_depth": str(3 + t % 6),
            "eta": f"{0.1 + 0.05 * (t % 5):.2f}",
        }
        add(
            train,
            "Training",
            {
                "Name": train,
                "Type": "Training",
                "Arguments": training_args(
                    channels=[
                        ("train", processing_output_ref(src, "features")),
                        ("validation", processing_output_ref(src, "holdout")),
                    ],
                    output_path=output_path,
                    hyper_parameters=dict(hyper),
                ),
            },
            {src},
            {"TrainingJob": {"Arn": sm_arn("training-job", job)}},
        )
        artifacts[train] = f"{output_path}/{job}/output/model.tar.gz"
        auc = round(0.80 + ((t * 37) % 17) / 100, 3)
        training_jobs.append(
            {
                "name": job,
                "step": train,
                "args": training_args(
                    channels=[("train", outputs[src]["features"]), ("validation", outputs[src]["holdout"])],
                    output_path=output_path,
                    hyper_parameters=dict(hyper),
                ),
                "final_metrics": [
                    {"MetricName": "train:loss", "Value": round(0.30 - auc / 5, 4)},
                    {"MetricName": "validation:auc", "Value": auc},
                ],
            }
        )

        evaluate = f"Evaluate-{t:{t_fmt}}"
        evaluation = uri(f"{evaluate.lower()}/evaluation")
        processing_step(
            evaluate,
            [
                (
                    "model",
                    get(f"Steps.{train}.ModelArtifacts.S3ModelArtifacts"),
                    artifacts[train],
                    "/opt/ml/processing/model",
                ),
                ("test", processing_output_ref(src, "holdout"), outputs[src]["holdout"], "/opt/ml/processing/test"),
            ],
            [("evaluation", evaluation, "/opt/ml/processing/evaluation")],
            "evaluate.py",
            {train, src},
            image=XGBOOST_IMAGE,
            extra_fields={
                "PropertyFiles": [
                    {
                        "PropertyFileName": "EvaluationReport",
                        "OutputName": "evaluation",
                        "FilePath": "evaluation.json",
                    }
                ]
            },
        )
        reports.append(
            (
                evaluate,
                f"{evaluation}/evaluation.json",
                {
                    "binary_classification_metrics": {
                        "auc": {"value": auc, "standard_deviation": 0.012},
                        "accuracy": {"value": round(auc - 0.05, 3), "standard_deviation": 0.015},
                    }
                },
            )
        )

    # -- Check-* (Condition) with Register-* / CreateModel-* in IfSteps --------
    models: list[dict[str, Any]] = []
    packages: list[dict[str, Any]] = []
    nested: dict[str, list[dict[str, Any]]] = {}  # condition -> its IfSteps
    for c in range(1, n_check + 1):
        train = f"Train-{c:{t_fmt}}"
        evaluate, report_uri, _ = reports[c - 1]
        check = f"Check-{c:{t_fmt}}"
        if_steps: list[dict[str, Any]] = []
        add(
            check,
            "Condition",
            {
                "Name": check,
                "Type": "Condition",
                "Arguments": {
                    "Conditions": [
                        {
                            "Type": "GreaterThanOrEqualTo",
                            "LeftValue": {
                                "Std:JsonGet": {
                                    "PropertyFile": get(f"Steps.{evaluate}.PropertyFiles.EvaluationReport"),
                                    "Path": "binary_classification_metrics.auc.value",
                                }
                            },
                            "RightValue": get("Parameters.AucThreshold"),
                        }
                    ],
                    "IfSteps": if_steps,
                    "ElseSteps": [],
                },
            },
            {evaluate},
            {"Condition": {"Outcome": "True"}},
        )
        nested[check] = if_steps
        model_metrics = {
            "ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": report_uri}}
        }
        if c <= n_register:
            register = f"Register-{c:{t_fmt}}"
            package_arn = sm_arn("model-package", f"{BENCH_MODEL_PACKAGE_GROUP}/{len(packages) + 1}")
            step = {
                "Name": register,
                "Type": "RegisterModel",
                "Arguments": {
                    "ModelPackageGroupName": BENCH_MODEL_PACKAGE_GROUP,
                    "ModelMetrics": copy.deepcopy(model_metrics),
                    "InferenceSpecification": churn_inference_spec(
                        get(f"Steps.{train}.ModelArtifacts.S3ModelArtifacts")
                    ),
                    "ModelApprovalStatus": "PendingManualApproval",
                },
            }
            if_steps.append(step)
            add(register, "RegisterModel", step, {check, train}, {"RegisterModel": {"Arn": package_arn}})
            packages.append(
                {
                    "arn": package_arn,
                    "step": register,
                    "group": BENCH_MODEL_PACKAGE_GROUP,
                    "version": len(packages) + 1,
                    "approval_status": "PendingManualApproval" if c % 3 else "Approved",
                    "inference_specification": churn_inference_spec(artifacts[train]),
                    "model_metrics": copy.deepcopy(model_metrics),
                    "metadata_properties": {"GeneratedBy": BENCH_EXEC_ARN},
                }
            )
        if c <= n_model:
            create = f"CreateModel-{c:{t_fmt}}"
            model_name = bench_job_name(create)
            container = {"Image": XGBOOST_IMAGE, "Environment": {}}
            step = {
                "Name": create,
                "Type": "Model",
                "Arguments": {
                    "ExecutionRoleArn": ROLE_ARN,
                    "PrimaryContainer": dict(
                        container, ModelDataUrl=get(f"Steps.{train}.ModelArtifacts.S3ModelArtifacts")
                    ),
                },
            }
            if_steps.append(step)
            add(create, "Model", step, {check, train}, {"Model": {"Arn": sm_arn("model", model_name)}})
            models.append(
                {
                    "name": model_name,
                    "step": create,
                    "args": {
                        "ExecutionRoleArn": ROLE_ARN,
                        "PrimaryContainer": dict(container, ModelDataUrl=artifacts[train]),
                    },
                }
            )

    # -- Notify-* (Lambda) for whatever is left ---------------------------------
    n_fmt = fmt(n_notify)
    for i in range(1, n_notify + 1):
        src = deepest[(i - 1) % len(deepest)]
        notify = f"Notify-{i:{n_fmt}}"
        add(
            notify,
            "Lambda",
            {
                "Name": notify,
                "Type": "Lambda",
                "Arguments": {
                    "dataset_uri": processing_output_ref(src, "features"),
                    "execution_id": get("Execution.PipelineExecutionId"),
                },
                "FunctionArn": BENCH_LAMBDA_ARN,
                "OutputParameters": [{"OutputName": "statusCode", "OutputType": "String"}],
                "TimeoutSeconds": 120,
            },
            {src},
            {"Lambda": {"Arn": BENCH_LAMBDA_ARN, "OutputParameters": [{"Name": "statusCode", "Value": "200"}]}},
        )

    # -- schedule: every step starts a few seconds after its last predecessor ends
    durations = {"Processing": 120, "Training": 600, "Condition": 1, "RegisterModel": 3, "Model": 4, "Lambda": 6}
    spans: dict[str, tuple[datetime, datetime]] = {}
    for idx, name in enumerate(order):
        node = nodes[name]
        ready = max((spans[d][1] for d in node["deps"]), default=BENCH_START)
        start = ready + timedelta(seconds=4 + idx % 5)
        base = durations[node["kind"]]
        length = base + (idx * 37) % base if base >= 60 else base
        spans[name] = (start, start + timedelta(seconds=length))
    finished = max(end for _, end in spans.values())

    def job_times(step: str) -> dict[str, Any]:
        start, end = spans[step]
        created = start + timedelta(seconds=1)
        return {
            "status": "Completed",
            "created": created,
            "started": created + timedelta(seconds=45 + len(step) % 20),
            "ended": end - timedelta(seconds=4),
            "failure_reason": None,
        }

    for job in processing_jobs:
        job.update(job_times(job.pop("step")))
    for job in training_jobs:
        job.update(job_times(job.pop("step")), secondary_status="Completed")
    for model in models:
        model["created"] = spans[model.pop("step")][0] + timedelta(seconds=2)
    for package in packages:
        package["created"] = spans[package.pop("step")][0] + timedelta(seconds=1)

    definition: dict[str, Any] = {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [{"Name": "AucThreshold", "Type": "Float", "DefaultValue": BENCH_AUC_THRESHOLD}],
        "PipelineExperimentConfig": {
            "ExperimentName": get("Execution.PipelineName"),
            "TrialName": get("Execution.PipelineExecutionId"),
        },
        # Top level: everything not nested in a condition's IfSteps.
        "Steps": [
            nodes[name]["def"]
            for name in order
            if nodes[name]["kind"] not in ("RegisterModel", "Model")
        ],
    }
    size = len(json.dumps(definition))
    if size > PIPELINE_DEFINITION_MAX_CHARS:
        raise ValueError(
            f"the bench definition would have {size} characters, more than SageMaker's "
            f"{PIPELINE_DEFINITION_MAX_CHARS}; ask for fewer --bench-steps"
        )

    execution_steps = [
        step_entry(name, "Succeeded", _iso(spans[name][0]), _iso(spans[name][1]), metadata=nodes[name]["metadata"])
        for name in order
    ]
    # Executions 2..E (--bench-executions, for memory tests) repeat the first one
    # period after period: the same step list object (the seeder keeps one copy;
    # the steps' times are moved by step_time_shift when listed) and the same jobs.
    # A period is the run's length rounded up to whole hours, so runs never overlap.
    run = finished + timedelta(seconds=5) - BENCH_START
    period = timedelta(hours=math.ceil(run.total_seconds() / 3600))
    parameters = [{"Name": "AucThreshold", "Value": str(BENCH_AUC_THRESHOLD)}]
    bench_executions = []
    for k in range(1, e + 1):
        offset = period * (k - 1)
        execution_id_ = bench_execution_id(k)
        bench_executions.append(
            {
                "id": execution_id_,
                "arn": execution_arn(BENCH, execution_id_),
                "display_name": execution_id_,
                "status": "Succeeded",
                "failure_reason": None,
                "start": BENCH_START + offset,
                "last_modified": BENCH_START + run + offset,
                "parameters": parameters,
                "steps": execution_steps,
                "step_time_shift": offset or None,
            }
        )
    pipeline = {
        "name": BENCH,
        "display_name": BENCH,
        "description": (
            f"Generated benchmark pipeline: {n} steps, {j} with jobs, S3 over {b} buckets"
        ),
        "tags": [{"Key": "purpose", "Value": "benchmark"}],
        "created": ts("2026-11-26T20:00:00Z"),
        "last_modified": ts("2026-11-26T20:00:00Z"),
        "definition": definition,
        "executions": bench_executions,
    }

    objects = []
    for _, report_uri, body in reports:
        bucket, key = report_uri[len("s3://") :].split("/", 1)
        objects.append(
            {"bucket": bucket, "key": key, "body": json.dumps(body), "content_type": "application/json"}
        )

    scenario = {
        "buckets": [
            dict(copy.deepcopy(_BENCH_BUCKET_PROFILES[i % len(_BENCH_BUCKET_PROFILES)]), name=bench_bucket(i), region=REGION)
            for i in range(b)
        ],
        "objects": objects,
        "pipelines": [pipeline],
        "processing_jobs": processing_jobs,
        "training_jobs": training_jobs,
        "models": models,
        "transform_jobs": [],
        "tuning_jobs": [],
        "model_package_groups": (
            [
                {
                    "name": BENCH_MODEL_PACKAGE_GROUP,
                    "description": "Benchmark candidate models",
                    "created": ts("2026-11-26T20:05:00Z"),
                }
            ]
            if packages
            else []
        ),
        "model_packages": packages,
    }
    if n_pipelines:
        moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
        anchor = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        region = _bench_region(n_pipelines, per_pipeline, b, anchor)
        for key in ("pipelines", "processing_jobs", "training_jobs", "model_package_groups", "model_packages"):
            scenario[key] = scenario[key] + region[key]
        if n_endpoints and region["served"]:
            # The region's packages, from 2 h before the anchor, 30 s apart.
            scenario.update(
                _bench_deployments(n_endpoints, region["served"][:n_endpoints], [], anchor - timedelta(hours=2))
            )
            return scenario
    if n_endpoints:
        # After exec-bench-0001 finished (10 minutes later), 30 s apart.
        scenario.update(
            _bench_deployments(n_endpoints, packages, list(artifacts.values()), BENCH_START + run + timedelta(minutes=10))
        )
    return scenario
