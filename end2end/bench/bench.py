#!/usr/bin/env python3
"""Benchmark of `GET /lineage` against the AWS emulator with added latency.

Run it with `.ci/bench` (which builds the release server first). It starts the emulator
with the generated `bench` scenario and a per-request latency, runs the release server
against it, and measures:

- cold latency (fresh server, nothing cached) and warm latency (document reused, and
  `fresh=true` which rereads only what may change), median and p95 over repeated runs;
- AWS calls per request, counted by the emulator;
- the same cold requests with `--concurrency 1`, for the speed-up of the fan-out;
- throughput and latency percentiles of warm requests under load (wrk), and peak RSS;
- how cold latency and call counts grow with steps and buckets.

Every figure in the results file comes from the run that wrote it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EMULATOR_DIR = ROOT / "end2end" / "emulator"
PIPELINE = "bench-pipeline"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url: str, method: str = "GET", headers: dict | None = None) -> tuple[int, float, dict, bytes]:
    req = urllib.request.Request(url, method=method, headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            body = r.read()
            return r.status, (time.perf_counter() - started) * 1000, dict(r.headers), body
    except urllib.error.HTTPError as e:
        return e.code, (time.perf_counter() - started) * 1000, dict(e.headers), e.read()


@contextmanager
def start_emulator(python: str, *args: str, stderr=None):
    """The emulator (`python -m lineage_emulator --port 0 ARGS`), until the block ends;
    yields its URL. Its stdout is drained after the READY line."""
    proc = subprocess.Popen(
        [python, "-m", "lineage_emulator", "--port", "0", *args, "--exit-on-stdin-eof"],
        cwd=EMULATOR_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
    )
    try:
        url = None
        for line in proc.stdout:
            if line.startswith("READY "):
                url = line.split()[1]
                break
        if not url:
            raise RuntimeError("the emulator did not start")
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def emulator(python: str, steps: int, jobs: int, buckets: int, latency_ms: float):
    return start_emulator(
        python, "--scenario", "bench",
        "--bench-steps", str(steps), "--bench-jobs", str(jobs), "--bench-buckets", str(buckets),
        "--latency-ms", str(latency_ms),
        # Pages as large as real AWS gives them (MaxResults 100).
        "--step-page-cap", "100",
    )


def calls(emulator_url: str) -> dict:
    return json.loads(http(f"{emulator_url}/_lineage/calls")[3] or b"{}")


def reset_calls(emulator_url: str) -> None:
    http(f"{emulator_url}/_lineage/calls/reset", method="POST")


@contextmanager
def server(binary: str, emulator_url: str, concurrency: int):
    port = free_port()
    env = dict(os.environ)
    env.update({
        "AWS_ENDPOINT_URL": emulator_url, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "RUST_LOG": "warn",
    })
    proc = subprocess.Popen([binary, "serve", "--addr", f"127.0.0.1:{port}", "--concurrency", str(concurrency), "--no-index"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            if http(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            pass
        if time.time() > deadline:
            proc.kill()
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def rss_kb(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    get = lambda key: int(re.search(rf"{key}:\s+(\d+)", status).group(1))  # noqa: E731
    return get("VmRSS"), get("VmHWM")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def lineage_path(fresh: bool = False) -> str:
    path = f"/lineage?pipeline={PIPELINE}&region=us-east-1&includeLatestExec=true"
    return path + ("&fresh=true" if fresh else "")


def cold_runs(binary: str, emu: str, concurrency: int, runs: int) -> tuple[list[float], dict, dict]:
    """Cold requests, each on a new server; the calls of the last one; its document."""
    times, last_calls, doc = [], {}, {}
    for _ in range(runs):
        with server(binary, emu, concurrency) as (base, _pid):
            reset_calls(emu)
            status, ms, _, body = http(base + lineage_path())
            if status != 200:
                raise RuntimeError(f"/lineage answered {status}: {body[:300]!r}")
            times.append(ms)
            last_calls = calls(emu)
            doc = json.loads(body)
    return times, last_calls, doc


def wrk(url: str, seconds: int, connections: int, threads: int) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout

    def ms(text: str) -> float:
        m = re.match(r"([\d.]+)(us|ms|s)", text)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "raw": out}
    for p in ("50", "75", "90", "99"):
        result[f"p{p}"] = ms(re.search(rf"\s{p}%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(errors.group(1)) if errors else 0
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    return result


def emulator_floor(emu: str, n: int, width: int = 32) -> float:
    """Milliseconds the emulator alone needs to answer n S3 requests, width at a time:
    a floor under any client's cold latency, since moto serves requests one Python
    thread at a time."""
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    with ThreadPoolExecutor(width) as ex:
        list(ex.map(lambda _: http(f"{emu}/bench-bucket-00?location"), range(n)))
    return (time.perf_counter() - started) * 1000


def total(c: dict) -> int:
    return sum(c.values())


def fmt_ms(v: float) -> str:
    return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--latency-ms", type=float, default=50)
    ap.add_argument("--steps", type=int, default=45)
    ap.add_argument("--jobs", type=int, default=30)
    ap.add_argument("--buckets", type=int, default=10)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--concurrency", type=int, default=16, help="the server's --concurrency (its default: 16)")
    ap.add_argument("--load-seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "end2end" / "bench" / "RESULTS.md"))
    a = ap.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed (apt-get install wrk)", file=sys.stderr)
        return 1

    lat = a.latency_ms
    lines: list[str] = []
    say = lines.append
    say("# Benchmark results\n")
    say(f"Written by `.ci/bench` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores, {platform.machine()}; release build; emulator latency "
        f"**{lat:g} ms per AWS request**. Every figure below comes from that run.\n")

    with emulator(a.python, a.steps, a.jobs, a.buckets, lat) as emu:
        cold, cold_calls, doc = cold_runs(a.binary, emu, a.concurrency, a.runs)
        wide, wide_calls, _ = cold_runs(a.binary, emu, 32, max(3, a.runs // 2))
        serial, serial_calls, serial_doc = cold_runs(a.binary, emu, 1, max(3, a.runs // 2))
        same = json.dumps(doc["graph"], sort_keys=True) == json.dumps(serial_doc["graph"], sort_keys=True)
        floor = emulator_floor(emu, total(cold_calls))
        with server(a.binary, emu, a.concurrency) as (base, pid):
            http(base + lineage_path())
            reset_calls(emu)
            warm = [http(base + lineage_path())[1] for _ in range(a.runs * 3)]
            warm_calls = calls(emu)
            reset_calls(emu)
            fresh = [http(base + lineage_path(fresh=True))[1] for _ in range(a.runs)]
            fresh_calls = calls(emu)
            fresh_calls = {k: v / a.runs for k, v in fresh_calls.items()}
            rss_before = rss_kb(pid)
            load = wrk(base + lineage_path(), a.load_seconds, a.connections, 2)
            rss_after = rss_kb(pid)

    n_nodes = len(doc["graph"]["nodes"])
    n_buckets = len({x["bucket"] for x in doc["graph"]["artifacts"]})
    med_cold, med_serial = statistics.median(cold), statistics.median(serial)
    say(f"## `/lineage` of a {n_nodes}-step pipeline ({a.jobs} jobs, {n_buckets} buckets, latest execution)\n")
    say("| request | median | p95 | AWS calls | round trips (median / latency) |")
    say("|---|---:|---:|---:|---:|")
    say(f"| cold, concurrency {a.concurrency} (default) ({len(cold)} runs) | {fmt_ms(med_cold)} | "
        f"{fmt_ms(pct(cold, .95))} | {total(cold_calls)} | {med_cold / lat:.1f} |")
    med_wide = statistics.median(wide)
    say(f"| cold, concurrency 32 ({len(wide)} runs) | {fmt_ms(med_wide)} | {fmt_ms(pct(wide, .95))} | "
        f"{total(wide_calls)} | {med_wide / lat:.1f} |")
    say(f"| cold, concurrency 1 ({len(serial)} runs) | {fmt_ms(med_serial)} | {fmt_ms(pct(serial, .95))} | "
        f"{total(serial_calls)} | {med_serial / lat:.1f} |")
    say(f"| warm, document reused ({len(warm)} runs) | {fmt_ms(statistics.median(warm))} | "
        f"{fmt_ms(pct(warm, .95))} | {total(warm_calls)} | – |")
    say(f"| warm, `fresh=true` ({len(fresh)} runs) | {fmt_ms(statistics.median(fresh))} | "
        f"{fmt_ms(pct(fresh, .95))} | {total(fresh_calls):.0f} | {statistics.median(fresh) / lat:.1f} |")
    say("")
    say(f"The emulator alone needs **{fmt_ms(floor)}** to answer {total(cold_calls)} requests 32 at a time "
        f"(moto answers one request at a time per Python thread, about {1000 * total(cold_calls) / floor:.0f}/s here): "
        f"that is the floor under a cold request on this machine, whatever the client does. "
        f"Cold minus that floor: {fmt_ms(max(0.0, med_cold - floor))} "
        f"(≈ {max(0.0, med_cold - floor) / lat:.1f} latencies).\n")
    say(f"Speed-up of the concurrent fan-out over one call at a time: **{med_serial / med_cold:.1f}×** "
        f"(same run, same scenario). Documents identical at both settings: **{'yes' if same else 'NO'}**.\n")
    immutable = ["SageMaker.DescribeProcessingJob", "SageMaker.DescribeTrainingJob",
                 "SageMaker.ListPipelineExecutionSteps", "SageMaker.DescribePipelineDefinitionForExecution",
                 "SageMaker.ListPipelineParametersForExecution", "SageMaker.DescribePipelineExecution"]
    say("AWS calls per request by operation:\n")
    say("| operation | cold | warm, `fresh=true` |")
    say("|---|---:|---:|")
    for op in sorted(set(cold_calls) | set(fresh_calls)):
        mark = " (immutable)" if op in immutable else ""
        say(f"| `{op}`{mark} | {cold_calls.get(op, 0)} | {fresh_calls.get(op, 0):g} |")
    say("")
    say(f"## Warm throughput: wrk, {a.connections} connections, 2 threads, {a.load_seconds} s\n")
    say("| requests/s | p50 | p75 | p90 | p99 | requests | non-2xx | server RSS before / after / peak |")
    say("|---:|---:|---:|---:|---:|---:|---:|---|")
    say(f"| {load['rps']:.0f} | {fmt_ms(load['p50'])} | {fmt_ms(load['p75'])} | {fmt_ms(load['p90'])} | "
        f"{fmt_ms(load['p99'])} | {load['requests']} | {load['non2xx']} | "
        f"{rss_before[0] / 1024:.0f} / {rss_after[0] / 1024:.0f} / {rss_after[1] / 1024:.0f} MiB |")
    say("\n(wrk and the server share the machine's cores.)\n")

    if not a.no_scaling:
        say(f"## Scaling of cold requests (concurrency {a.concurrency}, 3 runs each)\n")
        say("| steps | jobs | buckets | median | round trips | AWS calls |")
        say("|---:|---:|---:|---:|---:|---:|")
        for steps, jobs, buckets in [(10, 6, 10), (50, 33, 10), (200, 133, 10), (45, 30, 1), (45, 30, 10), (45, 30, 50)]:
            with emulator(a.python, steps, jobs, buckets, lat) as emu:
                times, c, _ = cold_runs(a.binary, emu, a.concurrency, 3)
            m = statistics.median(times)
            say(f"| {steps} | {jobs} | {buckets} | {fmt_ms(m)} | {m / lat:.1f} | {total(c)} |")
            print(f"scaling {steps}/{jobs}/{buckets}: {m:.0f} ms", file=sys.stderr)
        say("")

    args = []
    skip = False
    for arg in sys.argv[1:]:
        if skip:
            skip = False
        elif arg == "--binary":
            skip = True
        elif not arg.startswith("--binary="):
            args.append(arg)
    say("Command: `" + " ".join([".ci/bench"] + args) + "`\n")
    Path(a.out).write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
