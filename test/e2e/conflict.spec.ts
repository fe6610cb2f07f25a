import { createHost, query, unique } from "./api";
import { expect, test } from "./fixtures";

type Detail = { generation: number; inventories: { resourceClass: string; total: number }[] };

test("a stale save is refused as a conflict and does not overwrite the other change", async ({ browser, request }) => {
  const host = await createHost(request, unique("e2e-conflict"), 64);
  // Two operators, two browser sessions, the same provider.
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  for (const page of [alice, bob]) {
    await page.goto(`/providers/${host.id}`);
    await page.getByRole("button", { name: "Edit VCPU inventory" }).click();
    await expect(page.getByTestId("inventory-form")).toBeVisible();
  }

  // Alice saves first.
  await alice.getByTestId("inventory-form").getByLabel("Total (vCPU)").fill("80");
  await alice.getByRole("button", { name: "Save inventory" }).click();
  await expect(alice.locator('[data-testid="inventory-row"][data-class="VCPU"]')).toHaveAttribute("data-total", "80");

  // Bob saves from what he loaded before Alice's change: refused, with the message that says why.
  await bob.getByTestId("inventory-form").getByLabel("Total (vCPU)").fill("200");
  await bob.getByRole("button", { name: "Save inventory" }).click();
  const conflict = bob.getByTestId("conflict-message");
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("someone changed this provider since you loaded it — reload to see their change", { ignoreCase: true });

  // Alice's value stands.
  const after = await query<Detail>(request, "providers.get", { id: host.id });
  expect(after.inventories.find((i) => i.resourceClass === "VCPU")?.total).toBe(80);

  // Reloading shows Bob the value Alice saved, in the form and in the table.
  await conflict.getByRole("button", { name: "Reload latest" }).click();
  await expect(bob.getByTestId("conflict-message")).toHaveCount(0);
  await expect(bob.getByTestId("inventory-form").getByLabel("Total (vCPU)")).toHaveValue("80");
  await expect(bob.locator('[data-testid="inventory-row"][data-class="VCPU"]')).toHaveAttribute("data-total", "80");

  await alice.context().close();
  await bob.context().close();
});

test("a stale provider edit is refused as a conflict too", async ({ browser, request }) => {
  const host = await createHost(request, unique("e2e-edit"), 16);
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  for (const page of [first, second]) {
    await page.goto(`/providers/${host.id}`);
    await page.getByRole("button", { name: "Edit provider" }).click();
  }
  await first.getByTestId("edit-provider-form").getByLabel("State").selectOption("maintenance");
  await first.getByRole("button", { name: "Save changes" }).click();
  await expect(first.getByTestId("edit-provider-form")).toHaveCount(0);
  await expect(first.locator("h1 .badge-maintenance")).toBeVisible();

  await second.getByTestId("edit-provider-form").getByLabel("State").selectOption("disabled");
  await second.getByRole("button", { name: "Save changes" }).click();
  await expect(second.getByTestId("conflict-message")).toBeVisible();
  const after = await query<{ state: string }>(request, "providers.get", { id: host.id });
  expect(after.state).toBe("maintenance");
  await first.context().close();
  await second.context().close();
});
