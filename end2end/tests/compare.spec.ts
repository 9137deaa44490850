import { expect, test } from "@playwright/test";
import { ComparePage } from "./pages/compare-page";
import { LineagePage } from "./pages/lineage-page";

// Comparing two executions (issue 12) on the demo's churn-weekly pipeline: 0001
// succeeded, 0002 failed because its AUC fell under MinAuc (the condition went the
// other way), 0003 ran a definition with a new step, other parameters and a cache hit.

const WEEKLY = "pipeline=churn-weekly&region=us-east-1";

test("from the lineage page, Compare with… opens the previous success against this run", async ({ page }) => {
  const lineage = new LineagePage(page);
  await lineage.open(WEEKLY);
  await page.getByRole("link", { name: "Compare with…" }).click();
  const compare = new ComparePage(page);
  await expect(page).toHaveURL(/\/compare\?/);
  await expect(compare.header).toBeVisible();
  await expect(compare.side("target")).toContainText("exec-weekly-0003");
  // The failed 0002 is skipped: the base is the latest success before the target.
  await expect(compare.side("base")).toContainText("exec-weekly-0001");
  await expect(compare.basePicker).toHaveValue("exec-weekly-0001");
  await expect(compare.targetPicker).toHaveValue("exec-weekly-0003");
  // A step added, the edge it replaced, the cache hit, the parameters that changed.
  await expect(compare.stepRow("Validate")).toHaveAttribute("data-change", "added");
  await expect(compare.stepRow("Preprocess")).toHaveAttribute("data-change", "changed");
  await expect(compare.stepRow("Preprocess")).toContainText("cache hit");
  await expect(page.getByTestId("edge-change").filter({ hasText: "Preprocess → Train" })).toHaveAttribute("data-change", "removed");
  await expect(compare.parameterRow("MinAuc")).toContainText("0.82");
  await expect(compare.parameterRow("TrainInstanceType")).toContainText("ml.m5.2xlarge");
  await expect(compare.graph).toHaveAttribute("data-rendered", "true");
  expect(await compare.nodeClasses("Validate")).toContain("change-added");
  expect(await compare.nodeClasses("Train")).toContain("change-same");
  const edges = await compare.edges();
  expect(edges).toContain("Preprocess->Validate via-data edge-added");
  expect(edges).toContain("Preprocess->Train via-data edge-removed");
  await compare.screenshot("compare-default");
});

test("pickers choose the pair, swap reverses it, and the choice is in the URL", async ({ page }) => {
  const compare = new ComparePage(page);
  await compare.open(WEEKLY);
  await compare.basePicker.selectOption("exec-weekly-0001");
  await compare.targetPicker.selectOption("exec-weekly-0002");
  await compare.compareButton.click();
  await expect.poll(() => compare.query().get("target")).toBe("exec-weekly-0002");
  await expect(compare.side("target")).toContainText("exec-weekly-0002");
  await expect(page.getByTestId("target-status")).toHaveText("Failed");
  // The condition went the other way: the register step did not run, the fail step failed.
  await expect(compare.stepRow("CheckAuc")).toContainText("outcome True");
  await expect(compare.stepRow("CheckAuc")).toContainText("outcome False");
  await expect(compare.stepRow("AucTooLow")).toContainText("AUC below 0.8");
  await expect(compare.stepRow("RegisterModel")).toContainText("NotStarted");
  // A lower AUC is worse, and says so in words as well as colour.
  const auc = compare.metricRow("Train", "validation:auc");
  await expect(auc.getByTestId("metric-delta")).toContainText("-0.117");
  await expect(auc.getByTestId("metric-delta")).toContainText("worse");
  await expect(auc.getByTestId("metric-delta")).toHaveClass(/worse/);

  await compare.swap.click();
  await expect.poll(() => compare.query().get("base")).toBe("exec-weekly-0002");
  expect(compare.query().get("target")).toBe("exec-weekly-0001");
  await expect(compare.side("base")).toContainText("exec-weekly-0002");
  await expect(compare.metricRow("Train", "validation:auc").getByTestId("metric-delta")).toContainText("better");
});

test("differences only by default; all=1 shows everything, in the URL", async ({ page }) => {
  const compare = new ComparePage(page);
  await compare.open(`${WEEKLY}&base=exec-weekly-0001&target=exec-weekly-0002`);
  await expect(compare.differencesToggle).toHaveAttribute("aria-checked", "true");
  // Unchanged steps and parameters are hidden.
  await expect(compare.stepRow("Train")).toHaveCount(0);
  await expect(compare.parameterRow("MinAuc")).toHaveCount(0);
  const changed = await compare.stepRows().count();

  await compare.differencesToggle.click();
  await expect.poll(() => compare.query().get("all")).toBe("1");
  await expect(compare.differencesToggle).toHaveAttribute("aria-checked", "false");
  await expect(compare.stepRow("Train")).toHaveAttribute("data-change", "same");
  await expect(compare.parameterRow("MinAuc")).toBeVisible();
  expect(await compare.stepRows().count()).toBeGreaterThan(changed);

  // The deep link reopens the same view.
  await compare.open(page.url().split("?")[1]);
  await expect(compare.stepRow("Train")).toBeVisible();
});

test("clicking a node shows both runs of that step, and the step is a deep link", async ({ page }) => {
  const compare = new ComparePage(page);
  await compare.open(`${WEEKLY}&base=exec-weekly-0001&target=exec-weekly-0002`);
  await compare.clickNode("CheckAuc");
  await expect.poll(() => compare.query().get("step")).toBe("CheckAuc");
  await expect(compare.stepSides).toBeVisible();
  await expect(compare.stepSides.getByRole("row", { name: /Condition outcome/ })).toContainText("True");
  await expect(compare.stepSides.getByRole("row", { name: /Condition outcome/ })).toContainText("False");
  await compare.open(page.url().split("?")[1]);
  await expect(compare.stepSides.getByRole("heading")).toHaveText("CheckAuc");
});

test("without JavaScript the comparison reads and the pickers work", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/compare?${WEEKLY}&base=exec-weekly-0001&target=exec-weekly-0002`);
  await expect(page.getByTestId("step-change-row").filter({ hasText: "AucTooLow" })).toBeVisible();
  await page.getByLabel("Target").selectOption("exec-weekly-0003");
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(/target=exec-weekly-0003/);
  await expect(page.locator('[data-testid="step-change-row"][data-step="Validate"]')).toHaveAttribute("data-change", "added");
  await context.close();
});

test("an unknown execution is an error naming it", async ({ page }) => {
  const compare = new ComparePage(page);
  const response = await page.goto(`/compare?${WEEKLY}&base=exec-nope`);
  expect(response?.status()).toBe(404);
  await expect(compare.error).toContainText("exec-nope");
});
