import type { LowerBoundOptions, PackingInstance } from "./types";

const EPS = 1e-9;

/**
 * A proven lower bound on the number of bins used (pre-used bins included) by any packing that
 * places every counted item. The maximum of:
 * - pre-used bins plus, per dim, the fewest fresh bins (largest first) that cover what the
 *   pre-used bins' residual capacity cannot hold;
 * - per dim, Martello and Toth's L2 bound when all bins share that dim's capacity and none is
 *   pre-used (a one-dimensional relaxation);
 * - a greedy clique of pairwise incompatible items (too big together in some dim, or in one
 *   conflict group), each of which needs its own bin.
 * Eligibility lists only restrict packings further, so ignoring them keeps the bound valid.
 */
export function packingLowerBound(inst: PackingInstance, opts: LowerBoundOptions = {}): number {
  const D = inst.dims;
  const counted: number[] = [];
  inst.items.forEach((_, i) => { if (!opts.placed || (opts.placed[i] ?? -1) >= 0) counted.push(i); });
  const preUsed = inst.bins.filter((b) => b.preUsed).length;
  if (counted.length === 0) return preUsed;
  const fresh = inst.bins.filter((b) => !b.preUsed);
  let best = preUsed;
  for (let d = 0; d < D; d++) {
    let need = 0;
    for (const i of counted) need += inst.items[i]!.demand[d] ?? 0;
    for (const b of inst.bins) if (b.preUsed) need -= Math.max(0, b.capacity[d] ?? 0);
    const caps = fresh.map((b) => Math.max(0, b.capacity[d] ?? 0)).sort((x, y) => y - x);
    let k = 0;
    while (need > EPS * Math.max(1, need) && k < caps.length) need -= caps[k++]!;
    best = Math.max(best, preUsed + k);
    if (preUsed === 0 && fresh.length > 0) {
      const c0 = fresh[0]!.capacity[d] ?? 0;
      if (fresh.every((b) => (b.capacity[d] ?? 0) === c0) && c0 > 0) {
        best = Math.max(best, l2Bound(counted.map((i) => inst.items[i]!.demand[d] ?? 0), c0));
      }
    }
  }
  return Math.max(best, incompatibleClique(inst, counted));
}

/** Martello and Toth's L2 bound for one-dimensional bin packing with capacity c. */
export function l2Bound(sizes: number[], c: number): number {
  const s = sizes.filter((x) => x > 0).sort((a, b) => b - a);
  const total = s.reduce((a, b) => a + b, 0);
  let best = Math.ceil(total / c - EPS);
  const ks = [0, ...new Set(s.filter((x) => x <= c / 2))];
  for (const k of ks) {
    let j1 = 0, j2 = 0, sum2 = 0, sum3 = 0;
    for (const x of s) {
      if (x > c - k) j1++;
      else if (x > c / 2) { j2++; sum2 += x; }
      else if (x >= k) sum3 += x;
    }
    const spare = j2 * c - sum2;
    const extra = Math.max(0, Math.ceil((sum3 - spare) / c - EPS));
    best = Math.max(best, j1 + j2 + extra);
  }
  return best;
}

/** Size of a greedy clique of items no two of which can share any bin. */
function incompatibleClique(inst: PackingInstance, counted: number[]): number {
  const D = inst.dims;
  const maxCap = new Float64Array(D);
  for (const b of inst.bins) for (let d = 0; d < D; d++) maxCap[d] = Math.max(maxCap[d]!, b.capacity[d] ?? 0);
  const group = new Map<number, number[]>();
  (inst.conflicts ?? []).forEach((g, gi) => { for (const i of g) group.set(i, [...(group.get(i) ?? []), gi]); });
  const size = (i: number) => {
    let w = 0;
    for (let d = 0; d < D; d++) if (maxCap[d]! > 0) w = Math.max(w, (inst.items[i]!.demand[d] ?? 0) / maxCap[d]!);
    return w;
  };
  const order = [...counted].sort((a, b) => size(b) - size(a));
  const clique: number[] = [];
  const apart = (i: number, j: number) => {
    const a = inst.items[i]!.demand, b = inst.items[j]!.demand;
    for (let d = 0; d < D; d++) if ((a[d] ?? 0) + (b[d] ?? 0) > maxCap[d]! * (1 + EPS)) return true;
    const gi = group.get(i), gj = group.get(j);
    return !!gi && !!gj && gi.some((g) => gj.includes(g));
  };
  for (const i of order) if (clique.every((j) => apart(i, j))) clique.push(i);
  return clique.length;
}
