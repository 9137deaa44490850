"""In-process patches that make moto 5.2.5 behave like the real AWS APIs the
lineage viewer reads.

Everything here changes moto's Python classes in the running process; nothing
is written to disk.  ``install()`` is idempotent.

SageMaker (JSON protocol; moto serializes our dicts through the botocore
service model, so field names and types are checked against the real API
shapes and unknown keys are dropped):

* ``ListPipelineExecutionSteps`` -- missing in moto (HTML 500).  Added: steps
  seeded on the execution object (``execution.lineage_steps``, times moved by
  ``execution.lineage_step_shift`` when set), newest first,
  ``SortOrder``, ``MaxResults``/``NextToken``, every page capped at
  ``STEP_PAGE_CAP`` items, ``ResourceNotFound`` for an unknown execution.
* ``ListPipelineExecutions`` -- moto ignores MaxResults/SortBy/SortOrder and
  writes the string "None" as PipelineExecutionFailureReason.  Replaced.
* ``DescribePipelineExecution`` -- moto always writes ``FailureReason: ""``
  and an empty PipelineExperimentConfig.  Replaced.
* ``ListPipelines`` -- moto pages before it filters and sorts.  Replaced.
* ``DescribeModelPackage`` -- moto drops the required ModelPackageName of a
  versioned package.  Fixed.
* ``ListEndpoints`` -- moto sorts ascending by default and pages 100 without
  checking MaxResults; replaced (filters, CreationTime Descending by default,
  MaxResults 1-100, default 10, our NextToken).
* ``DescribeEndpoint`` -- moto drops a production variant's weight or instance
  count of 0, never writes DeployedImages, and writes ``DataCaptureConfig: {}``;
  the variant summaries are now built at CreateEndpoint (images resolved from
  the variant's model or its model package), empty members left out.
* ``DescribeEndpointConfig`` / ``DescribeModel`` -- moto writes empty
  ``DataCaptureConfig`` / ``VpcConfig`` (their required members missing),
  ``Containers: []`` or ``PrimaryContainer: {}``; left out.
* JSON timestamps are written as floats (epoch seconds), like the real API.
* missing pipeline / execution -> ``ResourceNotFound`` (moto: ValidationException),
  as the real API answers DescribePipeline, DescribePipelineExecution,
  DescribePipelineDefinitionForExecution, ListPipelineExecutions,
  ListPipelineParametersForExecution.

S3 (REST-XML):

* ``GetBucketVersioning`` -- moto names the XML root
  ``<GetBucketVersioningResponse>``; real S3 and the Rust SDK use
  ``<VersioningConfiguration>``.  Root renamed (same for
  ``GetBucketNotificationConfiguration`` -> ``<NotificationConfiguration>``).
  GetBucketLocation, GetBucketEncryption, GetPublicAccessBlock,
  GetBucketTagging, GetObject and the error bodies already match real S3.
* optional (``default_s3_encryption=True``): a bucket without an encryption
  configuration answers SSE-S3 (AES256) like real S3 since January 2023,
  instead of ``ServerSideEncryptionConfigurationNotFoundError``.
* ``GetBucketVersioning`` answers ``MfaDelete`` once PutBucketVersioning set it
  (moto dropped it); ``GetObjectLockConfiguration`` has ``Days`` or ``Years``,
  not both; ``GetBucketPolicy`` is ``application/json``; ``HeadBucket`` carries
  ``x-amz-access-point-alias``; ``PutBucketLogging`` no longer fails on a target
  policy with ``"Principal": "*"``.
* IAM (under enforcement): the real actions of the bucket reads (see
  ``_patch_s3_iam_actions``), HeadBucket as ``s3:ListBucket``.

S3 Control (``_patch_s3control``): IAM action ``s3:GetAccountPublicAccessBlock``,
S3 Control's own error document for auth errors, signatures without
``x-amz-content-sha256``, ``application/xml``.

KMS (``_patch_kms``): ``application/x-amz-json-1.1``, no ``null`` members in
DescribeKey, the full GetKeyRotationStatus answer, AccessDeniedException for
another account's key ARN, the key ARN as the IAM resource and JSON auth errors.

The cross-region 301s, the expected-bucket-owner and restricted-bucket 403s,
latency and call counting live in the WSGI middleware (``server.py``), in
front of moto.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from datetime import datetime, timezone
from typing import Any

STEP_PAGE_CAP = 4
LIST_EXECUTIONS_DEFAULT_MAX = 50
LIST_PIPELINES_DEFAULT_MAX = 50
LIST_ENDPOINTS_DEFAULT_MAX = 10  # the real API's default MaxResults

# operation -> the XML root real S3 sends and the Rust SDK checks; moto writes
# "<{Operation}Response>" for these two.  (Checked against the Rust SDK's
# deserializers for every S3 read; the app itself only needs GetBucketVersioning.)
S3_XML_ROOT_FIXES = {
    "GetBucketVersioning": "VersioningConfiguration",
    # moto answers ?notification as the deprecated botocore operation GetBucketNotification
    "GetBucketNotification": "NotificationConfiguration",
    "GetBucketNotificationConfiguration": "NotificationConfiguration",
}
_XML_ROOT_RE = re.compile(r"^(\s*(?:<\?xml[^>]*\?>)?\s*)<([A-Za-z_][\w.-]*)")

_EXECUTION_ARN_RE = re.compile(
    r"^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):(\d{12}):pipeline/([^/]+)/execution/([^/]+)$"
)

_install_lock = threading.Lock()
_installed = False
OPTIONS: dict[str, Any] = {"default_s3_encryption": False}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _aware(value: Any) -> Any:
    """moto keeps naive-UTC datetimes; make any datetime comparable."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _encode_token(kind: str, key: str, offset: int) -> str:
    raw = json.dumps({"k": kind, "r": key, "o": offset}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_token(token: str | None, kind: str, key: str) -> int:
    from moto.sagemaker.exceptions import ValidationError

    if not token:
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if data["k"] != kind or data["r"] != key:
            raise ValueError("token for another request")
        offset = int(data["o"])
        if offset < 0:
            raise ValueError("negative offset")
        return offset
    except Exception:  # noqa: BLE001 - any malformed token is a client error
        raise ValidationError(message="Invalid pagination token.")


def _page_size(max_results: Any, default: int, cap: int | None = None) -> int:
    from moto.sagemaker.exceptions import ValidationError

    size = default
    if max_results is not None:
        size = int(max_results)
        if size < 1 or size > 100:
            raise ValidationError(
                message=(
                    f"1 validation error detected: Value '{size}' at 'maxResults' failed to "
                    "satisfy constraint: Member must have value between 1 and 100"
                )
            )
    if cap is not None:
        size = min(size, cap)
    return size


def pipeline_not_found(backend: Any, pipeline_name: str) -> Exception:
    from moto.sagemaker.exceptions import ResourceNotFound

    arn = f"arn:{backend.partition}:sagemaker:{backend.region_name}:{backend.account_id}:pipeline/{pipeline_name}"
    return ResourceNotFound(message=f"Pipeline '{arn}' does not exist.")


def find_pipeline(backend: Any, name_or_arn: str) -> Any:
    name = name_or_arn or ""
    if name.startswith("arn:"):
        name = name.split(":pipeline/", 1)[-1].split("/", 1)[0]
    pipeline = backend.pipelines.get(name)
    if pipeline is None:
        raise pipeline_not_found(backend, name)
    return pipeline


def find_execution(backend: Any, execution_arn: str) -> tuple[Any, Any]:
    from moto.sagemaker.exceptions import ResourceNotFound, ValidationError

    match = _EXECUTION_ARN_RE.match(execution_arn or "")
    if not match:
        raise ValidationError(
            message=(
                f"1 validation error detected: Value '{execution_arn}' at 'pipelineExecutionArn' "
                "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                "^arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:pipeline\\/.*\\/execution\\/.*$"
            )
        )
    pipeline = backend.pipelines.get(match.group(3))
    execution = pipeline.pipeline_executions.get(execution_arn) if pipeline else None
    if execution is None:
        raise ResourceNotFound(message=f"Pipeline execution '{execution_arn}' does not exist.")
    return pipeline, execution


def execution_id(execution_arn: str) -> str:
    return execution_arn.rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------
# SageMaker response methods
# ---------------------------------------------------------------------------


def _list_pipeline_execution_steps(self: Any) -> Any:
    from moto.core.responses import ActionResult

    arn = self._get_param("PipelineExecutionArn")
    _, execution = find_execution(self.sagemaker_backend, arn)
    steps = list(getattr(execution, "lineage_steps", []) or [])
    descending = (self._get_param("SortOrder") or "Descending") != "Ascending"
    steps.sort(key=lambda s: _aware(s["StartTime"]), reverse=descending)

    offset = _decode_token(self._get_param("NextToken"), "steps", arn)
    cap = OPTIONS.get("step_page_cap", STEP_PAGE_CAP)
    size = _page_size(self._get_param("MaxResults"), LIST_EXECUTIONS_DEFAULT_MAX, cap)
    page = steps[offset : offset + size]
    shift = getattr(execution, "lineage_step_shift", None)
    if shift:
        # Executions seeded from one shared step list (bench) keep their own times:
        # the list holds the first execution's, moved here by the execution's offset.
        page = [
            dict(s, **{k: s[k] + shift for k in ("StartTime", "EndTime") if s.get(k) is not None})
            for s in page
        ]
    result: dict[str, Any] = {"PipelineExecutionSteps": page}
    if offset + size < len(steps):
        result["NextToken"] = _encode_token("steps", arn, offset + size)
    return ActionResult(result)


def _execution_summary(execution: Any) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "PipelineExecutionArn": execution.arn,
        "StartTime": execution.start_time,
        "PipelineExecutionStatus": execution.pipeline_execution_status,
    }
    if execution.pipeline_execution_description:
        summary["PipelineExecutionDescription"] = execution.pipeline_execution_description
    if execution.pipeline_execution_display_name:
        summary["PipelineExecutionDisplayName"] = execution.pipeline_execution_display_name
    reason = execution.pipeline_execution_failure_reason
    if reason not in (None, "", "None"):
        summary["PipelineExecutionFailureReason"] = reason
    return summary


