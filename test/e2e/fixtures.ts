/**
 * The `test` every spec uses: Playwright's, with the browser launched from the Chromium that
 * resolveChromium() finds (npm's @sparticuz/chromium or HEADROOM_CHROMIUM), resolved asynchronously
 * once per worker.
 */
import { test as base, expect } from "@playwright/test";
import { resolveChromium } from "./chromium";

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
});

export { expect };
