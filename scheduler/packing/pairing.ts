import { maxMatching } from "./matching";

/** Above this many items the triple check (cubic) and the matching are skipped. */
export const PAIRING_MAX_ITEMS = 300;

/**
 * Packing into identical bins with at most two items per bin: a maximum matching of the graph
 * whose edges join the items that fit together, one bin per matched pair and per single item, so
 * n - |matching| bins, the fewest possible with two items per bin at most. It is a packing in any
 * case; `optimal` says no three items fit in one bin at all (checked exhaustively), in which case
 * no packing uses fewer bins. Returns the bin (0-based) of each item, or null above
 * PAIRING_MAX_ITEMS items.
 */
export function pairPacking(dem: readonly (readonly number[])[], cap: readonly number[]): { bin: Int32Array; bins: number; optimal: boolean } | null {
  const n = dem.length, D = cap.length;
  if (n > PAIRING_MAX_ITEMS) return null;
  const tol = cap.map((c) => c + 1e-9 * Math.max(1, c));
  const flat = new Float64Array(n * D);
  dem.forEach((x, i) => { for (let d = 0; d < D; d++) flat[i * D + d] = x[d] ?? 0; });
  const pairFits = (a: number, b: number) => {
    for (let d = 0; d < D; d++) if (flat[a * D + d]! + flat[b * D + d]! > tol[d]!) return false;
    return true;
  };
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (pairFits(a, b)) { adj[a]!.push(b); adj[b]!.push(a); }
  let triple = false;
  search: for (let a = 0; a < n; a++) {
    for (const b of adj[a]!) {
      if (b <= a) continue;
      for (const c of adj[b]!) {
        if (c <= b) continue;
        let fits = true;
        for (let d = 0; d < D; d++) if (flat[a * D + d]! + flat[b * D + d]! + flat[c * D + d]! > tol[d]!) { fits = false; break; }
        if (fits) { triple = true; break search; }
      }
    }
  }
  const mate = maxMatching(adj);
  const bin = new Int32Array(n).fill(-1);
  let bins = 0;
  for (let i = 0; i < n; i++) {
    if (bin[i] !== -1) continue;
    bin[i] = bins;
    if (mate[i]! >= 0) bin[mate[i]!] = bins;
    bins++;
  }
  return { bin, bins, optimal: !triple };
}
