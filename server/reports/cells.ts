/**
 * A utilisation cell: capacity and use of one resource class in one (zone, rack, hardware model), or
 * one project's use of it (project set, capacity 0). What a snapshot writes, one row per cell.
 * Pure: `cellsOf` builds them from plain inventory rows (the seed's plan, a test's fixture); the
 * live snapshot (snapshot.ts) gets the same cells from SQL sums.
 */
import { capacityOf } from "../../scheduler/capacity";

export type Cell = {
  resourceClass: string;
  zone: string | null;
  rack: string | null;
  hardwareModel: string | null;
  project: string | null;
  capacity: number;
  used: number;
};

export type CellInput = {
  providers: readonly { id: string; name: string; kind: string; parentId?: string | null; state?: string | null; hardwareModelId?: string | null }[];
  inventories: readonly { providerId: string; resourceClass: string; total: number; reserved?: number | null; allocationRatio?: number | null }[];
  allocations: readonly { consumerId: string; providerId: string; resourceClass: string; used: number }[];
  consumers: readonly { id: string; projectId: string }[];
};

export const cellKey = (c: Pick<Cell, "resourceClass" | "zone" | "rack" | "hardwareModel" | "project">) =>
  `${c.resourceClass}|${c.zone ?? ""}|${c.rack ?? ""}|${c.hardwareModel ?? ""}|${c.project ?? ""}`;

/** Cells in a stable order: class, zone, rack, model, project (nulls first). */
export function sortCells<T extends Cell>(cells: T[]): T[] {
  const k = (v: string | null) => v ?? "";
  return cells.sort((a, b) => k(a.resourceClass).localeCompare(k(b.resourceClass)) || k(a.zone).localeCompare(k(b.zone))
    || k(a.rack).localeCompare(k(b.rack)) || k(a.hardwareModel).localeCompare(k(b.hardwareModel)) || k(a.project).localeCompare(k(b.project)));
}

/**
 * The cells of an inventory given as rows: retired providers left out (as the overview does); zone and
 * rack from the nearest ancestor of that kind (the provider itself included).
 */
export function cellsOf(input: CellInput): Cell[] {
  const byId = new Map(input.providers.map((p) => [p.id, p]));
  const where = new Map<string, { zone: string | null; rack: string | null; model: string | null; live: boolean }>();
  for (const p of input.providers) {
    let zone: string | null = null;
    let rack: string | null = null;
    for (let q: (typeof input.providers)[number] | undefined = p, depth = 0; q && depth < 32; q = q.parentId ? byId.get(q.parentId) : undefined, depth++) {
      if (q.kind === "zone") zone ??= q.name;
      if (q.kind === "rack") rack ??= q.name;
    }
    where.set(p.id, { zone, rack, model: p.hardwareModelId ?? null, live: p.state !== "retired" });
  }
  const cells = new Map<string, Cell>();
  const add = (providerId: string, resourceClass: string, project: string | null, capacity: number, used: number) => {
    const w = where.get(providerId);
    if (!w || !w.live) return;
    const cell = { resourceClass, zone: w.zone, rack: w.rack, hardwareModel: w.model, project, capacity: 0, used: 0 };
    const key = cellKey(cell);
    const c = cells.get(key) ?? cells.set(key, cell).get(key)!;
    c.capacity += capacity;
    c.used += used;
  };
  const withInventory = new Set<string>();
  for (const inv of input.inventories) {
    withInventory.add(`${inv.providerId}/${inv.resourceClass}`);
    add(inv.providerId, inv.resourceClass, null, capacityOf({ total: inv.total, reserved: inv.reserved ?? 0, allocationRatio: inv.allocationRatio ?? 1 }), 0);
  }
  const project = new Map(input.consumers.map((c) => [c.id, c.projectId]));
  for (const a of input.allocations) {
    if (!withInventory.has(`${a.providerId}/${a.resourceClass}`)) continue;
    add(a.providerId, a.resourceClass, null, 0, a.used);
    add(a.providerId, a.resourceClass, project.get(a.consumerId) ?? "(none)", 0, a.used);
  }
  return sortCells([...cells.values()]);
}
