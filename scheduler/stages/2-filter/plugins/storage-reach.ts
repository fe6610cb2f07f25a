// Storage groups: the host must reach (share an aggregate with) a storage provider that could serve
// each group, or one with no aggregates at all.
import { attachedFor, describeAttached, firstUnreachable } from "../../1-compile/prepared";
import { KIND_STORAGE } from "../../1-compile/cluster";
import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("static", ["NO_REACHABLE_STORAGE"]);

export const storageReach = {
  name: "storage-reach",
  stage: "static",
  reasons: { NO_REACHABLE_STORAGE: "no eligible storage provider shares an aggregate with the host" },
  filter: (ctx, req, host) => {
    if (req.storage.length === 0 || attachedFor(ctx.cluster, req, ctx.cluster.reach[host]!) !== null) return OK;
    return firstUnreachable(ctx.cluster, req, ctx.cluster.reach[host]!, KIND_STORAGE) >= 0 ? S.NO_REACHABLE_STORAGE : OK;
  },
  explain: (ctx, req, eliminated) => {
    const g = Math.max(0, firstUnreachable(ctx.cluster, req, ctx.cluster.reach[eliminated[0] ?? 0]!, KIND_STORAGE));
    return { code: "NO_REACHABLE_STORAGE", reason: describeAttached(req, g, "storage") };
  },
} as const satisfies FilterPlugin;
