import { expect, test } from "./fixtures";

test("the Sync OpenStack page shows the drift or what to configure, never a credential", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Sync OpenStack" }).click();
  await expect(page.getByRole("heading", { name: "Sync OpenStack", level: 1 })).toBeVisible();
  const unconfigured = page.getByText("No OpenStack is configured");
  const drift = page.getByTestId("sync-summary");
  const same = page.getByText("Headroom matches the cloud");
  const unreadable = page.getByTestId("sync-error");
  await expect(unconfigured.or(drift).or(same).or(unreadable)).toBeVisible({ timeout: 60_000 });
  if (await unconfigured.isVisible()) {
    await expect(page.getByText("npx headroom sandbox up")).toBeVisible();
    await expect(page.getByTestId("sync-apply")).toBeDisabled();
  }
  const secret = process.env.HEADROOM_E2E_CLOUD_PASSWORD;
  if (secret) expect(await page.content()).not.toContain(secret);
});
