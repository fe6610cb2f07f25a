/**
 * The recommendation for the API: a scenario and a models document as uploaded, the targets as a
 * form sends them; every refusal names its field (`scenario.providers[3].id`, `models[0].price`,
 * `fail`, `peak`), nothing is written. Traces a scenario names are read from the project's data/
 * folder only (an upload has no folder of its own).
 */
import path from "node:path";
import { z } from "zod";
import { getSolver } from "../../scheduler";
import { ScenarioSchema } from "../../simulator/scenario/schema";
import { checkScenario } from "../../simulator/scenario/validate";
import { simulate } from "../../simulator/simulate";
import { readFile } from "node:fs/promises";
import { parseCsv } from "../../simulator/trace/csv";
import type { Scenario, Traces } from "../../simulator/scenario/schema";
import type { Outcome } from "../inventory/outcome";
import { checkFailTarget, recommend, RecommendError, type Recommendation, type Simulate } from "./recommend";
import { ModelsFileSchema, TargetsSchema, type HostModel, type Targets } from "./schema";

export const RecommendRequestSchema = z.object({
  /** The contract Scenario, as uploaded; or `scenarioId` (a saved what-if scenario, its latest version unless `version`). */
  scenario: z.unknown().optional(),
  scenarioId: z.uuid().optional(),
  version: z.number().int().positive().optional(),
  models: z.unknown(),
  peak: z.number().optional(),
  fail: z.string().optional(),
  targetBlocking: z.number().optional(),
  maxOverloadSeconds: z.number().optional(),
});

const at = (prefix: string, p: readonly PropertyKey[]) => [prefix, ...p.map((x) => (typeof x === "number" ? `[${x}]` : `.${String(x)}`))].join("").replace(/\.\[/g, "[");

export type TraceSource = (ref: string) => Promise<string | null>;

/** What recommend() needs, validated: every refusal of the request is found here, before anything is written or run. */
export type PreparedRecommendation = { scenario: Scenario; traces: Traces; models: HostModel[]; targets: Targets };

/**
 * Validates a request: input.scenario is the uploaded or saved scenario (the router resolves
 * scenarioId); `loadTrace` finds a named trace (shipped or uploaded) before data/ is tried. The
 * checks recommend() makes itself on its input (the failure target) are made here too.
 */
export async function prepareRecommendation(input: z.infer<typeof RecommendRequestSchema>, loadTrace: TraceSource = async () => null, cwd = process.cwd()): Promise<Outcome<PreparedRecommendation>> {
  const bad = (field: string, message: string): Outcome<never> => ({ ok: false, code: "BAD_REQUEST", field, message });
  const targets = TargetsSchema.safeParse({ peak: input.peak, fail: input.fail || undefined, targetBlocking: input.targetBlocking, maxOverloadSeconds: input.maxOverloadSeconds });
  if (!targets.success) return bad(String(targets.error.issues[0]!.path[0]), targets.error.issues[0]!.message);
  const models = ModelsFileSchema.safeParse(input.models);
  if (!models.success) return bad(at("models", models.error.issues[0]!.path.slice(models.error.issues[0]!.path[0] === "models" ? 1 : 0)), models.error.issues[0]!.message);
  const scenario = ScenarioSchema.safeParse(input.scenario);
  if (!scenario.success) return bad(at("scenario", scenario.error.issues[0]!.path), scenario.error.issues[0]!.message);
  const traces: Traces = {};
  const dataDir = path.join(cwd, "data");
  const refs: [string, string][] = [
    ...(scenario.data.churn ?? []).flatMap((c, i): [string, string][] => (typeof c.arrivalsPerHour === "number" ? [] : [[c.arrivalsPerHour.trace, `scenario.churn[${i}].arrivalsPerHour.trace`]])),
    ...(scenario.data.services ?? []).flatMap((s, i): [string, string][] => ("trace" in s.load ? [[s.load.trace, `scenario.services[${i}].load.trace`]] : [])),
  ];
  for (const [ref, field] of refs) {
    const stored = traces[ref] ? null : await loadTrace(ref);
    if (stored !== null) {
      traces[ref] = parseCsv(stored);
      continue;
    }
    if (traces[ref]) continue;
    const where = path.resolve(cwd, ref);
    if (!where.startsWith(dataDir + path.sep)) return bad(field, `an uploaded scenario may only name traces under data/ (e.g. data/traces/...), not '${ref}'`);
    try {
      traces[ref] = parseCsv(await readFile(/* turbopackIgnore: true */ where, "utf8"));
    } catch (error) {
      return bad(field, `cannot read trace '${ref}': ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const issues = checkScenario(scenario.data, traces);
  if (issues.length > 0) return bad(at("scenario", issues[0]!.path), issues[0]!.message);
  const failIssue = checkFailTarget(scenario.data, targets.data.fail);
  if (failIssue !== null) return bad("fail", failIssue);
  return { ok: true, value: { scenario: scenario.data, traces, models: models.data, targets: targets.data } };
}

/** Works a prepared request out (on the job's worker thread, recommend-thread.mjs, which passes its own simulate to count and report simulations). */
export async function runPrepared(p: PreparedRecommendation, options: { onProgress?: (line: string) => void; simulate?: Simulate } = {}): Promise<Outcome<Recommendation>> {
  try {
    const value = await recommend({ ...p, solver: getSolver("highs"), onProgress: options.onProgress, simulate: options.simulate ?? ((s, o) => simulate(s, { traces: o.traces, series: o.series })) });
    return { ok: true, value };
  } catch (error) {
    if (error instanceof RecommendError) return { ok: false, code: "BAD_REQUEST", field: error.field, message: error.message };
    throw error;
  }
}
