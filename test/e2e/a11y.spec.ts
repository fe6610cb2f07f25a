import { createRequire } from "node:module";
import type { Page } from "@playwright/test";
import { createHost, mutate, query, unique } from "./api";
import { expect, test } from "./fixtures";

/** axe-core's browser build (Deque's rules engine: WCAG 2.1 A and AA, and its best practices). */
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * What axe finds on the page as it is now: contrast, labels, landmarks, headings, ARIA. Each
 * violation is one line naming the rule and the distinct places it found (positions folded, so a
 * table's hundred cells are one place; for contrast with the colours and the ratio), so a failure
 * says where to look.
 */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    type Node = { target: unknown[]; any: { data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } | null }[] };
    type Result = { violations: { id: string; help: string; nodes: Node[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<Result> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations.map((v) => {
      const places = new Set(v.nodes.map((n) => {
        const where = JSON.stringify(n.target).replace(/:nth-child\(\d+\)|:nth-of-type\(\d+\)/g, "").replace(/translate\([^)]*\)/g, "translate(…)");
        const c = n.any.find((a) => a.data?.contrastRatio !== undefined)?.data;
        return c ? `${where} ${c.fgColor} on ${c.bgColor} (${c.contrastRatio})` : where;
      }));
      return `${v.id} (${v.help}): ${v.nodes.length} x ${[...places].slice(0, 8).join("; ")}`;
    });
  });
}

/** Every form control has a label, and every button and link has a name a screen reader can say. */
async function unnamed(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || el.getAttribute("type") === "file";
    for (const el of document.querySelectorAll("input, select, textarea")) {
      const input = el as HTMLInputElement;
      if (input.type === "hidden" || !visible(el)) continue;
      const named = (input.labels?.length ?? 0) > 0 || input.getAttribute("aria-label") || input.getAttribute("aria-labelledby");
      if (!named) problems.push(`control without a label: ${el.outerHTML.slice(0, 120)}`);
    }
    for (const el of document.querySelectorAll("button, a[href]")) {
      if (!visible(el)) continue;
      const name = (el.getAttribute("aria-label") ?? (el as HTMLElement).innerText ?? "").trim();
      if (!name) problems.push(`${el.tagName.toLowerCase()} without a name: ${el.outerHTML.slice(0, 120)}`);
    }
    for (const el of document.querySelectorAll("[aria-describedby]")) {
      for (const id of (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`aria-describedby points at a missing #${id}`);
      }
    }
    return problems;
  });
}

test("the inventory pages pass axe and name their controls", async ({ page, request }) => {
  const host = await createHost(request, unique("e2e-a11y"), 8);
  const pages: [string, (() => Promise<void>)?][] = [
    ["/"],
    ["/providers"],
    ["/providers/new"],
    ["/import"],
    [`/providers/${host.id}`, async () => {
      await page.getByRole("button", { name: "Edit provider" }).click();
      await page.getByRole("button", { name: "Edit VCPU inventory" }).click();
      await page.getByRole("button", { name: "Edit traits" }).click();
      await page.getByTestId("inventory-form").getByLabel("Total (vCPU)").fill("x");
      await page.getByRole("button", { name: "Save inventory" }).click();
      await expect(page.locator('[data-field="total"] .field-error')).toBeVisible();
    }],
  ];
  const problems: string[] = [];
  for (const [path, open] of pages) {
    await page.goto(path);
    await expect(page.locator("h1")).toBeVisible();
    await page.waitForLoadState("networkidle");
    if (open) await open();
    for (const p of [...(await unnamed(page)), ...(await axeViolations(page))]) problems.push(`${path}: ${p}`);
  }
  expect(problems).toEqual([]);
});

type RunStatus = { status: string };

/** A saved scenario (the rack-loss template, made from the page as a planner would) and two finished runs of it, seeds 1 and 2. */
async function scenarioWithRuns(page: Page): Promise<{ scenario: string; runs: string[] }> {
  await page.goto("/scenarios/new?template=rack-lost-at-peak");
  const form = page.getByTestId("scenario-form");
  await form.getByLabel("Name").fill(unique("e2e-a11y-scenario"));
  await form.getByTestId("save-scenario").click();
  await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
  const scenario = page.url().split("/").pop()!;
  const runs: string[] = [];
  for (const seed of [1, 2]) runs.push((await mutate<{ runId: string }>(page.request, "runs.start", { scenarioId: scenario, seed })).runId);
  for (const runId of runs) {
    await expect.poll(async () => (await query<RunStatus>(page.request, "runs.status", { runId })).status, { timeout: 120_000 }).toBe("succeeded");
  }
  return { scenario, runs };
}

// The demo admin can see every page (the admin pages only it), so one signed-in session visits all.
test("the scheduler, report, planning, sync and admin pages pass axe and name their controls", async ({ page }) => {
  test.setTimeout(300_000);
  const requests = await query<{ items: { id: string }[] }>(page.request, "requests.list", { limit: 1, offset: 0 });
  expect(requests.items.length, "the demo seeds requests").toBeGreaterThan(0);
  const { scenario, runs } = await scenarioWithRuns(page);
  const pages = [
    "/requests", `/requests/${requests.items[0]!.id}`, "/requests/new", "/workers",
    "/scenarios", `/scenarios/${scenario}`, `/runs/${runs[0]}`, `/compare?runs=${runs.join(",")}`,
    "/reports", "/recommend", "/sync", "/admin/users", "/admin/tokens",
  ];
  const problems: string[] = [];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.locator("h1")).toBeVisible();
    await page.waitForLoadState("networkidle");
    for (const p of [...(await unnamed(page)), ...(await axeViolations(page))]) problems.push(`${path}: ${p}`);
  }
  expect(problems).toEqual([]);
});

test("the console can be driven from the keyboard: skip link, then the navigation", async ({ page }) => {
  await page.goto("/providers");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Headroom home" })).toBeFocused();
  // "/" jumps to the search box.
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search name")).toBeFocused();
  // The current page is marked for assistive technology.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Providers" })).toHaveAttribute("aria-current", "page");
  // The same on the request queue, but not while typing in another box.
  await page.goto("/requests");
  await page.getByLabel("Project").focus();
  await page.keyboard.press("/");
  await expect(page.getByLabel("Project")).toBeFocused();
  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search name, key or id")).toBeFocused();
});
