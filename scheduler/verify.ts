// An independent checker of a placement result against its problem. It shares no code with the engine
// (only the contract's types), so a bug in the engine's rules cannot hide itself here. Returns one
// sentence per broken rule; [] means the result obeys every rule of the contract.
import { capacityOf } from "./capacity";
import type { PlacementProblem, PlacementRequest, PlacementResult, Provider, RequestGroup } from "./contract";

const EPS = 1e-6;

/** Copy ids: `${id}#k` for k < count when count > 1, else the id itself. */
export function expectedIds(r: PlacementRequest): string[] {
  const n = r.count ?? 1;
  return n > 1 ? Array.from({ length: n }, (_, k) => `${r.id}#${k}`) : [r.id];
}

function cap(p: Provider, rc: string): number | undefined {
  const inv = p.inventory[rc];
  return inv === undefined ? undefined : capacityOf(inv);
}

function domainOf(p: Provider, scope: "host" | "rack" | "zone"): string {
  if (scope === "host") return `h:${p.id}`;
  if (scope === "zone") return p.zone === undefined ? `h:${p.id}` : `z:${p.zone}`;
  return p.rack === undefined ? `h:${p.id}` : `r:${p.zone ?? ""}/${p.rack}`;
}

function reachable(host: Provider, other: Provider): boolean {
  const oa = other.aggregates ?? [];
  if (oa.length === 0) return true;
  const ha = new Set(host.aggregates ?? []);
  return oa.some((a) => ha.has(a));
}

function positive(resources: Record<string, number>): [string, number][] {
  return Object.entries(resources).filter(([, v]) => v > 0).sort(([a], [b]) => a.localeCompare(b));
}

export function verifyPlacement(problem: PlacementProblem, result: PlacementResult): string[] {
  const errors: string[] = [];
  const providers = new Map(problem.providers.map((p) => [p.id, p]));
  const groups = new Map((problem.serverGroups ?? []).map((g) => [g.id, g]));
  const owner = new Map<string, PlacementRequest>();
  for (const r of problem.requests) for (const id of expectedIds(r)) owner.set(id, r);

  const seen = new Set<string>();
  const mark = (id: string, where: string) => {
    if (!owner.has(id)) errors.push(`${where} names unknown request '${id}'`);
    else if (seen.has(id)) errors.push(`request '${id}' appears more than once`);
    seen.add(id);
  };
  result.placements.forEach((pl) => mark(pl.request, "a placement"));
  result.unplaced.forEach((u) => {
    mark(u.request, "an unplaced entry");
    if (u.code.trim() === "" || u.reason.trim() === "") errors.push(`unplaced '${u.request}' lacks a code or a reason`);
  });
  for (const id of owner.keys()) if (!seen.has(id)) errors.push(`request '${id}' is neither placed nor unplaced`);

  // Usage per provider and class, starting from existing use.
  const used = new Map<string, Map<string, number>>();
  for (const p of problem.providers) used.set(p.id, new Map(Object.entries(p.used ?? {})));
  const members = new Map<string, { id: string; host: Provider }[]>();

  const checkGroup = (id: string, what: string, group: RequestGroup, alloc: { provider: string; resources: Record<string, number> } | undefined, kind: Provider["kind"]): Provider | undefined => {
    if (!alloc) {
      errors.push(`'${id}': no allocation for its ${what}`);
      return undefined;
    }
    const p = providers.get(alloc.provider);
    if (!p) {
      errors.push(`'${id}': ${what} on unknown provider '${alloc.provider}'`);
      return undefined;
    }
    if (p.kind !== kind) errors.push(`'${id}': ${what} on '${p.id}' of kind ${p.kind}, not ${kind}`);
    const want = positive(group.resources);
    const got = positive(alloc.resources);
    if (JSON.stringify(want) !== JSON.stringify(got)) errors.push(`'${id}': ${what} allocates ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`);
    const traits = new Set(p.traits ?? []);
    for (const t of group.requiredTraits ?? []) if (!traits.has(t)) errors.push(`'${id}': ${what} on '${p.id}' lacks required trait ${t}`);
    for (const t of group.forbiddenTraits ?? []) if (traits.has(t)) errors.push(`'${id}': ${what} on '${p.id}' has forbidden trait ${t}`);
    for (const [rc, amount] of got) {
      const inv = p.inventory[rc];
      if (!inv) {
        errors.push(`'${id}': '${p.id}' has no inventory of ${rc}`);
        continue;
      }
      const min = inv.minUnit ?? 1;
      const max = inv.maxUnit ?? inv.total;
      const step = inv.stepSize ?? 1;
      if (amount < min - EPS || amount > max + EPS) errors.push(`'${id}': ${rc} ${amount} on '${p.id}' outside [${min}, ${max}]`);
      const q = amount / step;
      if (Math.abs(q - Math.round(q)) > 1e-6) errors.push(`'${id}': ${rc} ${amount} on '${p.id}' is not a multiple of stepSize ${step}`);
      const u = used.get(p.id)!;
      u.set(rc, (u.get(rc) ?? 0) + amount);
    }
    return p;
  };

  for (const pl of result.placements) {
    const r = owner.get(pl.request);
    if (!r) continue;
    const storage = r.storage ?? [];
    const network = r.network ?? [];
    if (pl.allocations.length !== 1 + storage.length + network.length) {
      errors.push(`'${pl.request}': ${pl.allocations.length} allocations for ${1 + storage.length + network.length} request groups`);
    }
    const host = checkGroup(pl.request, "compute group", r.compute, pl.allocations[0], "host");
    storage.forEach((g, i) => {
      const p = checkGroup(pl.request, `storage[${i}]`, g, pl.allocations[1 + i], "storage");
      if (p && host && !reachable(host, p)) errors.push(`'${pl.request}': storage[${i}] on '${p.id}' shares no aggregate with host '${host.id}'`);
    });
    network.forEach((g, i) => {
      const p = checkGroup(pl.request, `network[${i}]`, g, pl.allocations[1 + storage.length + i], "network");
      if (p && host && !reachable(host, p)) errors.push(`'${pl.request}': network[${i}] on '${p.id}' shares no aggregate with host '${host.id}'`);
    });
    if (!host) continue;
    if (r.zone !== undefined && host.zone !== r.zone) errors.push(`'${pl.request}': host '${host.id}' is in zone '${host.zone}', not '${r.zone}'`);
    if (r.pinnedHost !== undefined && host.id !== r.pinnedHost) errors.push(`'${pl.request}': pinned to '${r.pinnedHost}' but placed on '${host.id}'`);
    if (r.serverGroup !== undefined) {
      const list = members.get(r.serverGroup) ?? [];
      list.push({ id: pl.request, host });
      members.set(r.serverGroup, list);
    }
  }

  for (const p of problem.providers) {
    for (const [rc, u] of used.get(p.id)!) {
      const c = cap(p, rc);
      if (c !== undefined && u > c && u > (p.used?.[rc] ?? 0)) errors.push(`provider '${p.id}' over capacity on ${rc}: ${u} > ${c}`);
    }
  }

  for (const [gid, list] of members) {
    const g = groups.get(gid);
    if (!g) {
      errors.push(`unknown server group '${gid}'`);
      continue;
    }
    const scope = g.scope ?? "host";
    const domains = list.map((m) => domainOf(m.host, scope));
    if (g.policy === "affinity" && new Set(domains).size > 1) errors.push(`server group '${gid}' (affinity over ${scope}) spans ${new Set(domains).size} domains`);
    if (g.policy === "anti-affinity" && new Set(domains).size < domains.length) errors.push(`server group '${gid}' (anti-affinity over ${scope}) has two members in one domain`);
  }

  errors.push(...checkPriorities(problem, result, used, owner));
  return errors;
}

