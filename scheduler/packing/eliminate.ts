import { refillBin } from "./refill";
import { settlePool } from "./settle";
import type { PackState } from "./state";

/** Tabu iterations without a lighter pool before a descent pass. */
const STALL = 20;

export type EliminateContext = {
  deadline: number;
  clock: () => number;
  rng: () => number;
  maxIters: number;
  /** weight of each item in the pool objective */
  weight: Float64Array;
};

/**
 * Consistent neighbourhood search for one bin fewer (Buljubasic and Vasquez, "Consistent
 * neighborhood search for one-dimensional bin packing and two-dimensional vector packing",
 * C&OR 2016). The items of the k `closed` bins go to a pool; the search keeps every other bin
 * feasible and lightens the pool until it fits into k - 1 of the closed bins: one bin fewer.
 * - Tabu moves: insert one pool item into an open bin, ejecting up to three of its items; the
 *   move that lightens the pool most wins; an item ejected from bin b may not return to b for a
 *   few iterations.
 * - Descent when the tabu phase stalls: refill each open bin with the heaviest subset of its
 *   items and the pool that fits (refill.ts).
 * Every intermediate state obeys capacity, eligibility and conflicts; only the pool is unplaced,
 * and on failure the caller puts it back.
 */
export function eliminate(st: PackState, closed: readonly number[], ctx: EliminateContext): { ok: boolean; pool: number[] } {
  const isClosed = new Uint8Array(st.B);
  const pool: number[] = [];
  for (const b of closed) {
    isClosed[b] = 1;
    for (const i of [...st.binItems[b]!]) { st.remove(i); pool.push(i); }
  }
  const open: number[] = [];
  for (let b = 0; b < st.B; b++) if (!isClosed[b] && st.used(b)) open.push(b);
  const tabu = tabuList(st.n * st.B);
  const w = ctx.weight;
  const slots = closed.length - 1;
  let bestPool = Infinity, stall = 0;
  for (let iter = 0; iter < ctx.maxIters; iter++) {
    if (settlePool(st, pool, closed, slots, w)) return { ok: true, pool };
    if (ctx.clock() > ctx.deadline) break;
    let pw = 0;
    for (const i of pool) pw += w[i]!;
    if (pw < bestPool - 1e-12) { bestPool = pw; stall = 0; }
    else if (++stall > STALL) {
      stall = 0;
      if (descend(st, open, pool, w, ctx.rng)) continue;
    }
    const move = bestMove(st, open, pool, w, tabu, iter, ctx.rng);
    if (!move) break;
    const tenure = 3 + Math.floor(ctx.rng() * (pool.length + 7));
    for (const x of move.out) {
      st.remove(x);
      pool.push(x);
      tabu.set(x * st.B + move.b, iter + tenure);
    }
    pool.splice(pool.indexOf(move.j), 1);
    st.add(move.j, move.b);
  }
  return { ok: false, pool };
}

/** one pass of refills over the open bins in random order; true if any lightened the pool */
function descend(st: PackState, open: readonly number[], pool: number[], w: Float64Array, rng: () => number): boolean {
  const order = [...open];
  for (let k = order.length - 1; k > 0; k--) {
    const r = Math.floor(rng() * (k + 1));
    [order[k], order[r]] = [order[r]!, order[k]!];
  }
  let any = false;
  for (const b of order) {
    if (pool.length === 0) break;
    if (refillBin(st, b, pool, w, { maxCand: 24, nodeLimit: 500, minGain: 1e-9 })) any = true;
  }
  return any;
}

type TabuList = { get(k: number): number; set(k: number, until: number): void };

/** Above this many (item, bin) pairs the tabu list is a map instead of a flat array. */
const TABU_ARRAY_MAX = 1 << 20;

/** iteration until which each (item, bin) pair is tabu (0: never was) */
function tabuList(pairs: number): TabuList {
  if (pairs <= TABU_ARRAY_MAX) {
    const a = new Int32Array(pairs);
    return { get: (k) => a[k]!, set: (k, v) => { a[k] = v; } };
  }
  const m = new Map<number, number>();
  return { get: (k) => m.get(k) ?? 0, set: (k, v) => { m.set(k, v); } };
}

type Move = { j: number; b: number; out: number[] };

/** the best non-tabu insert-with-ejection move (pool weight change, then fullest bin, then random) */
function bestMove(st: PackState, open: readonly number[], pool: readonly number[], w: Float64Array,
  tabu: TabuList, iter: number, rng: () => number): Move | null {
  const none: number[] = [], S1 = [0], S2 = [0, 0], S3 = [0, 0, 0];
  const groups = st.hasConflicts();
  let bestDelta = Infinity, bestTie = Infinity;
  let best: Move | null = null;
  const consider = (j: number, b: number, S: number[], delta: number) => {
    if (delta > bestDelta + 1e-12) return;
    if (!st.fitsSwap(j, b, S) || (groups && st.conflicts(j, b, S))) return;
    const tie = slackAfter(st, j, b, S) + rng() * 1e-6;
    if (delta < bestDelta - 1e-12 || tie < bestTie) {
      bestDelta = delta; bestTie = tie; best = { j, b, out: [...S] };
    }
  };
  // Each bin's items by increasing weight: heavier ejections only raise the pool weight, so the
  // loops stop at the first subset already worse than the best move found.
  const sorted = new Map<number, number[]>();
  for (const b of open) sorted.set(b, [...st.binItems[b]!].sort((x, y) => w[x]! - w[y]! || x - y));
  for (const j of pool) {
    const wj = w[j]!;
    for (const b of open) {
      if (!st.eligible(j, b)) continue;
      if (tabu.get(j * st.B + b) > iter) continue;
      if (st.fits(j, b) && !(groups && st.conflicts(j, b))) { consider(j, b, none, -wj); continue; }
      if (-wj > bestDelta + 1e-12) continue;
      const items = sorted.get(b)!;
      const m = items.length;
      for (let a = 0; a < m; a++) {
        const xa = items[a]!;
        const wa = w[xa]! - wj;
        if (wa > bestDelta + 1e-12) break;
        S1[0] = xa;
        consider(j, b, S1, wa);
        for (let c = a + 1; c < m; c++) {
          const xc = items[c]!;
          const wac = wa + w[xc]!;
          if (wac > bestDelta + 1e-12) break;
          S2[0] = xa; S2[1] = xc;
          consider(j, b, S2, wac);
          if (m > 8) continue;
          for (let e = c + 1; e < m; e++) {
            const wace = wac + w[items[e]!]!;
            if (wace > bestDelta + 1e-12) break;
            S3[0] = xa; S3[1] = xc; S3[2] = items[e]!;
            consider(j, b, S3, wace);
          }
        }
      }
    }
  }
  return best;
}

/** normalised residual capacity of bin b if j went in and `out` came out (lower = fuller) */
function slackAfter(st: PackState, j: number, b: number, out: readonly number[]): number {
  const D = st.D;
  let s = 0;
  for (let d = 0; d < D; d++) {
    const c = st.cap[b * D + d]!;
    if (c <= 0) continue;
    let l = st.load[b * D + d]! + st.dem[j * D + d]!;
    for (const x of out) l -= st.dem[x * D + d]!;
    s += (c - l) / c;
  }
  return s;
}
