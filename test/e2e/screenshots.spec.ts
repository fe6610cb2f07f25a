/**
 * Opt-in: captures every page for a human to look at (HEADROOM_SCREENSHOTS=/tmp/shots npx playwright
 * test screenshots). Not a test of behaviour, so it stays out of the default run.
 */
import path from "node:path";
import { createHost, listProviders, unique } from "./api";
import { expect, test } from "./fixtures";

const dir = process.env.HEADROOM_SCREENSHOTS;

test.skip(!dir, "set HEADROOM_SCREENSHOTS=<folder> to capture the pages");

test("capture the console's pages", async ({ page, request }) => {
  const shot = (name: string, fullPage = true) => page.screenshot({ path: path.join(dir!, `shot-${name}.png`), fullPage });
  const settle = async () => {
    await page.waitForLoadState("networkidle");
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  };

  await page.goto("/");
  await expect(page.getByTestId("heat-cell").first()).toBeVisible();
  await settle();
  await shot("overview");

  const host = (await listProviders(request, { kind: "host", limit: 1 })).items[0]!;
  await page.goto(`/providers?kind=host&zone=${host.zone}&rack=${host.rack}`);
  await expect(page.getByTestId("selection-summary")).toBeVisible();
  await shot("providers", false);

  await page.goto(`/providers/${host.id}`);
  await page.getByRole("button", { name: "Edit VCPU inventory" }).click();
  await page.getByTestId("inventory-form").getByLabel("Reserved (vCPU)").fill("99999");
  await page.getByRole("button", { name: "Save inventory" }).click();
  await shot("provider-form-error");

  const rack = (await listProviders(request, { kind: "rack", limit: 1 })).items[0]!;
  await page.goto(`/providers/${rack.id}`);
  await expect(page.getByTestId("group-capacity").locator("svg")).toBeVisible();
  await shot("rack");

  const fresh = await createHost(request, unique("shot-conflict"), 32);
  const other = await page.context().browser()!.newPage();
  for (const p of [page, other]) {
    await p.goto(`/providers/${fresh.id}`);
    await p.getByRole("button", { name: "Edit VCPU inventory" }).click();
  }
  await other.getByTestId("inventory-form").getByLabel("Total (vCPU)").fill("48");
  await other.getByRole("button", { name: "Save inventory" }).click();
  await expect(other.getByTestId("inventory-form")).toHaveCount(0);
  await page.getByTestId("inventory-form").getByLabel("Total (vCPU)").fill("64");
  await page.getByRole("button", { name: "Save inventory" }).click();
  await expect(page.getByTestId("conflict-message")).toBeVisible();
  await shot("conflict", false);
  await other.close();

  await page.goto("/providers/new");
  await page.getByRole("button", { name: "Create provider" }).click();
  await shot("new-provider");

  await page.goto("/import");
  await page.getByLabel("Content").fill("name,kind,parent,VCPU.total\ngood-1,host,nowhere,64\nbad name,host,,x\n");
  await page.getByRole("button", { name: "Check only" }).click();
  await expect(page.getByTestId("import-report")).toBeVisible();
  await shot("import");
});
