// The online path: one request at a time against a live inventory (the simulator's and the API's
// hot path). Static filter verdicts are cached per request shape; free capacity lives in typed arrays.
// A shape whose hosts score independently (no server group, or a host-scoped anti-affinity one) keeps
// its best host in a tournament tree that the placer's change log updates: O(changed hosts x log n) per
// request instead of a scan, with the same choice as a scan (ties to the earlier candidate).
import type { Allocation, Objective, PlacementRequest, Provider, ServerGroup } from "./contract";
import { compileCluster } from "./stages/1-compile/cluster";
import type { Cluster } from "./stages/1-compile/cluster";
import { filterShape, NO_ROOM_TOGETHER, whyNot } from "./stages/2-filter/eligibility";
import type { Verdict } from "./stages/2-filter/eligibility";
import type { FilterContext } from "./stages/2-filter/plugins/types";
import type { PreparedRequest } from "./stages/1-compile/prepared";
import { tieBreakers } from "./random";
import { compileServerGroups, requestSignature } from "./stages/1-compile/request";
import type { CompiledShape } from "./stages/1-compile/shape";
import { compileShape } from "./stages/1-compile/shape";
import type { CompiledServerGroup } from "./stages/1-compile/request";
import { makeScorer } from "./scoring/registry";
import type { Weights } from "./scoring/weights";
import { PlacementState } from "./stages/1-compile/state";
import { toAllocations } from "./stages/7-result/allocations";

/** Placed, or the same status as a batch's unplaced request (stages/2-filter/eligibility.ts `Verdict`). */
export type PlaceOutcome = { ok: true; allocations: Allocation[] } | ({ ok: false } & Verdict);

/** A request without its id and count: what the placer compiles once and reuses for every copy. */
export type RequestShape = Omit<PlacementRequest, "id" | "count">;

/** A request shape the placer has compiled (opaque; from `shape()`). */
export interface Shape {
  readonly request: RequestShape;
}

export interface OnlinePlacer {
  place(request: PlacementRequest): PlaceOutcome;
  release(requestId: string): void;
  setProviderDown(providerId: string, down: boolean): void;
  holds(requestId: string): Allocation[] | undefined;
  /**
   * The hot path (a simulator's millions of placements): a shape compiled once, placements named by
   * integer tokens, no strings and no objects per placement. Same rules and the same choices as
   * `place`; both paths share one state.
   */
  shape(request: RequestShape): Shape;
  /** Places one copy of the shape; its token (>= 0), or -1 when refused (`explain` says why). */
  placeShape(shape: Shape): number;
  /** Why the shape would be refused now. */
  explain(shape: Shape): { code: string; reason: string };
  /** What the token holds: [host, ...storage and network providers], as indexes into the providers given (a new array). */
  providersOf(token: number): Int32Array;
  /** The same written into `out` (long enough: 1 + the request's storage and network groups); returns how many. Allocates nothing. */
  providersInto(token: number, out: Int32Array): number;
  /** The token's allocations in contract form (made on each call). */
  allocationsOf(token: number): Allocation[];
  releaseToken(token: number): void;
}

/** A compiled shape (the batch path's classes are the same type) with the request it was made for and its index. */
type Entry = CompiledShape & {
  request: RequestShape;
  /** For shapes whose hosts score independently (no server group, or a host-scoped anti-affinity one): the best-host index, made on first use. */
  index: { current: ShapeIndex | undefined };
};

/** Same shape for caching: the same group objects (by identity) and the same scalar constraints. */
function sameShape(a: RequestShape, b: RequestShape): boolean {
  return a.storage === b.storage && a.network === b.network && a.zone === b.zone && a.pinnedHost === b.pinnedHost
    && a.serverGroup === b.serverGroup && a.priority === b.priority;
}

/** The change log is cut when this long; an index older than its start is rebuilt. */
const LOG_MAX = 1 << 16;