def _list_pipeline_executions(self: Any) -> Any:
    from moto.core.responses import ActionResult

    name = self._get_param("PipelineName")
    pipeline = find_pipeline(self.sagemaker_backend, name)
    executions = list(pipeline.pipeline_executions.values())

    created_after = _aware(self._get_param("CreatedAfter"))
    created_before = _aware(self._get_param("CreatedBefore"))
    if created_after is not None:
        executions = [e for e in executions if _aware(e.creation_time) > created_after]
    if created_before is not None:
        executions = [e for e in executions if _aware(e.creation_time) < created_before]

    sort_by = self._get_param("SortBy") or "CreationTime"
    descending = (self._get_param("SortOrder") or "Descending") != "Ascending"
    if sort_by == "PipelineExecutionArn":
        executions.sort(key=lambda e: e.arn, reverse=descending)
    else:
        executions.sort(key=lambda e: (_aware(e.creation_time), e.arn), reverse=descending)

    offset = _decode_token(self._get_param("NextToken"), "executions", pipeline.pipeline_name)
    size = _page_size(self._get_param("MaxResults"), LIST_EXECUTIONS_DEFAULT_MAX)
    page = executions[offset : offset + size]
    result: dict[str, Any] = {
        "PipelineExecutionSummaries": [_execution_summary(e) for e in page]
    }
    if offset + size < len(executions):
        result["NextToken"] = _encode_token("executions", pipeline.pipeline_name, offset + size)
    return ActionResult(result)


