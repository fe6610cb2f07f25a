/**
 * One window's plan: the claimed requests as a placement problem on the cached snapshot, placed by
 * the engine (scheduler/): one request through the online placer, a burst through the batch engine
 * `place()`, highest priority first either way. Members of a server group that already run (on a
 * host of the snapshot) go in as zero-sized requests pinned to their hosts, so that the group's rule
 * holds against them too. What the batch engine leaves for want of time goes through the online
 * placer on the same picture plus the batch's placements.
 */
import { sql } from "drizzle-orm";
import { createOnlinePlacer, place } from "../../scheduler";
import type { Allocation, PlacementRequest, Provider, ServerGroup } from "../../scheduler/contract";
import type { Db } from "../db/client";
import { rowsOf } from "../db/rows";
import type { ClaimedRow } from "./claim";
import type { SnapshotCache } from "./snapshot";

export type PlanOutcome =
  | { id: string; ok: true; allocations: Allocation[] }
  | { id: string; ok: false; code: string; reason: string };

export type PlanOptions = { timeLimitMs: number; seed?: number; objective?: "pack" | "spread" | "balance" };

const MEMBER = "member:";

/** Hosts that members of these server groups hold now (any consumer in the group with an allocation on a host). */
async function memberHosts(db: Db, groupIds: string[]): Promise<{ group: string; host: string }[]> {
  if (groupIds.length === 0) return [];
  return rowsOf<{ group: string; host: string }>(db, sql`
    select distinct c.server_group_id::text as "group", p.name as host
    from consumers c join allocations a on a.consumer_id = c.id join resource_providers p on p.id = a.provider_id and p.kind = 'host'
    where c.server_group_id in (${sql.join(groupIds.map((g) => sql`${g}::uuid`), sql`, `)})`);
}

export function toPlacementRequest(row: ClaimedRow, groupId: string | undefined): PlacementRequest {
  return {
    id: row.id,
    compute: row.spec.compute,
    ...(row.spec.storage && row.spec.storage.length > 0 && { storage: row.spec.storage }),
    ...(row.spec.network && row.spec.network.length > 0 && { network: row.spec.network }),
    ...(groupId !== undefined && { serverGroup: groupId }),
    ...(row.zone !== null && { zone: row.zone }),
    ...(row.pinnedHost !== null && { pinnedHost: row.pinnedHost }),
    priority: row.priority,
  };
}

export async function planWindow(db: Db, snapshot: SnapshotCache, rows: ClaimedRow[], options: PlanOptions): Promise<PlanOutcome[]> {
  if (rows.length === 0) return [];
  const { providers, serverGroups } = snapshot.problem();
  const hostNames = new Set(providers.filter((p) => p.kind === "host").map((p) => p.id));
  const groupIds = [...new Set(rows.map((r) => r.serverGroupId).filter((g): g is string => g !== null))];
  const members = (await memberHosts(db, groupIds)).filter((m) => hostNames.has(m.host));
  const phantoms: PlacementRequest[] = members.map((m, i) => ({
    id: `${MEMBER}${i}`, compute: { resources: {} }, pinnedHost: m.host, serverGroup: snapshot.groupId(m.group)!, priority: Number.MAX_SAFE_INTEGER,
  }));
  const requests = rows.map((r) => toPlacementRequest(r, snapshot.groupId(r.serverGroupId)));

  if (requests.length === 1) {
    const placer = createOnlinePlacer({ providers, serverGroups, objective: options.objective ?? "spread", seed: options.seed ?? 1 });
    for (const ph of phantoms) placer.place(ph);
    const req = requests[0]!;
    const out = placer.place(req);
    return [out.ok ? { id: req.id, ok: true, allocations: out.allocations } : { id: req.id, ok: false, code: out.code, reason: out.reason }];
  }
  const result = await place(
    { providers, serverGroups, requests: [...phantoms, ...requests], policy: { objective: options.objective ?? "spread", timeLimitMs: options.timeLimitMs } },
    { timeLimitMs: options.timeLimitMs, clock: performance.now.bind(performance), seed: options.seed ?? 1 },
  );
  const byId = new Map<string, PlanOutcome>();
  for (const p of result.placements) if (!p.request.startsWith(MEMBER)) byId.set(p.request, { id: p.request, ok: true, allocations: p.allocations });
  for (const u of result.unplaced) if (!u.request.startsWith(MEMBER)) byId.set(u.request, { id: u.request, ok: false, code: u.code, reason: u.reason });
  const late = requests.filter((r) => { const o = byId.get(r.id); return o !== undefined && !o.ok && o.code === TIME_LIMIT; });
  if (late.length > 0) {
    for (const o of placeLate(providers, serverGroups, phantoms, requests, byId, late, options)) byId.set(o.id, o);
  }
  return requests.map((r) => byId.get(r.id) ?? { id: r.id, ok: false, code: "ENGINE_SILENT", reason: "the engine returned nothing for this request" });
}

const TIME_LIMIT = "TIME_LIMIT";

/**
 * What the batch engine left for want of time (a busy machine: its budget is wall time) goes through
 * the online placer, one at a time, on the same picture plus what the batch placed, instead of
 * going back to pending and spending a try of its retry limit on the machine's load.
 */
function placeLate(providers: Provider[], serverGroups: ServerGroup[], phantoms: PlacementRequest[], requests: PlacementRequest[],
  placed: Map<string, PlanOutcome>, late: PlacementRequest[], options: PlanOptions): PlanOutcome[] {
  const used = new Map(providers.map((p) => [p.id, { ...(p.used ?? {}) }]));
  const members: PlacementRequest[] = [...phantoms];
  for (const r of requests) {
    const o = placed.get(r.id);
    if (!o?.ok) continue;
    for (const a of o.allocations) {
      const u = used.get(a.provider);
      if (u) for (const [rc, v] of Object.entries(a.resources)) u[rc] = (u[rc] ?? 0) + v;
    }
    if (r.serverGroup !== undefined) {
      members.push({ id: `${MEMBER}late-${members.length}`, compute: { resources: {} }, pinnedHost: o.allocations[0]!.provider, serverGroup: r.serverGroup, priority: Number.MAX_SAFE_INTEGER });
    }
  }
  const placer = createOnlinePlacer({
    providers: providers.map((p) => ({ ...p, used: used.get(p.id)! })), serverGroups, objective: options.objective ?? "spread", seed: options.seed ?? 1,
  });
  for (const m of members) placer.place(m);
  return late.map((r) => {
    const out = placer.place(r);
    return out.ok ? { id: r.id, ok: true, allocations: out.allocations } : { id: r.id, ok: false, code: out.code, reason: out.reason };
  });
}