class Placer implements OnlinePlacer {
  readonly cluster: Cluster;
  readonly state: PlacementState;
  private readonly ctx: FilterContext;
  private readonly groups: Map<string, CompiledServerGroup>;
  private readonly cache = new WeakMap<object, Entry[]>();
  private readonly bySignature = new Map<string, Entry>();
  /** Request id -> token, for the string API. */
  private readonly live = new Map<string, number>();
  /**
   * Per token, in one flat array (`stride` entries a token; tokens are reused, so the live ones stay
   * close together in memory): how many providers it holds (0: free), then the providers. And its request.
   */
  private tokens = new Int32Array(1024 * 2);
  private stride = 2;
  private tokenCount = 0;
  private readonly tokenPrep: (PreparedRequest | null)[] = [];
  private readonly freeTokens: number[] = [];
  /** Scratch arrays by length for tryPlace and remove (nothing allocated per placement). */
  private readonly scratch: Int32Array[] = [];
  /** Marks of the catch-up in `indexed` (a provider changed twice since is rescored once). */
  private readonly mark: Int32Array;
  private markStamp = 0;
  private readonly score;
  private readonly jitter: Float64Array;
  /** Hosts with the same capacity, existing use and traits share a profile: untouched, they score alike. */
  readonly profile: Int32Array;
  private readonly seen: Int32Array;
  private stamp = 0;
  /**
   * Providers changed (allocations, up or down), in order, the first `logLength` entries of a fixed
   * array (a growing JS array was reallocated every time it was cut: megabytes of garbage a simulated
   * day); `logBase` counts those dropped from its front.
   */
  private readonly log = new Int32Array(LOG_MAX);
  private logLength = 0;
  private logBase = 0;

  constructor(input: OnlinePlacerInput) {
    this.cluster = compileCluster(input.providers);
    this.groups = compileServerGroups(input.serverGroups);
    this.state = new PlacementState(this.cluster, this.groups.size);
    this.ctx = { cluster: this.cluster, state: this.state };
    this.score = makeScorer(input.objective ?? "pack", input.weights);
    this.jitter = tieBreakers(this.cluster.ids.length, input.seed ?? 1);
    this.profile = this.cluster.profile;
    this.seen = new Int32Array(this.cluster.profiles);
    this.mark = new Int32Array(this.cluster.ids.length);
  }

  private entry(request: RequestShape): Entry {
    let list = this.cache.get(request.compute);
    if (list === undefined) {
      list = [];
      this.cache.set(request.compute, list);
    }
    // The shape last found first: a stream of one shape (a service's instances) costs one comparison
    // even after other shapes of the same compute group (pinned copies) came by.
    for (let k = 0; k < list.length; k++) {
      const e = list[k]!;
      if (!sameShape(e.request, request)) continue;
      if (k > 0) {
        list[k] = list[0]!;
        list[0] = e;
      }
      return e;
    }
    // New objects of a known shape (e.g. parsed from JSON per call): the signature finds the entry.
    const sig = requestSignature(request as PlacementRequest);
    let e = this.bySignature.get(sig);
    if (e === undefined) {
      const { id: _id, count: _count, ...shape } = request as PlacementRequest;
      const compiled = compileShape(this.cluster, shape, this.groups);
      filterShape(this.ctx, compiled);
      e = { ...compiled, request: shape, index: { current: undefined } };
      if (this.bySignature.size >= 1024) this.bySignature.delete(this.bySignature.keys().next().value!);
      this.bySignature.set(sig, e);
    }
    const entry: Entry = { ...e, request };
    if (list.length >= 16) list.pop();
    list.unshift(entry);
    return entry;
  }

  place(request: PlacementRequest): PlaceOutcome {
    if (this.live.has(request.id)) throw new Error(`request '${request.id}' already holds allocations`);
    const e = this.entry(request);
    const token = this.placeShape(e);
    if (token < 0) return { ok: false, ...this.explain(e) };
    this.live.set(request.id, token);
    return { ok: true, allocations: this.allocationsOf(token) };
  }

