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

The cross-region 301s, the 403 on the restricted bucket, latency and call
counting live in the WSGI middleware (``server.py``), in front of moto.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from datetime import datetime, timezone
from typing import Any

STEP_PAGE_CAP = 4
LIST_EXECUTIONS_DEFAULT_MAX = 50
LIST_PIPELINES_DEFAULT_MAX = 50

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

    moto's S3 ``ACTION_MAP`` lacks ``?encryption`` and spells ``?publicAccessBlock``
    as ``public_access_block``, so under IAM enforcement GetBucketEncryption and
    GetPublicAccessBlock were checked as ``s3:ListBucket``; a policy written for real
    AWS (``s3:GetEncryptionConfiguration``, ``s3:GetBucketPublicAccessBlock``) would
    be refused.  Use the same table as the call counter.
    """
    from moto.s3.responses import ACTION_MAP

    from .server import _S3_BUCKET_GET

    bucket_get = ACTION_MAP["BUCKET"]["GET"]
    for query_key, (_operation, iam_action) in _S3_BUCKET_GET.items():
        bucket_get[query_key] = iam_action.removeprefix("s3:")
    bucket_get.pop("public_access_block", None)


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
