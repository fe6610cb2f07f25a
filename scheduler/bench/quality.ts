// Quality runs on the benchmark instances with known optima, shared by the optima tests and the
// bench: the whole engine through `place()` beside greedy; each answer is checked here independently
// of the engine (every item exactly once, every bin within capacity
// in every dim).
import type { PlacementResult } from "../contract";
import { place, placeGreedy, verifyPlacement } from "../index";
import type { BenchInstance } from "./instances";
import { BENCH_CLASSES, instanceProblem } from "./problems";

export type QualityRun = { name: string; optimum: number; bins: number; greedyBins: number; ms: number; violations: string[] };

const now = performance.now.bind(performance);

/** Violations of a packing given as the bin of each item (-1 or out of range: not packed). */
export function verifyBins(x: BenchInstance, binOf: readonly number[]): string[] {
  const out: string[] = [];
  const D = x.capacity.length;
  const load = new Map<number, number[]>();
  x.items.forEach((dem, i) => {
    const b = binOf[i];
    if (b === undefined || b < 0) { out.push(`${x.name}: item ${i} not packed`); return; }
    const l = load.get(b) ?? new Array<number>(D).fill(0);
    for (let d = 0; d < D; d++) l[d]! += dem[d]!;
    load.set(b, l);
  });
  for (const [b, l] of load) for (let d = 0; d < D; d++) if (l[d]! > x.capacity[d]!) out.push(`${x.name}: bin ${b} holds ${l[d]} > ${x.capacity[d]} in dim ${d}`);
  return out;
}

/** The bin of each item in an engine result; an item placed twice, partly, or with other amounts is a violation. */
export function resultBins(x: BenchInstance, result: PlacementResult): { binOf: number[]; violations: string[] } {
  const binOf = new Array<number>(x.items.length).fill(-1);
  const violations: string[] = [];
  const dims = BENCH_CLASSES.slice(0, x.capacity.length);
  for (const p of result.placements) {
    const i = Number(/^item-(\d+)$/.exec(p.request)?.[1] ?? -1);
    if (i < 0 || i >= x.items.length) { violations.push(`${x.name}: unknown request ${p.request}`); continue; }
    if (binOf[i]! >= 0) violations.push(`${x.name}: item ${i} placed twice`);
    if (p.allocations.length !== 1) { violations.push(`${x.name}: item ${i} has ${p.allocations.length} allocations`); continue; }
    const a = p.allocations[0]!;
    binOf[i] = Number(/^bin-(\d+)$/.exec(a.provider)?.[1] ?? -1);
    dims.forEach((r, d) => { if ((a.resources[r] ?? 0) !== x.items[i]![d]) violations.push(`${x.name}: item ${i} got ${a.resources[r]} ${r}, asked ${x.items[i]![d]}`); });
  }
  return { binOf, violations };
}

const binsOf = (binOf: readonly number[]) => new Set(binOf.filter((b) => b >= 0)).size;

export type EngineRunOptions = {
  /**
   * "virtual": place() without a clock, so its budgets run on its virtual clock (a count of readings): the
   * answer is the same on any machine under any load, which is what a quality assertion needs. "wall":
   * budgets in real milliseconds (what the CLI and the server do). `ms` is wall time either way.
   */
  clock?: "virtual" | "wall";
};

/** The whole engine through place(), objective pack, beside greedy on the same problem; checked by verifyPlacement and per bin here. */
export async function engineRun(x: BenchInstance, timeLimitMs: number, seed = 1, opts: EngineRunOptions = {}): Promise<QualityRun & { hostsUsed: number; greedyHostsUsed: number }> {
  const problem = instanceProblem(x, timeLimitMs);
  const t0 = now();
  const result = await place(problem, opts.clock === "virtual" ? { seed } : { clock: now, seed });
  const ms = now() - t0;
  const greedyResult = placeGreedy(problem, { seed });
  const e = resultBins(x, result);
  const g = resultBins(x, greedyResult);
  return {
    name: x.name, optimum: x.optimum, bins: binsOf(e.binOf), greedyBins: binsOf(g.binOf), ms,
    violations: [...verifyPlacement(problem, result), ...e.violations, ...verifyBins(x, e.binOf)],
    hostsUsed: result.stats.hostsUsed, greedyHostsUsed: greedyResult.stats.hostsUsed,
  };
}

export type FamilySummary = { runs: number; atOptimum: number; meanRatio: number; greedyAtOptimum: number; greedyMeanRatio: number; ms: number };

export function summarise(runs: QualityRun[]): FamilySummary {
  const n = runs.length || 1;
  return {
    runs: runs.length,
    atOptimum: runs.filter((r) => r.bins === r.optimum).length,
    meanRatio: runs.reduce((s, r) => s + r.bins / r.optimum, 0) / n,
    greedyAtOptimum: runs.filter((r) => r.greedyBins === r.optimum).length,
    greedyMeanRatio: runs.reduce((s, r) => s + r.greedyBins / r.optimum, 0) / n,
    ms: runs.reduce((s, r) => s + r.ms, 0),
  };
}

export function describeSummary(label: string, s: FamilySummary): string {
  return `${label}: optimum on ${s.atOptimum}/${s.runs}, mean ratio ${s.meanRatio.toFixed(4)} (greedy ${s.greedyAtOptimum}/${s.runs}, ${s.greedyMeanRatio.toFixed(4)}), ${Math.round(s.ms)} ms`;
}
