"""Turn a scenario (the ``scenarios`` package) into emulator state.

Resources are created with boto3 against the running server (so they go
through moto's own request handling), then the run state that moto cannot
produce -- statuses, times, failure reasons, metrics, steps, the definition an
execution ran, fixed KMS key ids and creation dates, endpoint statuses -- is
written straight into moto's backend objects in this process.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3
from botocore.config import Config

from . import scenarios as sc


def _naive(dt: datetime | None) -> datetime | None:
    """moto stores naive UTC datetimes; keep ours the same."""
    if dt is None:
        return None
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def _copy(value: Any) -> Any:
    """``copy.deepcopy`` for scenario data (dicts, lists, and immutable leaves:
    strings, numbers, datetimes), several times faster: the bench region copies
    tens of thousands of records."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if value is None or isinstance(value, (str, int, float, datetime, timedelta)):
        return value
    return copy.deepcopy(value)


def _clients(endpoint: str) -> tuple[Any, Any]:
    session = boto3.session.Session(
        aws_access_key_id="lineage-seed",
        aws_secret_access_key="lineage-seed",
        region_name=sc.REGION,
    )
    config = Config(
        s3={"addressing_style": "path"},
        retries={"max_attempts": 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
    )
    return (
        session.client("s3", endpoint_url=endpoint, config=config),
        session.client("sagemaker", endpoint_url=endpoint, config=config),
    )


def _session() -> Any:
    return boto3.session.Session(
        aws_access_key_id="lineage-seed",
        aws_secret_access_key="lineage-seed",
        region_name=sc.REGION,
    )


def _kms_client(endpoint: str) -> Any:
    return _session().client(
        "kms", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1, "mode": "standard"})
    )


def s3control_client(session: Any, endpoint: str, config: Config | None = None) -> Any:
    """An S3 Control client that talks to ``endpoint`` itself.

    botocore's endpoint rules put the account id in front of the host
    (``123456789012.127.0.0.1:PORT``, which does not resolve); this client sends
    to the endpoint's own host and port instead, with the account in the
    ``x-amz-account-id`` header and signed for service ``s3``, as the app's
    endpoint override does."""
    client = session.client("s3control", endpoint_url=endpoint, config=config)
    netloc = urlsplit(endpoint).netloc

    def _own_host(request: Any, **_: Any) -> None:
        request.url = urlunsplit(urlsplit(request.url)._replace(netloc=netloc))

    client.meta.events.register("before-sign.s3-control", _own_host)
    return client


def _sagemaker_backend() -> Any:
    from moto.sagemaker.models import sagemaker_backends

    return sagemaker_backends[sc.ACCOUNT_ID][sc.REGION]


# ---------------------------------------------------------------------------
# S3
# ---------------------------------------------------------------------------


# The MFA device and code PutBucketVersioning sends to change MFADelete (x-amz-mfa).
MFA = f"arn:aws:iam::{sc.ACCOUNT_ID}:mfa/root-account-mfa-device 123456"


