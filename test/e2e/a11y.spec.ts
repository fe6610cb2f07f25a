import type { Page } from "@playwright/test";
import { createHost, unique } from "./api";
import { expect, test } from "./fixtures";

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

test("every page's controls are labelled and its buttons named", async ({ page, request }) => {
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
  for (const [path, open] of pages) {
    await page.goto(path);
    await expect(page.locator("h1")).toBeVisible();
    await page.waitForLoadState("networkidle");
    if (open) await open();
    expect(await unnamed(page), path).toEqual([]);
  }
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
});
