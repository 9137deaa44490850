#!/usr/bin/env bash
# Serves the built app (`cargo leptos build`) on the emulator's demo scenarios: the
# web server Playwright starts for the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/env
source .ci/emulator.sh
start_demo_emulator "${LINEAGE_E2E_EMULATOR_PORT:-5066}"
# A throwaway index of the demo region, crawled at once.
data="$(mktemp -d -t lineage-e2e.XXXXXX)"
"$CARGO_TARGET_DIR/debug/sagemaker-lineage" serve --addr "${LINEAGE_E2E_ADDR:-127.0.0.1:3000}" \
  --data-dir "$data" --index-regions us-east-1 --index-rps 200 &
server=$!
trap 'kill $server $LINEAGE_EMULATOR_PID 2>/dev/null || true; rm -rf "$data"' EXIT INT TERM
wait $server
