import { expect, type Locator, type Page } from "@playwright/test";

/** The interactive API documentation at /docs (Swagger UI over /openapi.json). */
export class DocsPage {
  readonly title: Locator;
  /** Content Security Policy violations the page reported. */
  readonly violations: string[] = [];

  constructor(readonly page: Page) {
    this.title = page.getByRole("heading", { name: /SageMaker Lineage/ });
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) {
        this.violations.push(m.text());
      }
    });
  }

  async open() {
    await this.page.goto("/docs");
    await expect(this.title).toBeVisible();
  }

  /** The collapsible block of `GET path`. */
  operation(path: string): Locator {
    return this.page.locator(`.opblock-get`).filter({
      has: this.page.getByText(path, { exact: true }),
    });
  }

  /** Expands `GET path`, fills its parameters and runs it; returns the status shown. */
  async tryIt(path: string, params: Record<string, string>): Promise<Locator> {
    const op = this.operation(path);
    await op.getByRole("button", { name: new RegExp(`^GET\\s*${path.replace("/", "\\/")}`) }).click();
    await op.getByRole("button", { name: "Try it out" }).click();
    for (const [name, value] of Object.entries(params)) {
      // A parameter with listed values (such as the known regions) is a select.
      const row = op.locator(`tr[data-param-name="${name}"]`);
      const choice = row.locator("select");
      if ((await choice.count()) > 0) {
        await choice.selectOption(value);
      } else {
        await op.getByPlaceholder(name, { exact: true }).fill(value);
      }
    }
    await op.getByRole("button", { name: "Execute" }).click();
    return op.locator(".live-responses-table tbody td.response-col_status").first();
  }
}