def _describe_pipeline_execution(self: Any) -> Any:
    from moto.core.responses import ActionResult

    arn = self._get_param("PipelineExecutionArn")
    pipeline, execution = find_execution(self.sagemaker_backend, arn)
    result: dict[str, Any] = {
        "PipelineArn": pipeline.arn,
        "PipelineExecutionArn": execution.arn,
        "PipelineExecutionDisplayName": execution.pipeline_execution_display_name
        or execution_id(execution.arn),
        "PipelineExecutionStatus": execution.pipeline_execution_status,
        "PipelineExperimentConfig": {
            "ExperimentName": pipeline.pipeline_name,
            "TrialName": execution_id(execution.arn),
        },
        "CreationTime": execution.creation_time,
        "LastModifiedTime": execution.last_modified_time,
        "CreatedBy": execution.created_by,
        "LastModifiedBy": execution.last_modified_by,
    }
    if execution.pipeline_execution_description:
        result["PipelineExecutionDescription"] = execution.pipeline_execution_description
    reason = execution.pipeline_execution_failure_reason
    if reason not in (None, "", "None"):
        result["FailureReason"] = reason
    if execution.parallelism_configuration:
        result["ParallelismConfiguration"] = execution.parallelism_configuration
    return ActionResult(result)


def _list_pipelines(self: Any) -> Any:
    from moto.core.responses import ActionResult

    backend = self.sagemaker_backend
    pipelines = list(backend.pipelines.values())
    prefix = self._get_param("PipelineNamePrefix")
    if prefix:
        pipelines = [p for p in pipelines if p.pipeline_name.startswith(prefix)]
    created_after = _aware(self._get_param("CreatedAfter"))
    created_before = _aware(self._get_param("CreatedBefore"))
    if created_after is not None:
        pipelines = [p for p in pipelines if _aware(p.creation_time) > created_after]
    if created_before is not None:
        pipelines = [p for p in pipelines if _aware(p.creation_time) < created_before]
    descending = (self._get_param("SortOrder") or "Descending") != "Ascending"
    if (self._get_param("SortBy") or "CreationTime") == "Name":
        pipelines.sort(key=lambda p: p.pipeline_name, reverse=descending)
    else:
        pipelines.sort(key=lambda p: (_aware(p.creation_time), p.pipeline_name), reverse=descending)

    offset = _decode_token(self._get_param("NextToken"), "pipelines", backend.region_name)
    size = _page_size(self._get_param("MaxResults"), LIST_PIPELINES_DEFAULT_MAX)
    page = pipelines[offset : offset + size]
    summaries = []
    for p in page:
        summary = {
            "PipelineArn": p.arn,
            "PipelineName": p.pipeline_name,
            "PipelineDisplayName": p.pipeline_display_name,
            "RoleArn": p.role_arn,
            "CreationTime": p.creation_time,
            "LastModifiedTime": p.last_modified_time,
        }
        if p.pipeline_description:
            summary["PipelineDescription"] = p.pipeline_description
        if p.last_execution_time:
            summary["LastExecutionTime"] = p.last_execution_time
        summaries.append(summary)
    result: dict[str, Any] = {"PipelineSummaries": summaries}
    if offset + size < len(pipelines):
        result["NextToken"] = _encode_token("pipelines", backend.region_name, offset + size)
    return ActionResult(result)


def _describe_model_package(self: Any) -> Any:
    from moto.core.responses import ActionResult

    name = self._get_param("ModelPackageName")
    package = self.sagemaker_backend.describe_model_package(model_package_name=name)
    result = package.gen_response_object()
    # A versioned package reports its group name as ModelPackageName (required field).
    result.setdefault("ModelPackageName", package.model_package_name)
    return ActionResult(result)


# ---------------------------------------------------------------------------
# SageMaker deployments: endpoints, endpoint configs, models
# ---------------------------------------------------------------------------


