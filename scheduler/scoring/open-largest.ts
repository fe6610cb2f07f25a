import type { ScorePlugin } from "./types";

/**
 * On a host with no use yet: its capacity in the request's classes as a share of the largest host's (mean
 * over the classes); 0 on a host in use. Opening the largest host first means fewer hosts for the same
 * work (a bin-count objective over bins of different sizes); among hosts in use it says nothing.
 */
export const openLargest = {
  name: "open-largest",
  score: (ctx, req, host) => {
    if (ctx.state.hostInUse(host)) return 0;
    const { cap, C, maxCap } = ctx.cluster;
    const g = req.compute;
    if (g.idx.length === 0) return 0;
    let sum = 0;
    for (let k = 0; k < g.idx.length; k++) {
      const c = g.idx[k]!;
      sum += maxCap[c]! > 0 ? cap[host * C + c]! / maxCap[c]! : 0;
    }
    return sum / g.idx.length;
  },
} as const satisfies ScorePlugin;
