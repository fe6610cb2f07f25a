/**
 * Capacity added wakes the requests waiting for it (DESIGN §5: "retried when capacity changes"), on
 * every backend: a request the worker deferred with a long backoff (the engine's code kept) is
 * claimable right after the inventory API adds room (a new host, a larger inventory, a provider
 * back in service, a trait gained), in the write's own transaction; a change that adds no room
 * leaves it to its backoff.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { createCaller } from "../../server/api/root";
import { createProviderIn } from "../../server/inventory/providers-write";
import { providerCreateInput } from "../../server/inventory/schemas";
import { SimulatedDriver } from "../../server/provisioning/simulated";
import { claimPending } from "../../server/scheduler/claim";
import { SchedulerWorker } from "../../server/scheduler/worker";
import { smallTree } from "./fixtures";
import { backends, rows, useTestDatabase } from "./harness";

type Api = ReturnType<typeof createCaller>;
type Vcpu = { total: number; reserved?: number; allocationRatio?: number };

/** An hour's backoff: a request woken in these tests was woken by the change, not by its clock. */
const longBackoff = { retry: { maxAttempts: 50, baseDelayMs: 3_600_000, factor: 1, maxDelayMs: 3_600_000 } };

describe.each(backends())("capacity added wakes waiting requests on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });
  let rack = "";
  let n = 0;
  const api = () => t.caller("ops");

  async function host(api: Api, vcpu: Vcpu, extra: { state?: "active" | "maintenance"; traits?: string[] } = {}) {
    if (!rack) rack = (await smallTree(api, "wake", 0)).rack;
    const name = `wake-h${++n}`;
    const created = await api.providers.create({ name, kind: "host", parentId: rack, inventories: { VCPU: vcpu }, ...extra });
    return { name, id: created.id };
  }
  const generation = async (id: string) => (await api().providers.get({ id })).generation;

  /** Submits a request and lets one worker step defer it (it does not fit); returns its id. */
  async function deferred(request: Record<string, unknown>): Promise<string> {
    const key = `wake-${++n}`;
    const out = await api().requests.submit({ requests: [{ key, ...request } as never] });
    const worker = new SchedulerWorker(t.db, new SimulatedDriver({ db: t.db, seed: 1 }), { name: `w-${key}`, config: longBackoff });
    await worker.step();
    const got = await api().requests.get({ id: key });
    expect(got.state).toBe("pending");
    expect(got.code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(got.notBefore!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    return out.requests[0]!.id;
  }
  /** Which of `ids` a claim takes now (claimed ones are cancelled again, so each case stands alone). */
  async function claimable(id: string): Promise<boolean> {
    const claimed = await claimPending(t.db, "probe", 50, 60_000);
    for (const c of claimed) await api().requests.cancel({ id: c.id });
    return claimed.some((c) => c.id === id);
  }
  const waiting = async (db = t.db) => (await rows<{ n: number }>(db, sql`select count(*)::int as n from placement_requests where state = 'pending' and not_before is not null`))[0]!.n;

  it.each<[string, (api: Api) => Promise<{ request: Record<string, unknown>; change: () => Promise<unknown> }>]>([
    ["a new host", async (api) => ({
      request: { compute: { resources: { VCPU: 2 }, requiredTraits: ["CUSTOM_WAKE_NEW"] } },
      change: () => host(api, { total: 8 }, { traits: ["CUSTOM_WAKE_NEW"] }),
    })],
    ["a raised total", async (api) => {
      const h = await host(api, { total: 4 });
      return { request: { compute: { resources: { VCPU: 8 } }, pinnedHost: h.name },
        change: async () => api.inventory.set({ providerId: h.id, generation: await generation(h.id), resourceClass: "VCPU", total: 8 }) };
    }],
    ["a raised allocation ratio", async (api) => {
      const h = await host(api, { total: 4, allocationRatio: 1 });
      return { request: { compute: { resources: { VCPU: 6 } }, pinnedHost: h.name },
        change: async () => api.inventory.set({ providerId: h.id, generation: await generation(h.id), resourceClass: "VCPU", total: 4, maxUnit: 8, allocationRatio: 2 }) };
    }],
    ["a lowered reserved amount", async (api) => {
      const h = await host(api, { total: 8, reserved: 6 });
      return { request: { compute: { resources: { VCPU: 4 } }, pinnedHost: h.name },
        change: async () => api.inventory.set({ providerId: h.id, generation: await generation(h.id), resourceClass: "VCPU", total: 8, reserved: 2 }) };
    }],
    ["a host back in service", async (api) => {
      const h = await host(api, { total: 8 }, { state: "maintenance" });
      return { request: { compute: { resources: { VCPU: 2 } }, pinnedHost: h.name },
        change: async () => api.providers.update({ id: h.id, generation: await generation(h.id), state: "active" }) };
    }],
    ["a trait gained", async (api) => {
      const h = await host(api, { total: 8 });
      return { request: { compute: { resources: { VCPU: 2 }, requiredTraits: ["CUSTOM_WAKE_TRAIT"] }, pinnedHost: h.name },
        change: async () => api.providers.setTraits({ id: h.id, generation: await generation(h.id), traits: ["CUSTOM_WAKE_TRAIT"] }) };
    }],
  ])("%s: the deferred request is claimable at once", async (_what, setup) => {
    const { request, change } = await setup(api());
    const id = await deferred(request);
    expect(await claimable(id)).toBe(false);
    await change();
    expect(await waiting()).toBe(0);
    expect(await claimable(id)).toBe(true);
  });

  it.each<[string, (api: Api) => Promise<{ request: Record<string, unknown>; change: () => Promise<unknown> }>]>([
    ["a lowered total", async (api) => {
      const h = await host(api, { total: 4 });
      return { request: { compute: { resources: { VCPU: 8 } }, pinnedHost: h.name },
        change: async () => api.inventory.set({ providerId: h.id, generation: await generation(h.id), resourceClass: "VCPU", total: 3 }) };
    }],
    ["a new host in maintenance", async (api) => ({
      request: { compute: { resources: { VCPU: 2 }, requiredTraits: ["CUSTOM_WAKE_LATER"] } },
      change: () => host(api, { total: 8 }, { state: "maintenance", traits: ["CUSTOM_WAKE_LATER"] }),
    })],
    ["a larger inventory on a host in maintenance", async (api) => {
      const h = await host(api, { total: 4 }, { state: "maintenance" });
      return { request: { compute: { resources: { VCPU: 8 } }, pinnedHost: h.name },
        change: async () => api.inventory.set({ providerId: h.id, generation: await generation(h.id), resourceClass: "VCPU", total: 64 }) };
    }],
  ])("%s: the deferred request keeps its backoff", async (_what, setup) => {
    const { request, change } = await setup(api());
    const id = await deferred(request);
    await change();
    expect(await waiting()).toBe(1);
    expect(await claimable(id)).toBe(false);
    await api().requests.cancel({ id });
  });

  it("the wake is part of the write's transaction: rolled back with it", async () => {
    const id = await deferred({ compute: { resources: { VCPU: 2 }, requiredTraits: ["CUSTOM_WAKE_ROLLBACK"] } });
    const input = providerCreateInput.parse({ name: "wake-rolled-back", kind: "host", parentId: rack, inventories: { VCPU: { total: 8 } }, traits: ["CUSTOM_WAKE_ROLLBACK"] });
    await expect(t.db.transaction(async (tx) => {
      await createProviderIn(tx, input, "ops");
      expect(await waiting(tx as unknown as typeof t.db)).toBe(0); // woken inside the write's transaction
      throw new Error("rolled back");
    })).rejects.toThrow("rolled back");
    expect(await waiting()).toBe(1);
    expect(await claimable(id)).toBe(false);
    await api().requests.cancel({ id });
  });
});
