import type { Objective } from "../contract";
import type { FilterContext } from "../plugins/types";
import type { PreparedRequest } from "../prepared";
import { leastAllocated, mostAllocated } from "./allocation";
import { balancedAllocation } from "./balanced";
import { hostInUse } from "./in-use";
import { softAntiAffinity } from "./soft-anti-affinity";
import type { ScorePlugin } from "./types";
import type { Weights } from "./weights";
import { weights as defaultWeights } from "./weights";

export const scorePlugins: readonly ScorePlugin[] = [mostAllocated, leastAllocated, balancedAllocation, hostInUse, softAntiAffinity];

export type Scorer = (ctx: FilterContext, req: PreparedRequest, host: number) => number;

/** The weighted sum of the plugins an objective's weights name (unknown names throw: weights are checked data). */
export function makeScorer(objective: Objective, table: Readonly<Record<Objective, Weights>> = defaultWeights): Scorer {
  const row = table[objective];
  const terms: [ScorePlugin, number][] = [];
  for (const [name, w] of Object.entries(row)) {
    const plugin = scorePlugins.find((p) => p.name === name);
    if (!plugin) throw new Error(`weights.${objective} names unknown score plugin '${name}'`);
    if (w !== 0) terms.push([plugin, w]);
  }
  return (ctx, req, host) => {
    let s = 0;
    for (const [plugin, w] of terms) s += w * plugin.score(ctx, req, host);
    return s;
  };
}