def _without_empty(document: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Drop members moto writes empty ({} / []) where the real API leaves them out."""
    return {k: v for k, v in document.items() if not (k in keys and v in ({}, []))}


def resolved_image(image: str) -> str:
    """DeployedImage.ResolvedImage: the repository with the digest SageMaker resolved
    the tag to (here a fixed sha256 of the specified image), ``repo@sha256:<64 hex>``."""
    if "@sha256:" in image:
        return image
    repository = image
    slash = image.rfind("/")
    colon = image.rfind(":")
    if colon > slash:  # a tag, not a registry port
        repository = image[:colon]
    return f"{repository}@sha256:{hashlib.sha256(image.encode()).hexdigest()}"


def _model_images(backend: Any, model_name: str | None) -> list[str]:
    """The images a model runs: each container's Image, or for a container with a
    ModelPackageName the images of that package's InferenceSpecification."""
    model = backend._models.get(model_name) if model_name else None
    if model is None:
        return []
    containers = [model.primary_container] if model.primary_container else list(model.containers or [])
    images: list[str] = []
    for container in containers:
        if container.get("Image"):
            images.append(container["Image"])
        elif container.get("ModelPackageName"):
            name = container["ModelPackageName"]
            package = backend.model_packages.get(backend.model_package_name_mapping.get(name, name))
            spec = (package.inference_specification or {}) if package is not None else {}
            images.extend(c["Image"] for c in spec.get("Containers", []) if c.get("Image"))
    return images


def _process_production_variants(self: Any, production_variants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """FakeEndpoint's ProductionVariantSummary list, taken from the endpoint config at
    CreateEndpoint.  moto dropped a weight or instance count of 0 (``if value:``)
    and never wrote DeployedImages; real SageMaker reports both (the images
    resolved when the variant was deployed, ResolutionTime = then)."""
    from moto.sagemaker.models import sagemaker_backends
    from moto.core.utils import utcnow

    _, _, _, region, account, _ = self.arn.split(":", 5)
    backend = sagemaker_backends[account][region]
    now = utcnow()
    summaries = []
    for variant in production_variants:
        summary: dict[str, Any] = {"VariantName": variant["VariantName"]}
        images = _model_images(backend, variant.get("ModelName"))
        if images:
            summary["DeployedImages"] = [
                {"SpecifiedImage": image, "ResolvedImage": resolved_image(image), "ResolutionTime": now}
                for image in images
            ]
        if variant.get("InitialVariantWeight") is not None:
            summary["CurrentWeight"] = summary["DesiredWeight"] = float(variant["InitialVariantWeight"])
        if variant.get("InitialInstanceCount") is not None:
            summary["CurrentInstanceCount"] = summary["DesiredInstanceCount"] = int(variant["InitialInstanceCount"])
        if variant.get("ServerlessConfig"):
            summary["CurrentServerlessConfig"] = summary["DesiredServerlessConfig"] = variant["ServerlessConfig"]
        summaries.append(summary)
    return summaries


def _endpoint_summary(endpoint: Any) -> dict[str, Any]:
    return {
        "EndpointName": endpoint.endpoint_name,
        "EndpointArn": endpoint.arn,
        "CreationTime": endpoint.creation_time,
        "LastModifiedTime": endpoint.last_modified_time,
        "EndpointStatus": endpoint.endpoint_status,
    }


def _list_endpoints(self: Any) -> Any:
    """ListEndpoints as the real API: filters, then sorts (CreationTime Descending by
    default; moto sorted ascending), then pages (MaxResults 1-100, default 10;
    moto: 100, unchecked).  CreationTimeAfter is inclusive, as documented."""
    from moto.core.responses import ActionResult

    backend = self.sagemaker_backend
    endpoints = list(backend.endpoints.values())
    name_contains = self._get_param("NameContains")
    if name_contains:
        endpoints = [e for e in endpoints if name_contains in e.endpoint_name]
    status = self._get_param("StatusEquals")
    if status:
        endpoints = [e for e in endpoints if e.endpoint_status == status]
    for param, attr, keep in (
        ("CreationTimeBefore", "creation_time", lambda t, v: t < v),
        ("CreationTimeAfter", "creation_time", lambda t, v: t >= v),
        ("LastModifiedTimeBefore", "last_modified_time", lambda t, v: t < v),
        ("LastModifiedTimeAfter", "last_modified_time", lambda t, v: t > v),
    ):
        value = _aware(self._get_param(param))
        if value is not None:
            endpoints = [e for e in endpoints if keep(_aware(getattr(e, attr)), value)]
    sort_by = self._get_param("SortBy") or "CreationTime"
    descending = (self._get_param("SortOrder") or "Descending") != "Ascending"
    if sort_by == "Name":
        endpoints.sort(key=lambda e: e.endpoint_name, reverse=descending)
    elif sort_by == "Status":
        endpoints.sort(key=lambda e: (e.endpoint_status, e.endpoint_name), reverse=descending)
    else:
        endpoints.sort(key=lambda e: (_aware(e.creation_time), e.endpoint_name), reverse=descending)

    offset = _decode_token(self._get_param("NextToken"), "endpoints", backend.region_name)
    size = _page_size(self._get_param("MaxResults"), LIST_ENDPOINTS_DEFAULT_MAX)
    page = endpoints[offset : offset + size]
    result: dict[str, Any] = {"Endpoints": [_endpoint_summary(e) for e in page]}
    if offset + size < len(endpoints):
        result["NextToken"] = _encode_token("endpoints", backend.region_name, offset + size)
    return ActionResult(result)


def _describe_endpoint(self: Any) -> Any:
    """moto wrote ``DataCaptureConfig: {}`` (its required members missing) and an
    empty ProductionVariants list stays out (an endpoint that failed while being
    created has no deployed variant)."""
    from moto.core.responses import ActionResult

    name = self._get_param("EndpointName")
    endpoint = self.sagemaker_backend.endpoints.get(name)
    if endpoint is None:
        self.sagemaker_backend.describe_endpoint(name)  # raises moto's ValidationException
    result: dict[str, Any] = {
        "EndpointName": endpoint.endpoint_name,
        "EndpointArn": endpoint.arn,
        "EndpointConfigName": endpoint.endpoint_config_name,
    }
    if endpoint.production_variants:
        result["ProductionVariants"] = endpoint.production_variants
    if endpoint.data_capture_config:
        result["DataCaptureConfig"] = endpoint.data_capture_config
    result["EndpointStatus"] = endpoint.endpoint_status
    if endpoint.failure_reason:
        result["FailureReason"] = endpoint.failure_reason
    result["CreationTime"] = endpoint.creation_time
    result["LastModifiedTime"] = endpoint.last_modified_time
    return ActionResult(result)


def _describe_endpoint_config(self: Any) -> Any:
    """moto wrote ``DataCaptureConfig: {}`` for a config without one (its required
    members missing); the real API leaves it out."""
    from moto.core.responses import ActionResult

    name = self._get_param("EndpointConfigName")
    document = self.sagemaker_backend.describe_endpoint_config(name)
    return ActionResult(_without_empty(document, "DataCaptureConfig"))


def _describe_model(self: Any) -> Any:
    """moto wrote ``VpcConfig: {}`` (required members missing), ``Containers: []``
    next to a PrimaryContainer and ``PrimaryContainer: {}`` next to Containers; the
    real API leaves out what was not set.  ModelPackageName is kept (moto does)."""
    from moto.core.responses import ActionResult

    model = self.sagemaker_backend.describe_model(self._get_param("ModelName"))
    return ActionResult(_without_empty(model.response_object, "VpcConfig", "Containers", "PrimaryContainer"))


# ---------------------------------------------------------------------------
# S3 patches
# ---------------------------------------------------------------------------


def _patch_s3_serializer() -> None:
    from moto.core.serialize import S3Serializer

    original = S3Serializer._serialized_result_to_response

    def _serialized_result_to_response(self: Any, resp: Any, result: Any, shape: Any, serialized_result: Any) -> Any:
        resp = original(self, resp, result, shape, serialized_result)
        root = S3_XML_ROOT_FIXES.get(self.operation_model.name)
        body = resp.get("body")
        if root and isinstance(body, str):
            match = _XML_ROOT_RE.match(body)
            if match and match.group(2) != root:
                wrong = match.group(2)
                body = body[: match.start(2)] + root + body[match.end(2) :]
                closing = f"</{wrong}>"
                at = body.rfind(closing)
                if at != -1:
                    body = body[:at] + f"</{root}>" + body[at + len(closing) :]
                resp["body"] = body
        return resp

    S3Serializer._serialized_result_to_response = _serialized_result_to_response  # type: ignore[method-assign]


def _patch_s3_default_encryption() -> None:
    from moto.core.responses import ActionResult
    from moto.s3.exceptions import ServerSideEncryptionConfigurationNotFoundError
    from moto.s3.responses import S3Response

    original = S3Response.get_bucket_encryption

    def get_bucket_encryption(self: Any) -> Any:
        try:
            return original(self)
        except ServerSideEncryptionConfigurationNotFoundError:
            if not OPTIONS["default_s3_encryption"]:
                raise
            self.data["Action"] = "GetBucketEncryption"
            return self.serialized(
                ActionResult(
                    {
                        "ServerSideEncryptionConfiguration": {
                            "Rules": [
                                {
                                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                                    "BucketKeyEnabled": False,
                                }
                            ]
                        }
                    }
                )
            )

    S3Response.get_bucket_encryption = get_bucket_encryption  # type: ignore[method-assign]


def _patch_s3_logging_target_policy() -> None:
    """PutBucketLogging: moto reads every statement of the target bucket's policy
    as ``Principal: {...}`` and fails (HTTP 500) on ``"Principal": "*"`` -- a
    TLS-only deny statement, say.  Real S3 accepts the logging configuration
    when a statement allows ``logging.s3.amazonaws.com`` to ``s3:PutObject``
    into the target, whatever the other statements are."""
    from moto.s3.models import LOGGING_SERVICE_PRINCIPAL, FakeBucket

    def as_list(value: Any) -> list[Any]:
        if value is None:
            return []
        return value if isinstance(value, list) else [value]

    def _log_permissions_enabled_policy(target_bucket: Any, target_prefix: str | None) -> bool:
        policy = target_bucket.policy
        if not policy:
            return False
        try:
            document = json.loads(policy.decode() if isinstance(policy, bytes) else policy)
        except ValueError:
            return False
        arn = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}"
        allowed = {f"{arn}/{target_prefix or ''}*", f"{arn}/*", arn}
        for stmt in as_list(document.get("Statement")):
            principal = stmt.get("Principal")
            if not isinstance(principal, dict):
                continue
            if LOGGING_SERVICE_PRINCIPAL not in as_list(principal.get("Service")):
                continue
            if stmt.get("Effect") != "Allow":
                continue
            if not {"s3:PutObject", "s3:*"} & set(as_list(stmt.get("Action"))):
                continue
            if allowed & set(as_list(stmt.get("Resource"))):
                return True
        return False

    FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)  # type: ignore[method-assign]


