import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

// The graph benchmark (.ci/bench-graph): the same Chromium as the tests, against the
// release server the script started (no web server of its own).
export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: "graph.bench.ts",
  outputDir: "../test-results/bench",
  timeout: 180_000,
  webServer: undefined,
  reporter: [["list"]],
  use: { ...base.use, baseURL: process.env.LINEAGE_GRAPH_BENCH_URL },
});
