/**
 * The `test` every spec uses: Playwright's, with the browser launched from the Chromium that
 * resolveChromium() finds (npm's @sparticuz/chromium or HEADROOM_CHROMIUM), resolved asynchronously
 * once per worker, and signed in as the embedded demo's admin: pages and the `request` fixture both
 * carry the session that global-setup.ts made (playwright.config.ts `use.storageState`).
 * A spec that needs someone else uses `test.use({ storageState: … })` or `signedOut`.
 */
import { test as base, expect } from "@playwright/test";
import { resolveChromium } from "./chromium";

export { DEMO_ADMIN, demoAccount } from "./accounts";
/** For `test.use(signedOut)`: no cookies at all. */
export const signedOut = { storageState: { cookies: [], origins: [] } };

export const test = base.extend({
  browser: [
    async ({ playwright }, use) => {
      const launch = await resolveChromium();
      const browser = await playwright.chromium.launch({ executablePath: launch.executablePath, args: launch.args, headless: true });
      await use(browser);
      await browser.close();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  // The API helpers (./api.ts) call as the same signed-in user as the page.
  request: async ({ playwright, baseURL, storageState }, use) => {
    const request = await playwright.request.newContext({ baseURL, storageState });
    await use(request);
    await request.dispose();
  },
});

export { expect };
