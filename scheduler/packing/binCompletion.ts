/**
 * Korf's bin completion ("An improved algorithm for optimal bin packing", IJCAI 2003), for
 * one-dimensional packing into identical bins: branch on the bin of the largest remaining item,
 * trying its maximal completions (no remaining item would still fit) fullest first, with the
 * total waste bounded by k * capacity - sum of sizes. Searches for a packing into exactly `k`
 * bins, within `nodeLimit` nodes and the deadline. Returns the bin of each item (0..k-1) or
 * null when none was found in time (or none exists).
 */
export function binCompletion(sizes: readonly number[], capacity: number, k: number,
  opts: { deadline: number; clock: () => number; rng: () => number }): Int32Array | null {
  // Restarts with growing node limits and random order among equally full completions: the
  // search's run time is heavy-tailed (Gomes et al.), and exactly-full instances have many ties.
  for (let limit = 256; opts.clock() < opts.deadline; limit *= 2) {
    const r = completionSearch(sizes, capacity, k, { ...opts, nodeLimit: limit });
    if (r.found) return r.found;
    if (r.exhausted) return null;
  }
  return null;
}

function completionSearch(sizes: readonly number[], capacity: number, k: number,
  opts: { deadline: number; clock: () => number; rng: () => number; nodeLimit: number }): { found: Int32Array | null; exhausted: boolean } {
  const eps = 1e-9 * Math.max(1, capacity);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => s > capacity + eps)) return { found: null, exhausted: true };
  let waste = k * capacity - total;
  if (waste < -eps) return { found: null, exhausted: true };
  const distinct = [...new Set(sizes)].sort((a, b) => b - a);
  const index = new Map(distinct.map((v, x) => [v, x]));
  const cnt = new Int32Array(distinct.length);
  const ids: number[][] = distinct.map(() => []);
  sizes.forEach((s, i) => { const x = index.get(s)!; cnt[x] = cnt[x]! + 1; ids[x]!.push(i); });
  const v = distinct;
  const m = v.length;
  const bins: number[][] = []; // per bin: distinct-size indexes, with repeats
  let nodes = 0, stop = false, left = sizes.length;

  const smallestLeft = () => { for (let x = m - 1; x >= 0; x--) if (cnt[x]! > 0) return v[x]!; return Infinity; };

  /** maximal completions of a bin with residual r (no remaining item would still fit), fullest first */
  const completions = (r: number, maxWaste: number, limit = 5000): number[][] => {
    const out: { set: number[]; sum: number; key: number }[] = [];
    const cur: number[] = [];
    const rec = (x: number, room: number) => {
      if (out.length >= limit) return;
      let y = x;
      while (y < m && (cnt[y]! === 0 || v[y]! > room + eps)) y++;
      if (y >= m) {
        if (room <= maxWaste + eps && smallestLeft() > room + eps) out.push({ set: [...cur], sum: r - room, key: opts.rng() });
        return;
      }
      let reach = 0; // what the sizes from y on could still fill
      for (let z = y; z < m && reach < room; z++) reach += cnt[z]! * v[z]!;
      if (room - reach > maxWaste + eps) return;
      cnt[y] = cnt[y]! - 1; cur.push(y);
      rec(y, room - v[y]!);
      cur.pop(); cnt[y] = cnt[y]! + 1;
      rec(y + 1, room);
    };
    rec(0, r);
    out.sort((a, b) => b.sum - a.sum || a.key - b.key);
    return out.map((o) => o.set);
  };

  const dfs = (): boolean => {
    if (left === 0) return true;
    if (bins.length >= k || stop) return false;
    if (++nodes > opts.nodeLimit || opts.clock() > opts.deadline) { stop = true; return false; }
    let x = 0;
    while (cnt[x] === 0) x++;
    let options: number[][] | null = null;
    if (waste <= eps) {
      // Exact fill: branch on the size with the fewest completions (fail first); a size with
      // none left proves this branch dead (forward checking).
      let fewest = Infinity;
      for (let y = 0; y < m; y++) {
        if (cnt[y] === 0) continue;
        cnt[y] = cnt[y]! - 1;
        const c = completions(capacity - v[y]!, waste, fewest === Infinity ? 5000 : fewest);
        cnt[y] = cnt[y]! + 1;
        if (c.length < fewest) { fewest = c.length; x = y; options = c; }
        if (fewest === 0) return false;
      }
    }
    cnt[x] = cnt[x]! - 1; left--;
    const r = capacity - v[x]!;
    for (const set of options ?? completions(r, waste)) {
      let used = 0;
      for (const y of set) { cnt[y] = cnt[y]! - 1; used += v[y]!; }
      const w = r - used;
      waste -= w; left -= set.length;
      bins.push([x, ...set]);
      if (dfs()) return true;
      bins.pop();
      waste += w; left += set.length;
      for (const y of set) cnt[y] = cnt[y]! + 1;
      if (stop) break;
    }
    cnt[x] = cnt[x]! + 1; left++;
    return false;
  };
  if (!dfs()) return { found: null, exhausted: !stop };
  const out = new Int32Array(sizes.length).fill(-1);
  const next = new Int32Array(m);
  bins.forEach((set, b) => {
    for (const x of set) { const at = next[x]!; next[x] = at + 1; out[ids[x]![at]!] = b; }
  });
  return { found: out, exhausted: false };
}
