/**
 * The worker's cached picture of the inventory (server/scheduler/snapshot.ts) sees capacity added
 * and freed without waiting for it to age: a host added through the API is placed on at the next
 * window of the same worker that deferred a request for want of it; a release is seen once
 * RELEASE_READ_MS have passed since the last full read (before that the picture shows less room
 * than there is, never more).
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { replaceAllocations } from "../../server/inventory/allocations";
import { SimulatedDriver } from "../../server/provisioning/simulated";
import { RELEASE_READ_MS, SnapshotCache } from "../../server/scheduler/snapshot";
import { SchedulerWorker } from "../../server/scheduler/worker";
import { smallTree } from "./fixtures";
import { backends, useTestDatabase } from "./harness";

const hour = 3_600_000;

describe.each(backends())("the worker's snapshot on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });
  const api = () => t.caller("ops");

  it("a host added through the API is placed on by the worker that deferred the request, long before its picture ages", async () => {
    const { rack } = await smallTree(api(), "snap", 0);
    const worker = new SchedulerWorker(t.db, new SimulatedDriver({ db: t.db, seed: 1 }), {
      name: "snap-worker",
      config: { snapshotMaxAgeMs: hour, retry: { maxAttempts: 50, baseDelayMs: hour, factor: 1, maxDelayMs: hour } },
    });
    const submitted = await api().requests.submit({ requests: [{ key: "snap-1", compute: { resources: { VCPU: 2 }, requiredTraits: ["CUSTOM_SNAP_NEW"] } }] });
    await worker.step();
    expect((await api().requests.get({ id: "snap-1" })).state).toBe("pending");

    await api().providers.create({ name: "snap-new", kind: "host", parentId: rack, inventories: { VCPU: { total: 8 } }, traits: ["CUSTOM_SNAP_NEW"] });
    await worker.step();
    const got = await api().requests.get({ id: submitted.requests[0]!.id });
    expect(got.state).not.toBe("pending");
    expect(got.host).toBe("snap-new");
    worker.abandon();
  });

  it("a release is seen once RELEASE_READ_MS have passed since the last full read, and never shows more room than there is", async () => {
    const { rack } = await smallTree(api(), "rel", 0);
    const h = await api().providers.create({ name: "rel-h", kind: "host", parentId: rack, inventories: { VCPU: { total: 8 } } });
    const used = (s: SnapshotCache) => s.problem().providers.find((p) => p.id === "rel-h")!.used?.VCPU ?? 0;
    let now = 1_000_000;
    const snapshot = new SnapshotCache(t.db, hour, () => now);
    const consumerId = randomUUID();
    const made = await replaceAllocations(t.db, { consumerId, consumerGeneration: null, consumer: { name: "c", projectId: "p", userId: "u" }, allocations: [{ providerId: h.id, resources: { VCPU: 6 } }] }, "test");
    if (!made.ok) throw new Error(made.message);
    await snapshot.refresh();
    expect(used(snapshot)).toBe(6);

    const freed = await replaceAllocations(t.db, { consumerId, consumerGeneration: made.value.generation, allocations: [] }, "test");
    if (!freed.ok) throw new Error(freed.message);
    now += RELEASE_READ_MS / 2;
    await snapshot.refresh();
    expect(used(snapshot)).toBe(6);
    now += RELEASE_READ_MS;
    await snapshot.refresh();
    expect(used(snapshot)).toBe(0);

    // Writes that add (a new consumer) are deltas: seen at once, no full read needed.
    const fullReads = snapshot.fullReads;
    const again = await replaceAllocations(t.db, { consumerId: randomUUID(), consumerGeneration: null, consumer: { name: "d", projectId: "p", userId: "u" }, allocations: [{ providerId: h.id, resources: { VCPU: 3 } }] }, "test");
    if (!again.ok) throw new Error(again.message);
    await snapshot.refresh();
    expect(used(snapshot)).toBe(3);
    expect(snapshot.fullReads).toBe(fullReads);
  });
});