def _patch_s3_versioning_mfa_delete() -> None:
    """PutBucketVersioning keeps only ``Status``; real S3 also stores
    ``MfaDelete`` (sent with the ``x-amz-mfa`` header) and GetBucketVersioning
    answers it (``<MfaDelete>Enabled|Disabled</MfaDelete>``) once it was ever
    set.  Kept on the bucket as ``lineage_mfa_delete``."""
    from moto.core.responses import ActionResult
    from moto.s3.responses import S3Response

    original_put = S3Response._bucket_response_put

    def _bucket_response_put(self: Any, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        response = original_put(self, request, bucket_name, querystring)
        if "versioning" in querystring:
            body = self.body.decode("utf-8") if isinstance(self.body, bytes) else (self.body or "")
            match = re.search(r"<MfaDelete>\s*(Enabled|Disabled)\s*</MfaDelete>", body)
            status = response[0] if isinstance(response, tuple) else 200
            if match and int(status) < 300:
                self.backend.get_bucket(bucket_name).lineage_mfa_delete = match.group(1)
        return response

    def get_bucket_versioning(self: Any) -> Any:
        bucket = self.backend.get_bucket(self.bucket_name)
        result: dict[str, Any] = {"Status": bucket.versioning_status}
        mfa_delete = getattr(bucket, "lineage_mfa_delete", None)
        if mfa_delete:
            result["MFADelete"] = mfa_delete
        self.data["Action"] = "GetBucketVersioning"
        return self.serialized(ActionResult(result))

    S3Response._bucket_response_put = _bucket_response_put  # type: ignore[method-assign]
    S3Response.get_bucket_versioning = get_bucket_versioning  # type: ignore[method-assign]


def _patch_s3_object_lock_configuration() -> None:
    """GetObjectLockConfiguration: moto writes both ``<Days>`` and ``<Years>0</Years>``
    in the default retention; real S3 has exactly one of them (the one set)."""
    from moto.core.responses import ActionResult
    from moto.s3.responses import S3Response

    def get_object_lock_configuration(self: Any) -> Any:
        enabled, mode, days, years = self.backend.get_object_lock_configuration(self.bucket_name)
        config: dict[str, Any] = {"ObjectLockEnabled": "Enabled" if enabled else "Disabled"}
        if mode:
            retention: dict[str, Any] = {"Mode": mode}
            if days:
                retention["Days"] = int(days)
            elif years:
                retention["Years"] = int(years)
            config["Rule"] = {"DefaultRetention": retention}
        self.data["Action"] = "GetObjectLockConfiguration"
        return self.serialized(ActionResult({"ObjectLockConfiguration": config}))

    S3Response.get_object_lock_configuration = get_object_lock_configuration  # type: ignore[method-assign]


def _patch_s3_bucket_policy_and_head() -> None:
    """GetBucketPolicy answers the document without a Content-Type (real S3:
    ``application/json``); HeadBucket lacks ``x-amz-access-point-alias: false``."""
    from moto.s3.responses import S3Response

    original_policy = S3Response.get_bucket_policy
    original_head = S3Response.head_bucket

    def get_bucket_policy(self: Any) -> Any:
        status, headers, body = original_policy(self)
        headers = dict(headers or {})
        headers["Content-Type"] = "application/json"
        return status, headers, body

    def head_bucket(self: Any) -> Any:
        status, headers, body = original_head(self)
        if status == 200:
            headers = dict(headers or {})
            headers["x-amz-access-point-alias"] = "false"
        return status, headers, body

    S3Response.get_bucket_policy = get_bucket_policy  # type: ignore[method-assign]
    S3Response.head_bucket = head_bucket  # type: ignore[method-assign]


# S3 Control operation -> its IAM action (all under the "s3" prefix).
S3CONTROL_IAM_ACTIONS = {
    "GetPublicAccessBlock": "GetAccountPublicAccessBlock",
    "PutPublicAccessBlock": "PutAccountPublicAccessBlock",
    "DeletePublicAccessBlock": "PutAccountPublicAccessBlock",
}


def _caller_arn(account_id: str, access_key_id: str | None) -> str:
    """The IAM user behind an access key (made by /_lineage/iam/principal), or
    the viewer the restricted bucket's 403 names."""
    try:
        from moto.iam.models import iam_backends

        backend = iam_backends[account_id]["aws"]
        for user in backend.users.values():
            for key in user.access_keys:
                if key.access_key_id == access_key_id:
                    return user.arn
    except Exception:  # noqa: BLE001 - a name for a message only
        pass
    return f"arn:aws:iam::{account_id}:user/lineage-viewer"


def _patch_s3control() -> None:
    """S3 Control (GetPublicAccessBlock for the account, signed for service ``s3``):

    * moto authorises it as ``s3:GetPublicAccessBlock`` (the signing name plus the
      operation); the real IAM action is ``s3:GetAccountPublicAccessBlock``
      (``s3:PutAccountPublicAccessBlock`` for Put/Delete);
    * its IAM denial (and unknown key / bad signature) is moto's generic
      ``<ErrorResponse><Errors><Error>`` document, which the S3 Control parsers do
      not read; real S3 Control answers ``<ErrorResponse><Error><Code>AccessDenied</Code>
      ...</Error><RequestId>``;
    * moto checks the signature of a request without ``x-amz-content-sha256``
      over its parsed parameters instead of the (empty) body, so a correctly
      signed SigV4 request without that header failed with SignatureDoesNotMatch;
    * every answer is ``text/html``; real S3 Control sends ``application/xml``.
    """
    from moto.core.exceptions import AccessDeniedError, _RESTError
    from moto.iam.access_control import IAMRequest
    from moto.s3control.responses import S3ControlResponse
    from werkzeug.exceptions import HTTPException

    from .server import S3_HOST_ID, _request_id

    class S3ControlIAMRequest(IAMRequest):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            operation = self._action.split(":", 1)[-1]
            self._action = "s3:" + S3CONTROL_IAM_ACTIONS.get(operation, operation)

        def _create_aws_request(self) -> Any:
            request = super()._create_aws_request()
            request.data = self._body or b""  # not the parsed parameters
            return request

    class S3ControlAuthError(HTTPException):
        def __init__(self, code: int, error: str, message: str) -> None:
            super().__init__()
            self.code = code
            self.description = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f"<ErrorResponse><Error><Type>Sender</Type><Code>{error}</Code><Message>{_xml_escape(message)}</Message>"
                f"</Error><RequestId>{_request_id()}</RequestId><HostId>{S3_HOST_ID}</HostId></ErrorResponse>"
            )

    def _authenticate_and_authorize_normal_action(self: Any, resource: str = "*") -> None:
        try:
            self._authenticate_and_authorize_action(S3ControlIAMRequest, resource)
        except AccessDeniedError as err:
            action = err.message.rsplit(": ", 1)[-1]
            raise S3ControlAuthError(
                403, "AccessDenied", f"{err.message} because no identity-based policy allows the {action} action"
            ) from None
        except _RESTError as err:  # InvalidClientTokenId, SignatureDoesNotMatch
            error = "InvalidAccessKeyId" if err.error_type == "InvalidClientTokenId" else err.error_type
            raise S3ControlAuthError(int(err.code), error, err.message) from None

    original_call = S3ControlResponse.call_action

    def call_action(self: Any) -> Any:
        status, headers, body = original_call(self)
        headers = {k: v for k, v in dict(headers or {}).items() if k.lower() != "content-type"}
        headers["Content-Type"] = "application/xml"
        return status, headers, body

    S3ControlResponse._authenticate_and_authorize_normal_action = _authenticate_and_authorize_normal_action  # type: ignore[method-assign]
    S3ControlResponse.call_action = call_action  # type: ignore[method-assign]


