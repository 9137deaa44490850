import { expect, type Locator, type Page } from "@playwright/test";

/** The comparison of two executions (`/compare`), driven the way a user would. */
export class ComparePage {
  readonly header: Locator;
  readonly basePicker: Locator;
  readonly targetPicker: Locator;
  readonly compareButton: Locator;
  readonly swap: Locator;
  readonly differencesToggle: Locator;
  readonly graph: Locator;
  readonly stepSides: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByTestId("compare");
    this.basePicker = page.getByLabel("Base");
    this.targetPicker = page.getByLabel("Target");
    this.compareButton = page.getByRole("button", { name: "Compare" });
    this.swap = page.getByRole("link", { name: "Swap" });
    this.differencesToggle = page.getByRole("switch", { name: /Differences only/ });
    this.graph = page.getByTestId("graph");
    this.stepSides = page.getByTestId("step-sides");
    this.error = page.getByRole("alert");
  }

  /** Opens `/compare?query` and waits until the page is interactive and the graph drawn. */
  async open(query: string, { graph = true } = {}) {
    await this.page.goto(`/compare?${query}`);
    await expect(this.page.locator("body")).toHaveAttribute("data-hydrated", "true");
    if (graph) {
      await expect(this.graph).toHaveAttribute("data-rendered", "true");
    }
  }

  side(which: "base" | "target"): Locator {
    return this.page.getByTestId(which);
  }

  stepRow(id: string): Locator {
    return this.page.locator(`[data-testid="step-change-row"][data-step="${id}"]`);
  }

  stepRows(): Locator {
    return this.page.getByTestId("step-change-row");
  }

  parameterRow(name: string): Locator {
    return this.page.locator(`[data-testid="parameter-row"][data-name="${name}"]`);
  }

  metricRow(step: string, name: string): Locator {
    return this.page.locator(`[data-testid="metric-row"][data-step="${step}"][data-name="${name}"]`);
  }

  /** Classes of a step's node in the graph. */
  async nodeClasses(step: string): Promise<string[]> {
    return this.page.evaluate((step) => (window as any).lineageGraph.getElementById(`step:${step}`).classes(), step);
  }

  /** Edges of the graph with their classes, as `from->to classes`. */
  async edges(): Promise<string[]> {
    return this.page.evaluate(() =>
      (window as any).lineageGraph
        .edges()
        .map((e: any) => `${e.source().data("step")}->${e.target().data("step")} ${e.classes().join(" ")}`),
    );
  }

  /** Clicks a step in the graph canvas, where it is drawn. */
  async clickNode(step: string) {
    const pos = await this.page.evaluate((step) => {
      const n = (window as any).lineageGraph.getElementById(`step:${step}`);
      return n.renderedPosition();
    }, step);
    const box = await this.graph.boundingBox();
    if (!box) throw new Error("graph not visible");
    await this.page.mouse.click(box.x + pos.x, box.y + pos.y);
  }

  query(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
  }
}
