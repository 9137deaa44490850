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
    // The canvas may be taller than what is in view: bring it all in, and wait until
    // it stays put (content loading above it, such as the execution list, can move it).
    await this.graph.evaluate(async (el) => {
      el.scrollIntoView({ block: "center" });
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      let last = "";
      for (let i = 0; i < 60; i++) {
        await frame();
        await frame();
        const b = el.getBoundingClientRect();
        const now = `${b.x},${b.y},${b.width},${b.height}`;
        if (now === last) return;
        last = now;
        el.scrollIntoView({ block: "center" });
      }
    });
    const pos = await this.page.evaluate((step) => {
      const cy = (window as any).lineageGraph;
      const n = cy.getElementById(`step:${step}`);
      return n.renderedPosition();
    }, step);
    const box = await this.graph.boundingBox();
    if (!box) throw new Error("graph not visible");
    await this.page.mouse.click(box.x + pos.x, box.y + pos.y);
  }

  /** The step search's box (a combobox over its suggestions). */
  get search(): Locator {
    return this.page.getByRole("combobox", { name: "Find a step" });
  }

  /** A graph filter, focus or layout link, by its accessible name. */
  control(name: string | RegExp): Locator {
    return this.page.getByTestId("navigator").getByRole("link", { name });
  }

  /** The live drawing's numbers: zoom, each label's rendered font size, canvas size. */
  async drawing(): Promise<{ zoom: number; fontPx: number; width: number; height: number; direction: string | null }> {
    return this.page.evaluate(() => {
      const cy = (window as any).lineageGraph;
      const container = cy.container() as HTMLElement;
      return {
        zoom: cy.zoom(),
        fontPx: Math.min(...cy.nodes(":visible").map((n: any) => parseFloat(n.renderedStyle("font-size")))),
        width: container.clientWidth,
        height: container.clientHeight,
        direction: container.getAttribute("data-direction"),
      };
    });
  }

  /** Steps (by name) carrying a class in the drawing, sorted. */
  async stepsWithClass(cls: string): Promise<string[]> {
    return this.page.evaluate(
      (cls) => (window as any).lineageGraph.nodes(`.${cls}`).map((n: any) => n.data("step")).sort(),
      cls,
    );
  }

  /** Where a step is drawn relative to the canvas's centre, in CSS pixels. */
  async offCentre(step: string): Promise<number> {
    return this.page.evaluate((step) => {
      const cy = (window as any).lineageGraph;
      const p = cy.getElementById(`step:${step}`).renderedPosition();
      return Math.hypot(p.x - cy.width() / 2, p.y - cy.height() / 2);
    }, step);
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
