// Kubernetes' NodeResourcesBalancedAllocation: hosts whose classes end up evenly used strand less capacity.
import type { ScorePlugin } from "./types";

/** 1 - standard deviation of the utilisation of every class the host has, after placement. */
export const balancedAllocation = {
  name: "balanced-allocation",
  score: (ctx, req, host) => {
    const { cap, C } = ctx.cluster;
    const classes = ctx.cluster.classesOf[host]!;
    const n = classes.length;
    if (n < 2) return 1;
    const used = ctx.state.used;
    const dense = req.compute.dense;
    let sum = 0;
    let sq = 0;
    for (let j = 0; j < n; j++) {
      const c = classes[j]!;
      const i = host * C + c;
      const f = Math.min(1, (used[i]! + dense[c]!) / cap[i]!);
      sum += f;
      sq += f * f;
    }
    const mean = sum / n;
    return 1 - Math.sqrt(Math.max(0, sq / n - mean * mean));
  },
} as const satisfies ScorePlugin;
