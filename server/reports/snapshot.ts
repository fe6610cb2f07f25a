/**
 * Taking a utilisation snapshot of the live inventory: the cells of cells.ts from two grouped reads
 * (capacity per distinct inventory, through the one capacity rule; use per project), written as one
 * set of rows sharing `at`, in one transaction. Called by the scheduled job and on demand.
 */
import { eq, ne, sql } from "drizzle-orm";
import { allocations, consumers, inventories, providerLocations, resourceProviders, utilisationSnapshots } from "../../drizzle/schema";
import { capacityOf } from "../../scheduler/capacity";
import type { Db, DbOrTx } from "../db/client";
import { allocatedToInventory } from "../inventory/usage";
import { cellKey, sortCells, type Cell } from "./cells";

const p = resourceProviders;

/** Capacity and use per cell, and use per project per cell, of the live inventory (retired providers left out). */
export async function liveCells(db: DbOrTx): Promise<Cell[]> {
  const [facts, perProject] = await Promise.all([
    db
      .select({
        zone: providerLocations.zone, rack: providerLocations.rack, hardwareModel: p.hardwareModelId,
        resourceClass: inventories.resourceClass, total: inventories.total, reserved: inventories.reserved,
        allocationRatio: inventories.allocationRatio,
        n: sql<string>`count(*)`.mapWith(Number),
        used: sql<string>`coalesce(sum(${allocatedToInventory}), 0)`.mapWith(Number),
      })
      .from(inventories)
      .innerJoin(p, eq(p.id, inventories.providerId))
      .innerJoin(providerLocations, eq(providerLocations.providerId, p.id))
      .where(ne(p.state, "retired"))
      .groupBy(providerLocations.zone, providerLocations.rack, p.hardwareModelId, inventories.resourceClass,
        inventories.total, inventories.reserved, inventories.allocationRatio),
    db
      .select({
        zone: providerLocations.zone, rack: providerLocations.rack, hardwareModel: p.hardwareModelId,
        resourceClass: allocations.resourceClass, project: consumers.projectId,
        used: sql<string>`sum(${allocations.used})`.mapWith(Number),
      })
      .from(allocations)
      .innerJoin(consumers, eq(consumers.id, allocations.consumerId))
      .innerJoin(p, eq(p.id, allocations.providerId))
      .innerJoin(providerLocations, eq(providerLocations.providerId, p.id))
      .innerJoin(inventories, sql`${inventories.providerId} = ${allocations.providerId} and ${inventories.resourceClass} = ${allocations.resourceClass}`)
      .where(ne(p.state, "retired"))
      .groupBy(providerLocations.zone, providerLocations.rack, p.hardwareModelId, allocations.resourceClass, consumers.projectId),
  ]);
  const cells = new Map<string, Cell>();
  for (const f of facts) {
    const cell: Cell = { resourceClass: f.resourceClass, zone: f.zone, rack: f.rack, hardwareModel: f.hardwareModel, project: null, capacity: 0, used: 0 };
    const key = cellKey(cell);
    const c = cells.get(key) ?? cells.set(key, cell).get(key)!;
    c.capacity += capacityOf(f) * f.n;
    c.used += f.used;
  }
  for (const u of perProject) {
    const cell: Cell = { resourceClass: u.resourceClass, zone: u.zone, rack: u.rack, hardwareModel: u.hardwareModel, project: u.project, capacity: 0, used: u.used };
    cells.set(cellKey(cell), cell);
  }
  return sortCells([...cells.values()]);
}

export type SnapshotSource = "seed" | "schedule" | "manual";
export type SnapshotResult = { at: string; rows: number; source: SnapshotSource };

const ROWS_PER_STATEMENT = 3000;

/** Writes cells as snapshot rows (in batches under PostgreSQL's bind-parameter limit). */
export async function insertSnapshotRows(db: DbOrTx, rows: (Cell & { at: Date; source: SnapshotSource })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db.insert(utilisationSnapshots).values(rows.slice(i, i + ROWS_PER_STATEMENT));
  }
}

/** A snapshot of the live inventory now: one transaction, read and write together. */
export async function takeSnapshot(db: Db, options: { at: Date; source: SnapshotSource }): Promise<SnapshotResult> {
  return db.transaction(async (tx) => {
    const cells = await liveCells(tx);
    await insertSnapshotRows(tx, cells.map((c) => ({ ...c, at: options.at, source: options.source })));
    return { at: options.at.toISOString(), rows: cells.length, source: options.source };
  });
}