def seed_s3(s3: Any, scenario: dict[str, Any]) -> None:
    for bucket in scenario["buckets"]:
        name = bucket["name"]
        create: dict[str, Any] = {"Bucket": name}
        if bucket["region"] != "us-east-1":
            create["CreateBucketConfiguration"] = {"LocationConstraint": bucket["region"]}
        if bucket.get("object_lock"):
            create["ObjectLockEnabledForBucket"] = True
        s3.create_bucket(**create)
        if bucket.get("ownership"):
            s3.put_bucket_ownership_controls(
                Bucket=name,
                OwnershipControls={"Rules": [{"ObjectOwnership": bucket["ownership"]}]},
            )
        enc = bucket.get("encryption")
        if enc:
            default: dict[str, Any] = {"SSEAlgorithm": enc["SSEAlgorithm"]}
            if enc.get("KMSMasterKeyID"):
                default["KMSMasterKeyID"] = enc["KMSMasterKeyID"]
            s3.put_bucket_encryption(
                Bucket=name,
                ServerSideEncryptionConfiguration={
                    "Rules": [
                        {
                            "ApplyServerSideEncryptionByDefault": default,
                            "BucketKeyEnabled": bool(enc.get("BucketKeyEnabled", False)),
                        }
                    ]
                },
            )
        versioning = bucket.get("versioning")
        if versioning in ("Enabled", "Suspended"):
            if bucket.get("mfa_delete"):
                s3.put_bucket_versioning(
                    Bucket=name,
                    MFA=MFA,
                    VersioningConfiguration={"Status": "Enabled", "MFADelete": bucket["mfa_delete"]},
                )
            else:
                s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
            if versioning == "Suspended":
                s3.put_bucket_versioning(
                    Bucket=name, VersioningConfiguration={"Status": "Suspended"}
                )
        lock = bucket.get("object_lock")
        if lock:
            s3.put_object_lock_configuration(
                Bucket=name,
                ObjectLockConfiguration={
                    "ObjectLockEnabled": "Enabled",
                    "Rule": {"DefaultRetention": {"Mode": lock["Mode"], "Days": lock["Days"]}},
                },
            )
        pab = bucket.get("public_access_block")
        if pab:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=dict(pab))
        if bucket.get("acl"):
            s3.put_bucket_acl(Bucket=name, ACL=bucket["acl"])
        if bucket.get("policy"):
            s3.put_bucket_policy(Bucket=name, Policy=json.dumps(bucket["policy"]))
        if bucket.get("lifecycle"):
            s3.put_bucket_lifecycle_configuration(
                Bucket=name, LifecycleConfiguration={"Rules": copy.deepcopy(bucket["lifecycle"])}
            )
        tags = bucket.get("tags") or {}
        if tags:
            s3.put_bucket_tagging(
                Bucket=name,
                Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]},
            )
    # Access logging last: its target bucket (and the target's policy) must exist.
    for bucket in scenario["buckets"]:
        if bucket.get("logging"):
            s3.put_bucket_logging(
                Bucket=bucket["name"],
                BucketLoggingStatus={"LoggingEnabled": dict(bucket["logging"])},
            )
    for obj in scenario["objects"]:
        body = obj["body"]
        s3.put_object(
            Bucket=obj["bucket"],
            Key=obj["key"],
            Body=body.encode() if isinstance(body, str) else body,
            ContentType=obj.get("content_type", "binary/octet-stream"),
        )


def seed_account_public_access_block(s3control: Any, scenario: dict[str, Any]) -> None:
    """S3 Control PutPublicAccessBlock for the account, after the buckets (real S3
    refuses a public bucket ACL once the account blocks public ACLs)."""
    pab = scenario.get("account_public_access_block")
    if pab:
        s3control.put_public_access_block(
            AccountId=sc.ACCOUNT_ID, PublicAccessBlockConfiguration=dict(pab)
        )


# ---------------------------------------------------------------------------
# KMS
# ---------------------------------------------------------------------------


def seed_kms(kms: Any, scenario: dict[str, Any]) -> None:
    """Create the scenario's keys through the API, then give each its fixed id and
    creation date in moto's backend (moto has no way to choose a key id)."""
    from moto.kms.models import kms_backends

    backend = kms_backends[sc.ACCOUNT_ID][sc.REGION]
    for spec in scenario.get("kms_keys") or []:
        created = kms.create_key(
            Description=spec["description"],
            KeyUsage="ENCRYPT_DECRYPT",
            KeySpec="SYMMETRIC_DEFAULT",
        )["KeyMetadata"]
        key = backend.keys.pop(created["KeyId"])
        key.id = spec["id"]
        key.arn = sc.kms_key_arn(spec["id"])
        key.creation_date = spec["created"].timestamp()
        key.multi_region = False  # moto keeps None when CreateKey omits MultiRegion
        backend.keys[key.id] = key
        manager = spec.get("manager", "CUSTOMER")
        if manager == "AWS":
            # AWS managed keys: rotated every year, not configurable through the API.
            key.key_manager = "AWS"
            key.key_rotation_status = bool(spec["rotation"])
        elif spec["rotation"]:
            kms.enable_key_rotation(KeyId=key.id)
        if spec.get("alias"):
            # CreateAlias refuses the reserved alias/aws/* names, as in real KMS.
            backend.create_alias(key.id, spec["alias"])
        if not spec["enabled"]:
            kms.disable_key(KeyId=key.id)


