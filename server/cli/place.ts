import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { PlacementResult } from "../../scheduler/contract";
import { parsePlacementProblem } from "../../scheduler/contract";
import { place } from "../../scheduler/index";
import { formatPath, UsageError } from "./errors";

const SOLVERS = ["auto", "glpk", "highs", "greedy"] as const;
type Solver = (typeof SOLVERS)[number];

/**
 * `headroom place <problem.json> [--solver auto|glpk|highs|greedy] [--time-limit-ms N] [--json]`:
 * places a problem file (shared/contracts/README.md) with the engine, touching no database.
 */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: { solver: { type: "string", default: "auto" }, "time-limit-ms": { type: "string" }, json: { type: "boolean", default: false } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw new UsageError("needs a problem file: headroom place <problem.json>");
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const solver = parsed.values.solver as string;
  if (!(SOLVERS as readonly string[]).includes(solver)) throw new UsageError(`--solver must be one of ${SOLVERS.join(", ")}, got '${solver}'`);
  let timeLimitMs: number | undefined;
  if (parsed.values["time-limit-ms"] !== undefined) {
    timeLimitMs = Number(parsed.values["time-limit-ms"]);
    if (!Number.isInteger(timeLimitMs) || timeLimitMs <= 0) throw new UsageError(`--time-limit-ms must be a positive whole number, got '${parsed.values["time-limit-ms"]}'`);
  }

  const name = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const outcome = parsePlacementProblem(json);
  if (!outcome.ok) throw new UsageError(outcome.issues.map((i) => `${name}: ${formatPath(i.path)}: ${i.message}`).join("\n"));

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const result = await place(outcome.problem, {
    solver: solver as Solver, timeLimitMs, clock: performance.now.bind(performance), onProgress: parsed.values.json ? undefined : log,
  });
  process.stdout.write(parsed.values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatResult(result)}\n`);
  return 0;
}

/** A table for people: one row per placed request, then the unplaced with their reasons, then the stats. */
export function formatResult(result: PlacementResult): string {
  const rows: string[][] = [["request", "host", "storage / network"]];
  for (const p of result.placements) {
    const [compute, ...rest] = p.allocations;
    rows.push([p.request, compute?.provider ?? "", rest.map((a) => a.provider).join(", ")]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
  const lines = [`placed ${result.placements.length}`, ...table];
  if (result.unplaced.length > 0) {
    lines.push("", `unplaced ${result.unplaced.length}`);
    for (const u of result.unplaced) lines.push(`  ${u.request}  ${u.code}: ${u.reason}`);
  }
  const s = result.stats;
  const fmt = (v: number | null, digits = 3) => (v === null ? "n/a" : Number.isInteger(v) ? String(v) : v.toFixed(digits));
  lines.push("", `solver ${s.solver}`, `objective ${s.objective}`, `hosts used ${s.hostsUsed} (new ${s.newHostsUsed})`,
    `lower bound ${fmt(s.lowerBound)}  gap ${s.gap === null ? "n/a" : `${(s.gap * 100).toFixed(1)}%`}`, `elapsed ${s.elapsedMs.toFixed(0)} ms`);
  return lines.join("\n");
}
