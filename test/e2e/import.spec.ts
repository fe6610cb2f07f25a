import { listProviders, unique } from "./api";
import { expect, test } from "./fixtures";

test("a bulk import reports every bad row and writes nothing; the fixed file imports all rows", async ({ page, request }) => {
  const rack = (await listProviders(request, { kind: "rack", limit: 1 })).items[0]!;
  const a = unique("e2e-imp-a");
  const b = unique("e2e-imp-b");
  const bad = [
    "name,kind,parent,VCPU.total,VCPU.reserved,MEMORY_MB.total",
    `${a},host,${rack.name},64,0,262144`,
    `${b},host,${rack.name},lots,0,262144`,
    `bad name,host,${rack.name},64,0,262144`,
  ].join("\n");

  await page.goto("/import");
  await page.getByLabel("Choose a JSON or CSV file…").setInputFiles({ name: "hosts.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await expect(page.getByText("Loaded hosts.csv")).toBeVisible();
  await page.getByRole("button", { name: "Import", exact: true }).click();

  const report = page.getByTestId("import-report");
  await expect(report).toContainText("Nothing was imported");
  await expect(report).toContainText("2 of 3 rows have errors");
  const row2 = report.locator('[data-testid="import-row"]', { hasText: b });
  await expect(row2).toContainText("inventories.VCPU.total");
  await expect(report.locator('[data-testid="import-row"]', { hasText: "bad name" })).toContainText("name");
  // All or nothing: even the good row was not written.
  expect((await listProviders(request, { search: a })).total).toBe(0);

  // Fix the file in place and import again.
  const good = bad.replace(",lots,", ",32,").replace("bad name", unique("e2e-imp-c"));
  await page.getByLabel("Content").fill(good);
  await page.getByRole("button", { name: "Check only" }).click();
  await expect(report).toContainText("Every row is valid");
  expect((await listProviders(request, { search: a })).total).toBe(0);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(report).toContainText("Imported 3 providers");

  await page.goto(`/providers?search=${a}`);
  await expect(page.locator(`[data-testid="provider-row"][data-name="${a}"]`)).toContainText("0 / 64 vCPU");
});
