/**
 * The scheduler worker on every backend: requests flow to active through the simulated driver with
 * faults and the four zeros hold; the claim hands each request to one worker however many claim at
 * once, and a dead worker's requests are taken over; a generation conflict is re-planned on a fresh
 * snapshot; the journal's reconcile after a crash between "called" and "recorded" adopts the server
 * (no duplicate).
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ProvisioningDriver, ServerSpec } from "../../server/provisioning/port";
import { SimulatedDriver } from "../../server/provisioning/simulated";
import { claimPending, takeOverExpired } from "../../server/scheduler/claim";
import { checkInvariants } from "../../server/scheduler/invariants";
import { SchedulerWorker } from "../../server/scheduler/worker";
import { smallTree } from "./fixtures";
import { backends, rows, useTestDatabase } from "./harness";

const fast = { callDelayMs: [0, 1] as [number, number], bootMs: [5, 30] as [number, number], slowMs: 30, timeoutMs: 30 };
const quickRetry = { maxAttempts: 2, baseDelayMs: 50, factor: 2, maxDelayMs: 200 };

async function runUntilIdle(worker: SchedulerWorker): Promise<void> {
  await worker.start();
  await worker.done();
  await worker.stop();
}

describe.each(backends())("scheduler worker on %s (demo data centre)", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });

  it("brings requests to active through a faulty simulated cloud, and the four zeros hold", async () => {
    const api = t.caller();
    const net = [{ resources: { IPV4_ADDRESS: 1 } }];
    await api.requests.submit({ requests: [
      { key: "web", flavor: "m1.medium", count: 12, network: net, priority: 10 },
      { key: "db", flavor: "r5.xlarge", count: 4, network: net, storage: [{ resources: { VOLUME_GB: 100 }, volumeType: "ssd" }] },
      { key: "too-big", compute: { resources: { VCPU: 100_000, MEMORY_MB: 1024 } } },
    ] });
    const driver = new SimulatedDriver({ db: t.db, seed: 7, faults: { rate: 0.3 }, ...fast });
    const worker = new SchedulerWorker(t.db, driver, { name: "w-flow", exitWhenIdle: true, config: { retry: quickRetry, idleMs: 20 } });
    await runUntilIdle(worker);

    expect(await checkInvariants(t.db)).toEqual({ overCommitted: 0, lost: 0, duplicateServers: 0, orphanAllocations: 0 });
    const faults = driver.counts.unavailable + driver.counts.timeout + driver.counts.lost_answer + driver.counts.slow + driver.counts.build_error;
    expect(faults).toBeGreaterThan(0);
    const mine = await api.requests.list({ search: "", limit: 500 });
    const byKey = new Map(mine.items.map((i) => [i.key, i]));
    const big = await api.requests.get({ id: "too-big" });
    expect(big.state).toBe("failed");
    expect(big.code).toBe("NO_CAPACITY");
    expect(big.history.map((h) => h.toState)).toEqual(["pending", "placing", "pending", "placing", "failed"]);
    // Every copy ended active, or failed with the driver's reason (a build error the driver injected).
    for (const key of [...Array.from({ length: 12 }, (_, k) => `web#${k}`), ...Array.from({ length: 4 }, (_, k) => `db#${k}`)]) {
      const r = byKey.get(key)!;
      expect(["active", "failed"]).toContain(r.state);
      if (r.state === "failed") expect(r.lastError).toBeTruthy();
    }
    const active = [...byKey.values()].filter((r) => r.key.startsWith("db#") && r.state === "active");
    for (const r of active) {
      const got = await api.requests.get({ id: r.id });
      expect(got.allocations.map((a) => a.kind).sort()).toEqual(["host", "host", "host", "network", "storage"]);
      expect(got.serverId).toMatch(/^srv-/);
      // Made, or adopted by its key after a lost answer or a timeout.
      expect(got.journal.some((j) => ["createServer", "adopt"].includes(j.operation) && j.status === "done" && j.resourceId === got.serverId)).toBe(true);
    }
    const servers = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from simulated_resources where kind = 'server' and state <> 'gone'`);
    const activeCount = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from placement_requests where state = 'active' and server_id is not null`);
    expect(servers[0]!.n).toBe(activeCount[0]!.n);
    const workers = await api.workers.list();
    expect(workers.workers.find((w) => w.name === "w-flow")).toMatchObject({ alive: false, driver: "simulated", simulated: true });
  }, 180_000);

  it("deletes an active request: the server goes, the allocations are freed, it ends cancelled", async () => {
    const api = t.caller();
    const [one] = (await api.requests.list({ search: "web#", states: ["active"], limit: 1 })).items;
    expect(one).toBeDefined();
    await api.requests.delete({ id: one!.id });
    const driver = new SimulatedDriver({ db: t.db, seed: 8, ...fast });
    await runUntilIdle(new SchedulerWorker(t.db, driver, { name: "w-del", exitWhenIdle: true, config: { idleMs: 20 } }));
    const got = await api.requests.get({ id: one!.id });
    expect(got.state).toBe("cancelled");
    expect(got.allocations).toEqual([]);
    const [server] = await rows<{ state: string }>(t.db, sql`select state from simulated_resources where id = ${one!.serverId}`);
    expect(server!.state).toBe("gone");
    expect(await checkInvariants(t.db)).toEqual({ overCommitted: 0, lost: 0, duplicateServers: 0, orphanAllocations: 0 });
  }, 120_000);
});

describe.each(backends())("claims on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  it("hands each pending request to one worker however many claim at once, highest priority first; a dead worker's are taken over", async () => {
    const api = t.caller();
    await api.requests.submit({ requests: Array.from({ length: 60 }, (_, i) => ({ key: `c${i}`, compute: { resources: { VCPU: 1 } }, priority: i % 3 })) });
    const claims = await Promise.all(Array.from({ length: 6 }, (_, w) => claimPending(t.db, `w${w}`, 15, 60_000)));
    const ids = claims.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
    for (const c of claims) {
      // Within each worker's window, priorities never rise.
      for (let i = 1; i < c.length; i++) expect(c[i]!.priority).toBeLessThanOrEqual(c[i - 1]!.priority);
    }
    const states = await rows<{ state: string; n: number }>(t.db, sql`select state, count(*)::int as n from placement_requests group by state`);
    expect(states).toEqual([{ state: "placing", n: 60 }]);
    // w0 dies: its leases run out; another worker takes exactly those over, with an event naming w0.
    const w0 = claims[0]!.map((r) => r.id).sort();
    await t.db.execute(sql`update placement_requests set lease_until = now() - interval '1 second' where claimed_by = 'w0'`);
    const [taken, again] = await Promise.all([takeOverExpired(t.db, "w9", 100, 60_000), takeOverExpired(t.db, "w8", 100, 60_000)]);
    expect([...taken, ...again].map((r) => r.id).sort()).toEqual(w0);
    const [ev] = await rows<{ reason: string }>(t.db, sql`select reason from placement_request_events where request_id = ${w0[0]} order by id desc limit 1`);
    expect(ev!.reason).toBe("taken over from w0 (its lease ran out)");
    expect(await claimPending(t.db, "w7", 10, 60_000)).toEqual([]);
  });
});

describe.each(backends())("conflicts and crashes on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  it("re-plans a placement whose room another writer took, on a fresh snapshot", async () => {
    const api = t.caller();
    const tree = await smallTree(api, "cf", 2);
    const [h1, h2] = tree.hosts as [string, string];
    // h1 is in use (pack prefers it); the worker reads its picture with it.
    await api.requests.submit({ requests: [{ key: "warm", compute: { resources: { VCPU: 8, MEMORY_MB: 1024 } }, pinnedHost: "cf-h1" }] });
    const driver = new SimulatedDriver({ db: t.db, seed: 3, ...fast });
    const worker = new SchedulerWorker(t.db, driver, { name: "w-cf", config: { idleMs: 20, objective: "pack" } });
    await worker.start();
    const settle = async (key: string) => {
      for (let i = 0; i < 400; i++) {
        const r = await api.requests.get({ id: key });
        if (r.state === "active" || r.state === "failed") return r;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`${key} did not settle`);
    };
    expect((await settle("warm")).host).toBe("cf-h1");
    // Behind the worker's back, h1 shrinks to what it holds: the cached picture still shows room there.
    await t.db.execute(sql`update inventories set total = 2 where provider_id = ${h1} and resource_class = 'VCPU'`);
    await api.requests.submit({ requests: [{ key: "next", compute: { resources: { VCPU: 4, MEMORY_MB: 1024 } } }] });
    const next = await settle("next");
    await worker.stop();
    expect(next.state).toBe("active");
    expect(next.host).toBe("cf-h2");
    expect(worker.totals.conflicts).toBeGreaterThanOrEqual(1);
    expect(next.allocations.every((a) => a.providerId === h2)).toBe(true);
    expect(next.history.map((h) => h.toState)).toEqual(["pending", "placing", "placed", "provisioning", "active"]);
  }, 60_000);

  it("reconciles a crash between the driver's answer and the journal: the server is adopted, never made twice", async () => {
    const api = t.caller();
    await smallTree(api, "cr", 1);
    await api.requests.submit({ requests: [{ key: "crash-me", compute: { resources: { VCPU: 2, MEMORY_MB: 1024 } }, pinnedHost: "cr-h1" }] });
    const real = new SimulatedDriver({ db: t.db, seed: 5, ...fast });
    // The first worker's cloud makes the server, then the worker "dies" before the answer is recorded.
    let made = (_: unknown) => undefined as void;
    const madeOnce = new Promise((resolve) => (made = resolve));
    const dying: ProvisioningDriver = Object.assign(Object.create(real) as SimulatedDriver, {
      createServer: async (spec: ServerSpec) => {
        await real.createServer(spec);
        made(undefined);
        return new Promise<never>(() => undefined);
      },
    });
    const first = new SchedulerWorker(t.db, dying, { name: "w-dies", config: { idleMs: 20 } });
    await first.start();
    await madeOnce;
    first.abandon();
    const [open] = await rows<{ status: string; n: number }>(t.db, sql`select status, count(*)::int as n from provisioning_journal where key = 'crash-me' group by status`);
    expect(open).toEqual({ status: "open", n: 1 });
    // Its heartbeat stops and its lease runs out (made to run out now).
    await t.db.execute(sql`update scheduler_workers set heartbeat_at = now() - interval '1 hour' where name = 'w-dies'`);
    await t.db.execute(sql`update placement_requests set lease_until = now() - interval '1 second' where claimed_by = 'w-dies'`);
    const second = new SchedulerWorker(t.db, new SimulatedDriver({ db: t.db, seed: 6, ...fast }), { name: "w-next", exitWhenIdle: true, config: { idleMs: 20 } });
    await runUntilIdle(second);
    const got = await api.requests.get({ id: "crash-me" });
    expect(got.state).toBe("active");
    const servers = await rows<{ id: string }>(t.db, sql`select id from simulated_resources where kind = 'server' and key = 'crash-me' and state <> 'gone'`);
    expect(servers).toHaveLength(1);
    expect(got.serverId).toBe(servers[0]!.id);
    const entries = got.journal.filter((j) => j.key === "crash-me").map((j) => [j.operation, j.status, j.worker]);
    expect(entries[0]).toEqual(["createServer", "done", "w-dies"]);
    expect(got.journal.find((j) => j.operation === "createServer")!.detail).toMatch(/^reconciled: adopted srv-/);
    expect(entries.some(([op, , w]) => op === "createServer" && w === "w-next")).toBe(false);
    expect(await checkInvariants(t.db)).toEqual({ overCommitted: 0, lost: 0, duplicateServers: 0, orphanAllocations: 0 });
  }, 60_000);
});
