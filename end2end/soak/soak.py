#!/usr/bin/env python3
"""Soak test: mixed concurrent requests while the AWS emulator injects faults.

Run it with `.ci/soak` (which builds the release server first). It starts the emulator
with the `demo` scenario and the release server with short AWS timeouts and short cache
lifetimes (so that AWS is really called during the soak, not only the caches), then for
`--seconds` (default 120):

- `--workers` threads (default 16) send requests without pause, drawn from a weighted
  mix: `/lineage` of every demo pipeline (latest execution, `fresh=true`, a given
  execution, conditional with `If-None-Match`), the HTML page, `/pipelines`,
  `/executions`, `/healthz`, and bad input (invalid names and regions, unknown
  pipelines and executions, an oversized query);
- a fault thread, every 1-3 s, makes the emulator fail a random
  operation among those the server calls (or `*`): throttling, a bare HTTP 500, or a
  hang of 1-6 s before a 504; for the next 1-20 calls, or for every call during 2-5 s
  and then cleared; and changes the emulator's latency between 0 and 100 ms;
- the server's memory (VmRSS, VmHWM), threads and open files are sampled every 5 s.

`--seed` fixes the fault schedule and each client's sequence of requests; timing, and so
what each fault hits, still varies from run to run.

Every response is classified: status, the `code` of JSON errors, and for `/lineage`
documents the warnings beyond those of the same document without faults (partial
answers). Failures: a 500 (or any 5xx other than 502/503/504), a connection error or a
request outliving the client timeout, a bad request answered with anything but its 4xx
(the unknown pipeline and execution may also get a 502/503/504 while AWS fails, and the
unknown execution a 200 with a warning on the execution), a server crash, `/healthz` or a clean `/lineage` failing once the faults are cleared,
documents still degraded after that, and memory growth (see `memory_verdict`).

Then (unless `--no-ceiling`) the memory phase shows that the cache's byte ceiling holds,
with its own emulator and server (see `ceiling_phase`): the `bench` scenario with
`--ceiling-executions` (default 2000) finished executions, and a server whose cache
nothing expires, bounded by `--cache-mb` (`--ceiling-mb`, default 24) alone;
`--ceiling-workers` clients (default 8) ask `/lineage` of every execution once, while
the server's RSS and the `lineage_cache_bytes`/`lineage_cache_entries` gauges are
sampled every second. It fails on an answer other than 200, a `lineage_cache_bytes`
above the ceiling at the end, or a peak RSS (VmHWM) above the ceiling plus
`--ceiling-overhead-mb`; it reports the total size of the distinct documents served,
what the cache would have held of them without a ceiling.

Prints a summary and writes end2end/soak/RESULTS.md; exits 1 on failure. Every figure in
the results file comes from the run that wrote it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench import ROOT, fmt_ms, free_port, pct, rss_kb, start_emulator  # noqa: E402
from bench import http as request  # noqa: E402

REGION = "us-east-1"
PIPELINES = ["customer-churn", "fraud-detection-nightly", "quality-gate", "wide-pipeline", "never-run",
             "large-pipeline"]
EXECUTIONS = [("customer-churn", "exec-churn-0001"), ("customer-churn", "exec-churn-0002"),
              ("fraud-detection-nightly", "exec-fraud-0042"), ("quality-gate", "exec-qg-0007"),
              ("wide-pipeline", "exec-wide-0001")]
# Bad input: (path, statuses that are right). Validation happens before any AWS call,
# so the first ones must be refused whatever the faults; the unknown pipeline and
# execution need AWS to answer, so a fault may turn their 404 into a 502/503/504.
FAULT_STATUSES = {502, 503, 504}
BAD_INPUT = [
    (f"/lineage?pipeline=../../etc&region={REGION}", {400}),
    ("/lineage?pipeline=customer-churn&region=evil.com", {400}),
    (f"/lineage?region={REGION}", {400}),
    ("/pipelines?region=evil.com", {400}),
    (f"/executions?pipeline=%3Cscript%3E&region={REGION}", {400}),
    (f"/lineage?pipeline={'a' * 5000}&region={REGION}", {414}),
    (f"/lineage?pipeline=no-such-pipeline&region={REGION}&includeLatestExec=true", {404} | FAULT_STATUSES),
    (f"/lineage?pipeline=customer-churn&region={REGION}&execution=exec-nope", {404} | FAULT_STATUSES),
]
# When DescribePipelineExecution itself fails, the server answers the pipeline's graph
# with a warning on the execution instead of a 404 or 5xx: an unverified execution, a
# partial answer rather than a wrong one. Counted, not a failure.
UNKNOWN_EXECUTION = "execution=exec-nope"
KINDS = ["throttle", "error", "hang"]


def lineage_path(pipeline: str, execution: str | None = None, fresh: bool = False) -> str:
    path = f"/lineage?pipeline={pipeline}&region={REGION}"
    path += f"&execution={execution}" if execution else "&includeLatestExec=true"
    return path + ("&fresh=true" if fresh else "")


def doc_key(path: str) -> str:
    """The document a /lineage path asks for, whatever `fresh` says."""
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
    return f"{q.get('pipeline')}/{q.get('execution', 'latest')}"


# --------------------------------------------------------------------------- processes

@contextmanager
def emulator(python: str, log: Path, *args: str):
    """The emulator with ARGS (default: the `demo` scenario), its stderr in LOG."""
    with open(log, "w") as err, start_emulator(python, *(args or ("--scenario", "demo")), stderr=err) as url:
        yield url


def fault_server_options(a: argparse.Namespace) -> list[str]:
    """The server's options in the fault phase: short AWS timeouts and cache lifetimes."""
    return ["--cache-ttl", str(a.cache_ttl), "--live-ttl", str(a.live_ttl),
            "--aws-attempt-timeout", str(a.aws_attempt_timeout), "--aws-timeout", str(a.aws_timeout),
            "--aws-max-attempts", str(a.aws_max_attempts)]


