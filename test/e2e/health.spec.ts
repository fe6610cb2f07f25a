import { listProviders } from "./api";
import { expect, test } from "./fixtures";

test("GET /api/health answers 200 with the database and the provider count", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = (await response.json()) as { ok: unknown; database: unknown; providers: unknown };
  expect(body.ok).toBe(true);
  // The suite runs the embedded database on purpose (playwright.config.ts).
  expect(body.database).toBe("pglite");
  expect(typeof body.providers).toBe("number");
  expect(body.providers as number).toBeGreaterThan(0);
  // "providers" counts the inventory's resource providers that are not retired, as the list does.
  const live = await listProviders(request, { limit: 1 });
  expect(body.providers).toBe(live.total);
});

test("the header names the database in use", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("database-badge")).toContainText("PGlite");
});
