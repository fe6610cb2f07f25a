// Kubernetes' NodeResourcesBalancedAllocation: hosts whose classes end up evenly used strand less capacity.
import type { ScorePlugin } from "./types";

/** 1 - standard deviation of the utilisation of every class the host has, after placement. */
export const balancedAllocation = {
  name: "balanced-allocation",
  score: (ctx, req, host) => {
    const { cap, has, C } = ctx.cluster;
    const used = ctx.state.used;
    const g = req.compute;
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (let c = 0; c < C; c++) {
      const i = host * C + c;
      if (has[i] !== 1 || !(cap[i]! > 0)) continue;
      let u = used[i]!;
      for (let k = 0; k < g.idx.length; k++) if (g.idx[k] === c) u += g.amt[k]!;
      const f = Math.min(1, u / cap[i]!);
      n++;
      sum += f;
      sq += f * f;
    }
    if (n < 2) return 1;
    const mean = sum / n;
    return 1 - Math.sqrt(Math.max(0, sq / n - mean * mean));
  },
} as const satisfies ScorePlugin;
