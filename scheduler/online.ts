// The online path: one request at a time against a live inventory (the simulator's and the API's
// hot path). Static filter verdicts are cached per request shape; free capacity lives in typed arrays.
import type { Allocation, Objective, PlacementRequest, Provider, ServerGroup } from "./contract";
import { compileCluster } from "./cluster";
import type { Cluster } from "./cluster";
import { explainUnplaced, staticCandidates, withNarrowing } from "./eligibility";
import type { Verdict } from "./eligibility";
import { dynamicFilters } from "./plugins/registry";
import type { FilterContext } from "./plugins/types";
import { prepareRequest } from "./prepared";
import type { PreparedRequest } from "./prepared";
import { tieBreakers } from "./random";
import { compileRequest, compileServerGroups, requestSignature } from "./request";
import type { CompiledServerGroup } from "./request";
import { makeScorer } from "./scoring/registry";
import type { Weights } from "./scoring/weights";
import { PlacementState } from "./state";
import { toAllocations } from "./allocations";

export type PlaceOutcome = { ok: true; allocations: Allocation[] } | { ok: false; code: string; reason: string };

export interface OnlinePlacer {
  place(request: PlacementRequest): PlaceOutcome;
  release(requestId: string): void;
  setProviderDown(providerId: string, down: boolean): void;
  holds(requestId: string): Allocation[] | undefined;
}

type Entry = {
  request: Omit<PlacementRequest, "id" | "count">;
  prep: PreparedRequest;
  hosts: Int32Array;
  /** The binding static rule when no host passes the static filters. */
  staticVerdict: Verdict | undefined;
  /**
   * Per host: the score (with tie-breaker; -Infinity when it fails), or an upper bound on it when the scan
   * could prune it (cachedExact 0), and the host version it was computed at.
   */
  cachedScore: Float64Array;
  cachedExact: Uint8Array;
  cachedVersion: Int32Array;
};

type Live = { prep: PreparedRequest; providers: Int32Array; allocations: Allocation[] };

/** Same shape for caching: the same group objects (by identity) and the same scalar constraints. */
function sameShape(a: Omit<PlacementRequest, "id" | "count">, b: PlacementRequest): boolean {
  return a.storage === b.storage && a.network === b.network && a.zone === b.zone && a.pinnedHost === b.pinnedHost
    && a.serverGroup === b.serverGroup && a.priority === b.priority;
}

class Placer implements OnlinePlacer {
  private readonly cluster: Cluster;
  private readonly state: PlacementState;
  private readonly ctx: FilterContext;
  private readonly groups: Map<string, CompiledServerGroup>;
  private readonly cache = new WeakMap<object, Entry[]>();
  private readonly bySignature = new Map<string, Entry>();
  private readonly live = new Map<string, Live>();
  private readonly score;
  private readonly jitter: Float64Array;
  /** Hosts with the same capacity, existing use and traits share a profile: untouched, they score alike. */
  private readonly profile: Int32Array;
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(input: OnlinePlacerInput) {
    this.cluster = compileCluster(input.providers);
    this.groups = compileServerGroups(input.serverGroups);
    this.state = new PlacementState(this.cluster, this.groups.size);
    this.ctx = { cluster: this.cluster, state: this.state };
    this.score = makeScorer(input.objective ?? "pack", input.weights);
    this.jitter = tieBreakers(this.cluster.ids.length, input.seed ?? 1);
    this.profile = this.cluster.profile;
    this.seen = new Int32Array(this.cluster.profiles);
  }

  private entry(request: PlacementRequest): Entry {
    let list = this.cache.get(request.compute);
    if (list === undefined) {
      list = [];
      this.cache.set(request.compute, list);
    }
    for (const e of list) if (sameShape(e.request, request)) return e;
    // New objects of a known shape (e.g. parsed from JSON per call): the signature finds the entry.
    const sig = requestSignature(request);
    let e = this.bySignature.get(sig);
    if (e === undefined) {
      const { id: _id, count: _count, ...shape } = request;
      const prep = prepareRequest(this.cluster, compileRequest(this.cluster, shape, this.groups));
      const hosts = staticCandidates(this.ctx, prep);
      e = { request: shape, prep, hosts, staticVerdict: hosts.length === 0 ? explainUnplaced(this.ctx, prep) : undefined,
        cachedScore: new Float64Array(this.cluster.ids.length), cachedExact: new Uint8Array(this.cluster.ids.length),
        cachedVersion: new Int32Array(this.cluster.ids.length).fill(-1) };
      if (this.bySignature.size >= 1024) this.bySignature.delete(this.bySignature.keys().next().value!);
      this.bySignature.set(sig, e);
    }
    const entry: Entry = { ...e, request };
    if (list.length >= 16) list.shift();
    list.push(entry);
    return entry;
  }

