import type * as s from "../../../drizzle/schema";
import { capacityOf, fits } from "../../../scheduler/capacity";

/** Everything the seed writes, built in memory first (deterministically), then inserted in batches. */
export type Plan = {
  resourceClasses: (typeof s.resourceClasses.$inferInsert)[];
  traits: (typeof s.traits.$inferInsert)[];
  hardwareModels: (typeof s.hardwareModels.$inferInsert)[];
  flavors: (typeof s.flavors.$inferInsert)[];
  volumeTypes: (typeof s.volumeTypes.$inferInsert)[];
  providers: (typeof s.resourceProviders.$inferInsert & { id: string })[];
  inventories: (typeof s.inventories.$inferInsert)[];
  providerTraits: (typeof s.providerTraits.$inferInsert)[];
  aggregates: (typeof s.aggregates.$inferInsert & { id: string })[];
  providerAggregates: (typeof s.providerAggregates.$inferInsert)[];
  serverGroups: (typeof s.serverGroups.$inferInsert & { id: string })[];
  consumers: (typeof s.consumers.$inferInsert & { id: string })[];
  allocations: (typeof s.allocations.$inferInsert)[];
  placementRequests: (typeof s.placementRequests.$inferInsert & { id: string })[];
  placementRequestEvents: (typeof s.placementRequestEvents.$inferInsert)[];
  auditLog: (typeof s.auditLog.$inferInsert)[];
};

export type InventoryRecord = { total: number; reserved: number; allocationRatio: number; minUnit: number; maxUnit: number; stepSize: number };

/** Capacity and use per provider and class while the workload is generated. */
export class Ledger {
  private readonly inv = new Map<string, InventoryRecord>();
  private readonly used = new Map<string, number>();

  setInventory(providerId: string, rc: string, record: InventoryRecord) {
    this.inv.set(`${providerId}/${rc}`, record);
  }

  capacity(providerId: string, rc: string): number {
    const r = this.inv.get(`${providerId}/${rc}`);
    return r ? capacityOf(r) : 0;
  }

  usedOf(providerId: string, rc: string): number {
    return this.used.get(`${providerId}/${rc}`) ?? 0;
  }

  /** The capacity rule (scheduler/capacity.ts), with min/max unit and step size. */
  fits(providerId: string, resources: Record<string, number>): boolean {
    for (const [rc, amount] of Object.entries(resources)) {
      const r = this.inv.get(`${providerId}/${rc}`);
      if (!r || fits(r, this.usedOf(providerId, rc), amount) !== "ok") return false;
    }
    return true;
  }

  take(providerId: string, resources: Record<string, number>) {
    for (const [rc, amount] of Object.entries(resources)) {
      this.used.set(`${providerId}/${rc}`, this.usedOf(providerId, rc) + amount);
    }
  }

  /** Highest used/capacity over the given classes. */
  fill(providerId: string, classes: string[]): number {
    let max = 0;
    for (const rc of classes) {
      const cap = this.capacity(providerId, rc);
      if (cap > 0) max = Math.max(max, this.usedOf(providerId, rc) / cap);
    }
    return max;
  }
}
