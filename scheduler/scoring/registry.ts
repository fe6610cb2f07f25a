import type { Objective } from "../contract";
import type { FilterContext } from "../stages/2-filter/plugins/types";
import type { PreparedRequest } from "../stages/1-compile/prepared";
import { leastAllocated, mostAllocated } from "./allocation";
import { balancedAllocation } from "./balanced";
import { hostInUse } from "./in-use";
import { leastFree } from "./least-free";
import { openLargest } from "./open-largest";
import { softAntiAffinity } from "./soft-anti-affinity";
import type { ScorePlugin } from "./types";
import type { Weights } from "./weights";
import { weights as defaultWeights } from "./weights";

export const scorePlugins: readonly ScorePlugin[] = [mostAllocated, leastAllocated, balancedAllocation, hostInUse, softAntiAffinity, openLargest, leastFree];

/**
 * Weighted score of a host; with `beat`, may return -Infinity as soon as the host provably cannot
 * score above `beat` - 1e-6 (every plugin is in [0, 1], so the rest adds at most its positive weights).
 */
export type Scorer = ((ctx: FilterContext, req: PreparedRequest, host: number, beat?: number) => number) & {
  /** After a call that returned -Infinity for `beat`: an upper bound on the host's exact score. */
  readonly bound: { value: number };
  /**
   * The exact score for one request, specialised: leading terms constant for it folded in, the rest called
   * in a fixed order (each call site then sees one plugin, which the engine can inline). For hot
   * callers that score one request shape many times (the online placer's index).
   */
  forRequest(req: PreparedRequest): (ctx: FilterContext, host: number) => number;
};

type HostScore = (ctx: FilterContext, host: number) => number;

/** `base` + the weighted terms, unrolled for up to four terms. */
function specialised(base: number, plugins: ScorePlugin[], ws: number[], req: PreparedRequest): HostScore {
  const [a, b, c, d] = plugins;
  const [wa = 0, wb = 0, wc = 0, wd = 0] = ws;
  switch (plugins.length) {
    case 0: return () => base;
    case 1: return (ctx, h) => base + wa * a!.score(ctx, req, h);
    case 2: return (ctx, h) => base + wa * a!.score(ctx, req, h) + wb * b!.score(ctx, req, h);
    case 3: return (ctx, h) => base + wa * a!.score(ctx, req, h) + wb * b!.score(ctx, req, h) + wc * c!.score(ctx, req, h);
    case 4: return (ctx, h) => base + wa * a!.score(ctx, req, h) + wb * b!.score(ctx, req, h) + wc * c!.score(ctx, req, h) + wd * d!.score(ctx, req, h);
    default: return (ctx, h) => {
      let s = base;
      for (let i = 0; i < plugins.length; i++) s += ws[i]! * plugins[i]!.score(ctx, req, h);
      return s;
    };
  }
}

/** The weighted sum of the plugins an objective's weights name (unknown names throw: weights are checked data). */
export function makeScorer(objective: Objective, table: Readonly<Record<Objective, Weights>> = defaultWeights): Scorer {
  const row = table[objective];
  const terms: [ScorePlugin, number][] = [];
  for (const [name, w] of Object.entries(row)) {
    const plugin = scorePlugins.find((p) => p.name === name);
    if (!plugin) throw new Error(`weights.${objective} names unknown score plugin '${name}'`);
    if (w !== 0) terms.push([plugin, w]);
  }
  terms.sort((a, b) => b[1] - a[1]);
  const plugins = terms.map(([p]) => p);
  const ws = Float64Array.from(terms, ([, w]) => w);
  const n = plugins.length;
  const maxRest = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) maxRest[i] = maxRest[i + 1]! + Math.max(0, ws[i]!);
  const bound = { value: Infinity };
  const scorer = (ctx: FilterContext, req: PreparedRequest, host: number, beat = -Infinity): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (s + maxRest[i]! + 1e-6 < beat) {
        bound.value = s + maxRest[i]! + 1e-6;
        return -Infinity;
      }
      s += ws[i]! * plugins[i]!.score(ctx, req, host);
    }
    return s;
  };
  const forRequest = (req: PreparedRequest): HostScore => {
    let base = 0;
    const live: ScorePlugin[] = [];
    const liveW: number[] = [];
    // Only a leading run of constant terms is folded, so the sum is taken in the same order as the
    // scorer's and the value is the same to the last bit (choices and ties do not move).
    for (let i = 0; i < n; i++) {
      const c = live.length === 0 ? plugins[i]!.constantFor?.(req) : undefined;
      if (c === undefined) {
        live.push(plugins[i]!);
        liveW.push(ws[i]!);
      } else base += ws[i]! * c;
    }
    return specialised(base, live, liveW, req);
  };
  return Object.assign(scorer, { bound, forRequest });
}
