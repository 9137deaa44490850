import { defineConfig } from "@playwright/test";

// End-to-end tests in headless Debian Chromium (never a downloaded browser) against
// our own server on the emulator's demo scenarios (serve-demo.sh).
const port = process.env.LINEAGE_E2E_PORT ?? "3000";

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "./serve-demo.sh",
    url: `http://127.0.0.1:${port}/healthz`,
    env: { LINEAGE_E2E_ADDR: `127.0.0.1:${port}` },
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
