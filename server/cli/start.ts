import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { count } from "drizzle-orm";
import { resourceProviders } from "../../drizzle/schema";
import { openMigrated } from "../db";
import { seedDatabase } from "../db/seed";
import { seedDemoAccounts } from "../auth/demo";
import { envOrUsage } from "./db";
import { UsageError } from "./errors";

const say = (line: string) => process.stderr.write(`headroom start: ${line}\n`);

/** What the built app depends on: if any of it is newer than the build, build again. */
const SOURCES = ["app", "server", "scheduler", "simulator", "drizzle", "public", "next.config.ts", "package.json", "tsconfig.json"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const st = statSync(entry);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === "node_modules" || child.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Whether `next build` must run: no build yet, or a source changed after it. */
export function needsBuild(root = process.cwd()): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

function nextBin(): string {
  return createRequire(import.meta.url).resolve("next/dist/bin/next");
}

/** Runs next with the given arguments; forwards SIGINT/SIGTERM; resolves with its exit code. */
function runNext(args: string[], env: NodeJS.ProcessEnv, stdout: "inherit" | "stderr"): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), ...args], {
      env, stdio: ["inherit", stdout === "stderr" ? process.stderr : "inherit", "inherit"],
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((s) => [s, forward(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 1));
    });
  });
}

/**
 * `headroom start [--port N]`: validate the environment, migrate, seed the demo data centre into an
 * empty inventory, close the database (PGlite is single-process: Next opens it next), build when
 * there is no build or the sources are newer, then serve with `next start`.
 */
export async function run(args: string[]): Promise<number> {
  let values: { port?: string };
  try {
    ({ values } = parseArgs({ args, options: { port: { type: "string", short: "p" } }, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nusage: headroom start [--port N]`);
  }
  const env = envOrUsage();
  let port = env.port;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port: expected 1..65535, got '${values.port}'`);
  }

  const handle = await openMigrated(env);
  try {
    say(`database: ${handle.kind} at ${handle.location}, migrations applied`);
    const [row] = await handle.db.select({ n: count() }).from(resourceProviders);
    if ((row?.n ?? 0) === 0) {
      say("empty inventory: loading the demo data centre…");
      // The demo's sign-in accounts (one per role) exist only in the embedded demo.
      const result = await seedDatabase(handle.db, env.databaseUrl === undefined ? { accounts: seedDemoAccounts } : {});
      if (result.seeded) say(`demo data centre loaded: ${result.counts.providers} providers, ${result.counts.consumers} consumers`);
    }
  } finally {
    await handle.close();
  }

  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NODE_ENV: "production" };
  if (env.databaseUrl === undefined) childEnv.HEADROOM_DATA_DIR = env.dataDir;
  if (needsBuild()) {
    say("building the app (the first build takes a minute or two)…");
    const code = await runNext(["build"], childEnv, "stderr");
    if (code !== 0) {
      say(`next build failed (exit ${code})`);
      return 1;
    }
  }
  say(`serving on http://localhost:${port}`);
  return runNext(["start", "--port", String(port)], childEnv, "inherit");
}
