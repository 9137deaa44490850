import { expect, test } from "@playwright/test";
import { LineagePage } from "./pages/lineage-page";

const CHURN = "pipeline=customer-churn&region=us-east-1";

test("a deep link draws the graph with the run status of every step", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(CHURN);
  await expect(view.overallStatus).toHaveText("Succeeded");
  const nodes = await view.graphNodes();
  expect(nodes).toHaveLength(8);
  const succeeded = nodes.filter((n) => n.classes.includes("status-succeeded"));
  expect(succeeded).toHaveLength(7);
  expect(await view.nodeClasses("MseTooHigh")).toEqual(expect.arrayContaining(["status-skipped", "type-fail", "branch-else"]));
  expect(await view.nodeClasses("CheckMSE")).toContain("type-condition");
  const edges = await page.evaluate(() => (window as any).lineageGraph.edges().length);
  expect(edges).toBeGreaterThanOrEqual(10);
  await view.screenshot("churn-latest");
});

test("clicking a failed step shows why it failed, and the URL keeps the selection", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(`${CHURN}&execution=exec-churn-0001`);
  await expect(view.overallStatus).toHaveText("Failed");
  expect(await view.nodeClasses("Train")).toContain("status-failed");
  await view.clickNode("Train");
  await expect(view.stepDetails).toBeVisible();
  await expect(view.stepDetails.getByTestId("failure-reason")).toContainText("Data contains NaN in column 'tenure'");
  await expect(view.stepDetails.getByTestId("step-status")).toHaveText("Failed");
  await expect.poll(() => view.query().get("step")).toBe("Train");
  expect(await view.nodeClasses("Train")).toContain("selected");
  await view.screenshot("churn-failed-train");

  // The copied URL reopens the same view.
  const url = page.url();
  const again = new LineagePage(await page.context().newPage());
  await again.page.goto(url);
  await expect(again.stepDetails.getByTestId("failure-reason")).toContainText("NaN");
});

test("step details link the job console and show metrics and registry", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(`${CHURN}&step=RegisterChurnModel`);
  await expect(view.stepDetails.getByTestId("registry")).toContainText("PendingManualApproval");
  await view.stepRow("Train").getByRole("link").click();
  await expect.poll(() => view.query().get("step")).toBe("Train");
  const job = view.stepDetails.getByTestId("job").getByRole("link");
  await expect(job).toHaveAttribute("href", /console\.aws\.amazon\.com\/sagemaker\/.*#\/jobs\/pipelines-exec-churn-0002-train/);
  await expect(view.stepDetails.getByTestId("metrics")).toContainText("validation:auc");
});

test("the artifact list flags the unencrypted and the unreadable bucket", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(CHURN);
  const scratch = view.artifactRow("s3://lineage-scratch/churn/scores");
  await expect(scratch).toHaveAttribute("data-problems", /unencrypted/);
  await expect(scratch).toHaveAttribute("data-problems", /other-region/);
  await expect(view.artifactRow("s3://lineage-raw-data/churn/raw")).toHaveAttribute("data-problems", "");

  // Selecting an artifact highlights the steps that write and read it.
  await scratch.getByRole("link").click();
  await expect(view.artifactDetails).toContainText("not configured");
  await expect.poll(() => view.nodeClasses("BatchScore")).toContain("related");
  expect(await view.nodeClasses("Train")).toContain("faded");
  await view.screenshot("churn-artifact");

  await view.open("pipeline=fraud-detection-nightly&region=us-east-1");
  const restricted = view.artifactRow("s3://lineage-restricted/fraud/raw");
  await expect(restricted).toHaveAttribute("data-unreadable", "true");
  await expect(restricted).toHaveAttribute("data-problems", /unreadable/);
  await expect(page.getByTestId("warnings")).toContainText("warning");
  await restricted.getByRole("link").click();
  await expect(view.artifactDetails).toContainText("AccessDenied");
});