  shape(request: RequestShape): Shape {
    return this.entry(request);
  }

  placeShape(shape: Shape): number {
    const e = shape as Entry;
    if (e.staticVerdict) return -1;
    const { prep, hosts } = e;
    const state = this.state;
    let best = -1;
    const sg = prep.serverGroup;
    // A host's verdict and score change only when the host does, unless a server group reads other
    // hosts (affinity reads the group's size; rack or zone scopes read the neighbours): then an index
    // of the best host, updated for the hosts changed since the shape was last placed, answers.
    if (sg === undefined || (sg.scope === "host" && sg.policy !== "affinity")) best = this.indexed(e).best();
    else best = this.scan(prep, hosts, sg.scope === "host");
    let got = best >= 0 ? state.tryPlace(prep, best, this.scratchOf(1 + prep.attached.length)) : null;
    if (got === null && best >= 0) got = this.placeByRank(prep, hosts);
    if (got === null) return -1;
    this.changed(got[0]!);
    const token = this.freeTokens.length > 0 ? this.freeTokens.pop()! : this.newToken();
    if (got.length + 1 > this.stride) this.restride(got.length + 1);
    const at = token * this.stride;
    this.tokens[at] = got.length;
    this.tokens.set(got, at + 1);
    this.tokenPrep[token] = prep;
    return token;
  }

  private scratchOf(n: number): Int32Array {
    return (this.scratch[n] ??= new Int32Array(n));
  }

  private newToken(): number {
    const token = this.tokenCount++;
    if (this.tokenCount * this.stride > this.tokens.length) {
      const grown = new Int32Array(this.tokens.length * 2);
      grown.set(this.tokens);
      this.tokens = grown;
    }
    return token;
  }

  /** A request with more storage and network groups than any before: widen every token's entry. */
  private restride(stride: number): void {
    const grown = new Int32Array(Math.max(1024, this.tokenCount) * 2 * stride);
    for (let t = 0; t < this.tokenCount; t++) grown.set(this.tokens.subarray(t * this.stride, (t + 1) * this.stride), t * stride);
    this.tokens = grown;
    this.stride = stride;
  }

  /** Number of providers the token holds; throws when it holds nothing. */
  private held(token: number): number {
    const n = token >= 0 && token < this.tokenCount ? this.tokens[token * this.stride]! : 0;
    if (n === 0) throw new Error(`token ${token} holds nothing`);
    return n;
  }

  providersInto(token: number, out: Int32Array): number {
    const n = this.held(token);
    if (out.length < n) throw new RangeError(`token ${token} holds ${n} providers; the array given has room for ${out.length}`);
    const at = token * this.stride + 1;
    for (let g = 0; g < n; g++) out[g] = this.tokens[at + g]!;
    return n;
  }

  providersOf(token: number): Int32Array {
    const n = this.held(token);
    return this.tokens.slice(token * this.stride + 1, token * this.stride + 1 + n);
  }

  allocationsOf(token: number): Allocation[] {
    return toAllocations(this.cluster, this.tokenPrep[token]!, this.providersOf(token));
  }

  releaseToken(token: number): void {
    const n = this.held(token);
    const got = this.scratchOf(n);
    this.providersInto(token, got);
    this.state.remove(this.tokenPrep[token]!, got);
    this.changed(got[0]!);
    this.tokens[token * this.stride] = 0;
    this.tokenPrep[token] = null;
    this.freeTokens.push(token);
  }