# ---------------------------------------------------------------------------
# SageMaker
# ---------------------------------------------------------------------------


# The first records of each kind (pipelines, jobs, model packages and their groups)
# go through moto's API; the rest (the bench region's thousands) straight to the
# backend methods that API calls: an HTTP round trip costs about 4 ms, the backend
# call a few microseconds.  The demo scenario and the default bench have fewer
# than this many of each kind.
API_SEEDED_RECORDS = 50


def seed_pipelines(sm: Any, backend: Any, scenario: dict[str, Any]) -> None:
    for i, p in enumerate(scenario["pipelines"]):
        kwargs: dict[str, Any] = {
            "PipelineName": p["name"],
            "PipelineDisplayName": p["display_name"],
            "PipelineDefinition": json.dumps(p["definition"]),
            "PipelineDescription": p["description"],
            "RoleArn": sc.ROLE_ARN,
            "ClientRequestToken": f"create-{p['name']}".ljust(32, "0")[:128],
        }
        if p["tags"]:
            kwargs["Tags"] = _copy(p["tags"])
        api = i < API_SEEDED_RECORDS
        if api:
            sm.create_pipeline(**kwargs)
        else:
            backend.create_pipeline(
                pipeline_name=kwargs["PipelineName"],
                pipeline_display_name=kwargs["PipelineDisplayName"],
                pipeline_definition=kwargs["PipelineDefinition"],
                pipeline_definition_s3_location=None,
                pipeline_description=kwargs["PipelineDescription"],
                role_arn=kwargs["RoleArn"],
                tags=kwargs.get("Tags"),
                parallelism_configuration=None,
            )
        pipeline = backend.pipelines[p["name"]]
        pipeline.creation_time = _naive(p["created"])
        pipeline.last_modified_time = _naive(p["last_modified"])

        template = None
        # One backend copy per distinct step list of the scenario: the bench's
        # executions all share one list, so thousands of them cost no more memory
        # than one (ListPipelineExecutionSteps never changes it).
        step_lists: dict[int, list[dict[str, Any]]] = {}
        for ex in p["executions"]:
            if template is None:
                if api:
                    started = sm.start_pipeline_execution(
                        PipelineName=p["name"],
                        PipelineExecutionDisplayName=ex["display_name"],
                        PipelineParameters=_copy(ex["parameters"]),
                        ClientRequestToken=f"start-{ex['id']}".ljust(32, "0")[:128],
                    )
                else:
                    started = backend.start_pipeline_execution(
                        pipeline_name=p["name"],
                        pipeline_execution_display_name=ex["display_name"],
                        pipeline_parameters=_copy(ex["parameters"]),
                        pipeline_execution_description=None,
                        parallelism_configuration=None,
                        client_request_token=f"start-{ex['id']}".ljust(32, "0")[:128],
                    )
                template = pipeline.pipeline_executions.pop(started["PipelineExecutionArn"])
                execution = template
            else:
                # The first execution goes through moto's API; the others are copies
                # of its object with their own values -- one API call per pipeline,
                # not per execution, so --bench-executions 3000 seeds in seconds.
                execution = copy.copy(template)
                execution.pipeline_execution_display_name = ex["display_name"]
                execution.pipeline_parameters = _copy(ex["parameters"])
                execution.client_request_token = f"start-{ex['id']}".ljust(32, "0")[:128]
            # moto invents a random execution id; use the scenario's.
            execution.arn = ex["arn"]
            # What DescribePipelineDefinitionForExecution answers: moto snapshots the
            # pipeline's definition at StartPipelineExecution; an execution that ran an
            # older definition (churn-weekly's v1) carries its own.
            execution.pipeline_definition_for_execution = (
                json.dumps(ex["definition"]) if ex.get("definition") is not None else pipeline.pipeline_definition
            )
            execution.pipeline_execution_status = ex["status"]
            execution.pipeline_execution_failure_reason = ex["failure_reason"]
            execution.creation_time = _naive(ex["start"])
            execution.start_time = _naive(ex["start"])
            execution.last_modified_time = _naive(ex["last_modified"])
            key = id(ex["steps"])
            if key not in step_lists:
                step_lists[key] = _copy(ex["steps"])
            execution.lineage_steps = step_lists[key]
            # Added to every step's StartTime/EndTime when listed (see extension.py).
            execution.lineage_step_shift = ex.get("step_time_shift")
            pipeline.pipeline_executions[ex["arn"]] = execution

        if pipeline.pipeline_executions:
            pipeline.last_execution_time = max(
                e.start_time for e in pipeline.pipeline_executions.values()
            )
        else:
            pipeline.last_execution_time = None


