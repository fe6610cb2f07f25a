import { bestFitDecreasing, dotProductFill } from "./construct";
import { eliminate } from "./eliminate";
import { packingLowerBound } from "./lowerBound";
import { PackState } from "./state";
import type { ImproveOptions, PackingInstance } from "./types";

/** The dot-product construction is quadratic in items: skip it above this many. */
const DOT_PRODUCT_MAX_ITEMS = 1500;

/**
 * Reduce the number of bins a packing uses, within a deadline on the injected clock.
 * 1. Rebuild from scratch with a few constructions (best-fit decreasing by total and by largest
 *    normalised demand, dot-product bin filling) and keep the best, the initial one included.
 * 2. Repeatedly close two lightly filled bins and run the ejection search (eliminate.ts) for a
 *    packing with one bin fewer; a failed attempt re-places its pool by best fit and continues
 *    from there when that costs no bin, which varies the start of the next attempt.
 * Stops at the deadline or as soon as `opts.target` (default: the lower bound) is reached.
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
  const builds: ((items: number[]) => boolean)[] = [
    (items) => bestFitDecreasing(st, items, "weight", binOrder),
    (items) => bestFitDecreasing(st, items, "maxDim", binOrder),
  ];
  if (placed.length <= DOT_PRODUCT_MAX_ITEMS) builds.push((items) => dotProductFill(st, items, binOrder));
  for (const build of builds) {
    if (bestUsed <= target || opts.clock() > opts.deadline) break;
    st.reset(none);
    if (build(placed)) consider();
  }
  st.reset(best);
  const maxIters = 2000 + 40 * placed.length;
  const weight = st.weight;
  let attempt = 0;
  while (bestUsed > target && opts.clock() < opts.deadline) {
    const cands: number[] = [];
    for (let b = 0; b < st.B; b++) if (!st.preUsed[b] && st.binItems[b]!.length > 0) cands.push(b);
    if (cands.length === 0) break;
    const fill = cands.map((b) => st.fill(b));
    const byFill = cands.map((_, k) => k).sort((a, b) => fill[a]! - fill[b]! || cands[a]! - cands[b]!).map((k) => cands[k]!);
    const closed = pickClosed(byFill, attempt++, opts.rng);
    const snapshot = Int32Array.from(st.assign);
    const res = eliminate(st, closed, { deadline: opts.deadline, clock: opts.clock, rng: opts.rng, maxIters, weight });
    if (res.ok) { consider(); continue; }
    if (bestFitDecreasing(st, res.pool, "weight", binOrder) && st.usedCount() <= bestUsed) consider();
    else st.reset(snapshot);
  }
  return best;
}

/** Bins closed per attempt: their items must then fit into one bin fewer. */
const CLOSE = 3;

/** First attempt: the least filled bins; then others of the lighter half, at random. */
function pickClosed(byFill: number[], attempt: number, rng: () => number): number[] {
  const k = Math.min(CLOSE, byFill.length);
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
