/**
 * Bin completion for vector packing into identical bins (Korf's bin completion carried to several
 * dims): branch on the bin of the largest remaining item, trying its maximal completions fullest
 * first; each dim has its own waste budget (k * capacity - total demand), which prunes hard when
 * the target is tight. Restarts with growing node limits and random order among equally full
 * completions. Returns the bin of each item (0..k-1), or null if none was found in time.
 */
export function vectorCompletion(dem: readonly (readonly number[])[], cap: readonly number[], k: number,
  opts: { deadline: number; clock: () => number; rng: () => number }): Int32Array | null {
  for (let limit = 256; opts.clock() < opts.deadline; limit *= 2) {
    const r = search(dem, cap, k, { ...opts, nodeLimit: limit });
    if (r.found || r.exhausted) return r.found;
  }
  return null;
}

/** completions kept per node, fullest first */
const MAX_COMPLETIONS = 200;

function search(dem: readonly (readonly number[])[], cap: readonly number[], k: number,
  opts: { deadline: number; clock: () => number; rng: () => number; nodeLimit: number }): { found: Int32Array | null; exhausted: boolean } {
  const n = dem.length, D = cap.length;
  const eps = 1e-9;
  const waste = cap.map((c, d) => k * c - dem.reduce((s, x) => s + (x[d] ?? 0), 0));
  if (waste.some((w) => w < -eps) || dem.some((x) => x.some((v, d) => v > cap[d]! + eps))) return { found: null, exhausted: true };
  const size = dem.map((x) => x.reduce((s, v, d) => s + (cap[d]! > 0 ? v / cap[d]! : 0), 0));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => size[b]! - size[a]! || a - b);
  const left = new Uint8Array(n).fill(1);
  const bin = new Int32Array(n).fill(-1);
  let nodes = 0, steps = 0, stop = false, remaining = n, used = 0;

  const completions = (x: number): { set: number[]; fill: number; room: number[] }[] => {
    const cand = order.filter((i) => left[i] === 1);
    const m = cand.length;
    // suffix sums per dim: what candidates from position p on could still add
    const suffix = new Float64Array((m + 1) * D);
    for (let p = m - 1; p >= 0; p--) for (let d = 0; d < D; d++) suffix[p * D + d] = suffix[(p + 1) * D + d]! + dem[cand[p]!]![d]!;
    const room = cap.map((c, d) => c - dem[x]![d]!);
    const out: { set: number[]; fill: number; room: number[]; key: number }[] = [];
    const cur: number[] = [];
    const rec = (p: number) => {
      if (stop || out.length >= 20 * MAX_COMPLETIONS) return;
      if ((++steps & 4095) === 0 && opts.clock() > opts.deadline) { stop = true; return; }
      for (let d = 0; d < D; d++) if (room[d]! - suffix[p * D + d]! > waste[d]! + eps) return;
      if (p === m) {
        // maximal: no remaining candidate outside the set fits any more
        for (const i of cand) {
          if (cur.includes(i)) continue;
          if (dem[i]!.every((v, d) => v <= room[d]! + eps)) return;
        }
        for (let d = 0; d < D; d++) if (room[d]! > waste[d]! + eps) return;
        out.push({ set: [...cur], fill: room.reduce((s, r, d) => s - r / cap[d]!, 0), room: [...room], key: opts.rng() });
        return;
      }
      const i = cand[p]!;
      if (dem[i]!.every((v, d) => v <= room[d]! + eps)) {
        for (let d = 0; d < D; d++) room[d] = room[d]! - dem[i]![d]!;
        cur.push(i);
        rec(p + 1);
        cur.pop();
        for (let d = 0; d < D; d++) room[d] = room[d]! + dem[i]![d]!;
      }
      rec(p + 1);
    };
    rec(0);
    out.sort((a, b) => b.fill - a.fill || a.key - b.key);
    return out.slice(0, MAX_COMPLETIONS);
  };

  const dfs = (): boolean => {
    if (remaining === 0) return true;
    if (used >= k || stop) return false;
    if (++nodes > opts.nodeLimit || opts.clock() > opts.deadline) { stop = true; return false; }
    const x = order.find((i) => left[i] === 1)!;
    left[x] = 0; remaining--;
    const options = completions(x);
    for (const c of stop ? [] : options) {
      for (const i of c.set) left[i] = 0;
      for (let d = 0; d < D; d++) waste[d] = waste[d]! - c.room[d]!;
      remaining -= c.set.length;
      bin[x] = used;
      for (const i of c.set) bin[i] = used;
      used++;
      if (dfs()) return true;
      used--;
      remaining += c.set.length;
      for (let d = 0; d < D; d++) waste[d] = waste[d]! + c.room[d]!;
      for (const i of c.set) { left[i] = 1; bin[i] = -1; }
      if (stop) break;
    }
    left[x] = 1; remaining++; bin[x] = -1;
    return false;
  };
  if (dfs()) return { found: bin, exhausted: false };
  return { found: null, exhausted: !stop };
}