def _set_times(obj: Any, job: dict[str, Any], start_attr: str, end_attr: str) -> None:
    obj.creation_time = _naive(job["created"])
    setattr(obj, start_attr, _naive(job["started"]))
    setattr(obj, end_attr, _naive(job["ended"]))
    obj.last_modified_time = _naive(job.get("last_modified") or job["ended"] or job["created"])


def seed_processing_jobs(sm: Any, backend: Any, scenario: dict[str, Any]) -> None:
    for i, job in enumerate(scenario["processing_jobs"]):
        args = _copy(job["args"])
        request = {
            k: v
            for k, v in args.items()
            if k
            in (
                "ProcessingInputs",
                "ProcessingOutputConfig",
                "ProcessingResources",
                "StoppingCondition",
                "AppSpecification",
                "Environment",
                "NetworkConfig",
                "RoleArn",
            )
        }
        if i < API_SEEDED_RECORDS:
            sm.create_processing_job(ProcessingJobName=job["name"], **request)
        else:
            backend.create_processing_job(
                app_specification=request.get("AppSpecification"),
                experiment_config=None,
                network_config=request.get("NetworkConfig"),
                processing_inputs=request.get("ProcessingInputs"),
                processing_job_name=job["name"],
                processing_output_config=request.get("ProcessingOutputConfig"),
                role_arn=request.get("RoleArn"),
                tags=None,
                stopping_condition=request.get("StoppingCondition"),
            )
        obj = backend.processing_jobs[job["name"]]
        # moto's create drops these; DescribeProcessingJob must report them.
        obj.processing_resources = args["ProcessingResources"]
        obj.environment = args.get("Environment")
        obj.processing_inputs = args.get("ProcessingInputs")
        obj.processing_output_config = args["ProcessingOutputConfig"]
        obj.app_specification = args["AppSpecification"]
        obj.stopping_condition = args.get("StoppingCondition")
        obj.network_config = args.get("NetworkConfig")
        obj.processing_job_status = job["status"]
        obj.failure_reason = job.get("failure_reason")
        if job["status"] == "Failed" and job.get("failure_reason"):
            obj.exit_message = job["failure_reason"]
        _set_times(obj, job, "processing_start_time", "processing_end_time")


_XGB_METRIC_DEFINITIONS = [
    {
        "Name": "train:loss",
        "Regex": ".*\\[[0-9]+\\].*#011train-logloss:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*",
    },
    {
        "Name": "validation:auc",
        "Regex": ".*\\[[0-9]+\\].*#011validation-auc:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*",
    },
]


