import type { PackState } from "./state";

/** Largest pool searched exhaustively; bigger pools are tried by first-fit decreasing only. */
const EXACT_MAX = 16;
const NODE_LIMIT = 20000;

/**
 * Try to pack the whole pool into `slots` of the given (empty) `bins`: exhaustively by
 * depth-first search for small pools, else by first-fit decreasing. On success the items are
 * placed and the pool emptied; on failure nothing changes.
 */
export function settlePool(st: PackState, pool: number[], bins: readonly number[], slots: number, w: Float64Array): boolean {
  if (pool.length === 0) return true;
  if (slots <= 0) return false;
  const D = st.D;
  // quick necessary test: the pool's total fits into the `slots` largest bins, per dim
  for (let d = 0; d < D; d++) {
    let need = 0;
    for (const i of pool) need += st.dem[i * D + d]!;
    const caps = bins.map((b) => st.tol[b * D + d]!).sort((a, b) => b - a).slice(0, slots);
    if (need > caps.reduce((a, b) => a + b, 0)) return false;
  }
  const order = [...pool].sort((a, b) => w[b]! - w[a]! || a - b);
  const placed: number[] = [];
  let nodes = 0;
  const exact = order.length <= EXACT_MAX;
  const dfs = (k: number): boolean => {
    if (k === order.length) return true;
    if (++nodes > NODE_LIMIT) return false;
    const i = order[k]!;
    let openedEmpty = false;
    let usedBins = 0;
    for (const b of bins) if (st.binItems[b]!.length > 0) usedBins++;
    for (const b of bins) {
      const empty = st.binItems[b]!.length === 0;
      if (empty && (openedEmpty || usedBins >= slots)) continue; // empty bins are interchangeable only if equal; keep it simple: one new per level
      if (!st.canAdd(i, b)) continue;
      if (empty) openedEmpty = true;
      st.add(i, b); placed.push(i);
      if (dfs(k + 1)) return true;
      st.remove(i); placed.pop();
      if (!exact) return false;
    }
    return false;
  };
  if (dfs(0)) { pool.length = 0; return true; }
  for (const i of placed) st.remove(i);
  return false;
}
