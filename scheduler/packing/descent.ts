import type { PackState } from "./state";

/**
 * Slack-concentrating descent between pairs of bins (the descent phase of consistent
 * neighbourhood search): shift one item, or swap up to two items against up to two, between two
 * bins whenever that raises the sum of squared normalised loads, i.e. makes one bin fuller and
 * the other emptier. Concentrated slack is what lets a pool item in. Feasibility (capacity,
 * eligibility, conflicts) holds after every move. `pairBudget` bounds the pairs examined.
 * Returns the number of moves made.
 */
export function concentrateSlack(st: PackState, bins: readonly number[], pairBudget: number, rng: () => number): number {
  let moves = 0;
  const m = bins.length;
  if (m < 2) return 0;
  const pairs = (m * (m - 1)) / 2;
  const sample = pairs > pairBudget;
  let improved = true;
  let examined = 0;
  while (improved && examined < pairBudget) {
    improved = false;
    for (let k = 0; k < Math.min(pairs, pairBudget) && examined < pairBudget; k++) {
      examined++;
      let a: number, b: number;
      if (sample) {
        a = bins[Math.floor(rng() * m)]!;
        b = bins[Math.floor(rng() * m)]!;
        if (a === b) continue;
      } else {
        const [p, q] = pairAt(k, m);
        a = bins[p]!; b = bins[q]!;
      }
      if (tryPair(st, a, b)) { moves++; improved = true; }
    }
  }
  return moves;
}

function pairAt(k: number, m: number): [number, number] {
  let p = 0, left = k;
  while (left >= m - 1 - p) { left -= m - 1 - p; p++; }
  return [p, p + 1 + left];
}

/** first improving shift or swap between bins a and b; applied if found */
function tryPair(st: PackState, a: number, b: number): boolean {
  const A = st.binItems[a]!, Bi = st.binItems[b]!;
  const subsA = subsets(A), subsB = subsets(Bi);
  const base = sq(st, a, [], []) + sq(st, b, [], []);
  for (const sa of subsA) {
    for (const sb of subsB) {
      if (sa.length === 0 && sb.length === 0) continue;
      const gain = sq(st, a, sb, sa) + sq(st, b, sa, sb) - base;
      if (gain <= 1e-9) continue;
      if (!movable(st, sa, b, sb) || !movable(st, sb, a, sa)) continue;
      if (!fitsExchange(st, a, sb, sa) || !fitsExchange(st, b, sa, sb)) continue;
      for (const x of sa) st.remove(x);
      for (const x of sb) st.remove(x);
      for (const x of sa) st.add(x, b);
      for (const x of sb) st.add(x, a);
      return true;
    }
  }
  return false;
}

function subsets(items: readonly number[]): number[][] {
  const out: number[][] = [[]];
  const m = items.length;
  for (let p = 0; p < m; p++) {
    out.push([items[p]!]);
    for (let q = p + 1; q < m; q++) out.push([items[p]!, items[q]!]);
  }
  return out;
}

/** items `ins` may go to bin `to` once `outs` have left it: eligibility and conflicts */
function movable(st: PackState, ins: readonly number[], to: number, outs: readonly number[]): boolean {
  for (const x of ins) if (!st.eligible(x, to) || st.conflicts(x, to, outs)) return false;
  return true;
}

function fitsExchange(st: PackState, bin: number, ins: readonly number[], outs: readonly number[]): boolean {
  const D = st.D;
  for (let d = 0; d < D; d++) {
    let l = st.load[bin * D + d]!;
    for (const x of ins) l += st.dem[x * D + d]!;
    for (const x of outs) l -= st.dem[x * D + d]!;
    if (l > st.tol[bin * D + d]!) return false;
  }
  return true;
}

/** sum over dims of (load / capacity)^2 for `bin` with `ins` added and `outs` removed */
function sq(st: PackState, bin: number, ins: readonly number[], outs: readonly number[]): number {
  const D = st.D;
  let s = 0;
  for (let d = 0; d < D; d++) {
    const c = st.cap[bin * D + d]!;
    if (c <= 0) continue;
    let l = st.load[bin * D + d]!;
    for (const x of ins) l += st.dem[x * D + d]!;
    for (const x of outs) l -= st.dem[x * D + d]!;
    s += (l / c) * (l / c);
  }
  return s;
}