def _secondary_transitions(job: dict[str, Any]) -> list[dict[str, Any]]:
    created, started, ended = job["created"], job["started"], job["ended"]
    transitions = [
        {
            "Status": "Starting",
            "StartTime": _naive(created),
            "EndTime": _naive(started),
            "StatusMessage": "Preparing the instances for training",
        }
    ]
    if started and ended:
        transitions.append(
            {
                "Status": "Training",
                "StartTime": _naive(started),
                "EndTime": _naive(ended),
                "StatusMessage": "Training image download completed. Training in progress.",
            }
        )
        final = job["secondary_status"]
        transitions.append(
            {
                "Status": final,
                "StartTime": _naive(ended),
                "EndTime": _naive(ended),
                "StatusMessage": (
                    "Training job completed"
                    if final == "Completed"
                    else f"Training job failed. Reason: {job.get('failure_reason')}"
                ),
            }
        )
    return transitions


def seed_training_jobs(sm: Any, backend: Any, scenario: dict[str, Any]) -> None:
    for i, job in enumerate(scenario["training_jobs"]):
        args = _copy(job["args"])
        if i < API_SEEDED_RECORDS:
            sm.create_training_job(TrainingJobName=job["name"], **args)
        else:
            backend.create_training_job(
                training_job_name=job["name"],
                hyper_parameters=args.get("HyperParameters"),
                algorithm_specification=args.get("AlgorithmSpecification"),
                role_arn=args.get("RoleArn"),
                input_data_config=args.get("InputDataConfig"),
                output_data_config=args.get("OutputDataConfig"),
                resource_config=args.get("ResourceConfig"),
                vpc_config=args.get("VpcConfig"),
                stopping_condition=args.get("StoppingCondition"),
                tags=args.get("Tags"),
                enable_network_isolation=args.get("EnableNetworkIsolation", False),
                enable_inter_container_traffic_encryption=args.get("EnableInterContainerTrafficEncryption", False),
                enable_managed_spot_training=args.get("EnableManagedSpotTraining", False),
                checkpoint_config=args.get("CheckpointConfig"),
                debug_hook_config=args.get("DebugHookConfig"),
                debug_rule_configurations=args.get("DebugRuleConfigurations"),
                tensor_board_output_config=args.get("TensorBoardOutputConfig"),
                experiment_config=args.get("ExperimentConfig"),
            )
        obj = backend.training_jobs[job["name"]]
        spec = _copy(args["AlgorithmSpecification"])
        spec["MetricDefinitions"] = _copy(job.get("metric_definitions") or _XGB_METRIC_DEFINITIONS)
        spec["EnableSageMakerMetricsTimeSeries"] = False
        obj.algorithm_specification = spec
        obj.training_job_status = job["status"]
        obj.secondary_status = job["secondary_status"]
        obj.failure_reason = job.get("failure_reason")
        _set_times(obj, job, "training_start_time", "training_end_time")
        obj.secondary_status_transitions = _secondary_transitions(job)
        obj.final_metric_data_list = [
            {"MetricName": m["MetricName"], "Value": m["Value"], "Timestamp": _naive(job["ended"])}
            for m in job["final_metrics"]
        ] or None
        if job["started"] and job["ended"]:
            seconds = int((job["ended"] - job["started"]).total_seconds())
            obj.training_time_in_seconds = seconds
            obj.billable_time_in_seconds = seconds


def seed_models(sm: Any, backend: Any, scenario: dict[str, Any]) -> None:
    for model in scenario["models"]:
        sm.create_model(ModelName=model["name"], **copy.deepcopy(model["args"]))
        obj = backend._models[model["name"]]
        obj.creation_time = _naive(model["created"])


def seed_transform_jobs(sm: Any, backend: Any, scenario: dict[str, Any]) -> None:
    for job in scenario["transform_jobs"]:
        args = copy.deepcopy(job["args"])
        sm.create_transform_job(TransformJobName=job["name"], **args)
        obj = backend.transform_jobs[job["name"]]
        obj.transform_job_status = job["status"]
        obj.failure_reason = job.get("failure_reason")
        obj.labeling_job_arn = None
        obj.auto_ml_job_arn = None
        _set_times(obj, job, "transform_start_time", "transform_end_time")


