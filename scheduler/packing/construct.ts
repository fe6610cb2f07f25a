import type { PackState } from "./state";

export type Ordering = "weight" | "maxDim";

/**
 * Place the `items` (currently unplaced in st) one by one in decreasing size, each into the
 * feasible bin already in use that it leaves fullest (best fit); when none takes it, into the
 * first feasible unused bin of `binOrder`. Returns false (state partly filled) if some item has
 * no feasible bin at all, or when `stop()` says so (checked every 64 items).
 */
export function bestFitDecreasing(st: PackState, items: number[], ordering: Ordering, binOrder: number[],
  stop: () => boolean = () => false): boolean {
  const key = sizeKey(st, ordering);
  const order = [...items].sort((a, b) => key[b]! - key[a]! || a - b);
  const open: number[] = [];
  const isOpen = new Uint8Array(st.B);
  for (let b = 0; b < st.B; b++) if (st.used(b)) { open.push(b); isOpen[b] = 1; }
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if ((k & 63) === 63 && stop()) return false;
    let best = -1, bestSlack = Infinity;
    for (const b of open) {
      if (!st.canAdd(i, b)) continue;
      const s = slackWith(st, i, b);
      if (s < bestSlack) { bestSlack = s; best = b; }
    }
    if (best < 0) {
      for (const b of binOrder) if (!isOpen[b] && st.canAdd(i, b)) { best = b; break; }
      if (best < 0) return false;
      open.push(best); isOpen[best] = 1;
    }
    st.add(i, best);
  }
  return true;
}

/**
 * Bin-centric dot-product heuristic (Panigrahy et al., "Heuristics for vector bin packing", 2011):
 * fill one bin at a time, always adding the item whose demand has the largest dot product with
 * the bin's normalised residual capacity. Bins already in use are filled first, then `binOrder`.
 * Quadratic in the number of items: meant for instances of a few thousand items at most.
 */
export function dotProductFill(st: PackState, items: number[], binOrder: number[], stop: () => boolean = () => false): boolean {
  const D = st.D;
  const left = new Set(items);
  const used = binOrder.filter((b) => st.used(b));
  const fresh = binOrder.filter((b) => !st.used(b));
  for (const b of [...used, ...fresh]) {
    if (left.size === 0) return true;
    if (stop()) return false;
    for (;;) {
      let best = -1, bestScore = -Infinity;
      for (const i of left) {
        if (!st.canAdd(i, b)) continue;
        let s = 0;
        for (let d = 0; d < D; d++) {
          const c = st.cap[b * D + d]!;
          if (c > 0) s += (st.dem[i * D + d]! / c) * ((c - st.load[b * D + d]!) / c);
        }
        if (s > bestScore) { bestScore = s; best = i; }
      }
      if (best < 0) break;
      st.add(best, b);
      left.delete(best);
    }
  }
  return left.size === 0;
}

function sizeKey(st: PackState, ordering: Ordering): Float64Array {
  if (ordering === "weight") return st.weight;
  const D = st.D;
  const ref = new Float64Array(D);
  for (let b = 0; b < st.B; b++) for (let d = 0; d < D; d++) ref[d] = Math.max(ref[d]!, st.cap[b * D + d]!);
  const k = new Float64Array(st.n);
  for (let i = 0; i < st.n; i++) for (let d = 0; d < D; d++) if (ref[d]! > 0) k[i] = Math.max(k[i]!, st.dem[i * D + d]! / ref[d]!);
  return k;
}

function slackWith(st: PackState, i: number, b: number): number {
  const D = st.D;
  let s = 0;
  for (let d = 0; d < D; d++) {
    const c = st.cap[b * D + d]!;
    if (c > 0) s += (c - st.load[b * D + d]! - st.dem[i * D + d]!) / c;
  }
  return s;
}
