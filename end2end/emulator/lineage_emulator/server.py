"""moto's ThreadedMotoServer with a WSGI middleware in front of it.

The middleware:

* serves ``GET /_lineage/calls`` (per-operation request counts as JSON),
  ``POST /_lineage/calls/reset`` (returns the counts, then zeroes them) and
  ``GET|POST /_lineage/latency`` (read / set the added latency, ``?ms=N``);
* counts every AWS request by operation (``SageMaker.DescribePipeline``,
  ``s3:GetBucketEncryption``, ...);
* sleeps ``latency_ms`` before every AWS request (the server is threaded, so
  concurrent requests overlap their sleeps like real network latency);
* serves ``POST /_lineage/iam/principal?name=N`` (body: an IAM policy document;
  creates user N with that inline policy and returns an access key) and
  ``POST /_lineage/iam/enforce`` (from then on moto checks every AWS request's
  signature and IAM permissions, like ``INITIAL_NO_AUTH_ACTION_COUNT=0``);
* answers ``301 PermanentRedirect`` (real S3 XML error body, header
  ``x-amz-bucket-region``) to a GET/HEAD on a bucket or an object when the
  request was signed for another region than the bucket's, like real S3 does
  for a request sent to the wrong regional endpoint.  The request's region is
  the SigV4 credential scope's (``Credential=KEY/DATE/REGION/s3/aws4_request``),
  the bucket's is moto's.  Not redirected, as in real S3: GetBucketLocation
  (answered from any region), writes, requests without a SigV4 scope.
  ``GET|POST /_lineage/s3/redirects[?enabled=true|false][&header=true|false]``
  reads / changes whether redirects happen and whether the 301 names the region
  (HeadBucket's always does);
* answers 403 ``AccessDenied`` (real S3 XML error body) to every GET/HEAD on a
  restricted bucket -- the bucket-level reads and GetObject/HeadObject --
  emulating a bucket policy that denies the caller.  Writes still reach moto,
  so the seeder can create and configure the bucket.
* answers 403 ``AccessDenied`` (``Access Denied``) to any S3 request whose
  ``x-amz-expected-bucket-owner`` header names another account than the
  bucket's owner -- ours (``123456789012``) except for the scenario's buckets
  "owned by another account" (``owner_account``), as real S3 does;
* counts S3 Control requests (path ``/v20180820/...``, signed for ``s3``) as
  ``s3control:<Operation>`` and passes them to moto's S3 Control, whatever the
  host (the app sends them to this host and port, with ``x-amz-account-id``).

Order for one AWS request: count it, sleep the latency, then the first that
applies of an injected fault, the cross-region 301, the expected-owner 403, the
restricted bucket's 403, and moto.  The 301 comes before the 403s because real
S3 routes a request to the bucket's region before it evaluates any policy (a
HEAD on someone else's bucket still tells its region).
"""

from __future__ import annotations

import json
import random
import string
import threading
import time
from collections import Counter
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs, unquote

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server

S3_HOST_ID = "9Gjjt1m+cjU4OPvX9O9/8RuvnG41MRb/18Oux2o5H5MY7ISNTlXN+Dz9IG62/ILVxhAGI0qyPfg="
ACCOUNT_ID = "123456789012"
CALLER_ARN = f"arn:aws:iam::{ACCOUNT_ID}:user/lineage-viewer"
S3CONTROL_PREFIX = "/v20180820/"
# S3 Control path (after /v20180820/) and method -> operation
_S3CONTROL_OPERATIONS = {
    ("configuration/publicAccessBlock", "GET"): "GetPublicAccessBlock",
    ("configuration/publicAccessBlock", "PUT"): "PutPublicAccessBlock",
    ("configuration/publicAccessBlock", "DELETE"): "DeletePublicAccessBlock",
}

