// The baseline: what Nova's FilterScheduler does. Requests one by one in arrival order (higher priority
// first, as every answer must honour priorities); filters; then weighers on free RAM, vCPU and disk,
// each min-max normalised over the hosts that passed and multiplied by +1 (spread, Nova's default) or
// -1 (stack, Nova's packing configuration); the best host wins. No look-ahead, no repair.
import type { Assignment } from "./batch";
import { compileBatch, emptyAssignment } from "./batch";
import type { Objective, PlacementProblem, PlacementResult } from "./contract";
import type { FilterContext } from "./plugins/types";
import { tieBreakers } from "./random";
import { buildResult, spreadLowerBound } from "./result";
import { PlacementState } from "./state";

export type GreedyOptions = { clock?: () => number; seed?: number };

/** Nova's weighers: free memory, free vCPUs, free disk (absolute, as Nova does). */
const WEIGHED = ["MEMORY_MB", "VCPU", "DISK_GB"];

export function placeGreedy(problem: PlacementProblem, opts: GreedyOptions = {}): PlacementResult {
  const clock = opts.clock ?? (() => 0);
  const t0 = clock();
  const objective: Objective = problem.policy?.objective ?? "pack";
  const batch = compileBatch(problem);
  const { cluster } = batch;
  const state = new PlacementState(cluster, batch.serverGroups);
  const ctx: FilterContext = { cluster, state };
  const assignment: Assignment = emptyAssignment(batch);
  const multiplier = objective === "pack" ? -1 : 1;
  const jitter = tieBreakers(cluster.ids.length, opts.seed ?? 1, 1e-9);
  const weighed = WEIGHED.map((n) => cluster.classIndex.get(n)).filter((c): c is number => c !== undefined);
  const C = cluster.C;

  // Arrival order, higher priority first (stable).
  const queue: [number, number][] = [];
  for (const cls of batch.classes) cls.ids.forEach((_, k) => queue.push([cls.index, k]));
  queue.sort((a, b) => batch.classes[b[0]]!.priority - batch.classes[a[0]]!.priority);

  const free = new Float64Array(weighed.length);
  for (const [ci, k] of queue) {
    const cls = batch.classes[ci]!;
    const hosts = cls.hosts.filter((h) => state.hostOk(cls.prep, h));
    if (hosts.length === 0) continue;
    const lo = new Float64Array(weighed.length).fill(Infinity);
    const hi = new Float64Array(weighed.length).fill(-Infinity);
    for (const h of hosts) {
      weighed.forEach((c, w) => {
        const f = cluster.cap[h * C + c]! - state.used[h * C + c]!;
        lo[w] = Math.min(lo[w]!, f);
        hi[w] = Math.max(hi[w]!, f);
      });
    }
    const scored: [number, number][] = [];
    let best = -1;
    let bestScore = -Infinity;
    for (const h of hosts) {
      let s = jitter[h]!;
      for (let w = 0; w < weighed.length; w++) {
        const c = weighed[w]!;
        free[w] = cluster.cap[h * C + c]! - state.used[h * C + c]!;
        const span = hi[w]! - lo[w]!;
        s += multiplier * (span > 0 ? (free[w]! - lo[w]!) / span : 0);
      }
      if (cls.prep.serverGroup?.policy === "soft-anti-affinity") s -= 10 * state.groupMembersNear(cls.prep, h);
      scored.push([s, h]);
      if (s > bestScore) {
        bestScore = s;
        best = h;
      }
    }
    // The best host almost always takes it; when its storage or networks are full, the next best.
    const first = state.tryPlace(cls.prep, best);
    if (first) {
      assignment[ci]![k] = first;
      continue;
    }
    scored.sort((a, b) => b[0] - a[0]);
    for (const [, h] of scored) {
      const got = state.tryPlace(cls.prep, h);
      if (got) {
        assignment[ci]![k] = got;
        break;
      }
    }
  }
  return buildResult(ctx, batch, assignment, {
    solver: "greedy", objective, lowerBound: objective === "spread" ? spreadLowerBound(ctx) : null, elapsedMs: clock() - t0,
  });
}
