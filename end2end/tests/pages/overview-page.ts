import { expect, type Locator, type Page } from "@playwright/test";

/** The home page's answers from the lineage index: the region overview and who
 * touches an S3 location. */
export class OverviewPage {
  readonly table: Locator;
  readonly freshness: Locator;
  readonly locationInput: Locator;
  readonly matches: Locator;
  readonly downstream: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId("overview");
    this.freshness = page.getByTestId("freshness");
    this.locationInput = page.getByTestId("location-input");
    this.matches = page.getByTestId("location-match");
    this.downstream = page.getByTestId("downstream");
  }

  /** Opens `/?query`, reloading until the region's first pass has ended (the demo
   * server indexes us-east-1 when it starts). */
  async open(query: string) {
    await expect(async () => {
      await this.page.goto(`/?${query}`);
      await expect(this.freshness).toContainText("Indexed", { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(this.page.locator("body")).toHaveAttribute("data-hydrated", "true");
  }

  row(pipeline: string): Locator {
    return this.page.locator(`[data-testid="overview-row"][data-pipeline="${pipeline}"]`);
  }

  async rowNames(): Promise<string[]> {
    return this.page.getByTestId("overview-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-pipeline")!));
  }

  sortBy(column: string): Locator {
    return this.table.getByRole("columnheader").getByRole("link", { name: column });
  }

  query(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }
}