test("changing the execution updates the URL and the graph", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(CHURN);
  expect(await view.nodeClasses("Train")).toContain("status-succeeded");
  await view.executionPicker.selectOption("exec-churn-0001");
  await expect.poll(() => view.query().get("execution")).toBe("exec-churn-0001");
  await expect(view.overallStatus).toHaveText("Failed");
  await expect.poll(() => view.nodeClasses("Train")).toContain("status-failed");
  await view.executionPicker.selectOption("");
  await expect.poll(() => view.query().get("execution")).toBeNull();
  await expect(view.overallStatus).toHaveText("Succeeded");
});

test("arrowing through the execution picker loads only where it stops", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(CHURN);
  // What the page asks the server for from now on (server function calls).
  const asked: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/")) asked.push(r.postData() ?? r.url());
  });
  await view.executionPicker.focus();
  // Latest -> exec-churn-0002 -> exec-churn-0001, faster than a choice settles.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => view.query().get("execution")).toBe("exec-churn-0001");
  await expect(view.overallStatus).toHaveText("Failed");
  expect(asked.some((a) => a.includes("exec-churn-0001"))).toBe(true);
  expect(asked.filter((a) => a.includes("exec-churn-0002"))).toEqual([]);
});

test("a pipeline that does not exist says so", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open("pipeline=no-such-pipeline&region=us-east-1", { graph: false });
  await expect(view.error).toHaveAttribute("data-code", "PipelineNotFound");
  await expect(view.error).toContainText("was not found");
  await view.screenshot("not-found");
});

test("the raw JSON link opens /lineage for the same view", async ({ page, request }) => {
  const view = new LineagePage(page);
  await view.open(`${CHURN}&execution=exec-churn-0001`);
  const href = await view.rawJson.getAttribute("href");
  expect(href).toContain("/lineage?pipeline=customer-churn&region=us-east-1");
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect((await res.json()).execution.id).toBe("exec-churn-0001");
});

test("the home page lists the region's pipelines, each a link to its lineage", async ({ page }) => {
  await page.goto("/?region=us-east-1");
  // The index's overview, or (on its first pass) the list from AWS: both link.
  const link = page.getByRole("link", { name: "quality-gate", exact: true }).first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByTestId("overall-status")).toHaveText("Failed");
});

test("a running execution refreshes itself without losing the selection", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open("pipeline=fraud-detection-nightly&region=us-east-1&step=TuneXGB");
  await expect(page.getByTestId("auto-refresh")).toBeVisible();
  await expect(page.getByTestId("lineage")).toHaveAttribute("data-refreshes", "0");
  await expect(page.getByTestId("lineage")).toHaveAttribute("data-refreshes", "1", { timeout: 20_000 });
  await expect(view.stepDetails).toContainText("TuneXGB");
  expect(await view.nodeClasses("TuneXGB")).toContain("selected");
});

test("a 120-step pipeline is drawn and stays usable", async ({ page }) => {
  const view = new LineagePage(page);
  const started = Date.now();
  await view.open("pipeline=large-pipeline&region=us-east-1");
  expect(await view.graphNodes()).toHaveLength(120);
  expect(Date.now() - started).toBeLessThan(20_000);
  const edges = await page.evaluate(() => (window as any).lineageGraph.edges().length);
  expect(edges).toBe(216);
  await page.getByTestId("fit").click();
  await view.clickNode("S05-L06");
  await expect(view.stepDetails).toContainText("S05-L06");
  await expect(view.stepDetails).toContainText("from S04-L06");
  await view.screenshot("large-pipeline");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server-rendered page shows the summary and the steps", async ({ page }) => {
    await page.goto(`/?${CHURN}`);
    await expect(page.getByTestId("overall-status")).toHaveText("Succeeded");
    await expect(page.getByTestId("step-row")).toHaveCount(8);
    await expect(page.locator('[data-testid="step-row"][data-step="Train"]')).toHaveAttribute("data-status", "Succeeded");
    await page.screenshot({ path: "test-results/screenshots/no-js.png", fullPage: true });
  });
});

test("the page's icon comes from public/, served from the site root", async ({ page, request }) => {
  await page.goto("/?region=us-east-1");
  const href = await page.locator('link[rel="icon"]').getAttribute("href");
  expect(href).toBe("/favicon.svg");
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});
