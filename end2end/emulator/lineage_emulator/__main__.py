"""python -m lineage_emulator --port PORT [--host 127.0.0.1] [--scenario demo|bench|none] [--latency-ms 0]
       [--bench-steps 45 --bench-jobs 30 --bench-buckets 10 --bench-executions 1 --bench-endpoints 0]
       [--bench-pipelines 0 --bench-executions-per-pipeline 20]

Starts moto in-process with the lineage extension, seeds the scenario, prints
exactly one line ``READY http://HOST:PORT`` on stdout and serves until SIGTERM
or SIGINT.  Startup errors exit non-zero with a message on stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import traceback


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m lineage_emulator",
        description="moto-based AWS emulator (SageMaker Pipelines, S3, S3 Control, KMS) for the lineage viewer tests",
    )
    parser.add_argument("--port", type=int, required=True, help="TCP port (0 = pick a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument(
        "--scenario", default="demo", help="scenario to seed: demo (default), bench or none"
    )
    parser.add_argument(
        "--bench-steps",
        type=int,
        default=None,
        help="--scenario bench: number of pipeline steps (default 45)",
    )
    parser.add_argument(
        "--bench-jobs",
        type=int,
        default=None,
        help="--scenario bench: how many of the steps have a job (default 30; 3 <= J <= steps)",
    )
    parser.add_argument(
        "--bench-buckets",
        type=int,
        default=None,
        help="--scenario bench: number of S3 buckets bench-bucket-00.. (default 10)",
    )
    parser.add_argument(
        "--bench-executions",
        type=int,
        default=None,
        help=(
            "--scenario bench: number of Succeeded executions exec-bench-0001.. "
            "(default 1; at most 20000), for memory tests"
        ),
    )
    parser.add_argument(
        "--bench-endpoints",
        type=int,
        default=None,
        help=(
            "--scenario bench: number of SageMaker endpoints bench-endpoint-0001.. "
            "(default 0; at most 5000), each serving one of the pipeline's model "
            "packages, or a training artifact when it registered none"
        ),
    )
    parser.add_argument(
        "--bench-pipelines",
        type=int,
        default=None,
        help=(
            "--scenario bench: a region of N more, small pipelines bench-p-0001.. "
            "(Preprocess -> Train -> Register; default 0; at most 5000) with finished "
            "executions in the 28 days before today (UTC), their jobs and model "
            "packages; the --bench-endpoints endpoints then serve those packages"
        ),
    )
    parser.add_argument(
        "--bench-executions-per-pipeline",
        type=int,
        default=None,
        help="--scenario bench: executions of each --bench-pipelines pipeline (default 20; 1 to 500)",
    )
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="sleep this many milliseconds before answering every AWS request",
    )
    parser.add_argument(
        "--s3-default-encryption",
        action="store_true",
        help=(
            "answer GetBucketEncryption on a bucket without configuration with SSE-S3 "
            "(AES256), like real S3 since 2023, instead of "
            "ServerSideEncryptionConfigurationNotFoundError"
        ),
    )
    parser.add_argument(
        "--verbose", action="store_true", help="log every HTTP request on stderr"
    )
    parser.add_argument(
        "--step-page-cap",
        type=int,
        default=4,
        help=(
            "at most this many steps per ListPipelineExecutionSteps page (default 4, to "
            "exercise pagination; real AWS returns up to MaxResults, at most 100)"
        ),
    )
    parser.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help=(
            "also exit when stdin reaches end of file, so a test process that holds "
            "the other end of a pipe takes the emulator down with it however it ends"
        ),
    )
    return parser.parse_args(argv)


def _fail(message: str, code: int = 1) -> int:
    print(f"lineage_emulator: {message}", file=sys.stderr, flush=True)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if not (0 <= args.port <= 65535):
        return _fail(f"invalid --port {args.port}", 2)
    if args.latency_ms < 0:
        return _fail("--latency-ms must be >= 0", 2)

    # moto must not read real credentials/config or talk to real AWS.
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "lineage-emulator")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "lineage-emulator")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.WARNING)

    try:
        from . import extension, scenarios, seed
        from .server import LineageMiddleware, LineageMotoServer
    except Exception as exc:  # noqa: BLE001
        traceback.print_exc()
        return _fail(f"cannot import moto / the extension: {exc} (is requirements.txt installed?)")

    bench_params = {
        key: value
        for key, value in (
            ("steps", args.bench_steps),
            ("jobs", args.bench_jobs),
            ("buckets", args.bench_buckets),
            ("executions", args.bench_executions),
            ("endpoints", args.bench_endpoints),
            ("pipelines", args.bench_pipelines),
            ("executions_per_pipeline", args.bench_executions_per_pipeline),
        )
        if value is not None
    }
    build = scenarios.GENERATED_SCENARIOS.get(args.scenario)
    if build is not None:
        try:
            scenario = build(**bench_params)
        except ValueError as exc:
            return _fail(str(exc), 2)
    else:
        if bench_params:
            return _fail(
                "--bench-steps/--bench-jobs/--bench-buckets/--bench-executions/--bench-endpoints/"
                "--bench-pipelines/--bench-executions-per-pipeline only apply to --scenario bench",
                2,
            )
        scenario = scenarios.SCENARIOS.get(args.scenario)
        if scenario is None:
            return _fail(
                f"unknown --scenario {args.scenario!r}; known: {', '.join(scenarios.scenario_names())}",
                2,
            )

    extension.install(default_s3_encryption=args.s3_default_encryption, step_page_cap=args.step_page_cap)

    restricted = scenarios.restricted_buckets(scenario)
    owners = scenarios.bucket_owners(scenario)
    server = LineageMotoServer(
        args.host,
        args.port,
        lambda app: LineageMiddleware(
            app, latency_ms=0.0, restricted_buckets=restricted, bucket_owners=owners
        ),
    )
    try:
        server.start()
    except BaseException as exc:  # noqa: BLE001
        return _fail(f"cannot listen on {args.host}:{args.port}: {exc}")

    host, port = server.get_host_and_port()
    connect_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in connect_host and not connect_host.startswith("["):
        connect_host = f"[{connect_host}]"
    endpoint = f"http://{connect_host}:{port}"

    try:
        seed.seed(endpoint, scenario)
    except BaseException as exc:  # noqa: BLE001
        traceback.print_exc()
        server.stop()
        return _fail(f"seeding scenario {args.scenario!r} failed: {exc}")

    assert server.middleware is not None
    server.middleware.reset()  # count only the client's calls
    server.middleware.latency_ms = float(args.latency_ms)

    stop = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    if args.exit_on_stdin_eof:

        def _watch_stdin() -> None:
            try:
                # os.read, not sys.stdin: a buffered read would hold a lock that
                # interpreter shutdown then waits for.
                while os.read(sys.stdin.fileno(), 4096):
                    pass
            except OSError:
                pass
            stop.set()

        threading.Thread(target=_watch_stdin, daemon=True).start()

    print(f"READY {endpoint}", flush=True)
    while not stop.wait(0.5):
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
