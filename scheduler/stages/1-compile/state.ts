// The mutable side of placement: what every provider has in use, which providers are down, and where
// the members of each server group sit. Every solver path (online, greedy, repair, local search)
// changes allocations only through `tryPlace` / `remove`, so the rules live in one place.
import type { Cluster } from "./cluster";
import type { CompiledGroup } from "./request";
import type { PreparedRequest } from "./prepared";
import { attachedFor } from "./prepared";

export class PlacementState {
  readonly used: Float64Array;
  readonly down: Uint8Array;
  /** Consumers of this batch / this placer holding something on each provider. */
  readonly load: Int32Array;
  /** Bumped on every change to a provider (allocations, up/down): lets callers cache per-host verdicts. */
  readonly version: Int32Array;
  private readonly sgCount: Map<number, number>[];
  private readonly sgTotal: Int32Array;

  constructor(readonly cluster: Cluster, serverGroups: number, from?: PlacementState) {
    this.used = from ? from.used.slice() : cluster.used0.slice();
    this.down = from ? from.down.slice() : new Uint8Array(cluster.ids.length);
    this.load = from ? from.load.slice() : new Int32Array(cluster.ids.length);
    this.version = from ? from.version.slice() : new Int32Array(cluster.ids.length);
    this.sgCount = from ? from.sgCount.map((m) => new Map(m)) : Array.from({ length: serverGroups }, () => new Map<number, number>());
    this.sgTotal = from ? from.sgTotal.slice() : new Int32Array(serverGroups);
  }

  /** An independent copy (to try two constructions and keep the better). */
  clone(): PlacementState {
    return new PlacementState(this.cluster, this.sgTotal.length, this);
  }

  /** Capacity rule for every class of the group: used + amount <= (total - reserved) * allocationRatio. */
  fits(group: CompiledGroup, p: number): boolean {
    const C = this.cluster.C;
    const cap = this.cluster.cap;
    const used = this.used;
    for (let k = 0; k < group.idx.length; k++) {
      const i = p * C + group.idx[k]!;
      if (used[i]! + group.amt[k]! > cap[i]!) return false;
    }
    return true;
  }

  private add(group: CompiledGroup, p: number, sign: 1 | -1): void {
    const C = this.cluster.C;
    for (let k = 0; k < group.idx.length; k++) this.used[p * C + group.idx[k]!]! += sign * group.amt[k]!;
    this.load[p]! += sign;
    this.version[p]!++;
  }

  /** Server-group rule for a host: affinity members share the domain of the first; anti-affinity members never share. */
  groupAllows(req: PreparedRequest, host: number): boolean {
    const sg = req.serverGroup;
    if (sg === undefined || sg.policy === "soft-anti-affinity") return true;
    const d = this.cluster.domain[sg.scope][host]!;
    const here = this.sgCount[sg.index]!.get(d) ?? 0;
    if (sg.policy === "anti-affinity") return here === 0;
    return this.sgTotal[sg.index] === 0 || here > 0;
  }

  /** Members of the request's server group already in the host's domain (for soft anti-affinity scoring). */
  groupMembersNear(req: PreparedRequest, host: number): number {
    const sg = req.serverGroup;
    if (sg === undefined) return 0;
    return this.sgCount[sg.index]!.get(this.cluster.domain[sg.scope][host]!) ?? 0;
  }

  /** Domains holding members of the request's server group, with how many. */
  groupDomains(req: PreparedRequest): ReadonlyMap<number, number> {
    return req.serverGroup === undefined ? new Map() : this.sgCount[req.serverGroup.index]!;
  }

  groupSize(req: PreparedRequest): number {
    return req.serverGroup === undefined ? 0 : this.sgTotal[req.serverGroup.index]!;
  }

  private groupAdd(req: PreparedRequest, host: number, sign: 1 | -1): void {
    const sg = req.serverGroup;
    if (sg === undefined) return;
    const d = this.cluster.domain[sg.scope][host]!;
    const m = this.sgCount[sg.index]!;
    const n = (m.get(d) ?? 0) + sign;
    if (n === 0) m.delete(d);
    else m.set(d, n);
    this.sgTotal[sg.index]! += sign;
  }

