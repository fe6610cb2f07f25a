import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { getSolver } from "../../scheduler";
import { ScenarioSchema } from "../../simulator/scenario/schema";
import { checkScenario } from "../../simulator/scenario/validate";
import { simulate } from "../../simulator/simulate";
import { recommend, RecommendError, type Recommendation } from "../recommend/recommend";
import { ModelsFileSchema, TargetsSchema } from "../recommend/schema";
import { formatPath, formatZodError, UsageError } from "./errors";
import { readTraces } from "./simulate";

const usage = "usage: headroom recommend <scenario.json> --models <models.json> [--peak K] [--fail TARGET] [--target-blocking B] [--max-overload-seconds S] [--solver highs|glpk] [--json]";

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path.basename(file)}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const flags: Record<string, string> = { peak: "--peak", fail: "--fail", targetBlocking: "--target-blocking", maxOverloadSeconds: "--max-overload-seconds" };

/**
 * `headroom recommend`: the cheapest purchase of host models that keeps the scenario's targets with
 * every load x K and TARGET down throughout (contract: Recommendation; extensions: met, unreachable,
 * demand, steps, removeOne, simulations). Touches no database. Progress on stderr.
 */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: {
        models: { type: "string" }, peak: { type: "string" }, fail: { type: "string" }, "target-blocking": { type: "string" },
        "max-overload-seconds": { type: "string" }, solver: { type: "string" }, json: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const [file, ...extra] = parsed.positionals;
  const v = parsed.values;
  if (file === undefined || v.models === undefined) throw new UsageError(usage);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const num = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${flag}: expected a number, got '${text}'`);
    return n;
  };
  const t = TargetsSchema.safeParse({
    peak: num("--peak", v.peak), fail: v.fail, targetBlocking: num("--target-blocking", v["target-blocking"]),
    maxOverloadSeconds: num("--max-overload-seconds", v["max-overload-seconds"]),
  });
  if (!t.success) throw new UsageError(t.error.issues.map((i) => `${flags[String(i.path[0])] ?? "arguments"}: ${i.message}`).join("\n"));
  const solverName = v.solver ?? "highs";
  if (solverName !== "highs" && solverName !== "glpk") throw new UsageError(`--solver: expected highs or glpk, got '${solverName}'`);

  const modelsName = path.basename(v.models);
  const models = ModelsFileSchema.safeParse(await readJson(v.models));
  if (!models.success) throw new UsageError(formatZodError(modelsName, models.error));
  const name = path.basename(file);
  const schema = ScenarioSchema.safeParse(await readJson(file));
  if (!schema.success) throw new UsageError(formatZodError(name, schema.error));
  const scenario = schema.data;
  const traces = await readTraces(scenario, file, name);
  const issues = checkScenario(scenario, traces);
  if (issues.length > 0) throw new UsageError(issues.map((i) => `${name}: ${formatPath(i.path)}: ${i.message}`).join("\n"));

  const clock = performance.now.bind(performance);
  const t0 = clock();
  const log = (line: string) => process.stderr.write(`  ${line} (${((clock() - t0) / 1000).toFixed(1)} s)\n`);
  let result: Recommendation;
  try {
    result = await recommend({
      scenario, traces, models: models.data, targets: t.data, solver: getSolver(solverName), onProgress: log,
      simulate: (s, o) => simulate(s, { traces: o.traces, series: o.series, clock }),
    });
  } catch (error) {
    if (error instanceof RecommendError) throw new UsageError(`${flags[error.field] ?? error.field}: ${error.message}`);
    throw error;
  }
  process.stdout.write(v.json ? JSON.stringify(result, null, 2) + "\n" : formatRecommendation(result) + "\n");
  return 0;
}

export function formatRecommendation(r: Recommendation): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const lines = [`recommendation for ${r.check.scenario}: ${r.met ? "meets the targets" : "does NOT meet the targets"}`, ""];
  if (r.purchase.length === 0) lines.push("  buy nothing: the scenario keeps its targets as it is");
  for (const p of r.purchase) lines.push(`  buy ${String(p.count).padStart(4)} x ${p.model.padEnd(16)} zone ${(p.zone ?? "-").padEnd(8)} rack ${p.rack ?? "-"}`);
  lines.push("", `  cost ${r.cost.toLocaleString("en-US")}   proven lower bound ${r.lowerBoundCost === null ? "none" : r.lowerBoundCost.toLocaleString("en-US")}` +
    (r.lowerBoundCost !== null && r.cost > 0 ? ` (gap ${pct((r.cost - r.lowerBoundCost) / r.cost)})` : ""));
  lines.push(`  check: blocking ${pct(r.check.placements.blockingProbability)} (margin ${pct(r.margin.blocking)}), worst overload ${Math.max(0, ...r.check.services.map((s) => s.overloadSeconds))} s (margin ${r.margin.overloadSeconds} s), hosts peak ${r.check.hostsUsedPeak}`);
  for (const x of r.removeOne) lines.push(`  one ${x.model} fewer in ${x.zone ?? "-"} (cost ${x.costWithout}): ${x.check === "fails" ? "fails the check" : x.check === "passes" ? "passes" : "not simulated"}${x.withinBound ? ", within the bound's gap" : ", below the bound"}`);
  if (r.unreachable) lines.push("", `  no purchase meets the targets: ${r.unreachable.reason}`, `  short by: blocking ${pct(r.unreachable.blocking)}, overload ${Math.round(r.unreachable.overloadSeconds)} s` +
    (r.unreachable.services.length > 0 ? ` (${r.unreachable.services.map((s) => `${s.id} +${Math.round(s.overloadSeconds)} s`).join(", ")})` : ""));
  lines.push(`  ${r.simulations} simulations, ${r.steps.length} checked purchases`);
  return lines.join("\n");
}
