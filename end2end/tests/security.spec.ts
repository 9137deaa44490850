import { expect, test } from "@playwright/test";
import { LineagePage } from "./pages/lineage-page";

// The Security view and the security marks (issue 11), on the demo's data-posture
// pipeline: public, shared and locked-down buckets, keys in every state, and jobs
// with and without isolation.

const POSTURE = "pipeline=data-posture&region=us-east-1";

test("the Security view lists findings by severity, filtered in the URL", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(`${POSTURE}&view=security`);
  await expect(view.securityView).toBeVisible();
  await expect(view.securityTab).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("findings-critical")).toHaveText("critical: 4");
  // Worst first: the first group is the critical one.
  await expect(page.getByTestId("severity-group").first()).toContainText("critical");
  await expect(view.finding("s3.public-policy", "lineage-public-policy")).toBeVisible();
  await expect(view.finding("s3.default-bucket-not-owned", "sagemaker-us-east-1-123456789012")).toBeVisible();
  await expect(
    view.finding("kms.key-not-enabled", "arn:aws:kms:us-east-1:123456789012:key/4444dddd-5555-6666-7777-88889999aaaa"),
  ).toBeVisible();
  // The foreign key could not be described: the view says findings may be missing.
  await expect(page.getByTestId("security-partial")).toBeVisible();
  // Each finding says what it rests on.
  await expect(view.finding("s3.public-policy", "lineage-public-policy").getByTestId("evidence")).toContainText(
    "s3:GetBucketPolicyStatus",
  );

  await view.filter("severity", "High and worse").click();
  await expect.poll(() => view.query().get("severity")).toBe("high");
  await expect(view.findings().filter({ has: page.locator('[data-severity="medium"]') })).toHaveCount(0);
  const shown = await view.findings().evaluateAll((els) => els.map((e) => e.getAttribute("data-severity")));
  expect(shown.length).toBeGreaterThan(0);
  expect(new Set(shown)).toEqual(new Set(["critical", "high"]));

  await view.filter("resource", "KMS keys").click();
  await expect.poll(() => view.query().get("resource")).toBe("kmsKey");
  await expect(view.findings()).toHaveCount(2);
  const types = await view.findings().evaluateAll((els) => els.map((e) => e.getAttribute("data-resource-type")));
  expect(new Set(types)).toEqual(new Set(["kmsKey"]));

  // The filtered view is a deep link.
  await view.open(page.url().split("?")[1]);
  await expect(view.findings()).toHaveCount(2);
  await view.screenshot("security-view");
});

test("a finding leads to its steps in the graph and to its bucket's probes", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(`${POSTURE}&view=security`);
  const finding = view.finding("s3.public-policy", "lineage-public-policy");
  await finding.getByRole("link", { name: "ReadPublic" }).click();
  await expect.poll(() => view.query().get("step")).toBe("ReadPublic");
  expect(view.query().get("view")).toBe("security");
  await expect(view.stepDetails).toContainText("ReadPublic");
  expect(await view.nodeClasses("ReadPublic")).toContain("selected");
  await expect(view.stepDetails.getByTestId("panel-finding").first()).toBeVisible();
  await expect(view.stepDetails.getByTestId("job-security")).toContainText("Network isolation");

  await view.finding("s3.public-policy", "lineage-public-policy").getByTestId("finding-resource").click();
  await expect.poll(() => view.query().get("artifact")).toContain("s3://lineage-public-policy/");
  await expect(view.artifactDetails.getByTestId("probe-policy-status")).toHaveText("public");
  await expect(view.artifactDetails.getByTestId("panel-finding").first()).toBeVisible();
});

test("steps and locations with findings carry a mark; the locked-down bucket has none", async ({ page }) => {
  const view = new LineagePage(page);
  await view.open(POSTURE);
  await expect(view.securityTab).toContainText("Security (");
  expect(await view.nodeClasses("ReadPublic")).toContain("finding-critical");
  await expect(view.stepRow("ReadPublic").getByTestId("finding-mark")).toHaveAttribute("data-severity", "critical");
  await expect(view.artifactRow("s3://lineage-public-acl/raw").getByTestId("finding-mark")).toHaveAttribute(
    "data-severity",
    "critical",
  );
  const locked = view.artifactRow("s3://lineage-locked/curated");
  await expect(locked.getByTestId("finding-mark")).toHaveCount(0);

  // Its panel shows every probe as read, and no finding.
  await locked.getByRole("link").click();
  const controls = view.artifactDetails.getByTestId("bucket-controls");
  await expect(controls.getByTestId("probe-policy")).toContainText("requests without TLS denied");
  await expect(controls.getByTestId("probe-ownership")).toContainText("BucketOwnerEnforced");
  await expect(controls.getByTestId("probe-object-lock")).toContainText("enabled, GOVERNANCE 30 days");
  await expect(controls.getByTestId("probe-logging")).toContainText("s3://lineage-logs/");
  await expect(controls.getByTestId("probe-kms-key")).toContainText("rotation: on");
  await expect(view.artifactDetails.getByTestId("panel-findings")).toHaveCount(0);

  // The tabs switch views and keep the selection out of the way.
  await view.securityTab.click();
  await expect.poll(() => view.query().get("view")).toBe("security");
  await expect(view.securityView).toBeVisible();
  await view.lineageTab.click();
  await expect.poll(() => view.query().get("view")).toBeNull();
  await expect(page.getByTestId("steps")).toBeVisible();
});
