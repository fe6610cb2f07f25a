// Network groups: the host must reach (share an aggregate with) a network provider that could serve
// each group, or one with no aggregates at all.
import { KIND_NETWORK } from "../../1-compile/cluster";
import { attachedFor, describeAttached, firstUnreachable } from "../../1-compile/prepared";
import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("static", ["NO_REACHABLE_NETWORK"]);

export const networkReach = {
  name: "network-reach",
  stage: "static",
  reasons: { NO_REACHABLE_NETWORK: "no eligible network provider shares an aggregate with the host" },
  filter: (ctx, req, host) => {
    if (req.network.length === 0 || attachedFor(ctx.cluster, req, ctx.cluster.reach[host]!) !== null) return OK;
    return firstUnreachable(ctx.cluster, req, ctx.cluster.reach[host]!, KIND_NETWORK) >= 0 ? S.NO_REACHABLE_NETWORK : OK;
  },
  explain: (ctx, req, eliminated) => {
    const g = Math.max(req.storage.length, firstUnreachable(ctx.cluster, req, ctx.cluster.reach[eliminated[0] ?? 0]!, KIND_NETWORK));
    return { code: "NO_REACHABLE_NETWORK", reason: describeAttached(req, g, "network") };
  },
} as const satisfies FilterPlugin;
