import { chromium, request, type FullConfig } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { INSTALL_HINT, resolveChromium } from "./chromium";
import { DEMO_ADMIN } from "./accounts";

/**
 * Fails the whole run up front, with the command that fixes it, when no Chromium can start; then
 * signs in once as the demo admin and keeps the session cookie in the storage state every spec
 * starts from (playwright.config.ts `use.storageState`).
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const launch = await resolveChromium();
  try {
    const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args, headless: true });
    await browser.close();
  } catch (error) {
    throw new Error(`Chromium from ${launch.source} (${launch.executablePath}) does not start: ${String(error)}\n${INSTALL_HINT}`);
  }

  const use = config.projects[0]?.use;
  const baseURL = use?.baseURL;
  const statePath = typeof use?.storageState === "string" ? use.storageState : undefined;
  if (!baseURL || !statePath) throw new Error("playwright.config.ts must set use.baseURL and use.storageState (a path)");
  const context = await request.newContext({ baseURL });
  try {
    const response = await context.post("/api/auth/sign-in/email", {
      data: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }, headers: { origin: baseURL },
    });
    if (!response.ok()) throw new Error(`signing in as ${DEMO_ADMIN.email} failed: HTTP ${response.status()} ${await response.text()}`);
    mkdirSync(path.dirname(statePath), { recursive: true });
    await context.storageState({ path: statePath });
  } finally {
    await context.dispose();
  }
}
