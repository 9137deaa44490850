#!/usr/bin/env python3
"""Scale benchmark of the lineage index against a generated region in the AWS emulator.

Run it with `.ci/bench-index` (which builds the release server first). It starts the
emulator with the `bench` scenario's region (`--bench-pipelines N
--bench-executions-per-pipeline M --bench-endpoints D`, no added latency, pages of 100
steps as real AWS gives them) and, on SQLite and then on PostgreSQL, runs the release
server with `--index-regions us-east-1 --index-rps R --index-interval 5` and measures:

- the first full pass: its duration (`lineage_index_last_pass_duration_milliseconds`)
  against the rate limit's floor, the crawler's reads ÷ R (target: within the floor
  plus 10 %), the crawler's reads (`lineage_index_aws_calls`) and the calls the
  emulator served, by operation; the process CPU and the emulator's call rate while
  it runs, to show what paced it;
- the second pass with nothing changed: the calls the emulator served (target: at most
  one per pipeline);
- `/overview` and `/locations` (a bucket, a prefix, an object) from the index: 1000
  sequential requests each (or as many as fit in `--max-seconds`), p50 / p95 / p99
  (target: p99 under 50 ms), then wrk with `--connections` connections;

and finally two replicas on one PostgreSQL database and the same emulator: the calls
the emulator served until both have seen the region indexed and a few passes more
(target: the reads of one pass, not two), then the lease holder stops and the other
takes the region over from the shared index.

After the PostgreSQL run's measurements it turns on `auto_explain` (loaded at the
cluster's start, off until then) and asks each answer once more: the plans and times of
the very statements the server ran (where the time goes), read from the cluster's CSV
log; with `--ceiling-rps N` it also times a first pass on SQLite at that rate (e.g.
1000, the most the server accepts), to show what paces the crawler itself.

Every figure in the results file (`end2end/bench/INDEX_RESULTS.md`) comes from the run
that wrote it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client as httpclient
import json
import math
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EMULATOR_DIR = ROOT / "end2end" / "emulator"
REGION = "us-east-1"
# The emulator's ListPipelines page (its default MaxResults, which the server does not set).
LIST_PIPELINES_PAGE = 50
# Operations a pass makes for every pipeline or execution it reads (not the lists).
PER_ITEM_OPS = (
    "SageMaker.ListPipelineExecutions",
    "SageMaker.DescribePipelineExecution",
    "SageMaker.DescribePipelineDefinitionForExecution",
    "SageMaker.ListPipelineExecutionSteps",
    "SageMaker.ListPipelineParametersForExecution",
    "SageMaker.DescribeProcessingJob",
    "SageMaker.DescribeTrainingJob",
    "SageMaker.DescribeModelPackage",
    "SageMaker.DescribeEndpoint",
    "SageMaker.DescribeEndpointConfig",
    "SageMaker.DescribeModel",
)


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url: str, method: str = "GET", timeout: float = 120) -> tuple[int, bytes]:
    req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def fmt_ms(v: float) -> str:
    return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def fmt_s(ms: float) -> str:
    return f"{ms / 1000:.1f} s"


# --- processes -------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (seconds)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine."""
    parts = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = parts[3] + (parts[4] if len(parts) > 4 else 0)
    return sum(parts) - idle, sum(parts)


def rss_mib(pid: int) -> float:
    try:
        m = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
        return int(m.group(1)) / 1024 if m else float("nan")
    except OSError:
        return float("nan")


