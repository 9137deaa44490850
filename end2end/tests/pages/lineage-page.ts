import { expect, type Locator, type Page } from "@playwright/test";

/** The lineage view, driven the way a user would, plus the graph's live state. */
export class LineagePage {
  readonly summary: Locator;
  readonly overallStatus: Locator;
  readonly graph: Locator;
  readonly stepDetails: Locator;
  readonly artifactDetails: Locator;
  readonly executionPicker: Locator;
  readonly error: Locator;
  readonly rawJson: Locator;
  readonly securityTab: Locator;
  readonly lineageTab: Locator;
  readonly securityView: Locator;

  constructor(readonly page: Page) {
    this.summary = page.getByTestId("summary");
    this.overallStatus = page.getByTestId("overall-status");
    this.graph = page.getByTestId("graph");
    this.stepDetails = page.getByTestId("step-details");
    this.artifactDetails = page.getByTestId("artifact-details");
    this.executionPicker = page.getByTestId("execution-picker");
    this.error = page.getByRole("alert");
    this.rawJson = page.getByTestId("raw-json");
    this.securityTab = page.getByRole("navigation", { name: "View" }).getByRole("link", { name: /^Security/ });
    this.lineageTab = page.getByRole("navigation", { name: "View" }).getByRole("link", { name: "Lineage" });
    this.securityView = page.getByTestId("security-view");
  }

  /** The findings the Security view shows, optionally of one id. */
  findings(id?: string): Locator {
    const all = this.securityView.getByTestId("finding");
    return id ? all.and(this.page.locator(`[data-finding="${id}"]`)) : all;
  }

  /** One finding, by id and resource. */
  finding(id: string, resource: string): Locator {
    return this.page.locator(`[data-testid="finding"][data-finding="${id}"][data-resource="${resource}"]`);
  }

  /** A filter link of the Security view (`severity` or `resource`). */
  filter(kind: "severity" | "resource", name: string): Locator {
    return this.page.getByRole("navigation", { name: `Filter findings by ${kind}` }).getByRole("link", { name });
  }

  /** Opens a deep link and waits until the page is interactive and the graph drawn. */
  async open(query: string, { graph = true } = {}) {
    await this.page.goto(`/?${query}`);
    await expect(this.page.locator("body")).toHaveAttribute("data-hydrated", "true");
    if (graph) {
      await expect(this.graph).toHaveAttribute("data-rendered", "true");
    }
  }

  /** Steps (by name) and their classes as Cytoscape has them. */
  async graphNodes(): Promise<{ id: string; classes: string[] }[]> {
    return this.page.evaluate(() =>
      (window as any).lineageGraph.nodes().map((n: any) => ({ id: n.data("step"), classes: n.classes() })),
    );
  }

  /** Classes of a step's node (element ids are `step:<name>`). */
  async nodeClasses(step: string): Promise<string[]> {
    return this.page.evaluate((step) => (window as any).lineageGraph.getElementById(`step:${step}`).classes(), step);
  }

  /** Clicks a step in the graph canvas, where it is drawn. */
  async clickNode(step: string) {
    const pos = await this.page.evaluate((step) => {
      const cy = (window as any).lineageGraph;
      const n = cy.getElementById(`step:${step}`);
      return n.renderedPosition();
    }, step);
    const box = await this.graph.boundingBox();
    if (!box) throw new Error("graph not visible");
    await this.page.mouse.click(box.x + pos.x, box.y + pos.y);
  }

  stepRow(id: string): Locator {
    return this.page.locator(`[data-testid="step-row"][data-step="${id}"]`);
  }

  artifactRow(uri: string): Locator {
    return this.page.locator(`[data-testid="artifact-row"][data-uri="${uri}"]`);
  }

  query(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
  }
}
