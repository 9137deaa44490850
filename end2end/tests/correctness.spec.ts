import { expect, test } from "@playwright/test";
import { LineagePage } from "./pages/lineage-page";

// Never a wrong or frozen view (issue 9): step names that look like graph ids, a
// choice that survives a refresh, and a view that keeps trying when the execution
// could not be read.

const FRAUD = "pipeline=fraud-detection-nightly&region=us-east-1";
const emulator = `http://127.0.0.1:${process.env.LINEAGE_E2E_EMULATOR_PORT ?? "5066"}`;

test("steps named like graph ids (e0, n0) are drawn", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const view = new LineagePage(page);
  await view.open("pipeline=id-clash&region=us-east-1");
  const nodes = await view.graphNodes();
  expect(nodes.map((n) => n.id).sort()).toEqual(["e0", "e1", "e2", "n0"]);
  expect(await page.evaluate(() => (window as any).lineageGraph.edges().length)).toBe(3);
  expect(await view.nodeClasses("e0")).toContain("status-succeeded");
  await view.clickNode("e1");
  await expect(view.stepDetails).toContainText("e1");
  await expect.poll(() => view.query().get("step")).toBe("e1");
  expect(await view.nodeClasses("e1")).toContain("selected");
  expect(errors).toEqual([]);
  await view.screenshot("id-clash");
});

test("a choice in the execution picker survives a refresh that rebuilds the header", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(FRAUD);
  await expect(view.overallStatus).toHaveText("Executing");
  // Hold the refresh's answer until the choice is made, then deliver it at once:
  // the header is rebuilt while the choice has not loaded yet (it waits 400 ms).
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let fetched!: () => void;
  const answered = new Promise<void>((r) => (fetched = r));
  await page.route(
    "**/api/lineage",
    async (route) => {
      const response = await route.fetch();
      fetched();
      await released;
      await route.fulfill({ response });
    },
    { times: 1 },
  );
  await page.getByTestId("refresh").click();
  await answered;
  await view.executionPicker.selectOption("exec-fraud-0042");
  release();
  await expect.poll(() => view.query().get("execution")).toBe("exec-fraud-0042");
  await expect(view.executionPicker).toHaveValue("exec-fraud-0042");
});

test("a view whose execution could not be read keeps trying until it can", async ({ page, request }) => {
  const fault = await request.post(
    `${emulator}/_lineage/faults?op=SageMaker.DescribePipelineExecution&kind=error`,
  );
  expect(fault.status()).toBe(200);
  try {
    // Replace whatever document an earlier test left for this view (fresh=true).
    const partial = await request.get(`/lineage?${FRAUD}&includeLatestExec=true&fresh=true`);
    expect((await partial.json()).summary.overallStatus).toBe("Unknown");
    const view = new LineagePage(page);
    await view.open(FRAUD);
    await expect(view.overallStatus).toHaveText("Unknown");
    await expect(page.getByTestId("auto-refresh")).toContainText("could not be read");
  } finally {
    await request.post(`${emulator}/_lineage/faults/clear`);
  }
  // Not frozen: the next refresh shows the running execution.
  await expect(page.getByTestId("overall-status")).toHaveText("Executing", { timeout: 25_000 });
  await expect(page.getByTestId("auto-refresh")).toContainText("Running");
});
