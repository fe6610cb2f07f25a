import type { PackState } from "./state";

/**
 * Unlimited add/drop move of consistent neighbourhood search: refill bin b with the subset of
 * (its items + pool) of the largest total weight that fits (capacity, eligibility, conflicts),
 * by depth-first branch and bound over the candidates in decreasing weight. Applied only when it
 * lightens the pool by more than `minGain`; the items left out go to the pool. At most `maxCand`
 * candidates (the bin's items, then the heaviest pool items) and `nodeLimit` search nodes.
 */
export function refillBin(st: PackState, b: number, pool: number[], w: Float64Array, opts: { maxCand: number; nodeLimit: number; minGain: number }): boolean {
  const inBin = st.binItems[b]!;
  const current = inBin.reduce((s, i) => s + w[i]!, 0);
  const extra = pool.filter((i) => st.eligible(i, b)).sort((x, y) => w[y]! - w[x]!);
  const cand = [...inBin, ...extra].slice(0, Math.max(inBin.length, opts.maxCand)).sort((x, y) => w[y]! - w[x]! || x - y);
  const m = cand.length;
  const D = st.D;
  const suffix = new Float64Array(m + 1);
  for (let k = m - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + w[cand[k]!]!;
  if (suffix[0]! <= current + opts.minGain) return false;
  const load = new Float64Array(D);
  const chosen: number[] = [];
  let best = current + opts.minGain, bestSet: number[] | null = null, nodes = 0;
  const groups = st.hasConflicts();
  const conflicting = (i: number) => groups && (st.conflicts(i, b, inBin) || chosen.some((x) => sameGroup(st, x, i)));
  const dfs = (k: number, value: number) => {
    if (value > best + 1e-12) { best = value; bestSet = [...chosen]; }
    if (k >= m || ++nodes > opts.nodeLimit || value + suffix[k]! <= best + 1e-12) return;
    const i = cand[k]!;
    let fits = true;
    for (let d = 0; d < D; d++) if (load[d]! + st.dem[i * D + d]! > st.tol[b * D + d]!) { fits = false; break; }
    if (fits && !conflicting(i)) {
      for (let d = 0; d < D; d++) load[d] = load[d]! + st.dem[i * D + d]!;
      chosen.push(i);
      dfs(k + 1, value + w[i]!);
      chosen.pop();
      for (let d = 0; d < D; d++) load[d] = load[d]! - st.dem[i * D + d]!;
    }
    dfs(k + 1, value);
  };
  dfs(0, 0);
  if (bestSet === null) return false;
  const keep = new Set<number>(bestSet);
  for (const i of [...inBin]) if (!keep.has(i)) { st.remove(i); pool.push(i); }
  for (const i of keep) if (st.assign[i] !== b) { pool.splice(pool.indexOf(i), 1); st.add(i, b); }
  return true;
}

function sameGroup(st: PackState, x: number, i: number): boolean {
  return st.shareGroup(x, i);
}
