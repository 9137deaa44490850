#!/usr/bin/env python3
"""Self-check of the lineage AWS emulator.

Starts ``python -m lineage_emulator --port 0`` as a subprocess (with this
directory on PYTHONPATH), waits for ``READY http://HOST:PORT``, checks every
value of the demo scenario (see SCENARIOS.md) with boto3, checks every raw
SageMaker JSON response against the botocore service model as strictly as the
Rust SDK would read it (member names, types, enum values, required members),
checks the raw S3 XML roots the Rust SDK insists on, the cross-region 301s,
the restricted bucket's 403s, pagination, the call counters, latency, the
data-security posture (posture buckets, KMS keys, the account's S3 Control
public access block, the default bucket's expected-owner 403s, the
data-posture pipeline's jobs, the posture reads' IAM actions under
enforcement -- last, as enforcement cannot be undone), the deployments
(endpoints, endpoint configs, models and the packages or artifacts they
serve), the bench scenario with several executions, with endpoints and with
a region of many small pipelines (``--bench-pipelines``), startup errors, and
SIGTERM.

Usage:  python check_emulator.py [--python /path/to/venv/bin/python] [-v]
Exit status 0 when every check passes.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import Any, Callable

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"
ACCOUNT = "123456789012"
REGION = "us-east-1"
KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-2222-3333-4444-555566667777"


def arn(kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{kind}/{name}"


def exec_arn(pipeline: str, exec_id: str) -> str:
    return arn("pipeline", f"{pipeline}/execution/{exec_id}")


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(timezone.utc)


CHURN_1 = exec_arn("customer-churn", "exec-churn-0001")
CHURN_2 = exec_arn("customer-churn", "exec-churn-0002")
FRAUD = exec_arn("fraud-detection-nightly", "exec-fraud-0042")
QG = exec_arn("quality-gate", "exec-qg-0007")
WIDE = exec_arn("wide-pipeline", "exec-wide-0001")
CLASH = exec_arn("id-clash", "exec-clash-0001")
GATE = exec_arn("model-gate", "exec-gate-0001")
POSTURE = exec_arn("data-posture", "exec-posture-0001")
GATE_STATISTICS = "s3://lineage-monitoring/model-gate/exec-gate-0001/statistics.json"
GATE_CONSTRAINTS = "s3://lineage-monitoring/model-gate/exec-gate-0001/constraints.json"
GATE_EXPORT_URI = "s3://lineage-features/model-gate/export/2026-11-20/"
GATE_LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:model-gate-export-features"
REDIRECT_MESSAGE = (
    "The bucket you are attempting to access must be addressed using the specified endpoint. "
    "Please send all future requests to this endpoint."
)
TRAIN_FAILURE = "AlgorithmError: ClientError: Data contains NaN in column 'tenure', exit code 1"
QG_MESSAGE = "Data quality violations found in column 'amount'"
STEP_FAILURE = "Step failure: One or multiple steps failed."


# ---------------------------------------------------------------------------
# result bookkeeping
# ---------------------------------------------------------------------------


class Checks:
    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.passed = 0
        self.failed: list[str] = []

    def ok(self, cond: bool, what: str) -> bool:
        if cond:
            self.passed += 1
            if self.verbose:
                print(f"  ok   {what}")
        else:
            self.failed.append(what)
            print(f"  FAIL {what}")
        return cond

    def eq(self, actual: Any, expected: Any, what: str) -> bool:
        good = actual == expected
        return self.ok(good, what if good else f"{what}: expected {expected!r}, got {actual!r}")

    def raises(self, fn: Callable[[], Any], code: str, status: int | None, what: str) -> ClientError | None:
        try:
            fn()
        except ClientError as err:
            got_code = err.response.get("Error", {}).get("Code")
            got_status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            good = got_code == code and (status is None or got_status == status)
            self.ok(good, f"{what}: expected {code}/{status}, got {got_code}/{got_status}")
            return err
        self.ok(False, f"{what}: expected {code}, call succeeded")
        return None

    def section(self, title: str) -> None:
        print(f"-- {title}")


# ---------------------------------------------------------------------------
# strict shape validation of raw SageMaker JSON (what the Rust SDK reads)
# ---------------------------------------------------------------------------


def validate_shape(value: Any, shape: Any, path: str, errors: list[str]) -> None:
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            errors.append(f"{path}: expected object, got {type(value).__name__}")
            return
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                errors.append(f"{path}.{key}: not a member of {shape.name}")
                continue
            validate_shape(item, member, f"{path}.{key}", errors)
        for required in shape.required_members:
            if required not in value:
                errors.append(f"{path}: required member {required} of {shape.name} missing")
    elif t == "list":
        if not isinstance(value, list):
            errors.append(f"{path}: expected array, got {type(value).__name__}")
            return
        for i, item in enumerate(value):
            validate_shape(item, shape.member, f"{path}[{i}]", errors)
    elif t == "map":
        if not isinstance(value, dict):
            errors.append(f"{path}: expected map object, got {type(value).__name__}")
            return
        for key, item in value.items():
            if not isinstance(key, str):
                errors.append(f"{path}: map key {key!r} is not a string")
            validate_shape(item, shape.value, f"{path}[{key!r}]", errors)
    elif t == "string":
        if not isinstance(value, str):
            errors.append(f"{path}: expected string, got {type(value).__name__} {value!r}")
        elif shape.enum and value not in shape.enum:
            errors.append(f"{path}: {value!r} not in enum {shape.name} {shape.enum}")
        elif value == "None" and not shape.enum:
            errors.append(f"{path}: the string 'None' (a Python None leaked)")
    elif t in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(f"{path}: expected integer, got {type(value).__name__} {value!r}")
    elif t in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            errors.append(f"{path}: expected number, got {type(value).__name__} {value!r}")
    elif t == "boolean":
        if not isinstance(value, bool):
            errors.append(f"{path}: expected boolean, got {type(value).__name__} {value!r}")
    elif t == "timestamp":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            errors.append(f"{path}: expected epoch-seconds number, got {type(value).__name__} {value!r}")
    elif t == "blob":
        if not isinstance(value, str):
            errors.append(f"{path}: expected base64 string")


class RawRecorder:
    """Keeps every raw HTTP response botocore receives (after-call hook)."""

    def __init__(self) -> None:
        self.sagemaker: list[tuple[str, int, bytes, dict[str, str]]] = []
        self.s3: list[tuple[str, int, bytes, dict[str, str]]] = []
        self.kms: list[tuple[str, int, bytes, dict[str, str]]] = []
        self.last: dict[str, tuple[int, bytes, dict[str, str]]] = {}

    def hook(self, service: str) -> Callable[..., None]:
        def _hook(http_response: Any, model: Any, **_: Any) -> None:
            if model.has_streaming_output and http_response.status_code < 300:
                body = b""  # reading it here would consume the caller's stream
            else:
                body = http_response.content
            entry = (model.name, http_response.status_code, body, dict(http_response.headers))
            getattr(self, service).append(entry)
            self.last[f"{service}:{model.name}"] = entry[1:]

        return _hook


# ---------------------------------------------------------------------------
# emulator process
# ---------------------------------------------------------------------------


class Emulator:
    def __init__(self, python: str, *extra: str) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = HERE + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env.pop("AWS_PROFILE", None)
        self.proc = subprocess.Popen(
            [python, "-m", "lineage_emulator", *extra],
            cwd=HERE,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr_lines: list[str] = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()
        self.endpoint: str | None = None
        self.stdout_extra: list[str] = []

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def wait_ready(self, timeout: float = 60.0) -> str:
        assert self.proc.stdout is not None
        result: dict[str, str] = {}

        def _read() -> None:
            line = self.proc.stdout.readline()  # type: ignore[union-attr]
            result["line"] = line

        reader = threading.Thread(target=_read, daemon=True)
        reader.start()
        reader.join(timeout)
        line = result.get("line", "")
        if not line.startswith("READY http://"):
            self.kill()
            raise RuntimeError(
                f"emulator did not print READY within {timeout}s (got {line!r}); stderr:\n"
                + "\n".join(self.stderr_lines[-40:])
            )
        self.endpoint = line.split(" ", 1)[1].strip()
        threading.Thread(target=self._drain_stdout, daemon=True).start()
        return self.endpoint

    def _drain_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.stdout_extra.append(line.rstrip("\n"))

    def terminate(self, timeout: float = 15.0) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def clients(endpoint: str, recorder: RawRecorder | None = None) -> tuple[Any, Any]:
    session = boto3.session.Session(
        aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION
    )
    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1, "mode": "standard"})
    s3 = session.client("s3", endpoint_url=endpoint, config=config)
    sm = session.client("sagemaker", endpoint_url=endpoint, config=config)
    if recorder is not None:
        s3.meta.events.register("after-call.s3", recorder.hook("s3"))
        sm.meta.events.register("after-call.sagemaker", recorder.hook("sagemaker"))
    return s3, sm


def http_json(method: str, url: str) -> Any:
    req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read().decode())


def raw_s3(
    endpoint: str, path: str, method: str = "GET", region: str | None = "us-east-1", body: bytes | None = None
) -> tuple[int, bytes, dict[str, str]]:
    """A path-style request as the Rust SDK sends it, SigV4-scoped to ``region``
    (None: unsigned); moto does not verify signatures, the redirect reads the
    scope.  -> (status, body, headers with lower-case names)."""
    req = urllib.request.Request(endpoint + path, method=method, data=body)
    if region is not None:
        req.add_header(
            "Authorization",
            f"AWS4-HMAC-SHA256 Credential=test/20261126/{region}/s3/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=0000",
        )
        req.add_header("x-amz-date", "20261126T000000Z")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read(), {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as err:
        return err.code, err.read(), {k.lower(): v for k, v in err.headers.items()}


def raw_s3_get(endpoint: str, path: str, region: str = "us-east-1") -> tuple[int, bytes]:
    status, body, _ = raw_s3(endpoint, path, region=region)
    return status, body


def xml_root(body: bytes) -> tuple[str, str]:
    root = ET.fromstring(body)
    if root.tag.startswith("{"):
        ns, local = root.tag[1:].split("}", 1)
        return ns, local
    return "", root.tag


# ---------------------------------------------------------------------------
# the checks
# ---------------------------------------------------------------------------


def check_s3(c: Checks, s3: Any, endpoint: str) -> None:
    c.section("S3 buckets")
    buckets = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    for name in ("lineage-raw-data", "lineage-features", "lineage-models", "lineage-scratch", "lineage-restricted", "lineage-monitoring"):
        c.ok(name in buckets, f"bucket {name} exists")

    # location
    for name in ("lineage-raw-data", "lineage-features", "lineage-models"):
        c.eq(s3.get_bucket_location(Bucket=name).get("LocationConstraint"), None, f"{name} location (us-east-1 = empty)")
    c.eq(s3.get_bucket_location(Bucket="lineage-scratch").get("LocationConstraint"), "eu-west-1", "lineage-scratch location")

    # encryption
    def rule(name: str) -> dict[str, Any]:
        return s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]

    r = rule("lineage-raw-data")
    c.eq(r["ApplyServerSideEncryptionByDefault"], {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KMS_KEY}, "raw-data SSE-KMS key")
    c.eq(r.get("BucketKeyEnabled"), True, "raw-data BucketKeyEnabled")
    r = rule("lineage-features")
    c.eq(r["ApplyServerSideEncryptionByDefault"], {"SSEAlgorithm": "AES256"}, "features SSE-S3")
    r = rule("lineage-models")
    c.eq(r["ApplyServerSideEncryptionByDefault"], {"SSEAlgorithm": "aws:kms"}, "models SSE-KMS (AWS managed key)")
    c.raises(
        lambda: s3.get_bucket_encryption(Bucket="lineage-scratch"),
        "ServerSideEncryptionConfigurationNotFoundError",
        404,
        "scratch has no encryption configuration",
    )

    # versioning
    c.eq(s3.get_bucket_versioning(Bucket="lineage-raw-data").get("Status"), "Enabled", "raw-data versioning")
    c.eq(s3.get_bucket_versioning(Bucket="lineage-features").get("Status"), "Enabled", "features versioning")
    c.eq(s3.get_bucket_versioning(Bucket="lineage-models").get("Status"), "Suspended", "models versioning")
    c.eq(s3.get_bucket_versioning(Bucket="lineage-scratch").get("Status"), None, "scratch versioning never enabled")

    # public access block
    def pab(name: str) -> dict[str, Any]:
        return s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]

    all_true = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    c.eq(pab("lineage-raw-data"), all_true, "raw-data PAB")
    c.eq(pab("lineage-features"), all_true, "features PAB")
    c.eq(
        pab("lineage-models"),
        {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False},
        "models PAB partial",
    )
    c.raises(lambda: s3.get_public_access_block(Bucket="lineage-scratch"), "NoSuchPublicAccessBlockConfiguration", 404, "scratch has no PAB")

    # tags
    def tags(name: str) -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=name)["TagSet"]}

    c.eq(tags("lineage-raw-data"), {"team": "ml-platform", "data-class": "confidential"}, "raw-data tags")
    c.eq(tags("lineage-features"), {"team": "ml-platform"}, "features tags")
    c.raises(lambda: s3.get_bucket_tagging(Bucket="lineage-models"), "NoSuchTagSet", 404, "models has no tags")
    c.raises(lambda: s3.get_bucket_tagging(Bucket="lineage-scratch"), "NoSuchTagSet", 404, "scratch has no tags")

    # the evaluation report
    body = s3.get_object(Bucket="lineage-models", Key="churn/evaluation/evaluation.json")["Body"].read()
    c.eq(
        json.loads(body),
        {"regression_metrics": {"mse": {"value": 4.21, "standard_deviation": 0.35}, "r2": {"value": 0.871}}},
        "evaluation.json content",
    )
    c.raises(lambda: s3.get_object(Bucket="lineage-models", Key="churn/evaluation/missing.json"), "NoSuchKey", 404, "missing object is NoSuchKey")

    # lineage-monitoring (model-gate's baselines)
    mon = "lineage-monitoring"
    c.eq(s3.get_bucket_location(Bucket=mon).get("LocationConstraint"), None, "monitoring location (us-east-1)")
    r = rule(mon)
    c.eq(r["ApplyServerSideEncryptionByDefault"], {"SSEAlgorithm": "AES256"}, "monitoring SSE-S3")
    c.eq(r.get("BucketKeyEnabled"), False, "monitoring BucketKeyEnabled false")
    c.eq(s3.get_bucket_versioning(Bucket=mon).get("Status"), "Enabled", "monitoring versioning")
    c.eq(pab(mon), all_true, "monitoring PAB")
    c.eq(tags(mon), {"team": "ml-monitoring"}, "monitoring tags")
    obj = s3.get_object(Bucket=mon, Key="model-gate/exec-gate-0001/statistics.json")
    c.eq(
        json.loads(obj["Body"].read()),
        {"binary_classification_metrics": {"accuracy": {"value": 0.912, "standard_deviation": 0.004}, "auc": {"value": 0.955}}},
        "model-gate statistics.json content",
    )
    c.eq(obj["ContentType"], "application/json", "statistics.json Content-Type")

    c.section("S3 raw XML roots (what the Rust SDK checks)")
    expected_roots = {
        "versioning": "VersioningConfiguration",
        "location": "LocationConstraint",
        "encryption": "ServerSideEncryptionConfiguration",
        "publicAccessBlock": "PublicAccessBlockConfiguration",
        "tagging": "Tagging",
    }
    for bucket in ("lineage-raw-data", "lineage-features", "lineage-models", "lineage-scratch", "lineage-monitoring"):
        region = "eu-west-1" if bucket == "lineage-scratch" else "us-east-1"  # else a 301
        for sub, root in expected_roots.items():
            status, body = raw_s3_get(endpoint, f"/{bucket}?{sub}", region)
            ns, local = xml_root(body)
            if status == 200:
                c.ok(local == root and ns == S3_NS, f"{bucket}?{sub}: root <{local} xmlns={ns!r}> (want <{root}>)")
            else:
                c.ok(local == "Error", f"{bucket}?{sub}: HTTP {status} error root <{local}>")
    status, body = raw_s3_get(endpoint, "/lineage-raw-data?notification")
    c.eq(xml_root(body), (S3_NS, "NotificationConfiguration"), "?notification root (moto wrote GetBucketNotificationResponse)")
    status, body = raw_s3_get(endpoint, "/lineage-scratch?versioning", "eu-west-1")
    c.ok(status == 200 and b"<Status>" not in body, "never-versioned bucket: empty VersioningConfiguration")
    status, body = raw_s3_get(endpoint, "/lineage-models/churn/evaluation/evaluation.json?x-id=GetObject")
    c.ok(status == 200 and b"regression_metrics" in body, "GetObject with ?x-id=GetObject (Rust SDK form)")

    c.section("restricted bucket: every read is 403 AccessDenied")
    rb = "lineage-restricted"
    c.raises(lambda: s3.get_bucket_location(Bucket=rb), "AccessDenied", 403, "GetBucketLocation")
    c.raises(lambda: s3.get_bucket_encryption(Bucket=rb), "AccessDenied", 403, "GetBucketEncryption")
    c.raises(lambda: s3.get_bucket_versioning(Bucket=rb), "AccessDenied", 403, "GetBucketVersioning")
    c.raises(lambda: s3.get_public_access_block(Bucket=rb), "AccessDenied", 403, "GetPublicAccessBlock")
    c.raises(lambda: s3.get_bucket_tagging(Bucket=rb), "AccessDenied", 403, "GetBucketTagging")
    c.raises(lambda: s3.get_bucket_policy(Bucket=rb), "AccessDenied", 403, "GetBucketPolicy")
    c.raises(lambda: s3.list_objects_v2(Bucket=rb), "AccessDenied", 403, "ListObjectsV2")
    c.raises(lambda: s3.get_object(Bucket=rb, Key="fraud/raw/part-0000.csv"), "AccessDenied", 403, "GetObject")
    c.raises(lambda: s3.head_object(Bucket=rb, Key="fraud/raw/part-0000.csv"), "403", 403, "HeadObject (no body)")
    err = c.raises(lambda: s3.head_bucket(Bucket=rb), "403", 403, "HeadBucket")
    if err is not None:
        c.eq(err.response["ResponseMetadata"]["HTTPHeaders"].get("x-amz-bucket-region"), "us-east-1", "HeadBucket 403 carries x-amz-bucket-region")
    status, body = raw_s3_get(endpoint, f"/{rb}?encryption")
    ns, local = xml_root(body)
    root = ET.fromstring(body)
    c.ok(status == 403 and local == "Error", "raw 403 has an <Error> root")
    c.eq(root.findtext("Code"), "AccessDenied", "raw 403 <Code>")
    c.ok("s3:GetEncryptionConfiguration" in (root.findtext("Message") or ""), "raw 403 <Message> names the IAM action")
    c.ok(bool(root.findtext("RequestId")) and bool(root.findtext("HostId")), "raw 403 has RequestId and HostId")
    status, body = raw_s3_get(endpoint, f"/{rb}/fraud/raw/x.csv?x-id=GetObject")
    c.ok(status == 403 and b"s3:GetObject" in body, "raw GetObject 403 names s3:GetObject")


def check_s3_redirects(c: Checks, endpoint: str) -> None:
    c.section("S3 cross-region 301 PermanentRedirect")
    url = endpoint + "/_lineage/s3/redirects"
    c.eq(http_json("GET", url), {"enabled": True, "header": True}, "redirects on and naming the region by default")

    status, body, headers = raw_s3(endpoint, "/lineage-scratch?encryption", region="us-east-1")
    c.eq(status, 301, "GetBucketEncryption on eu-west-1 lineage-scratch signed for us-east-1 -> 301")
    c.eq(headers.get("x-amz-bucket-region"), "eu-west-1", "301 carries x-amz-bucket-region: eu-west-1")
    c.ok("location" not in headers, "301 has no Location header (HTTP clients do not follow it)")
    root = ET.fromstring(body)
    c.eq(root.tag, "Error", "301 body root <Error>")
    c.eq(root.findtext("Code"), "PermanentRedirect", "301 <Code>PermanentRedirect")
    c.eq(root.findtext("Message"), REDIRECT_MESSAGE, "301 <Message> as real S3")
    c.eq(root.findtext("Endpoint"), "lineage-scratch.s3.eu-west-1.amazonaws.com", "301 <Endpoint>")
    c.eq(root.findtext("Bucket"), "lineage-scratch", "301 <Bucket>")
    c.ok(bool(root.findtext("RequestId")) and bool(root.findtext("HostId")), "301 has RequestId and HostId")
    c.eq(headers.get("content-type"), "application/xml", "301 Content-Type application/xml")

    status, body, _ = raw_s3(endpoint, "/lineage-scratch?encryption", region="eu-west-1")
    c.ok(
        status == 404 and b"ServerSideEncryptionConfigurationNotFoundError" in body,
        f"the same signed for eu-west-1 -> the bucket's own answer (404 not configured), got {status}",
    )
    status, body, _ = raw_s3(endpoint, "/lineage-scratch?versioning", region="eu-west-1")
    c.eq(status, 200, "GetBucketVersioning on lineage-scratch signed for eu-west-1 -> 200")
    status, body, headers = raw_s3(endpoint, "/lineage-scratch?location", region="us-east-1")
    c.ok(status == 200 and b">eu-west-1<" in body, f"GetBucketLocation from us-east-1 -> 200 eu-west-1 (got {status})")
    status, body, headers = raw_s3(endpoint, "/lineage-scratch?versioning", region=None)
    c.eq(status, 200, "unsigned request (no SigV4 scope) is not redirected")
    status, _, _ = raw_s3(endpoint, "/lineage-raw-data?encryption", region="us-east-1")
    c.eq(status, 200, "us-east-1 bucket signed for us-east-1 -> 200")

    for what, path in (
        ("GetObject", "/lineage-scratch/churn/scores/part-00000.csv.out?x-id=GetObject"),
        ("ListObjectsV2", "/lineage-scratch?list-type=2"),
        ("GetBucketTagging", "/lineage-scratch?tagging"),
    ):
        status, body, headers = raw_s3(endpoint, path, region="us-east-1")
        c.ok(
            status == 301 and b"<Code>PermanentRedirect</Code>" in body and headers.get("x-amz-bucket-region") == "eu-west-1",
            f"{what} on lineage-scratch from us-east-1 -> 301 PermanentRedirect (got {status})",
        )
    status, body, _ = raw_s3(endpoint, "/lineage-scratch/churn/scores/part-00000.csv.out?x-id=GetObject", region="eu-west-1")
    c.ok(status == 404 and b"NoSuchKey" in body, "GetObject signed for eu-west-1 -> NoSuchKey (not redirected)")
    status, body, headers = raw_s3(endpoint, "/lineage-models/churn/evaluation/evaluation.json?x-id=GetObject", region="eu-west-1")
    c.ok(
        status == 301 and headers.get("x-amz-bucket-region") == "us-east-1" and b"<Endpoint>lineage-models.s3.amazonaws.com</Endpoint>" in body,
        "GetObject on a us-east-1 bucket signed for eu-west-1 -> 301 to us-east-1",
    )
    for what, path in (("HeadBucket", "/lineage-scratch"), ("HeadObject", "/lineage-scratch/churn/scores/x.out")):
        status, body, headers = raw_s3(endpoint, path, method="HEAD", region="us-east-1")
        c.ok(
            status == 301 and body == b"" and headers.get("x-amz-bucket-region") == "eu-west-1",
            f"{what} from us-east-1 -> 301 without body, with x-amz-bucket-region (got {status})",
        )

    # writes are never redirected (the seeder writes to lineage-scratch signed for us-east-1)
    status, _, _ = raw_s3(endpoint, "/lineage-scratch/check/redirect-probe.txt", method="PUT", region="us-east-1", body=b"x")
    c.eq(status, 200, "PutObject to lineage-scratch signed for us-east-1 -> 200 (writes not redirected)")
    status, _, _ = raw_s3(endpoint, "/lineage-scratch/check/redirect-probe.txt", method="DELETE", region="us-east-1")
    c.eq(status, 204, "DeleteObject signed for us-east-1 -> 204 (writes not redirected)")

    # order: fault injection, then the 301, then the restricted bucket's 403
    status, body, headers = raw_s3(endpoint, "/lineage-restricted?encryption", region="eu-west-1")
    c.ok(
        status == 301 and headers.get("x-amz-bucket-region") == "us-east-1",
        f"restricted bucket signed for eu-west-1 -> 301 before the 403 (got {status})",
    )
    status, _, _ = raw_s3(endpoint, "/lineage-restricted?encryption", region="us-east-1")
    c.eq(status, 403, "restricted bucket signed for its region -> 403 as before")
    http_json("POST", endpoint + "/_lineage/faults?op=s3:GetBucketEncryption&kind=throttle&count=1")
    status, body, _ = raw_s3(endpoint, "/lineage-scratch?encryption", region="us-east-1")
    c.ok(status == 503 and b"SlowDown" in body, f"an injected fault comes before the 301 (got {status})")
    status, _, _ = raw_s3(endpoint, "/lineage-scratch?encryption", region="us-east-1")
    c.eq(status, 301, "after the fault is used up -> 301 again")

    # counted under the operation's name
    http_json("POST", endpoint + "/_lineage/calls/reset")
    raw_s3(endpoint, "/lineage-scratch?encryption", region="us-east-1")
    raw_s3(endpoint, "/lineage-scratch/x?x-id=GetObject", region="us-east-1")
    c.eq(
        http_json("GET", endpoint + "/_lineage/calls"),
        {"s3:GetBucketEncryption": 1, "s3:GetObject": 1},
        "redirected requests are counted under their operation",
    )

    # boto3 follows the 301 itself (re-signs for the named region): the checker's
    # and the seeder's clients need nothing special
    fresh, _ = clients(endpoint)
    c.eq(fresh.get_bucket_versioning(Bucket="lineage-scratch").get("Status"), None, "boto3 (us-east-1) follows the 301 to eu-west-1")
    calls = http_json("POST", endpoint + "/_lineage/calls/reset")
    c.eq(calls.get("s3:GetBucketVersioning"), 2, "... as two GetBucketVersioning requests (301, then 200)")

    # ?header=false: the 301 no longer names the region
    c.eq(http_json("POST", url + "?header=false"), {"enabled": True, "header": False}, "POST ?header=false")
    c.eq(http_json("GET", url), {"enabled": True, "header": False}, "GET reads the setting")
    status, body, headers = raw_s3(endpoint, "/lineage-scratch?encryption", region="us-east-1")
    c.ok(
        status == 301 and "x-amz-bucket-region" not in headers and b"<Endpoint>lineage-scratch.s3.eu-west-1.amazonaws.com</Endpoint>" in body,
        "header=false: 301 with the XML body but no x-amz-bucket-region",
    )
    status, _, headers = raw_s3(endpoint, "/lineage-scratch/churn/scores/x.out", method="HEAD", region="us-east-1")
    c.ok(status == 301 and "x-amz-bucket-region" not in headers, "header=false: HeadObject 301 without the header")
    status, _, headers = raw_s3(endpoint, "/lineage-scratch", method="HEAD", region="us-east-1")
    c.ok(
        status == 301 and headers.get("x-amz-bucket-region") == "eu-west-1",
        "header=false: HeadBucket's 301 still names the region (the fallback)",
    )
    status, body, _ = raw_s3(endpoint, "/lineage-scratch?location", region="us-east-1")
    c.ok(status == 200 and b">eu-west-1<" in body, "header=false: GetBucketLocation still tells the region")
    http_json("POST", endpoint + "/_lineage/calls/reset")
    fresh, _ = clients(endpoint)
    c.eq(fresh.get_bucket_versioning(Bucket="lineage-scratch").get("Status"), None, "header=false: boto3 still follows, via HeadBucket")
    calls = http_json("POST", endpoint + "/_lineage/calls/reset")
    c.ok(
        calls.get("s3:GetBucketVersioning") == 2 and calls.get("s3:HeadBucket", 0) >= 1,
        f"... asking HeadBucket for the region between the 301 and the retry ({calls})",
    )
    c.eq(http_json("POST", url + "?header=true"), {"enabled": True, "header": True}, "POST ?header=true")

    # ?enabled=false: every region answers, as before redirects existed
    c.eq(http_json("POST", url + "?enabled=false"), {"enabled": False, "header": True}, "POST ?enabled=false")
    status, body, _ = raw_s3(endpoint, "/lineage-scratch?encryption", region="us-east-1")
    c.ok(status == 404 and b"ServerSideEncryptionConfigurationNotFoundError" in body, f"enabled=false: no 301 (got {status})")
    status, _, _ = raw_s3(endpoint, "/lineage-scratch?versioning", region="us-east-1")
    c.eq(status, 200, "enabled=false: GetBucketVersioning from us-east-1 -> 200")
    c.eq(http_json("POST", url + "?enabled=true"), {"enabled": True, "header": True}, "POST ?enabled=true")
    for bad in ("", "?header=maybe", "?enabled=true&other=1"):
        try:
            http_json("POST", url + bad)
            code = 200
        except urllib.error.HTTPError as err:
            code = err.code
        c.eq(code, 400, f"POST /_lineage/s3/redirects{bad} -> 400")
    http_json("POST", endpoint + "/_lineage/calls/reset")


def _all_steps(sm: Any, execution_arn: str, max_results: int | None = None) -> tuple[list[dict[str, Any]], list[int]]:
    steps: list[dict[str, Any]] = []
    sizes: list[int] = []
    kwargs: dict[str, Any] = {"PipelineExecutionArn": execution_arn}
    if max_results:
        kwargs["MaxResults"] = max_results
    while True:
        page = sm.list_pipeline_execution_steps(**kwargs)
        sizes.append(len(page["PipelineExecutionSteps"]))
        steps.extend(page["PipelineExecutionSteps"])
        token = page.get("NextToken")
        if not token:
            return steps, sizes
        kwargs["NextToken"] = token
        if len(sizes) > 50:
            raise RuntimeError("pagination does not end")


def check_pipelines(c: Checks, sm: Any, s3: Any) -> dict[str, dict[str, Any]]:
    c.section("pipelines")
    names: list[str] = []
    kwargs: dict[str, Any] = {"MaxResults": 2}
    while True:
        page = sm.list_pipelines(**kwargs)
        names.extend(p["PipelineName"] for p in page["PipelineSummaries"])
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    c.eq(
        names,
        [
            "never-run", "wide-pipeline", "large-pipeline", "quality-gate", "churn-weekly",
            "customer-churn", "fraud-detection-nightly", "model-gate", "id-clash", "data-posture",
        ],
        "ListPipelines (2 per page) newest first",
    )
    c.eq([p["PipelineName"] for p in sm.list_pipelines(PipelineNamePrefix="customer")["PipelineSummaries"]], ["customer-churn"], "ListPipelines prefix")

    definitions: dict[str, dict[str, Any]] = {}
    for name in names:
        d = sm.describe_pipeline(PipelineName=name)
        c.eq(d["PipelineArn"], arn("pipeline", name), f"{name} ARN")
        c.eq(d["PipelineStatus"], "Active", f"{name} status")
        definitions[name] = json.loads(d["PipelineDefinition"])
        c.eq(definitions[name].get("Version"), "2020-12-01", f"{name} definition Version")
    c.raises(lambda: sm.describe_pipeline(PipelineName="no-such-pipeline"), "ResourceNotFound", 400, "DescribePipeline unknown -> ResourceNotFound")
    c.eq(
        sm.describe_pipeline(PipelineName="customer-churn")["LastRunTime"],
        utc("2026-11-25T08:00:00Z"),
        "customer-churn LastRunTime = latest execution start",
    )
    c.ok("LastRunTime" not in sm.describe_pipeline(PipelineName="never-run"), "never-run has no LastRunTime")

    tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn("pipeline", "customer-churn"))["Tags"]}
    c.eq(tags, {"DomainName": "ml-platform", "DomainId": "d-abc123xyz"}, "customer-churn domain tags")
    for other in ("fraud-detection-nightly", "quality-gate", "wide-pipeline", "never-run", "id-clash", "model-gate"):
        keys = {t["Key"] for t in sm.list_tags(ResourceArn=arn("pipeline", other))["Tags"]}
        c.ok(not keys & {"DomainName", "DomainId"}, f"{other} has no domain tags")

    # --- customer-churn definition, as the brief describes it
    d = definitions["customer-churn"]
    c.eq(
        d["Parameters"],
        [
            {"Name": "InputData", "Type": "String", "DefaultValue": "s3://lineage-raw-data/churn/raw/"},
            {"Name": "MseThreshold", "Type": "Float", "DefaultValue": 6.0},
        ],
        "churn Parameters",
    )
    steps = {s["Name"]: s for s in d["Steps"]}
    c.eq(list(steps), ["Preprocess", "Train", "Evaluate", "CheckMSE"], "churn top-level steps")
    pre = steps["Preprocess"]["Arguments"]
    c.eq(pre["ProcessingInputs"][0]["InputName"], "raw", "Preprocess input name")
    c.eq(pre["ProcessingInputs"][0]["S3Input"]["S3Uri"], {"Get": "Parameters.InputData"}, "Preprocess input <- Parameters.InputData")
    c.eq(
        {o["OutputName"]: o["S3Output"]["S3Uri"] for o in pre["ProcessingOutputConfig"]["Outputs"]},
        {
            "train": "s3://lineage-features/churn/train",
            "validation": "s3://lineage-features/churn/validation",
            "test": "s3://lineage-features/churn/test",
        },
        "Preprocess outputs",
    )
    train = steps["Train"]["Arguments"]
    c.eq(
        {ch["ChannelName"]: ch["DataSource"]["S3DataSource"]["S3Uri"] for ch in train["InputDataConfig"]},
        {
            "train": {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"},
            "validation": {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri"},
        },
        "Train channels",
    )
    c.eq(train["OutputDataConfig"]["S3OutputPath"], "s3://lineage-models/churn/model", "Train output path")
    ev = steps["Evaluate"]
    c.eq(
        {i["InputName"]: i["S3Input"]["S3Uri"] for i in ev["Arguments"]["ProcessingInputs"]},
        {
            "model": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"},
            "test": {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri"},
        },
        "Evaluate inputs",
    )
    c.eq(ev["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-models/churn/evaluation", "Evaluate output")
    c.eq(ev["PropertyFiles"], [{"PropertyFileName": "EvaluationReport", "OutputName": "evaluation", "FilePath": "evaluation.json"}], "Evaluate PropertyFiles")
    cond = steps["CheckMSE"]["Arguments"]
    c.eq(cond["Conditions"][0]["Type"], "LessThanOrEqualTo", "CheckMSE condition type")
    c.eq(
        cond["Conditions"][0]["LeftValue"],
        {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"}, "Path": "regression_metrics.mse.value"}},
        "CheckMSE LeftValue",
    )
    c.eq(cond["Conditions"][0]["RightValue"], {"Get": "Parameters.MseThreshold"}, "CheckMSE RightValue")
    if_steps = {s["Name"]: s for s in cond["IfSteps"]}
    c.eq([(s["Name"], s["Type"]) for s in cond["IfSteps"]], [("RegisterChurnModel", "RegisterModel"), ("CreateChurnModel", "Model"), ("BatchScore", "Transform")], "CheckMSE IfSteps")
    c.eq([(s["Name"], s["Type"]) for s in cond["ElseSteps"]], [("MseTooHigh", "Fail")], "CheckMSE ElseSteps")
    reg = if_steps["RegisterChurnModel"]["Arguments"]
    c.eq(reg["ModelPackageGroupName"], "churn-models", "RegisterChurnModel group")
    c.eq(reg["InferenceSpecification"]["Containers"][0]["ModelDataUrl"], {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}, "RegisterChurnModel model data")
    c.eq(reg["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"], "s3://lineage-models/churn/evaluation/evaluation.json", "RegisterChurnModel ModelQuality statistics")
    bs = if_steps["BatchScore"]["Arguments"]
    c.eq(bs["ModelName"], {"Get": "Steps.CreateChurnModel.ModelName"}, "BatchScore ModelName")
    c.eq(bs["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"], {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri"}, "BatchScore input")
    c.eq(bs["TransformOutput"]["S3OutputPath"], "s3://lineage-scratch/churn/scores", "BatchScore output")
    msg = cond["ElseSteps"][0]["Arguments"]["ErrorMessage"]
    c.ok("Std:Join" in msg and {"Get": "Parameters.MseThreshold"} in msg["Std:Join"]["Values"], "MseTooHigh ErrorMessage is a Std:Join with the threshold")

    # --- fraud definition
    d = definitions["fraud-detection-nightly"]
    steps = {s["Name"]: s for s in d["Steps"]}
    c.eq([(s["Name"], s["Type"]) for s in d["Steps"]], [("Ingest", "Processing"), ("TuneXGB", "Tuning"), ("EvaluateBest", "Processing")], "fraud steps")
    ing = steps["Ingest"]["Arguments"]
    c.eq(ing["ProcessingInputs"][0]["S3Input"]["S3Uri"], "s3://lineage-restricted/fraud/raw/", "Ingest input")
    c.eq(ing["ProcessingOutputConfig"]["Outputs"][0]["OutputName"], "features", "Ingest output name")
    c.eq(ing["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-features/fraud/features", "Ingest output")
    tdef = steps["TuneXGB"]["Arguments"]["TrainingJobDefinition"]
    c.eq(tdef["InputDataConfig"][0]["ChannelName"], "train", "TuneXGB channel")
    c.eq(tdef["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"], {"Get": "Steps.Ingest.ProcessingOutputConfig.Outputs['features'].S3Output.S3Uri"}, "TuneXGB channel <- Ingest features")
    c.eq(tdef["OutputDataConfig"]["S3OutputPath"], "s3://lineage-models/fraud/tuning", "TuneXGB output")
    eb = steps["EvaluateBest"]
    c.eq(eb["DependsOn"], ["TuneXGB"], "EvaluateBest DependsOn")
    c.eq(
        eb["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3Uri"],
        {"Std:Join": {"On": "/", "Values": ["s3:/", "lineage-models", "fraud/tuning", {"Get": "Steps.TuneXGB.TrainingJobSummaries[0].TrainingJobName"}, "output/model.tar.gz"]}},
        "EvaluateBest model input Std:Join",
    )
    c.eq(eb["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-models/fraud/metrics", "EvaluateBest output")
    c.eq(eb["PropertyFiles"], [{"PropertyFileName": "MetricsReport", "OutputName": "metrics", "FilePath": "metrics.json"}], "EvaluateBest PropertyFiles")

    # --- quality-gate definition
    d = definitions["quality-gate"]
    steps = {s["Name"]: s for s in d["Steps"]}
    dq = steps["DataQualityCheck"]
    c.eq(dq["Type"], "QualityCheck", "DataQualityCheck type")
    c.eq(dq["CheckType"], "DATA_QUALITY", "DataQualityCheck CheckType")
    c.eq(dq["SuppliedBaselineStatistics"], "s3://lineage-features/quality/baseline/statistics.json", "DataQualityCheck baseline statistics")
    c.eq(dq["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3Uri"], "s3://lineage-raw-data/quality/current/", "DataQualityCheck input")
    c.eq(dq["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-scratch/quality/report", "DataQualityCheck output")
    cv = steps["CheckViolations"]["Arguments"]
    c.ok("Steps.DataQualityCheck." in json.dumps(cv["Conditions"]), "CheckViolations condition reads a DataQualityCheck property")
    c.eq([(s["Name"], s["Type"], s["Arguments"]["ErrorMessage"]) for s in cv["IfSteps"]], [("GateFailed", "Fail", QG_MESSAGE)], "CheckViolations IfSteps")
    c.eq(cv["ElseSteps"], [], "CheckViolations ElseSteps")

    # --- wide-pipeline definition
    d = definitions["wide-pipeline"]
    c.eq([s["Name"] for s in d["Steps"]], [f"Shard-{i:02d}" for i in range(1, 13)] + ["Merge"], "wide-pipeline steps")
    for i, s in enumerate(d["Steps"][:12], start=1):
        c.eq(s["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], f"s3://lineage-features/wide/shard-{i:02d}", f"Shard-{i:02d} output")
    merge_inputs = [i["S3Input"]["S3Uri"] for i in d["Steps"][12]["Arguments"]["ProcessingInputs"]]
    c.eq(
        merge_inputs,
        [{"Get": f"Steps.Shard-{i:02d}.ProcessingOutputConfig.Outputs['shard'].S3Output.S3Uri"} for i in range(1, 13)],
        "Merge reads every shard via Get",
    )
    c.eq(len(definitions["never-run"]["Steps"]), 2, "never-run has 2 steps")

    # --- id-clash: step names like generated graph ids
    d = definitions["id-clash"]
    steps = {s["Name"]: s for s in d["Steps"]}
    c.eq([(s["Name"], s["Type"]) for s in d["Steps"]], [("e0", "Processing"), ("e1", "Training"), ("e2", "Processing"), ("n0", "Processing")], "id-clash steps")
    c.eq(steps["e0"]["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3Uri"], "s3://lineage-raw-data/id-clash/input/", "e0 input")
    c.eq(steps["e0"]["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["OutputName"], "train", "e0 output name")
    c.eq(steps["e0"]["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-features/id-clash/train", "e0 output")
    c.eq(
        steps["e1"]["Arguments"]["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"],
        {"Get": "Steps.e0.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"},
        "e1 channel <- e0 output (Get)",
    )
    c.eq(steps["e1"]["Arguments"]["OutputDataConfig"]["S3OutputPath"], "s3://lineage-models/id-clash/model", "e1 output path")
    c.eq(steps["e2"]["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3Uri"], {"Get": "Steps.e1.ModelArtifacts.S3ModelArtifacts"}, "e2 input <- e1 model artifacts")
    c.eq(steps["e2"]["DependsOn"], ["n0"], "e2 DependsOn n0")
    c.eq(steps["e2"]["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-models/id-clash/report", "e2 output")
    c.eq(steps["n0"]["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3Uri"], "s3://lineage-raw-data/id-clash/lookup/", "n0 input")
    c.eq(steps["n0"]["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-features/id-clash/lookup", "n0 output")

    # --- model-gate: property references that only step metadata resolves
    d = definitions["model-gate"]
    steps = {s["Name"]: s for s in d["Steps"]}
    c.eq(
        [(s["Name"], s["Type"]) for s in d["Steps"]],
        [("ExportFeatures", "Lambda"), ("ScoreExport", "Processing"), ("ModelQualityCheck", "QualityCheck"), ("RegisterGatedModel", "RegisterModel")],
        "model-gate steps",
    )
    ef = steps["ExportFeatures"]
    c.eq(ef["FunctionArn"], GATE_LAMBDA, "ExportFeatures FunctionArn")
    c.eq(
        ef["OutputParameters"],
        [{"OutputName": "export_uri", "OutputType": "String"}, {"OutputName": "row_count", "OutputType": "String"}],
        "ExportFeatures declares OutputParameters export_uri, row_count",
    )
    se = {i["InputName"]: i["S3Input"]["S3Uri"] for i in steps["ScoreExport"]["Arguments"]["ProcessingInputs"]}
    c.eq(se["export"], {"Get": "Steps.ExportFeatures.OutputParameters['export_uri']"}, "ScoreExport input <- ExportFeatures.OutputParameters['export_uri']")
    c.eq(steps["ScoreExport"]["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-features/model-gate/scores", "ScoreExport output")
    mq = steps["ModelQualityCheck"]
    c.eq((mq["CheckType"], mq["SkipCheck"], mq["RegisterNewBaseline"]), ("MODEL_QUALITY", False, True), "ModelQualityCheck CheckType / SkipCheck / RegisterNewBaseline")
    c.eq(
        mq["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3Uri"],
        {"Get": "Steps.ScoreExport.ProcessingOutputConfig.Outputs['scores'].S3Output.S3Uri"},
        "ModelQualityCheck input <- ScoreExport scores",
    )
    c.eq(mq["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-models/model-gate/quality-check", "ModelQualityCheck job output")
    reg = steps["RegisterGatedModel"]["Arguments"]
    c.eq(reg["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"], {"Get": "Steps.ModelQualityCheck.CalculatedBaselineStatistics"}, "RegisterGatedModel ModelQuality statistics <- check")
    c.eq(
        reg["DriftCheckBaselines"]["ModelQuality"]["Constraints"]["S3Uri"],
        {"Get": "Steps.ModelQualityCheck.BaselineUsedForDriftCheckConstraints"},
        "RegisterGatedModel drift-check constraints <- check",
    )
    c.eq(reg["ModelPackageGroupName"], "gated-models", "RegisterGatedModel group")
    c.eq(reg["ModelApprovalStatus"], "Approved", "RegisterGatedModel approval")
    text = json.dumps(d)
    c.ok("lineage-monitoring" not in text, "model-gate definition never names lineage-monitoring")
    c.ok("model-gate/export" not in text, "model-gate definition never names the export prefix")
    return definitions


def check_executions(c: Checks, sm: Any, definitions: dict[str, dict[str, Any]], raw: RawRecorder) -> None:
    c.section("executions")
    page = sm.list_pipeline_executions(PipelineName="customer-churn")
    c.eq([e["PipelineExecutionArn"] for e in page["PipelineExecutionSummaries"]], [CHURN_2, CHURN_1], "churn executions newest first (default)")
    page = sm.list_pipeline_executions(PipelineName="customer-churn", SortBy="CreationTime", SortOrder="Descending", MaxResults=1)
    c.eq([e["PipelineExecutionArn"] for e in page["PipelineExecutionSummaries"]], [CHURN_2], "MaxResults=1 Descending -> latest")
    c.ok(bool(page.get("NextToken")), "MaxResults=1 returns a NextToken")
    page2 = sm.list_pipeline_executions(PipelineName="customer-churn", SortBy="CreationTime", SortOrder="Descending", MaxResults=1, NextToken=page["NextToken"])
    c.eq([e["PipelineExecutionArn"] for e in page2["PipelineExecutionSummaries"]], [CHURN_1], "second page -> older")
    c.ok(not page2.get("NextToken"), "no NextToken after the last page")
    page = sm.list_pipeline_executions(PipelineName="customer-churn", SortOrder="Ascending")
    c.eq([e["PipelineExecutionArn"] for e in page["PipelineExecutionSummaries"]], [CHURN_1, CHURN_2], "SortOrder=Ascending")
    status, body, _ = raw.last["sagemaker:ListPipelineExecutions"]
    c.ok(b'"None"' not in body, "ListPipelineExecutions raw body has no \"None\"")
    start = json.loads(body)["PipelineExecutionSummaries"][0]["StartTime"]
    c.ok(isinstance(start, float), f"JSON timestamps are epoch-second floats ({start!r})")
    summaries = {e["PipelineExecutionArn"]: e for e in sm.list_pipeline_executions(PipelineName="customer-churn")["PipelineExecutionSummaries"]}
    c.ok("PipelineExecutionFailureReason" not in summaries[CHURN_2], "succeeded execution has no failure reason field")
    c.eq(summaries[CHURN_1].get("PipelineExecutionFailureReason"), STEP_FAILURE, "failed execution failure reason")
    c.eq(summaries[CHURN_2]["StartTime"], utc("2026-11-25T08:00:00Z"), "exec-churn-0002 StartTime")
    c.eq(summaries[CHURN_1]["StartTime"], utc("2026-11-20T08:00:00Z"), "exec-churn-0001 StartTime")
    c.eq(sm.list_pipeline_executions(PipelineName="never-run")["PipelineExecutionSummaries"], [], "never-run has no executions")
    c.raises(lambda: sm.list_pipeline_executions(PipelineName="no-such-pipeline"), "ResourceNotFound", 400, "ListPipelineExecutions unknown pipeline")

    expected = {
        CHURN_1: ("customer-churn", "Failed", STEP_FAILURE, "2026-11-20T08:00:00Z", "2026-11-20T08:12:05Z"),
        CHURN_2: ("customer-churn", "Succeeded", None, "2026-11-25T08:00:00Z", "2026-11-25T08:44:55Z"),
        FRAUD: ("fraud-detection-nightly", "Executing", None, "2026-11-26T06:00:00Z", "2026-11-26T06:18:45Z"),
        QG: ("quality-gate", "Failed", STEP_FAILURE, "2026-11-24T12:00:00Z", "2026-11-24T12:06:55Z"),
        WIDE: ("wide-pipeline", "Succeeded", None, "2026-11-23T10:00:00Z", "2026-11-23T10:11:35Z"),
        CLASH: ("id-clash", "Succeeded", None, "2026-11-19T07:00:00Z", "2026-11-19T07:23:35Z"),
        GATE: ("model-gate", "Succeeded", None, "2026-11-20T14:00:00Z", "2026-11-20T14:16:45Z"),
        POSTURE: ("data-posture", "Succeeded", None, "2026-11-24T15:00:00Z", "2026-11-24T15:21:55Z"),
    }
    for execution, (pipeline, status_, reason, start, end) in expected.items():
        d = sm.describe_pipeline_execution(PipelineExecutionArn=execution)
        short = execution.rsplit("/", 1)[-1]
        c.eq(d["PipelineArn"], arn("pipeline", pipeline), f"{short} PipelineArn")
        c.eq(d["PipelineExecutionStatus"], status_, f"{short} status")
        c.eq(d.get("FailureReason"), reason, f"{short} FailureReason")
        c.eq(d["CreationTime"], utc(start), f"{short} CreationTime (start)")
        c.eq(d["LastModifiedTime"], utc(end), f"{short} LastModifiedTime (end / last change)")
        c.eq(d["PipelineExperimentConfig"], {"ExperimentName": pipeline, "TrialName": short}, f"{short} PipelineExperimentConfig")
        ran = json.loads(sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=execution)["PipelineDefinition"])
        c.eq(ran, definitions[pipeline], f"{short} DescribePipelineDefinitionForExecution = pipeline definition")
    end = utc("2026-11-25T08:44:55Z")
    c.ok(abs((end - utc("2026-11-25T08:00:00Z")).total_seconds() - 45 * 60) < 60, "exec-churn-0002 ran ~45 min")
    c.raises(lambda: sm.describe_pipeline_execution(PipelineExecutionArn=CHURN_1 + "x"), "ResourceNotFound", 400, "DescribePipelineExecution unknown")
    c.raises(lambda: sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=CHURN_1 + "x"), "ResourceNotFound", 400, "DescribePipelineDefinitionForExecution unknown")
    c.raises(lambda: sm.list_pipeline_parameters_for_execution(PipelineExecutionArn=CHURN_1 + "x"), "ResourceNotFound", 400, "ListPipelineParametersForExecution unknown")
    c.raises(lambda: sm.describe_pipeline_execution(PipelineExecutionArn="arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn"), "ValidationException", 400, "malformed execution ARN -> ValidationException")
    params = sm.list_pipeline_parameters_for_execution(PipelineExecutionArn=CHURN_2)["PipelineParameters"]
    c.eq(params, [{"Name": "InputData", "Value": "s3://lineage-raw-data/churn/raw/"}, {"Name": "MseThreshold", "Value": "6.0"}], "exec-churn-0002 parameters")


def check_steps(c: Checks, sm: Any, raw: RawRecorder) -> None:
    c.section("ListPipelineExecutionSteps")
    for execution, count in ((CHURN_1, 2), (CHURN_2, 7), (FRAUD, 2), (QG, 3), (WIDE, 13), (CLASH, 4), (GATE, 4), (POSTURE, 5)):
        short = execution.rsplit("/", 1)[-1]
        steps, sizes = _all_steps(sm, execution, max_results=50)
        c.eq(len(steps), count, f"{short}: {count} steps")
        c.ok(all(s <= 4 for s in sizes), f"{short}: every page <= 4 items even with MaxResults=50 ({sizes})")
        starts = [s["StartTime"] for s in steps]
        c.ok(starts == sorted(starts, reverse=True), f"{short}: newest first")
        c.ok(all(s.get("AttemptCount") == 1 for s in steps), f"{short}: AttemptCount 1")
    steps, sizes = _all_steps(sm, WIDE)
    c.eq(sizes, [4, 4, 4, 1], "exec-wide-0001: 13 steps in 4 pages")
    c.eq(steps[0]["StepName"], "Merge", "exec-wide-0001: Merge listed first")
    c.eq({s["StepStatus"] for s in steps}, {"Succeeded"}, "exec-wide-0001: all Succeeded")
    steps, sizes = _all_steps(sm, CHURN_2, max_results=2)
    c.eq(sizes, [2, 2, 2, 1], "MaxResults=2 honoured")
    asc, _ = _all_steps(sm, CHURN_2)
    c.eq([s["StepName"] for s in asc], ["BatchScore", "CreateChurnModel", "RegisterChurnModel", "CheckMSE", "Evaluate", "Train", "Preprocess"], "exec-churn-0002 step order")
    asc = sm.list_pipeline_execution_steps(PipelineExecutionArn=CHURN_2, SortOrder="Ascending")["PipelineExecutionSteps"]
    c.eq(asc[0]["StepName"], "Preprocess", "SortOrder=Ascending starts with the oldest step")

    err = c.raises(
        lambda: sm.list_pipeline_execution_steps(PipelineExecutionArn=exec_arn("customer-churn", "exec-nope-9999")),
        "ResourceNotFound",
        400,
        "unknown execution -> ResourceNotFound",
    )
    status, body, headers = raw.last["sagemaker:ListPipelineExecutionSteps"]
    c.eq(json.loads(body).get("__type"), "ResourceNotFound", "ResourceNotFound __type in the JSON body")
    c.eq({k.lower(): v for k, v in headers.items()}.get("x-amzn-errortype"), "ResourceNotFound", "x-amzn-ErrorType header")
    c.raises(
        lambda: sm.list_pipeline_execution_steps(PipelineExecutionArn=exec_arn("no-such-pipeline", "exec-1")),
        "ResourceNotFound",
        400,
        "execution of an unknown pipeline -> ResourceNotFound",
    )
    c.raises(
        lambda: sm.list_pipeline_execution_steps(PipelineExecutionArn=CHURN_2, NextToken="garbage"),
        "ValidationException",
        400,
        "bad NextToken -> ValidationException",
    )

    def by_name(execution: str) -> dict[str, dict[str, Any]]:
        return {s["StepName"]: s for s in _all_steps(sm, execution)[0]}

    s = by_name(CHURN_1)
    c.eq(set(s), {"Preprocess", "Train"}, "exec-churn-0001 ran Preprocess and Train only")
    c.eq(s["Preprocess"]["StepStatus"], "Succeeded", "0001 Preprocess Succeeded")
    c.eq(s["Train"]["StepStatus"], "Failed", "0001 Train Failed")
    c.eq(s["Train"].get("FailureReason"), TRAIN_FAILURE, "0001 Train FailureReason")
    c.eq(s["Train"]["Metadata"], {"TrainingJob": {"Arn": arn("training-job", "pipelines-exec-churn-0001-train-f4i1ed0b7x")}}, "0001 Train metadata")
    c.eq(s["Preprocess"]["Metadata"], {"ProcessingJob": {"Arn": arn("processing-job", "pipelines-exec-churn-0001-preprocess-9x2k4m7q1w")}}, "0001 Preprocess metadata")

    s = by_name(CHURN_2)
    c.ok("MseTooHigh" not in s, "0002 MseTooHigh not listed (branch not taken)")
    for name in ("Preprocess", "Train", "Evaluate", "CheckMSE", "RegisterChurnModel", "CreateChurnModel", "BatchScore"):
        c.eq(s.get(name, {}).get("StepStatus"), "Succeeded", f"0002 {name} Succeeded")
    c.eq(s["Preprocess"].get("CacheHitResult"), {"SourcePipelineExecutionArn": CHURN_1}, "0002 Preprocess cache hit from 0001")
    c.eq(s["Preprocess"]["Metadata"], {"ProcessingJob": {"Arn": arn("processing-job", "pipelines-exec-churn-0001-preprocess-9x2k4m7q1w")}}, "0002 Preprocess job is the 0001 job")
    c.eq(s["CheckMSE"]["Metadata"], {"Condition": {"Outcome": "True"}}, "0002 CheckMSE Outcome True")
    c.eq(s["Train"]["Metadata"], {"TrainingJob": {"Arn": arn("training-job", "pipelines-exec-churn-0002-train-k7m2q9x4lp")}}, "0002 Train metadata")
    c.eq(s["Evaluate"]["Metadata"], {"ProcessingJob": {"Arn": arn("processing-job", "pipelines-exec-churn-0002-evaluate-r3v8n1c6ty")}}, "0002 Evaluate metadata")
    c.eq(s["RegisterChurnModel"]["Metadata"], {"RegisterModel": {"Arn": arn("model-package", "churn-models/1")}}, "0002 RegisterChurnModel metadata")
    c.eq(s["CreateChurnModel"]["Metadata"], {"Model": {"Arn": arn("model", "pipelines-exec-churn-0002-createchurnmodel-h5j2w8")}}, "0002 CreateChurnModel metadata")
    c.eq(s["BatchScore"]["Metadata"], {"TransformJob": {"Arn": arn("transform-job", "pipelines-exec-churn-0002-batchscore-p0o9i8u7yt")}}, "0002 BatchScore metadata")
    c.eq(s["Preprocess"].get("StepDisplayName"), "Preprocess churn data", "0002 Preprocess StepDisplayName")
    c.ok(all("EndTime" in x for x in s.values()), "0002 every step has EndTime")

    s = by_name(FRAUD)
    c.eq(set(s), {"Ingest", "TuneXGB"}, "exec-fraud-0042: EvaluateBest not started")
    c.eq(s["Ingest"]["StepStatus"], "Succeeded", "fraud Ingest Succeeded")
    c.eq(s["TuneXGB"]["StepStatus"], "Executing", "fraud TuneXGB Executing")
    c.ok("EndTime" not in s["TuneXGB"], "fraud TuneXGB has no EndTime")
    c.eq(s["TuneXGB"]["Metadata"], {"TuningJob": {"Arn": arn("hyper-parameter-tuning-job", "tunexgb-exec-fraud-0042")}}, "fraud TuneXGB metadata")
    c.eq(s["Ingest"]["Metadata"], {"ProcessingJob": {"Arn": arn("processing-job", "pipelines-exec-fraud-0042-ingest-w2e4r6t8y0")}}, "fraud Ingest metadata")

    s = by_name(QG)
    c.eq(s["DataQualityCheck"]["StepStatus"], "Succeeded", "qg DataQualityCheck Succeeded")
    qc = s["DataQualityCheck"]["Metadata"].get("QualityCheck", {})
    c.eq(qc.get("CheckType"), "DATA_QUALITY", "qg QualityCheck metadata CheckType")
    c.eq(qc.get("BaselineUsedForDriftCheckStatistics"), "s3://lineage-features/quality/baseline/statistics.json", "qg QualityCheck baseline")
    c.eq(qc.get("CheckJobArn"), arn("processing-job", "pipelines-exec-qg-0007-dataqualitycheck-m1n2b3v4c5"), "qg QualityCheck CheckJobArn")
    c.eq(s["CheckViolations"]["Metadata"], {"Condition": {"Outcome": "True"}}, "qg CheckViolations Outcome True")
    c.eq(s["GateFailed"]["StepStatus"], "Failed", "qg GateFailed Failed")
    c.eq(s["GateFailed"]["Metadata"], {"Fail": {"ErrorMessage": QG_MESSAGE}}, "qg GateFailed Fail metadata")
    c.eq(s["GateFailed"].get("FailureReason"), QG_MESSAGE, "qg GateFailed FailureReason")

    s = by_name(CLASH)
    c.eq([x["StepName"] for x in _all_steps(sm, CLASH)[0]], ["e2", "e1", "e0", "n0"], "exec-clash-0001 steps newest first")
    c.eq({x["StepStatus"] for x in s.values()}, {"Succeeded"}, "exec-clash-0001 all Succeeded")
    c.eq(s["e0"]["Metadata"], {"ProcessingJob": {"Arn": arn("processing-job", "pipelines-exec-clash-0001-e0-b4n8m2k6j0")}}, "clash e0 metadata")
    c.eq(s["e1"]["Metadata"], {"TrainingJob": {"Arn": arn("training-job", "pipelines-exec-clash-0001-e1-t3y7u1i5o9")}}, "clash e1 metadata")
    c.eq(s["e2"]["Metadata"], {"ProcessingJob": {"Arn": arn("processing-job", "pipelines-exec-clash-0001-e2-g2h4j6k8l0")}}, "clash e2 metadata")
    c.eq(s["n0"]["Metadata"], {"ProcessingJob": {"Arn": arn("processing-job", "pipelines-exec-clash-0001-n0-z9x7c5v3b1")}}, "clash n0 metadata")

    s = by_name(GATE)
    c.eq([x["StepName"] for x in _all_steps(sm, GATE)[0]], ["RegisterGatedModel", "ModelQualityCheck", "ScoreExport", "ExportFeatures"], "exec-gate-0001 steps newest first")
    c.eq({x["StepStatus"] for x in s.values()}, {"Succeeded"}, "exec-gate-0001 all Succeeded")
    c.eq(
        s["ExportFeatures"]["Metadata"],
        {
            "Lambda": {
                "Arn": GATE_LAMBDA,
                "OutputParameters": [{"Name": "export_uri", "Value": GATE_EXPORT_URI}, {"Name": "row_count", "Value": "120000"}],
            }
        },
        "gate ExportFeatures Lambda metadata (Arn, OutputParameters)",
    )
    c.eq(
        s["ModelQualityCheck"]["Metadata"],
        {
            "QualityCheck": {
                "CheckType": "MODEL_QUALITY",
                "BaselineUsedForDriftCheckStatistics": GATE_STATISTICS,
                "BaselineUsedForDriftCheckConstraints": GATE_CONSTRAINTS,
                "CalculatedBaselineStatistics": GATE_STATISTICS,
                "CalculatedBaselineConstraints": GATE_CONSTRAINTS,
                "ModelPackageGroupName": "gated-models",
                "ViolationReport": "s3://lineage-monitoring/model-gate/exec-gate-0001/constraint_violations.json",
                "CheckJobArn": arn("processing-job", "pipelines-exec-gate-0001-modelqualitycheck-q2w4e6r8t0"),
                "SkipCheck": False,
                "RegisterNewBaseline": True,
            }
        },
        "gate ModelQualityCheck QualityCheck metadata",
    )
    c.eq(s["ScoreExport"]["Metadata"], {"ProcessingJob": {"Arn": arn("processing-job", "pipelines-exec-gate-0001-scoreexport-s7d5f3g1h9")}}, "gate ScoreExport metadata")
    c.eq(s["RegisterGatedModel"]["Metadata"], {"RegisterModel": {"Arn": arn("model-package", "gated-models/1")}}, "gate RegisterGatedModel metadata")


def check_jobs(c: Checks, sm: Any) -> None:
    c.section("jobs, model, model package")
    job = sm.describe_processing_job(ProcessingJobName="pipelines-exec-churn-0001-preprocess-9x2k4m7q1w")
    c.eq(job["ProcessingJobStatus"], "Completed", "0001 Preprocess job Completed")
    c.eq([(i["InputName"], i["S3Input"]["S3Uri"]) for i in job["ProcessingInputs"]], [("raw", "s3://lineage-raw-data/churn/raw/")], "Preprocess job input = resolved parameter")
    c.eq(
        [(o["OutputName"], o["S3Output"]["S3Uri"]) for o in job["ProcessingOutputConfig"]["Outputs"]],
        [("train", "s3://lineage-features/churn/train"), ("validation", "s3://lineage-features/churn/validation"), ("test", "s3://lineage-features/churn/test")],
        "Preprocess job outputs",
    )
    c.eq(job["ProcessingStartTime"], utc("2026-11-20T08:02:40Z"), "Preprocess job start")
    c.eq(job["ProcessingEndTime"], utc("2026-11-20T08:09:25Z"), "Preprocess job end")

    model_artifact = "s3://lineage-models/churn/model/pipelines-exec-churn-0002-train-k7m2q9x4lp/output/model.tar.gz"
    job = sm.describe_processing_job(ProcessingJobName="pipelines-exec-churn-0002-evaluate-r3v8n1c6ty")
    c.eq(
        [(i["InputName"], i["S3Input"]["S3Uri"]) for i in job["ProcessingInputs"]],
        [("model", model_artifact), ("test", "s3://lineage-features/churn/test")],
        "Evaluate job inputs (actual URIs)",
    )
    c.eq(job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], "s3://lineage-models/churn/evaluation", "Evaluate job output")

    job = sm.describe_training_job(TrainingJobName="pipelines-exec-churn-0001-train-f4i1ed0b7x")
    c.eq(job["TrainingJobStatus"], "Failed", "0001 training job Failed")
    c.eq(job.get("FailureReason"), TRAIN_FAILURE, "0001 training job FailureReason")
    c.eq(job["SecondaryStatus"], "Failed", "0001 training job SecondaryStatus")

    job = sm.describe_training_job(TrainingJobName="pipelines-exec-churn-0002-train-k7m2q9x4lp")
    c.eq(job["TrainingJobStatus"], "Completed", "0002 training job Completed")
    c.ok("FailureReason" not in job, "0002 training job has no FailureReason")
    c.eq(job["ModelArtifacts"]["S3ModelArtifacts"], model_artifact, "0002 ModelArtifacts")
    c.eq([(m["MetricName"], m["Value"]) for m in job["FinalMetricDataList"]], [("train:loss", 0.214), ("validation:auc", 0.912)], "0002 FinalMetricDataList")
    c.eq(
        {ch["ChannelName"]: ch["DataSource"]["S3DataSource"]["S3Uri"] for ch in job["InputDataConfig"]},
        {"train": "s3://lineage-features/churn/train", "validation": "s3://lineage-features/churn/validation"},
        "0002 training channels (actual URIs)",
    )
    c.eq(job["OutputDataConfig"]["S3OutputPath"], "s3://lineage-models/churn/model", "0002 training output path")
    c.eq(job["TrainingStartTime"], utc("2026-11-25T08:02:30Z"), "0002 training start")
    c.eq(job["TrainingEndTime"], utc("2026-11-25T08:14:31Z"), "0002 training end")

    job = sm.describe_transform_job(TransformJobName="pipelines-exec-churn-0002-batchscore-p0o9i8u7yt")
    c.eq(job["TransformJobStatus"], "Completed", "transform job Completed")
    c.eq(job["ModelName"], "pipelines-exec-churn-0002-createchurnmodel-h5j2w8", "transform job model")
    c.eq(job["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"], "s3://lineage-features/churn/test", "transform input")
    c.eq(job["TransformOutput"]["S3OutputPath"], "s3://lineage-scratch/churn/scores", "transform output")
    c.ok("FailureReason" not in job, "transform job has no FailureReason")

    job = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tunexgb-exec-fraud-0042")
    c.eq(job["HyperParameterTuningJobStatus"], "InProgress", "tuning job InProgress")
    c.ok("HyperParameterTuningEndTime" not in job, "tuning job has no end time")
    c.eq(job["BestTrainingJob"]["TrainingJobName"], "tunexgb-exec-fraud-0042-006-3f9a1c2e", "tuning BestTrainingJob so far")
    c.eq(job["BestTrainingJob"]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"], 0.947, "tuning best objective")
    c.eq(job["TrainingJobStatusCounters"]["InProgress"], 4, "tuning InProgress counter")
    c.eq(job["TrainingJobDefinition"]["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"], "s3://lineage-features/fraud/features", "tuning channel (actual URI)")
    c.eq(job["TrainingJobDefinition"]["OutputDataConfig"]["S3OutputPath"], "s3://lineage-models/fraud/tuning", "tuning output path")
    c.ok("OverallBestTrainingJob" not in job and "FailureReason" not in job, "tuning job: no fake OverallBestTrainingJob / FailureReason")

    job = sm.describe_processing_job(ProcessingJobName="pipelines-exec-fraud-0042-ingest-w2e4r6t8y0")
    c.eq(job["ProcessingInputs"][0]["S3Input"]["S3Uri"], "s3://lineage-restricted/fraud/raw/", "Ingest job input")
    job = sm.describe_processing_job(ProcessingJobName="pipelines-exec-qg-0007-dataqualitycheck-m1n2b3v4c5")
    c.eq(job["ProcessingJobStatus"], "Completed", "quality check job Completed")
    for i in range(1, 13):
        job = sm.describe_processing_job(ProcessingJobName=f"pipelines-exec-wide-0001-shard-{i:02d}-q{i:02d}w{i:02d}e{i:02d}")
        c.eq(job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], f"s3://lineage-features/wide/shard-{i:02d}", f"wide shard {i:02d} job output")
    c.raises(lambda: sm.describe_processing_job(ProcessingJobName="no-such-job"), "ValidationException", 400, "unknown processing job -> ValidationException (as real AWS)")

    clash_model = "s3://lineage-models/id-clash/model/pipelines-exec-clash-0001-e1-t3y7u1i5o9/output/model.tar.gz"
    for name, inputs, output in (
        ("pipelines-exec-clash-0001-n0-z9x7c5v3b1", ["s3://lineage-raw-data/id-clash/lookup/"], "s3://lineage-features/id-clash/lookup"),
        ("pipelines-exec-clash-0001-e0-b4n8m2k6j0", ["s3://lineage-raw-data/id-clash/input/"], "s3://lineage-features/id-clash/train"),
        ("pipelines-exec-clash-0001-e2-g2h4j6k8l0", [clash_model], "s3://lineage-models/id-clash/report"),
        ("pipelines-exec-gate-0001-scoreexport-s7d5f3g1h9", [GATE_EXPORT_URI, "s3://lineage-models/model-gate/model/model.tar.gz"], "s3://lineage-features/model-gate/scores"),
        ("pipelines-exec-gate-0001-modelqualitycheck-q2w4e6r8t0", ["s3://lineage-features/model-gate/scores"], "s3://lineage-models/model-gate/quality-check"),
    ):
        job = sm.describe_processing_job(ProcessingJobName=name)
        c.eq(job["ProcessingJobStatus"], "Completed", f"{name} Completed")
        c.eq([i["S3Input"]["S3Uri"] for i in job["ProcessingInputs"]], inputs, f"{name} inputs (resolved)")
        c.eq(job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"], output, f"{name} output")
    job = sm.describe_training_job(TrainingJobName="pipelines-exec-clash-0001-e1-t3y7u1i5o9")
    c.eq(job["TrainingJobStatus"], "Completed", "clash e1 training job Completed")
    c.eq(job["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"], "s3://lineage-features/id-clash/train", "clash e1 channel (resolved)")
    c.eq(job["ModelArtifacts"]["S3ModelArtifacts"], clash_model, "clash e1 ModelArtifacts")

    mp = sm.describe_model_package(ModelPackageName=arn("model-package", "gated-models/1"))
    c.eq(mp["ModelApprovalStatus"], "Approved", "gated-models/1 Approved")
    c.eq((mp["ModelPackageGroupName"], mp["ModelPackageVersion"]), ("gated-models", 1), "gated-models/1 group and version")
    c.eq(mp["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"], GATE_STATISTICS, "gated-models/1 ModelQuality statistics (resolved)")
    c.eq(mp["DriftCheckBaselines"]["ModelQuality"]["Constraints"]["S3Uri"], GATE_CONSTRAINTS, "gated-models/1 drift-check constraints (resolved)")
    c.eq(mp.get("MetadataProperties", {}).get("GeneratedBy"), GATE, "gated-models/1 GeneratedBy exec-gate-0001")

    mp = sm.describe_model_package(ModelPackageName=arn("model-package", "churn-models/1"))
    c.eq(mp["ModelPackageArn"], arn("model-package", "churn-models/1"), "model package ARN")
    c.eq(mp["ModelApprovalStatus"], "PendingManualApproval", "model package approval status")
    c.eq(mp["ModelPackageGroupName"], "churn-models", "model package group")
    c.eq(mp["ModelPackageVersion"], 1, "model package version")
    c.eq(mp["InferenceSpecification"]["Containers"][0]["ModelDataUrl"], model_artifact, "model package model data")
    c.eq(mp["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"], "s3://lineage-models/churn/evaluation/evaluation.json", "model package ModelQuality")


# ---------------------------------------------------------------------------
# churn-weekly: three executions worth comparing
# ---------------------------------------------------------------------------

WEEKLY = "churn-weekly"
WEEKLY_1 = exec_arn(WEEKLY, "exec-weekly-0001")
WEEKLY_2 = exec_arn(WEEKLY, "exec-weekly-0002")
WEEKLY_3 = exec_arn(WEEKLY, "exec-weekly-0003")
WEEKLY_JOBS = {
    ("exec-weekly-0001", "Preprocess"): "pipelines-exec-weekly-0001-preprocess-q7m2x9k4w1",
    ("exec-weekly-0001", "Train"): "pipelines-exec-weekly-0001-train-h3n8v5c2z6",
    ("exec-weekly-0001", "Evaluate"): "pipelines-exec-weekly-0001-evaluate-p4w1r7t9e3",
    ("exec-weekly-0002", "Preprocess"): "pipelines-exec-weekly-0002-preprocess-d6f2j8l4s0",
    ("exec-weekly-0002", "Train"): "pipelines-exec-weekly-0002-train-u5y9i3o7b1",
    ("exec-weekly-0002", "Evaluate"): "pipelines-exec-weekly-0002-evaluate-g8k4m2n6q0",
    ("exec-weekly-0003", "Validate"): "pipelines-exec-weekly-0003-validate-r2t6y0u4i8",
    ("exec-weekly-0003", "Train"): "pipelines-exec-weekly-0003-train-c1v5b9n3m7",
    ("exec-weekly-0003", "Evaluate"): "pipelines-exec-weekly-0003-evaluate-e7w3q9z5x1",
}
WEEKLY_PACKAGE_1 = arn("model-package", "churn-weekly-models/1")
WEEKLY_PACKAGE_2 = arn("model-package", "churn-weekly-models/2")
WEEKLY_AUC_TOO_LOW = "AUC below 0.8"


def _weekly_report(execution_id: str) -> str:
    return f"s3://lineage-models/churn-weekly/evaluation/{execution_id}/evaluation.json"


def _weekly_artifact(train_job: str) -> str:
    return f"s3://lineage-models/churn-weekly/model/{train_job}/output/model.tar.gz"


def _pout(step: str, output: str) -> dict[str, str]:
    return {"Get": f"Steps.{step}.ProcessingOutputConfig.Outputs['{output}'].S3Output.S3Uri"}


def check_churn_weekly(c: Checks, sm: Any, s3: Any, definitions: dict[str, dict[str, Any]]) -> None:
    c.section("churn-weekly: pipeline and its two definitions")
    d = sm.describe_pipeline(PipelineName=WEEKLY)
    c.eq(d["PipelineArn"], arn("pipeline", WEEKLY), "churn-weekly ARN")
    c.eq(d["CreationTime"], utc("2026-11-02T10:00:00Z"), "churn-weekly CreationTime")
    c.eq(d["LastModifiedTime"], utc("2026-11-20T10:00:00Z"), "churn-weekly LastModifiedTime (v2 deployed)")
    c.eq(d["LastRunTime"], utc("2026-11-23T06:00:00Z"), "churn-weekly LastRunTime = exec-weekly-0003's start")
    tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn("pipeline", WEEKLY))["Tags"]}
    c.eq(tags, {"team": "ml-platform"}, "churn-weekly tags (no domain tags)")
    current = json.loads(d["PipelineDefinition"])
    c.eq(current, definitions[WEEKLY], "DescribePipeline answers the same definition each time")
    c.eq(
        current["Parameters"],
        [
            {"Name": "InputData", "Type": "String", "DefaultValue": "s3://lineage-raw-data/churn-weekly/raw/"},
            {"Name": "MinAuc", "Type": "Float", "DefaultValue": 0.8},
            {"Name": "TrainInstanceType", "Type": "String", "DefaultValue": "ml.m5.xlarge"},
        ],
        "churn-weekly Parameters",
    )

    ran = {
        e: json.loads(sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=e)["PipelineDefinition"])
        for e in (WEEKLY_1, WEEKLY_2, WEEKLY_3)
    }
    v1, v2 = ran[WEEKLY_1], ran[WEEKLY_3]
    c.eq(ran[WEEKLY_2], v1, "exec-weekly-0001 and -0002 ran the same definition (v1)")
    c.eq(v2, current, "exec-weekly-0003 ran the current definition (v2 = DescribePipeline's)")
    c.ok(v1 != v2, "exec-weekly-0001's definition differs from the pipeline's current one")
    c.eq(
        [(s["Name"], s["Type"]) for s in v1["Steps"]],
        [("Preprocess", "Processing"), ("Train", "Training"), ("Evaluate", "Processing"), ("CheckAuc", "Condition")],
        "v1 steps",
    )
    c.eq(
        [(s["Name"], s["Type"]) for s in v2["Steps"]],
        [("Preprocess", "Processing"), ("Validate", "Processing"), ("Train", "Training"), ("Evaluate", "Processing"), ("CheckAuc", "Condition")],
        "v2 steps: Validate added between Preprocess and Train",
    )
    c.eq(v1["Parameters"], v2["Parameters"], "v1 and v2 have the same parameters")
    s1 = {s["Name"]: s for s in v1["Steps"]}
    s2 = {s["Name"]: s for s in v2["Steps"]}

    def channel(step: dict[str, Any]) -> Any:
        return {ch["ChannelName"]: ch["DataSource"]["S3DataSource"]["S3Uri"] for ch in step["Arguments"]["InputDataConfig"]}

    c.eq(channel(s1["Train"]), {"train": _pout("Preprocess", "train")}, "v1 Train channel train <- Preprocess train")
    c.eq(channel(s2["Train"]), {"train": _pout("Validate", "validated")}, "v2 Train channel train <- Validate validated")
    val = s2["Validate"]["Arguments"]
    c.eq([(i["InputName"], i["S3Input"]["S3Uri"]) for i in val["ProcessingInputs"]], [("train", _pout("Preprocess", "train"))], "v2 Validate input <- Preprocess train")
    c.eq(
        [(o["OutputName"], o["S3Output"]["S3Uri"]) for o in val["ProcessingOutputConfig"]["Outputs"]],
        [("validated", "s3://lineage-features/churn-weekly/validated")],
        "v2 Validate output validated",
    )
    # v2 is v1 + Validate, with Train reading Validate's output: nothing else differs.
    undone = json.loads(json.dumps(v2))
    undone["Steps"] = [s for s in undone["Steps"] if s["Name"] != "Validate"]
    for s in undone["Steps"]:
        if s["Name"] == "Train":
            s["Arguments"]["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] = _pout("Preprocess", "train")
    c.eq(undone, v1, "v2 minus Validate, Train reading Preprocess again = v1 exactly")

    for version, steps in (("v1", s1), ("v2", s2)):
        pre = steps["Preprocess"]
        c.eq(pre.get("CacheConfig"), {"Enabled": True, "ExpireAfter": "P30D"}, f"{version} Preprocess CacheConfig")
        c.eq(pre["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3Uri"], {"Get": "Parameters.InputData"}, f"{version} Preprocess input <- Parameters.InputData")
        c.eq(
            {o["OutputName"]: o["S3Output"]["S3Uri"] for o in pre["Arguments"]["ProcessingOutputConfig"]["Outputs"]},
            {"train": "s3://lineage-features/churn-weekly/train", "test": "s3://lineage-features/churn-weekly/test"},
            f"{version} Preprocess outputs",
        )
        train = steps["Train"]["Arguments"]
        c.eq(train["ResourceConfig"]["InstanceType"], {"Get": "Parameters.TrainInstanceType"}, f"{version} Train InstanceType <- Parameters.TrainInstanceType")
        c.eq(train["OutputDataConfig"]["S3OutputPath"], "s3://lineage-models/churn-weekly/model", f"{version} Train output path")
        ev = steps["Evaluate"]
        c.eq(
            {i["InputName"]: i["S3Input"]["S3Uri"] for i in ev["Arguments"]["ProcessingInputs"]},
            {"model": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}, "test": _pout("Preprocess", "test")},
            f"{version} Evaluate inputs",
        )
        c.eq(
            ev["Arguments"]["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"],
            {"Std:Join": {"On": "", "Values": ["s3://lineage-models/churn-weekly/evaluation/", {"Get": "Execution.PipelineExecutionId"}]}},
            f"{version} Evaluate output: Std:Join of the prefix and the execution id",
        )
        c.eq(ev["PropertyFiles"], [{"PropertyFileName": "EvaluationReport", "OutputName": "evaluation", "FilePath": "evaluation.json"}], f"{version} Evaluate PropertyFiles")
        cond = steps["CheckAuc"]["Arguments"]
        c.eq(
            cond["Conditions"],
            [
                {
                    "Type": "GreaterThanOrEqualTo",
                    "LeftValue": {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"}, "Path": "binary_classification_metrics.auc.value"}},
                    "RightValue": {"Get": "Parameters.MinAuc"},
                }
            ],
            f"{version} CheckAuc: AUC >= MinAuc",
        )
        c.eq([(s["Name"], s["Type"]) for s in cond["IfSteps"]], [("RegisterModel", "RegisterModel")], f"{version} CheckAuc IfSteps")
        c.eq([(s["Name"], s["Type"]) for s in cond["ElseSteps"]], [("AucTooLow", "Fail")], f"{version} CheckAuc ElseSteps")
        reg = cond["IfSteps"][0]["Arguments"]
        c.eq(reg["ModelPackageGroupName"], "churn-weekly-models", f"{version} RegisterModel group")
        c.eq(reg["InferenceSpecification"]["Containers"][0]["ModelDataUrl"], {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}, f"{version} RegisterModel model data <- Train")
        c.eq(
            reg["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"],
            {"Std:Join": {"On": "/", "Values": [_pout("Evaluate", "evaluation"), "evaluation.json"]}},
            f"{version} RegisterModel statistics = the execution's evaluation.json",
        )
        c.eq(
            cond["ElseSteps"][0]["Arguments"]["ErrorMessage"],
            {"Std:Join": {"On": " ", "Values": ["AUC below", {"Get": "Parameters.MinAuc"}]}},
            f"{version} AucTooLow ErrorMessage",
        )

    c.section("churn-weekly: executions, parameters")
    summaries = sm.list_pipeline_executions(PipelineName=WEEKLY)["PipelineExecutionSummaries"]
    c.eq([e["PipelineExecutionArn"] for e in summaries], [WEEKLY_3, WEEKLY_2, WEEKLY_1], "churn-weekly executions newest first")
    asc = sm.list_pipeline_executions(PipelineName=WEEKLY, SortOrder="Ascending")["PipelineExecutionSummaries"]
    c.eq([e["PipelineExecutionArn"] for e in asc], [WEEKLY_1, WEEKLY_2, WEEKLY_3], "churn-weekly executions, SortOrder=Ascending")
    c.eq(
        [(e["PipelineExecutionStatus"], e.get("PipelineExecutionFailureReason"), e["StartTime"]) for e in summaries],
        [
            ("Succeeded", None, utc("2026-11-23T06:00:00Z")),
            ("Failed", STEP_FAILURE, utc("2026-11-16T06:00:00Z")),
            ("Succeeded", None, utc("2026-11-09T06:00:00Z")),
        ],
        "churn-weekly summaries: status, failure reason (only 0002), start",
    )
    # What the app compares by default: target = latest, base = the most recent
    # Succeeded execution before it.
    target = summaries[0]
    base = next(e for e in summaries[1:] if e["PipelineExecutionStatus"] == "Succeeded")
    c.eq((target["PipelineExecutionArn"], base["PipelineExecutionArn"]), (WEEKLY_3, WEEKLY_1), "default comparison: target exec-weekly-0003, base exec-weekly-0001")
    page = sm.list_pipeline_executions(PipelineName=WEEKLY, MaxResults=1)
    c.eq([e["PipelineExecutionArn"] for e in page["PipelineExecutionSummaries"]], [WEEKLY_3], "MaxResults=1 -> exec-weekly-0003 (the latest)")

    expected = {
        WEEKLY_1: ("Succeeded", None, "2026-11-09T06:00:00Z", "2026-11-09T06:31:30Z"),
        WEEKLY_2: ("Failed", STEP_FAILURE, "2026-11-16T06:00:00Z", "2026-11-16T06:30:55Z"),
        WEEKLY_3: ("Succeeded", None, "2026-11-23T06:00:00Z", "2026-11-23T06:25:20Z"),
    }
    for execution, (status_, reason, start, end) in expected.items():
        short = execution.rsplit("/", 1)[-1]
        d = sm.describe_pipeline_execution(PipelineExecutionArn=execution)
        c.eq(
            (d["PipelineArn"], d["PipelineExecutionStatus"], d.get("FailureReason"), d["CreationTime"], d["LastModifiedTime"]),
            (arn("pipeline", WEEKLY), status_, reason, utc(start), utc(end)),
            f"{short}: status {status_}, FailureReason, CreationTime, LastModifiedTime",
        )
        c.eq(d["PipelineExperimentConfig"], {"ExperimentName": WEEKLY, "TrialName": short}, f"{short} PipelineExperimentConfig")
        c.eq(
            sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=execution)["CreationTime"],
            utc(start),
            f"{short} DescribePipelineDefinitionForExecution CreationTime = the execution's",
        )

    params = {e: sm.list_pipeline_parameters_for_execution(PipelineExecutionArn=e)["PipelineParameters"] for e in (WEEKLY_1, WEEKLY_2, WEEKLY_3)}
    c.eq(
        params[WEEKLY_1],
        [
            {"Name": "InputData", "Value": "s3://lineage-raw-data/churn-weekly/raw/2026-11-09/"},
            {"Name": "MinAuc", "Value": "0.8"},
            {"Name": "TrainInstanceType", "Value": "ml.m5.xlarge"},
        ],
        "exec-weekly-0001 parameters (all three set)",
    )
    c.eq(
        params[WEEKLY_2],
        [
            {"Name": "InputData", "Value": "s3://lineage-raw-data/churn-weekly/raw/2026-11-16/"},
            {"Name": "TrainInstanceType", "Value": "ml.m5.xlarge"},
        ],
        "exec-weekly-0002 parameters: only what it set (MinAuc left at its default, not listed)",
    )
    c.eq(
        params[WEEKLY_3],
        [
            {"Name": "InputData", "Value": "s3://lineage-raw-data/churn-weekly/raw/2026-11-16/"},
            {"Name": "MinAuc", "Value": "0.82"},
            {"Name": "TrainInstanceType", "Value": "ml.m5.2xlarge"},
        ],
        "exec-weekly-0003 parameters (MinAuc and TrainInstanceType changed)",
    )

    c.section("churn-weekly: steps, cache hit, conditions")

    def job_meta(execution_id: str, step: str) -> dict[str, Any]:
        name = WEEKLY_JOBS[(execution_id, step)]
        kind = "TrainingJob" if step == "Train" else "ProcessingJob"
        return {kind: {"Arn": arn("training-job" if step == "Train" else "processing-job", name)}}

    expected_steps = {
        WEEKLY_1: [
            ("RegisterModel", "Succeeded", {"RegisterModel": {"Arn": WEEKLY_PACKAGE_1}}),
            ("CheckAuc", "Succeeded", {"Condition": {"Outcome": "True"}}),
            ("Evaluate", "Succeeded", job_meta("exec-weekly-0001", "Evaluate")),
            ("Train", "Succeeded", job_meta("exec-weekly-0001", "Train")),
            ("Preprocess", "Succeeded", job_meta("exec-weekly-0001", "Preprocess")),
        ],
        WEEKLY_2: [
            ("AucTooLow", "Failed", {"Fail": {"ErrorMessage": WEEKLY_AUC_TOO_LOW}}),
            ("CheckAuc", "Succeeded", {"Condition": {"Outcome": "False"}}),
            ("Evaluate", "Succeeded", job_meta("exec-weekly-0002", "Evaluate")),
            ("Train", "Succeeded", job_meta("exec-weekly-0002", "Train")),
            ("Preprocess", "Succeeded", job_meta("exec-weekly-0002", "Preprocess")),
        ],
        WEEKLY_3: [
            ("RegisterModel", "Succeeded", {"RegisterModel": {"Arn": WEEKLY_PACKAGE_2}}),
            ("CheckAuc", "Succeeded", {"Condition": {"Outcome": "True"}}),
            ("Evaluate", "Succeeded", job_meta("exec-weekly-0003", "Evaluate")),
            ("Train", "Succeeded", job_meta("exec-weekly-0003", "Train")),
            ("Validate", "Succeeded", job_meta("exec-weekly-0003", "Validate")),
            ("Preprocess", "Succeeded", job_meta("exec-weekly-0002", "Preprocess")),
        ],
    }
    listed: dict[str, dict[str, dict[str, Any]]] = {}
    for execution, want in expected_steps.items():
        short = execution.rsplit("/", 1)[-1]
        steps, sizes = _all_steps(sm, execution)
        listed[execution] = {s["StepName"]: s for s in steps}
        c.eq([(s["StepName"], s["StepStatus"], s["Metadata"]) for s in steps], want, f"{short}: steps newest first with status and metadata")
        c.eq(sizes, [4, len(want) - 4], f"{short}: {len(want)} steps in pages of 4 + {len(want) - 4}")
        c.ok(all(s.get("AttemptCount") == 1 and "EndTime" in s for s in steps), f"{short}: AttemptCount 1, every step ended")
        d = sm.describe_pipeline_execution(PipelineExecutionArn=execution)
        c.ok(
            all(d["CreationTime"] < s["StartTime"] <= s["EndTime"] <= d["LastModifiedTime"] for s in steps),
            f"{short}: every step runs within the execution's times",
        )
        for s in steps:
            for kind in ("ProcessingJob", "TrainingJob"):
                if kind in s["Metadata"]:
                    name = s["Metadata"][kind]["Arn"].rsplit("/", 1)[-1]
                    source = "exec-weekly-0002" if s.get("CacheHitResult") else short
                    prefix = f"pipelines-{source}-{s['StepName'].lower()}-"
                    rest = name[len(prefix):]
                    c.ok(
                        name == name.lower() and name.startswith(prefix) and len(rest) == 10 and rest.isalnum(),
                        f"{short} {s['StepName']} job name {name}: pipelines-<execution>-<step>-<10 alnum>, lower case",
                    )
    w1, w2, w3 = listed[WEEKLY_1], listed[WEEKLY_2], listed[WEEKLY_3]
    c.ok("AucTooLow" not in w1 and "AucTooLow" not in w3, "0001 and 0003: AucTooLow not listed (branch not taken)")
    c.ok("RegisterModel" not in w2, "0002: RegisterModel not listed (branch not taken)")
    c.ok("Validate" not in w1 and "Validate" not in w2, "0001 and 0002 (v1) have no Validate step")
    c.eq(w2["AucTooLow"].get("FailureReason"), WEEKLY_AUC_TOO_LOW, "0002 AucTooLow FailureReason 'AUC below 0.8'")
    c.ok(all("FailureReason" not in s for n, s in w2.items() if n != "AucTooLow"), "0002: only AucTooLow has a FailureReason")
    c.eq(w3["Preprocess"].get("CacheHitResult"), {"SourcePipelineExecutionArn": WEEKLY_2}, "0003 Preprocess cache hit from exec-weekly-0002")
    c.ok(
        all("CacheHitResult" not in s for e in (w1, w2) for s in e.values()) and all("CacheHitResult" not in s for n, s in w3.items() if n != "Preprocess"),
        "no other churn-weekly step is a cache hit",
    )
    c.eq(
        (w3["Preprocess"]["StartTime"], w3["Preprocess"]["EndTime"]),
        (utc("2026-11-23T06:00:04Z"), utc("2026-11-23T06:00:07Z")),
        "0003 cached Preprocess takes 3 s",
    )

    c.section("churn-weekly: jobs, reports, model packages")

    def io(job: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        return (
            [(i["InputName"], i["S3Input"]["S3Uri"]) for i in job.get("ProcessingInputs", [])],
            [(o["OutputName"], o["S3Output"]["S3Uri"]) for o in job["ProcessingOutputConfig"]["Outputs"]],
        )

    split = [("train", "s3://lineage-features/churn-weekly/train"), ("test", "s3://lineage-features/churn-weekly/test")]
    for execution_id, day in (("exec-weekly-0001", "2026-11-09"), ("exec-weekly-0002", "2026-11-16")):
        job = sm.describe_processing_job(ProcessingJobName=WEEKLY_JOBS[(execution_id, "Preprocess")])
        c.eq(job["ProcessingJobStatus"], "Completed", f"{execution_id} Preprocess job Completed")
        c.eq(io(job), ([("raw", f"s3://lineage-raw-data/churn-weekly/raw/{day}/")], split), f"{execution_id} Preprocess job: raw = its InputData, outputs train/test")
    job = sm.describe_processing_job(ProcessingJobName=WEEKLY_JOBS[("exec-weekly-0003", "Validate")])
    c.eq(
        (job["ProcessingJobStatus"], io(job)),
        ("Completed", ([("train", "s3://lineage-features/churn-weekly/train")], [("validated", "s3://lineage-features/churn-weekly/validated")])),
        "exec-weekly-0003 Validate job: train -> validated",
    )
    trains = {
        "exec-weekly-0001": ("s3://lineage-features/churn-weekly/train", "ml.m5.xlarge", 0.291, 0.868, "2026-11-09T06:12:00Z", "2026-11-09T06:23:31Z"),
        "exec-weekly-0002": ("s3://lineage-features/churn-weekly/train", "ml.m5.xlarge", 0.347, 0.751, "2026-11-16T06:11:40Z", "2026-11-16T06:22:51Z"),
        "exec-weekly-0003": ("s3://lineage-features/churn-weekly/validated", "ml.m5.2xlarge", 0.273, 0.879, "2026-11-23T06:08:20Z", "2026-11-23T06:17:16Z"),
    }
    for execution_id, (channel_uri, instance, logloss, auc, started, ended) in trains.items():
        name = WEEKLY_JOBS[(execution_id, "Train")]
        job = sm.describe_training_job(TrainingJobName=name)
        c.eq((job["TrainingJobStatus"], job["SecondaryStatus"]), ("Completed", "Completed"), f"{execution_id} training job Completed")
        c.eq(
            (job["TrainingStartTime"], job["TrainingEndTime"], job["TrainingTimeInSeconds"]),
            (utc(started), utc(ended), int((utc(ended) - utc(started)).total_seconds())),
            f"{execution_id} training job start, end, TrainingTimeInSeconds",
        )
        c.eq({ch["ChannelName"]: ch["DataSource"]["S3DataSource"]["S3Uri"] for ch in job["InputDataConfig"]}, {"train": channel_uri}, f"{execution_id} training channel (resolved)")
        c.eq(job["ResourceConfig"]["InstanceType"], instance, f"{execution_id} training InstanceType = its TrainInstanceType")
        c.eq(job["ModelArtifacts"]["S3ModelArtifacts"], _weekly_artifact(name), f"{execution_id} ModelArtifacts")
        c.eq([(m["MetricName"], m["Value"]) for m in job["FinalMetricDataList"]], [("train:logloss", logloss), ("validation:auc", auc)], f"{execution_id} FinalMetricDataList")
        c.eq([m["Name"] for m in job["AlgorithmSpecification"]["MetricDefinitions"]], ["train:logloss", "validation:auc"], f"{execution_id} MetricDefinitions name its metrics")
        ev = sm.describe_processing_job(ProcessingJobName=WEEKLY_JOBS[(execution_id, "Evaluate")])
        output = f"s3://lineage-models/churn-weekly/evaluation/{execution_id}"
        c.eq(
            (ev["ProcessingJobStatus"], io(ev)),
            ("Completed", ([("model", _weekly_artifact(name)), ("test", "s3://lineage-features/churn-weekly/test")], [("evaluation", output)])),
            f"{execution_id} Evaluate job: model = its Train's artifacts, output at its own key",
        )

    reports = {
        "exec-weekly-0001": {"binary_classification_metrics": {"auc": {"value": 0.861}, "accuracy": {"value": 0.903}}},
        "exec-weekly-0002": {"binary_classification_metrics": {"auc": {"value": 0.742}, "accuracy": {"value": 0.861}}},
        "exec-weekly-0003": {"binary_classification_metrics": {"auc": {"value": 0.874}, "accuracy": {"value": 0.911}}},
    }
    for execution, execution_params in params.items():
        execution_id = execution.rsplit("/", 1)[-1]
        obj = s3.get_object(Bucket="lineage-models", Key=f"churn-weekly/evaluation/{execution_id}/evaluation.json")
        report = json.loads(obj["Body"].read())
        c.eq(report, reports[execution_id], f"{execution_id} evaluation.json content")
        c.eq(obj["ContentType"], "application/json", f"{execution_id} evaluation.json Content-Type")
        # The condition's outcome follows from the report and the MinAuc the execution ran with.
        default = next(p["DefaultValue"] for p in ran[execution]["Parameters"] if p["Name"] == "MinAuc")
        min_auc = float(next((p["Value"] for p in execution_params if p["Name"] == "MinAuc"), default))
        outcome = "True" if report["binary_classification_metrics"]["auc"]["value"] >= min_auc else "False"
        c.eq(listed[execution]["CheckAuc"]["Metadata"], {"Condition": {"Outcome": outcome}}, f"{execution_id} CheckAuc Outcome {outcome} (AUC vs MinAuc {min_auc})")

    packages = sm.list_model_packages(ModelPackageGroupName="churn-weekly-models", SortBy="CreationTime", SortOrder="Ascending")["ModelPackageSummaryList"]
    c.eq([p["ModelPackageArn"] for p in packages], [WEEKLY_PACKAGE_1, WEEKLY_PACKAGE_2], "churn-weekly-models holds versions 1 and 2")
    for package, version, status_, execution_id, created in (
        (WEEKLY_PACKAGE_1, 1, "Approved", "exec-weekly-0001", "2026-11-09T06:31:22Z"),
        (WEEKLY_PACKAGE_2, 2, "PendingManualApproval", "exec-weekly-0003", "2026-11-23T06:25:12Z"),
    ):
        mp = sm.describe_model_package(ModelPackageName=package)
        c.eq(
            (mp["ModelPackageGroupName"], mp["ModelPackageVersion"], mp["ModelApprovalStatus"], mp["CreationTime"]),
            ("churn-weekly-models", version, status_, utc(created)),
            f"churn-weekly-models/{version}: version, {status_}, created",
        )
        c.eq(mp["InferenceSpecification"]["Containers"][0]["ModelDataUrl"], _weekly_artifact(WEEKLY_JOBS[(execution_id, "Train")]), f"churn-weekly-models/{version} ModelDataUrl = {execution_id}'s model")
        c.eq(mp["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"], _weekly_report(execution_id), f"churn-weekly-models/{version} statistics = {execution_id}'s evaluation.json")
        c.eq(mp.get("MetadataProperties", {}).get("GeneratedBy"), exec_arn(WEEKLY, execution_id), f"churn-weekly-models/{version} GeneratedBy {execution_id}")


# ---------------------------------------------------------------------------
# deployments: endpoints -> endpoint configs -> variants -> models -> packages
# ---------------------------------------------------------------------------

XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
SKLEARN_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::123456789012:role/SageMakerPipelineExecutionRole"
CHURN_PACKAGE = arn("model-package", "churn-models/1")
CHURN_ARTIFACT_2 = "s3://lineage-models/churn/model/pipelines-exec-churn-0002-train-k7m2q9x4lp/output/model.tar.gz"
PING_FAILURE = (
    "The primary container for production variant AllTraffic did not pass the ping "
    "health check. Please check CloudWatch logs for this endpoint."
)
# endpoint -> (config, status, created, last modified, images resolved at)
DEPLOYED_ENDPOINTS = {
    "churn-batch-debug": ("churn-batch-debug-config", "Failed", "2026-11-27T14:05:00Z", "2026-11-27T14:21:30Z", None),
    "churn-prod": ("churn-prod-config-2", "InService", "2026-11-12T14:00:00Z", "2026-11-26T10:18:45Z", "2026-11-26T10:10:04Z"),
    "churn-weekly-canary": ("churn-weekly-canary-config", "InService", "2026-11-10T09:05:00Z", "2026-11-10T09:13:40Z", "2026-11-10T09:05:04Z"),
    "unrelated-endpoint": ("unrelated-endpoint-config", "InService", "2026-10-20T11:05:00Z", "2026-10-20T11:12:30Z", "2026-10-20T11:05:04Z"),
}
# config -> (created, [(variant, model, instance count, instance type, weight)])
DEPLOYED_CONFIGS = {
    "churn-prod-config-2": ("2026-11-26T10:05:00Z", [("AllTraffic", "churn-model-v1", 2, "ml.m5.xlarge", 1.0), ("Shadow", "churn-weekly-v2", 1, "ml.m5.xlarge", 0.0)]),
    "churn-weekly-canary-config": ("2026-11-10T09:02:00Z", [("AllTraffic", "churn-weekly-v1", 1, "ml.t2.medium", 1.0)]),
    "churn-batch-debug-config": ("2026-11-27T14:02:00Z", [("AllTraffic", "churn-raw-artifact", 1, "ml.m5.large", 1.0)]),
    "unrelated-endpoint-config": ("2026-10-20T11:02:00Z", [("AllTraffic", "unrelated-model", 1, "ml.t2.medium", 1.0)]),
}
# model -> (created, PrimaryContainer)
DEPLOYED_MODELS = {
    "churn-model-v1": ("2026-11-26T10:00:00Z", {"ModelPackageName": CHURN_PACKAGE}),
    "churn-weekly-v2": ("2026-11-26T10:01:00Z", {"ModelPackageName": WEEKLY_PACKAGE_2}),
    "churn-weekly-v1": ("2026-11-10T09:00:00Z", {"ModelPackageName": WEEKLY_PACKAGE_1}),
    "churn-raw-artifact": ("2026-11-27T14:00:00Z", {"Image": XGBOOST_IMAGE, "ModelDataUrl": CHURN_ARTIFACT_2}),
    "unrelated-model": ("2026-10-20T11:00:00Z", {"Image": SKLEARN_IMAGE, "ModelDataUrl": "s3://lineage-scratch/other/model.tar.gz"}),
}


def _resolved(image: str) -> str:
    import hashlib

    return image.rsplit(":", 1)[0] + "@sha256:" + hashlib.sha256(image.encode()).hexdigest()


def _list_all_endpoints(sm: Any, **kwargs: Any) -> tuple[list[dict[str, Any]], list[int]]:
    """Every ListEndpoints page, following NextToken -> (items, page sizes)."""
    items: list[dict[str, Any]] = []
    sizes: list[int] = []
    token = None
    while True:
        page = sm.list_endpoints(**kwargs, **({"NextToken": token} if token else {}))
        items += page["Endpoints"]
        sizes.append(len(page["Endpoints"]))
        token = page.get("NextToken")
        if not token or len(sizes) > 1000:
            return items, sizes


def check_deployments(c: Checks, sm: Any, raw: RawRecorder) -> None:
    c.section("deployments: ListEndpoints")
    listed = sm.list_endpoints()
    newest_first = ["churn-batch-debug", "churn-prod", "churn-weekly-canary", "unrelated-endpoint"]
    c.eq([e["EndpointName"] for e in listed["Endpoints"]], newest_first, "ListEndpoints: 4 endpoints, newest CreationTime first (the default)")
    c.ok("NextToken" not in listed, "ListEndpoints: one page by default (MaxResults 10)")
    for e in listed["Endpoints"]:
        name = e["EndpointName"]
        _config, status_, created, modified, _ = DEPLOYED_ENDPOINTS[name]
        c.eq(
            (e["EndpointArn"], e["EndpointStatus"], e["CreationTime"], e["LastModifiedTime"]),
            (arn("endpoint", name), status_, utc(created), utc(modified)),
            f"ListEndpoints {name}: ARN, {status_}, CreationTime, LastModifiedTime",
        )
    times = [(e["CreationTime"], e["LastModifiedTime"]) for e in listed["Endpoints"]]
    c.ok(len({t for pair in times for t in pair}) == 8, "every endpoint has its own CreationTime and LastModifiedTime")
    _status, body, _headers = raw.last["sagemaker:ListEndpoints"]
    c.ok(
        all(isinstance(e[k], float) for e in json.loads(body)["Endpoints"] for k in ("CreationTime", "LastModifiedTime")),
        "ListEndpoints times are epoch seconds as JSON floats",
    )

    page1 = sm.list_endpoints(MaxResults=2)
    c.eq([e["EndpointName"] for e in page1["Endpoints"]], newest_first[:2], "MaxResults=2: first page")
    c.ok(bool(page1.get("NextToken")), "MaxResults=2: first page has a NextToken")
    page2 = sm.list_endpoints(MaxResults=2, NextToken=page1["NextToken"])
    c.eq([e["EndpointName"] for e in page2["Endpoints"]], newest_first[2:], "MaxResults=2: second page")
    c.ok("NextToken" not in page2, "MaxResults=2: second page is the last (no NextToken)")
    pages = [
        [e["EndpointName"] for e in page["Endpoints"]]
        for page in sm.get_paginator("list_endpoints").paginate(PaginationConfig={"PageSize": 2})
    ]
    c.eq(pages, [newest_first[:2], newest_first[2:]], "boto3 paginator with PageSize 2: two pages")
    items, sizes = _list_all_endpoints(sm, MaxResults=3, SortOrder="Ascending")
    c.eq(([e["EndpointName"] for e in items], sizes), (newest_first[::-1], [3, 1]), "SortOrder=Ascending, MaxResults=3: oldest first, pages of 3 + 1")
    c.eq(
        [e["EndpointName"] for e in sm.list_endpoints(SortBy="Name", SortOrder="Ascending")["Endpoints"]],
        sorted(newest_first),
        "SortBy=Name Ascending",
    )
    c.eq([e["EndpointName"] for e in sm.list_endpoints(StatusEquals="Failed")["Endpoints"]], ["churn-batch-debug"], "StatusEquals=Failed: churn-batch-debug only")
    c.eq([e["EndpointName"] for e in sm.list_endpoints(NameContains="churn")["Endpoints"]], newest_first[:3], "NameContains=churn")
    c.eq(
        [e["EndpointName"] for e in sm.list_endpoints(CreationTimeAfter=utc("2026-11-10T09:05:00Z"))["Endpoints"]],
        newest_first[:3],
        "CreationTimeAfter (inclusive) 2026-11-10T09:05:00Z",
    )
    c.eq(
        [e["EndpointName"] for e in sm.list_endpoints(LastModifiedTimeAfter=utc("2026-11-26T00:00:00Z"))["Endpoints"]],
        newest_first[:2],
        "LastModifiedTimeAfter 2026-11-26: churn-batch-debug, churn-prod (updated 11-26)",
    )
    c.raises(lambda: sm.list_endpoints(MaxResults=101), "ValidationException", 400, "ListEndpoints MaxResults=101 -> ValidationException")
    c.raises(lambda: sm.list_endpoints(NextToken="not-a-token"), "ValidationException", 400, "ListEndpoints malformed NextToken -> ValidationException")

    c.section("deployments: DescribeEndpoint / DescribeEndpointConfig / DescribeModel")
    for name, (config, status_, created, modified, resolved_at) in DEPLOYED_ENDPOINTS.items():
        d = sm.describe_endpoint(EndpointName=name)
        c.eq(
            (d["EndpointName"], d["EndpointArn"], d["EndpointConfigName"], d["EndpointStatus"], d["CreationTime"], d["LastModifiedTime"]),
            (name, arn("endpoint", name), config, status_, utc(created), utc(modified)),
            f"DescribeEndpoint {name}: ARN, config {config}, {status_}, times",
        )
        c.ok("DataCaptureConfig" not in d, f"DescribeEndpoint {name}: no empty DataCaptureConfig")
        _created, variants = DEPLOYED_CONFIGS[config]
        if status_ == "Failed":
            c.eq(d.get("FailureReason"), PING_FAILURE, f"DescribeEndpoint {name}: FailureReason")
            c.ok("ProductionVariants" not in d, f"DescribeEndpoint {name}: no ProductionVariants (nothing was deployed)")
        else:
            c.ok("FailureReason" not in d, f"DescribeEndpoint {name}: no FailureReason")
            expected = []
            for variant, model, count, _type, weight in variants:
                container = DEPLOYED_MODELS[model][1]
                image = container.get("Image") or XGBOOST_IMAGE  # the packages' inference image
                expected.append(
                    {
                        "VariantName": variant,
                        "DeployedImages": [{"SpecifiedImage": image, "ResolvedImage": _resolved(image), "ResolutionTime": utc(resolved_at)}],
                        "CurrentWeight": weight,
                        "DesiredWeight": weight,
                        "CurrentInstanceCount": count,
                        "DesiredInstanceCount": count,
                    }
                )
            c.eq(d.get("ProductionVariants"), expected, f"DescribeEndpoint {name}: ProductionVariants (weights, counts, DeployedImages)")

    for config, (created, variants) in DEPLOYED_CONFIGS.items():
        d = sm.describe_endpoint_config(EndpointConfigName=config)
        c.eq(
            (d["EndpointConfigName"], d["EndpointConfigArn"], d["CreationTime"]),
            (config, arn("endpoint-config", config), utc(created)),
            f"DescribeEndpointConfig {config}: ARN, CreationTime",
        )
        c.eq(
            d["ProductionVariants"],
            [
                {"VariantName": v, "ModelName": m, "InitialInstanceCount": n, "InstanceType": t, "InitialVariantWeight": w}
                for v, m, n, t, w in variants
            ],
            f"DescribeEndpointConfig {config}: ProductionVariants",
        )
        c.ok("DataCaptureConfig" not in d, f"DescribeEndpointConfig {config}: no empty DataCaptureConfig")

    for model, (created, container) in DEPLOYED_MODELS.items():
        d = sm.describe_model(ModelName=model)
        c.eq(
            (d["ModelName"], d["ModelArn"], d["CreationTime"], d["ExecutionRoleArn"]),
            (model, arn("model", model), utc(created), ROLE),
            f"DescribeModel {model}: ARN, CreationTime, role",
        )
        c.eq(d.get("PrimaryContainer"), container, f"DescribeModel {model}: PrimaryContainer")
        c.ok("Containers" not in d and "VpcConfig" not in d, f"DescribeModel {model}: no empty Containers / VpcConfig")
    d = sm.describe_model(ModelName="pipelines-exec-churn-0002-createchurnmodel-h5j2w8")
    c.eq(d["PrimaryContainer"]["ModelDataUrl"], CHURN_ARTIFACT_2, "DescribeModel of customer-churn's CreateChurnModel model")
    c.ok("Containers" not in d and "VpcConfig" not in d, "DescribeModel (pipeline model): no empty Containers / VpcConfig")

    c.section("deployments: what each endpoint traces back to")
    churn_train = sm.describe_training_job(TrainingJobName="pipelines-exec-churn-0002-train-k7m2q9x4lp")
    c.eq(churn_train["ModelArtifacts"]["S3ModelArtifacts"], DEPLOYED_MODELS["churn-raw-artifact"][1]["ModelDataUrl"], "churn-raw-artifact's ModelDataUrl = exec-churn-0002 Train job's ModelArtifacts")
    for model, package, execution, artifact in (
        ("churn-model-v1", CHURN_PACKAGE, CHURN_2, CHURN_ARTIFACT_2),
        ("churn-weekly-v2", WEEKLY_PACKAGE_2, WEEKLY_3, _weekly_artifact(WEEKLY_JOBS[("exec-weekly-0003", "Train")])),
        ("churn-weekly-v1", WEEKLY_PACKAGE_1, WEEKLY_1, _weekly_artifact(WEEKLY_JOBS[("exec-weekly-0001", "Train")])),
    ):
        mp = sm.describe_model_package(ModelPackageName=DEPLOYED_MODELS[model][1]["ModelPackageName"])
        c.eq(mp["ModelPackageArn"], package, f"{model}: its ModelPackageName is a registered package")
        c.eq(mp.get("MetadataProperties", {}).get("GeneratedBy"), execution, f"{model}: package GeneratedBy {execution.rsplit('/', 1)[-1]}")
        c.eq(mp["InferenceSpecification"]["Containers"][0]["ModelDataUrl"], artifact, f"{model}: package's ModelDataUrl = that execution's training artifact")
    listed_packages = sm.list_model_packages(ModelPackageGroupName="churn-models")["ModelPackageSummaryList"]
    c.eq([p["ModelPackageArn"] for p in listed_packages], [CHURN_PACKAGE], "ListModelPackages churn-models: the package churn-prod serves")
    c.eq(
        [(s["StepName"], s["Metadata"]) for s in _all_steps(sm, CHURN_2)[0] if s["StepName"] == "RegisterChurnModel"],
        [("RegisterChurnModel", {"RegisterModel": {"Arn": CHURN_PACKAGE}})],
        "exec-churn-0002's RegisterChurnModel step registered churn-prod's package",
    )

    c.section("deployments: errors and an endpoint created at run time")
    c.raises(lambda: sm.describe_endpoint(EndpointName="no-such-endpoint"), "ValidationException", 400, "unknown endpoint -> ValidationException (as real AWS)")
    c.raises(lambda: sm.describe_endpoint_config(EndpointConfigName="no-such-config"), "ValidationException", 400, "unknown endpoint config -> ValidationException")
    c.raises(lambda: sm.describe_model(ModelName="no-such-model"), "ValidationException", 400, "unknown model -> ValidationException")
    sm.create_model(ModelName="check-model", ExecutionRoleArn=ROLE, Containers=[{"ModelPackageName": WEEKLY_PACKAGE_1}])
    sm.create_endpoint_config(
        EndpointConfigName="check-config",
        ProductionVariants=[
            {"VariantName": "Zero", "ModelName": "check-model", "InitialInstanceCount": 1, "InstanceType": "ml.t2.medium", "InitialVariantWeight": 0.0},
        ],
    )
    sm.create_endpoint(EndpointName="check-endpoint", EndpointConfigName="check-config")
    d = sm.describe_endpoint(EndpointName="check-endpoint")
    variant = d["ProductionVariants"][0]
    c.eq((d["EndpointStatus"], variant["CurrentWeight"], variant["DesiredWeight"]), ("InService", 0.0, 0.0), "CreateEndpoint at run time: InService, weight 0.0 kept")
    c.eq(
        [(i["SpecifiedImage"], i["ResolvedImage"]) for i in variant["DeployedImages"]],
        [(XGBOOST_IMAGE, _resolved(XGBOOST_IMAGE))],
        "CreateEndpoint at run time: DeployedImages from the model's package",
    )
    m = sm.describe_model(ModelName="check-model")
    c.eq((m.get("Containers"), "PrimaryContainer" in m), ([{"ModelPackageName": WEEKLY_PACKAGE_1}], False), "DescribeModel with Containers only: no empty PrimaryContainer")
    c.eq(sm.list_endpoints()["Endpoints"][0]["EndpointName"], "check-endpoint", "the new endpoint is listed first")
    sm.delete_endpoint(EndpointName="check-endpoint")
    sm.delete_endpoint_config(EndpointConfigName="check-config")
    sm.delete_model(ModelName="check-model")
    c.eq([e["EndpointName"] for e in sm.list_endpoints()["Endpoints"]], newest_first, "deleted again: the seeded four remain")


def check_raw_shapes(c: Checks, raw: RawRecorder) -> None:
    c.section("raw SageMaker JSON vs the service model")
    model = botocore.session.get_session().get_service_model("sagemaker")
    seen: set[str] = set()
    errors: list[str] = []
    for op, status, body, _headers in raw.sagemaker:
        if status != 200:
            continue
        seen.add(op)
        shape = model.operation_model(op).output_shape
        if shape is None:  # Delete*: no output members
            c.eq(json.loads(body or b"{}"), {}, f"{op} answers an empty document")
            continue
        validate_shape(json.loads(body), shape, op, errors)
    for e in dict.fromkeys(errors):
        c.ok(False, f"shape: {e}")
    for op in sorted(seen):
        c.ok(True, f"shape checked: {op}")
    needed = {
        "ListPipelines", "DescribePipeline", "ListPipelineExecutions", "DescribePipelineExecution",
        "DescribePipelineDefinitionForExecution", "ListPipelineExecutionSteps",
        "ListPipelineParametersForExecution", "DescribeProcessingJob", "DescribeTrainingJob",
        "DescribeTransformJob", "DescribeHyperParameterTuningJob", "DescribeModelPackage", "ListTags",
        "ListModelPackages", "ListEndpoints", "DescribeEndpoint", "DescribeEndpointConfig", "DescribeModel",
    }
    c.eq(sorted(needed - seen), [], "every SageMaker read the app uses was shape-checked")


def check_counters(c: Checks, endpoint: str, s3: Any, sm: Any) -> None:
    c.section("/_lineage/calls")
    http_json("POST", endpoint + "/_lineage/calls/reset")
    c.eq(http_json("GET", endpoint + "/_lineage/calls"), {}, "counters empty after reset")
    for _ in range(3):
        sm.describe_pipeline(PipelineName="customer-churn")
    for _ in range(2):
        s3.get_bucket_encryption(Bucket="lineage-raw-data")
    sm.list_pipeline_execution_steps(PipelineExecutionArn=CHURN_2)
    try:
        s3.get_bucket_tagging(Bucket="lineage-restricted")
    except ClientError:
        pass
    s3.get_object(Bucket="lineage-models", Key="churn/evaluation/evaluation.json")["Body"].read()
    calls = http_json("GET", endpoint + "/_lineage/calls")
    c.eq(
        calls,
        {
            "SageMaker.DescribePipeline": 3,
            "s3:GetBucketEncryption": 2,
            "SageMaker.ListPipelineExecutionSteps": 1,
            "s3:GetBucketTagging": 1,
            "s3:GetObject": 1,
        },
        "per-operation counts",
    )
    before = http_json("POST", endpoint + "/_lineage/calls/reset")
    c.eq(before, calls, "reset returns the counts it cleared")
    c.eq(http_json("GET", endpoint + "/_lineage/calls"), {}, "counters empty again")


def check_latency(c: Checks, endpoint: str, sm: Any) -> None:
    c.section("latency")
    sm.list_pipelines()
    t0 = time.perf_counter()
    sm.list_pipelines()
    base = time.perf_counter() - t0
    c.eq(http_json("POST", endpoint + "/_lineage/latency?ms=150"), {"latencyMs": 150.0}, "set latency at runtime")
    t0 = time.perf_counter()
    sm.list_pipelines()
    slow = time.perf_counter() - t0
    c.ok(slow >= 0.15, f"a request takes >= 150 ms with latency 150 ({slow * 1000:.0f} ms, base {base * 1000:.0f} ms)")
    # concurrent requests overlap their sleeps (threaded server)
    threads = [threading.Thread(target=sm.list_pipelines) for _ in range(6)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parallel = time.perf_counter() - t0
    c.ok(parallel < 0.15 * 6 * 0.7, f"6 concurrent requests overlap ({parallel * 1000:.0f} ms < serial {900} ms)")
    c.eq(http_json("POST", endpoint + "/_lineage/latency?ms=0"), {"latencyMs": 0.0}, "latency back to 0")


def check_startup_errors(c: Checks, python: str) -> None:
    c.section("startup errors / other scenarios")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    busy = sock.getsockname()[1]
    emu = Emulator(python, "--port", str(busy))
    try:
        code = emu.proc.wait(60)
    except subprocess.TimeoutExpired:
        emu.kill()
        code = None
    time.sleep(0.2)
    sock.close()
    c.ok(code not in (0, None), f"busy port -> non-zero exit ({code})")
    c.ok(any("cannot listen" in line for line in emu.stderr_lines), "busy port -> message on stderr")
    emu = Emulator(python, "--port", "0", "--scenario", "nope")
    code = emu.proc.wait(60)
    c.ok(code not in (0, None) and any("unknown --scenario" in l for l in emu.stderr_lines), "unknown scenario -> non-zero exit + message")

    emu = Emulator(python, "--port", "0", "--scenario", "none", "--latency-ms", "120", "--s3-default-encryption")
    try:
        endpoint = emu.wait_ready()
        s3, sm = clients(endpoint)
        c.eq(sm.list_pipelines()["PipelineSummaries"], [], "--scenario none: no pipelines")
        c.eq(s3.list_buckets()["Buckets"], [], "--scenario none: no buckets")
        t0 = time.perf_counter()
        sm.list_pipelines()
        c.ok(time.perf_counter() - t0 >= 0.12, "--latency-ms 120 delays requests")
        c.eq(http_json("GET", endpoint + "/_lineage/latency"), {"latencyMs": 120.0}, "--latency-ms reported")
        s3.create_bucket(Bucket="plain-bucket")
        rules = s3.get_bucket_encryption(Bucket="plain-bucket")["ServerSideEncryptionConfiguration"]["Rules"]
        c.eq(rules[0]["ApplyServerSideEncryptionByDefault"], {"SSEAlgorithm": "AES256"}, "--s3-default-encryption: unconfigured bucket reports AES256")
    finally:
        code = emu.terminate()
    c.eq(code, 0, "--scenario none: SIGTERM -> exit 0")


def check_bench_executions(c: Checks, python: str) -> None:
    c.section("--scenario bench --bench-executions 5")
    for bad in (["--scenario", "bench", "--bench-executions", "0"], ["--scenario", "bench", "--bench-executions", "20001"], ["--bench-executions", "2"]):
        emu = Emulator(python, "--port", "0", *bad)
        code = emu.proc.wait(60)
        c.ok(code == 2 and any("--bench-executions" in l for l in emu.stderr_lines), f"{' '.join(bad)} -> exit 2 with a message ({code})")

    emu = Emulator(python, "--port", "0", "--scenario", "bench", "--bench-executions", "5")
    try:
        endpoint = emu.wait_ready()
        raw = RawRecorder()
        _, sm = clients(endpoint, raw)
        bench = "bench-pipeline"
        summaries = sm.list_pipeline_executions(PipelineName=bench)["PipelineExecutionSummaries"]
        ids = [e["PipelineExecutionArn"].rsplit("/", 1)[-1] for e in summaries]
        c.eq(ids, [f"exec-bench-{k:04d}" for k in range(5, 0, -1)], "ListPipelineExecutions: 5 executions, newest first")
        starts = [e["StartTime"] for e in summaries]
        c.ok(len(set(starts)) == 5 and starts == sorted(starts, reverse=True), "distinct start times, decreasing down the list")
        c.eq(starts[-1], utc("2026-11-27T02:00:00Z"), "exec-bench-0001 starts as with one execution")
        c.eq({e["PipelineExecutionStatus"] for e in summaries}, {"Succeeded"}, "all Succeeded")
        c.eq(sm.describe_pipeline(PipelineName=bench)["LastRunTime"], starts[0], "LastRunTime = exec-bench-0005's start")
        page = sm.list_pipeline_executions(PipelineName=bench, MaxResults=2)
        c.eq(len(page["PipelineExecutionSummaries"]), 2, "MaxResults=2 pages the executions")
        first_names = None
        for summary in summaries:
            execution = summary["PipelineExecutionArn"]
            short = execution.rsplit("/", 1)[-1]
            steps, _ = _all_steps(sm, execution, max_results=100)
            d = sm.describe_pipeline_execution(PipelineExecutionArn=execution)
            names = sorted((x["StepName"], json.dumps(x["Metadata"], sort_keys=True)) for x in steps)
            if first_names is None:
                first_names = names
            c.ok(len(steps) == 45 and names == first_names, f"{short}: the same 45 steps and jobs")
            c.ok(
                all(d["CreationTime"] < x["StartTime"] <= x["EndTime"] <= d["LastModifiedTime"] for x in steps),
                f"{short}: every step runs within the execution's own times",
            )
        model = botocore.session.get_session().get_service_model("sagemaker")
        errors: list[str] = []
        for op, status, body, _headers in raw.sagemaker:
            if status == 200:
                validate_shape(json.loads(body), model.operation_model(op).output_shape, op, errors)
        c.eq(errors, [], "bench responses match the service model")
    finally:
        code = emu.terminate()
    c.eq(code, 0, "bench: SIGTERM -> exit 0")


# sha256 of the bench scenario's data (json, sorted keys, datetimes as str) as it
# was before --bench-endpoints existed: with the default 0 it must not change.
BENCH_FINGERPRINTS = {
    (): "6da205913bf1d5d4f6f21636d738b7f0f20fa8cdd07e3b316385a62642abda45",
    (("steps", 200), ("jobs", 150), ("buckets", 50)): "671a7b2b2386184ac105022901e16029e084a088ba816211d1c2c5a086490d76",
    (("steps", 30), ("jobs", 30)): "cb9d1e6117c46472d99c35965847cd6138215c2345f46f9e8704a64c120e54e2",
}


def _bench_endpoint_chain(sm: Any, name: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    d = sm.describe_endpoint(EndpointName=name)
    config = sm.describe_endpoint_config(EndpointConfigName=d["EndpointConfigName"])
    model = sm.describe_model(ModelName=config["ProductionVariants"][0]["ModelName"])
    return d, config, model


def check_bench_endpoints(c: Checks, python: str) -> None:
    c.section("--scenario bench --bench-endpoints")
    import hashlib

    sys.path.insert(0, HERE)
    from lineage_emulator.scenarios import bench_scenario

    for params, fingerprint in BENCH_FINGERPRINTS.items():
        data = bench_scenario(**dict(params))
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        c.eq(digest, fingerprint, f"bench {dict(params) or 'defaults'}: same data as before --bench-endpoints existed")
        c.eq(bench_scenario(**dict(params), endpoints=0), data, f"bench {dict(params) or 'defaults'}: endpoints=0 is the default")
        c.ok(not {"endpoints", "endpoint_configs", "deployment_models"} & set(data), "bench without endpoints has no deployment keys")
        c.eq(bench_scenario(**dict(params), pipelines=0, executions_per_pipeline=7), data, f"bench {dict(params) or 'defaults'}: pipelines=0 is the default (no region)")

    for bad, needle in ((["--scenario", "bench", "--bench-endpoints", "-1"], "between 0 and"), (["--bench-endpoints", "3"], "only apply to --scenario bench")):
        emu = Emulator(python, "--port", "0", *bad)
        code = emu.proc.wait(60)
        c.ok(code == 2 and any(needle in l for l in emu.stderr_lines), f"{' '.join(bad)} -> exit 2 with a message ({code})")

    emu = Emulator(python, "--port", "0", "--scenario", "bench", "--bench-endpoints", "25")
    try:
        endpoint = emu.wait_ready()
        raw = RawRecorder()
        _, sm = clients(endpoint, raw)
        items, sizes = _list_all_endpoints(sm)
        names = [e["EndpointName"] for e in items]
        c.eq((names, sizes), ([f"bench-endpoint-{k:04d}" for k in range(25, 0, -1)], [10, 10, 5]), "25 endpoints, newest first, default pages of 10")
        c.eq([e["EndpointName"] for e in items if e["EndpointStatus"] == "Failed"], ["bench-endpoint-0020", "bench-endpoint-0010"], "Failed: bench-endpoint-0020 and -0010 (every tenth)")
        c.eq({e["EndpointStatus"] for e in items if e["EndpointName"] not in ("bench-endpoint-0020", "bench-endpoint-0010")}, {"InService"}, "the others InService")
        c.ok(min(e["CreationTime"] for e in items) > utc("2026-11-27T02:00:00Z"), "endpoints created after exec-bench-0001 started")
        packages = [p["ModelPackageArn"] for p in sm.list_model_packages(ModelPackageGroupName="bench-models", SortBy="CreationTime", SortOrder="Ascending")["ModelPackageSummaryList"]]
        c.eq(len(packages), 5, "bench defaults: 5 model packages")
        served = []
        for k in (1, 2, 5, 6, 10, 25):
            d, config, model = _bench_endpoint_chain(sm, f"bench-endpoint-{k:04d}")
            served.append(model["PrimaryContainer"].get("ModelPackageName"))
            if k % 10:
                c.eq(d["ProductionVariants"][0]["DeployedImages"][0]["SpecifiedImage"], XGBOOST_IMAGE, f"bench-endpoint-{k:04d}: DeployedImages = the package's image")
            else:
                c.ok("ProductionVariants" not in d and d.get("FailureReason") == PING_FAILURE, f"bench-endpoint-{k:04d}: Failed, FailureReason, no variants")
        c.eq(served, [arn("model-package", f"bench-models/{(k - 1) % 5 + 1}") for k in (1, 2, 5, 6, 10, 25)], "endpoint k serves bench-models/((k-1) mod 5 + 1)")
        mp = sm.describe_model_package(ModelPackageName=served[0])
        c.eq(mp.get("MetadataProperties", {}).get("GeneratedBy"), exec_arn("bench-pipeline", "exec-bench-0001"), "a served package was registered by exec-bench-0001")
        model = botocore.session.get_session().get_service_model("sagemaker")
        errors: list[str] = []
        for op, status, body, _headers in raw.sagemaker:
            if status == 200:
                validate_shape(json.loads(body), model.operation_model(op).output_shape, op, errors)
        c.eq(errors, [], "bench endpoint responses match the service model")
    finally:
        code = emu.terminate()
    c.eq(code, 0, "bench with endpoints: SIGTERM -> exit 0")

    emu = Emulator(python, "--port", "0", "--scenario", "bench", "--bench-steps", "30", "--bench-jobs", "30", "--bench-endpoints", "7")
    try:
        endpoint = emu.wait_ready()
        _, sm = clients(endpoint)
        c.eq(sm.list_model_packages()["ModelPackageSummaryList"], [], "bench 30/30: no model packages")
        steps, _ = _all_steps(sm, exec_arn("bench-pipeline", "exec-bench-0001"), max_results=100)
        trains = sorted((s["StepName"], s["Metadata"]["TrainingJob"]["Arn"].rsplit("/", 1)[-1]) for s in steps if "TrainingJob" in s["Metadata"])
        artifacts = [sm.describe_training_job(TrainingJobName=job)["ModelArtifacts"]["S3ModelArtifacts"] for _, job in trains]
        urls = []
        for k in range(1, 8):
            _d, _config, model = _bench_endpoint_chain(sm, f"bench-endpoint-{k:04d}")
            urls.append((model["PrimaryContainer"].get("Image"), model["PrimaryContainer"].get("ModelDataUrl"), "ModelPackageName" in model["PrimaryContainer"]))
        c.eq(urls, [(XGBOOST_IMAGE, artifacts[(k - 1) % len(artifacts)], False) for k in range(1, 8)], "without packages: endpoint k serves training artifact (k-1) mod T (Image + ModelDataUrl)")
    finally:
        code = emu.terminate()
    c.eq(code, 0, "bench 30/30 with endpoints: SIGTERM -> exit 0")


def _list_all_pipelines(sm: Any) -> tuple[list[dict[str, Any]], list[int]]:
    items: list[dict[str, Any]] = []
    sizes: list[int] = []
    token = None
    while True:
        page = sm.list_pipelines(**({"NextToken": token} if token else {}))
        items += page["PipelineSummaries"]
        sizes.append(len(page["PipelineSummaries"]))
        token = page.get("NextToken")
        if not token or len(sizes) > 1000:
            return items, sizes


def check_bench_region(c: Checks, python: str) -> None:
    """--bench-pipelines N --bench-executions-per-pipeline M: the generated region
    (N = 60 > the 50 records seeded through moto's API, so the backend path is
    checked too)."""
    c.section("--scenario bench --bench-pipelines 60 --bench-executions-per-pipeline 3 --bench-endpoints 65")
    from datetime import timedelta

    sys.path.insert(0, HERE)
    from lineage_emulator.scenarios import bench as sb
    from lineage_emulator.scenarios import bench_scenario

    noon = utc("2026-11-30T12:00:00Z")
    data = bench_scenario(pipelines=4, executions_per_pipeline=6, endpoints=3, now=noon)
    c.eq(bench_scenario(pipelines=4, executions_per_pipeline=6, endpoints=3, now=noon + timedelta(hours=11)), data, "region: the same data all day (anchored at the start of the UTC day)")
    c.ok(bench_scenario(pipelines=4, executions_per_pipeline=6, endpoints=3, now=noon + timedelta(days=1)) != data, "region: another day, other times")
    c.eq([p["name"] for p in data["pipelines"]], ["bench-pipeline", "bench-p-0001", "bench-p-0002", "bench-p-0003", "bench-p-0004"], "region: bench-pipeline and bench-p-0001..0004")
    starts = [e["start"] for p in data["pipelines"][1:] for e in p["executions"]]
    c.ok(min(starts) >= utc("2026-11-02T00:00:00Z") - timedelta(hours=3) and max(starts) < utc("2026-11-30T00:00:00Z") - timedelta(hours=3), "region: executions within the 28 days before the anchor, ending 3 h before it")
    for bad, needle in (
        (["--scenario", "bench", "--bench-pipelines", "-1"], "--bench-pipelines must be between 0 and"),
        (["--scenario", "bench", "--bench-pipelines", "5001"], "--bench-pipelines must be between 0 and"),
        (["--scenario", "bench", "--bench-pipelines", "2", "--bench-executions-per-pipeline", "0"], "--bench-executions-per-pipeline must be between 1 and"),
        (["--bench-pipelines", "3"], "only apply to --scenario bench"),
    ):
        emu = Emulator(python, "--port", "0", *bad)
        code = emu.proc.wait(60)
        c.ok(code == 2 and any(needle in l for l in emu.stderr_lines), f"{' '.join(bad)} -> exit 2 with a message ({code})")

    n, m, d = 60, 3, 65
    started = datetime.now(timezone.utc)
    emu = Emulator(python, "--port", "0", "--scenario", "bench", "--bench-pipelines", str(n), "--bench-executions-per-pipeline", str(m), "--bench-endpoints", str(d))
    try:
        endpoint = emu.wait_ready(120)
        print(f"region of {n} pipelines ready after {(datetime.now(timezone.utc) - started).total_seconds():.1f}s")
        # What the emulator seeded (the same day, unless it just turned midnight).
        expected = bench_scenario(pipelines=n, executions_per_pipeline=m, endpoints=d, now=started)
        raw = RawRecorder()
        _, sm = clients(endpoint, raw)
        region = {p["name"]: p for p in expected["pipelines"][1:]}
        listed, sizes = _list_all_pipelines(sm)
        c.eq(sorted(p["PipelineName"] for p in listed), sorted(["bench-pipeline", *region]), f"ListPipelines: bench-pipeline and bench-p-0001..{n:04d}")
        c.eq(sizes, [50, n + 1 - 50], "ListPipelines pages 50 at a time")
        c.eq(
            [p["PipelineName"] for p in listed[:3]],
            ["bench-pipeline", sb.bench_region_pipeline(n), sb.bench_region_pipeline(n - 1)],
            "newest CreationTime first: bench-pipeline, then bench-p-N down",
        )
        by_name = {p["PipelineName"]: p for p in listed}
        now = datetime.now(timezone.utc)
        bad_times, bad_lists, bad_last = [], [], []
        for name, p in region.items():
            summaries = sm.list_pipeline_executions(PipelineName=name)["PipelineExecutionSummaries"]
            got = [(e["PipelineExecutionArn"], e["PipelineExecutionStatus"], e["StartTime"]) for e in summaries]
            want = [(e["arn"], e["status"], e["start"]) for e in reversed(p["executions"])]
            if got != want:
                bad_lists.append(name)
            if not all(now - timedelta(days=30) < e["StartTime"] < now for e in summaries):
                bad_times.append(name)
            if by_name[name].get("LastExecutionTime") != p["executions"][-1]["start"]:
                bad_last.append(name)
        c.eq(bad_lists, [], f"every region pipeline lists its {m} executions (ids, statuses, starts), newest first")
        c.eq(bad_times, [], "every region execution started within the last 30 days (the index's default window)")
        c.eq(bad_last, [], "ListPipelines: LastExecutionTime = the newest execution's start")
        outcomes = [e["status"] for p in region.values() for e in p["executions"]]
        c.ok(0 < outcomes.count("Failed") < len(outcomes) / 4, f"mostly Succeeded, some Failed ({outcomes.count('Failed')} of {len(outcomes)})")

        # One execution of each kind, in pipelines seeded through the API and the backend.
        seen: set[str] = set()
        for k in (1, 2, 3, 52, 55, 57, 59, n):
            name = sb.bench_region_pipeline(k)
            for j in range(1, m + 1):
                outcome = sb.bench_region_outcome(k, j)
                if outcome in seen and k not in (2, 55):
                    continue
                seen.add(outcome)
                eid = sb.bench_region_execution_id(k, j)
                earn = exec_arn(name, eid)
                tag = f"{eid} ({outcome})"
                steps, _ = _all_steps(sm, earn, max_results=100)
                names = [x["StepName"] for x in steps]
                want_steps = {"Preprocess": ["Preprocess"], "Train": ["Train", "Preprocess"], "Succeeded": ["Register", "Train", "Preprocess"]}[outcome]
                c.eq(names, want_steps, f"{tag}: steps, newest first")
                status = {x["StepName"]: x["StepStatus"] for x in steps}
                c.eq(status, {s: ("Failed" if s == outcome else "Succeeded") for s in want_steps}, f"{tag}: step statuses")
                d_ = sm.describe_pipeline_execution(PipelineExecutionArn=earn)
                c.eq((d_["PipelineExecutionStatus"], d_.get("FailureReason")), ("Succeeded", None) if outcome == "Succeeded" else ("Failed", sb.BENCH_REGION_STEP_FAILURE), f"{tag}: DescribePipelineExecution status and FailureReason")
                c.ok(all(d_["CreationTime"] < x["StartTime"] <= x["EndTime"] <= d_["LastModifiedTime"] for x in steps), f"{tag}: every step runs within the execution's times")
                params = {x["Name"]: x["Value"] for x in sm.list_pipeline_parameters_for_execution(PipelineExecutionArn=earn)["PipelineParameters"]}
                dataset = sb.bench_region_dataset_prefix(sb.bench_region_dataset(k), 10)
                c.eq(params["InputData"], f"{dataset}/{d_['CreationTime']:%Y-%m-%d}/", f"{tag}: InputData = its dataset's partition of the day")
                definition = json.loads(sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=earn)["PipelineDefinition"])
                c.eq([x["Name"] for x in definition["Steps"]], ["Preprocess", "Train", "Register"], f"{tag}: the definition it ran: Preprocess, Train, Register")
                meta = {x["StepName"]: x["Metadata"] for x in steps}
                pre = sm.describe_processing_job(ProcessingJobName=meta["Preprocess"]["ProcessingJob"]["Arn"].rsplit("/", 1)[-1])
                features = sb.bench_region_features_prefix(k, 10)
                c.eq(
                    ([i["S3Input"]["S3Uri"] for i in pre["ProcessingInputs"]], [o["S3Output"]["S3Uri"] for o in pre["ProcessingOutputConfig"]["Outputs"]]),
                    ([params["InputData"]], [f"{features}/{eid}/train", f"{features}/{eid}/test"]),
                    f"{tag}: Preprocess job reads InputData, writes <team prefix>/<execution>/train and /test",
                )
                c.eq((pre["ProcessingJobStatus"], pre.get("FailureReason")), ("Failed", sb.BENCH_REGION_PREPROCESS_FAILURE) if outcome == "Preprocess" else ("Completed", None), f"{tag}: Preprocess job status")
                if "Train" in meta:
                    job = sm.describe_training_job(TrainingJobName=meta["Train"]["TrainingJob"]["Arn"].rsplit("/", 1)[-1])
                    c.eq([ch["DataSource"]["S3DataSource"]["S3Uri"] for ch in job["InputDataConfig"]], [f"{features}/{eid}/train", f"{features}/{eid}/test"], f"{tag}: Train reads Preprocess's outputs")
                    artifact = job["ModelArtifacts"]["S3ModelArtifacts"]
                    c.eq(artifact, f"{sb.bench_region_model_path(k, 10)}/{job['TrainingJobName']}/output/model.tar.gz", f"{tag}: the model artifact")
                    c.eq((job["TrainingJobStatus"], job.get("FailureReason")), ("Failed", sb.BENCH_REGION_TRAIN_FAILURE) if outcome == "Train" else ("Completed", None), f"{tag}: training job status")
                if "Register" in meta:
                    package = sm.describe_model_package(ModelPackageName=meta["Register"]["RegisterModel"]["Arn"])
                    c.eq(
                        (package["ModelPackageGroupName"], package["InferenceSpecification"]["Containers"][0]["ModelDataUrl"], package["MetadataProperties"]["GeneratedBy"]),
                        (sb.bench_region_group(k), artifact, earn),
                        f"{tag}: its package: group, the Train artifact, GeneratedBy the execution",
                    )
        c.eq(seen, {"Succeeded", "Preprocess", "Train"}, "all three outcomes checked")

        # Model packages: one version per Succeeded execution, in order.
        bad_versions = []
        for k in range(1, n + 1):
            wanted = [pkg["arn"] for pkg in expected["model_packages"] if pkg["group"] == sb.bench_region_group(k)]
            if not wanted:
                continue
            got = sm.list_model_packages(ModelPackageGroupName=sb.bench_region_group(k), SortBy="CreationTime", SortOrder="Ascending")["ModelPackageSummaryList"]
            if [x["ModelPackageArn"] for x in got] != wanted or wanted[-1] != arn("model-package", f"{sb.bench_region_group(k)}/{len(wanted)}"):
                bad_versions.append(k)
        c.eq(bad_versions, [], "every region group holds versions 1..S, one per Succeeded execution")

        # Endpoints serve the region's packages: endpoint k the newest of pipeline k,
        # then (k > pipelines with packages) the next older ones.
        items, _sizes = _list_all_endpoints(sm)
        c.eq(len(items), d, f"{d} endpoints")
        with_packages = [k for k in range(1, n + 1) if any(pkg["group"] == sb.bench_region_group(k) for pkg in expected["model_packages"])]
        newest = {k: [pkg["arn"] for pkg in expected["model_packages"] if pkg["group"] == sb.bench_region_group(k)][::-1] for k in with_packages}
        served, wanted = [], []
        for k in (1, 2, 11, len(with_packages), len(with_packages) + 1, d):
            name = f"bench-endpoint-{k:04d}"
            ep, _config, model = _bench_endpoint_chain(sm, name)
            served.append(model["PrimaryContainer"].get("ModelPackageName"))
            owner = with_packages[(k - 1) % len(with_packages)]
            versions = newest[owner]
            wanted.append(versions[min((k - 1) // len(with_packages), len(versions) - 1)])
            if k % 10:
                c.eq(ep["EndpointStatus"], "InService", f"{name}: InService")
        c.eq(served, wanted, "endpoint k serves the newest package of the k-th pipeline with packages, then older ones")
        failed = sorted(e["EndpointName"] for e in items if e["EndpointStatus"] == "Failed")
        c.eq(failed, [f"bench-endpoint-{k:04d}" for k in range(10, d + 1, 10)], "every tenth endpoint Failed")

        model = botocore.session.get_session().get_service_model("sagemaker")
        errors: list[str] = []
        for op, status, body, _headers in raw.sagemaker:
            if status == 200:
                validate_shape(json.loads(body), model.operation_model(op).output_shape, op, errors)
        c.eq(errors, [], "region responses match the service model")
    finally:
        code = emu.terminate()
    c.eq(code, 0, "bench region: SIGTERM -> exit 0")
    tracebacks = [l for l in emu.stderr_lines if "Traceback" in l or "Error on request" in l]
    c.eq(tracebacks, [], "bench region: no server-side tracebacks on stderr")


# ---------------------------------------------------------------------------
# data-security posture: buckets, KMS, account PAB, default bucket, data-posture
# ---------------------------------------------------------------------------

LOCKED_KEY = "arn:aws:kms:us-east-1:123456789012:key/2222bbbb-3333-4444-5555-666677778888"
ROTATION_OFF_KEY = "arn:aws:kms:us-east-1:123456789012:key/3333cccc-4444-5555-6666-777788889999"
DISABLED_KEY = "arn:aws:kms:us-east-1:123456789012:key/4444dddd-5555-6666-7777-88889999aaaa"
AWS_S3_KEY = "arn:aws:kms:us-east-1:123456789012:key/8c3faf07-f43c-4d11-abdb-9183079214c7"
FOREIGN_KEY = "arn:aws:kms:us-east-1:999999999999:key/9999eeee-0000-1111-2222-333344445555"
DEFAULT_BUCKET = "sagemaker-us-east-1-123456789012"
DEFAULT_BUCKET_OWNER = "444455556666"
S3CONTROL_NS = "http://awss3control.amazonaws.com/doc/2018-08-20/"
PAB_ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
PAB_NONE = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
ACCOUNT_PAB = {"BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": True, "RestrictPublicBuckets": False}
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
POSTURE_JOBS = {
    "ReadPublic": "pipelines-exec-posture-0001-readpublic-a1s2d3f4g5",
    "ReadAcl": "pipelines-exec-posture-0001-readacl-h6j7k8l9z0",
    "TrainLocked": "pipelines-exec-posture-0001-trainlocked-x1c2v3b4n5",
    "TrainLoose": "pipelines-exec-posture-0001-trainloose-m6q7w8e9r0",
    "UseDefault": "pipelines-exec-posture-0001-usedefault-t1y2u3i4o5",
}
VPC = {"SecurityGroupIds": ["sg-0a1b2c3d4e5f60718"], "Subnets": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]}

# bucket -> (encryption default, BucketKeyEnabled, PAB, ownership, IsPublic (None: no policy),
#            ACL public, logging prefix (None: off), object lock (None: off), lifecycle, MFADelete)
_KMS_LOCKED = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": LOCKED_KEY}
POSTURE_BUCKETS = {
    "lineage-locked": (_KMS_LOCKED, True, PAB_ALL, "BucketOwnerEnforced", False, False, "locked/", True, True, "Enabled"),
    "lineage-public-policy": ({"SSEAlgorithm": "AES256"}, False, PAB_NONE, "BucketOwnerEnforced", True, False, "public-policy/", True, True, "Enabled"),
    "lineage-public-acl": (_KMS_LOCKED, True, PAB_NONE, "ObjectWriter", False, True, "public-acl/", True, True, "Enabled"),
    "lineage-no-tls": (_KMS_LOCKED, True, PAB_ALL, "BucketOwnerEnforced", None, False, "no-tls/", True, True, "Enabled"),
    "lineage-cross-account": (_KMS_LOCKED, True, PAB_ALL, "BucketOwnerEnforced", False, False, "cross-account/", True, True, "Enabled"),
    "lineage-disabled-key": ({"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": DISABLED_KEY}, True, PAB_ALL, "BucketOwnerEnforced", False, False, "disabled-key/", True, True, "Enabled"),
    "lineage-rotation-off": ({"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": ROTATION_OFF_KEY}, True, PAB_ALL, "BucketOwnerEnforced", False, False, "rotation-off/", True, True, "Enabled"),
    "lineage-foreign-key": ({"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": FOREIGN_KEY}, True, PAB_ALL, "BucketOwnerEnforced", False, False, "foreign-key/", True, True, "Enabled"),
    "lineage-logs": ({"SSEAlgorithm": "AES256"}, False, PAB_ALL, "BucketOwnerEnforced", False, False, None, False, True, "Enabled"),
}


def s3control_client(session: Any, endpoint: str, config: Config | None = None) -> Any:
    """boto3's S3 Control client sends to ACCOUNT.HOST (which does not resolve);
    send to the emulator's own host and port, as the app's endpoint override does."""
    from urllib.parse import urlsplit, urlunsplit

    client = session.client("s3control", endpoint_url=endpoint, config=config)
    netloc = urlsplit(endpoint).netloc

    def _own_host(request: Any, **_: Any) -> None:
        request.url = urlunsplit(urlsplit(request.url)._replace(netloc=netloc))

    client.meta.events.register("before-sign.s3-control", _own_host)
    return client


def signed_request(
    endpoint: str,
    method: str,
    path: str,
    service: str,
    headers: dict[str, str] | None = None,
    key: tuple[str, str] = ("test", "test"),
    region: str = REGION,
) -> tuple[int, bytes, dict[str, str]]:
    """A request signed with SigV4 for ``service`` (a real signature: moto checks it
    under IAM enforcement).  -> (status, body, headers with lower-case names)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    aws = AWSRequest(method=method, url=endpoint + path, headers=dict(headers or {}))
    SigV4Auth(Credentials(*key), service, region).add_auth(aws)
    req = urllib.request.Request(endpoint + path, method=method, headers=dict(aws.headers.items()))
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read(), {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as err:
        return err.code, err.read(), {k.lower(): v for k, v in err.headers.items()}


def validate_xml(elem: Any, shape: Any, path: str, errors: list[str]) -> None:
    """Every element of a raw REST-XML body is a member of ``shape`` (by its XML
    name), recursively: what botocore would silently drop, the Rust SDK too."""
    local = lambda e: e.tag.split("}", 1)[-1]  # noqa: E731
    if shape.type_name == "structure":
        by_name: dict[str, Any] = {}
        for name, member in shape.members.items():
            if member.serialization.get("location") or member.serialization.get("xmlAttribute"):
                continue
            if member.type_name == "list" and member.serialization.get("flattened"):
                # botocore's _member_key_name: the item's name, else the member's
                key = member.member.serialization.get("name") or member.serialization.get("name", name)
                by_name[key] = ("flat", member.member)
            else:
                by_name[member.serialization.get("name", name)] = ("one", member)
        for child in elem:
            kind_member = by_name.get(local(child))
            if kind_member is None:
                errors.append(f"{path}/{local(child)}: not a member of {shape.name}")
                continue
            validate_xml(child, kind_member[1], f"{path}/{local(child)}", errors)
    elif shape.type_name == "list":
        item_name = shape.member.serialization.get("name", "member")
        for child in elem:
            if local(child) != item_name:
                errors.append(f"{path}/{local(child)}: list {shape.name} holds <{item_name}>")
                continue
            validate_xml(child, shape.member, f"{path}/{item_name}", errors)
    elif len(elem):
        errors.append(f"{path}: scalar {shape.name} has child elements")


_SERVICE_MODELS: dict[str, Any] = {}


def xml_output_shape(service: str, operation: str) -> Any:
    if service not in _SERVICE_MODELS:
        _SERVICE_MODELS[service] = botocore.session.get_session().get_service_model(service)
    op = _SERVICE_MODELS[service].operation_model(operation)
    shape = op.output_shape
    payload = shape.serialization.get("payload")
    return shape.members[payload] if payload else shape


def check_posture_buckets(c: Checks, s3: Any, endpoint: str) -> None:
    c.section("posture buckets (data-posture)")
    names = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    for name in [*POSTURE_BUCKETS, DEFAULT_BUCKET]:
        c.ok(name in names, f"bucket {name} exists")
        c.eq(s3.get_bucket_location(Bucket=name).get("LocationConstraint"), None, f"{name} in us-east-1")

    for name, (sse, bucket_key, pab, ownership, is_public, acl_public, log_prefix, locked, lifecycle, mfa) in POSTURE_BUCKETS.items():
        rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
        c.eq(rule["ApplyServerSideEncryptionByDefault"], sse, f"{name} encryption")
        c.eq(rule.get("BucketKeyEnabled"), bucket_key, f"{name} BucketKeyEnabled")
        v = s3.get_bucket_versioning(Bucket=name)
        c.eq((v.get("Status"), v.get("MFADelete")), ("Enabled", mfa), f"{name} versioning Enabled, MFADelete {mfa}")
        c.eq(s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"], pab, f"{name} public access block")
        rules = s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"]
        c.eq(rules, [{"ObjectOwnership": ownership}], f"{name} ownership controls {ownership}")
        if is_public is None:
            c.raises(lambda: s3.get_bucket_policy(Bucket=name), "NoSuchBucketPolicy", 404, f"{name} has no bucket policy")
            c.raises(lambda: s3.get_bucket_policy_status(Bucket=name), "NoSuchBucketPolicy", 404, f"{name} GetBucketPolicyStatus -> NoSuchBucketPolicy")
        else:
            policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
            deny = [st for st in policy["Statement"] if st["Effect"] == "Deny"]
            c.eq(
                deny,
                [{
                    "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }],
                f"{name} policy denies aws:SecureTransport false",
            )
            c.eq(s3.get_bucket_policy_status(Bucket=name)["PolicyStatus"]["IsPublic"], is_public, f"{name} PolicyStatus.IsPublic {is_public}")
        grants = s3.get_bucket_acl(Bucket=name)["Grants"]
        public = [g for g in grants if g["Grantee"].get("URI") == ALL_USERS]
        c.eq([g["Permission"] for g in public], ["READ"] if acl_public else [], f"{name} ACL {'grants AllUsers READ' if acl_public else 'grants nothing public'}")
        logging_ = s3.get_bucket_logging(Bucket=name).get("LoggingEnabled")
        c.eq(
            logging_,
            {"TargetBucket": "lineage-logs", "TargetPrefix": log_prefix} if log_prefix else None,
            f"{name} access logging {'to lineage-logs/' + log_prefix if log_prefix else 'off'}",
        )
        if locked:
            lock = s3.get_object_lock_configuration(Bucket=name)["ObjectLockConfiguration"]
            c.eq(lock, {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 30}}}, f"{name} object lock GOVERNANCE 30 days")
        else:
            c.raises(lambda: s3.get_object_lock_configuration(Bucket=name), "ObjectLockConfigurationNotFoundError", 404, f"{name} has no object lock")
        rules = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
        c.eq(
            [(r["ID"], r["Status"], r.get("NoncurrentVersionExpiration"), r.get("AbortIncompleteMultipartUpload")) for r in rules],
            [("expire-noncurrent-versions", "Enabled", {"NoncurrentDays": 90}, {"DaysAfterInitiation": 7})],
            f"{name} lifecycle rule",
        )

    # the policies' grants
    def allows(name: str) -> list[tuple[Any, Any]]:
        policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
        return [(st["Principal"], st["Action"]) for st in policy["Statement"] if st["Effect"] == "Allow"]

    role = "arn:aws:iam::123456789012:role/SageMakerPipelineExecutionRole"
    c.eq(allows("lineage-locked"), [({"AWS": role}, ["s3:GetObject", "s3:PutObject"])], "lineage-locked grants only the account's pipeline role")
    c.eq(allows("lineage-public-policy"), [("*", "s3:GetObject")], "lineage-public-policy grants Principal * s3:GetObject")
    c.eq(allows("lineage-cross-account"), [({"AWS": "arn:aws:iam::999999999999:root"}, "s3:GetObject")], "lineage-cross-account grants 999999999999 s3:GetObject")
    c.eq(allows("lineage-logs"), [({"Service": "logging.s3.amazonaws.com"}, "s3:PutObject")], "lineage-logs grants the S3 logging service")

    # existing buckets: none of the new settings
    for name in ("lineage-raw-data", "lineage-features", "lineage-models", "lineage-monitoring"):
        v = s3.get_bucket_versioning(Bucket=name)
        c.ok("MFADelete" not in v, f"{name}: no MFADelete in GetBucketVersioning")
        c.raises(lambda: s3.get_bucket_policy_status(Bucket=name), "NoSuchBucketPolicy", 404, f"{name}: no policy")
        c.raises(lambda: s3.get_bucket_ownership_controls(Bucket=name), "OwnershipControlsNotFoundError", 404, f"{name}: no ownership controls (ACLs enabled)")
        c.raises(lambda: s3.get_object_lock_configuration(Bucket=name), "ObjectLockConfigurationNotFoundError", 404, f"{name}: no object lock")
        c.raises(lambda: s3.get_bucket_lifecycle_configuration(Bucket=name), "NoSuchLifecycleConfiguration", 404, f"{name}: no lifecycle")
        c.ok("LoggingEnabled" not in s3.get_bucket_logging(Bucket=name), f"{name}: no access logging")
        c.eq([g["Grantee"].get("Type") for g in s3.get_bucket_acl(Bucket=name)["Grants"]], ["CanonicalUser"], f"{name}: ACL owner only")
    c.eq(s3.get_bucket_versioning(Bucket="lineage-models").get("Status"), "Suspended", "lineage-models still Suspended")

    c.section("posture buckets: raw XML (what the Rust SDK checks)")
    roots = {
        "versioning": "VersioningConfiguration",
        "policyStatus": "PolicyStatus",
        "acl": "AccessControlPolicy",
        "ownershipControls": "OwnershipControls",
        "object-lock": "ObjectLockConfiguration",
        "logging": "BucketLoggingStatus",
        "lifecycle": "LifecycleConfiguration",
    }
    for sub, root in roots.items():
        status, body = raw_s3_get(endpoint, f"/lineage-locked?{sub}")
        c.ok(status == 200 and xml_root(body) == (S3_NS, root), f"lineage-locked?{sub}: 200 <{root} xmlns=S3>")
    operations = {
        "versioning": "GetBucketVersioning",
        "policyStatus": "GetBucketPolicyStatus",
        "acl": "GetBucketAcl",
        "ownershipControls": "GetBucketOwnershipControls",
        "object-lock": "GetObjectLockConfiguration",
        "logging": "GetBucketLogging",
        "lifecycle": "GetBucketLifecycleConfiguration",
        "encryption": "GetBucketEncryption",
        "publicAccessBlock": "GetPublicAccessBlock",
    }
    for bucket in ("lineage-locked", "lineage-public-acl", "lineage-public-policy", "lineage-logs", "lineage-raw-data"):
        errors: list[str] = []
        for sub, operation in operations.items():
            status, body = raw_s3_get(endpoint, f"/{bucket}?{sub}")
            if status == 200:
                validate_xml(ET.fromstring(body), xml_output_shape("s3", operation), f"{bucket}?{sub}", errors)
        c.eq(errors, [], f"{bucket}: every element of the posture reads is in the S3 service model")
    status, body = raw_s3_get(endpoint, "/lineage-locked?versioning")
    c.ok(b"<MfaDelete>Enabled</MfaDelete>" in body and b"<Status>Enabled</Status>" in body, "raw GetBucketVersioning: <Status>Enabled</Status><MfaDelete>Enabled</MfaDelete>")
    status, body = raw_s3_get(endpoint, "/lineage-raw-data?versioning")
    c.ok(b"MfaDelete" not in body, "raw GetBucketVersioning of a bucket never given MFA delete: no <MfaDelete>")
    status, body = raw_s3_get(endpoint, "/lineage-locked?object-lock")
    c.ok(b"<Days>30</Days>" in body and b"<Years>" not in body, "raw object lock: <Days> only (moto wrote <Years>0</Years> too)")
    status, body, headers = raw_s3(endpoint, "/lineage-locked?policy")
    c.ok(status == 200 and headers.get("content-type") == "application/json" and json.loads(body)["Version"] == "2012-10-17", "raw GetBucketPolicy: the JSON document, Content-Type application/json")
    status, body = raw_s3_get(endpoint, "/lineage-raw-data?logging")
    c.ok(status == 200 and xml_root(body) == (S3_NS, "BucketLoggingStatus") and b"LoggingEnabled" not in body, "raw GetBucketLogging without logging: empty <BucketLoggingStatus>")
    for sub, code in (("object-lock", "ObjectLockConfigurationNotFoundError"), ("ownershipControls", "OwnershipControlsNotFoundError"), ("policyStatus", "NoSuchBucketPolicy"), ("lifecycle", "NoSuchLifecycleConfiguration")):
        status, body = raw_s3_get(endpoint, f"/lineage-raw-data?{sub}")
        c.ok(status == 404 and xml_root(body)[1] == "Error" and ET.fromstring(body).findtext("Code") == code, f"raw ?{sub} not configured: 404 <Error><Code>{code}")
    status, body, headers = raw_s3(endpoint, "/lineage-locked", method="HEAD")
    c.ok(status == 200 and headers.get("x-amz-bucket-region") == "us-east-1" and headers.get("x-amz-access-point-alias") == "false", "HeadBucket: 200, x-amz-bucket-region, x-amz-access-point-alias false")


def check_default_bucket_owner(c: Checks, s3: Any, endpoint: str) -> None:
    c.section("the SageMaker default bucket is owned by another account")
    b = DEFAULT_BUCKET
    c.eq(s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"], {"SSEAlgorithm": "AES256"}, f"{b} without the header: GetBucketEncryption 200")
    c.eq(s3.get_bucket_versioning(Bucket=b).get("Status"), None, f"{b} without the header: GetBucketVersioning 200 (never versioned)")
    c.eq(s3.head_bucket(Bucket=b)["ResponseMetadata"]["HTTPStatusCode"], 200, f"{b} without the header: HeadBucket 200")
    for what, fn in (
        ("GetBucketLocation", lambda: s3.get_bucket_location(Bucket=b, ExpectedBucketOwner=ACCOUNT)),
        ("GetBucketEncryption", lambda: s3.get_bucket_encryption(Bucket=b, ExpectedBucketOwner=ACCOUNT)),
        ("GetBucketVersioning", lambda: s3.get_bucket_versioning(Bucket=b, ExpectedBucketOwner=ACCOUNT)),
        ("GetPublicAccessBlock", lambda: s3.get_public_access_block(Bucket=b, ExpectedBucketOwner=ACCOUNT)),
        ("GetBucketPolicy", lambda: s3.get_bucket_policy(Bucket=b, ExpectedBucketOwner=ACCOUNT)),
        ("ListObjectsV2", lambda: s3.list_objects_v2(Bucket=b, ExpectedBucketOwner=ACCOUNT)),
        ("GetObject", lambda: s3.get_object(Bucket=b, Key="data-posture/code/x.py", ExpectedBucketOwner=ACCOUNT)),
    ):
        c.raises(fn, "AccessDenied", 403, f"{b} {what} with x-amz-expected-bucket-owner: {ACCOUNT} -> 403 AccessDenied")
    err = c.raises(lambda: s3.head_bucket(Bucket=b, ExpectedBucketOwner=ACCOUNT), "403", 403, f"{b} HeadBucket with the header -> 403 without a body")
    if err is not None:
        c.eq(err.response["ResponseMetadata"]["HTTPHeaders"].get("x-amz-bucket-region"), "us-east-1", "... still naming the region")
    # unsigned (no SigV4 region, so never a 301), only the expected owner
    req = urllib.request.Request(endpoint + f"/{b}?encryption", headers={"x-amz-expected-bucket-owner": ACCOUNT})
    try:
        urllib.request.urlopen(req, timeout=10)
        status, body = 200, b""
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    root = ET.fromstring(body) if body else None
    c.ok(
        status == 403 and root is not None and root.tag == "Error" and root.findtext("Code") == "AccessDenied"
        and root.findtext("Message") == "Access Denied" and bool(root.findtext("RequestId")) and bool(root.findtext("HostId")),
        f"raw 403: <Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId><HostId> (got {status})",
    )
    c.eq(s3.get_bucket_versioning(Bucket=b, ExpectedBucketOwner=DEFAULT_BUCKET_OWNER).get("Status"), None, f"{b} with its real owner {DEFAULT_BUCKET_OWNER} -> 200")
    c.eq(s3.get_bucket_versioning(Bucket="lineage-locked", ExpectedBucketOwner=ACCOUNT)["Status"], "Enabled", "our bucket with x-amz-expected-bucket-owner: ours -> 200")
    c.raises(lambda: s3.get_bucket_versioning(Bucket="lineage-locked", ExpectedBucketOwner="111122223333"), "AccessDenied", 403, "our bucket with another expected owner -> 403")
    c.raises(lambda: s3.get_bucket_versioning(Bucket="no-such-bucket-xyz", ExpectedBucketOwner=ACCOUNT), "NoSuchBucket", 404, "unknown bucket with the header -> NoSuchBucket")


def check_account_public_access_block(c: Checks, endpoint: str) -> None:
    c.section("account-level public access block (S3 Control)")
    path = "/v20180820/configuration/publicAccessBlock"
    status, body, headers = signed_request(endpoint, "GET", path, "s3", {"x-amz-account-id": ACCOUNT})
    c.eq(status, 200, "raw SigV4 (service s3) GET /v20180820/configuration/publicAccessBlock, x-amz-account-id, host 127.0.0.1:PORT -> 200")
    c.eq(xml_root(body), (S3CONTROL_NS, "PublicAccessBlockConfiguration"), "root <PublicAccessBlockConfiguration xmlns=S3 Control>")
    root = ET.fromstring(body)
    values = {child.tag.split("}", 1)[-1]: child.text == "true" for child in root}
    c.eq(values, ACCOUNT_PAB, "account PAB: BlockPublicAcls/BlockPublicPolicy true, IgnorePublicAcls/RestrictPublicBuckets false")
    c.eq(headers.get("content-type"), "application/xml", "Content-Type application/xml")
    errors: list[str] = []
    validate_xml(root, xml_output_shape("s3control", "GetPublicAccessBlock"), "publicAccessBlock", errors)
    c.eq(errors, [], "every element is in the S3 Control service model")
    status, body, _ = signed_request(endpoint, "GET", path, "s3", {"x-amz-account-id": "999999999999"})
    c.ok(status == 403 and b"AccessDenied" in body, f"another account's x-amz-account-id -> 403 AccessDenied (got {status})")
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION)
    control = s3control_client(session, endpoint, Config(retries={"max_attempts": 1, "mode": "standard"}))
    c.eq(control.get_public_access_block(AccountId=ACCOUNT)["PublicAccessBlockConfiguration"], ACCOUNT_PAB, "boto3 s3control GetPublicAccessBlock (own host) reads the same")
    http_json("POST", endpoint + "/_lineage/calls/reset")
    signed_request(endpoint, "GET", path, "s3", {"x-amz-account-id": ACCOUNT})
    c.eq(http_json("GET", endpoint + "/_lineage/calls"), {"s3control:GetPublicAccessBlock": 1}, "counted as s3control:GetPublicAccessBlock")
    http_json("POST", endpoint + f"/_lineage/faults?op=s3control:GetPublicAccessBlock&kind=throttle&count=1")
    status, body, _ = signed_request(endpoint, "GET", path, "s3", {"x-amz-account-id": ACCOUNT})
    c.ok(status == 503 and b"SlowDown" in body, f"fault injection by that name (got {status})")
    http_json("POST", endpoint + "/_lineage/calls/reset")


def kms_client(endpoint: str, recorder: RawRecorder | None = None, key: tuple[str, str] = ("test", "test")) -> Any:
    session = boto3.session.Session(aws_access_key_id=key[0], aws_secret_access_key=key[1], region_name=REGION)
    kms = session.client("kms", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    if recorder is not None:
        kms.meta.events.register("after-call.kms", recorder.hook("kms"))
    return kms


def check_kms(c: Checks, endpoint: str, raw: RawRecorder) -> None:
    c.section("KMS keys")
    kms = kms_client(endpoint, raw)
    expected = {
        KMS_KEY: ("CUSTOMER", "Enabled", True, True, "2026-09-01T10:00:00Z"),
        LOCKED_KEY: ("CUSTOMER", "Enabled", True, True, "2026-09-01T10:05:00Z"),
        ROTATION_OFF_KEY: ("CUSTOMER", "Enabled", True, False, "2026-09-01T10:10:00Z"),
        DISABLED_KEY: ("CUSTOMER", "Disabled", False, True, "2026-09-01T10:15:00Z"),
        AWS_S3_KEY: ("AWS", "Enabled", True, True, "2026-01-05T08:00:00Z"),
    }
    for key_arn, (manager, state, enabled, rotation, created) in expected.items():
        key_id = key_arn.rsplit("/", 1)[-1]
        for ident in (key_id, key_arn):
            meta = kms.describe_key(KeyId=ident)["KeyMetadata"]
            c.eq(
                (meta["KeyId"], meta["Arn"], meta["AWSAccountId"], meta["KeyManager"], meta["KeyState"], meta["Enabled"]),
                (key_id, key_arn, ACCOUNT, manager, state, enabled),
                f"DescribeKey {ident[:20]}…: KeyId, Arn, AWSAccountId, KeyManager {manager}, KeyState {state}",
            )
        c.eq(
            (meta["KeyUsage"], meta["KeySpec"], meta["Origin"], meta["MultiRegion"], meta["CreationDate"]),
            ("ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", "AWS_KMS", False, utc(created)),
            f"{key_id}: symmetric, AWS_KMS, single-region, created {created}",
        )
        status = kms.get_key_rotation_status(KeyId=key_id)
        c.eq((status["KeyRotationEnabled"], status.get("KeyId")), (rotation, key_arn), f"{key_id}: GetKeyRotationStatus {rotation}, KeyId = the ARN")
        if rotation:
            c.eq(status.get("RotationPeriodInDays"), 365, f"{key_id}: RotationPeriodInDays 365")
        c.eq(kms.get_key_rotation_status(KeyId=key_arn)["KeyRotationEnabled"], rotation, f"{key_id}: GetKeyRotationStatus by ARN")
    meta = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
    c.eq((meta["KeyId"], meta["KeyManager"]), (AWS_S3_KEY.rsplit("/", 1)[-1], "AWS"), "alias/aws/s3 -> the AWS managed key")
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
    c.eq(aliases.get("alias/aws/s3"), AWS_S3_KEY.rsplit("/", 1)[-1], "ListAliases: alias/aws/s3 targets it")
    for op, fn in (("DescribeKey", kms.describe_key), ("GetKeyRotationStatus", kms.get_key_rotation_status)):
        err = c.raises(lambda: fn(KeyId=FOREIGN_KEY), "AccessDeniedException", 400, f"{op} on another account's key ARN -> AccessDeniedException")
        if err is not None:
            msg = err.response["Error"]["Message"]
            c.ok(f"kms:{op} on resource: {FOREIGN_KEY}" in msg, f"... naming kms:{op} and the key ({msg})")
    c.raises(lambda: kms.describe_key(KeyId="9999eeee-0000-1111-2222-333344445555"), "NotFoundException", 400, "DescribeKey of an unknown key id -> NotFoundException")
    status, body, headers = next(((s_, b_, h_) for op, s_, b_, h_ in raw.kms if op == "DescribeKey" and s_ == 200), (0, b"{}", {}))
    c.eq({k.lower(): v for k, v in headers.items()}.get("content-type"), "application/x-amz-json-1.1", "KMS answers Content-Type application/x-amz-json-1.1")
    c.ok(b"null" not in body, "DescribeKey raw body has no null members")
    model = botocore.session.get_session().get_service_model("kms")
    errors: list[str] = []
    for op, status, body, _ in raw.kms:
        if status == 200:
            validate_shape(json.loads(body), model.operation_model(op).output_shape, op, errors)
    c.eq(errors, [], "raw KMS JSON matches the service model")


def check_posture_pipeline(c: Checks, sm: Any) -> None:
    c.section("data-posture pipeline")
    d = sm.describe_pipeline(PipelineName="data-posture")
    c.eq(d["LastRunTime"], utc("2026-11-24T15:00:00Z"), "data-posture LastRunTime")
    definition = json.loads(d["PipelineDefinition"])
    steps = {s["Name"]: s for s in definition["Steps"]}
    c.eq(
        [(s["Name"], s["Type"]) for s in definition["Steps"]],
        [("ReadPublic", "Processing"), ("ReadAcl", "Processing"), ("TrainLocked", "Training"), ("TrainLoose", "Training"), ("UseDefault", "Processing")],
        "data-posture steps",
    )
    c.eq(
        steps["TrainLocked"]["Arguments"]["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"],
        {"Get": "Steps.ReadPublic.ProcessingOutputConfig.Outputs['curated'].S3Output.S3Uri"},
        "TrainLocked channel <- ReadPublic curated (Get)",
    )
    tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn("pipeline", "data-posture"))["Tags"]}
    c.eq(tags, {"team": "data-posture"}, "data-posture tags")
    d = sm.describe_pipeline_execution(PipelineExecutionArn=POSTURE)
    c.eq(d["PipelineExecutionStatus"], "Succeeded", "exec-posture-0001 Succeeded")
    listed, sizes = _all_steps(sm, POSTURE)
    c.eq([s["StepName"] for s in listed], ["TrainLocked", "TrainLoose", "ReadPublic", "ReadAcl", "UseDefault"], "exec-posture-0001 steps newest first")
    c.eq(sizes, [4, 1], "5 steps in pages of 4 + 1")
    c.eq({s["StepStatus"] for s in listed}, {"Succeeded"}, "every step Succeeded")
    by_name = {s["StepName"]: s for s in listed}
    for step, job in POSTURE_JOBS.items():
        kind = "TrainingJob" if step.startswith("Train") else "ProcessingJob"
        c.eq(by_name[step]["Metadata"], {kind: {"Arn": arn("training-job" if kind == "TrainingJob" else "processing-job", job)}}, f"{step} metadata -> {job}")

    def io(job: dict[str, Any]) -> tuple[list[str], list[str]]:
        return [i["S3Input"]["S3Uri"] for i in job.get("ProcessingInputs", [])], [o["S3Output"]["S3Uri"] for o in job["ProcessingOutputConfig"]["Outputs"]]

    job = sm.describe_processing_job(ProcessingJobName=POSTURE_JOBS["ReadPublic"])
    c.eq(io(job), (["s3://lineage-public-policy/raw/"], ["s3://lineage-locked/curated/"]), "ReadPublic job input/output")
    c.eq(job.get("NetworkConfig"), {"EnableInterContainerTrafficEncryption": True, "EnableNetworkIsolation": True, "VpcConfig": VPC}, "ReadPublic NetworkConfig: isolation, encryption, VPC")
    c.eq(job["ProcessingResources"]["ClusterConfig"].get("VolumeKmsKeyId"), LOCKED_KEY, "ReadPublic ClusterConfig.VolumeKmsKeyId = locked key")
    c.eq(job["ProcessingOutputConfig"].get("KmsKeyId"), LOCKED_KEY, "ReadPublic ProcessingOutputConfig.KmsKeyId = locked key")
    for step, inputs, outputs in (
        ("ReadAcl", ["s3://lineage-public-acl/raw/"], ["s3://lineage-no-tls/out/", "s3://lineage-foreign-key/out/"]),
        ("UseDefault", ["s3://sagemaker-us-east-1-123456789012/data-posture/code/"], ["s3://lineage-rotation-off/out/"]),
    ):
        job = sm.describe_processing_job(ProcessingJobName=POSTURE_JOBS[step])
        c.eq(io(job), (inputs, outputs), f"{step} job inputs/outputs")
        c.ok("NetworkConfig" not in job, f"{step}: no NetworkConfig")
        c.ok("VolumeKmsKeyId" not in job["ProcessingResources"]["ClusterConfig"] and "KmsKeyId" not in job["ProcessingOutputConfig"], f"{step}: no KMS keys")
        c.eq(job["ProcessingJobStatus"], "Completed", f"{step} job Completed")
    job = sm.describe_training_job(TrainingJobName=POSTURE_JOBS["TrainLocked"])
    c.eq(
        (job["EnableNetworkIsolation"], job["EnableInterContainerTrafficEncryption"], job.get("VpcConfig")),
        (True, True, VPC),
        "TrainLocked: EnableNetworkIsolation, EnableInterContainerTrafficEncryption, VpcConfig",
    )
    c.eq((job["ResourceConfig"]["InstanceCount"], job["ResourceConfig"].get("VolumeKmsKeyId")), (2, LOCKED_KEY), "TrainLocked ResourceConfig: 2 instances, VolumeKmsKeyId")
    c.eq(job["OutputDataConfig"], {"KmsKeyId": LOCKED_KEY, "S3OutputPath": "s3://lineage-locked/models/"}, "TrainLocked OutputDataConfig with KmsKeyId")
    c.eq(job["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"], "s3://lineage-locked/curated/", "TrainLocked channel (resolved)")
    c.eq(job["ModelArtifacts"]["S3ModelArtifacts"], f"s3://lineage-locked/models/{POSTURE_JOBS['TrainLocked']}/output/model.tar.gz", "TrainLocked ModelArtifacts")
    job = sm.describe_training_job(TrainingJobName=POSTURE_JOBS["TrainLoose"])
    c.eq((job["EnableNetworkIsolation"], job["EnableInterContainerTrafficEncryption"]), (False, False), "TrainLoose: isolation and inter-container encryption false")
    c.ok("VpcConfig" not in job, "TrainLoose: no VpcConfig")
    c.eq((job["ResourceConfig"]["InstanceCount"], job["ResourceConfig"].get("VolumeKmsKeyId")), (2, None), "TrainLoose: 2 instances, no VolumeKmsKeyId")
    c.eq(job["OutputDataConfig"], {"S3OutputPath": "s3://lineage-disabled-key/models/"}, "TrainLoose OutputDataConfig without KmsKeyId")
    c.eq(job["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"], "s3://lineage-cross-account/shared/", "TrainLoose channel")
    for name in ("pipelines-exec-churn-0002-train-k7m2q9x4lp", "pipelines-exec-clash-0001-e1-t3y7u1i5o9"):
        job = sm.describe_training_job(TrainingJobName=name)
        c.eq((job["EnableNetworkIsolation"], job["EnableInterContainerTrafficEncryption"], "VpcConfig" in job), (False, False, False), f"{name}: isolation/encryption false, no VPC (as the real API reports)")


def check_posture_counters(c: Checks, endpoint: str, s3: Any) -> None:
    c.section("/_lineage/calls for the posture reads")
    kms = kms_client(endpoint)
    http_json("POST", endpoint + "/_lineage/calls/reset")
    b = "lineage-locked"
    s3.get_bucket_policy(Bucket=b)
    s3.get_bucket_policy_status(Bucket=b)
    s3.get_bucket_acl(Bucket=b)
    s3.get_bucket_ownership_controls(Bucket=b)
    s3.get_object_lock_configuration(Bucket=b)
    s3.get_bucket_logging(Bucket=b)
    s3.get_bucket_lifecycle_configuration(Bucket=b)
    s3.head_bucket(Bucket=b)
    kms.describe_key(KeyId=LOCKED_KEY)
    kms.get_key_rotation_status(KeyId=LOCKED_KEY)
    signed_request(endpoint, "GET", "/v20180820/configuration/publicAccessBlock", "s3", {"x-amz-account-id": ACCOUNT})
    c.eq(
        http_json("POST", endpoint + "/_lineage/calls/reset"),
        {
            "s3:GetBucketPolicy": 1, "s3:GetBucketPolicyStatus": 1, "s3:GetBucketAcl": 1,
            "s3:GetBucketOwnershipControls": 1, "s3:GetObjectLockConfiguration": 1, "s3:GetBucketLogging": 1,
            "s3:GetBucketLifecycleConfiguration": 1, "s3:HeadBucket": 1,
            "TrentService.DescribeKey": 1, "TrentService.GetKeyRotationStatus": 1,
            "s3control:GetPublicAccessBlock": 1,
        },
        "one counter per posture read, under its operation's name",
    )


# read -> the IAM action that must authorise it
POSTURE_IAM = [
    ("s3:GetBucketPolicy", "s3:GetBucketPolicy"),
    ("s3:GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"),
    ("s3:GetBucketAcl", "s3:GetBucketAcl"),
    ("s3:GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"),
    ("s3:GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"),
    ("s3:GetBucketLogging", "s3:GetBucketLogging"),
    ("s3:GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
    ("s3:GetBucketVersioning", "s3:GetBucketVersioning"),
    ("s3:HeadBucket", "s3:ListBucket"),
    ("s3control:GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"),
    ("kms:DescribeKey", "kms:DescribeKey"),
    ("kms:GetKeyRotationStatus", "kms:GetKeyRotationStatus"),
]


def check_iam_enforcement(c: Checks, endpoint: str) -> None:
    """Last: enforcement cannot be switched off again."""
    c.section("IAM enforcement: posture reads authorised by their real IAM actions")
    bucket = "lineage-locked"

    def policy(actions: list[str]) -> dict[str, Any]:
        s3_actions = [a for a in actions if a.startswith("s3:") and a != "s3:GetAccountPublicAccessBlock"]
        statements = []
        if s3_actions:
            statements.append({"Effect": "Allow", "Action": s3_actions, "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]})
        if "s3:GetAccountPublicAccessBlock" in actions:
            statements.append({"Effect": "Allow", "Action": "s3:GetAccountPublicAccessBlock", "Resource": "*"})
        kms_actions = [a for a in actions if a.startswith("kms:")]
        if kms_actions:
            statements.append({"Effect": "Allow", "Action": kms_actions, "Resource": "arn:aws:kms:us-east-1:123456789012:key/*"})
        return {"Version": "2012-10-17", "Statement": statements}

    def principal(name: str, actions: list[str]) -> tuple[str, str]:
        req = urllib.request.Request(
            endpoint + f"/_lineage/iam/principal?name={name}", method="POST", data=json.dumps(policy(actions)).encode()
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            key = json.loads(resp.read())
        return key["AccessKeyId"], key["SecretAccessKey"]

    every = [action for _, action in POSTURE_IAM]
    keys = {"all": principal("posture-all", every)}
    for op, action in POSTURE_IAM:
        keys[op] = principal("posture-no-" + op.replace(":", "-").replace(".", "-"), [a for a in every if a != action])
    http_json("POST", endpoint + "/_lineage/iam/enforce")

    botocore_session = botocore.session.get_session()  # loads each service model once
    cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1, "mode": "standard"})

    def client(service: str, key: tuple[str, str]) -> Any:
        return botocore_session.create_client(
            service, region_name=REGION, endpoint_url=endpoint, config=cfg,
            aws_access_key_id=key[0], aws_secret_access_key=key[1],
        )

    def call(op: str, key: tuple[str, str]) -> tuple[int, str]:
        """-> (HTTP status, error message or '')"""
        if op.startswith("s3control:"):
            status, body, _ = signed_request(endpoint, "GET", "/v20180820/configuration/publicAccessBlock", "s3", {"x-amz-account-id": ACCOUNT}, key=key)
            return status, body.decode("utf-8", "replace") if status >= 300 else ""
        try:
            if op.startswith("kms:"):
                kms = client("kms", key)
                fn = kms.describe_key if op == "kms:DescribeKey" else kms.get_key_rotation_status
                response = fn(KeyId=LOCKED_KEY.rsplit("/", 1)[-1])
            else:
                s3 = client("s3", key)
                method = {
                    "s3:GetBucketPolicy": s3.get_bucket_policy,
                    "s3:GetBucketPolicyStatus": s3.get_bucket_policy_status,
                    "s3:GetBucketAcl": s3.get_bucket_acl,
                    "s3:GetBucketOwnershipControls": s3.get_bucket_ownership_controls,
                    "s3:GetObjectLockConfiguration": s3.get_object_lock_configuration,
                    "s3:GetBucketLogging": s3.get_bucket_logging,
                    "s3:GetBucketLifecycleConfiguration": s3.get_bucket_lifecycle_configuration,
                    "s3:GetBucketVersioning": s3.get_bucket_versioning,
                    "s3:HeadBucket": s3.head_bucket,
                }[op]
                response = method(Bucket=bucket)
            return response["ResponseMetadata"]["HTTPStatusCode"], ""
        except ClientError as err:
            return err.response["ResponseMetadata"]["HTTPStatusCode"], str(err.response.get("Error", {}))

    for op, action in POSTURE_IAM:
        status, message = call(op, keys["all"])
        c.eq(status, 200, f"{op} allowed by {action}")
        status, message = call(op, keys[op])
        c.ok(status in (400, 403), f"{op} without {action} -> denied ({status})")
        if not op.startswith("s3:"):
            c.ok(action in message, f"... and the denial names {action}")
    status, message = call("kms:DescribeKey", ("test", "test"))
    c.ok(status == 400 and "UnrecognizedClientException" in message, f"KMS refuses the dummy test key: 400 UnrecognizedClientException ({status} {message})")
    status, message = call("s3control:GetPublicAccessBlock", ("test", "test"))
    c.ok(status == 403 and "<Code>InvalidAccessKeyId</Code>" in message, f"S3 Control refuses it: 403 <ErrorResponse><Error><Code>InvalidAccessKeyId ({status})")
    session = boto3.session.Session(aws_access_key_id=keys["all"][0], aws_secret_access_key=keys["all"][1], region_name=REGION)
    control = s3control_client(session, endpoint, Config(retries={"max_attempts": 1, "mode": "standard"}))
    c.eq(control.get_public_access_block(AccountId=ACCOUNT)["PublicAccessBlockConfiguration"], ACCOUNT_PAB, "boto3 s3control (signs with x-amz-content-sha256) passes the signature check too")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", default=sys.executable, help="interpreter that has requirements.txt installed")
    parser.add_argument("-v", "--verbose", action="store_true", help="print passing checks too")
    args = parser.parse_args()

    c = Checks(args.verbose)
    t0 = time.perf_counter()
    emu = Emulator(args.python, "--port", "0")
    try:
        endpoint = emu.wait_ready()
        print(f"emulator ready at {endpoint} after {time.perf_counter() - t0:.1f}s")
        c.eq(http_json("GET", endpoint + "/_lineage/calls"), {}, "no calls counted at READY (seeding not counted)")
        raw = RawRecorder()
        s3, sm = clients(endpoint, raw)
        check_s3(c, s3, endpoint)
        check_s3_redirects(c, endpoint)
        definitions = check_pipelines(c, sm, s3)
        check_executions(c, sm, definitions, raw)
        check_steps(c, sm, raw)
        check_jobs(c, sm)
        check_churn_weekly(c, sm, s3, definitions)
        check_deployments(c, sm, raw)
        check_posture_buckets(c, s3, endpoint)
        check_default_bucket_owner(c, s3, endpoint)
        check_account_public_access_block(c, endpoint)
        check_kms(c, endpoint, raw)
        check_posture_pipeline(c, sm)
        check_raw_shapes(c, raw)
        check_counters(c, endpoint, s3, sm)
        check_posture_counters(c, endpoint, s3)
        check_latency(c, endpoint, sm)
        check_iam_enforcement(c, endpoint)
    except Exception as exc:  # noqa: BLE001
        import traceback

        traceback.print_exc()
        c.ok(False, f"check run crashed: {exc}")
    finally:
        code = emu.terminate()
        c.eq(code, 0, "SIGTERM -> clean exit 0")
        c.eq(emu.stdout_extra, [], "stdout has nothing but the READY line")
        tracebacks = [l for l in emu.stderr_lines if "Traceback" in l or "Error on request" in l]
        c.eq(tracebacks, [], "no server-side tracebacks on stderr")
    check_startup_errors(c, args.python)
    check_bench_executions(c, args.python)
    check_bench_endpoints(c, args.python)
    check_bench_region(c, args.python)

    print(f"\n{c.passed} checks passed, {len(c.failed)} failed ({time.perf_counter() - t0:.1f}s)")
    if c.failed:
        for f in c.failed:
            print(f"  FAIL {f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
