# Sourced: start_demo_emulator PORT starts the AWS emulator with the demo scenarios in
# the background (start_emulator PORT ARGS... with other scenario arguments), waits
# until it is ready, stops it when the calling shell exits, and points the AWS SDK at
# it (dummy credentials; real ones are never read).  Returns 1, with the emulator's
# log on stderr, when it exits early or is not ready in 60 s.
start_demo_emulator() {
  start_emulator "$1" --scenario demo
}

start_emulator() {
  local port="$1" log ready=""
  shift
  log="$(mktemp -t lineage-emulator.XXXXXX)"
  (cd end2end/emulator && exec "$LINEAGE_EMULATOR_PYTHON" -m lineage_emulator --port "$port" "$@") >"$log" 2>&1 &
  LINEAGE_EMULATOR_PID=$!
  trap 'kill $LINEAGE_EMULATOR_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    if grep -q '^READY' "$log"; then
      ready=1
      break
    fi
    if ! kill -0 "$LINEAGE_EMULATOR_PID" 2>/dev/null; then
      cat "$log" >&2
      echo "the AWS emulator did not start" >&2
      return 1
    fi
    sleep 0.2
  done
  if [ -z "$ready" ]; then
    # Still running but never READY (seeding hung, say): carrying on would only make
    # every test fail later with connection errors that hide this cause.
    tail -n 30 "$log" >&2
    echo "the AWS emulator did not become ready in 60 s (last 30 log lines above)" >&2
    kill "$LINEAGE_EMULATOR_PID" 2>/dev/null || true
    return 1
  fi
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  unset AWS_PROFILE AWS_SESSION_TOKEN
}
