import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { openMigrated } from "../db";
import { DEFAULT_SEED, seedDatabase } from "../db/seed";
import { parseEnv, type Env } from "../env";
import { formatZodError, UsageError } from "./errors";

const usage = "usage: headroom db migrate | headroom db seed [--reset] [--seed N]";

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