/**
 * Priorities: a request left unplaced must not fit, with all its groups, once the lower-priority
 * requests are taken away (from its host and from the storage and network providers it could use).
 * Checked for requests without a server group (where "would fit" needs no search); attached groups are
 * tried one by one on the first provider that fits, so the check never raises a false alarm.
 */
function checkPriorities(problem: PlacementProblem, result: PlacementResult, used: Map<string, Map<string, number>>,
  owner: Map<string, PlacementRequest>): string[] {
  const errors: string[] = [];
  const placed = result.placements.map((pl) => ({ priority: owner.get(pl.request)?.priority ?? 0, allocations: pl.allocations }));
  for (const u of result.unplaced) {
    const r = owner.get(u.request);
    if (!r || r.serverGroup !== undefined) continue;
    const pr = r.priority ?? 0;
    const evicted = placed.filter((x) => x.priority < pr);
    if (evicted.length === 0) continue;
    const freed = new Map<string, Map<string, number>>();
    for (const x of evicted) for (const a of x.allocations) {
      const m = freed.get(a.provider) ?? new Map<string, number>();
      for (const [rc, v] of Object.entries(a.resources)) m.set(rc, (m.get(rc) ?? 0) + v);
      freed.set(a.provider, m);
    }
    const fits = (p: Provider, group: RequestGroup, extra: Map<string, number>): boolean => {
      const traits = new Set(p.traits ?? []);
      if ((group.requiredTraits ?? []).some((t) => !traits.has(t)) || (group.forbiddenTraits ?? []).some((t) => traits.has(t))) return false;
      return positive(group.resources).every(([rc, a]) => {
        const inv = p.inventory[rc];
        if (!inv) return false;
        const step = inv.stepSize ?? 1;
        if (a < (inv.minUnit ?? 1) || a > (inv.maxUnit ?? inv.total) || Math.abs(a / step - Math.round(a / step)) > 1e-6) return false;
        const now = (used.get(p.id)!.get(rc) ?? 0) - (freed.get(p.id)?.get(rc) ?? 0) + (extra.get(`${p.id}\u0000${rc}`) ?? 0);
        return now + a <= cap(p, rc)!;
      });
    };
    const take = (p: Provider, group: RequestGroup, extra: Map<string, number>) => {
      for (const [rc, a] of positive(group.resources)) extra.set(`${p.id}\u0000${rc}`, (extra.get(`${p.id}\u0000${rc}`) ?? 0) + a);
    };
    for (const h of problem.providers) {
      if (h.kind !== "host") continue;
      if (r.zone !== undefined && h.zone !== r.zone) continue;
      if (r.pinnedHost !== undefined && r.pinnedHost !== h.id) continue;
      const extra = new Map<string, number>();
      if (!fits(h, r.compute, extra)) continue;
      take(h, r.compute, extra);
      const groups: [RequestGroup, Provider["kind"]][] = [...(r.storage ?? []).map((g): [RequestGroup, Provider["kind"]] => [g, "storage"]),
        ...(r.network ?? []).map((g): [RequestGroup, Provider["kind"]] => [g, "network"])];
      const all = groups.every(([g, kind]) => {
        const p = problem.providers.find((q) => q.kind === kind && reachable(h, q) && fits(q, g, extra));
        if (p) take(p, g, extra);
        return p !== undefined;
      });
      if (all) {
        errors.push(`'${u.request}' (priority ${pr}) is unplaced while lower-priority requests hold the room it needs (host '${h.id}')`);
        break;
      }
    }
  }
  return errors;
}
