/**
 * Where the browser tests get Chromium: HEADROOM_CHROMIUM when set (e.g. Debian's /usr/bin/chromium),
 * otherwise the binary that npm brought inside @sparticuz/chromium. No browser is downloaded at test
 * time, and a missing browser is a loud failure, never a skipped suite.
 */
import { access, constants } from "node:fs/promises";

export type ChromiumLaunch = { executablePath: string; args: string[]; source: string };

const INSTALL_HINT =
  "Install one with `apt-get install -y chromium` and run with HEADROOM_CHROMIUM=/usr/bin/chromium " +
  "(or reinstall the npm dependencies so that @sparticuz/chromium is present).";

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @sparticuz/chromium's flags are tuned for AWS Lambda; `--single-process` makes two browser
 * contexts share one renderer and crash together, and the conflict test needs two pages.
 */
const DROPPED_FLAGS = new Set(["--single-process", "--no-zygote"]);

export async function resolveChromium(): Promise<ChromiumLaunch> {
  const override = process.env.HEADROOM_CHROMIUM?.trim();
  if (override) {
    if (!(await executable(override))) {
      throw new Error(`HEADROOM_CHROMIUM=${override} is not an executable file. ${INSTALL_HINT}`);
    }
    return { executablePath: override, args: ["--no-sandbox", "--disable-dev-shm-usage"], source: "HEADROOM_CHROMIUM" };
  }
  let executablePath: string;
  let args: string[];
  try {
    const chromium = (await import("@sparticuz/chromium")).default;
    executablePath = await chromium.executablePath();
    args = chromium.args.filter((flag) => !DROPPED_FLAGS.has(flag));
  } catch (error) {
    throw new Error(`Could not unpack Chromium from @sparticuz/chromium (${String(error)}). ${INSTALL_HINT}`);
  }
  if (!(await executable(executablePath))) {
    throw new Error(`@sparticuz/chromium gave ${executablePath}, which is not executable. ${INSTALL_HINT}`);
  }
  return { executablePath, args, source: "@sparticuz/chromium" };
}

export { INSTALL_HINT };