  /** The changes since `e` was last placed applied to its index (rebuilt when they outnumber its hosts). */
  private indexed(e: Entry): ShapeIndex {
    let index = e.index.current;
    const pending = this.logBase + this.logLength - (index?.logAt ?? -1);
    if (index === undefined) {
      index = e.index.current = new ShapeIndex(this, e.prep, e.hosts);
    } else if (index.logAt < this.logBase || pending > e.hosts.length) {
      index.rebuild();
    } else if (this.logLength - (index.logAt - this.logBase) === 1) {
      index.changed(this.log[this.logLength - 1]!);
    } else {
      if (this.markStamp >= 0x7fffffff) {
        this.markStamp = 0;
        this.mark.fill(0);
      }
      const stamp = ++this.markStamp;
      const mark = this.mark;
      for (let k = index.logAt - this.logBase; k < this.logLength; k++) {
        const p = this.log[k]!;
        if (mark[p] === stamp) continue;
        mark[p] = stamp;
        index.changed(p);
      }
    }
    index.logAt = this.logBase + this.logLength;
    return index;
  }

  /** The host's exact score with its tie-breaker, or -Infinity when it fails a dynamic rule. */
  scoreOf(prep: PreparedRequest, h: number, score: (ctx: FilterContext, host: number) => number): number {
    return this.state.hostOk(prep, h) ? score(this.ctx, h) + this.jitter[h]! : -Infinity;
  }

  /** The scorer specialised for one request shape (the index scores one shape many times). */
  scorerFor(prep: PreparedRequest): (ctx: FilterContext, host: number) => number {
    return this.score.forRequest(prep);
  }

