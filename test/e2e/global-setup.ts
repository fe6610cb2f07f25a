import { chromium } from "@playwright/test";
import { INSTALL_HINT, resolveChromium } from "./chromium";

/** Fails the whole run up front, with the command that fixes it, when no Chromium can start. */
export default async function globalSetup(): Promise<void> {
  const launch = await resolveChromium();
  try {
    const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args, headless: true });
    await browser.close();
  } catch (error) {
    throw new Error(`Chromium from ${launch.source} (${launch.executablePath}) does not start: ${String(error)}\n${INSTALL_HINT}`);
  }
}
