import { parseArgs } from "node:util";
import { UsageError } from "./errors";

/**
 * `headroom bench placement|simulator [--json]`. Each benchmark module lives beside its core
 * (scheduler/bench/, simulator/bench/), reports progress through `log` (stderr) and returns the
 * contract's JSON document; the table is for people.
 */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean", default: false } } });
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
  } else {
    throw new UsageError(`bench needs 'placement' or 'simulator', got ${which === undefined ? "nothing" : `'${which}'`}`);
  }
  process.stdout.write(parsed.values.json ? JSON.stringify(doc, null, 2) + "\n" : table + "\n");
  return 0;
}