  /**
   * A full scan (shapes whose hosts' scores depend on other hosts). Hosts this placer has not touched
   * score exactly like the first of their profile that passes, unless a rack- or zone-scoped server
   * group tells them apart (`dedup` false): one per profile is scored.
   */
  private scan(prep: PreparedRequest, hosts: Int32Array, dedup: boolean): number {
    const state = this.state;
    if (this.stamp >= 0x7fffffff) {
      this.stamp = 0;
      this.seen.fill(0);
    }
    const stamp = ++this.stamp;
    const load = state.load;
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < hosts.length; j++) {
      const h = hosts[j]!;
      const pristine = dedup && load[h] === 0;
      if (pristine && this.seen[this.profile[h]!] === stamp) continue;
      if (!state.hostOk(prep, h)) continue;
      const s = this.score(this.ctx, prep, h, bestScore - this.jitter[h]!) + this.jitter[h]!;
      if (pristine) this.seen[this.profile[h]!] = stamp;
      if (s > bestScore) {
        bestScore = s;
        best = h;
      }
    }
    return best;
  }

  /** Records a change to provider `p` (allocations, up or down) for the shape indexes. */
  private changed(p: number): void {
    if (this.logLength >= LOG_MAX) {
      this.logBase += this.logLength;
      this.logLength = 0;
    }
    this.log[this.logLength++] = p;
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

  explain(shape: Shape): Verdict {
    return whyNot(this.ctx, shape as Entry, NO_ROOM_TOGETHER);
  }

  release(requestId: string): void {
    const token = this.live.get(requestId);
    if (token === undefined) throw new Error(`request '${requestId}' holds nothing`);
    this.releaseToken(token);
    this.live.delete(requestId);
  }

  setProviderDown(providerId: string, down: boolean): void {
    const p = this.cluster.index.get(providerId);
    if (p === undefined) throw new Error(`unknown provider '${providerId}'`);
    this.state.down[p] = down ? 1 : 0;
    this.state.version[p]!++;
    this.changed(p);
  }

  holds(requestId: string): Allocation[] | undefined {
    const token = this.live.get(requestId);
    return token === undefined ? undefined : this.allocationsOf(token);
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

/**
 * The best host of one request shape, kept in a tournament tree over its candidate hosts (in
 * candidate order; ties go to the earlier host, as a scan with a strict comparison would). A leaf
 * holds the host's exact score with its tie-breaker, or -Infinity when it fails; hosts this placer
 * has not touched score like the rest of their profile, so only the first of each profile that is
 * up (its representative) holds a score and the others -Infinity, which is the choice a scan with
 * one host per profile makes. The placer reports every host it changes; a change costs O(log n).
 */
class ShapeIndex {
  /** Absolute position in the placer's change log up to which this index is current. */
  logAt = -1;
  private readonly size: number;
  private readonly key: Float64Array;
  private readonly arg: Int32Array;
  /** Position of each provider among the candidates, or -1. */
  private readonly pos: Int32Array;
  /** Per profile, the position of its representative (first untouched host that is up), or -1. */
  private readonly rep: Int32Array;
  private readonly score: (ctx: FilterContext, host: number) => number;

  constructor(private readonly placer: Placer, private readonly prep: PreparedRequest, private readonly hosts: Int32Array) {
    let size = 1;
    while (size < hosts.length) size *= 2;
    this.size = size;
    this.key = new Float64Array(2 * size);
    this.arg = new Int32Array(2 * size);
    this.pos = new Int32Array(placer.cluster.ids.length).fill(-1);
    for (let j = 0; j < hosts.length; j++) this.pos[hosts[j]!] = j;
    this.rep = new Int32Array(placer.cluster.profiles);
    this.score = placer.scorerFor(prep);
    this.rebuild();
  }

  /** Scores every candidate afresh (after more changes than candidates; cheaper than catching up, and nothing is reallocated). */
  rebuild(): void {
    const { placer, prep, hosts, size } = this;
    this.key.fill(-Infinity);
    this.arg.fill(-1);
    this.rep.fill(-1);
    const profile = placer.profile;
    for (let j = 0; j < hosts.length; j++) {
      const h = hosts[j]!;
      this.arg[size + j] = j;
      if (this.untouchedUp(h)) {
        // Untouched hosts of one profile score alike: only the first that is up is scored.
        const q = profile[h]!;
        if (this.rep[q]! >= 0) continue;
        this.rep[q] = j;
      }
      this.key[size + j] = placer.scoreOf(prep, h, this.score);
    }
    for (let i = size - 1; i >= 1; i--) this.pull(i);
  }

  private untouchedUp(h: number): boolean {
    const state = this.placer.state;
    return state.load[h] === 0 && state.down[h] === 0;
  }

  /** The best host, or -1 when none passes. */
  best(): number {
    return this.key[1]! === -Infinity ? -1 : this.hosts[this.arg[1]!]!;
  }

  /** Provider `p` changed: rescore it, and move its profile's representative if it was or becomes one. */
  changed(p: number): void {
    const j = this.pos[p]!;
    if (j < 0) return;
    const q = this.placer.profile[p]!;
    const r = this.rep[q]!;
    if (this.untouchedUp(p)) {
      if (r < 0 || j < r) {
        this.rep[q] = j;
        if (r >= 0) this.set(r);
      }
    } else if (r === j) {
      let next = -1;
      for (let k = j + 1; k < this.hosts.length; k++) {
        const h = this.hosts[k]!;
        if (this.placer.profile[h] === q && this.untouchedUp(h)) {
          next = k;
          break;
        }
      }
      this.rep[q] = next;
      if (next >= 0) this.set(next);
    }
    this.set(j);
  }

  /** Recomputes the leaf of position j from the current state, then its path to the root. */
  private set(j: number): void {
    const h = this.hosts[j]!;
    const hidden = this.untouchedUp(h) && this.rep[this.placer.profile[h]!] !== j;
    let i = this.size + j;
    this.key[i] = hidden ? -Infinity : this.placer.scoreOf(this.prep, h, this.score);
    // A node that comes out as it was leaves every node above it as it was.
    for (i >>= 1; i >= 1; i >>= 1) if (!this.pull(i)) break;
  }

  /** Recomputes node i from its children; false when it did not change. */
  private pull(i: number): boolean {
    const key = this.key;
    const arg = this.arg;
    const l = 2 * i;
    const r = l + 1;
    // Ties to the left: the earlier candidate, as a scan keeping the first strict maximum.
    const k = key[r]! > key[l]! ? r : l;
    if (key[i] === key[k] && arg[i] === arg[k]) return false;
    key[i] = key[k]!;
    arg[i] = arg[k]!;
    return true;
  }
}