_KEY_ARN_RE = re.compile(r"^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key/(.+)$")


def _patch_kms() -> None:
    """KMS (JSON 1.1, ``X-Amz-Target: TrentService.*``):

    * every answer is ``text/html``; real KMS sends ``application/x-amz-json-1.1``;
    * DescribeKey writes ``null`` for absent members (``SigningAlgorithms``,
      ``MultiRegion`` of a key created without it); real KMS leaves them out;
    * GetKeyRotationStatus answers only ``KeyRotationEnabled``; real KMS adds
      ``KeyId`` (the key ARN) and, when rotation is on, ``RotationPeriodInDays``
      (365) and ``NextRotationDate`` (here: creation + the period; none while
      the key is disabled);
    * a key ARN of another account is looked up by its key id in the caller's
      account; real KMS asks that account, which (no key policy grants us)
      answers ``AccessDeniedException``;
    * under IAM enforcement the resource is ``*`` and the denial moto's XML 403;
      real KMS authorises the key ARN and denies with HTTP 400
      ``AccessDeniedException`` (JSON), ``... is not authorized to perform:
      kms:DescribeKey on resource: <key ARN> because no identity-based policy
      allows the kms:DescribeKey action``; an unknown access key or a bad
      signature are HTTP 400 ``UnrecognizedClientException`` /
      ``InvalidSignatureException`` (moto: XML 403).
    """
    from moto.core.exceptions import (
        AccessDeniedError,
        InvalidClientTokenIdError,
        JsonRESTError,
        SignatureDoesNotMatchError,
    )
    from moto.kms.responses import KmsResponse

    def key_id_param(self: Any) -> str | None:
        try:
            value = json.loads(self.body or "{}").get("KeyId")
        except (ValueError, AttributeError):
            return None
        return value if isinstance(value, str) else None

    def _determine_resource(self: Any) -> str:
        key_id = key_id_param(self)
        if not key_id:
            return "*"
        if _KEY_ARN_RE.match(key_id):
            return key_id
        raw = key_id
        alias = key_id.split(":", 5)[-1] if key_id.startswith("arn:") and ":alias/" in key_id else key_id
        if alias.startswith("alias/"):
            found = [k.id for k in self.kms_backend.keys.values() if alias in k.aliases]
            if not found:
                return "*"
            raw = found[0]
        return f"arn:aws:kms:{self.region}:{self.current_account}:key/{raw}"

    def refuse_foreign_key(self: Any, operation: str) -> None:
        key_id = key_id_param(self) or ""
        match = _KEY_ARN_RE.match(key_id)
        if match and match.group(2) != self.current_account:
            caller = _caller_arn(self.current_account, self.get_access_key())
            raise JsonRESTError(
                "AccessDeniedException",
                f"User: {caller} is not authorized to perform: kms:{operation} on resource: {key_id} "
                f"because no resource-based policy allows the kms:{operation} action",
            )

    original_describe = KmsResponse.describe_key

    def describe_key(self: Any) -> str:
        refuse_foreign_key(self, "DescribeKey")
        document = json.loads(original_describe(self))
        document["KeyMetadata"] = {k: v for k, v in document["KeyMetadata"].items() if v is not None}
        return json.dumps(document)

    def get_key_rotation_status(self: Any) -> str:
        refuse_foreign_key(self, "GetKeyRotationStatus")
        key_id = self._get_param("KeyId")
        self._validate_cmk_id(key_id)
        key = self.kms_backend.keys[self.kms_backend.get_key_id(key_id)]
        result: dict[str, Any] = {"KeyId": key.arn, "KeyRotationEnabled": bool(key.key_rotation_status)}
        if key.key_rotation_status:
            period = int(getattr(key, "rotation_period_in_days", None) or 365)
            result["RotationPeriodInDays"] = period
            if key.key_state == "Enabled":
                result["NextRotationDate"] = float(key.creation_date) + period * 86400
        return json.dumps(result)

    def _authenticate_and_authorize_normal_action(self: Any, resource: str = "*") -> None:
        from moto.iam.access_control import IAMRequest

        try:
            self._authenticate_and_authorize_action(IAMRequest, resource)
        except AccessDeniedError as err:
            action = err.message.rsplit(": ", 1)[-1]
            raise JsonRESTError(
                "AccessDeniedException",
                f"{err.message} on resource: {resource} because no identity-based policy allows the {action} action",
            ) from None
        except InvalidClientTokenIdError:
            raise JsonRESTError(
                "UnrecognizedClientException", "The security token included in the request is invalid."
            ) from None
        except SignatureDoesNotMatchError as err:
            raise JsonRESTError("InvalidSignatureException", err.message) from None

    original_call = KmsResponse.call_action

    def call_action(self: Any) -> Any:
        status, headers, body = original_call(self)
        headers = {k: v for k, v in dict(headers or {}).items() if k.lower() != "content-type"}
        headers["Content-Type"] = "application/x-amz-json-1.1"
        return status, headers, body

    KmsResponse._determine_resource = _determine_resource  # type: ignore[attr-defined]
    KmsResponse.describe_key = describe_key  # type: ignore[method-assign]
    KmsResponse.get_key_rotation_status = get_key_rotation_status  # type: ignore[method-assign]
    KmsResponse._authenticate_and_authorize_normal_action = _authenticate_and_authorize_normal_action  # type: ignore[method-assign]
    KmsResponse.call_action = call_action  # type: ignore[method-assign]


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# ---------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------


