import { expect, test } from "@playwright/test";
import { DocsPage } from "./pages/docs-page";

test("the API docs are served by the app and can call the API", async ({ page, baseURL }) => {
  // Every request the page makes stays on our own origin (no CDN).
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(baseURL!)) foreign.push(r.url());
  });
  const docs = new DocsPage(page);
  await docs.open();
  for (const path of ["/lineage", "/pipelines", "/executions", "/healthz", "/readyz", "/metrics"]) {
    await expect(docs.operation(path)).toBeVisible();
  }
  const status = await docs.tryIt("/lineage", { pipeline: "quality-gate", region: "us-east-1" });
  await expect(status).toHaveText("200");
  await expect(docs.operation("/lineage").getByText('"overallStatus"').first()).toBeVisible();
  expect(docs.violations).toEqual([]);
  expect(foreign).toEqual([]);
});
