import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { parsePlacementProblem } from "../../scheduler/contract";
import { parseScenario } from "../../simulator/scenario/validate";
import { openMigrated } from "../db";
import { DEFAULT_SEED, seedDatabase } from "../db/seed";
import { parseEnv, type Env } from "../env";
import { exportProblem, exportScenario, readInventory, type ExportOptions } from "../inventory/export";
import { formatPath, formatZodError, UsageError } from "./errors";

const usage =
  "usage: headroom db migrate | headroom db seed [--reset] [--seed N]\n" +
  "       headroom db export [--as problem|scenario] [--zone NAME] [--include-retired] [--include-unschedulable] [--out FILE]";
const EXPORT_AS = ["problem", "scenario"] as const;

/** The environment, or a UsageError naming the bad variable. */
export function envOrUsage(): Env {
  try {
    return parseEnv();
  } catch (error) {
    if (error instanceof ZodError) throw new UsageError(formatZodError("environment", error));
    throw error;
  }
}

/** `headroom db migrate` applies the migrations; `headroom db seed [--reset]` loads the demo data centre. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "export") return runExport(rest);
  if (sub !== "migrate" && sub !== "seed") throw new UsageError(sub === undefined ? usage : `unknown subcommand '${sub}'\n${usage}`);
  let values: { reset?: boolean; seed?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { reset: { type: "boolean" }, seed: { type: "string" } }, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (sub === "migrate" && (values.reset || values.seed !== undefined)) throw new UsageError(`migrate takes no options\n${usage}`);
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed: expected a whole number 0..4294967295, got '${values.seed}'`);

  const env = envOrUsage();
  const handle = await openMigrated(env);
  try {
    process.stderr.write(`headroom db: ${handle.kind} at ${handle.location}: migrations applied\n`);
    if (sub === "migrate") return 0;
    const started = performance.now();
    const result = await seedDatabase(handle.db, { seed, reset: values.reset === true });
    if (!result.seeded) {
      process.stderr.write("headroom db: the inventory is not empty, nothing seeded (use --reset to replace it)\n");
      return 0;
    }
    const c = result.counts;
    process.stderr.write(
      `headroom db: demo data centre loaded in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
        `${c.providers} providers, ${c.consumers} consumers, ${c.allocations} allocations (seed ${seed})\n`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

/**
 * `headroom db export`: the inventory as one JSON document, a placement problem (default) or a
 * scenario skeleton, on stdout or in --out; notes on stderr. See server/inventory/export.ts for what
 * the contract can and cannot say about the inventory.
 */
async function runExport(args: string[]): Promise<number> {
  let values: { as?: string; zone?: string; "include-retired"?: boolean; "include-unschedulable"?: boolean; out?: string };
  try {
    ({ values } = parseArgs({
      args, allowPositionals: false,
      options: {
        as: { type: "string" }, zone: { type: "string" }, out: { type: "string" },
        "include-retired": { type: "boolean" }, "include-unschedulable": { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const as = values.as ?? "problem";
  if (!(EXPORT_AS as readonly string[]).includes(as)) throw new UsageError(`--as: expected one of ${EXPORT_AS.join(", ")}, got '${as}'`);
  if (values.zone !== undefined && values.zone.trim() === "") throw new UsageError("--zone: expected a zone name, got an empty string");
  if (values.out !== undefined && values.out.trim() === "") throw new UsageError("--out: expected a file name, got an empty string");
  const options: ExportOptions = {
    zone: values.zone, includeRetired: values["include-retired"] === true, includeUnschedulable: values["include-unschedulable"] === true,
  };

  const env = envOrUsage();
  const handle = await openMigrated(env);
  let snapshot;
  try {
    process.stderr.write(`headroom db: ${handle.kind} at ${handle.location}: migrations applied\n`);
    snapshot = await readInventory(handle.db, { zone: options.zone });
  } finally {
    await handle.close();
  }
  if (options.zone !== undefined && !snapshot.zones.includes(options.zone)) {
    throw new UsageError(`--zone: no zone '${options.zone}' in the inventory (zones: ${snapshot.zones.join(", ") || "none"})`);
  }
  const out = as === "scenario" ? exportScenario(snapshot, new Date(), options) : exportProblem(snapshot, options);
  if (as === "scenario" && out.document.providers.length === 0) {
    throw new UsageError("the inventory has no provider to export, and a scenario needs at least one (load one with headroom db seed)");
  }
  // The document must be what `headroom place` / `headroom simulate` accept: checked here, before anything is written.
  const check = as === "scenario" ? parseScenario(out.document, {}) : parsePlacementProblem(out.document);
  if (!check.ok) throw new Error(`the exported ${as} does not pass its own check:\n${check.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join("\n")}`);

  const text = `${JSON.stringify(out.document, null, 2)}\n`;
  if (values.out === undefined) process.stdout.write(text);
  else {
    try {
      await writeFile(values.out, text);
    } catch (error) {
      throw new UsageError(`--out: cannot write '${values.out}' (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  for (const note of out.notes) process.stderr.write(`headroom db export: note: ${note}\n`);
  const c = out.counts;
  process.stderr.write(
    `headroom db export: ${as} with ${c.host} hosts, ${c.storage} storage and ${c.network} network providers, ` +
      `${out.document.serverGroups?.length ?? 0} server groups${options.zone === undefined ? "" : ` (zone ${options.zone})`}` +
      `${values.out === undefined ? "" : ` written to ${values.out}`}\n`,
  );
  return 0;
}
