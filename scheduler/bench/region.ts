// The region-scale case of `headroom bench placement` (issue #13): 10,000 hosts of three models in 500
// racks, 60% in use, 100,000 requests over a dozen flavors (30% with a volume and a port, 175
// anti-affinity groups), pack, 10 s limit. The baseline at this size is Nova-like stacking one request at
// a time on the online placer's index (scoring/least-free.ts: the weighers normalised by the largest host
// instead of min-max over the passing hosts of each request, which costs minutes here); the online placer
// with the engine's own pack weights runs beside it for reference.
import type { Objective, PlacementProblem } from "../contract";
import type { Weights } from "../scoring/weights";
import { weights } from "../scoring/weights";
import { createOnlinePlacer, place } from "../index";
import type { PlacementResult } from "../index";
import { generateRegionProblem } from "../testing/region";
import type { RegionOptions } from "../testing/region";

export type OneByOne = { ms: number; hostsUsed: number; newHostsUsed: number; placed: number };

/** One request at a time through the online placer (its index), in order, higher priority first; host counts as the engine reports them. */
export function placeOneByOne(problem: PlacementProblem, clock: () => number, opts: { seed?: number; weights?: Readonly<Record<Objective, Weights>> } = {}): OneByOne {
  const t0 = clock();
  const placer = createOnlinePlacer({ providers: problem.providers, serverGroups: problem.serverGroups ?? [], objective: problem.policy?.objective ?? "pack", seed: opts.seed ?? 1, weights: opts.weights });
  const order = problem.requests.map((r, i) => ({ r, i })).sort((a, b) => (b.r.priority ?? 0) - (a.r.priority ?? 0) || a.i - b.i);
  const isHost = problem.providers.map((p) => p.kind === "host");
  const preUsed = problem.providers.map((p) => p.kind === "host" && Object.values(p.used ?? {}).some((v) => v > 0));
  const touched = new Uint8Array(problem.providers.length);
  const out = new Int32Array(64);
  let placed = 0;
  for (const { r } of order) {
    const { id: _id, count = 1, ...request } = r;
    const shape = placer.shape(request);
    for (let k = 0; k < count; k++) {
      const token = placer.placeShape(shape);
      if (token < 0) continue;
      placed++;
      const n = placer.providersInto(token, out);
      for (let j = 0; j < n; j++) if (isHost[out[j]!]) touched[out[j]!] = 1;
    }
  }
  let hostsUsed = 0;
  let newHostsUsed = 0;
  for (let p = 0; p < problem.providers.length; p++) {
    if (!isHost[p]) continue;
    if (preUsed[p] || touched[p]) hostsUsed++;
    if (!preUsed[p] && touched[p]) newHostsUsed++;
  }
  return { ms: clock() - t0, hostsUsed, newHostsUsed, placed };
}

/** Nova's FilterScheduler in its packing configuration (stacking weighers), soft anti-affinity as the engine weighs it. */
export const novaStack: Readonly<Record<Objective, Weights>> = { ...weights, pack: { "least-free": 1, "soft-anti-affinity": 8 } };

export type RegionRun = {
  problem: PlacementProblem; engine: PlacementResult; engineMs: number;
  /** Nova-like stacking, one request at a time on the online index (the baseline). */
  greedy: OneByOne;
  /** The online placer with the engine's own pack weights, one request at a time (for reference). */
  online: OneByOne;
  /** Resident set and heap after the engine's run, MiB. */
  memory: { rssMb: number; heapUsedMb: number };
};

export const REGION: RegionOptions = { hosts: 10_000, requests: 100_000, usedFraction: 0.6, attachedShare: 0.3, antiAffinityGroups: 175, timeLimitMs: 10_000 };

export async function runRegion(clock: () => number, opts: Partial<RegionOptions> = {}, log: (line: string) => void = () => undefined): Promise<RegionRun> {
  const problem = generateRegionProblem({ ...REGION, ...opts });
  const t = clock();
  const engine = await place(problem, { clock, seed: 1, onProgress: (m) => log(`  engine: ${m}`) });
  const engineMs = clock() - t;
  const mem = process.memoryUsage();
  const memory = { rssMb: Math.round(mem.rss / 2 ** 20), heapUsedMb: Math.round(mem.heapUsed / 2 ** 20) };
  const greedy = placeOneByOne(problem, clock, { weights: novaStack });
  const online = placeOneByOne(problem, clock);
  return { problem, engine, engineMs, greedy, online, memory };
}
