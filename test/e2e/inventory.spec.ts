import { createHost, listProviders, query, unique } from "./api";
import { DEMO_ADMIN, expect, test } from "./fixtures";

type Detail = { generation: number; inventories: { resourceClass: string; total: number; used: number }[] };

test("an invalid inventory shows the error beside the field; a valid one lands in the detail and the list", async ({ page, request }) => {
  const name = unique("e2e-inv");
  const host = await createHost(request, name, 64);
  await page.goto(`/providers/${host.id}`);
  await expect(page.getByTestId("provider-name")).toHaveText(name);

  await page.getByRole("button", { name: "Edit VCPU inventory" }).click();
  const form = page.getByTestId("inventory-form");
  await form.getByLabel("Total (vCPU)").fill("32");
  await form.getByLabel("Reserved (vCPU)").fill("40");
  await form.getByRole("button", { name: "Save inventory" }).click();

  // The message sits with the field it is about, and the field points at it for assistive tech.
  const reserved = form.getByLabel("Reserved (vCPU)");
  await expect(reserved).toHaveAttribute("aria-invalid", "true");
  const errorId = await reserved.getAttribute("aria-describedby");
  expect(errorId).toBeTruthy();
  const error = page.locator(`[id="${errorId!.split(" ")[0]}"]`);
  await expect(error).toContainText("must not exceed total");
  await expect(form.locator('[data-field="reserved"]')).toContainText("must not exceed total");
  await expect(form.locator('[data-field="total"] .field-error')).toHaveCount(0);
  // Nothing reached the server.
  expect((await query<Detail>(request, "providers.get", { id: host.id })).inventories.find((i) => i.resourceClass === "VCPU")?.total).toBe(64);

  // Fix it and save: the table, the server and the list all show the new inventory.
  await reserved.fill("4");
  await form.getByLabel("Total (vCPU)").fill("96");
  await form.getByRole("button", { name: "Save inventory" }).click();
  await expect(page.getByTestId("inventory-form")).toHaveCount(0);
  await expect(page.locator('[data-testid="inventory-row"][data-class="VCPU"]')).toHaveAttribute("data-total", "96");
  await expect(page.getByRole("status").filter({ hasText: "Saved VCPU inventory" })).toBeVisible();
  const detail = await query<Detail>(request, "providers.get", { id: host.id });
  expect(detail.inventories.find((i) => i.resourceClass === "VCPU")?.total).toBe(96);

  await page.goto(`/providers?search=${name}`);
  const row = page.locator(`[data-testid="provider-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  // (96 - 4) × 4 = 368 vCPU of capacity, nothing used.
  await expect(row).toContainText("0 / 368 vCPU");
  await expect(page.getByTestId("audit-table")).toHaveCount(0);
  await row.getByRole("link", { name }).click();
  const audit = page.getByTestId("audit-table").locator("tr", { hasText: "inventory.set" });
  // The audit trail names the signed-in user.
  await expect(audit).toContainText(DEMO_ADMIN.email);
  await expect(audit).toContainText("total 64 → 96");
});

test("the server's own refusal (capacity below what is allocated) is shown beside the field too", async ({ page, request }) => {
  // A seeded host with vCPU in use: shrinking its total below the use is refused by the server.
  const hosts = await listProviders(request, { kind: "host", limit: 50 });
  let target: { id: string; used: number } | undefined;
  for (const h of hosts.items) {
    const d = await query<Detail>(request, "providers.get", { id: h.id });
    const vcpu = d.inventories.find((i) => i.resourceClass === "VCPU");
    if (vcpu && vcpu.used > 4) {
      target = { id: h.id, used: vcpu.used };
      break;
    }
  }
  expect(target, "a seeded host with vCPU in use").toBeDefined();
  await page.goto(`/providers/${target!.id}`);
  await page.getByRole("button", { name: "Edit VCPU inventory" }).click();
  const form = page.getByTestId("inventory-form");
  await form.getByLabel("Total (vCPU)").fill("1");
  await form.getByLabel("Reserved (vCPU)").fill("0");
  await form.getByLabel("Allocation ratio").fill("1");
  await form.getByRole("button", { name: "Save inventory" }).click();
  await expect(form.getByLabel("Total (vCPU)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator('[data-field="total"] .field-error')).toContainText(`${target!.used} already allocated`);
});

test("creating a provider through the form shows field errors, then opens the new provider", async ({ page }) => {
  const name = unique("e2e-new");
  await page.goto("/providers/new");
  const form = page.getByTestId("create-provider-form");
  await form.getByLabel("Name").fill("bad name with spaces");
  await form.getByRole("button", { name: "Create provider" }).click();
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator('[data-field="name"] .field-error')).toBeVisible();

  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Parent").selectOption({ index: 1 });
  await form.getByLabel("VCPU total (vCPU)").fill("48");
  await form.getByRole("button", { name: "Create provider" }).click();
  await expect(page).toHaveURL(/\/providers\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("provider-name")).toHaveText(name);
  await expect(page.locator('[data-testid="inventory-row"][data-class="VCPU"]')).toHaveAttribute("data-total", "48");
});
