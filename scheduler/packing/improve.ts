import { binCompletion } from "./binCompletion";
import { bestFitDecreasing, dotProductFill } from "./construct";
import { eliminate } from "./eliminate";
import { packingLowerBound } from "./lowerBound";
import { pairPacking } from "./pairing";
import { vectorCompletion } from "./vectorCompletion";
import { PackState } from "./state";
import type { ImproveOptions, PackingInstance } from "./types";

/**
 * Vector bin completion branches over subsets of all remaining items: measured on the vector
 * benchmarks, it finds packings the local search misses up to 60 items and only costs the local
 * search its time at 120.
 */
const VECTOR_COMPLETION_MAX_ITEMS = 80;
/** The dot-product construction is quadratic in items: skip it above this many. */
const DOT_PRODUCT_MAX_ITEMS = 1500;
/**
 * Stall rule of the search on instances that are not plain (pre-used hosts, eligibility, conflicts: the
 * engine's batches): it stops once it has gone without a gain for max(STALL_MIN_MS, STALL_FACTOR times as
 * long as its last gain took), times 1 + the gap in bins above the target (at most STALL_GAP_BINS): the
 * wider the gap, the longer it keeps trying before it gives up. Plain instances (the benchmark families)
 * are exempt: there exact searches take turns with it and late gains are what reaches the optimum.
 */
const STALL_FACTOR = 2;
const STALL_MIN_MS = 300;
const STALL_GAP_BINS = 4;

/**
 * Reduce the number of bins a packing uses, within a deadline on the injected clock.
 * 1. Rebuild from scratch with a few constructions (best-fit decreasing by total and by largest
 *    normalised demand, dot-product bin filling; on plain instances also a maximum matching of
 *    the items that fit in pairs, optimal when no three items fit in one bin) and keep the best,
 *    the initial one included.
 * 2. Repeatedly close two lightly filled bins and run the ejection search (eliminate.ts) for a
 *    packing with one bin fewer, its item weights stressing the resources that are tightest at
 *    that bin count; a failed attempt re-places its pool by best fit and continues
 *    from there when that costs no bin, which varies the start of the next attempt.
 * Stops at the deadline or as soon as `opts.target` (default: the lower bound) is reached; on instances
 * that are not plain, also when the search stalls (STALL_FACTOR, scaled with the gap).
 * Never unplaces a placed item, never places an unplaced one, never breaks capacity, eligibility
 * or conflicts (given a feasible `initial`), never returns more bins than `initial` uses.
 */
