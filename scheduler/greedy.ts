// The baseline: what Nova's FilterScheduler does. Requests one by one in arrival order (higher priority
// first, as every answer must honour priorities); filters; then weighers on free RAM, vCPU and disk,
// each min-max normalised over the hosts that passed and multiplied by +1 (spread, Nova's default) or
// -1 (stack, Nova's packing configuration); the best host wins. No look-ahead, no repair.
import type { Assignment } from "./stages/1-compile/batch";
import { compileBatch, emptyAssignment } from "./stages/1-compile/batch";
import type { Objective, PlacementProblem, PlacementResult } from "./contract";
import type { FilterContext } from "./stages/2-filter/plugins/types";
import { tieBreakers } from "./random";
import { buildResult, spreadLowerBound } from "./stages/7-result/result";
import { normalizeScores } from "./scoring/normalize";
import { PlacementState } from "./stages/1-compile/state";

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

  const W = weighed.length;
  const P = cluster.ids.length;
  const ok = new Int32Array(P);
  // One row per weigher of raw values over the hosts that passed, normalised in place.
  const raw = Array.from({ length: W }, () => new Float64Array(P));
  const total = new Float64Array(P);
  for (const [ci, k] of queue) {
    const cls = batch.classes[ci]!;
    // Filters.
    let n = 0;
    for (const h of cls.hosts) if (state.hostOk(cls.prep, h)) ok[n++] = h;
    if (n === 0) continue;
    // Weighers: free amounts, min-max normalised over the hosts that passed (Nova's normalisation), times the multiplier.
    total.fill(0, 0, n);
    for (let w = 0; w < W; w++) {
      const row = raw[w]!.subarray(0, n);
      const c = weighed[w]!;
      for (let j = 0; j < n; j++) row[j] = cluster.cap[ok[j]! * C + c]! - state.used[ok[j]! * C + c]!;
      normalizeScores(row);
      for (let j = 0; j < n; j++) total[j]! += multiplier * row[j]!;
    }
    const soft = cls.prep.serverGroup?.policy === "soft-anti-affinity";
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < n; j++) {
      const h = ok[j]!;
      total[j]! += jitter[h]! - (soft ? 10 * state.groupMembersNear(cls.prep, h) : 0);
      if (total[j]! > bestScore) {
        bestScore = total[j]!;
        best = h;
      }
    }
    // The best host almost always takes it; when its storage or networks are full, the next best.
    const first = state.tryPlace(cls.prep, best);
    if (first) {
      assignment[ci]![k] = first;
      continue;
    }
    const ranked = Array.from({ length: n }, (_, j) => j).sort((a, b) => total[b]! - total[a]!);
    for (const j of ranked) {
      const got = state.tryPlace(cls.prep, ok[j]!);
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