def seed_tuning_jobs(sm: Any, backend: Any, scenario: dict[str, Any]) -> None:
    for job in scenario["tuning_jobs"]:
        args = copy.deepcopy(job["args"])
        sm.create_hyper_parameter_tuning_job(HyperParameterTuningJobName=job["name"], **args)
        obj = backend.hyper_parameter_tuning_jobs[job["name"]]
        obj.hyper_parameter_tuning_job_status = job["status"]
        obj.creation_time = _naive(job["created"])
        obj.last_modified_time = _naive(job.get("last_modified") or job["created"])
        obj.hyper_parameter_tuning_end_time = _naive(job["ended"])
        obj.training_job_status_counters = dict(job["training_job_status_counters"])
        obj.objective_status_counters = dict(job["objective_status_counters"])
        best = copy.deepcopy(job["best_training_job"])
        for key in ("CreationTime", "TrainingStartTime", "TrainingEndTime"):
            if best.get(key):
                best[key] = _naive(best[key])
        obj.best_training_job = best
        obj.OverallBestTrainingJob = None
        obj.failure_reason = job.get("failure_reason")
        obj.tuning_job_completion_details = None
        obj.consumed_resources = {"RuntimeInSeconds": job["consumed_runtime_seconds"]}


def seed_model_packages(sm: Any, backend: Any, scenario: dict[str, Any]) -> None:
    for i, group in enumerate(scenario["model_package_groups"]):
        if i < API_SEEDED_RECORDS:
            sm.create_model_package_group(
                ModelPackageGroupName=group["name"],
                ModelPackageGroupDescription=group["description"],
            )
        else:
            backend.create_model_package_group(
                model_package_group_name=group["name"],
                model_package_group_description=group["description"],
            )
        backend.model_package_groups[group["name"]].creation_time = _naive(group["created"])
    for i, pkg in enumerate(scenario["model_packages"]):
        optional = {}
        if pkg.get("drift_check_baselines"):
            optional["DriftCheckBaselines"] = _copy(pkg["drift_check_baselines"])
        if pkg.get("model_metrics"):
            optional["ModelMetrics"] = _copy(pkg["model_metrics"])
        if i < API_SEEDED_RECORDS:
            arn = sm.create_model_package(
                ModelPackageGroupName=pkg["group"],
                InferenceSpecification=_copy(pkg["inference_specification"]),
                MetadataProperties=_copy(pkg["metadata_properties"]),
                ModelApprovalStatus=pkg["approval_status"],
                **optional,
            )["ModelPackageArn"]
        else:
            arn = _create_versioned_package(backend, pkg, optional)
        if arn != pkg["arn"]:
            raise RuntimeError(f"model package ARN {arn} != scenario {pkg['arn']}")
        backend.model_packages[arn].creation_time = _naive(pkg["created"])


def _create_versioned_package(backend: Any, pkg: dict[str, Any], optional: dict[str, Any]) -> str:
    """What CreateModelPackage does for a versioned package, without moto's scan of
    every package for the group's next version (quadratic over thousands): the
    scenario gives the version."""
    from moto.sagemaker.models import ModelPackage

    package = ModelPackage(
        model_package_name=pkg["group"],
        model_package_group_name=pkg["group"],
        model_package_description=None,
        inference_specification=_copy(pkg["inference_specification"]),
        validation_specification=None,
        source_algorithm_specification=None,
        certify_for_marketplace=False,
        tags=None,
        model_approval_status=pkg["approval_status"],
        metadata_properties=_copy(pkg["metadata_properties"]),
        model_metrics=optional.get("ModelMetrics"),
        customer_metadata_properties=None,
        drift_check_baselines=optional.get("DriftCheckBaselines"),
        domain=None,
        task=None,
        sample_payload_url=None,
        additional_inference_specifications=None,
        model_package_version=pkg["version"],
        approval_description=None,
        region_name=backend.region_name,
        account_id=backend.account_id,
        client_token=None,
        model_package_type="Versioned",
    )
    backend.model_package_name_mapping[package.model_package_name] = package.arn
    backend.model_package_name_mapping[package.arn] = package.arn
    backend.model_packages[package.arn] = package
    return package.arn