  /** Host-level checks that change as placements happen: up, capacity, server group. */
  hostOk(req: PreparedRequest, host: number): boolean {
    return this.down[host] === 0 && this.fits(req.compute, host) && this.groupAllows(req, host);
  }

  /**
   * Places one copy of the request on `host` if every rule holds, choosing for each storage and network
   * group the least-allocated reachable provider that fits. Returns the providers [host, ...attached]
   * (in `into` when given and of that length) or null (nothing changed). Static eligibility of the host is the caller's business.
   */
  tryPlace(req: PreparedRequest, host: number, into?: Int32Array): Int32Array | null {
    if (!this.hostOk(req, host)) return null;
    // `into`: a free array of the right length to fill (a hot caller recycles them), else a new one.
    const out = into !== undefined && into.length === 1 + req.attached.length ? into : new Int32Array(1 + req.attached.length);
    out[0] = host;
    this.add(req.compute, host, 1);
    if (req.attached.length > 0) {
      const lists = attachedFor(this.cluster, req, this.cluster.reach[host]!);
      let g = 0;
      if (lists !== null) {
        for (; g < req.attached.length; g++) {
          const p = this.leastAllocated(req.attached[g]!, lists[g]!);
          if (p < 0) break;
          this.add(req.attached[g]!, p, 1);
          out[g + 1] = p;
        }
      }
      if (lists === null || g < req.attached.length) {
        for (let k = 0; k < g; k++) this.add(req.attached[k]!, out[k + 1]!, -1);
        this.add(req.compute, host, -1);
        return null;
      }
    }
    this.groupAdd(req, host, 1);
    return out;
  }

  /** Places one copy on exactly these providers [host, ...attached] if every rule holds; else null (nothing changed). */
  tryPlaceExact(req: PreparedRequest, providers: Int32Array): Int32Array | null {
    const host = providers[0]!;
    if (!this.hostOk(req, host)) return null;
    for (let g = 0; g < req.attached.length; g++) {
      const p = providers[g + 1]!;
      if (this.down[p] === 1 || !this.fits(req.attached[g]!, p)) return null;
    }
    // Two groups of one request on one provider: check them together.
    this.add(req.compute, host, 1);
    let g = 0;
    for (; g < req.attached.length; g++) {
      if (!this.fits(req.attached[g]!, providers[g + 1]!)) break;
      this.add(req.attached[g]!, providers[g + 1]!, 1);
    }
    if (g < req.attached.length) {
      for (let k = 0; k < g; k++) this.add(req.attached[k]!, providers[k + 1]!, -1);
      this.add(req.compute, host, -1);
      return null;
    }
    this.groupAdd(req, host, 1);
    return providers;
  }

  /** True when every attached group has a reachable provider with room right now (no change made). */
  attachedOk(req: PreparedRequest, host: number): boolean {
    if (req.attached.length === 0) return true;
    const got = this.tryPlace(req, host);
    if (got === null) return false;
    this.remove(req, got);
    return true;
  }

  remove(req: PreparedRequest, providers: Int32Array): void {
    this.add(req.compute, providers[0]!, -1);
    for (let g = 0; g < req.attached.length; g++) this.add(req.attached[g]!, providers[g + 1]!, -1);
    this.groupAdd(req, providers[0]!, -1);
  }

  /** Least-allocated provider first (storage backends): lowest peak utilisation after the allocation. */
  leastAllocated(group: CompiledGroup, candidates: Int32Array): number {
    const C = this.cluster.C;
    let best = -1;
    let bestU = Infinity;
    for (let j = 0; j < candidates.length; j++) {
      const p = candidates[j]!;
      if (this.down[p] === 1 || !this.fits(group, p)) continue;
      let u = 0;
      for (let k = 0; k < group.idx.length; k++) {
        const i = p * C + group.idx[k]!;
        const cap = this.cluster.cap[i]!;
        const frac = cap > 0 ? (this.used[i]! + group.amt[k]!) / cap : 1;
        if (frac > u) u = frac;
      }
      if (u < bestU) {
        bestU = u;
        best = p;
      }
    }
    return best;
  }

  /** Hosts with any use after placement (pre-existing use counts). */
  hostInUse(p: number): boolean {
    return this.cluster.preUsed[p] === 1 || this.load[p]! > 0;
  }
}