def _patch_epoch_floats() -> None:
    """JSON-protocol timestamps: moto writes whole seconds as JSON integers
    (1795593600); the SageMaker API writes epoch seconds as floats
    (1795593600.0).  Both parse in the SDKs; floats match the real wire format."""
    from moto.core.serialize import TimestampSerializer

    original = TimestampSerializer._timestamp_unixtimestamp

    def _timestamp_unixtimestamp(value: Any) -> float:
        return float(original(value))

    TimestampSerializer._timestamp_unixtimestamp = staticmethod(_timestamp_unixtimestamp)  # type: ignore[method-assign]


def _patch_s3_iam_actions() -> None:
    """Authorise S3 bucket reads by their real IAM actions.

    moto's S3 ``ACTION_MAP`` lacks ``?encryption``, ``?ownershipControls`` and
    ``?object-lock`` and spells ``?publicAccessBlock`` as ``public_access_block``,
    so under IAM enforcement GetBucketEncryption, GetPublicAccessBlock,
    GetBucketOwnershipControls and GetObjectLockConfiguration were checked as
    ``s3:ListBucket``; a policy written for real AWS
    (``s3:GetEncryptionConfiguration``, ``s3:GetBucketPublicAccessBlock``, ...)
    would be refused.  Use the same table as the call counter.  HeadBucket is
    ``s3:ListBucket`` (moto: ``s3:HeadBucket``, which IAM does not know).
    """
    from moto.s3.responses import ACTION_MAP

    from .server import _S3_BUCKET_GET

    bucket_get = ACTION_MAP["BUCKET"]["GET"]
    for query_key, (_operation, iam_action) in _S3_BUCKET_GET.items():
        bucket_get[query_key] = iam_action.removeprefix("s3:")
    bucket_get.pop("public_access_block", None)
    # HeadBucket: moto checks "s3:HeadBucket", an action IAM does not have; real S3
    # authorises it as s3:ListBucket.
    ACTION_MAP["BUCKET"]["HEAD"]["DEFAULT"] = "ListBucket"