@contextmanager
def server(binary: str, emulator_url: str, options: list[str], log: Path):
    port = free_port()
    env = dict(os.environ)
    env.update({
        "AWS_ENDPOINT_URL": emulator_url, "AWS_ACCESS_KEY_ID": "soak", "AWS_SECRET_ACCESS_KEY": "soak",
        "AWS_REGION": REGION, "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "RUST_LOG": "warn",
        # The run is a test: no colour codes in the log.
        "NO_COLOR": "1",
    })
    args = [binary, "serve", "--addr", f"127.0.0.1:{port}", "--no-index", *options]
    with open(log, "w") as err:
        # cwd: the project, for Leptos.toml (site root target/site), as .ci/bench runs it.
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            if request(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            raise RuntimeError(f"the server did not start (see {log})")
        time.sleep(0.05)
    try:
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def control(emu: str, path: str) -> dict:
    status, _, _, body = request(emu + path, method="POST")
    if status != 200:
        raise RuntimeError(f"emulator {path}: {status} {body[:200]!r}")
    return json.loads(body or b"{}")


def calls(emu: str) -> dict:
    return json.loads(request(f"{emu}/_lineage/calls")[3] or b"{}")


# --------------------------------------------------------------------------- requests

class Client:
    """One HTTP/1.1 request per connection, with the client timeout."""

    def __init__(self, base: str, timeout: float):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = u.hostname, u.port, timeout

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request("GET", path, headers=headers or {})
            r = conn.getresponse()
            body = r.read()
            h = {k.lower(): v for k, v in r.getheaders()}
            if h.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            return r.status, h, body
        finally:
            conn.close()


class Stats:
    """What one worker saw; merged at the end."""

    def __init__(self):
        self.served = 0
        self.status = Counter()          # (class, status)
        self.errors = Counter()          # (status, code) of JSON errors
        self.errors_by_class = Counter()  # (class, status, code)
        self.docs = 0                     # 200 /lineage documents
        self.partial = 0                  # ... with warnings beyond the fault-free document
        self.partial_codes = Counter()    # documents with an extra warning of this code
        self.page_errors = Counter()      # 200 pages showing an error panel, by its code
        self.cache = Counter()            # x-lineage-cache of /lineage answers
        self.latency = defaultdict(list)  # class -> ms
        self.failures = Counter()         # kind
        self.unverified = Counter()       # unknown execution answered 200, by execution warning code
        self.failure_samples: list[str] = []

    def merge(self, o: "Stats") -> None:
        self.served += o.served
        self.docs += o.docs
        self.partial += o.partial
        for k in ("status", "errors", "errors_by_class", "partial_codes", "page_errors", "cache", "failures",
                  "unverified"):
            getattr(self, k).update(getattr(o, k))
        for k, v in o.latency.items():
            self.latency[k].extend(v)
        self.failure_samples.extend(o.failure_samples)

    def fail(self, kind: str, detail: str) -> None:
        self.failures[kind] += 1
        if len(self.failure_samples) < 20:
            self.failure_samples.append(f"{kind}: {detail}")


class Mix:
    """The weighted request mix: (class, path, headers, statuses that are right or None)."""

    WEIGHTS = {"lineage": 28, "lineage fresh": 10, "lineage execution": 8, "conditional": 10, "page": 8,
               "pipelines": 5, "executions": 5, "healthz": 4, "bad input": 8}

    def __init__(self, etags: dict):
        self.classes = list(self.WEIGHTS)
        self.weights = [self.WEIGHTS[c] for c in self.classes]
        self.etags = etags  # path -> last ETag seen (shared by the workers)

    def draw(self, rng: random.Random) -> tuple[str, str, dict, set | None]:
        cls = rng.choices(self.classes, self.weights)[0]
        gz = {"Accept-Encoding": "gzip"} if rng.random() < 0.3 else {}
        if cls == "lineage":
            return cls, lineage_path(rng.choice(PIPELINES)), gz, None
        if cls == "lineage fresh":
            return cls, lineage_path(rng.choice(PIPELINES), fresh=True), gz, None
        if cls == "lineage execution":
            p, e = rng.choice(EXECUTIONS)
            return cls, lineage_path(p, e, fresh=rng.random() < 0.3), gz, None
        if cls == "conditional":
            known = list(self.etags.items())
            if known:
                path, etag = rng.choice(known)
                return cls, path, {**gz, "If-None-Match": etag}, None
            return cls, lineage_path(rng.choice(PIPELINES)), gz, None
        if cls == "page":
            return cls, f"/?pipeline={rng.choice(PIPELINES)}&region={REGION}", gz, None
        if cls == "pipelines":
            return cls, f"/pipelines?region={REGION}", gz, None
        if cls == "executions":
            return cls, f"/executions?pipeline={rng.choice(PIPELINES)}&region={REGION}", gz, None
        if cls == "healthz":
            return cls, "/healthz", {}, {200}
        path, ok = rng.choice(BAD_INPUT)
        return cls, path, gz, ok


ERROR_PANEL = re.compile(rb'data-testid="error"[^>]*data-code="([^"]*)"|data-code="([^"]*)"[^>]*data-testid="error"')


def classify(st: Stats, cls: str, path: str, ok: set | None, status: int, headers: dict, body: bytes,
             baseline: dict, etags: dict) -> None:
    st.served += 1
    st.status[(cls, status)] += 1
    ctype = headers.get("content-type", "")
    if ok is not None and status not in ok:
        codes = execution_warnings(body) if status == 200 and UNKNOWN_EXECUTION in path else []
        if codes:
            st.unverified[codes[0]] += 1
            return
        st.fail("wrong status", f"{cls} {path[:80]} -> {status} {body[:160]!r}")
    if status >= 500 and status not in FAULT_STATUSES:
        st.fail(f"HTTP {status}", f"{cls} {path[:80]}: {body[:200]!r}")
    if status >= 400:
        code = "(no JSON body)"
        if "json" in ctype:
            try:
                code = json.loads(body).get("code") or "(no code)"
            except (ValueError, AttributeError):
                code = "(unparsable JSON)"
        elif cls == "page" and (m := ERROR_PANEL.search(body)):
            # Pages answer with the status of the error their panel explains.
            code = (m.group(1) or m.group(2) or b"?").decode() + " (page)"
        st.errors[(status, code)] += 1
        st.errors_by_class[(cls, status, code)] += 1
        return
    if status == 304:
        if body:
            st.fail("304 with a body", path[:80])
        return
    if path.startswith("/lineage") and status == 200:
        st.cache[headers.get("x-lineage-cache", "none")] += 1
        try:
            doc = json.loads(body)
            warnings = {(w["code"], w["scope"], w["target"]) for w in doc["warnings"]}
            doc["graph"]["nodes"]
        except (ValueError, KeyError, TypeError) as e:
            st.fail("unreadable document", f"{path[:80]}: {e}")
            return
        st.docs += 1
        if headers.get("etag"):
            etags[path] = headers["etag"]
        extra = warnings - baseline.get(doc_key(path), set())
        if extra:
            st.partial += 1
            for code in sorted({w[0] for w in extra}):
                st.partial_codes[code] += 1
    elif cls == "page" and status == 200:
        m = ERROR_PANEL.search(body)
        if m:
            st.page_errors[(m.group(1) or m.group(2) or b"?").decode()] += 1


def execution_warnings(body: bytes) -> list[str]:
    """Codes of a document's warnings on its execution."""
    try:
        return [w["code"] for w in json.loads(body)["warnings"] if w.get("scope") == "execution"]
    except (ValueError, KeyError, TypeError):
        return []


def worker(base: str, a: argparse.Namespace, seed: int, stop: threading.Event, mix: Mix, baseline: dict,
           st: Stats) -> None:
    rng = random.Random(seed)
    client = Client(base, a.client_timeout)
    while not stop.is_set():
        cls, path, headers, ok = mix.draw(rng)
        started = time.perf_counter()
        try:
            status, h, body = client.get(path, headers)
        except TimeoutError:
            st.fail("client timeout", f"{cls} {path[:80]} after {a.client_timeout:g} s")
            continue
        except (OSError, http.client.HTTPException) as e:
            st.fail(f"connection: {type(e).__name__}", f"{cls} {path[:80]}: {e}")
            time.sleep(0.1)
            continue
        st.latency[cls].append((time.perf_counter() - started) * 1000)
        classify(st, cls, path, ok, status, h, body, baseline, mix.etags)


# --------------------------------------------------------------------------- faults

def fault_loop(emu: str, ops: list[str], rng: random.Random, stop: threading.Event, t0: float,
               log: list, latencies: list) -> None:
    """Every 1-3 s: a fault on a random operation (or `*`), counted or for a few seconds;
    and at random, a new emulator latency."""
    permanent_until = None
    next_tick = time.monotonic() + rng.uniform(1, 3)
    while not stop.is_set():
        now = time.monotonic()
        wake = min(next_tick, permanent_until or next_tick)
        if stop.wait(max(0.0, wake - now)):
            break
        now = time.monotonic()
        try:
            if permanent_until and now >= permanent_until:
                control(emu, "/_lineage/faults/clear")
                log.append({"t": now - t0, "clear": True})
                permanent_until = None
            if now < next_tick:
                continue
            next_tick = now + rng.uniform(1, 3)
            op = "*" if rng.random() < 0.1 else rng.choice(ops)
            kind = rng.choice(KINDS)
            q = {"op": op, "kind": kind}
            if kind == "hang":
                q["seconds"] = f"{rng.uniform(1, 6):.1f}"
            entry = {"t": now - t0, "op": op, "kind": kind, "seconds": float(q.get("seconds", 0))}
            if permanent_until is None and rng.random() < 0.2:
                entry["for"] = rng.uniform(2, 5)
                permanent_until = now + entry["for"]
            else:
                q["count"] = str(rng.randint(1, 20))
                entry["count"] = int(q["count"])
            control(emu, "/_lineage/faults?" + urllib.parse.urlencode(q))
            log.append(entry)
            if rng.random() < 0.35:
                ms = 0 if rng.random() < 0.25 else rng.randint(1, 100)
                control(emu, f"/_lineage/latency?ms={ms}")
                latencies.append(ms)
        except (OSError, RuntimeError) as e:  # the emulator must keep answering
            log.append({"t": now - t0, "error": str(e)})


# --------------------------------------------------------------------------- memory

def sampler(pid: int, proc: subprocess.Popen, every: float, stop: threading.Event, t0: float,
            samples: list) -> None:
    while True:
        if proc.poll() is not None:
            return
        try:
            rss, hwm = rss_kb(pid)
            status = Path(f"/proc/{pid}/status").read_text()
            threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except (OSError, AttributeError):
            return
        samples.append({"t": time.monotonic() - t0, "rss": rss, "hwm": hwm, "threads": threads, "fds": fds})
        if stop.wait(every):
            return


def slope_kib_per_min(points: list[tuple[float, float]]) -> float:
    n = len(points)
    mx = sum(t for t, _ in points) / n
    my = sum(v for _, v in points) / n
    var = sum((t - mx) ** 2 for t, _ in points)
    return 60 * sum((t - mx) * (v - my) for t, v in points) / var if var else 0.0


def memory_verdict(samples: list, warmup: float, growth_limit: float, slope_limit: float) -> dict:
    """RSS trend after the warm-up (by then the allocator's arenas and the caches have
    reached their working size): mean of the first vs the last quarter of the samples,
    and the least-squares slope over all of them. It fails only if both exceed their
    limits: a leak shows a large relative growth *and* a sustained slope, while either
    alone is what noise looks like (a short spike in the last quarter, a slight drift over
    a flat series). The defaults, 25 % and 1 MiB/min, are about 10 MiB over the ~40 MiB
    this server uses, and 1.4 GiB a day."""
    post = [s for s in samples if s["t"] >= warmup]
    if len(post) < 8:
        return {"ok": True, "conclusive": False, "n": len(post)}
    q = max(2, len(post) // 4)
    first = sum(s["rss"] for s in post[:q]) / q
    last = sum(s["rss"] for s in post[-q:]) / q
    growth = 100 * (last - first) / first
    slope = slope_kib_per_min([(s["t"], s["rss"]) for s in post])
    return {"ok": not (growth > growth_limit and slope > slope_limit), "conclusive": True, "n": len(post),
            "quarter": q, "first": first, "last": last, "growth": growth, "slope": slope}


# --------------------------------------------------------------------------- checks

def fetch_doc(client: Client, path: str) -> tuple[int, dict | None, bytes]:
    status, _, body = client.get(path)
    if status != 200:
        return status, None, body
    return status, json.loads(body), body


def warnings_of(doc: dict) -> set:
    return {(w["code"], w["scope"], w["target"]) for w in doc["warnings"]}


def graph_text(doc: dict) -> str:
    """The graph, for comparison: without the elapsed time of runs still going, which
    grows with the clock."""
    graph = json.loads(json.dumps(doc["graph"]))
    for node in graph.get("nodes", []):
        run = node.get("run")
        if isinstance(run, dict) and not run.get("endTime"):
            run.pop("elapsedSec", None)
    return json.dumps(graph, sort_keys=True)


def doc_paths() -> list[str]:
    return [lineage_path(p) for p in PIPELINES] + [lineage_path(p, e) for p, e in EXECUTIONS]


def baseline_docs(client: Client) -> tuple[dict, dict]:
    """The fault-free documents: warnings and graphs by document."""
    warnings, graphs = {}, {}
    for path in doc_paths():
        status, doc, body = fetch_doc(client, path)
        if status != 200:
            raise RuntimeError(f"fault-free {path} answered {status}: {body[:300]!r}")
        warnings[doc_key(path)] = warnings_of(doc)
        graphs[doc_key(path)] = graph_text(doc)
    return warnings, graphs


def recovery(client: Client, baseline: dict, graphs: dict, wait: float) -> list[str]:
    """After the faults are cleared and the caches have expired, every document must be
    the fault-free one again (fresh=true asks AWS for whatever may change)."""
    problems = []
    time.sleep(wait)
    for path in doc_paths():
        status, doc, body = fetch_doc(client, path + "&fresh=true")
        if status != 200:
            problems.append(f"`{path}&fresh=true` answered {status}: {body[:200].decode(errors='replace')}")
            continue
        key = doc_key(path)
        extra = sorted(warnings_of(doc) - baseline[key])
        missing = sorted(baseline[key] - warnings_of(doc))
        if extra or missing:
            problems.append(f"`{key}`: warnings differ from the fault-free document "
                            f"(extra {extra[:3]}, missing {missing[:3]})")
        elif graph_text(doc) != graphs[key]:
            problems.append(f"`{key}`: graph differs from the fault-free document")
    return problems


# --------------------------------------------------------------------------- the byte ceiling

BENCH_PIPELINE = "bench-pipeline"
# Documents asked one at a time before the RSS baseline ("after the warm-up") is read.
CEILING_WARMUP = 5
# Nothing expires during the phase, so only the byte ceiling can keep the cache down;
# the entry ceiling is far out of reach (each entry then counts at least M MiB / 10^6).
CEILING_ENTRIES = 1_000_000
CEILING_TTL = 3600
GAUGE = re.compile(rb"^lineage_cache_(bytes|entries)\s+([0-9.eE+]+)\s*$", re.M)


def bench_path(k: int) -> str:
    return f"/lineage?pipeline={BENCH_PIPELINE}&region={REGION}&execution=exec-bench-{k:04d}"


def ceiling_server_options(a: argparse.Namespace) -> list[str]:
    return ["--cache-mb", str(a.ceiling_mb), "--cache-entries", str(CEILING_ENTRIES),
            "--cache-ttl", str(CEILING_TTL), "--live-ttl", str(CEILING_TTL)]


def cache_gauges(client: Client) -> tuple[int, int] | None:
    """(`lineage_cache_bytes`, `lineage_cache_entries`) from `/metrics`, None if unread."""
    try:
        status, _, body = client.get("/metrics")
    except (OSError, http.client.HTTPException):
        return None
    found = {m.group(1): int(float(m.group(2))) for m in GAUGE.finditer(body)} if status == 200 else {}
    if b"bytes" not in found or b"entries" not in found:
        return None
    return found[b"bytes"], found[b"entries"]


def ceiling_phase(a: argparse.Namespace, logdir: Path) -> dict:
    """The memory phase: a server whose cache nothing expires (`--cache-ttl` and
    `--live-ttl` of an hour, `--cache-entries` out of reach), so that only the byte
    ceiling `--cache-mb` keeps it down, asked for one distinct document after another:
    `/lineage` of every execution of the bench scenario's pipeline, once each, by
    `--ceiling-workers` clients. Samples every second the server's RSS and the cache
    gauges of `/metrics`; measures the documents served (what the cache would hold of
    them without a ceiling)."""
    r: dict = {"samples": [], "status": Counter(), "cache": Counter(), "latency": [], "docs": {},
               "failures": Counter(), "failure_samples": [], "crashed": None}
    lock = threading.Lock()
    emu_args = ("--scenario", "bench", "--bench-executions", str(a.ceiling_executions), "--step-page-cap", "100")
    server_log = logdir / "ceiling-server.log"
    with emulator(a.python, logdir / "ceiling-emulator.log", *emu_args) as emu, \
            server(a.binary, emu, ceiling_server_options(a), server_log) as (base, proc):
        client = Client(base, a.client_timeout)
        pid = proc.pid
        r["rss_start"] = rss_kb(pid)[0]

        def fail(kind: str, detail: str) -> None:
            r["failures"][kind] += 1
            if len(r["failure_samples"]) < 10:
                r["failure_samples"].append(f"{kind}: {detail}")

        def ask(k: int) -> None:
            path = bench_path(k)
            started = time.perf_counter()
            try:
                status, h, body = client.get(path)
            except TimeoutError:
                with lock:
                    fail("client timeout", f"{path} after {a.client_timeout:g} s")
                return
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    fail(f"connection: {type(e).__name__}", f"{path}: {e}")
                return
            ms = (time.perf_counter() - started) * 1000
            digest = hashlib.sha256(body).hexdigest() if status == 200 else None
            with lock:
                r["status"][status] += 1
                r["latency"].append(ms)
                if status == 200:
                    r["docs"][digest] = len(body)
                    r["cache"][h.get("x-lineage-cache", "none")] += 1
                else:
                    fail(f"HTTP {status}", f"{path}: {body[:200]!r}")

        executions = list(range(1, a.ceiling_executions + 1))
        for k in executions[:CEILING_WARMUP]:
            ask(k)
        r["rss_warm"] = rss_kb(pid)[0]
        request(f"{emu}/_lineage/calls/reset", method="POST")

        todo = iter(executions[CEILING_WARMUP:])
        stop = threading.Event()

        def work() -> None:
            while not stop.is_set():
                with lock:
                    k = next(todo, None)
                if k is None:
                    return
                ask(k)

        def sample() -> None:
            while proc.poll() is None:
                try:
                    rss, hwm = rss_kb(pid)
                except (OSError, AttributeError):
                    return
                gauges = cache_gauges(client)
                with lock:
                    served = len(r["latency"])
                r["samples"].append({"t": time.monotonic() - t1, "served": served, "rss": rss, "hwm": hwm,
                                     "bytes": gauges[0] if gauges else None,
                                     "entries": gauges[1] if gauges else None})
                if stop.wait(a.ceiling_sample_every):
                    return

        t1 = time.monotonic()
        sampler_thread = threading.Thread(target=sample)
        sampler_thread.start()
        workers = [threading.Thread(target=work) for _ in range(a.ceiling_workers)]
        for t in workers:
            t.start()
        for t in workers:
            t.join()
        r["seconds"] = time.monotonic() - t1
        stop.set()
        sampler_thread.join()
        r["aws_calls"] = sum(calls(emu).values())
        if proc.poll() is None:
            r["rss_end"], r["hwm"] = rss_kb(pid)
            r["gauges"] = cache_gauges(client)
        else:
            r["crashed"] = proc.returncode
    log_lines = re.sub(r"\x1b\[[0-9;]*m", "", server_log.read_text(errors="replace")).splitlines() \
        if server_log.exists() else []
    r["log"] = {"lines": len(log_lines), "warn": sum(" WARN " in x for x in log_lines),
                "error": sum(" ERROR " in x for x in log_lines), "panic": sum("panicked" in x for x in log_lines)}
    samples = r["samples"]
    r["peak"] = max([r.get("hwm", 0)] + [s["hwm"] for s in samples])
    seen = [s["bytes"] for s in samples if s["bytes"] is not None] + ([r["gauges"][0]] if r.get("gauges") else [])
    r["max_bytes_seen"] = max(seen) if seen else None
    r["doc_bytes"] = sum(r["docs"].values())
    r["requests"] = sum(r["status"].values()) + sum(r["failures"][k] for k in r["failures"]
                                                    if not k.startswith("HTTP "))
    return r


def ceiling_checks(a: argparse.Namespace, r: dict) -> dict[str, tuple[bool, str]]:
    checks = {}
    ok200 = r["status"].get(200, 0)
    bad = r["requests"] - ok200
    checks[f"memory phase: every `/lineage` of the {a.ceiling_executions} executions answered 200"] = (
        bad == 0 and r["crashed"] is None and ok200 == a.ceiling_executions,
        f"{ok200} of {r['requests']}" + (f"; server exit {r['crashed']}" if r["crashed"] is not None else ""))
    ceiling = a.ceiling_mb << 20
    gauges = r.get("gauges")
    checks[f"memory phase: `lineage_cache_bytes` ≤ `--cache-mb {a.ceiling_mb}` at the end"] = (
        gauges is not None and gauges[0] <= ceiling,
        f"{gauges[0] / 2**20:.1f} MiB in {gauges[1]} entries" if gauges else "`/metrics` unread")
    limit = a.ceiling_mb + a.ceiling_overhead_mb
    checks[f"memory phase: peak RSS ≤ {a.ceiling_mb} + {a.ceiling_overhead_mb:g} MiB"] = (
        r["peak"] <= limit * 1024, f"{mib(r['peak'])}")
    return checks


def ceiling_report(a: argparse.Namespace, r: dict, say) -> None:
    ceiling = a.ceiling_mb << 20
    docs, doc_bytes = len(r["docs"]), r["doc_bytes"]
    lat = r["latency"]
    gauges = r.get("gauges")
    say("## Memory under the byte ceiling\n")
    say(f"A second emulator and server: the `bench` scenario with {a.ceiling_executions} finished executions of "
        f"`{BENCH_PIPELINE}` (`--bench-executions {a.ceiling_executions} --step-page-cap 100`), and the server "
        f"with `{' '.join(ceiling_server_options(a))}`: nothing expires and the entry ceiling is out of reach, so "
        f"only the byte ceiling can keep the cache down. {a.ceiling_workers} clients asked `/lineage` of every "
        f"execution once (the first {CEILING_WARMUP} one at a time, as a warm-up): "
        f"**{r['requests']}** requests, {r['status'].get(200, 0)} answered 200, in {r['seconds']:.0f} s after "
        f"the warm-up ({(r['requests'] - CEILING_WARMUP) / max(r['seconds'], 1e-9):.0f}/s; latency p50 "
        + (f"{fmt_ms(pct(lat, .5))}, p95 {fmt_ms(pct(lat, .95))}, max {fmt_ms(max(lat))}" if lat else "–")
        + f"); {r['aws_calls']} AWS calls after the warm-up; answers built: {r['cache'].get('miss', 0)}, "
        f"from the cache: {r['cache'].get('hit', 0)}.\n")
    say(f"The **{docs}** distinct documents served take **{doc_bytes / 2**20:.1f} MiB** of JSON "
        f"({doc_bytes / max(docs, 1) / 1024:.1f} KiB each): what the documents alone would have kept in the cache "
        f"without a ceiling, **{doc_bytes / ceiling:.1f}×** the {a.ceiling_mb} MiB ceiling"
        + (" (below it: this run does not test the ceiling; raise `--ceiling-executions`)"
           if doc_bytes <= ceiling else "") + ". "
        + (f"At the end the cache held **{gauges[0] / 2**20:.1f} MiB** (`lineage_cache_bytes`, its estimate) in "
           f"**{gauges[1]}** entries (`lineage_cache_entries`)" if gauges else "`/metrics` could not be read at the end")
        + (f"; the most it held in any sample (every {a.ceiling_sample_every:g} s, and at the end): "
           f"{r['max_bytes_seen'] / 2**20:.1f} MiB" if r["max_bytes_seen"] is not None else "")
        + ".\n")
    limit = a.ceiling_mb + a.ceiling_overhead_mb
    say(f"Server RSS: after start **{mib(r['rss_start'])}**, after the warm-up **{mib(r['rss_warm'])}**, "
        f"peak (VmHWM) **{mib(r['peak'])}**"
        + (f", at the end **{mib(r['rss_end'])}**" if "rss_end" in r else "")
        + f"; the limit is the ceiling plus a fixed overhead (`--ceiling-overhead-mb`), {a.ceiling_mb} + "
        f"{a.ceiling_overhead_mb:g} = {limit:g} MiB. Server log: {r['log']['lines']} lines, "
        f"{r['log']['warn']} warnings, {r['log']['error']} errors, {r['log']['panic']} panics.\n")
    samples = r["samples"]
    if samples:
        say("| t (s) | documents served | RSS | cache bytes | cache entries | RSS − cache bytes |")
        say("|---:|---:|---:|---:|---:|---:|")
        every = max(1, -(-len(samples) // 30))
        for i, s in enumerate(samples):
            if i % every and i != len(samples) - 1:
                continue
            b = s["bytes"]
            say(f"| {s['t']:.0f} | {s['served']} | {mib(s['rss'])} | "
                + (f"{b / 2**20:.1f} MiB | {s['entries']} | {mib(s['rss'] - b / 1024)} |" if b is not None
                   else "– | – | – |"))
        say("")
    if r["failure_samples"]:
        say("First failures:\n")
        for f in r["failure_samples"]:
            say(f"- `{f[:300]}`")
        say("")


# --------------------------------------------------------------------------- report

def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def command_line() -> str:
    args, skip = [], False
    for arg in sys.argv[1:]:
        if skip:
            skip = False
        elif arg in ("--binary", "--out"):
            skip = True
        elif not arg.startswith(("--binary=", "--out=")):
            args.append(arg)
    return " ".join([".ci/soak"] + args)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True, help="the release server binary")
    ap.add_argument("--python", default=sys.executable, help="the emulator's Python")
    ap.add_argument("--seconds", type=float, default=120, help="length of the soak")
    ap.add_argument("--workers", type=int, default=16, help="concurrent clients")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache-ttl", type=int, default=2, help="the server's --cache-ttl")
    ap.add_argument("--live-ttl", type=int, default=1, help="the server's --live-ttl")
    ap.add_argument("--aws-attempt-timeout", type=int, default=2)
    ap.add_argument("--aws-timeout", type=int, default=5)
    ap.add_argument("--aws-max-attempts", type=int, default=3)
    ap.add_argument("--client-timeout", type=float, default=60,
                    help="seconds a request may take before it counts as stuck (a failure)")
    ap.add_argument("--sample-every", type=float, default=5, help="seconds between memory samples")
    ap.add_argument("--warmup", type=float, default=20, help="seconds of samples left out of the memory trend")
    ap.add_argument("--max-growth", type=float, default=25,
                    help="%% growth of mean RSS, last vs first quarter, that fails (with --max-slope)")
    ap.add_argument("--max-slope", type=float, default=1024,
                    help="RSS slope in KiB/min that fails (with --max-growth)")
    ap.add_argument("--no-ceiling", action="store_true", help="skip the memory phase (the byte ceiling)")
    ap.add_argument("--ceiling-executions", type=int, default=2000,
                    help="memory phase: executions of the bench pipeline, one distinct document each")
    ap.add_argument("--ceiling-mb", type=int, default=24, help="memory phase: the server's --cache-mb")
    # The fixed overhead: what the server takes beside its cache. Measured on 2 cores
    # (release build, 8 clients): RSS 19-20 MiB after start and 31 MiB after the warm-up
    # of 5 documents; during the phase the RSS above `lineage_cache_bytes` rose to
    # 41-47 MiB (the working memory of 8 documents being built, allocator arenas keeping
    # freed memory, per-entry costs beyond the estimate), with ceilings of 8, 24 and
    # 48 MiB and 2000 or 6000 documents, flat by the end. So: the warm RSS doubled for
    # margin, rounded up to 64 MiB. That leaves ~17 MiB of headroom at 24 MiB, yet fails
    # if the cache really took about twice its ceiling (the documents alone are
    # ~180 MiB). More cores mean more threads and arenas: pass a larger value there.
    ap.add_argument("--ceiling-overhead-mb", type=float, default=64,
                    help="memory phase: MiB the peak RSS may exceed --ceiling-mb by (fixed overhead)")
    ap.add_argument("--ceiling-workers", type=int, default=8, help="memory phase: concurrent clients")
    ap.add_argument("--ceiling-sample-every", type=float, default=1,
                    help="memory phase: seconds between RSS and `/metrics` samples")
    ap.add_argument("--keep-logs", action="store_true", help="keep the server and emulator logs")
    ap.add_argument("--out", default=str(ROOT / "end2end" / "soak" / "RESULTS.md"))
    a = ap.parse_args()
    if not os.access(a.binary, os.X_OK):
        print(f"no server binary at {a.binary}", file=sys.stderr)
        return 2

    logdir = Path(tempfile.mkdtemp(prefix="lineage-soak-"))
    server_log, emulator_log = logdir / "server.log", logdir / "emulator.log"
    started_at = dt.datetime.now(dt.timezone.utc)
    load_before = os.getloadavg()[0]
    stats = Stats()
    fault_log: list = []
    latency_log: list = []
    samples: list = []
    checks: dict[str, tuple[bool, str]] = {}
    crashed = None
    with emulator(a.python, emulator_log) as emu, \
            server(a.binary, emu, fault_server_options(a), server_log) as (base, proc):
        client = Client(base, a.client_timeout)
        # Fault-free documents, and the AWS operations the server calls (the fault targets).
        baseline, graphs = baseline_docs(client)
        for path in [f"/pipelines?region={REGION}", f"/executions?pipeline=customer-churn&region={REGION}",
                     f"/?pipeline=customer-churn&region={REGION}", BAD_INPUT[-2][0]]:
            client.get(path)
        ops = sorted(calls(emu))
        request(f"{emu}/_lineage/calls/reset", method="POST")

        stop = threading.Event()
        t0 = time.monotonic()
        sample_thread = threading.Thread(target=sampler, args=(proc.pid, proc, a.sample_every, stop, t0, samples))
        sample_thread.start()
        mix = Mix({})
        per_worker = [Stats() for _ in range(a.workers)]
        workers = [threading.Thread(target=worker, args=(base, a, a.seed * 1000 + i, stop, mix, baseline, s))
                   for i, s in enumerate(per_worker)]
        faults = threading.Thread(target=fault_loop,
                                  args=(emu, ops, random.Random(a.seed), stop, t0, fault_log, latency_log))
        for t in workers + [faults]:
            t.start()
        end = t0 + a.seconds
        while time.monotonic() < end:
            if proc.poll() is not None:
                crashed = proc.returncode
                break
            time.sleep(min(1.0, max(0.0, end - time.monotonic())))
        stop.set()
        soak_seconds = time.monotonic() - t0
        faults.join()
        control(emu, "/_lineage/faults/clear")
        control(emu, "/_lineage/latency?ms=0")
        for t in workers:
            t.join(a.client_timeout + 10)
        stuck_workers = sum(t.is_alive() for t in workers)
        drained_seconds = time.monotonic() - t0 - soak_seconds
        sample_thread.join()
        for s in per_worker:
            stats.merge(s)
        aws_calls = calls(emu)
        load_after = os.getloadavg()[0]

        if crashed is None and proc.poll() is not None:
            crashed = proc.returncode
        if crashed is None:
            rss_end = rss_kb(proc.pid)
            samples.append({"t": time.monotonic() - t0, "rss": rss_end[0], "hwm": rss_end[1],
                            "threads": samples[-1]["threads"] if samples else 0,
                            "fds": len(os.listdir(f"/proc/{proc.pid}/fd"))})
            try:
                hz = client.get("/healthz")[0]
            except OSError as e:
                hz = f"{type(e).__name__}"
            checks["`/healthz` answers 200 after the soak"] = (hz == 200, f"{hz}")
            try:
                st, _, body = client.get(lineage_path("customer-churn", fresh=True))
                checks["a clean `/lineage` answers 200 once the faults are cleared"] = (
                    st == 200, f"{st}" + ("" if st == 200 else f" {body[:200]!r}"))
                problems = recovery(client, baseline, graphs, a.cache_ttl + 1)
            except OSError as e:
                checks["a clean `/lineage` answers 200 once the faults are cleared"] = (False, str(e))
                problems = [str(e)]
            checks["every document is the fault-free one again (after the cache TTL)"] = (
                not problems, "; ".join(problems) or f"{len(doc_paths())} documents identical")
        checks["the server did not crash"] = (crashed is None, "" if crashed is None else f"exit {crashed}")

    # ---- the memory phase, with its own emulator and server
    ceiling = None
    if not a.no_ceiling:
        print(f"soak: memory phase ({a.ceiling_executions} documents, --cache-mb {a.ceiling_mb})", file=sys.stderr)
        ceiling = ceiling_phase(a, logdir)

    log_text = server_log.read_text(errors="replace") if server_log.exists() else ""
    log_lines = re.sub(r"\x1b\[[0-9;]*m", "", log_text).splitlines()
    panics = [line for line in log_lines if "panicked" in line]
    error_lines = [line for line in log_lines if " ERROR " in line]
    warn_lines = sum(" WARN " in line for line in log_lines)
    aws_failed = sum(" WARN " in line and "AWS call failed" in line for line in log_lines)

    # ---- verdicts
    five_hundreds = sum(n for (_, status), n in stats.status.items() if status >= 500 and status not in FAULT_STATUSES)
    conn_failures = sum(n for k, n in stats.failures.items() if k.startswith("connection") or k == "client timeout")
    wrong = stats.failures.get("wrong status", 0)
    checks["no 500 (nor any 5xx but 502/503/504)"] = (five_hundreds == 0, f"{five_hundreds}")
    checks["no connection error, no request beyond the client timeout"] = (
        conn_failures == 0 and stuck_workers == 0,
        f"{conn_failures}" + (f"; {stuck_workers} workers still waiting" if stuck_workers else ""))
    checks["bad input always refused with its 4xx (and `/healthz` always 200)"] = (wrong == 0, f"{wrong} wrong")
    other = {k: n for k, n in stats.failures.items()
             if not (k.startswith("connection") or k in ("client timeout", "wrong status") or k.startswith("HTTP "))}
    checks["every 200 document readable, every 304 empty"] = (not other, ", ".join(f"{k}: {n}" for k, n in other.items()) or "yes")
    checks["no panic in the server log"] = (not panics, f"{len(panics)}")
    mem = memory_verdict(samples, a.warmup, a.max_growth, a.max_slope)
    checks[f"no memory growth (fails if last-quarter mean > first by {a.max_growth:g} % and slope > "
           f"{a.max_slope:g} KiB/min)"] = (
        mem["ok"], (f"{mem['growth']:+.1f} %, {mem['slope']:+.0f} KiB/min" if mem["conclusive"]
                    else f"inconclusive: {mem['n']} samples after the warm-up (8 needed)"))
    if ceiling is not None:
        checks.update(ceiling_checks(a, ceiling))
    ok = all(v for v, _ in checks.values())

    # ---- report
    lines: list[str] = []
    say = lines.append
    say("# Soak test results\n")
    say(f"Written by `.ci/soak` on {started_at:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, {platform.machine()}; "
        f"release build. {a.seconds:g} s of {a.workers} concurrent clients against the `demo` scenario while "
        f"the emulator injects faults (seed {a.seed}). Server: `--cache-ttl {a.cache_ttl} --live-ttl {a.live_ttl} "
        f"--aws-attempt-timeout {a.aws_attempt_timeout} --aws-timeout {a.aws_timeout} "
        f"--aws-max-attempts {a.aws_max_attempts}`; client timeout {a.client_timeout:g} s. Clients, emulator "
        f"and server share the machine (1-minute load average {load_before:.1f} before, {load_after:.1f} after). "
        + (f"Then a memory phase, with its own emulator and server: {a.ceiling_executions} distinct documents "
           f"through a cache bounded by `--cache-mb {a.ceiling_mb}` alone ([below](#memory-under-the-byte-ceiling)). "
           if ceiling is not None else "The memory phase was skipped (`--no-ceiling`). ")
        + "Every figure below comes from that run.\n")
    say(f"**Verdict: {'PASS' if ok else 'FAIL'}**\n")
    say("| check | result | |")
    say("|---|---|---|")
    for name, (passed, detail) in checks.items():
        say(f"| {name} | {'pass' if passed else '**FAIL**'} | {detail} |")
    say("")

    say("## Load\n")
    rate = stats.served / soak_seconds if soak_seconds else 0
    total_aws = sum(aws_calls.values())
    say(f"**{stats.served}** requests served in {soak_seconds:.0f} s (**{rate:.0f}/s**), "
        f"plus {sum(stats.failures[k] for k in stats.failures if k.startswith('connection') or k == 'client timeout')} "
        f"without an answer; the last in-flight requests took {drained_seconds:.1f} s to finish. "
        f"The server made **{total_aws}** AWS calls ({total_aws / soak_seconds:.0f}/s); "
        f"`/lineage` answers from the document cache: {stats.cache.get('hit', 0)}, "
        f"built: {stats.cache.get('miss', 0)}.\n")
    say("| status | requests |")
    say("|---:|---:|")
    by_status = Counter()
    for (_, status), n in stats.status.items():
        by_status[status] += n
    for status, n in sorted(by_status.items()):
        say(f"| {status} | {n} |")
    say("")

    say("## Errors by kind\n")
    say("JSON error bodies by status and `code` (bad input included: its 400/404/414 are the right answers).\n")
    say("| status | code | requests | of which bad input |")
    say("|---:|---|---:|---:|")
    for (status, code), n in sorted(stats.errors.items(), key=lambda kv: (kv[0][0], -kv[1])):
        bad = sum(m for (cls, s, c), m in stats.errors_by_class.items() if cls == "bad input" and s == status and c == code)
        say(f"| {status} | `{code}` | {n} | {bad} |")
    say("")
    if stats.failures:
        say("Failures:\n")
        for kind, n in stats.failures.most_common():
            say(f"- {kind}: {n}")
        say("\nFirst ones:\n")
        for sample in stats.failure_samples[:10]:
            say(f"- `{sample[:300]}`")
        say("")

    say("## Partial answers\n")
    say(f"Of {stats.docs} `/lineage` documents answered 200, **{stats.partial}** "
        f"({100 * stats.partial / max(1, stats.docs):.1f} %) had warnings beyond those of the same document "
        f"without faults. Documents by code of such an extra warning:\n")
    say("| warning code | documents |")
    say("|---|---:|")
    for code, n in stats.partial_codes.most_common():
        say(f"| `{code}` | {n} |")
    say("")
    if "Error" in stats.partial_codes:
        say("(`Error` is a bucket setting that could not be read for a reason without a code.)\n")
    if stats.unverified:
        say(f"The unknown execution (`{UNKNOWN_EXECUTION}`) was answered 200 {sum(stats.unverified.values())} "
            f"times, with the pipeline's graph and a warning on the execution ("
            + ", ".join(f"`{c}` {n}" for c, n in stats.unverified.most_common())
            + "): DescribePipelineExecution had failed, so the server could not tell it does not exist.\n")
    page_errors = sum(stats.page_errors.values())
    pages = sum(n for (cls, st), n in stats.status.items() if cls == "page" and st == 200)
    say(f"HTML pages answered 200: {pages}, of which {page_errors} show an error panel"
        + (": " + ", ".join(f"`{c}` {n}" for c, n in stats.page_errors.most_common()) if page_errors else "")
        + ".\n")

    say("## Faults injected\n")
    injected = [f for f in fault_log if "kind" in f]
    clears = sum(1 for f in fault_log if f.get("clear"))
    ctl_errors = [f for f in fault_log if "error" in f]
    by_kind = Counter(f["kind"] for f in injected)
    counted = Counter(f["kind"] for f in injected if "count" in f)
    timed = Counter(f["kind"] for f in injected if "for" in f)
    say(f"{len(injected)} faults on {len({f['op'] for f in injected})} operations "
        f"({sum(f['op'] == '*' for f in injected)} on every operation, `*`), "
        f"{clears} clears after the timed ones; emulator latency changed {len(latency_log)} times "
        + (f"({min(latency_log)}–{max(latency_log)} ms)" if latency_log else "")
        + (f"; {len(ctl_errors)} control requests failed" if ctl_errors else "") + ".\n")
    say("| kind | injected | next 1–20 calls (calls in all) | every call for 2–5 s (seconds in all) |")
    say("|---|---:|---:|---:|")
    for kind in KINDS:
        say(f"| {kind} | {by_kind[kind]} | {counted[kind]} "
            f"({sum(f.get('count', 0) for f in injected if f['kind'] == kind)}) | {timed[kind]} "
            f"({sum(f.get('for', 0) for f in injected if f['kind'] == kind):.0f}) |")
    hangs = [f["seconds"] for f in injected if f["kind"] == "hang"]
    if hangs:
        say(f"\nHangs lasted {min(hangs):.1f}–{max(hangs):.1f} s before the emulator's 504 "
            f"(the server gives up an attempt after {a.aws_attempt_timeout} s).\n")
    say("AWS calls during the soak, by operation (faulted ones included):\n")
    say("| operation | calls |")
    say("|---|---:|")
    for op, n in sorted(aws_calls.items()):
        say(f"| `{op}` | {n} |")
    say("")

    say("## Latency by request class\n")
    say("| class | requests | p50 | p95 | p99 | max | over " + f"{a.aws_timeout} s | over {2 * a.aws_timeout} s |")
    say("|---|---:|---:|---:|---:|---:|---:|---:|")
    for cls in Mix.WEIGHTS:
        v = stats.latency.get(cls)
        if not v:
            continue
        say(f"| {cls} | {len(v)} | {fmt_ms(pct(v, .5))} | {fmt_ms(pct(v, .95))} | {fmt_ms(pct(v, .99))} | "
            f"{fmt_ms(max(v))} | {sum(x > a.aws_timeout * 1000 for x in v)} | "
            f"{sum(x > 2 * a.aws_timeout * 1000 for x in v)} |")
    say("")

    say("## Memory\n")
    if samples:
        s0, s1 = samples[0], samples[-1]
        say(f"Server RSS at start **{mib(s0['rss'])}**, at end **{mib(s1['rss'])}**, peak (VmHWM) "
            f"**{mib(max(s['hwm'] for s in samples))}**; threads {s0['threads']} → {s1['threads']}, "
            f"open files {s0['fds']} → {s1['fds']}; {len(samples)} samples every {a.sample_every:g} s.\n")
        if mem["conclusive"]:
            say(f"Trend over the {mem['n']} samples after the {a.warmup:g} s warm-up: mean of the first "
                f"{mem['quarter']} {mib(mem['first'])}, of the last {mem['quarter']} {mib(mem['last'])} "
                f"(**{mem['growth']:+.1f} %**); least-squares slope **{mem['slope']:+.0f} KiB/min** "
                f"({mem['slope'] * 60 / 1024:+.0f} MiB/hour if it went on). "
                f"It fails only if the growth exceeds {a.max_growth:g} % *and* the slope exceeds "
                f"{a.max_slope:g} KiB/min: a leak shows both, noise (a spike in the last quarter, a slight "
                f"drift over a flat series) only one.\n")
            if mem["ok"] and mem["slope"] > a.max_slope:
                say("The slope alone is above its limit: a longer run (`--seconds 600`) would tell a slow "
                    "leak from noise.\n")
        else:
            say(f"Too few samples after the {a.warmup:g} s warm-up for a trend ({mem['n']}; 8 needed).\n")
        say("| t (s) | RSS | peak | threads | open files |")
        say("|---:|---:|---:|---:|---:|")
        every = max(1, -(-len(samples) // 30))
        for i, s in enumerate(samples):
            if i % every and i != len(samples) - 1:
                continue
            say(f"| {s['t']:.0f} | {mib(s['rss'])} | {mib(s['hwm'])} | {s['threads']} | {s['fds']} |")
        say("")

    say("## Server log\n")
    say(f"{len(log_lines)} lines (`RUST_LOG=warn`): {warn_lines} warnings ({aws_failed} of them \"AWS call "
        f"failed\", after the SDK's retries), {len(error_lines)} errors, "
        f"{len(panics)} panics.\n")
    for line in (panics + error_lines)[:5]:
        say(f"- `{line[:300]}`")
    if panics or error_lines:
        say("")
    if ceiling is not None:
        ceiling_report(a, ceiling, say)
    say(f"Command: `{command_line()}`\n")

    report = "\n".join(lines)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(report)
    print(report)
    five_xx = sum(n for (status, _), n in stats.errors.items() if status >= 500)
    print(f"\nsoak: {'PASS' if ok else 'FAIL'}: {stats.served} requests in {soak_seconds:.0f} s ({rate:.0f}/s); "
          f"5xx {five_xx} (" + ", ".join(f"{s} {c}: {n}" for (s, c), n in sorted(stats.errors.items()) if s >= 500)
          + f"); 500s {five_hundreds}; failures {sum(stats.failures.values())}; partial documents {stats.partial}; "
          + (f"RSS {mib(samples[0]['rss'])} -> {mib(samples[-1]['rss'])}" if samples else "no RSS samples")
          + (f", slope {mem['slope']:+.0f} KiB/min" if mem["conclusive"] else ""))
    if ceiling is not None:
        g = ceiling.get("gauges")
        print(f"soak: memory phase: {ceiling['status'].get(200, 0)} of {ceiling['requests']} answered 200; "
              f"documents {ceiling['doc_bytes'] / 2**20:.1f} MiB; cache at the end "
              + (f"{g[0] / 2**20:.1f} MiB in {g[1]} entries" if g else "unread")
              + f" (ceiling {a.ceiling_mb} MiB); RSS {mib(ceiling['rss_start'])} -> peak {mib(ceiling['peak'])} "
              f"(limit {a.ceiling_mb + a.ceiling_overhead_mb:g} MiB)")
    if ok and not a.keep_logs:
        shutil.rmtree(logdir, ignore_errors=True)
    else:
        print(f"\nlogs kept in {logdir}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
