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
from datetime import datetime, timedelta
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


def bench_scenario(
    steps: int = BENCH_DEFAULT_STEPS,
    jobs: int = BENCH_DEFAULT_JOBS,
    buckets: int = BENCH_DEFAULT_BUCKETS,
    executions: int = 1,
    endpoints: int = BENCH_DEFAULT_ENDPOINTS,
) -> dict[str, Any]:
    """Build the bench scenario; ValueError on parameters it cannot satisfy."""
    n, j, b, e = int(steps), int(jobs), int(buckets), int(executions)
    n_endpoints = int(endpoints)
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
    if n_endpoints:
        # After exec-bench-0001 finished (10 minutes later), 30 s apart.
        scenario.update(
            _bench_deployments(n_endpoints, packages, list(artifacts.values()), BENCH_START + run + timedelta(minutes=10))
        )
    return scenario
