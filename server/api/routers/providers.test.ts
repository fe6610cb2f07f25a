import { TRPCError } from "@trpc/server";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { allocations, auditLog, consumers, inventories } from "../../../drizzle/schema";
import { backends, useTestDatabase } from "../../../test/db/harness";
import { codeOf, fieldsOf, smallTree } from "../../../test/db/fixtures";

describe.each(backends())("providers and inventory writes on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  it("creates a tree and reads it back with zone, rack, ancestors and capacity", async () => {
    const api = t.caller("alice");
    const tree = await smallTree(api, "ct");
    const host = await api.providers.get({ id: tree.hosts[0] ?? "" });
    expect(host).toMatchObject({ name: "ct-h1", kind: "host", zone: "ct-az", rack: "ct-r1", generation: 0, consumers: 0 });
    expect(host.ancestors.map((a) => a.name)).toEqual(["ct-region", "ct-az", "ct-r1"]);
    expect(host.parent?.name).toBe("ct-r1");
    const vcpu = host.inventories.find((i) => i.resourceClass === "VCPU");
    expect(vcpu).toMatchObject({ total: 64, capacity: 64 * 4, used: 0, free: 256, maxUnit: 64 });
    const mem = host.inventories.find((i) => i.resourceClass === "MEMORY_MB");
    expect(mem?.capacity).toBe((262144 - 4096) * 1.5);
    expect(host.traits).toEqual(["HW_CPU_X86_AVX2"]);
    expect(host.audit[0]).toMatchObject({ actor: "alice", action: "provider.create", before: null });
    const rack = await api.providers.get({ id: tree.rack });
    expect(rack.children.map((c) => c.name)).toEqual(["ct-h1", "ct-h2"]);
  });

  type Spec = { kind: "host" | "rack"; parent: "region" | "zone"; inventories?: Record<string, { total: number }>; traits?: string[] };
  it.each<[string, Spec, string]>([
    ["a host under a region", { kind: "host", parent: "region" }, "parentId"],
    ["inventory on a rack", { kind: "rack", parent: "zone", inventories: { VCPU: { total: 4 } } }, "inventories"],
    ["an unknown standard trait", { kind: "rack", parent: "zone", traits: ["NOT_A_TRAIT"] }, "traits[0]"],
  ])("refuses %s with BAD_REQUEST naming the field", async (_label, spec, field) => {
    const api = t.caller();
    const tag = `bad-${field.replace(/\W/g, "")}`;
    const tree = await smallTree(api, tag, 0);
    const parentId = spec.parent === "region" ? tree.region : tree.zone;
    const error = await api.providers
      .create({ name: `${tag}-x`, kind: spec.kind, parentId, inventories: spec.inventories ?? {}, traits: spec.traits ?? [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(new RegExp(`^${field.replace(/[[\]]/g, "\\$&")}: `));
  });

  it("refuses a duplicate name with CONFLICT, and a zod-invalid input with BAD_REQUEST naming the field", async () => {
    const api = t.caller();
    await api.providers.create({ name: "dup-region", kind: "region" });
    expect(await codeOf(api.providers.create({ name: "dup-region", kind: "region" }))).toBe("CONFLICT");
    expect(await codeOf(api.providers.create({ name: "", kind: "region" }))).toBe("BAD_REQUEST");
    expect(await fieldsOf(api.providers.create({ name: "", kind: "region" }))).toEqual(["name"]);
  });

  it("updates with the generation it read; a stale generation is a CONFLICT and changes nothing", async () => {
    const api = t.caller();
    const tree = await smallTree(api, "up", 1);
    const id = tree.hosts[0] ?? "";
    const first = await api.providers.update({ id, generation: 0, state: "maintenance", attributes: { note: "fan" } });
    expect(first.generation).toBe(1);
    expect(await codeOf(api.providers.update({ id, generation: 0, state: "active" }))).toBe("CONFLICT");
    const after = await api.providers.get({ id });
    expect(after).toMatchObject({ state: "maintenance", generation: 1, attributes: { note: "fan" } });
    expect(await codeOf(api.providers.update({ id: "00000000-0000-4000-8000-000000000000", generation: 0 }))).toBe("NOT_FOUND");
    expect(await codeOf(api.providers.get({ id: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
  });

  it("sets inventory: valid values apply; invalid ones name the field; stale generation conflicts; capacity below use is refused", async () => {
    const api = t.caller("bob");
    const tree = await smallTree(api, "inv", 1);
    const providerId = tree.hosts[0] ?? "";
    const ok = await api.inventory.set({ providerId, generation: 0, resourceClass: "DISK_GB", total: 2000, reserved: 100 });
    expect(ok.generation).toBe(1);

    const invalid = { providerId, generation: 1, resourceClass: "DISK_GB", total: 100, reserved: 200 };
    expect(await codeOf(api.inventory.set(invalid))).toBe("BAD_REQUEST");
    expect(await fieldsOf(api.inventory.set(invalid))).toEqual(["reserved"]);
    expect(await fieldsOf(api.inventory.set({ ...invalid, reserved: 0, allocationRatio: -1 }))).toEqual(["allocationRatio"]);

    expect(await codeOf(api.inventory.set({ providerId, generation: 0, resourceClass: "DISK_GB", total: 1 }))).toBe("CONFLICT");
    const missing = { providerId: "00000000-0000-4000-8000-000000000000", generation: 0, resourceClass: "DISK_GB", total: 1 };
    expect(await codeOf(api.inventory.set(missing))).toBe("NOT_FOUND");
    expect(await fieldsOf(api.inventory.set(missing))).toEqual(["providerId"]);
    const [disk] = await t.db.select({ total: inventories.total }).from(inventories)
      .where(and(eq(inventories.providerId, providerId), eq(inventories.resourceClass, "DISK_GB")));
    expect(disk?.total).toBe(2000);

    // Put 200 VCPU of use on it, then try to shrink VCPU capacity below that.
    const [consumer] = await t.db.insert(consumers).values({ name: "vm-1", projectId: "p", userId: "u" }).returning({ id: consumers.id });
    await t.db.insert(allocations).values({ consumerId: consumer?.id ?? "", providerId, resourceClass: "VCPU", used: 200 });
    const below = await api.inventory
      .set({ providerId, generation: 1, resourceClass: "VCPU", total: 64, allocationRatio: 3 })
      .catch((e: unknown) => e as TRPCError);
    expect((below as TRPCError).code).toBe("BAD_REQUEST");
    expect((below as TRPCError).message).toMatch(/^allocationRatio: .*192.*200/);
    expect(await fieldsOf(api.inventory.set({ providerId, generation: 1, resourceClass: "VCPU", total: 40, allocationRatio: 4 }))).toEqual(["total"]);
    const host = await api.providers.get({ id: providerId });
    expect(host.generation).toBe(1); // the refused write rolled back its generation bump too
    expect(host.inventories.find((i) => i.resourceClass === "VCPU")).toMatchObject({ allocationRatio: 4, used: 200, free: 56 });
    expect(await codeOf(api.inventory.remove({ providerId, generation: 1, resourceClass: "VCPU" }))).toBe("PRECONDITION_FAILED");
    expect((await api.inventory.remove({ providerId, generation: 1, resourceClass: "DISK_GB" })).generation).toBe(2);

    // Refused retire while it holds allocations.
    expect(await codeOf(api.providers.retire({ id: providerId, generation: 2 }))).toBe("PRECONDITION_FAILED");
    const audit = await t.db.select({ action: auditLog.action, actor: auditLog.actor }).from(auditLog).where(eq(auditLog.entityId, providerId));
    expect(audit.filter((a) => a.action.startsWith("inventory.")).map((a) => a.actor)).toEqual(["bob", "bob"]);
  });

  it("retires a provider without allocations or live children, and refuses a parent with live children", async () => {
    const api = t.caller();
    const tree = await smallTree(api, "ret", 1);
    expect(await codeOf(api.providers.retire({ id: tree.rack, generation: 0 }))).toBe("PRECONDITION_FAILED");
    const done = await api.providers.retire({ id: tree.hosts[0] ?? "", generation: 0 });
    expect(done.generation).toBe(1);
    const list = await api.providers.list({ search: "ret-h" });
    expect(list.total).toBe(0);
    const retired = await api.providers.list({ search: "ret-h", state: "retired" });
    expect(retired.items.map((i) => i.name)).toEqual(["ret-h1"]);
    expect((await api.providers.retire({ id: tree.rack, generation: 0 })).generation).toBe(1);
  });

  it("replaces traits (custom ones created on first use) and aggregates, generation-checked", async () => {
    const api = t.caller();
    const tree = await smallTree(api, "tr", 1);
    const id = tree.hosts[0] ?? "";
    await api.providers.setTraits({ id, generation: 0, traits: ["HW_CPU_X86_AVX512F", "CUSTOM_GOLD"] });
    expect((await api.providers.get({ id })).traits).toEqual(["CUSTOM_GOLD", "HW_CPU_X86_AVX512F"]);
    expect((await api.traits.list()).find((x) => x.name === "CUSTOM_GOLD")).toMatchObject({ standard: false, providers: 1 });
    expect(await codeOf(api.providers.setTraits({ id, generation: 0, traits: [] }))).toBe("CONFLICT");
    expect(await codeOf(api.providers.setTraits({ id, generation: 1, traits: ["UNKNOWN_STD"] }))).toBe("BAD_REQUEST");

    const rackOnly = await api.imports.providers({ format: "json", content: JSON.stringify([{ name: "tr-agg-holder", kind: "region", aggregates: ["tr-agg"] }]) });
    expect(rackOnly.ok).toBe(true);
    const agg = (await api.aggregates.list()).find((a) => a.name === "tr-agg");
    expect(agg).toBeDefined();
    await api.providers.setAggregates({ id, generation: 1, aggregateIds: [agg?.id ?? ""] });
    expect((await api.providers.get({ id })).aggregates.map((a) => a.name)).toEqual(["tr-agg"]);
    expect(await codeOf(api.providers.setAggregates({ id, generation: 2, aggregateIds: ["00000000-0000-4000-8000-000000000000"] }))).toBe("BAD_REQUEST");
    expect((await api.providers.get({ id })).aggregates).toHaveLength(1);
  });

  it("lets exactly one of several writers with the same generation win", async () => {
    const api = t.caller();
    const tree = await smallTree(api, "race", 1);
    const providerId = tree.hosts[0] ?? "";
    const writers = Array.from({ length: 6 }, (_, i) =>
      api.inventory.set({ providerId, generation: 0, resourceClass: "VCPU", total: 64, allocationRatio: 1 + i }).then(
        () => "ok" as const,
        (e: unknown) => (e as TRPCError).code,
      ),
    );
    const results = await Promise.all(writers);
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === "CONFLICT")).toHaveLength(5);
    const host = await api.providers.get({ id: providerId });
    expect(host.generation).toBe(1);
    const [audits] = await t.db.select({ n: count() }).from(auditLog)
      .where(and(eq(auditLog.entityId, providerId), eq(auditLog.action, "inventory.set")));
    expect(audits?.n).toBe(1);
  });
});
