import { defineConfig } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

/**
 * End-to-end tests in Chromium against the built app (`headroom start`: migrate, seed the demo
 * data centre, build if needed, serve) on a fresh embedded database per run.
 *
 * The browser comes from npm (@sparticuz/chromium) or HEADROOM_CHROMIUM: see test/e2e/chromium.ts;
 * global-setup.ts fails the run loudly when none starts.
 */
const isWorker = process.env.TEST_WORKER_INDEX !== undefined;

/**
 * The first free port from `preferred` on. Two suites on one machine (a CI checkout beside a working
 * copy) must not share a port: the second server would fail to bind while its tests quietly talked
 * to the first one's database. The config is synchronous, so a child process does the probing.
 */
function freePort(preferred: number): number {
  const probe = `const net=require("node:net");const t=(p)=>{const s=net.createServer();` +
    `s.once("error",()=>t(p+1));s.listen(p,()=>s.close(()=>process.stdout.write(String(p))))};t(${preferred});`;
  return Number(execFileSync(process.execPath, ["-e", probe], { encoding: "utf8" }));
}

// The runner picks the port once; workers inherit it through the environment. Reusing a running
// server (HEADROOM_E2E_REUSE=1, never in CI) means its port, so no probing then.
const reuse = !process.env.CI && process.env.HEADROOM_E2E_REUSE === "1";
if (!isWorker && !reuse && !process.env.HEADROOM_E2E_PORT) process.env.HEADROOM_E2E_PORT = String(freePort(3100));
const PORT = Number(process.env.HEADROOM_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
const dataRoot = path.resolve(".data");
const dataDir = path.join(dataRoot, `e2e-${process.env.HEADROOM_E2E_RUN ?? Date.now()}`);
/** The demo admin's session (global-setup.ts signs in once), which every spec starts from. */
const storageState = `${dataDir}-session.json`;
/** What the server writes, kept for the secrets test (test/e2e/auth.spec.ts). */
export const serverLog = `${dataDir}-server.log`;
if (!isWorker) {
  // Secrets made up for this run, so the secrets test knows exactly what must never be served.
  process.env.HEADROOM_E2E_AUTH_SECRET ??= randomBytes(24).toString("base64url");
  process.env.HEADROOM_E2E_CLOUD_PASSWORD ??= `cloud-${randomBytes(12).toString("hex")}`;
}

if (!isWorker) {
  // Only the runner (never a worker re-reading this file) prepares the data folder: a fresh one per
  // run, and folders of runs older than an hour are removed so they do not pile up.
  process.env.HEADROOM_E2E_RUN ??= path.basename(dataDir).slice("e2e-".length);
  rmSync(dataDir, { recursive: true, force: true });
  try {
    for (const entry of readdirSync(dataRoot)) {
      const full = path.join(dataRoot, entry);
      if (entry.startsWith("e2e-") && full !== dataDir && Date.now() - statSync(full).mtimeMs > 3_600_000) {
        rmSync(full, { recursive: true, force: true });
      }
    }
  } catch {
    // no .data yet
  }
  // The server's output is teed into .data/e2e-<run>-server.log from the first line: on a fresh clone
  // .data does not exist yet, and tee would write nowhere.
  mkdirSync(dataRoot, { recursive: true });
}

export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  globalSetup: "./test/e2e/global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
    storageState,
  },
  projects: [{ name: "chromium" }],
  webServer: {
    command: `node bin/headroom.mjs start --port ${PORT} 2>&1 | tee ${JSON.stringify(serverLog)}`,
    url: `${baseURL}/api/health`,
    // The first start builds the app (1-3 minutes on two cores) and seeds the demo data centre.
    timeout: 600_000,
    reuseExistingServer: reuse,
    stdout: "pipe",
    stderr: "pipe",
    // Always the embedded PGlite in a fresh folder: the suite writes, so it never runs on a shared
    // PostgreSQL named by DATABASE_URL (an empty DATABASE_URL means "unset" to server/env.ts).
    // The session secret and a cloud credential are set, for the secrets test to look for.
    env: {
      HEADROOM_DATA_DIR: dataDir, DATABASE_URL: "", PORT: String(PORT),
      HEADROOM_AUTH_SECRET: process.env.HEADROOM_E2E_AUTH_SECRET ?? "", OS_PASSWORD: process.env.HEADROOM_E2E_CLOUD_PASSWORD ?? "",
    },
  },
});
