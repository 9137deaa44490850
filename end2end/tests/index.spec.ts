import { expect, test } from "@playwright/test";
import { LineagePage } from "./pages/lineage-page";
import { OverviewPage } from "./pages/overview-page";

// The lineage index (issue 13) on the demo region, which the demo server indexes
// when it starts: the overview, who touches an S3 location, and where a pipeline's
// models serve.

test("the home page is the region's overview: sortable, filterable, in the URL", async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open("region=us-east-1");
  await expect(overview.row("churn-weekly")).toHaveAttribute("data-status", "Succeeded");
  await expect(overview.row("churn-weekly").getByTestId("failures")).toHaveText("1 of 3");
  await expect(overview.row("churn-weekly").getByTestId("deployments")).toHaveText("churn-prod, churn-weekly-canary");
  await expect(overview.row("never-run")).toHaveAttribute("data-status", "none");
  await page.screenshot({ path: "test-results/screenshots/overview.png", fullPage: true });

  await overview.sortBy("Failures in window").click();
  await expect.poll(() => overview.query().get("sort")).toBe("failures");
  const names = await overview.rowNames();
  const failures = async (name: string) =>
    Number((await overview.row(name).getByTestId("failures").textContent())!.split(" ")[0]);
  expect(await failures(names[0])).toBeGreaterThanOrEqual(await failures(names[names.length - 1]));
  await expect(overview.table.getByRole("columnheader", { name: "Failures in window" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );

  await page.getByTestId("filter-status").selectOption("Failed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect.poll(() => overview.query().get("status")).toBe("Failed");
  const statuses = await page.getByTestId("overview-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["Failed"]));
  expect(overview.query().get("sort")).toBe("failures");

  await overview.row(await overview.rowNames().then((n) => n[0])).getByRole("link").first().click();
  await expect(page.getByTestId("overall-status")).toHaveText("Failed");
});

test("who touches a location: the steps, and the packages and endpoints downstream", async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open("region=us-east-1");
  await overview.locationInput.fill("s3://lineage-features/churn-weekly/train");
  await page.getByRole("button", { name: "Who touches it?" }).click();
  await expect(page).toHaveURL(/uri=s3/);
  await expect(overview.matches).toHaveCount(3);
  await expect(page.locator('[data-testid="location-match"][data-step="Validate"]')).toHaveAttribute("data-direction", "input");
  await expect(overview.downstream.getByTestId("downstream-package")).toHaveCount(2);
  await expect(page.locator('[data-testid="downstream-endpoint"][data-endpoint="churn-prod"]')).toBeVisible();
  await expect(page.locator('[data-testid="downstream-endpoint"][data-endpoint="churn-weekly-canary"]')).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/locations.png", fullPage: true });
  // A match leads to its step at the newest execution that touched it.
  await page.locator('[data-testid="location-match"][data-step="Preprocess"]').getByRole("link").click();
  await expect(page.getByTestId("step-details")).toBeVisible();
  expect(new URL(page.url()).searchParams.get("execution")).toBe("exec-weekly-0003");
});

test("a location in the lineage page leads to who else touches it; the model's deployments show", async ({ page }) => {
  const view = new LineagePage(page);
  // Until the region is indexed the document says so; it is indexed at start.
  await expect(async () => {
    await view.open("pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002");
    await expect(page.getByTestId("deployed-panel")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  const deployed = page.getByTestId("deployed-panel");
  await expect(deployed.locator('[data-endpoint="churn-prod"]')).toBeVisible();
  await expect(deployed.locator('[data-endpoint="churn-batch-debug"]')).toContainText("Failed");

  await view.stepRow("RegisterChurnModel").getByRole("link").click();
  await expect(view.stepDetails.getByTestId("deployment")).toHaveCount(1);
  await expect(view.stepDetails.getByTestId("deployment")).toContainText("churn-prod");

  const uri = "s3://lineage-models/churn/model/pipelines-exec-churn-0002-train-k7m2q9x4lp/output/model.tar.gz";
  await view.artifactRow(uri).getByRole("link").click();
  await view.artifactDetails.getByTestId("who-touches").click();
  await expect(page).toHaveURL(/uri=s3%3A%2F%2Flineage-models/);
  // The artifact, and the output prefix that contains it.
  await expect(page.locator('[data-testid="location-match"][data-pipeline="customer-churn"][data-step="Train"]')).toHaveCount(2);
  await expect(page.locator('[data-testid="downstream-endpoint"][data-endpoint="churn-batch-debug"]')).toBeVisible();
});

test("without JavaScript the overview and a location read", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await expect(async () => {
    await page.goto("/?region=us-east-1&sort=deployments");
    await expect(page.getByTestId("freshness")).toContainText("Indexed", { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("overview-row").first()).toBeVisible();
  await page.goto("/?region=us-east-1&uri=s3://lineage-models/churn");
  await expect(page.getByTestId("location-match").first()).toBeVisible();
  await context.close();
});
