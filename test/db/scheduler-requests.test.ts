/**
 * The request API (requests.submit / list / get / cancel / retry / delete, workers.list) on the demo
 * data centre, on every backend: idempotent submits, bad input refused with the field named and
 * nothing written, and each command through the state machine.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { backends, rows, useTestDatabase } from "./harness";
import { codeOf, fieldsOf } from "./fixtures";

describe.each(backends())("request API on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });
  const count = async () => (await rows<{ n: number }>(t.db, sql`select count(*)::int as n from placement_requests`))[0]!.n;
  const aHost = async () => (await rows<{ name: string }>(t.db, sql`select name from resource_providers where kind = 'host' and state = 'active' order by name limit 1`))[0]!.name;

  it("submits, and the same key again is the same request", async () => {
    const api = t.caller("alice");
    const before = await count();
    const body = { requests: [{ key: "web-1", flavor: "m1.large", network: [{ resources: { IPV4_ADDRESS: 1 } }], priority: 10 }] };
    const first = await api.requests.submit(body);
    expect(first.requests).toEqual([{ id: expect.any(String), key: "web-1", created: true }]);
    const again = await api.requests.submit(body);
    expect(again.requests).toEqual([{ ...first.requests[0], created: false }]);
    expect(await count()).toBe(before + 1);
    const got = await api.requests.get({ id: "web-1" });
    expect(got.state).toBe("pending");
    expect(got.spec.compute.resources).toEqual({ VCPU: 4, MEMORY_MB: 8192, DISK_GB: 80 });
    expect(got.history).toEqual([expect.objectContaining({ fromState: null, toState: "pending", actor: "alice", reason: "submitted" })]);
    expect(got.journal).toEqual([]);
    expect(got.allocations).toEqual([]);
  });

  it("names copies key#k and refuses a key reused with a different body, naming the field", async () => {
    const api = t.caller();
    const out = await api.requests.submit({ requests: [{ key: "batch-a", compute: { resources: { VCPU: 2, MEMORY_MB: 2048 } }, count: 3 }] });
    expect(out.requests.map((r) => r.key)).toEqual(["batch-a#0", "batch-a#1", "batch-a#2"]);
    const before = await count();
    const changed = api.requests.submit({ requests: [{ key: "batch-a", compute: { resources: { VCPU: 4, MEMORY_MB: 2048 } }, count: 3 }] });
    expect(await fieldsOf(changed)).toEqual(["requests.0.compute.resources.VCPU"]);
    expect(await count()).toBe(before);
    const again = await api.requests.submit({ requests: [{ count: 3, key: "batch-a", compute: { resources: { MEMORY_MB: 2048, VCPU: 2 } } }] });
    expect(again.requests.map((r) => [r.key, r.created])).toEqual([["batch-a#0", false], ["batch-a#1", false], ["batch-a#2", false]]);
  });

  it.each([
    ["an unknown flavor", { flavor: "m9.huge" }, "requests.1.flavor"],
    ["an unknown host", { compute: { resources: { VCPU: 1 } }, pinnedHost: "no-such-host" }, "requests.1.pinnedHost"],
    ["an unknown zone", { compute: { resources: { VCPU: 1 } }, zone: "az9" }, "requests.1.zone"],
    ["an unknown server group", { compute: { resources: { VCPU: 1 } }, serverGroup: "nobody/none" }, "requests.1.serverGroup"],
    ["an unknown resource class", { compute: { resources: { VCPU: 1, CUSTOM_NOPE: 1 } } }, "requests.1.compute.resources.CUSTOM_NOPE"],
    ["an unknown volume type", { flavor: "m1.small", storage: [{ resources: { VOLUME_GB: 10 }, volumeType: "gold" }] }, "requests.1.storage.0.volumeType"],
    ["a negative amount", { compute: { resources: { VCPU: -1 } } }, "requests.1.compute.resources.VCPU"],
    ["a fractional amount", { compute: { resources: { VCPU: 1.5 } } }, "requests.1.compute.resources.VCPU"],
    ["a wrong type", { compute: { resources: { VCPU: "two" } } }, "requests.1.compute.resources.VCPU"],
    ["no compute and no flavor", {}, "requests.1.compute"],
    ["an unknown field", { flavor: "m1.small", colour: "red" }, "requests.1"],
    ["a key with #", { flavor: "m1.small", key: "a#1" }, "requests.1.key"],
  ])("refuses %s, naming the field, and writes nothing", async (_what, fields, field) => {
    const api = t.caller();
    const before = await count();
    const call = api.requests.submit({ requests: [{ key: "fine-one", flavor: "m1.small" }, { key: "bad-one", ...fields }] as never });
    expect(await codeOf(call)).toBe("BAD_REQUEST");
    expect(await fieldsOf(api.requests.submit({ requests: [{ key: "fine-one", flavor: "m1.small" }, { key: "bad-one", ...fields }] as never }))).toContain(field);
    expect(await count()).toBe(before);
  });

  it("refuses a key given twice in one submission", async () => {
    const call = t.caller().requests.submit({ requests: [{ key: "twice", flavor: "m1.small" }, { key: "twice", flavor: "m1.small" }] });
    expect(await fieldsOf(call)).toEqual(["requests.1.key"]);
  });

  it("accepts a pinned host, a zone, a server group and a volume type of the catalogue", async () => {
    const api = t.caller();
    const [group] = await api.requests.serverGroups();
    const host = await aHost();
    const out = await api.requests.submit({ requests: [{
      key: "full", project: group!.projectId, flavor: "m1.small", pinnedHost: host, zone: "az1", serverGroup: group!.name,
      storage: [{ resources: { VOLUME_GB: 20 }, volumeType: "ssd" }],
    }] });
    const got = await api.requests.get({ id: out.requests[0]!.id });
    expect(got.pinnedHost).toBe(host);
    expect(got.serverGroup).toBe(group!.name);
    expect(got.spec.storage?.[0]?.requiredTraits).toEqual(["STORAGE_DISK_SSD", "CUSTOM_CEPH_RBD"]);
  });

  it("cancels a pending request once; a cancelled one stays cancelled", async () => {
    const api = t.caller("bob");
    await api.requests.submit({ requests: [{ key: "to-cancel", flavor: "m1.small" }] });
    expect((await api.requests.cancel({ id: "to-cancel" })).state).toBe("cancelled");
    expect((await api.requests.cancel({ id: "to-cancel" })).message).toBe("already cancelled");
    const got = await api.requests.get({ id: "to-cancel" });
    expect(got.history.map((h) => h.toState)).toEqual(["pending", "cancelled"]);
    expect(got.history[1]!.actor).toBe("bob");
    expect(await codeOf(api.requests.retry({ id: "to-cancel" }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(api.requests.cancel({ id: "no-such-key" }))).toBe("NOT_FOUND");
  });

  it("cancels a placed request and frees its allocations", async () => {
    const api = t.caller();
    const placed = (await api.requests.list({ state: "placed", limit: 1 })).items[0]!;
    expect(placed.consumerId).not.toBeNull();
    const held = async () => (await rows<{ n: number }>(t.db, sql`select count(*)::int as n from allocations where consumer_id = ${placed.consumerId}`))[0]!.n;
    expect(await held()).toBeGreaterThan(0);
    await api.requests.cancel({ id: placed.id });
    expect(await held()).toBe(0);
    expect((await api.requests.get({ id: placed.id })).state).toBe("cancelled");
  });

  it("retries a failed request, refuses to cancel an active one, and asks a worker to delete it", async () => {
    const api = t.caller();
    const failed = (await api.requests.list({ state: "failed", limit: 1 })).items[0]!;
    expect(failed.code).toBe("NO_CAPACITY");
    const retried = await api.requests.retry({ id: failed.key });
    expect(retried.state).toBe("pending");
    expect((await api.requests.get({ id: failed.id })).attempts).toBe(0);
    const active = (await api.requests.list({ state: "active", limit: 1 })).items[0]!;
    expect(await codeOf(api.requests.cancel({ id: active.id }))).toBe("PRECONDITION_FAILED");
    const pending = (await api.requests.list({ state: "pending", limit: 1 })).items[0]!;
    expect(await fieldsOf(api.requests.delete({ id: pending.id }))).toEqual(["id"]);
    const del = await api.requests.delete({ id: active.id });
    expect(del).toMatchObject({ state: "active" });
    const got = await api.requests.get({ id: active.id });
    expect(got.deleteRequested).toBe(true);
    expect(got.allocations.length).toBeGreaterThan(0);
    expect(got.history.at(-1)).toMatchObject({ fromState: "active", toState: "active" });
  });

  it("lists with filters and counts", async () => {
    const api = t.caller();
    const all = await api.requests.list({ limit: 500 });
    expect(all.items).toHaveLength(all.total);
    const states = Object.entries(all.byState).reduce((s, [, n]) => s + (n ?? 0), 0);
    expect(states).toBe(all.total);
    const some = await api.requests.list({ states: ["active", "failed"], limit: 500 });
    expect(some.total).toBe((all.byState.active ?? 0) + (all.byState.failed ?? 0));
    expect(some.items.every((i) => i.state === "active" || i.state === "failed")).toBe(true);
    const search = await api.requests.list({ search: "batch-a" });
    expect(search.items.map((i) => i.key).sort()).toEqual(["batch-a#0", "batch-a#1", "batch-a#2"]);
    const byProject = await api.requests.list({ project: "default", limit: 500 });
    expect(byProject.items.every((i) => i.projectId === "default")).toBe(true);
  });

  it("lists only requests of at least a priority, and refuses a bad minimum naming the field", async () => {
    const api = t.caller();
    await api.requests.submit({ requests: [
      { key: "prio-low", flavor: "m1.small", priority: -3 },
      { key: "prio-mid", flavor: "m1.small", priority: 4 },
      { key: "prio-high", flavor: "m1.small", priority: 5 },
    ] });
    const keys = async (minPriority: number) => (await api.requests.list({ search: "prio-", minPriority })).items.map((i) => i.key).sort();
    expect(await keys(5)).toEqual(["prio-high"]);
    expect(await keys(4)).toEqual(["prio-high", "prio-mid"]);
    expect(await keys(-3)).toEqual(["prio-high", "prio-low", "prio-mid"]);
    const all = await api.requests.list({ limit: 500 });
    const atLeast = await api.requests.list({ minPriority: 4, limit: 500 });
    expect(atLeast.total).toBe(all.items.filter((i) => i.priority >= 4).length);
    expect(atLeast.items.every((i) => i.priority >= 4)).toBe(true);
    for (const bad of [1.5, "high", 5000]) {
      const call = api.requests.list({ minPriority: bad } as never);
      expect(await codeOf(call)).toBe("BAD_REQUEST");
      expect(await fieldsOf(api.requests.list({ minPriority: bad } as never))).toEqual(["minPriority"]);
    }
  });

  it("lists workers (none yet) and the driver the pages show", async () => {
    const out = await t.caller().workers.list();
    expect(out.workers).toEqual([]);
    expect(out.provisioning).toEqual({ driver: "simulated", simulated: true, workersAlive: 0 });
  });
});
