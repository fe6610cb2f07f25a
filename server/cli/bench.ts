import { parseArgs } from "node:util";
import { UsageError } from "./errors";

/**
 * `headroom bench placement|simulator|reports [--json]` (and `scheduler`, below). Each benchmark module lives beside its core
 * (scheduler/bench/, simulator/bench/), reports progress through `log` (stderr) and returns the
 * contract's JSON document; the table is for people.
 */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        // bench scheduler
        workers: { type: "string" }, requests: { type: "string" }, faults: { type: "string" }, kills: { type: "string" },
        "pg-restart": { type: "boolean" }, keep: { type: "boolean" }, seed: { type: "string" },
        // bench reports
        recommend: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [which, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const log = (line: string) => process.stderr.write(line + "\n");
  let doc: unknown;
  let table: string;
  if (which === "placement") {
    const bench = await import("../../scheduler/bench/placement");
    const result = await bench.runPlacementBench({ log });
    doc = result;
    table = bench.formatPlacementBench(result);
  } else if (which === "simulator") {
    const bench = await import("../../simulator/bench/simulator");
    const result = await bench.runSimulatorBench({ log });
    doc = result;
    table = bench.formatSimulatorBench(result);
  } else if (which === "reports") {
    const bench = await import("../reports/bench");
    const result = await bench.runReportsBench({ log, recommend: parsed.values.recommend === true });
    doc = result;
    table = bench.formatReportsBench(result);
  } else if (which === "scheduler") {
    const bench = await import("../scheduler/bench");
    const v = parsed.values;
    const int = (name: string, raw: string | undefined, dflt: number, min: number, max: number) => {
      if (raw === undefined) return dflt;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name}: expected a whole number ${min}..${max}, got '${raw}'`);
      return n;
    };
    const faults = v.faults === undefined ? 0.2 : Number(v.faults);
    if (!Number.isFinite(faults) || faults < 0 || faults > 1) throw new UsageError(`--faults: expected a share 0..1, got '${v.faults}'`);
    const url = process.env.DATABASE_URL;
    if (!url) throw new UsageError("bench scheduler runs on PostgreSQL: set DATABASE_URL (it makes and drops a database of its own there)");
    const result = await bench.runSchedulerBench({
      url, log, faults, workers: int("workers", v.workers, 8, 1, 64), requests: int("requests", v.requests, 50_000, 1, 1_000_000),
      kills: int("kills", v.kills, 20, 0, 10_000), pgRestart: v["pg-restart"] === true, keep: v.keep === true, seed: int("seed", v.seed, 1, 0, 2 ** 31),
    });
    doc = result;
    table = bench.formatSchedulerBench(result);
  } else {
    throw new UsageError(`bench needs 'placement', 'simulator', 'reports' or 'scheduler', got ${which === undefined ? "nothing" : `'${which}'`}`);
  }
  process.stdout.write(parsed.values.json ? JSON.stringify(doc, null, 2) + "\n" : table + "\n");
  return 0;
}
