import { expect, test } from "./fixtures";

const host = (id: string, rack: string) => ({ id, kind: "host", zone: "az1", rack, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } });
const scenario = {
  name: "two racks", seed: 2, durationSeconds: 3600, stepSeconds: 60, providers: [host("h1", "r1"), host("h2", "r2")],
  churn: [{ id: "web", arrivalsPerHour: 20, lifetime: { kind: "fixed", value: 3600 }, request: { compute: { resources: { VCPU: 2, MEMORY_MB: 4096 } } } }],
};
const models = JSON.stringify({ models: [{ id: "small", price: 10, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } }] });

test.describe("what to buy", () => {
  test("a recommendation runs as a job: the page follows it to the purchase, and a bad field is named", async ({ page }) => {
    await page.goto("/recommend");
    await page.getByLabel("Scenario file (JSON)").setInputFiles({ name: "two-racks.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(scenario)) });
    await expect(page.getByText("two-racks.json loaded")).toBeVisible();
    await page.getByLabel("Host models that can be bought (JSON, with prices)").fill(models);

    // A rack the scenario does not have: refused at once, the field named, no run started.
    await page.getByLabel("Down throughout").fill("r9");
    await page.getByRole("button", { name: "Recommend a purchase" }).click();
    await expect(page.locator("#fail-error")).toContainText("'r9' is no provider, rack or zone");
    await expect(page.getByLabel("Down throughout")).toHaveAttribute("aria-invalid", "true");
    await expect(page).not.toHaveURL(/run=/);

    await page.getByLabel("Down throughout").fill("r1");
    await page.getByRole("button", { name: "Recommend a purchase" }).click();
    await expect(page).toHaveURL(/run=[0-9a-f-]{36}/);
    await expect(page.getByTestId("recommendation")).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId("recommendation")).toContainText("This purchase keeps the targets");
    await expect(page.getByTestId("purchase-row").first()).toContainText("small");
    // The answer stays at its address, and the recent list links to it.
    await page.reload();
    await expect(page.getByTestId("recommendation")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("link", { name: "two racks" }).first()).toBeVisible();
  });
});
