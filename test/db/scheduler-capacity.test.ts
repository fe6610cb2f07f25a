/**
 * One capacity rule (issue #10, item 1): whatever the engine decides, the database's writer accepts.
 * Random inventories with fractional allocation ratios, reserved amounts and use already there; the
 * batch engine's placements (place()) and the online placer's, each written through the real writer
 * (replaceAllocations) on every backend: never refused, and no provider ends over its capacity.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventories, resourceProviders } from "../../drizzle/schema";
import { createOnlinePlacer, place } from "../../scheduler";
import { capacityOf } from "../../scheduler/capacity";
import type { Allocation, PlacementRequest, Provider } from "../../scheduler/contract";
import { replaceAllocations } from "../../server/inventory/allocations";
import { backends, rows, useTestDatabase } from "./harness";

const ratios = [0.5, 1, 1.2, 1.5, 2.5, 3.7, 16 / 3, 4];
const invArb = (min: number, max: number) =>
  fc.record({ total: fc.integer({ min, max }), reservedShare: fc.double({ min: 0, max: 0.4, noNaN: true }), ratio: fc.constantFrom(...ratios), usedShare: fc.double({ min: 0, max: 0.9, noNaN: true }) });
const hostArb = fc.record({ vcpu: invArb(1, 64), mem: invArb(512, 65536) });
const storageArb = invArb(10, 2000);
const requestArb = fc.record({ vcpu: fc.integer({ min: 1, max: 12 }), mem: fc.integer({ min: 128, max: 16384 }), volume: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }) });
const caseArb = fc.record({
  hosts: fc.array(hostArb, { minLength: 1, maxLength: 6 }),
  storage: fc.array(storageArb, { minLength: 1, maxLength: 2 }),
  requests: fc.array(requestArb, { minLength: 1, maxLength: 25 }),
  online: fc.boolean(),
});

type Inv = { total: number; reserved: number; allocationRatio: number };
const invOf = (g: { total: number; reservedShare: number; ratio: number }): Inv =>
  ({ total: g.total, reserved: Math.floor(g.total * g.reservedShare), allocationRatio: g.ratio });
/** The largest single allocation: the whole capacity, rounded up (so the fit is decided by the capacity rule). */
const maxUnitOf = (inv: Inv) => Math.max(1, Math.ceil(inv.total * inv.allocationRatio));
/** Use already there: a whole amount that fits (never above the unrounded capacity). */
const usedOf = (inv: Inv, share: number) => Math.floor(Math.max(0, capacityOf(inv)) * share);

describe.each(backends())("the engine's placements through the writer on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  it("are never refused and never over capacity, with fractional ratios and reserved amounts", async () => {
    let written = 0;
    await fc.assert(fc.asyncProperty(caseArb, async (c) => {
      const run = randomUUID().slice(0, 8);
      const providers: Provider[] = [];
      const ids = new Map<string, string>();
      const preUse: { providerId: string; resources: Record<string, number> }[] = [];
      const add = async (name: string, kind: "host" | "storage", invs: Record<string, Inv & { used: number }>) => {
        const [p] = await t.db.insert(resourceProviders).values({ name, kind }).returning({ id: resourceProviders.id });
        ids.set(name, p!.id);
        await t.db.insert(inventories).values(Object.entries(invs).map(([rc, i]) => ({
          providerId: p!.id, resourceClass: rc, total: i.total, reserved: i.reserved, allocationRatio: i.allocationRatio, maxUnit: maxUnitOf(i),
        })));
        const used = Object.fromEntries(Object.entries(invs).filter(([, i]) => i.used > 0).map(([rc, i]) => [rc, i.used]));
        if (Object.keys(used).length > 0) preUse.push({ providerId: p!.id, resources: used });
        providers.push({
          id: name, kind, inventory: Object.fromEntries(Object.entries(invs).map(([rc, i]) => [rc, { total: i.total, reserved: i.reserved, allocationRatio: i.allocationRatio, maxUnit: maxUnitOf(i) }])),
          ...(Object.keys(used).length > 0 && { used }),
        });
      };
      for (const [i, h] of c.hosts.entries()) {
        const vcpu = invOf(h.vcpu);
        const mem = invOf(h.mem);
        await add(`cap-${run}-h${i}`, "host", { VCPU: { ...vcpu, used: usedOf(vcpu, h.vcpu.usedShare) }, MEMORY_MB: { ...mem, used: usedOf(mem, h.mem.usedShare) } });
      }
      for (const [i, s] of c.storage.entries()) {
        const vol = invOf(s);
        await add(`cap-${run}-s${i}`, "storage", { VOLUME_GB: { ...vol, used: usedOf(vol, s.usedShare) } });
      }
      // The use already there, through the writer too.
      for (const u of preUse) {
        const out = await replaceAllocations(t.db, { consumerId: randomUUID(), consumerGeneration: null, consumer: { name: "pre", projectId: "p", userId: "u" }, allocations: [u] }, "test");
        expect(out.ok).toBe(true);
      }
      const requests: PlacementRequest[] = c.requests.map((r, i) => ({
        id: `r${i}`, compute: { resources: { VCPU: r.vcpu, MEMORY_MB: r.mem } },
        ...(r.volume !== undefined && { storage: [{ resources: { VOLUME_GB: r.volume } }] }),
      }));
      let placements: { request: string; allocations: Allocation[] }[];
      if (c.online) {
        const placer = createOnlinePlacer({ providers });
        placements = [];
        for (const r of requests) {
          const out = placer.place(r);
          if (out.ok) placements.push({ request: r.id, allocations: out.allocations });
        }
      } else {
        placements = (await place({ providers, requests }, { timeLimitMs: 300 })).placements;
      }
      for (const p of placements) {
        const out = await replaceAllocations(t.db, {
          consumerId: randomUUID(), consumerGeneration: null, consumer: { name: p.request, projectId: "p", userId: "u" },
          allocations: p.allocations.map((a) => ({ providerId: ids.get(a.provider)!, resources: a.resources })),
        }, "test");
        if (!out.ok) throw new Error(`the writer refused the engine's placement of ${p.request}: ${out.field}: ${out.message}`);
        written += 1;
      }
      const over = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from inventories i
        where (select coalesce(sum(a.used), 0) from allocations a where a.provider_id = i.provider_id and a.resource_class = i.resource_class)
          > (i.total - i.reserved) * i.allocation_ratio`);
      expect(over[0]!.n).toBe(0);
    }), { numRuns: 25, seed: 1011 });
    expect(written).toBeGreaterThan(0);
  }, 240_000);
});
