// Turning a finished placement state into the contract's result: placements, unplaced copies with the
// binding rule, and stats (the objective's value, its proven lower bound, the gap).
import type { Assignment, Batch } from "../1-compile/batch";
import type { Objective, PlacementResult } from "../../contract";
import { NOT_PLACED, someHostPasses, TIME_LIMIT, whyNot } from "../2-filter/eligibility";
import type { Verdict } from "../2-filter/eligibility";
import { toAllocations } from "./allocations";
import type { FilterContext } from "../2-filter/plugins/types";

/** Hosts in use after placement (existing use counts) and hosts that had no use before. */
export function hostCounts(ctx: FilterContext): { hostsUsed: number; newHostsUsed: number } {
  let hostsUsed = 0;
  let newHostsUsed = 0;
  for (const h of ctx.cluster.hosts) {
    if (ctx.state.hostInUse(h)) hostsUsed++;
    if (ctx.cluster.preUsed[h] === 0 && ctx.state.load[h]! > 0) newHostsUsed++;
  }
  return { hostsUsed, newHostsUsed };
}

/** Peak utilisation over hosts and classes (the spread objective). */
export function peakUtilisation(ctx: FilterContext): number {
  const { cap, C, hosts } = ctx.cluster;
  let peak = 0;
  for (const h of hosts) for (let c = 0; c < C; c++) {
    const k = h * C + c;
    if (cap[k]! > 0) peak = Math.max(peak, ctx.state.used[k]! / cap[k]!);
  }
  return peak;
}

/** Mean over hosts in use of the spread (max - min) of their classes' utilisation (the balance objective). */
export function imbalance(ctx: FilterContext): number {
  const { cap, C, hosts } = ctx.cluster;
  let sum = 0;
  let n = 0;
  for (const h of hosts) {
    if (!ctx.state.hostInUse(h)) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (let c = 0; c < C; c++) {
      const k = h * C + c;
      if (!(cap[k]! > 0)) continue;
      const u = ctx.state.used[k]! / cap[k]!;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    if (hi >= lo) {
      sum += hi - lo;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/** Peak utilisation can be no lower than the mean utilisation of a class over all hosts: a proven bound for spread. */
export function spreadLowerBound(ctx: FilterContext): number {
  const { cap, C, hosts } = ctx.cluster;
  let best = 0;
  for (let c = 0; c < C; c++) {
    let u = 0;
    let k = 0;
    for (const h of hosts) {
      u += ctx.state.used[h * C + c]!;
      k += cap[h * C + c]!;
    }
    if (k > 0) best = Math.max(best, u / k);
  }
  return best;
}

/**
 * A proven lower bound on the balance objective (mean over hosts in use of max - min of their classes'
 * utilisations) for the copies placed. Proof: take classes a and b that every host has. On a host in use,
 * spread >= u_a - u_b, so the sum of spreads over the hosts in use is >= sum_h U_ah / K_ah - sum_h U_bh / K_bh
 * (hosts not in use hold nothing, so summing over every host changes neither term) >= T_a / max_h K_ah -
 * T_b / min_h K_bh, where T_c, the total use of class c (existing plus the placed copies), is the same
 * wherever the copies go. The mean divides that sum by the hosts in use, at most N = hosts already in use
 * or eligible for some placed copy, so max(0, best pair) / N bounds every placement of these copies.
 */
export function balanceLowerBound(ctx: FilterContext, batch: Batch, assignment: Assignment): number {
  const { cap, C, hosts } = ctx.cluster;
  const possible = new Uint8Array(ctx.cluster.ids.length);
  for (const h of hosts) if (ctx.cluster.preUsed[h] === 1) possible[h] = 1;
  for (const cls of batch.classes) if (assignment[cls.index]!.some((a) => a !== null)) for (const h of cls.hosts) possible[h] = 1;
  let N = 0;
  for (const h of hosts) N += possible[h]!;
  if (N === 0) return 0;
  const total = new Float64Array(C);
  const kMax = new Float64Array(C);
  const kMin = new Float64Array(C).fill(Infinity);
  for (const h of hosts) for (let c = 0; c < C; c++) {
    const k = cap[h * C + c]!;
    total[c]! += ctx.state.used[h * C + c]!;
    kMax[c] = Math.max(kMax[c]!, k);
    kMin[c] = Math.min(kMin[c]!, k);
  }
  let best = 0;
  for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) {
    if (a === b || !(kMin[a]! > 0) || !(kMin[b]! > 0)) continue;
    best = Math.max(best, total[a]! / kMax[a]! - total[b]! / kMin[b]!);
  }
  return best / N;
}

export function objectiveValue(ctx: FilterContext, objective: Objective): number {
  if (objective === "pack") return hostCounts(ctx).hostsUsed;
  if (objective === "spread") return peakUtilisation(ctx);
  return imbalance(ctx);
}

export function buildResult(ctx: FilterContext, batch: Batch, assignment: Assignment, info: {
  solver: string; objective: Objective; lowerBound: number | null; elapsedMs: number;
  /** The time limit ran out: a copy that a host could take now was left for lack of time, not of room. */
  timedOut?: boolean;
}): PlacementResult {
  const placements: PlacementResult["placements"] = [];
  const unplaced: PlacementResult["unplaced"] = [];
  for (const cls of batch.classes) {
    let verdict: Verdict | undefined;
    const why = (): Verdict => {
      if (!cls.filtered) return TIME_LIMIT.unfiltered;
      // Past the limit, a class that a host would take now is out for lack of time: found at the first such
      // host, without the full loop over every filter and candidate (14,000 copies cut at region scale).
      if (info.timedOut && someHostPasses(ctx, cls)) return TIME_LIMIT.unplaced;
      return whyNot(ctx, cls, NOT_PLACED);
    };
    cls.ids.forEach((id, k) => {
      const got = assignment[cls.index]![k];
      if (got) placements.push({ request: id, allocations: toAllocations(ctx.cluster, cls.prep, got) });
      else {
        verdict ??= why();
        unplaced.push({ request: id, ...verdict });
      }
    });
  }
  for (const id of batch.skipped) unplaced.push({ request: id, ...TIME_LIMIT.unread });
  const { hostsUsed, newHostsUsed } = hostCounts(ctx);
  const value = objectiveValue(ctx, info.objective);
  const lb = info.lowerBound;
  const gap = lb === null ? null : value > 0 ? (value - lb) / value : 0;
  return { placements, unplaced, stats: { solver: info.solver, objective: info.objective, hostsUsed, newHostsUsed, lowerBound: lb, gap, elapsedMs: info.elapsedMs } };
}