def install(default_s3_encryption: bool = False, step_page_cap: int = STEP_PAGE_CAP) -> None:
    """Patch moto in this process.  Safe to call more than once."""
    global _installed
    OPTIONS["default_s3_encryption"] = bool(default_s3_encryption)
    OPTIONS["step_page_cap"] = max(1, int(step_page_cap))
    with _install_lock:
        if _installed:
            return
        import moto.sagemaker.models as sm_models
        from moto.sagemaker.responses import SageMakerResponse

        SageMakerResponse.list_pipeline_execution_steps = _list_pipeline_execution_steps  # type: ignore[attr-defined]
        SageMakerResponse.list_pipeline_executions = _list_pipeline_executions  # type: ignore[method-assign]
        SageMakerResponse.describe_pipeline_execution = _describe_pipeline_execution  # type: ignore[method-assign]
        SageMakerResponse.list_pipelines = _list_pipelines  # type: ignore[method-assign]
        SageMakerResponse.describe_model_package = _describe_model_package  # type: ignore[method-assign]
        SageMakerResponse.list_endpoints = _list_endpoints  # type: ignore[method-assign]
        SageMakerResponse.describe_endpoint = _describe_endpoint  # type: ignore[method-assign]
        SageMakerResponse.describe_endpoint_config = _describe_endpoint_config  # type: ignore[method-assign]
        SageMakerResponse.describe_model = _describe_model  # type: ignore[method-assign]
        sm_models.FakeEndpoint._process_production_variants = _process_production_variants  # type: ignore[method-assign]

        # moto.sagemaker.models imported these helpers by name; the backend's
        # DescribePipeline / DescribePipelineDefinitionForExecution /
        # ListPipelineParametersForExecution use them.
        def get_pipeline_from_name(pipelines: dict[str, Any], pipeline_name: str) -> Any:
            try:
                return pipelines[pipeline_name]
            except KeyError:
                backend = _backend_for_pipelines(pipelines)
                raise pipeline_not_found(backend, pipeline_name) if backend else KeyError(pipeline_name)

        def get_pipeline_execution_from_arn(pipelines: dict[str, Any], arn: str) -> Any:
            backend = _backend_for_pipelines(pipelines)
            if backend is None:
                raise KeyError(arn)
            return find_execution(backend, arn)[1]

        sm_models.get_pipeline_from_name = get_pipeline_from_name  # type: ignore[assignment]
        sm_models.get_pipeline_execution_from_arn = get_pipeline_execution_from_arn  # type: ignore[assignment]

        _patch_s3_serializer()
        _patch_s3_default_encryption()
        _patch_epoch_floats()
        _patch_s3_iam_actions()
        _patch_s3_logging_target_policy()
        _patch_s3_versioning_mfa_delete()
        _patch_s3_object_lock_configuration()
        _patch_s3_bucket_policy_and_head()
        _patch_s3control()
        _patch_kms()
        _installed = True


def _backend_for_pipelines(pipelines: dict[str, Any]) -> Any:
    """Find the SageMaker backend that owns this ``pipelines`` dict."""
    from moto.sagemaker.models import sagemaker_backends

    for account_id in list(sagemaker_backends.keys()):
        regions = sagemaker_backends[account_id]
        for region in list(regions.keys()):
            backend = regions[region]
            if backend.pipelines is pipelines:
                return backend
    return None
