import { randomUUID } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { allocations, consumers } from "../../drizzle/schema";
import { smallTree } from "../../test/db/fixtures";
import { backends, useTestDatabase } from "../../test/db/harness";
import { replaceAllocations } from "./allocations";

const newConsumer = (name: string) => ({ name, projectId: "p", userId: "u" });

describe.each(backends())("replaceAllocations on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  it("claims, refuses what does not fit without writing anything, releases", async () => {
    const tree = await smallTree(t.caller(), "al", 2);
    const [h1 = "", h2 = ""] = tree.hosts;
    await t.caller().inventory.set({ providerId: h1, generation: 0, resourceClass: "VCPU", total: 64, allocationRatio: 1 });
    const id = randomUUID();
    const ok = await replaceAllocations(t.db, {
      consumerId: id, consumerGeneration: null, consumer: newConsumer("vm-a"),
      allocations: [{ providerId: h1, resources: { VCPU: 8, MEMORY_MB: 16384 } }],
    }, "scheduler-1");
    expect(ok).toEqual({ ok: true, value: { consumerId: id, generation: 1 } });
    const host = await t.caller().providers.get({ id: h1 });
    expect(host.inventories.find((i) => i.resourceClass === "VCPU")?.used).toBe(8);
    expect(host.consumers).toBe(1);

    // 64 VCPU at 1.0 with 8 used: 60 more does not fit; nothing of the second consumer is written.
    const other = randomUUID();
    const tooBig = await replaceAllocations(t.db, {
      consumerId: other, consumerGeneration: null, consumer: newConsumer("vm-b"),
      allocations: [{ providerId: h2, resources: { VCPU: 4 } }, { providerId: h1, resources: { VCPU: 60 } }],
    }, "scheduler-1");
    expect(tooBig).toMatchObject({ ok: false, code: "CONFLICT", field: "allocations[1].resources.VCPU" });
    const [written] = await t.db.select({ n: count() }).from(consumers).where(eq(consumers.id, other));
    expect(written?.n).toBe(0);

    expect(await replaceAllocations(t.db, { consumerId: id, consumerGeneration: 0, allocations: [] }, "x"))
      .toMatchObject({ ok: false, code: "CONFLICT", field: "consumerGeneration" });
    expect(await replaceAllocations(t.db, { consumerId: id, consumerGeneration: 1, allocations: [] }, "x"))
      .toMatchObject({ ok: true, value: { generation: 2 } });
    const [left] = await t.db.select({ n: count() }).from(allocations).where(eq(allocations.consumerId, id));
    expect(left?.n).toBe(0);
  });

  it("refuses new allocations on a provider in maintenance, and units the inventory forbids", async () => {
    const api = t.caller();
    const tree = await smallTree(api, "mt", 1);
    const h = tree.hosts[0] ?? "";
    await api.providers.update({ id: h, generation: 0, state: "maintenance" });
    const r = await replaceAllocations(t.db, {
      consumerId: randomUUID(), consumerGeneration: null, consumer: newConsumer("vm-m"),
      allocations: [{ providerId: h, resources: { VCPU: 1 } }],
    }, "x");
    expect(r).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
    await api.providers.update({ id: h, generation: 1, state: "active" });
    const huge = await replaceAllocations(t.db, {
      consumerId: randomUUID(), consumerGeneration: null, consumer: newConsumer("vm-u"),
      allocations: [{ providerId: h, resources: { VCPU: 65 } }], // maxUnit defaults to total (64)
    }, "x");
    expect(huge).toMatchObject({ ok: false, code: "BAD_REQUEST", field: "allocations[0].resources.VCPU" });
  });

  it("never over-commits a provider, however many writers race for it", async () => {
    const api = t.caller();
    const tree = await smallTree(api, "rc", 1);
    const h = tree.hosts[0] ?? "";
    await api.inventory.set({ providerId: h, generation: 0, resourceClass: "VCPU", total: 16, allocationRatio: 4 }); // 64 VCPU
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        replaceAllocations(t.db, {
          consumerId: randomUUID(), consumerGeneration: null, consumer: newConsumer(`vm-race-${i}`),
          allocations: [{ providerId: h, resources: { VCPU: 8 } }],
        }, `worker-${i % 3}`),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(8);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "CONFLICT")).toBe(true);
    const [used] = await t.db.select({ n: sql<string>`sum(${allocations.used})`.mapWith(Number) }).from(allocations).where(eq(allocations.providerId, h));
    expect(used?.n).toBe(64);
  });
});
