import type { ScorePlugin } from "./types";

const WEIGHED = ["MEMORY_MB", "VCPU", "DISK_GB"];

/**
 * Nova's stacking weighers (RAM, CPU and disk weighers with a negative multiplier), for baselines: fewer
 * free units score higher, mean over memory, vCPU and disk of 1 - free / (largest host's capacity). Nova
 * normalises min-max over the hosts that passed the filters for each request; over the fleet's largest host
 * instead, the score is a fixed function of the host and its use, so the online placer's index can serve it.
 */
export const leastFree = {
  name: "least-free",
  score: (ctx, _req, host) => {
    const { cap, C, maxCap, classIndex } = ctx.cluster;
    let sum = 0;
    let n = 0;
    for (const name of WEIGHED) {
      const c = classIndex.get(name);
      if (c === undefined || !(maxCap[c]! > 0)) continue;
      sum += 1 - Math.max(0, cap[host * C + c]! - ctx.state.used[host * C + c]!) / maxCap[c]!;
      n++;
    }
    return n === 0 ? 0 : sum / n;
  },
} as const satisfies ScorePlugin;
