// The inventory compiled once into typed arrays: every hot loop of the engine reads these.
// Index p is a provider's position in `providers`; class c a resource class's position in `classes`;
// per-(provider, class) arrays are laid out p * C + c.
import { capacityOf } from "../../capacity";
import type { Provider, ServerGroupScope } from "../../contract";

export const KIND_HOST = 0;
export const KIND_STORAGE = 1;
export const KIND_NETWORK = 2;
const kindCode = { host: KIND_HOST, storage: KIND_STORAGE, network: KIND_NETWORK } as const;

export type Cluster = {
  providers: readonly Provider[];
  ids: string[];
  index: Map<string, number>;
  classes: string[];
  classIndex: Map<string, number>;
  C: number;
  /** (total - reserved) * allocationRatio; 0 where the provider has no inventory of the class. */
  cap: Float64Array;
  has: Uint8Array;
  /** Per provider, the classes it has a positive capacity of. */
  classesOf: Int32Array[];
  minUnit: Float64Array;
  maxUnit: Float64Array;
  step: Float64Array;
  /** Use before this batch (the `used` field). */
  used0: Float64Array;
  /** Per class, the largest capacity of any host. */
  maxCap: Float64Array;
  kind: Uint8Array;
  hosts: Int32Array;
  /** 1 where a provider had any use before the batch. */
  preUsed: Uint8Array;
  traits: ReadonlySet<string>[];
  /** Reachability class: providers with the same set of aggregates share an id. */
  reach: Int32Array;
  /** Aggregate sets per reachability class (sorted, deduplicated). */
  reachSets: string[][];
  /** Failure-domain id per provider and scope; a host without a zone or rack is a domain of its own. */
  domain: Record<ServerGroupScope, Int32Array>;
  zoneName: (string | undefined)[];
  /** Providers with the same capacity, existing use and traits share a profile id: untouched, they score alike. */
  profile: Int32Array;
  profiles: number;
};

export { capacityOf };

/** Compiles providers; `extraClasses` adds classes that only requests name (so they index too). */
export function compileCluster(providers: readonly Provider[], extraClasses: Iterable<string> = []): Cluster {
  const classIndex = new Map<string, number>();
  const classes: string[] = [];
  const addClass = (rc: string) => {
    if (!classIndex.has(rc)) {
      classIndex.set(rc, classes.length);
      classes.push(rc);
    }
  };
  for (const p of providers) for (const rc of Object.keys(p.inventory)) addClass(rc);
  for (const rc of extraClasses) addClass(rc);
  const P = providers.length;
  const C = classes.length;
  const cap = new Float64Array(P * C);
  const has = new Uint8Array(P * C);
  const minUnit = new Float64Array(P * C);
  const maxUnit = new Float64Array(P * C);
  const step = new Float64Array(P * C).fill(1);
  const used0 = new Float64Array(P * C);
  const kind = new Uint8Array(P);
  const preUsed = new Uint8Array(P);
  const ids: string[] = [];
  const index = new Map<string, number>();
  const traits: Set<string>[] = [];
  const reach = new Int32Array(P);
  const reachKeys = new Map<string, number>();
  const reachSets: string[][] = [];
  const domain = { host: new Int32Array(P), rack: new Int32Array(P), zone: new Int32Array(P) };
  const domainKeys = { rack: new Map<string, number>(), zone: new Map<string, number>() };
  const zoneName: (string | undefined)[] = [];
  const hosts: number[] = [];
  providers.forEach((p, i) => {
    ids.push(p.id);
    index.set(p.id, i);
    kind[i] = kindCode[p.kind];
    if (p.kind === "host") hosts.push(i);
    for (const [rc, inv] of Object.entries(p.inventory)) {
      const k = i * C + classIndex.get(rc)!;
      has[k] = 1;
      cap[k] = capacityOf(inv);
      minUnit[k] = inv.minUnit ?? 1;
      maxUnit[k] = inv.maxUnit ?? inv.total;
      step[k] = inv.stepSize ?? 1;
    }
    for (const [rc, amount] of Object.entries(p.used ?? {})) {
      const c = classIndex.get(rc);
      if (c === undefined || amount <= 0) continue;
      used0[i * C + c] = amount;
      preUsed[i] = 1;
    }
    traits.push(new Set(p.traits ?? []));
    const aggs = [...new Set(p.aggregates ?? [])].sort();
    const key = aggs.join("\u0000");
    let r = reachKeys.get(key);
    if (r === undefined) {
      r = reachSets.length;
      reachKeys.set(key, r);
      reachSets.push(aggs);
    }
    reach[i] = r;
    zoneName.push(p.zone);
    domain.host[i] = i;
    // Providers without a zone (or rack) are each their own domain: P + i never collides with a named one.
    domain.zone[i] = p.zone === undefined ? P + i : intern(domainKeys.zone, p.zone);
    domain.rack[i] = p.rack === undefined ? P + i : intern(domainKeys.rack, `${p.zone ?? ""}\u0000${p.rack}`);
  });
  const classesOf = providers.map((_, i) => {
    const out: number[] = [];
    for (let c = 0; c < C; c++) if (has[i * C + c] === 1 && cap[i * C + c]! > 0) out.push(c);
    return Int32Array.from(out);
  });
  const maxCap = new Float64Array(C);
  for (const h of hosts) for (let c = 0; c < C; c++) maxCap[c] = Math.max(maxCap[c]!, cap[h * C + c]!);
  const profileKeys = new Map<string, number>();
  const profile = Int32Array.from(ids, (_, p) => {
    const key = `${Array.from(cap.subarray(p * C, p * C + C)).join(",")}|${Array.from(used0.subarray(p * C, p * C + C)).join(",")}|${[...traits[p]!].sort().join(",")}`;
    return intern(profileKeys, key);
  });
  return { providers, ids, index, classes, classIndex, C, cap, has, classesOf, minUnit, maxUnit, step, used0, maxCap, kind,
    hosts: Int32Array.from(hosts), preUsed, traits, reach, reachSets, domain, zoneName, profile, profiles: profileKeys.size };
}

function intern(map: Map<string, number>, key: string): number {
  let v = map.get(key);
  if (v === undefined) {
    v = map.size;
    map.set(key, v);
  }
  return v;
}

/** True when a provider of reachability class `a` may serve a host of class `b`: they share an aggregate, or the provider has none. */
export function reaches(cluster: Cluster, providerReach: number, hostReach: number): boolean {
  const ps = cluster.reachSets[providerReach]!;
  if (ps.length === 0) return true;
  const hs = cluster.reachSets[hostReach]!;
  for (const a of ps) if (hs.includes(a)) return true;
  return false;
}
