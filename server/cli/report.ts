import { parseArgs } from "node:util";
import { openMigrated } from "../db";
import { historyPoints, runwayReport } from "../reports/history";
import { HistoryQuerySchema } from "../reports/schemas";
import { takeSnapshot } from "../reports/snapshot";
import { envOrUsage } from "./db";
import { UsageError } from "./errors";

const usage =
  "usage: headroom report history [--class C] [--zone Z] [--from DATE] [--to DATE] [--json]\n" +
  "       headroom report runway [--window-days N] [--json]\n" +
  "       headroom report snapshot [--json]      take a utilisation snapshot now";

function parse(args: string[], options: Record<string, { type: "string" | "boolean" }>) {
  try {
    return parseArgs({ args, options, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

const flagOf = (field: string) => (field === "resourceClass" ? "--class" : field === "" ? "arguments" : `--${field}`);
const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2));
const day = (iso: string | null) => (iso === null ? "never" : iso.slice(0, 10));

/**
 * `headroom report history|runway|snapshot`: the utilisation snapshots (contract: "Planning and
 * reports"), read from the database `headroom db` uses. --json prints only the contract's document.
 */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "history") {
    const v = parse(rest, { class: { type: "string" }, zone: { type: "string" }, from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" } });
    const q = HistoryQuerySchema.safeParse({ resourceClass: v.class, zone: v.zone, from: v.from, to: v.to });
    if (!q.success) throw new UsageError(q.error.issues.map((i) => `${flagOf(String(i.path[0] ?? ""))}: ${i.message}`).join("\n"));
    return withDb(async (db) => {
      const out = await historyPoints(db, q.data);
      if (!out.ok) throw new UsageError(`${flagOf(out.field === "range" ? "from" : (out.field ?? ""))}: ${out.message}`);
      if (v.json) process.stdout.write(JSON.stringify(out.value) + "\n");
      else {
        process.stdout.write(`${"at".padEnd(24)} ${"zone".padEnd(8)} ${"class".padEnd(14)} ${"used".padStart(14)} ${"capacity".padStart(14)}   use\n`);
        for (const p of out.value.points) {
          process.stdout.write(`${p.at.padEnd(24)} ${(p.zone ?? "-").padEnd(8)} ${p.class.padEnd(14)} ${fmt(p.used).padStart(14)} ${fmt(p.capacity).padStart(14)}  ${p.capacity > 0 ? ((100 * p.used) / p.capacity).toFixed(1).padStart(5) + "%" : "  -"}\n`);
        }
      }
      return 0;
    });
  }
  if (sub === "runway") {
    const v = parse(rest, { "window-days": { type: "string" }, json: { type: "boolean" } });
    const windowDays = v["window-days"] === undefined ? undefined : Number(v["window-days"]);
    if (windowDays !== undefined && !(Number.isInteger(windowDays) && windowDays >= 7 && windowDays <= 3650)) {
      throw new UsageError(`--window-days: expected a whole number of days from 7 to 3650, got '${v["window-days"]}'`);
    }
    return withDb(async (db) => {
      const out = await runwayReport(db, { windowDays });
      if (!out.ok) throw new UsageError(`${out.message}: take one with 'headroom report snapshot' or seed the demo ('headroom db seed')`);
      if (v.json) {
        // The contract's fields first; the fit's quality and the days remaining are extensions.
        const runway = out.value.runway.map((r) => ({
          class: r.class, zone: r.zone, used: r.used, capacity: r.capacity, growthPerDay: r.growthPerDay,
          exhaustsAt: r.exhaustsAt, exhaustsAtConservative: r.exhaustsAtConservative, band: r.band,
          daysRemaining: r.daysRemaining, daysRemainingConservative: r.daysRemainingConservative, horizonDays: r.horizonDays, fit: r.fit,
        }));
        process.stdout.write(JSON.stringify({ runway, windowDays: out.value.windowDays }) + "\n");
      } else {
        process.stdout.write(`runway: a line fitted to the last ${out.value.windowDays} days of daily use, 95% prediction band\n`);
        process.stdout.write(`${"class".padEnd(14)} ${"zone".padEnd(6)} ${"use".padStart(6)} ${"growth/day".padStart(12)} ${"full (central)".padStart(15)} ${"full (conservative)".padStart(20)} ${"R²".padStart(5)}\n`);
        for (const r of out.value.runway) {
          process.stdout.write(`${r.class.padEnd(14)} ${(r.zone ?? "-").padEnd(6)} ${((100 * r.used) / r.capacity).toFixed(1).padStart(5)}% ${fmt(r.growthPerDay).padStart(12)} ${day(r.exhaustsAt).padStart(15)} ${day(r.exhaustsAtConservative).padStart(20)} ${r.fit.r2.toFixed(2).padStart(5)}\n`);
        }
      }
      return 0;
    });
  }
  if (sub === "snapshot") {
    const v = parse(rest, { json: { type: "boolean" } });
    return withDb(async (db) => {
      const result = await takeSnapshot(db, { at: new Date(), source: "manual" });
      process.stdout.write(v.json ? JSON.stringify(result) + "\n" : `snapshot at ${result.at}: ${result.rows} rows\n`);
      return 0;
    });
  }
  throw new UsageError(sub === undefined ? usage : `unknown subcommand '${sub}'\n${usage}`);
}

async function withDb(fn: (db: Awaited<ReturnType<typeof openMigrated>>["db"]) => Promise<number>): Promise<number> {
  const handle = await openMigrated(envOrUsage());
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}