# bucket sub-resource query key -> (GET operation, IAM action)
_S3_BUCKET_GET = {
    "versioning": ("GetBucketVersioning", "s3:GetBucketVersioning"),
    "location": ("GetBucketLocation", "s3:GetBucketLocation"),
    "encryption": ("GetBucketEncryption", "s3:GetEncryptionConfiguration"),
    "publicAccessBlock": ("GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
    "tagging": ("GetBucketTagging", "s3:GetBucketTagging"),
    "policy": ("GetBucketPolicy", "s3:GetBucketPolicy"),
    "policyStatus": ("GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"),
    "acl": ("GetBucketAcl", "s3:GetBucketAcl"),
    "cors": ("GetBucketCors", "s3:GetBucketCORS"),
    "lifecycle": ("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
    "logging": ("GetBucketLogging", "s3:GetBucketLogging"),
    "website": ("GetBucketWebsite", "s3:GetBucketWebsite"),
    "notification": ("GetBucketNotificationConfiguration", "s3:GetBucketNotification"),
    "ownershipControls": ("GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"),
    "replication": ("GetBucketReplication", "s3:GetReplicationConfiguration"),
    "requestPayment": ("GetBucketRequestPayment", "s3:GetBucketRequestPayment"),
    "accelerate": ("GetBucketAccelerateConfiguration", "s3:GetAccelerateConfiguration"),
    "object-lock": ("GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"),
    "versions": ("ListObjectVersions", "s3:ListBucketVersions"),
    "uploads": ("ListMultipartUploads", "s3:ListBucketMultipartUploads"),
}
_S3_BUCKET_PUT = {
    "versioning": "PutBucketVersioning",
    "encryption": "PutBucketEncryption",
    "publicAccessBlock": "PutPublicAccessBlock",
    "tagging": "PutBucketTagging",
    "policy": "PutBucketPolicy",
    "acl": "PutBucketAcl",
    "cors": "PutBucketCors",
    "lifecycle": "PutBucketLifecycleConfiguration",
    "logging": "PutBucketLogging",
    "website": "PutBucketWebsite",
    "notification": "PutBucketNotificationConfiguration",
    "ownershipControls": "PutBucketOwnershipControls",
    "replication": "PutBucketReplication",
}
_S3_OBJECT_GET = {
    "tagging": ("GetObjectTagging", "s3:GetObjectTagging"),
    "acl": ("GetObjectAcl", "s3:GetObjectAcl"),
    "attributes": ("GetObjectAttributes", "s3:GetObjectAttributes"),
    "retention": ("GetObjectRetention", "s3:GetObjectRetention"),
    "legal-hold": ("GetObjectLegalHold", "s3:GetObjectLegalHold"),
    "uploadId": ("ListParts", "s3:ListMultipartUploadParts"),
}
# the IAM action behind an operation, when the SDK names the operation (x-id)
_S3_IAM_ACTION = {op: action for op, action in list(_S3_BUCKET_GET.values()) + list(_S3_OBJECT_GET.values())}
_S3_IAM_ACTION.update(
    {
        "GetObject": "s3:GetObject",
        "HeadObject": "s3:GetObject",
        "ListObjects": "s3:ListBucket",
        "ListObjectsV2": "s3:ListBucket",
        "HeadBucket": "s3:ListBucket",
    }
)


def _credential_scope(environ: dict[str, Any]) -> list[str] | None:
    """``Credential=KEY/DATE/REGION/SERVICE/aws4_request`` of the Authorization
    header, split on ``/``; None without one."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if "Credential=" not in auth:
        return None
    return auth.split("Credential=", 1)[1].split(",", 1)[0].strip().split("/")


def _service_from_auth(environ: dict[str, Any]) -> str | None:
    scope = _credential_scope(environ)
    if scope is None or len(scope) < 4:
        return None
    return scope[3].lower()


def sigv4_region(environ: dict[str, Any]) -> str | None:
    """The region a SigV4 request was signed for, or None (unsigned, SigV2, or
    SigV4a, whose scope has no region: KEY/DATE/SERVICE/aws4_request)."""
    scope = _credential_scope(environ)
    if scope is None or len(scope) != 5 or scope[4] != "aws4_request":
        return None
    return scope[2] or None


def moto_bucket_region(bucket: str) -> str | None:
    """The region moto created ``bucket`` in, or None when there is no such bucket
    (then moto answers NoSuchBucket itself).  Every emulator key belongs to moto's
    default account, so its S3 backend holds all buckets."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends

    found = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets.get(bucket)
    return found.region_name if found is not None else None


def _bucket_endpoint(bucket: str, region: str) -> str:
    """The virtual-hosted endpoint real S3 names in a PermanentRedirect."""
    if region == "us-east-1":
        return f"{bucket}.s3.amazonaws.com"
    return f"{bucket}.s3.{region}.amazonaws.com"


def _bucket_and_key(environ: dict[str, Any]) -> tuple[str | None, str | None]:
    """Path-style first; virtual-hosted style (bucket.localhost, bucket.s3...) as a fallback."""
    host = (environ.get("HTTP_HOST") or "").split(":", 1)[0].lower()
    path = environ.get("PATH_INFO") or "/"
    if isinstance(path, bytes):
        path = path.decode("utf-8", "replace")
    bucket_from_host = None
    for marker in (".s3.", ".s3-", ".localhost"):
        if marker in host and not host.startswith("s3."):
            candidate = host.split(marker, 1)[0]
            if candidate and candidate not in ("localhost",):
                bucket_from_host = candidate
            break
    if bucket_from_host:
        key = path.lstrip("/")
        return bucket_from_host, (key or None)
    parts = path.lstrip("/").split("/", 1)
    bucket = parts[0] or None
    key = parts[1] if len(parts) > 1 and parts[1] else None
    return bucket, key


def classify_s3(environ: dict[str, Any]) -> tuple[str, str | None, str | None, str]:
    """-> (operation, bucket, key, IAM action) for an S3 request."""
    method = environ.get("REQUEST_METHOD", "GET").upper()
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    bucket, key = _bucket_and_key(environ)
    x_id = (query.get("x-id") or [None])[0]
    if x_id:
        return x_id, bucket, key, _S3_IAM_ACTION.get(x_id, f"s3:{x_id}")
    if bucket is None:
        return ("ListBuckets", None, None, "s3:ListAllMyBuckets")
    if key is None:
        if method in ("GET", "HEAD"):
            if method == "HEAD":
                return "HeadBucket", bucket, None, "s3:ListBucket"
            for sub, (op, action) in _S3_BUCKET_GET.items():
                if sub in query:
                    return op, bucket, None, action
            if query.get("list-type") == ["2"]:
                return "ListObjectsV2", bucket, None, "s3:ListBucket"
            return "ListObjects", bucket, None, "s3:ListBucket"
        if method == "PUT":
            for sub, op in _S3_BUCKET_PUT.items():
                if sub in query:
                    return op, bucket, None, f"s3:{op}"
            return "CreateBucket", bucket, None, "s3:CreateBucket"
        if method == "DELETE":
            return "DeleteBucket", bucket, None, "s3:DeleteBucket"
        if method == "POST" and "delete" in query:
            return "DeleteObjects", bucket, None, "s3:DeleteObject"
        return f"{method.title()}Bucket", bucket, None, f"s3:{method.title()}Bucket"
    # object level
    if method in ("GET", "HEAD"):
        for sub, (op, action) in _S3_OBJECT_GET.items():
            if sub in query:
                return op, bucket, key, action
        op = "HeadObject" if method == "HEAD" else "GetObject"
        return op, bucket, key, "s3:GetObject"
    if method == "PUT":
        if "tagging" in query:
            return "PutObjectTagging", bucket, key, "s3:PutObjectTagging"
        if "partNumber" in query:
            return "UploadPart", bucket, key, "s3:PutObject"
        if environ.get("HTTP_X_AMZ_COPY_SOURCE"):
            return "CopyObject", bucket, key, "s3:PutObject"
        return "PutObject", bucket, key, "s3:PutObject"
    if method == "DELETE":
        return "DeleteObject", bucket, key, "s3:DeleteObject"
    if method == "POST":
        if "uploads" in query:
            return "CreateMultipartUpload", bucket, key, "s3:PutObject"
        if "uploadId" in query:
            return "CompleteMultipartUpload", bucket, key, "s3:PutObject"
    return f"{method.title()}Object", bucket, key, f"s3:{method.title()}Object"


def classify_s3control(environ: dict[str, Any]) -> str | None:
    """The S3 Control operation of a request (``GetPublicAccessBlock``, ...), or
    None when it is not one.  S3 Control is signed for ``s3`` like S3 itself; its
    paths all start with ``/v20180820/``, which no bucket name can."""
    path = environ.get("PATH_INFO") or "/"
    if not path.startswith(S3CONTROL_PREFIX):
        return None
    method = environ.get("REQUEST_METHOD", "GET").upper()
    rest = path[len(S3CONTROL_PREFIX) :].rstrip("/")
    return _S3CONTROL_OPERATIONS.get((rest, method), f"{method} {path}")


def _request_id(n: int = 16) -> str:
    return "".join(random.choices(string.ascii_uppercase + string.digits, k=n))


class LineageMiddleware:
    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        latency_ms: float = 0.0,
        restricted_buckets: dict[str, str] | None = None,
        bucket_region: Callable[[str], str | None] | None = None,
        bucket_owners: dict[str, str] | None = None,
    ) -> None:
        """restricted_buckets: bucket name -> its region (sent as
        x-amz-bucket-region on HeadBucket, as real S3 does even when denying).
        bucket_region: bucket name -> its region or None (default: ask moto).
        bucket_owners: bucket name -> the account that owns it, for buckets not
        owned by ours (every other existing bucket is ACCOUNT_ID's)."""
        self.app = app
        self.latency_ms = float(latency_ms)
        self.restricted_buckets = dict(restricted_buckets or {})
        self.bucket_owners = dict(bucket_owners or {})
        self.bucket_region = bucket_region or moto_bucket_region
        # Cross-region 301s: on, and naming the bucket's region, as real S3 does.
        self.s3_redirects = {"enabled": True, "header": True}
        self._lock = threading.Lock()
        self._calls: Counter[str] = Counter()
        # operation name -> {"kind": throttle|error|hang, "remaining": n (-1: always), "seconds": s}
        self._faults: dict[str, dict[str, Any]] = {}

    # -- counters ---------------------------------------------------------
    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(sorted(self._calls.items()))

    def reset(self) -> dict[str, int]:
        with self._lock:
            before = dict(sorted(self._calls.items()))
            self._calls.clear()
            return before

    def _count(self, name: str) -> None:
        with self._lock:
            self._calls[name] += 1

    # -- WSGI ---------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        if path.startswith("/_lineage/") or path == "/_lineage":
            return self._admin(environ, start_response, path)
        if path.startswith("/moto-api") or path == "/favicon.ico":
            return self.app(environ, start_response)

        target = environ.get("HTTP_X_AMZ_TARGET")
        service = _service_from_auth(environ)
        s3_info = None
        s3control_op = None
        if target:
            name = target  # e.g. "SageMaker.DescribePipeline", "TrentService.DescribeKey"
        elif service in (None, "s3", "s3-control", "s3control") and classify_s3control(environ):
            s3control_op = classify_s3control(environ)
            name = f"s3control:{s3control_op}"
        elif service in (None, "s3"):
            s3_info = classify_s3(environ)
            name = f"s3:{s3_info[0]}"
        else:
            name = f"{service}:{environ.get('REQUEST_METHOD', 'GET')} {path}"
        self._count(name)

        if self.latency_ms > 0:
            time.sleep(self.latency_ms / 1000.0)

        fault = self._take_fault(name)
        if fault is not None:
            return self._fault(start_response, fault, is_s3=s3_info is not None or s3control_op is not None)

        if s3_info is not None:
            op, bucket, key, action = s3_info
            method = environ.get("REQUEST_METHOD", "GET").upper()
            if bucket is not None and method in ("GET", "HEAD"):
                redirect = self._redirect_region(environ, op, bucket)
                if redirect is not None:
                    return self._permanent_redirect(start_response, op, bucket, redirect, method == "HEAD")
            expected_owner = environ.get("HTTP_X_AMZ_EXPECTED_BUCKET_OWNER")
            if bucket is not None and expected_owner:
                owner = self._bucket_owner(bucket)
                if owner is not None and expected_owner.strip() != owner:
                    region = self.bucket_region(bucket) if op == "HeadBucket" else None
                    return self._access_denied(
                        start_response, bucket, key, action, method == "HEAD", region, message="Access Denied"
                    )
            if bucket in self.restricted_buckets and method in ("GET", "HEAD"):
                region = self.restricted_buckets[bucket] if op == "HeadBucket" else None
                return self._access_denied(start_response, bucket, key, action, method == "HEAD", region)
        return self.app(environ, start_response)

    # -- bucket owners -------------------------------------------------------
    def _bucket_owner(self, bucket: str) -> str | None:
        """The account owning ``bucket``, or None when there is no such bucket
        (moto then answers NoSuchBucket, as real S3 does whatever the header)."""
        if bucket in self.bucket_owners:
            return self.bucket_owners[bucket]
        return ACCOUNT_ID if self.bucket_region(bucket) is not None else None

    # -- cross-region redirects --------------------------------------------
    def _redirect_region(self, environ: dict[str, Any], op: str, bucket: str) -> str | None:
        """The bucket's region when this GET/HEAD must be redirected there, else None."""
        if not self.s3_redirects["enabled"] or op == "GetBucketLocation":
            # GetBucketLocation is how a client finds the region: real S3 answers it
            # from every region.
            return None
        signed_for = sigv4_region(environ)
        if signed_for is None:
            return None
        actual = self.bucket_region(bucket)
        if actual is None or actual == signed_for:
            return None
        return actual

    def _permanent_redirect(
        self, start_response: Callable[..., Any], op: str, bucket: str, region: str, head: bool
    ) -> Iterable[bytes]:
        request_id = _request_id()
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access "
            "must be addressed using the specified endpoint. Please send all future requests to "
            f"this endpoint.</Message><Endpoint>{_xml_escape(_bucket_endpoint(bucket, region))}</Endpoint>"
            f"<Bucket>{_xml_escape(bucket)}</Bucket><RequestId>{request_id}</RequestId>"
            f"<HostId>{S3_HOST_ID}</HostId></Error>"
        ).encode()
        # No Location header (real S3 sends none), so HTTP clients do not follow
        # the 301 on their own; an SDK re-signs for the region instead.
        headers = [
            ("Content-Type", "application/xml"),
            ("x-amz-request-id", request_id),
            ("x-amz-id-2", S3_HOST_ID),
            ("Content-Length", "0" if head else str(len(body))),
        ]
        # header=false drops the region from every 301 but HeadBucket's: HeadBucket is
        # the documented way to learn a bucket's region (the SDKs' fallback when a
        # 301 does not say), and botocore asks it again and again, without end, when
        # its 301 has no region either.
        if self.s3_redirects["header"] or op == "HeadBucket":
            headers.append(("x-amz-bucket-region", region))
        start_response("301 Moved Permanently", headers)
        return [] if head else [body]

    # -- fault injection --------------------------------------------------
    def _take_fault(self, name: str) -> dict[str, Any] | None:
        with self._lock:
            fault = self._faults.get(name) or self._faults.get("*")
            if fault is None:
                return None
            if fault["remaining"] > 0:
                fault["remaining"] -= 1
                if fault["remaining"] == 0:
                    self._faults = {k: v for k, v in self._faults.items() if v is not fault}
            return dict(fault)

    def _fault(self, start_response: Callable[..., Any], fault: dict[str, Any], is_s3: bool) -> Iterable[bytes]:
        kind = fault["kind"]
        if kind == "hang":
            time.sleep(float(fault.get("seconds", 30)))
            start_response("504 Gateway Timeout", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return []
        if kind == "throttle":
            if is_s3:
                body = (
                    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>'
                    "<Message>Please reduce your request rate.</Message>"
                    f"<RequestId>{_request_id()}</RequestId></Error>"
                ).encode()
                start_response("503 Slow Down", [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))])
                return [body]
            body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()
            start_response(
                "400 Bad Request",
                [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", "ThrottlingException"),
                 ("Content-Length", str(len(body)))],
            )
            return [body]
        body = b"Internal Server Error"
        start_response("500 Internal Server Error", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    def _access_denied(
        self,
        start_response: Callable[..., Any],
        bucket: str,
        key: str | None,
        action: str,
        head: bool,
        bucket_region: str | None = None,
        message: str | None = None,
    ) -> Iterable[bytes]:
        resource = f"arn:aws:s3:::{bucket}" + (f"/{key}" if key else "")
        if message is None:
            message = (
                f"User: {CALLER_ARN} is not authorized to perform: {action} on resource: "
                f'"{resource}" with an explicit deny in a resource-based policy'
            )
        request_id = _request_id()
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>AccessDenied</Code><Message>{_xml_escape(message)}</Message>"
            f"<RequestId>{request_id}</RequestId><HostId>{S3_HOST_ID}</HostId></Error>"
        ).encode()
        headers = [
            ("Content-Type", "application/xml"),
            ("x-amz-request-id", request_id),
            ("x-amz-id-2", S3_HOST_ID),
            ("Content-Length", "0" if head else str(len(body))),
        ]
        if bucket_region:
            headers.append(("x-amz-bucket-region", bucket_region))
        start_response("403 Forbidden", headers)
        return [] if head else [body]

    def _admin(self, environ: dict[str, Any], start_response: Callable[..., Any], path: str) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = path.rstrip("/")
        status, payload = "404 Not Found", {"error": f"unknown endpoint {method} {path}"}
        if path == "/_lineage/calls" and method == "GET":
            status, payload = "200 OK", self.snapshot()
        elif path == "/_lineage/calls/reset" and method == "POST":
            status, payload = "200 OK", self.reset()
        elif path == "/_lineage/latency" and method in ("GET", "POST"):
            if method == "POST":
                query = parse_qs(environ.get("QUERY_STRING", ""))
                try:
                    ms = float(unquote((query.get("ms") or [""])[0]))
                    if ms < 0:
                        raise ValueError
                except ValueError:
                    status, payload = "400 Bad Request", {"error": "expected ?ms=<non-negative number>"}
                    return self._json(start_response, status, payload)
                self.latency_ms = ms
            status, payload = "200 OK", {"latencyMs": self.latency_ms}
        elif path == "/_lineage/faults" and method == "POST":
            # ?op=SageMaker.DescribePipeline|s3:GetBucketEncryption|*&kind=throttle|error|hang
            #  &count=N (default: always)&seconds=S (hang)
            query = {k: unquote(v[0]) for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            kind = query.get("kind", "")
            if kind not in ("throttle", "error", "hang") or not query.get("op"):
                return self._json(start_response, "400 Bad Request", {"error": "expected ?op=NAME&kind=throttle|error|hang"})
            fault = {"kind": kind, "remaining": int(query.get("count", "-1")), "seconds": float(query.get("seconds", "30"))}
            with self._lock:
                self._faults[query["op"]] = fault
            status, payload = "200 OK", {"op": query["op"], **fault}
        elif path == "/_lineage/faults/clear" and method == "POST":
            with self._lock:
                self._faults.clear()
            status, payload = "200 OK", {"cleared": True}
        elif path == "/_lineage/iam/principal" and method == "POST":
            query = {k: unquote(v[0]) for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                policy = environ["wsgi.input"].read(length).decode("utf-8")
                status, payload = "200 OK", create_principal(query.get("name", ""), policy)
            except Exception as exc:  # noqa: BLE001 - reported to the caller
                status, payload = "400 Bad Request", {"error": f"{type(exc).__name__}: {exc}"}
        elif path == "/_lineage/iam/enforce" and method == "POST":
            enforce_iam()
            status, payload = "200 OK", {"enforced": True}
        elif path == "/_lineage/s3/redirects" and method in ("GET", "POST"):
            if method == "POST":
                query = {k: unquote(v[0]).lower() for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
                given = {k: query[k] for k in ("enabled", "header") if k in query}
                if not given or any(v not in ("true", "false") for v in given.values()) or set(query) - set(given):
                    return self._json(
                        start_response,
                        "400 Bad Request",
                        {"error": "expected ?enabled=true|false and/or ?header=true|false"},
                    )
                # Only the given settings change: a test can switch the header off
                # and leave redirects on, or the other way round.
                with self._lock:
                    self.s3_redirects.update({k: v == "true" for k, v in given.items()})
            status, payload = "200 OK", dict(self.s3_redirects)
        elif path == "/_lineage/health" and method == "GET":
            status, payload = "200 OK", {"ok": True}
        return self._json(start_response, status, payload)

    @staticmethod
    def _json(start_response: Callable[..., Any], status: str, payload: Any) -> Iterable[bytes]:
        body = json.dumps(payload, indent=None, sort_keys=True).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


def create_principal(name: str, policy: str) -> dict[str, str]:
    """An IAM user with exactly ``policy`` as its only (inline) policy, and its key."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import iam_backends

    if not name or not name.replace("-", "").isalnum():
        raise ValueError("expected ?name=<letters, digits, dashes>")
    json.loads(policy)  # a clear error for a body that is not JSON
    backend = iam_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_user(region_name="us-east-1", user_name=name)
    backend.put_user_policy(name, "lineage", policy)
    key = backend.create_access_key(name)
    return {"AccessKeyId": key.access_key_id, "SecretAccessKey": key.secret_access_key}


def enforce_iam() -> None:
    """What ``INITIAL_NO_AUTH_ACTION_COUNT=0`` does at start, done now (after seeding)."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin

    settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    ActionAuthenticatorMixin.request_count = 0


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class LineageMotoServer(ThreadedMotoServer):
    """ThreadedMotoServer whose WSGI app is wrapped by LineageMiddleware, and
    whose start() reports bind errors instead of hanging."""

    def __init__(self, host: str, port: int, middleware_factory: Callable[[Any], LineageMiddleware]):
        super().__init__(ip_address=host, port=port, verbose=False)
        self._middleware_factory = middleware_factory
        self.middleware: LineageMiddleware | None = None
        self._start_error: BaseException | None = None

    def _server_entry(self) -> None:  # runs in the server thread
        try:
            app = DomainDispatcherApplication(create_backend_app)
            self.middleware = self._middleware_factory(app)
            self._server = make_server(
                self._ip_address,
                self._port,
                self.middleware,
                True,
                request_handler=MotoRequestHandler,
            )
        except BaseException as exc:  # noqa: BLE001 - reported by start()
            self._start_error = exc
            self._server_ready_event.set()
            return
        self._server_ready_event.set()
        self._server.serve_forever()

    def start(self) -> None:
        super().start()
        if self._start_error is not None:
            raise self._start_error

    def stop(self) -> None:
        if self._server is None:
            return
        super().stop()
