// A compiled request plus the static eligibility of its storage and network groups: which providers of
// that kind could ever serve the group (traits, units, capacity at most), and which of those each host
// reachability class can reach. Computed once per request class and reused by every copy.
import { KIND_NETWORK, KIND_STORAGE, reaches } from "./cluster";
import type { Cluster } from "./cluster";
import type { CompiledGroup, CompiledRequest } from "./request";

export type PreparedRequest = CompiledRequest & {
  /** Static-eligible providers per storage group, then per network group (same order as `attached`). */
  attached: CompiledGroup[];
  attachedKind: Uint8Array;
  attachedProviders: Int32Array[];
  reachCache: Map<number, Int32Array[] | null>;
};

/** Traits rule of a group on a provider. */
export function traitsOk(cluster: Cluster, group: CompiledGroup, p: number): boolean {
  const t = cluster.traits[p]!;
  for (const r of group.required) if (!t.has(r)) return false;
  for (const f of group.forbidden) if (t.has(f)) return false;
  return true;
}

/** True when `amount` is a whole multiple of `step` (tolerant of binary fractions). */
export function stepOk(amount: number, step: number): boolean {
  const q = amount / step;
  return Math.abs(q - Math.round(q)) <= 1e-9 * Math.max(1, Math.abs(q));
}

/** Inventory present, minUnit <= amount <= maxUnit, amount % stepSize == 0, and amount no more than the capacity. */
export function unitsOk(cluster: Cluster, group: CompiledGroup, p: number): boolean {
  const C = cluster.C;
  for (let k = 0; k < group.idx.length; k++) {
    const i = p * C + group.idx[k]!;
    const a = group.amt[k]!;
    if (cluster.has[i] !== 1 || a < cluster.minUnit[i]! || a > cluster.maxUnit[i]! || a > cluster.cap[i]! || !stepOk(a, cluster.step[i]!)) return false;
  }
  return true;
}

export function staticProviders(cluster: Cluster, group: CompiledGroup, kind: number): Int32Array {
  const out: number[] = [];
  for (let p = 0; p < cluster.kind.length; p++) {
    if (cluster.kind[p] === kind && traitsOk(cluster, group, p) && unitsOk(cluster, group, p)) out.push(p);
  }
  return Int32Array.from(out);
}

export function prepareRequest(cluster: Cluster, req: CompiledRequest): PreparedRequest {
  const attached = [...req.storage, ...req.network];
  const attachedKind = Uint8Array.from([...req.storage.map(() => KIND_STORAGE), ...req.network.map(() => KIND_NETWORK)]);
  const attachedProviders = attached.map((g, i) => staticProviders(cluster, g, attachedKind[i]!));
  return { ...req, attached, attachedKind, attachedProviders, reachCache: new Map() };
}

/** Per attached group, the static-eligible providers a host of this reachability class reaches; null if some group has none. */
export function attachedFor(cluster: Cluster, req: PreparedRequest, hostReach: number): Int32Array[] | null {
  let lists = req.reachCache.get(hostReach);
  if (lists !== undefined) return lists;
  lists = [];
  for (const all of req.attachedProviders) {
    const ok = all.filter((p) => reaches(cluster, cluster.reach[p]!, hostReach));
    if (ok.length === 0) {
      lists = null;
      break;
    }
    lists.push(ok);
  }
  req.reachCache.set(hostReach, lists);
  return lists;
}

/** Index of the first attached group (of `kind`, if given) that no provider reachable from this reachability class can serve, or -1. */
export function firstUnreachable(cluster: Cluster, req: PreparedRequest, hostReach: number, kind?: number): number {
  for (let g = 0; g < req.attachedProviders.length; g++) {
    if (kind !== undefined && req.attachedKind[g] !== kind) continue;
    if (!req.attachedProviders[g]!.some((p) => reaches(cluster, cluster.reach[p]!, hostReach))) return g;
  }
  return -1;
}

/** "no storage provider with STORAGE_DISK_SSD that can hold VOLUME_GB 50 shares an aggregate with any remaining host" */
export function describeAttached(req: PreparedRequest, g: number, kind: string): string {
  const group = req.attached[g]!;
  const ask = group.names.map((n, k) => `${n} ${group.amt[k]}`).join(", ");
  const traits = group.required.length > 0 ? ` with ${group.required.join(", ")}` : "";
  return req.attachedProviders[g]!.length === 0
    ? `no ${kind} provider${traits} can hold ${ask}`
    : `no ${kind} provider${traits} that can hold ${ask} shares an aggregate with any remaining host`;
}