  place(request: PlacementRequest): PlaceOutcome {
    if (this.live.has(request.id)) throw new Error(`request '${request.id}' already holds allocations`);
    const e = this.entry(request);
    if (e.staticVerdict) return { ok: false, ...e.staticVerdict };
    const { prep, hosts } = e;
    const state = this.state;
    let best = -1;
    let bestScore = -Infinity;
    // Hosts this placer has not touched score exactly like the first of their profile that passes,
    // unless a rack- or zone-scoped server group tells them apart: score one per profile.
    const sg = prep.serverGroup;
    const dedup = sg === undefined || sg.scope === "host";
    if (this.stamp >= 0x7fffffff) {
      this.stamp = 0;
      this.seen.fill(0);
    }
    const stamp = ++this.stamp;
    const load = state.load;
    // Without a server group, a host's verdict and score change only when the host does: cache them
    // per request shape and host version, so a call costs a scan plus the hosts changed since the last.
    // A host-scoped (soft) anti-affinity group reads only the host's own members, which change with its
    // version too; affinity reads the group's size (global), and rack or zone scopes read other hosts.
    const cache = sg === undefined || (sg.scope === "host" && sg.policy !== "affinity");
    const version = state.version;
    const { cachedScore, cachedExact, cachedVersion } = e;
    for (let j = 0; j < hosts.length; j++) {
      const h = hosts[j]!;
      const pristine = dedup && load[h] === 0;
      if (pristine && this.seen[this.profile[h]!] === stamp) continue;
      let s: number;
      if (cache) {
        if (cachedVersion[h] !== version[h] || (cachedExact[h] === 0 && cachedScore[h]! > bestScore)) {
          // Not cached, or only a bound that no longer rules the host out: score it (pruned against the best so far).
          cachedVersion[h] = version[h]!;
          if (!state.hostOk(prep, h)) {
            cachedScore[h] = -Infinity;
            cachedExact[h] = 1;
          } else {
            const v = this.score(this.ctx, prep, h, bestScore - this.jitter[h]!);
            cachedExact[h] = v === -Infinity ? 0 : 1;
            cachedScore[h] = (v === -Infinity ? this.score.bound.value : v) + this.jitter[h]!;
          }
        }
        s = cachedScore[h]!;
        if (s === -Infinity) continue;
        if (pristine) this.seen[this.profile[h]!] = stamp;
        if (cachedExact[h] === 0) continue;
      } else {
        if (!state.hostOk(prep, h)) continue;
        s = this.score(this.ctx, prep, h, bestScore) + this.jitter[h]!;
      }
      if (pristine) this.seen[this.profile[h]!] = stamp;
      if (s > bestScore) {
        bestScore = s;
        best = h;
      }
    }
    let got = best >= 0 ? state.tryPlace(prep, best) : null;
    if (got === null && best >= 0) got = this.placeByRank(prep, hosts);
    if (got === null) return { ok: false, ...this.explain(e) };
    const allocations = toAllocations(this.cluster, prep, got);
    this.live.set(request.id, { prep, providers: got, allocations });
    return { ok: true, allocations };
  }

  /** The best host's storage or networks were full: try the others best-first. */
  private placeByRank(prep: PreparedRequest, hosts: Int32Array): Int32Array | null {
    const ranked: [number, number][] = [];
    for (const h of hosts) if (this.state.hostOk(prep, h)) ranked.push([this.score(this.ctx, prep, h) + this.jitter[h]!, h]);
    ranked.sort((a, b) => b[0] - a[0]);
    for (const [, h] of ranked) {
      const got = this.state.tryPlace(prep, h);
      if (got !== null) return got;
    }
    return null;
  }

  private explain(e: Entry): Verdict {
    // Static filters passed on e.hosts; only the dynamic ones can be binding.
    const ctx = this.ctx;
    let remaining = Array.from(e.hosts);
    const narrowedBy: string[] = [];
    for (const f of dynamicFilters) {
      const keep = remaining.filter((h) => f.filter(ctx, e.prep, h).code === "ok");
      if (keep.length === 0) {
        const v = withNarrowing(f.explain(ctx, e.prep, remaining), narrowedBy);
        return e.prep.pinned >= 0 ? { code: "PINNED_HOST_UNAVAILABLE", reason: `pinned to host '${e.prep.pinnedId}': ${v.reason} (${v.code})` } : v;
      }
      if (f.name === "server-group" && keep.length < remaining.length) {
        narrowedBy.push(`server group '${e.prep.serverGroup!.id}' (${e.prep.serverGroup!.policy}) ruled out ${remaining.length - keep.length} other host(s)`);
      }
      remaining = keep;
    }
    return { code: "NO_CAPACITY", reason: "no host and reachable storage and network providers have room together" };
  }

  release(requestId: string): void {
    const l = this.live.get(requestId);
    if (!l) throw new Error(`request '${requestId}' holds nothing`);
    this.state.remove(l.prep, l.providers);
    this.live.delete(requestId);
  }

  setProviderDown(providerId: string, down: boolean): void {
    const p = this.cluster.index.get(providerId);
    if (p === undefined) throw new Error(`unknown provider '${providerId}'`);
    this.state.down[p] = down ? 1 : 0;
    this.state.version[p]!++;
  }

  holds(requestId: string): Allocation[] | undefined {
    return this.live.get(requestId)?.allocations;
  }
}

export type OnlinePlacerInput = {
  providers: Provider[];
  serverGroups?: ServerGroup[];
  objective?: Objective;
  seed?: number;
  /** Score weights per objective (data); default the `weights` table. */
  weights?: Readonly<Record<Objective, Weights>>;
};

export function createOnlinePlacer(input: OnlinePlacerInput): OnlinePlacer {
  return new Placer(input);
}
