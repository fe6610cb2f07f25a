/**
 * What-if in the browser (issue 11): a scenario on the live inventory with a rack lost at the
 * sale's peak and every load at 3x, run as a job with live progress, its charts; one change, a
 * second run, and the two compared. HEADROOM_SCREENSHOTS=<folder> also saves the pages.
 */
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const dir = process.env.HEADROOM_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (dir) await page.screenshot({ path: path.join(dir, `whatif-${name}.png`), fullPage: true });
};

async function runAndWait(page: Page): Promise<string> {
  await page.getByTestId("start-run").click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;
  // Either the bar is seen moving, or the run was quicker than the first poll: then it reports success.
  await expect(page.getByTestId("run-progress").or(page.getByTestId("summary-table"))).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 120_000 });
  await expect(page.getByTestId("summary-table")).toBeVisible();
  return id;
}

test("build a scenario with a rack failure at 3x, run it, change one thing, run again, compare", async ({ page }) => {
  test.setTimeout(300_000);
  const name = `rack at 3x ${Date.now()}`;
  await page.goto("/scenarios");
  await page.getByTestId("template-rack-lost-at-peak").click();
  const form = page.getByTestId("scenario-form");
  await expect(form).toBeVisible();
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Load multiplier").fill("3");
  await expect(form.getByLabel("Rack, zone or host")).not.toHaveValue("");

  // Bad input first: min above max instances is refused beside the field, nothing saved.
  await form.getByLabel("Min instances").first().fill("5000");
  await form.getByTestId("save-scenario").click();
  await expect(form.locator('[data-field="spec.services.0.minInstances"] .field-error')).toContainText("must not be above max");
  await expect(page).toHaveURL(/\/scenarios\/new/);
  await form.getByLabel("Min instances").first().fill("10");
  await shot(page, "form");

  await form.getByTestId("save-scenario").click();
  await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("v1");

  const first = await runAndWait(page);
  await expect(page.getByTestId("time-chart").first()).toBeVisible();
  expect(await page.getByTestId("time-chart").count()).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId("failure-mark").first()).toBeVisible();
  await shot(page, "run");

  // One change: the multiplier from 3 to 2, saved as version 2, run again.
  await page.getByRole("link", { name: "Scenario", exact: true }).click();
  await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
  await page.getByTestId("scenario-form").getByLabel("Load multiplier").fill("2");
  await page.getByTestId("save-scenario").click();
  await expect(page.getByTestId("saved-message")).toContainText("version 2");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("v2");
  await expect(page.getByTestId("version-diff")).toContainText("loadMultiplier");
  const second = await runAndWait(page);

  await page.goto(`/compare?runs=${first},${second}`);
  await expect(page.getByTestId("compare-table")).toBeVisible();
  await expect(page.getByTestId("compare-row").first()).toBeVisible();
  await expect(page.getByTestId("compare-changes")).toContainText("loadMultiplier");
  expect(await page.getByTestId("time-chart").count()).toBeGreaterThanOrEqual(4);
  await shot(page, "compare");
});

test("the 2,000-host peak sale day of the bench, run from the page, shows live progress and finishes", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/scenarios/new?template=bench-peak-day-2000");
  const form = page.getByTestId("scenario-form");
  await form.getByLabel("Name").fill(`bench day ${Date.now()}`);
  await form.getByTestId("save-scenario").click();
  await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("v1");
  await expect(page.getByText("2000 hosts, 40 services")).toBeVisible();
  const clicked = Date.now();
  await page.getByTestId("start-run").click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  // The bar moves: readings of it while the run goes, at least one between the start and the end.
  const bar = page.getByRole("progressbar", { name: "Simulated time reached" });
  const status = page.getByTestId("run-status");
  const readings: number[] = [];
  let firstSeen = 0;
  while ((await status.textContent()) !== "succeeded") {
    const v = (await bar.count()) > 0 ? Number(await bar.getAttribute("aria-valuenow")) : NaN;
    if (v > 0 && v < 100) {
      if (readings.length === 0) {
        firstSeen = Date.now();
        await shot(page, "bench-progress");
      }
      readings.push(v);
    }
    expect(await status.textContent()).not.toMatch(/failed|cancelled/);
    await page.waitForTimeout(100);
  }
  expect(readings.length).toBeGreaterThan(0);
  // The page answered all along (the simulation runs on a worker thread of the server).
  await expect(page.getByRole("link", { name: "Scenarios" })).toBeVisible();
  test.info().annotations.push({ type: "timing", description: `progress seen ${firstSeen - clicked} ms after Run, done ${Date.now() - clicked} ms after Run` });
  await expect(page.getByTestId("summary-table")).toBeVisible();
  await expect(page.getByTestId("services-table").locator("tbody tr")).toHaveCount(40);
  await shot(page, "bench-run");
});