export function improvePacking(inst: PackingInstance, initial: Int32Array, opts: ImproveOptions): Int32Array {
  const st = new PackState(inst, initial);
  const placed: number[] = [];
  for (let i = 0; i < st.n; i++) if (st.assign[i]! >= 0) placed.push(i);
  let best = Int32Array.from(st.assign);
  let bestUsed = st.usedCount();
  const target = opts.target ?? packingLowerBound(inst, { placed: initial });
  if (bestUsed <= target || placed.length === 0) return best;
  const binOrder = freshBinOrder(st, initial);
  const consider = () => {
    const u = st.usedCount();
    if (u < bestUsed) { bestUsed = u; best = Int32Array.from(st.assign); }
  };
  const none = new Int32Array(st.n).fill(-1);
  const late = () => opts.clock() > opts.deadline;
  const builds: ((items: number[]) => boolean)[] = [
    (items) => bestFitDecreasing(st, items, "weight", binOrder, late),
    (items) => bestFitDecreasing(st, items, "maxDim", binOrder, late),
  ];
  if (placed.length <= DOT_PRODUCT_MAX_ITEMS) builds.push((items) => dotProductFill(st, items, binOrder, late));
  for (const build of builds) {
    if (bestUsed <= target || opts.clock() > opts.deadline) break;
    st.reset(none);
    if (build(placed)) consider();
  }
  st.reset(best);
  const maxIters = 2000 + 40 * placed.length;
  let weight = st.weight, weightFor = -1;
  let attempt = 0;
  const search = (deadline: number, stall: boolean) => {
    const start = opts.clock();
    let gainAt = start;
    let seen = bestUsed;
    // Stalled: no gain for max(STALL_MIN_MS, STALL_FACTOR x the time the last gain took) x (1 + gap in bins, capped).
    const scale = () => 1 + Math.min(STALL_GAP_BINS, Math.max(0, bestUsed - target));
    const stop = () => (stall ? Math.min(deadline, gainAt + Math.max(STALL_MIN_MS, STALL_FACTOR * (gainAt - start)) * scale()) : deadline);
    let until = stop();
    while (bestUsed > target && opts.clock() < until) {
      const cands: number[] = [];
      for (let b = 0; b < st.B; b++) if (!st.preUsed[b] && st.binItems[b]!.length > 0) cands.push(b);
      if (cands.length === 0) break;
      if (weightFor !== bestUsed) { weight = tightnessWeights(st, placed, bestUsed - 1); weightFor = bestUsed; }
      const fill = cands.map((b) => st.fill(b));
      const byFill = cands.map((_, k) => k).sort((a, b) => fill[a]! - fill[b]! || cands[a]! - cands[b]!).map((k) => cands[k]!);
      const closed = pickClosed(byFill, attempt++, opts.rng);
      const snapshot = Int32Array.from(st.assign);
      const res = eliminate(st, closed, { deadline: until, clock: opts.clock, rng: opts.rng, maxIters, weight });
      if (res.ok) consider();
      else if (bestFitDecreasing(st, res.pool, "weight", binOrder) && st.usedCount() <= bestUsed) consider();
      else st.reset(snapshot);
      if (bestUsed < seen) {
        seen = bestUsed;
        gainAt = opts.clock();
      }
      until = stop();
    }
  };
  const plain = plainCapacity(inst);
  if (plain !== null && bestUsed > target && opts.clock() < opts.deadline) {
    // At most two items per bin by maximum matching: the optimum when no three items fit together.
    const pairs = pairPacking(placed.map((i) => inst.items[i]!.demand), plain);
    if (pairs && pairs.bins < bestUsed) {
      const next = new Int32Array(st.n).fill(-1);
      placed.forEach((i, k) => { next[i] = binOrder[pairs.bin[k]!]!; });
      st.reset(next);
      consider();
    }
    if (pairs?.optimal) return best;
  }
  if (plain === null) {
    search(opts.deadline, true);
    return best;
  }
  // Plain packing (identical bins, no eligibility, conflicts or pre-used bins): bin completion,
  // exact but for its time limit, takes turns with the local search. One dim: when the target
  // leaves no waste at all (every bin exactly full), forward checking is what finds it, and the
  // local search gets only a glimpse first. Several dims: the local search first, as bin
  // completion only pays off on tight targets.
  const start = opts.clock(), span = opts.deadline - start;
  const exactFill = plain.length === 1 && target * plain[0]! - placed.reduce((a, i) => a + (inst.items[i]!.demand[0] ?? 0), 0) <= 1e-9 * plain[0]!;
  const [first, until] = plain.length === 1 ? (exactFill ? [0.05, 0.9] : [0.25, 0.75]) : [0.5, 0.8];
  search(start + span * first, false);
  if (bestUsed > target && opts.clock() < opts.deadline && (plain.length === 1 || placed.length <= VECTOR_COMPLETION_MAX_ITEMS)) {
    const deadline = start + span * until;
    const found = plain.length === 1
      ? binCompletion(placed.map((i) => inst.items[i]!.demand[0] ?? 0), plain[0]!, target, { deadline, clock: opts.clock, rng: opts.rng })
      : vectorCompletion(placed.map((i) => inst.items[i]!.demand), plain, target, { deadline, clock: opts.clock, rng: opts.rng });
    if (found) {
      const bins = binOrder.slice(0, target);
      const next = new Int32Array(st.n).fill(-1);
      placed.forEach((i, k) => { next[i] = bins[found[k]!]!; });
      const keep = Int32Array.from(st.assign);
      st.reset(next);
      consider();
      st.reset(bestUsed <= target ? best : keep);
    }
  }
  search(opts.deadline, false);
  return best;
}

