// A placement request compiled against a cluster: sparse demand vectors and interned constraints.
import type { Cluster } from "./cluster";
import type { PlacementRequest, RequestGroup, ServerGroup, ServerGroupPolicy, ServerGroupScope } from "../../contract";

export type CompiledGroup = {
  /** Class indexes with a positive amount, and the amounts. Zero amounts are dropped (nothing to allocate). */
  idx: Int32Array;
  amt: Float64Array;
  names: string[];
  /** The amounts as a dense vector over the cluster's classes (0 where not asked). */
  dense: Float64Array;
  required: readonly string[];
  forbidden: readonly string[];
};

export type CompiledServerGroup = { index: number; id: string; policy: ServerGroupPolicy; scope: ServerGroupScope };

export type CompiledRequest = {
  compute: CompiledGroup;
  storage: CompiledGroup[];
  network: CompiledGroup[];
  zone: string | undefined;
  /** Provider index of the pinned host; -1 none; -2 pinned to a provider that does not exist or is not a host. */
  pinned: number;
  pinnedId: string | undefined;
  serverGroup: CompiledServerGroup | undefined;
  priority: number;
  /** A class whose name no provider has inventory for (requests may name any class). */
  missingClass: string | undefined;
};

export function compileGroup(cluster: Cluster, group: RequestGroup): { group: CompiledGroup; missing: string | undefined } {
  const idx: number[] = [];
  const amt: number[] = [];
  const names: string[] = [];
  let missing: string | undefined;
  for (const [rc, amount] of Object.entries(group.resources)) {
    if (!(amount > 0)) continue;
    const c = cluster.classIndex.get(rc);
    if (c === undefined) {
      missing ??= rc;
      continue;
    }
    idx.push(c);
    amt.push(amount);
    names.push(rc);
  }
  const dense = new Float64Array(cluster.C);
  idx.forEach((c, k) => (dense[c] = amt[k]!));
  return {
    group: { idx: Int32Array.from(idx), amt: Float64Array.from(amt), names, dense, required: group.requiredTraits ?? [], forbidden: group.forbiddenTraits ?? [] },
    missing,
  };
}

export function compileServerGroups(groups: readonly ServerGroup[] = []): Map<string, CompiledServerGroup> {
  const out = new Map<string, CompiledServerGroup>();
  groups.forEach((g, index) => out.set(g.id, { index, id: g.id, policy: g.policy, scope: g.scope ?? "host" }));
  return out;
}

export function compileRequest(cluster: Cluster, request: Omit<PlacementRequest, "id">, serverGroups: ReadonlyMap<string, CompiledServerGroup>): CompiledRequest {
  const compute = compileGroup(cluster, request.compute);
  let missing = compute.missing;
  const storage = (request.storage ?? []).map((g) => {
    const out = compileGroup(cluster, g);
    missing ??= out.missing;
    return out.group;
  });
  const network = (request.network ?? []).map((g) => {
    const out = compileGroup(cluster, g);
    missing ??= out.missing;
    return out.group;
  });
  let pinned = -1;
  if (request.pinnedHost !== undefined) {
    const p = cluster.index.get(request.pinnedHost);
    pinned = p !== undefined && cluster.providers[p]!.kind === "host" ? p : -2;
  }
  const sg = request.serverGroup === undefined ? undefined : serverGroups.get(request.serverGroup);
  if (request.serverGroup !== undefined && sg === undefined) throw new Error(`unknown server group '${request.serverGroup}' (parsePlacementProblem rejects this)`);
  return { compute: compute.group, storage, network, zone: request.zone, pinned, pinnedId: request.pinnedHost,
    serverGroup: sg, priority: request.priority ?? 0, missingClass: missing };
}

/** Key under which identical requests merge into one class with a count (everything but id and count). */
export function requestSignature(request: PlacementRequest): string {
  const { id: _id, count: _count, ...rest } = request;
  return stableStringify(rest);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Total demand of a group as a dense vector over the cluster's classes. */
export function denseDemand(cluster: Cluster, group: CompiledGroup): Float64Array {
  const out = new Float64Array(cluster.C);
  for (let k = 0; k < group.idx.length; k++) out[group.idx[k]!] = group.amt[k]!;
  return out;
}
