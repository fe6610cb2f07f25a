// Storage and network groups: the host must reach (share an aggregate with) a provider of that kind that
// could serve the group. Two plugins, one rule.
import { KIND_STORAGE } from "../cluster";
import { attachedFor, firstUnreachable } from "../prepared";
import type { PreparedRequest } from "../prepared";
import type { Cluster } from "../cluster";
import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("static", ["NO_REACHABLE_STORAGE", "NO_REACHABLE_NETWORK"]);

function firstBadOfKind(cluster: Cluster, req: PreparedRequest, host: number, storage: boolean): number {
  if (attachedFor(cluster, req, cluster.reach[host]!) !== null) return -1;
  const g = firstUnreachable(cluster, req, cluster.reach[host]!);
  if (g < 0) return -1;
  return (req.attachedKind[g] === KIND_STORAGE) === storage ? g : -1;
}

function describe(req: PreparedRequest, g: number, kind: string): string {
  const group = req.attached[g]!;
  const ask = group.names.map((n, k) => `${n} ${group.amt[k]}`).join(", ");
  const traits = group.required.length > 0 ? ` with ${group.required.join(", ")}` : "";
  return req.attachedProviders[g]!.length === 0
    ? `no ${kind} provider${traits} can hold ${ask}`
    : `no ${kind} provider${traits} that can hold ${ask} shares an aggregate with any remaining host`;
}

export const storageReach = {
  name: "storage-reach",
  stage: "static",
  reasons: { NO_REACHABLE_STORAGE: "no eligible storage provider shares an aggregate with the host" },
  filter: (ctx, req, host) => (req.storage.length === 0 || firstBadOfKind(ctx.cluster, req, host, true) < 0 ? OK : S.NO_REACHABLE_STORAGE),
  explain: (ctx, req, eliminated) => {
    const g = Math.max(0, firstBadOfKind(ctx.cluster, req, eliminated[0] ?? 0, true));
    return { code: "NO_REACHABLE_STORAGE", reason: describe(req, g, "storage") };
  },
} as const satisfies FilterPlugin;

export const networkReach = {
  name: "network-reach",
  stage: "static",
  reasons: { NO_REACHABLE_NETWORK: "no eligible network provider shares an aggregate with the host" },
  filter: (ctx, req, host) => (req.network.length === 0 || attachedFor(ctx.cluster, req, ctx.cluster.reach[host]!) !== null || firstUnreachable(ctx.cluster, req, ctx.cluster.reach[host]!) < 0 ? OK : S.NO_REACHABLE_NETWORK),
  explain: (ctx, req, eliminated) => {
    const g = Math.max(req.storage.length, firstUnreachable(ctx.cluster, req, ctx.cluster.reach[eliminated[0] ?? 0]!));
    return { code: "NO_REACHABLE_NETWORK", reason: describe(req, g, "network") };
  },
} as const satisfies FilterPlugin;
