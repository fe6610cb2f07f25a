// Utilisation of the request's classes on the host after placing it (Kubernetes NodeResourcesFit's
// LeastAllocated / MostAllocated strategies; Nova's RAM/CPU/disk weighers with a positive or negative multiplier).
import type { ScorePlugin } from "./types";
import type { FilterContext } from "../stages/2-filter/plugins/types";
import type { PreparedRequest } from "../stages/1-compile/prepared";

/** Mean utilisation after placement over the classes the request asks for, in [0, 1]. */
export function utilisationAfter(ctx: FilterContext, req: PreparedRequest, host: number): number {
  const { cap } = ctx.cluster;
  const C = ctx.cluster.C;
  const g = req.compute;
  if (g.idx.length === 0) return 0;
  let sum = 0;
  for (let k = 0; k < g.idx.length; k++) {
    const i = host * C + g.idx[k]!;
    const c = cap[i]!;
    sum += c > 0 ? Math.min(1, (ctx.state.used[i]! + g.amt[k]!) / c) : 1;
  }
  return sum / g.idx.length;
}

export const mostAllocated = {
  name: "most-allocated",
  score: (ctx, req, host) => utilisationAfter(ctx, req, host),
} as const satisfies ScorePlugin;

export const leastAllocated = {
  name: "least-allocated",
  score: (ctx, req, host) => 1 - utilisationAfter(ctx, req, host),
} as const satisfies ScorePlugin;