class Emulator:
    """The emulator (`python -m lineage_emulator --port 0 ARGS`)."""

    def __init__(self, python: str, args: list[str]) -> None:
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [python, "-m", "lineage_emulator", "--port", "0", *args, "--exit-on-stdin-eof"],
            cwd=EMULATOR_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.stderr: list[str] = []
        threading.Thread(target=lambda: [self.stderr.append(l) for l in self.proc.stderr], daemon=True).start()
        line = self.proc.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError("the emulator did not start:\n" + "".join(self.stderr[-30:]))
        self.url = line.split()[1]
        self.ready_s = time.perf_counter() - started
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def calls(self) -> dict[str, int]:
        return json.loads(http(f"{self.url}/_lineage/calls")[1] or b"{}")

    def reset(self) -> dict[str, int]:
        """Zeroes the counts; returns them as they were (one step: no call is lost)."""
        return json.loads(http(f"{self.url}/_lineage/calls/reset", method="POST")[1] or b"{}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Server:
    """The release server with the index on, its JSON log in `log_path`."""

    def __init__(self, binary: str, emulator_url: str, index_args: list[str], log_path: Path, rps: int,
                 interval: int, name: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.name = name
        env = dict(os.environ)
        env.update({
            "AWS_ENDPOINT_URL": emulator_url, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_REGION": REGION, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "RUST_LOG": "info,aws_config=warn", "LINEAGE_LOG_FORMAT": "json", "HOSTNAME": name,
        })
        for key in [k for k in env if k.startswith("LINEAGE_") and k != "LINEAGE_LOG_FORMAT"]:
            env.pop(key)
        self.log_file = open(log_path, "w")
        self.proc = subprocess.Popen(
            [binary, "serve", "--addr", f"127.0.0.1:{self.port}", "--index-regions", REGION,
             "--index-rps", str(rps), "--index-interval", str(interval), *index_args],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log_file,
        )
        deadline = time.time() + 60
        while True:
            try:
                if http(f"{self.base}/healthz", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start; log:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.05)
        self.started = time.time()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def metrics(self) -> dict[str, float]:
        """The index's metrics for the region (names without the `lineage_` prefix)."""
        out: dict[str, float] = {}
        text = http(f"{self.base}/metrics", timeout=30)[1].decode()
        for line in text.splitlines():
            m = re.match(r'lineage_(index_[a-z_]+?)(?:_total)?\{([^}]*)\}\s+([-\d.e+]+)', line)
            if m and f'region="{REGION}"' in m.group(2):
                key = m.group(1)
                if key == "index_errors":
                    kind = re.search(r'kind="([^"]*)"', m.group(2))
                    key = f"index_errors[{kind.group(1) if kind else '?'}]"
                out[key] = out.get(key, 0) + float(m.group(3))
        return out

    def passes(self) -> list[dict]:
        """The `index pass` lines of its log (JSON fields)."""
        out = []
        for line in self.log_path.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            fields = entry.get("fields", {})
            if fields.get("message") == "index pass":
                out.append(dict(fields, at=entry.get("timestamp")))
        return out

    def warnings(self) -> list[str]:
        out = []
        for line in self.log_path.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                out.append(line)
                continue
            if entry.get("level") in ("WARN", "ERROR"):
                out.append(json.dumps(entry.get("fields", {}))[:300])
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log_file.close()


@contextmanager
def postgres(bin_dir: str):
    """A throwaway PostgreSQL cluster (as the `postgres` user, which it needs when we
    are root); yields (port, createdb(name) -> URL, data directory)."""
    work = Path(tempfile.mkdtemp(prefix="lineage-index-pg-"))
    port = free_port()
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
    pg = lambda tool: str(Path(bin_dir) / tool)  # noqa: E731
    run = lambda *cmd: subprocess.run([*as_pg, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(pg("initdb"), "-D", str(work / "data"), "-A", "trust", "-U", "lineage")
        # auto_explain is loaded but off (`pg_explain` turns it on after the measurements);
        # the collector keeps concurrent sessions' multi-line messages whole in a CSV log.
        options = (f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c shared_preload_libraries=auto_explain "
                   f"-c logging_collector=on -c log_destination=stderr,csvlog -c log_directory={work / 'pglog'} "
                   f"-c log_filename=postgresql.log")
        run(pg("pg_ctl"), "-D", str(work / "data"), "-o", options, "-l", str(work / "log"), "-w", "start")

        def createdb(name: str) -> str:
            run(pg("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "lineage", name)
            return f"postgres://lineage@127.0.0.1:{port}/{name}"

        yield port, createdb, work / "data"
    finally:
        subprocess.run([*as_pg, pg("pg_ctl"), "-D", str(work / "data"), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def postgres_pids(data_dir: Path) -> list[int]:
    """The processes of the cluster in `data_dir`: its postmaster and the children
    (backends, writers), for their CPU."""
    try:
        postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return []
    pids = [postmaster]
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                    pids.append(int(d.name))
            except (OSError, ValueError, IndexError):
                pass
    return pids


# --- measuring -------------------------------------------------------------------


class Sampler:
    """Every `every` seconds: the emulator's calls, the CPU of the server, the emulator
    and PostgreSQL, and the machine's, while a pass runs."""

    def __init__(self, emulator: Emulator, server_pids: list[int], pg_data: Path | None, every: float = 10.0):
        self.emulator, self.server_pids, self.pg_data, self.every = emulator, server_pids, pg_data, every
        self.rows: list[dict] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _snapshot(self) -> dict:
        # (A backend that exited between two samples takes its CPU with it: a floor.)
        pg = sum(cpu_seconds(p) for p in postgres_pids(self.pg_data)) if self.pg_data else 0.0
        busy, total = machine_busy()
        return {
            "t": time.time(), "calls": sum(self.emulator.calls().values()),
            "server": sum(cpu_seconds(p) for p in self.server_pids), "emulator": cpu_seconds(self.emulator.pid),
            "pg": pg, "busy": busy, "total": total,
        }

    def _run(self) -> None:
        last = self._snapshot()
        while not self._stop.wait(self.every):
            now = self._snapshot()
            span = now["t"] - last["t"]
            jiffies = max(1, now["total"] - last["total"])
            self.rows.append({
                "at": now["t"],
                "calls_per_s": (now["calls"] - last["calls"]) / span,
                "server_cpu": 100 * (now["server"] - last["server"]) / span,
                "emulator_cpu": 100 * (now["emulator"] - last["emulator"]) / span,
                "pg_cpu": 100 * (now["pg"] - last["pg"]) / span,
                "machine_busy": 100 * (now["busy"] - last["busy"]) / jiffies,
            })
            last = now

    def __enter__(self) -> "Sampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        if not self.rows:
            return {}
        keys = ("calls_per_s", "server_cpu", "emulator_cpu", "pg_cpu", "machine_busy")
        return {k: sum(r[k] for r in self.rows) / len(self.rows) for k in keys}


def wait_pass(server: Server, after: float | None, timeout: float) -> dict[str, float]:
    """Waits until the region's last-pass timestamp is set (and later than `after`)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            m = server.metrics()
        except OSError:
            m = {}
        ts = m.get("index_last_pass_timestamp_seconds")
        if ts is not None and (after is None or ts > after):
            return m
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited: {server.log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    raise TimeoutError(f"no index pass of {server.name} ended within {timeout:.0f} s")


def sequential(base: str, path: str, count: int, max_seconds: float) -> tuple[list[float], int]:
    """Latencies (ms) of up to `count` requests one after another on one keep-alive
    connection (at most `max_seconds`); and the answers that were not 200."""
    host, port = base.removeprefix("http://").split(":")
    conn = httpclient.HTTPConnection(host, int(port), timeout=300)
    times: list[float] = []
    bad = 0
    deadline = time.perf_counter() + max_seconds
    while len(times) < count and time.perf_counter() < deadline:
        started = time.perf_counter()
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        times.append((time.perf_counter() - started) * 1000)
        bad += r.status != 200
    conn.close()
    return times, bad


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("PCT %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
  io.write(string.format("REQ %d %d %d %d %d\\n", summary.requests, summary.duration,
    summary.errors.status, summary.errors.timeout, summary.errors.connect + summary.errors.read + summary.errors.write))
end
"""


def wrk(url: str, seconds: int, connections: int, script: Path) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "-s", str(script), url],
        capture_output=True, text=True, check=True,
    ).stdout
    p = re.search(r"PCT (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    q = re.search(r"REQ (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    requests, duration_us = int(q.group(1)), int(q.group(2))
    return {
        "p50": int(p.group(1)) / 1000, "p95": int(p.group(2)) / 1000, "p99": int(p.group(3)) / 1000,
        "max": int(p.group(4)) / 1000, "requests": requests, "rps": requests / max(1e-9, duration_us / 1e6),
        "non2xx": int(q.group(3)), "timeouts": int(q.group(4)), "socket_errors": int(q.group(5)),
    }


def own_cpu(server_pid: int, emulator_pid: int, pg_data: Path | None) -> dict[str, float]:
    """A snapshot of the CPU seconds of the benchmark's own processes (the server, the
    emulator, PostgreSQL's, this one) and of the whole machine."""
    busy, total = machine_busy()
    pg = sum(cpu_seconds(p) for p in postgres_pids(pg_data)) if pg_data else 0.0
    return {"t": time.time(), "busy": busy / os.sysconf("SC_CLK_TCK"),
            "server": cpu_seconds(server_pid), "emulator": cpu_seconds(emulator_pid), "pg": pg,
            "bench": cpu_seconds(os.getpid())}


def cpu_split(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Between two snapshots, in % of one core: the server's, and everything else on
    the machine that is none of the benchmark's processes (another user's build, the
    kernel's own work; a PostgreSQL backend that exited meanwhile would count here)."""
    span = max(1e-9, after["t"] - before["t"])
    d = {k: after[k] - before[k] for k in before}
    ours = d["server"] + d["emulator"] + d["pg"] + d["bench"]
    return {"server_cpu": 100 * d["server"] / span, "other_cpu": max(0.0, 100 * (d["busy"] - ours) / span)}


def wait_idle(pid: int, limit_s: float = 300) -> float:
    """Waits until the process uses under a quarter of a core for two seconds running
    (a request wrk gave up on may still be running); the seconds waited."""
    started = time.time()
    quiet = 0
    while time.time() - started < limit_s and quiet < 2:
        before = cpu_seconds(pid)
        time.sleep(1)
        quiet = quiet + 1 if cpu_seconds(pid) - before < 0.25 else 0
    return time.time() - started


def ops_diff(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: after.get(k, 0) - before.get(k, 0) for k in set(after) | set(before) if after.get(k, 0) - before.get(k, 0)}


# --- one database ----------------------------------------------------------------


def run_backend(label: str, a, emu: Emulator, index_args: list[str], logs: Path, pg_data: Path | None,
                paths: dict[str, str], wrk_script: Path, rps: int | None = None, first_only: bool = False) -> dict:
    """First pass, second pass and latencies on one database (`first_only`: the first
    pass alone, at `rps`)."""
    res: dict = {"label": label, "rps": rps or a.rps}
    emu.reset()
    log(f"{label}: starting the server ({' '.join(index_args)}, --index-rps {res['rps']})")
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    server = Server(a.binary, emu.url, index_args, logs / f"server-{slug}.log", res["rps"], a.interval, f"bench-{slug}")
    try:
        with Sampler(emu, [server.pid], pg_data, a.sample_seconds) as sampler:
            m1 = wait_pass(server, None, a.pass_timeout)
        first_calls = emu.reset()
        res["first"] = {
            "ms": m1.get("index_last_pass_duration_milliseconds", float("nan")),
            "crawler_calls": m1.get("index_aws_calls", float("nan")),
            "emulator": first_calls,
            "errors": {k: v for k, v in m1.items() if k.startswith("index_errors")},
            "log": server.passes()[:1],
            "samples": sampler.rows,
            "sampled": sampler.summary(),
            "wall_s": time.time() - server.started,
        }
        log(f"{label}: first pass {fmt_s(res['first']['ms'])}, {res['first']['crawler_calls']:.0f} crawler reads, "
            f"{sum(first_calls.values())} emulator calls")
        if first_only:
            res["server_rss_mib"] = rss_mib(server.pid)
            res["warnings"] = server.warnings()[:20]
            return res
        m2 = wait_pass(server, m1["index_last_pass_timestamp_seconds"], 300)
        second_calls = emu.reset()
        res["second"] = {
            "ms": m2.get("index_last_pass_duration_milliseconds", float("nan")),
            "crawler_calls": m2.get("index_aws_calls", 0) - m1.get("index_aws_calls", 0),
            "emulator": second_calls,
            "log": server.passes()[1:2],
        }
        log(f"{label}: second pass {res['second']['ms']:.0f} ms, {sum(second_calls.values())} emulator calls")

        # The answers, from the index.
        lat: dict[str, dict] = {}
        for name, path in paths.items():
            status, body = http(server.base + path)
            doc = json.loads(body) if status == 200 else {}
            info = {"status": status}
            if name == "overview":
                info["pipelines"] = len(doc.get("pipelines", []))
                info["indexed"] = doc.get("indexedAt")
                info["errors"] = len(doc.get("errors", []))
                info["bytes"] = len(body)
            else:
                # The totals, and how many of them the answer lists (the default limit).
                down = doc.get("downstream", {})
                info["matches_total"] = doc.get("matchesTotal")
                info["matches"] = len(doc.get("matches", []))
                info["executions"] = sum(len(x.get("executions", [])) for x in doc.get("matches", []))
                info["pipelines"] = len({x.get("pipeline") for x in doc.get("matches", [])})
                info["packages_total"] = down.get("modelPackagesTotal")
                info["packages"] = len(down.get("modelPackages", []))
                info["endpoints"] = len(down.get("endpoints", []))
                info["bytes"] = len(body)
            log(f"{label}: {path} -> {info}")
            before = own_cpu(server.pid, emu.pid, pg_data)
            times, bad = sequential(server.base, path, a.requests, a.max_seconds)
            load = cpu_split(before, own_cpu(server.pid, emu.pid, pg_data))
            info["seq"] = {"n": len(times), "bad": bad, "p50": pct(times, .5), "p95": pct(times, .95),
                           "p99": pct(times, .99), "max": max(times), "mean": sum(times) / len(times), **load}
            log(f"{label}: {name} sequential p50 {info['seq']['p50']:.1f} p99 {info['seq']['p99']:.1f} ms ({len(times)} requests)")
            info["idle_after_seq_s"] = wait_idle(server.pid)
            if a.no_wrk:
                pass
            elif info["seq"]["p50"] > a.wrk_max_ms:
                info["wrk_skipped"] = f"not run: one request takes {fmt_s(info['seq']['p50'])}"
            else:
                info["wrk"] = wrk(server.base + path, a.load_seconds, a.connections, wrk_script)
                log(f"{label}: {name} wrk p99 {info['wrk']['p99']:.1f} ms, {info['wrk']['rps']:.0f}/s")
                info["idle_after_wrk_s"] = wait_idle(server.pid)
            lat[name] = info
        res["latency"] = lat
        if pg_data and not a.no_anatomy:
            log(f"{label}: the answers' plans (auto_explain)")
            res["explain"] = pg_explain(str(Path(a.postgres_bin) / "psql"), index_args[-1], pg_data, server.base,
                                        paths)
        res["server_rss_mib"] = rss_mib(server.pid)
        res["passes"] = server.passes()
        res["warnings"] = server.warnings()[:20]
        if label == "SQLite":
            res["db_bytes"] = sum(f.stat().st_size for f in Path(index_args[-1]).glob("index.db*"))
    finally:
        server.stop()
    return res


def run_replicas(a, emu: Emulator, url: str, logs: Path, pg_data: Path) -> dict:
    """Two servers on one fresh database and the same emulator."""
    emu.reset()
    log("replicas: starting two servers on one PostgreSQL database")
    servers = [Server(a.binary, emu.url, ["--index-db", url], logs / f"server-replica-{i}.log", a.rps, a.interval,
                      f"replica-{i}") for i in (1, 2)]
    try:
        with Sampler(emu, [s.pid for s in servers], pg_data, a.sample_seconds) as sampler:
            deadline = time.time() + a.pass_timeout
            done = None
            while done is None:
                for s in servers:
                    m = s.metrics()
                    if "index_last_pass_timestamp_seconds" in m:
                        done = (s, m)
                if time.time() > deadline:
                    raise TimeoutError("the replicas did not index the region")
                time.sleep(0.5)
        at_first = emu.calls()
        first_by, m = done
        log(f"replicas: first pass by {first_by.name} in {fmt_s(m['index_last_pass_duration_milliseconds'])}; "
            f"{a.replica_extra_seconds} s more")
        # Both see the region indexed (the other answers from the shared database).
        indexed = [json.loads(http(f"{s.base}/overview?region={REGION}")[1]).get("indexedAt") for s in servers]
        time.sleep(a.replica_extra_seconds)
        total = emu.reset()
        passes = {s.name: s.passes() for s in servers}
        metrics = {s.name: s.metrics() for s in servers}
        # Hand-over: the lease holder stops cleanly (it gives the lease up); the other
        # takes the region on from the shared database.
        holder = max(servers, key=lambda s: len(passes[s.name]))
        other = next(s for s in servers if s is not holder)
        before = len(other.passes())
        log(f"replicas: stopping {holder.name}; waiting for {other.name} to take over")
        stopped = time.time()
        holder.stop()
        handover: dict = {"stopped": holder.name, "other": other.name}
        while time.time() - stopped < 120 and len(other.passes()) == before:
            time.sleep(0.2)
        handover["after_s"] = time.time() - stopped
        handover["calls"] = emu.reset()
        handover["passes"] = other.passes()[before:]
        log(f"replicas: {other.name} passed after {handover['after_s']:.1f} s with {total_calls(handover['calls'])} calls")
        return {
            "handover": handover,
            "first_by": first_by.name,
            "first_ms": m["index_last_pass_duration_milliseconds"],
            "at_first": at_first,
            "total": total,
            "indexed": indexed,
            "passes": passes,
            "metrics": metrics,
            "sampled": sampler.summary(),
            "warnings": {s.name: s.warnings()[:10] for s in servers},
        }
    finally:
        for s in servers:
            s.stop()


# --- the report ------------------------------------------------------------------


def total_calls(c: dict) -> int:
    return sum(c.values())


def region_paths(buckets: int, pipelines: int, per_pipeline: int) -> dict[str, str]:
    """/overview and /locations of a bucket, a prefix and an object of the region."""
    sys.path.insert(0, str(EMULATOR_DIR))
    from lineage_emulator.scenarios import bench as sb  # noqa: E402

    dataset = sb.bench_region_dataset_prefix(0, buckets)
    # The model artifact of bench-p-0001's newest Succeeded execution.
    j = max(j for j in range(1, per_pipeline + 1) if sb.bench_region_outcome(1, j) == "Succeeded")
    eid = sb.bench_region_execution_id(1, j)
    artifact = f"{sb.bench_region_model_path(1, buckets)}/{sb.bench_region_job_name(eid, 'Train')}/output/model.tar.gz"
    bucket = dataset.split("/")[2]
    q = lambda uri: f"/locations?region={REGION}&uri={urllib.parse.quote(uri, safe='')}"  # noqa: E731
    return {
        "overview": f"/overview?region={REGION}",
        f"locations: bucket `s3://{bucket}`": q(f"s3://{bucket}"),
        f"locations: prefix `{dataset}`": q(dataset),
        "locations: object (a model artifact)": q(artifact),
    }


def pg_explain(psql: str, url: str, pg_data: Path, base: str, paths: dict[str, str]) -> dict:
    """The plans of the statements the server runs for each answer: `auto_explain`
    (preloaded by `postgres()`, off until now) is turned on for every session with
    `ALTER SYSTEM` and a reload, each answer is asked twice (the second's statements
    are kept: warm caches), and the plans are read from the cluster's CSV log, where
    the logging collector keeps concurrent sessions' messages whole. `log_analyze`
    instruments every node, so these times are somewhat above the uninstrumented
    ones measured before."""
    import csv

    def sql(*statements: str) -> None:
        script = "LOAD 'auto_explain';\n" + "".join(f"{x};\n" for x in statements)
        subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url], input=script,
                       capture_output=True, text=True, check=True)

    log_file = pg_data.parent / "pglog" / "postgresql.csv"
    version = subprocess.run([psql, "-X", "-A", "-t", "-d", url, "-c", "SHOW server_version"],
                             capture_output=True, text=True, check=True).stdout.strip()
    settings = ("auto_explain.log_min_duration", "auto_explain.log_analyze", "auto_explain.log_buffers")
    # 1 ms and up: what an answer's time is made of, without the crawler's key lookups
    # (its passes go on every few seconds, on the same pool).
    sql(*(f"ALTER SYSTEM SET {k} = {v}" for k, v in zip(settings, ("1", "on", "off"))), "SELECT pg_reload_conf()")
    time.sleep(1)
    result: dict = {"version": version, "answers": {}}
    try:
        for name, path in paths.items():
            http(base + path)
            time.sleep(0.5)
            start = log_file.stat().st_size if log_file.exists() else 0
            asked = dt.datetime.now(dt.timezone.utc)
            http(base + path)
            answered = dt.datetime.now(dt.timezone.utc)
            time.sleep(1)  # the collector writes asynchronously
            with open(log_file, newline="", errors="replace") as f:
                f.seek(start)
                rows = list(csv.reader(f))
            statements = []
            for row in rows:
                # csvlog: message is column 14; auto_explain's is "duration: X ms  plan:\n...".
                m = re.match(r"duration: ([\d.]+) ms\s+plan:\n(.*)", row[13], re.S) if len(row) > 13 else None
                if not m:
                    continue
                # Logged while the request ran (column 1: "2026-12-01 02:59:04.123 UTC").
                at = dt.datetime.strptime(row[0].removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S.%f").replace(
                    tzinfo=dt.timezone.utc)
                if not asked - dt.timedelta(milliseconds=5) <= at <= answered + dt.timedelta(milliseconds=5):
                    continue
                body = m.group(2).splitlines()
                text = next((l.split("Query Text:", 1)[1].strip() for l in body if "Query Text:" in l), "")
                plan = [l for l in body if "Query Text:" not in l]
                statements.append({"ms": float(m.group(1)), "statement": text, "plan": plan})
            result["answers"][name] = statements
    finally:
        sql(*(f"ALTER SYSTEM RESET {k}" for k in settings), "SELECT pg_reload_conf()")
    return result


def statement_name(text: str) -> str:
    """A short name for a statement the server ran: what it reads, from its text."""
    t = " ".join(text.split())
    if t.startswith("SELECT region, indexed_at"):
        return "the region's state"
    if "WITH g AS" in t:
        return "matches (the first `limit`, with their executions)"
    if "index_step_packages" in t:
        return "model packages downstream (the first `limit`)"
    if "UNION ALL" in t and "index_deployments" in t:
        return "what each deployment serves, and the step that made it"
    if "WITH made" in t:
        return "which of those steps have the location upstream"
    tables = sorted(set(re.findall(r"\b(index_[a-z_]+)", t)))
    return "reads " + ", ".join(f"`{x}`" for x in tables) if tables else t[:60]


def verdict(ok: bool) -> str:
    return "**pass**" if ok else "**FAIL**"


def total(c: dict) -> int:
    return sum(c.values())


def write_report(a, emu: Emulator, results: list[dict], replicas: dict | None, paths: dict[str, str], out: Path,
                 ceiling: dict | None = None) -> str:
    lines: list[str] = []
    say = lines.append
    n, m, d = a.pipelines, a.executions_per_pipeline, a.endpoints
    say("# Lineage index: scale benchmark\n")
    writer = ("`.ci/bench-index`" if os.environ.get("LINEAGE_BENCH_RUNNER") == ".ci/bench-index"
              else "`end2end/bench/index_bench.py` (run directly)")
    say(f"Written by {writer} on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{platform.machine()}, {platform.system()} {platform.release()}; release build"
        + (f" of {a.built_from}" if a.built_from else "") + f"; emulator: `--scenario bench "
        f"--bench-pipelines {n} --bench-executions-per-pipeline {m} --bench-endpoints {d}` (plus the bench's own "
        f"`bench-pipeline`: {n + 1} pipelines), no added latency, `--step-page-cap 100`; server: `--index-regions "
        f"{REGION} --index-rps {a.rps} --index-interval {a.interval}`, every other option at its default. The "
        f"emulator, the server, PostgreSQL and the load generator share the machine. Every figure below comes "
        f"from that run.\n")
    say(f"The emulator was READY after {emu.ready_s:.1f} s (generating and seeding the region).\n")
    say(f"Why `--index-rps {a.rps}`: the emulator is one Python process (moto) that answers a few hundred "
        f"simple requests a second on this machine while the server and the database share its two cores; "
        f"{a.rps}/s leaves it headroom, so the crawler's own rate limit, not the emulator, should set the pace, "
        f"which is what the floor target is about, and a pass of this region fits in minutes. The default "
        f"(5/s) would spread the same reads over hours; the number of reads does not depend on the rate.\n")

    # Targets.
    say("## Targets\n")
    say("| target | SQLite | PostgreSQL |")
    say("|---|---|---|")
    cells = {"floor": [], "second": [], "p99": []}
    for r in results:
        f = r["first"]
        floor_ms = 1000 * f["crawler_calls"] / a.rps
        cells["floor"].append(f"{verdict(f['ms'] <= 1.1 * floor_ms)}: {fmt_s(f['ms'])} vs floor {fmt_s(floor_ms)} "
                              f"({f['ms'] / floor_ms:.2f}× the floor)")
        s2 = total(r["second"]["emulator"])
        cells["second"].append(f"{verdict(s2 <= n + 1)}: {s2} calls for {n + 1} pipelines")
        worst = max(r["latency"].items(), key=lambda kv: kv[1]["seq"]["p99"])
        ok = all(v["seq"]["p99"] < 50 for v in r["latency"].values())
        cells["p99"].append(f"{verdict(ok)}: worst p99 {fmt_ms(worst[1]['seq']['p99'])} ({worst[0].split('`')[0].strip(': ')})")
    by = {r["label"]: i for i, r in enumerate(results)}

    def cell(key: str, label: str) -> str:
        return cells[key][by[label]] if label in by else "not run"

    say(f"| first full pass within the floor (crawler reads ÷ {a.rps}/s) + 10 % | {cell('floor', 'SQLite')} | {cell('floor', 'PostgreSQL')} |")
    say(f"| second pass, nothing changed: ≤ 1 call per pipeline (emulator count) | {cell('second', 'SQLite')} | {cell('second', 'PostgreSQL')} |")
    say(f"| `/overview` and `/locations` p99 < 50 ms (sequential) | {cell('p99', 'SQLite')} | {cell('p99', 'PostgreSQL')} |")
    if replicas:
        one = next((r for r in results if r["label"] == "PostgreSQL"), results[0] if results else None)
        heavy_once = one is not None and all(
            replicas["total"].get(op, 0) == one["first"]["emulator"].get(op, 0) for op in PER_ITEM_OPS)
        say(f"| two replicas on one PostgreSQL crawl once | {verdict(heavy_once)}: every per-pipeline, per-execution "
            f"and per-endpoint read made once (see below) | |")
    say("")

    # First and second passes.
    say("## First and second pass\n")
    say("| | " + " | ".join(r["label"] for r in results) + " |")
    say("|---|" + "---:|" * len(results))
    row = lambda title, f: say(f"| {title} | " + " | ".join(f(r) for r in results) + " |")  # noqa: E731
    row("first pass (`lineage_index_last_pass_duration_milliseconds`)", lambda r: fmt_s(r["first"]["ms"]))
    row("crawler reads (`lineage_index_aws_calls`; a paginated list or a bucket's probes count once)",
        lambda r: f"{r['first']['crawler_calls']:.0f}")
    row(f"floor: reads ÷ {a.rps}/s", lambda r: fmt_s(1000 * r["first"]["crawler_calls"] / a.rps))
    row("floor + 10 %", lambda r: fmt_s(1100 * r["first"]["crawler_calls"] / a.rps))
    row("pass ÷ floor", lambda r: f"{r['first']['ms'] / (1000 * r['first']['crawler_calls'] / a.rps):.2f}")
    row("reads per second achieved", lambda r: f"{r['first']['crawler_calls'] / (r['first']['ms'] / 1000):.1f}")
    row("calls the emulator served (every page and probe)", lambda r: str(total(r["first"]["emulator"])))
    row("`index pass` log line", lambda r: "<br>".join(
        f"pipelines={p.get('pipelines')} executions={p.get('executions')} endpoints={p.get('endpoints')} "
        f"errors={p.get('errors')} aws_calls={p.get('aws_calls')} ms={p.get('ms')}" for p in r["first"]["log"]) or "–")
    row("errors recorded (`lineage_index_errors`)", lambda r: ", ".join(f"{k[13:-1]}: {v:.0f}" for k, v in r["first"]["errors"].items()) or "0")
    row("mean CPU during the pass: server / emulator / PostgreSQL (% of one core)", lambda r: (
        "{server_cpu:.0f} / {emulator_cpu:.0f} / {pg_cpu:.0f}".format(**r["first"]["sampled"]) if r["first"]["sampled"] else "–"))
    row("machine busy during the pass (% of all cores)", lambda r: (
        f"{r['first']['sampled']['machine_busy']:.0f}" if r["first"]["sampled"] else "–"))
    row("second pass", lambda r: f"{r['second']['ms']:.0f} ms")
    row("second pass: crawler reads", lambda r: f"{r['second']['crawler_calls']:.0f}")
    row("second pass: calls the emulator served", lambda r: str(total(r["second"]["emulator"])))
    row("second pass: by operation", lambda r: "<br>".join(f"`{k}` {v}" for k, v in sorted(r["second"]["emulator"].items())))
    row("server RSS after the measurements", lambda r: f"{r['server_rss_mib']:.0f} MiB")
    row("index database on disk", lambda r: f"{r['db_bytes'] / 2**20:.0f} MiB" if "db_bytes" in r else "–")
    say("")
    say("Calls the emulator served during the first pass, by operation:\n")
    ops = sorted(set().union(*(r["first"]["emulator"] for r in results)))
    say("| operation | " + " | ".join(r["label"] for r in results) + " |")
    say("|---|" + "---:|" * len(results))
    for op in ops:
        say(f"| `{op}` | " + " | ".join(str(r["first"]["emulator"].get(op, 0)) for r in results) + " |")
    say(f"| **total** | " + " | ".join(f"**{total(r['first']['emulator'])}**" for r in results) + " |")
    say("")
    for r in results:
        rows = r["first"]["samples"]
        if rows:
            say(f"{r['label']}, every {a.sample_seconds:g} s of the first pass (emulator calls/s; CPU % of one core: "
                f"server, emulator, PostgreSQL; machine busy %):\n")
            say("```")
            for x in rows:
                say(f"{x['calls_per_s']:7.1f}/s  server {x['server_cpu']:5.0f}  emulator {x['emulator_cpu']:5.0f}  "
                    f"pg {x['pg_cpu']:4.0f}  machine {x['machine_busy']:4.0f}")
            say("```\n")

    if ceiling:
        f = ceiling["first"]
        say(f"## The crawler without its rate limit (SQLite, `--index-rps {ceiling['rps']}`)\n")
        say(f"The same first pass on a fresh SQLite index with the limit out of the way, to see what paces the "
            f"crawler itself: {fmt_s(f['ms'])} for {f['crawler_calls']:.0f} reads, "
            f"**{f['crawler_calls'] / (f['ms'] / 1000):.0f} reads/s** ({total(f['emulator'])} emulator calls, "
            f"{total(f['emulator']) / (f['ms'] / 1000):.0f}/s); "
            + ("mean CPU: server {server_cpu:.0f} %, emulator {emulator_cpu:.0f} % of one core, machine "
               "{machine_busy:.0f} % busy".format(**f["sampled"]) if f["sampled"] else "")
            + (f". Log: `{f['log'][0]}`" if f["log"] else "") + ".\n")
        if f["samples"]:
            say("```")
            for x in f["samples"]:
                say(f"{x['calls_per_s']:7.1f}/s  server {x['server_cpu']:5.0f}  emulator {x['emulator_cpu']:5.0f}  "
                    f"machine {x['machine_busy']:4.0f}")
            say("```\n")

    # Latency.
    say("## `/overview` and `/locations` from the index\n")
    say(f"Sequential: up to {a.requests} requests one after another on one keep-alive connection (at most "
        f"{a.max_seconds:g} s per URL; the count says how many fitted). Concurrent: wrk, {a.connections} "
        f"connections, 2 threads, {a.load_seconds} s, not run for a URL whose sequential median exceeds "
        f"{a.wrk_max_ms:g} ms (its requests would only queue behind each other); after each run the benchmark "
        f"waits until the server is idle. The crawler goes on passing every {a.interval} s meanwhile (the "
        f"second-pass cost above each time). The `/locations` URLs carry no `limit`, so the server's default "
        f"(200) applies: an answer lists the first 200 matches and the first 200 model packages; the answer "
        f"column gives the totals (`matchesTotal`, `downstream.modelPackagesTotal`) and how many were listed. "
        f"Server CPU and other CPU: % of one core during the sequential requests, the server's and what the "
        f"machine spent outside the benchmark's own processes (server, emulator, PostgreSQL, the benchmark's "
        f"client): another user's work on the machine shows there, and so do the kernel's own work (the "
        f"loopback network) and PostgreSQL's short-lived workers.\n")
    say("| database | request | answer | sequential n | p50 | p95 | p99 | max | p99 < 50 ms | server CPU | other CPU | wrk p50 | wrk p95 | wrk p99 | wrk req/s | non-2xx |")
    say("|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        for name, v in r["latency"].items():
            if name == "overview":
                answer = f"{v.get('pipelines')} pipelines, {v.get('bytes', 0) / 1024:.0f} KiB"
            else:
                answer = (f"{v.get('matches_total')} matches ({v.get('matches')} listed), "
                          f"{v.get('packages_total')} packages ({v.get('packages')} listed), "
                          f"{v.get('endpoints')} endpoints, {v.get('bytes', 0) / 1024:.0f} KiB")
            s = v["seq"]
            w = v.get("wrk")
            if w:
                wcells = (f"{fmt_ms(w['p50'])} | {fmt_ms(w['p95'])} | {fmt_ms(w['p99'])} | {w['rps']:.1f} | "
                          f"{w['non2xx'] + s['bad']}" + (f" ({w['timeouts']} timeouts)" if w["timeouts"] else ""))
            else:
                wcells = f"{v.get('wrk_skipped', '–')} | – | – | – | {s['bad']}"
            say(f"| {r['label']} | {name} | {answer} | {s['n']} | {fmt_ms(s['p50'])} | {fmt_ms(s['p95'])} | "
                f"{fmt_ms(s['p99'])} | {fmt_ms(s['max'])} | {verdict(s['p99'] < 50)} | "
                f"{s.get('server_cpu', float('nan')):.0f} % | {s.get('other_cpu', float('nan')):.0f} % | {wcells} |")
    say("")
    others = [v["seq"]["other_cpu"] for r in results for v in r["latency"].values() if "other_cpu" in v["seq"]]
    if others and max(others) > 25:
        say(f"**The machine was not the benchmark's alone**: during the sequential requests, work outside the "
            f"benchmark's processes took {min(others):.0f} to {max(others):.0f} % of one core (of the "
            f"{os.cpu_count()} the machine has), so these latencies include that contention (the replays below "
            f"time the SQL alone, without HTTP and JSON, on the same shared machine).\n")
    say("URLs: " + "; ".join(f"{k.split('`')[0].strip(': ')}: `{v}`" for k, v in paths.items()) + "\n")
    pge = next((r["explain"] for r in results if r.get("explain")), None)
    if pge:
        say("### Where the answers' time goes (PostgreSQL)\n")
        say(f"After the PostgreSQL run's measurements, the benchmark turned on `auto_explain` (with `log_analyze`) "
            f"in PostgreSQL {pge['version']} and asked each answer twice: below, the statements of 1 ms or more the "
            f"server ran while it answered the second, as the database executed them (the server's own SQL, not a "
            f"copy; a crawler pass at the same moment could add its own). The instrumentation "
            f"adds to each statement's time. Statements of one answer that do not depend on one another run at "
            f"once on separate pooled connections, so an answer takes about its slowest statement, not their sum.\n")
        say("| answer | statement | time (instrumented) |")
        say("|---|---|---:|")
        for name, statements in pge["answers"].items():
            for i, st in enumerate(statements):
                say(f"| {name if i == 0 else ''} | {statement_name(st['statement'])} | {fmt_ms(st['ms'])} |")
        say("")
        for name, statements in pge["answers"].items():
            for st in statements:
                if st["ms"] < 1:
                    continue
                say(f"Plan of {name}: {statement_name(st['statement'])} ({fmt_ms(st['ms'])}):\n")
                say("```")
                lines.extend(l.rstrip() for l in st["plan"])
                say("```\n")

    # Replicas.
    if replicas:
        say("## Two replicas on one PostgreSQL database\n")
        one = next((r for r in results if r["label"] == "PostgreSQL"), results[0] if results else None)
        n_passes = {k: len(v) for k, v in replicas["passes"].items()}
        all_passes = sum(n_passes.values())
        pages = math.ceil((n + 1) / LIST_PIPELINES_PAGE)
        say(f"Both servers started together on a fresh database and the same emulator. The first pass was made by "
            f"**{replicas['first_by']}** in {fmt_s(replicas['first_ms'])}; both then answered `/overview` as indexed "
            f"({', '.join(str(x) for x in replicas['indexed'])}), and they ran {a.replica_extra_seconds} s more. "
            f"Passes logged: " + ", ".join(f"{k} {v}" for k, v in n_passes.items()) +
            f" ({all_passes} in all; " + ("one replica kept the region's lease and made every pass, the other "
                                         "waited" if min(n_passes.values()) == 0 else "both made passes, one at a time")
            + ").\n")
        say("| operation | both replicas, until the first pass ended | both replicas, whole run | one server alone, its first pass (PostgreSQL) |")
        say("|---|---:|---:|---:|")
        for op in sorted(set(replicas["total"]) | set(one["first"]["emulator"] if one else {})):
            say(f"| `{op}` | {replicas['at_first'].get(op, 0)} | {replicas['total'].get(op, 0)} | "
                f"{one['first']['emulator'].get(op, 0) if one else '–'} |")
        say(f"| **total** | **{total(replicas['at_first'])}** | **{total(replicas['total'])}** | "
            f"**{total(one['first']['emulator']) if one else '–'}** |")
        say("")
        lp = replicas["total"].get("SageMaker.ListPipelines", 0)
        le = replicas["total"].get("SageMaker.ListEndpoints", 0)
        say(f"ListPipelines: {lp} calls = {pages} pages × {lp / pages:.1f} passes; ListEndpoints: {le} calls "
            f"(= {math.ceil(d / 100)} page(s) × {le / max(1, math.ceil(d / 100)):.1f} passes); {all_passes} passes "
            f"were logged in all. One crawl of the region is one pass's lists plus the per-item reads once; "
            f"two crawls would double every per-item read.\n")
        h = replicas.get("handover")
        if h:
            hp = h["passes"][0] if h["passes"] else {}
            say(f"Hand-over: {h['stopped']} was then stopped (SIGTERM: it gives the lease up); {h['other']} "
                f"ended its own first pass {h['after_s']:.1f} s later, from the shared index: "
                f"executions={hp.get('executions')} aws_calls={hp.get('aws_calls')} ms={hp.get('ms')}; the "
                f"emulator served {total_calls(h['calls'])} calls meanwhile ("
                + ", ".join(f"`{k}` {v}" for k, v in sorted(h["calls"].items())) + ").\n")
        for name, ps in replicas["passes"].items():
            say(f"{name}: " + "; ".join(f"{p.get('at', '')[11:19]} executions={p.get('executions')} "
                                         f"aws_calls={p.get('aws_calls')} ms={p.get('ms')}" for p in ps[:8])
                + (" …" if len(ps) > 8 else "") + "\n")

    warnings = [w for r in results for w in r.get("warnings", [])]
    if warnings:
        say("Server warnings (first 20):\n")
        say("```")
        lines.extend(warnings[:20])
        say("```\n")
    if a.built_from:
        # Run directly, with a server binary built apart: say so, binary included.
        say("Command: `" + shlex.join(["end2end/bench/index_bench.py"] + sys.argv[1:]) + "`\n")
    else:
        args = []
        skip = False
        for arg in sys.argv[1:]:
            if skip:
                skip = False
            elif arg == "--binary":
                skip = True
            elif not arg.startswith("--binary="):
                args.append(arg)
        say("Command: `" + shlex.join([".ci/bench-index"] + args) + "`\n")
    text = "\n".join(lines)
    out.write_text(text)
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--python", default=sys.executable, help="the emulator's Python")
    ap.add_argument("--pipelines", type=int, default=500)
    ap.add_argument("--executions-per-pipeline", type=int, default=20)
    ap.add_argument("--endpoints", type=int, default=200)
    ap.add_argument("--buckets", type=int, default=10, help="the bench's buckets the region spreads over")
    ap.add_argument("--rps", type=int, default=200, help="the server's --index-rps")
    ap.add_argument("--interval", type=int, default=5, help="the server's --index-interval (seconds)")
    ap.add_argument("--ceiling-rps", type=int, default=0,
                    help="also time a first pass on SQLite at this --index-rps (e.g. 1000, the most the server takes), to see "
                         "what paces the crawler itself (default: not run)")
    ap.add_argument("--requests", type=int, default=1000, help="sequential requests per URL")
    ap.add_argument("--max-seconds", type=float, default=60, help="at most this long per URL, sequentially")
    ap.add_argument("--load-seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--no-wrk", action="store_true")
    ap.add_argument("--wrk-max-ms", type=float, default=250,
                    help="no wrk run for a URL whose sequential median is above this (its requests would only pile up)")
    ap.add_argument("--pass-timeout", type=float, default=3600, help="seconds to wait for a first pass")
    ap.add_argument("--sample-seconds", type=float, default=10)
    ap.add_argument("--replica-extra-seconds", type=int, default=20,
                    help="how long the replicas run on after the first pass (a few passes at --interval)")
    ap.add_argument("--no-anatomy", action="store_true",
                    help="do not explain the answers' statements on PostgreSQL (auto_explain)")
    ap.add_argument("--built-from", default=None,
                    help="say in the report what the server binary was built from (e.g. a commit)")
    ap.add_argument("--postgres-bin", default="/usr/lib/postgresql/15/bin")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--skip-postgres", action="store_true")
    ap.add_argument("--skip-replicas", action="store_true")
    ap.add_argument("--logs", default=None, help="keep the server logs here (default: a temporary directory)")
    ap.add_argument("--out", default=str(ROOT / "end2end" / "bench" / "INDEX_RESULTS.md"))
    a = ap.parse_args()
    if not a.no_wrk and not shutil.which("wrk"):
        print("wrk is needed (apt-get install wrk), or --no-wrk", file=sys.stderr)
        return 1
    pg_ok = Path(a.postgres_bin, "initdb").exists()
    if not pg_ok and not (a.skip_postgres and a.skip_replicas):
        print(f"no PostgreSQL in {a.postgres_bin} (--postgres-bin), or --skip-postgres --skip-replicas", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="lineage-index-bench-"))
    logs = Path(a.logs) if a.logs else work
    logs.mkdir(parents=True, exist_ok=True)
    wrk_script = work / "percentiles.lua"
    wrk_script.write_text(WRK_SCRIPT)
    paths = region_paths(a.buckets, a.pipelines, a.executions_per_pipeline)
    results: list[dict] = []
    replicas = None
    ceiling = None
    log(f"emulator: generating and seeding {a.pipelines} pipelines × {a.executions_per_pipeline} executions, "
        f"{a.endpoints} endpoints")
    emu = Emulator(a.python, [
        "--scenario", "bench", "--bench-pipelines", str(a.pipelines),
        "--bench-executions-per-pipeline", str(a.executions_per_pipeline), "--bench-endpoints", str(a.endpoints),
        "--bench-buckets", str(a.buckets), "--step-page-cap", "100",
    ])
    log(f"emulator ready at {emu.url} after {emu.ready_s:.1f} s")
    try:
        if not a.skip_sqlite:
            data = work / "sqlite"
            data.mkdir()
            results.append(run_backend("SQLite", a, emu, ["--data-dir", str(data)], logs, None, paths, wrk_script))
            shutil.rmtree(data, ignore_errors=True)
        if a.ceiling_rps:
            data = work / "ceiling"
            data.mkdir()
            ceiling = run_backend("SQLite, no limit", a, emu, ["--data-dir", str(data)], logs, None, paths,
                                  wrk_script, rps=a.ceiling_rps, first_only=True)
            shutil.rmtree(data, ignore_errors=True)
        if not (a.skip_postgres and a.skip_replicas):
            with postgres(a.postgres_bin) as (_port, createdb, pg_data):
                if not a.skip_postgres:
                    url = createdb("lineage_bench")
                    results.append(run_backend("PostgreSQL", a, emu, ["--index-db", url], logs, pg_data, paths, wrk_script))
                if not a.skip_replicas:
                    replicas = run_replicas(a, emu, createdb("lineage_replicas"), logs, pg_data)
        meta = {"emulator_ready_s": emu.ready_s, "argv": sys.argv[1:]}
        (work / "results.json").write_text(json.dumps(
            {"meta": meta, "results": results, "replicas": replicas, "ceiling": ceiling, "paths": paths},
            default=str, indent=1))
        text = write_report(a, emu, results, replicas, paths, Path(a.out), ceiling)
        print(text)
    finally:
        emu.stop()
        shutil.rmtree(work / "sqlite", ignore_errors=True)
        log(f"server logs and results.json in {work}" + (f" (logs in {logs})" if a.logs else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