/** the common capacity vector if all bins are identical and fresh, with no eligibility or conflicts; else null */
function plainCapacity(inst: PackingInstance): number[] | null {
  if (inst.bins.length === 0) return null;
  const c = Array.from({ length: inst.dims }, (_, d) => inst.bins[0]!.capacity[d] ?? 0);
  if (inst.bins.some((b) => b.preUsed || c.some((v, d) => (b.capacity[d] ?? 0) !== v))) return null;
  if (inst.items.some((i) => i.eligible !== null)) return null;
  if ((inst.conflicts ?? []).some((g) => g.length > 1)) return null;
  return c;
}

/**
 * Bins closed per attempt, in turn: their items must then fit into one bin fewer. Closing more
 * bins frees the search (a pool spread over more bins is easier to settle) but leaves it more to
 * place; alternating gives each attempt a different neighbourhood.
 */
const CLOSE = [2, 3, 4];

/** First attempt: the least filled bins; then others of the lighter half, at random. */
function pickClosed(byFill: number[], attempt: number, rng: () => number): number[] {
  const k = Math.min(CLOSE[attempt % CLOSE.length]!, byFill.length);
  if (attempt === 0 || k === byFill.length) return byFill.slice(0, k);
  const half = Math.max(k, Math.ceil(byFill.length / 2));
  const pick = new Set<number>();
  while (pick.size < k) pick.add(byFill[Math.floor(rng() * half)]!);
  return [...pick];
}

/** Bins for constructions to open: pre-used first, then those the initial packing used, then the largest. */
function freshBinOrder(st: PackState, initial: Int32Array): number[] {
  const usedInitially = new Uint8Array(st.B);
  for (const b of initial) if (b >= 0) usedInitially[b] = 1;
  const size = new Float64Array(st.B);
  for (let b = 0; b < st.B; b++) for (let d = 0; d < st.D; d++) size[b] = size[b]! + st.cap[b * st.D + d]!;
  const rank = (b: number) => (st.preUsed[b] ? 0 : usedInitially[b] ? 1 : 2);
  return Array.from({ length: st.B }, (_, b) => b).sort((a, b) => rank(a) - rank(b) || size[b]! - size[a]! || a - b);
}

/** Floor on a dim's slack in the weights: a dim with no slack at all weighs 1 / SLACK_FLOOR. */
const SLACK_FLOOR = 0.01;

/**
 * Item weights for the elimination search aiming at `bins` bins: each dim counts in proportion to
 * how tight it is at that count (1 / (slack + SLACK_FLOOR), slack = 1 - total demand / total
 * capacity of that many average used bins), so that on instances where one resource is nearly
 * exhausted the search keeps that resource's big items in bins and fills bins exactly in it.
 * Computed from the packing itself (its used bins and the count it aims at), never from a known optimum.
 */
function tightnessWeights(st: PackState, placed: readonly number[], bins: number): Float64Array {
  const D = st.D;
  const capSum = new Float64Array(D), ref = new Float64Array(D), need = new Float64Array(D);
  let usedBins = 0;
  for (let b = 0; b < st.B; b++) {
    if (!st.used(b)) continue;
    usedBins++;
    for (let d = 0; d < D; d++) capSum[d] = capSum[d]! + st.cap[b * D + d]!;
  }
  for (let b = 0; b < st.B; b++) for (let d = 0; d < D; d++) ref[d] = Math.max(ref[d]!, st.cap[b * D + d]!);
  for (const i of placed) for (let d = 0; d < D; d++) need[d] = need[d]! + st.dem[i * D + d]!;
  const lambda = new Float64Array(D);
  for (let d = 0; d < D; d++) {
    const avail = usedBins > 0 ? capSum[d]! * Math.max(1, bins) / usedBins : 0;
    const slack = avail > 0 ? Math.max(0, 1 - need[d]! / avail) : 0;
    lambda[d] = 1 / (slack + SLACK_FLOOR);
  }
  const w = new Float64Array(st.n);
  for (let i = 0; i < st.n; i++) {
    let v = 0;
    for (let d = 0; d < D; d++) if (ref[d]! > 0) v += lambda[d]! * st.dem[i * D + d]! / ref[d]!;
    w[i] = v;
  }
  return w;
}