# The first deployments of each kind go through moto's API; the rest (the bench's
# --bench-endpoints) straight to the backend methods that API calls -- an HTTP
# round trip costs about 4 ms, the backend call 0.01 ms.
API_SEEDED_DEPLOYMENTS = 10


def seed_deployments(sm: Any, backend: Any, scenario: dict[str, Any]) -> None:
    """Models, endpoint configs and endpoints (after the model packages they name).

    moto answers every endpoint InService from the start; the scenario's status,
    failure reason and times are written into the backend object, and the
    ResolutionTime of its DeployedImages (resolved at CreateEndpoint) set to the
    endpoint's ``deployed`` time.  ``deployed`` None: the endpoint failed before
    any variant was deployed, so it reports no ProductionVariants."""
    for i, model in enumerate(scenario.get("deployment_models") or []):
        args = copy.deepcopy(model["args"])
        if i < API_SEEDED_DEPLOYMENTS:
            sm.create_model(ModelName=model["name"], **args)
        else:
            backend.create_model(
                model_name=model["name"],
                execution_role_arn=args.get("ExecutionRoleArn"),
                primary_container=args.get("PrimaryContainer"),
                vpc_config=args.get("VpcConfig"),
                containers=args.get("Containers"),
                tags=args.get("Tags"),
            )
        backend._models[model["name"]].creation_time = _naive(model["created"])
    for i, config in enumerate(scenario.get("endpoint_configs") or []):
        variants = copy.deepcopy(config["variants"])
        if i < API_SEEDED_DEPLOYMENTS:
            sm.create_endpoint_config(EndpointConfigName=config["name"], ProductionVariants=variants)
        else:
            backend.create_endpoint_config(
                endpoint_config_name=config["name"],
                production_variants=variants,
                data_capture_config=None,
                async_inference_config=None,
                tags=None,
                kms_key_id=None,
            )
        backend.endpoint_configs[config["name"]].creation_time = _naive(config["created"])
    for i, ep in enumerate(scenario.get("endpoints") or []):
        if i < API_SEEDED_DEPLOYMENTS:
            sm.create_endpoint(EndpointName=ep["name"], EndpointConfigName=ep["config"])
        else:
            backend.create_endpoint(endpoint_name=ep["name"], endpoint_config_name=ep["config"], tags=None)
        obj = backend.endpoints[ep["name"]]
        obj.endpoint_status = ep["status"]
        obj.failure_reason = ep.get("failure_reason")
        obj.creation_time = _naive(ep["created"])
        obj.last_modified_time = _naive(ep["last_modified"])
        if ep.get("deployed") is None:
            obj.production_variants = []
        else:
            for variant in obj.production_variants:
                for image in variant.get("DeployedImages", []):
                    image["ResolutionTime"] = _naive(ep["deployed"])


def seed(endpoint: str, scenario: dict[str, Any]) -> None:
    """Create everything in ``scenario`` on the emulator at ``endpoint``."""
    s3, sm = _clients(endpoint)
    backend = _sagemaker_backend()
    seed_kms(_kms_client(endpoint), scenario)
    seed_s3(s3, scenario)
    seed_account_public_access_block(s3control_client(_session(), endpoint), scenario)
    seed_pipelines(sm, backend, scenario)
    seed_processing_jobs(sm, backend, scenario)
    seed_training_jobs(sm, backend, scenario)
    seed_models(sm, backend, scenario)
    seed_transform_jobs(sm, backend, scenario)
    seed_tuning_jobs(sm, backend, scenario)
    seed_model_packages(sm, backend, scenario)
    seed_deployments(sm, backend, scenario)
