import { createHost, query, unique } from "./api";
import { expect, test } from "./fixtures";

test("editing a provider: a bad attribute line is refused beside the field; a good edit is saved and audited", async ({ page, request }) => {
  const host = await createHost(request, unique("e2e-attr"), 8);
  await page.goto(`/providers/${host.id}`);
  await page.getByRole("button", { name: "Edit provider" }).click();
  const form = page.getByTestId("edit-provider-form");

  await form.getByLabel("Attributes").fill("bmc = 10.250.9.9\nnot a pair");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByLabel("Attributes")).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator('[data-field="attributes"] .field-error')).toContainText("line 2");

  await form.getByLabel("Attributes").fill("bmc = 10.250.9.9\nrack_units = 2");
  await form.getByLabel("State").selectOption("maintenance");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("edit-provider-form")).toHaveCount(0);
  await expect(page.locator("h1 .badge-maintenance")).toBeVisible();

  const saved = await query<{ state: string; attributes: Record<string, unknown> }>(request, "providers.get", { id: host.id });
  expect(saved.state).toBe("maintenance");
  expect(saved.attributes).toEqual({ bmc: "10.250.9.9", rack_units: 2 });
  await expect(page.getByTestId("audit-table")).toContainText("provider.update");
});

test("retiring: refused with the reason while a provider holds allocations; done when it holds none", async ({ page, request }) => {
  // A seeded host with consumers on it cannot be retired, and the page says why.
  const hosts = (await query<{ items: { id: string }[] }>(request, "providers.list", { kind: "host", limit: 20, offset: 0 })).items;
  let busy: { id: string } | undefined;
  for (const h of hosts) {
    if ((await query<{ consumers: number }>(request, "providers.get", { id: h.id })).consumers > 0) {
      busy = h;
      break;
    }
  }
  expect(busy, "a seeded host with consumers").toBeDefined();
  await page.goto(`/providers/${busy!.id}`);
  await page.getByRole("button", { name: "Retire…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Retire provider" }).click();
  await expect(page.getByRole("dialog").getByTestId("form-error")).toContainText("allocations");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const idle = await createHost(request, unique("e2e-retire"), 8);
  await page.goto(`/providers/${idle.id}`);
  await page.getByRole("button", { name: "Retire…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Retire provider" }).click();
  await expect(page.locator("h1 .badge-retired")).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit provider" })).toHaveCount(0);
  await expect(page.getByTestId("audit-table")).toContainText("provider.retire");
});
