/**
 * The window write on every backend: a window's placements written in one transaction, set-based,
 * with the guarantees of the one-at-a-time write: the capacity rule on what is committed plus what
 * the window's earlier placements take, a provider out of service refused, a server group's rule
 * against the window's own earlier members; what the batch cannot take goes through the one-at-a-
 * time write and gets its own outcome, and the rest is written.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { serverGroups } from "../../drizzle/schema";
import { claimPending, type ClaimedRow } from "../../server/scheduler/claim";
import { checkInvariants } from "../../server/scheduler/invariants";
import { SnapshotCache } from "../../server/scheduler/snapshot";
import { writeWindow } from "../../server/scheduler/write";
import { planWindow } from "../../server/scheduler/plan";
import { smallTree } from "./fixtures";
import { backends, rows, useTestDatabase } from "./harness";

const WORKER = "w-window";

describe.each(backends())("the scheduler's window write on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  async function claim(prefix: string, specs: { key: string; vcpu: number; group?: string }[]): Promise<Map<string, ClaimedRow>> {
    await t.caller().requests.submit({ requests: specs.map((s) => ({
      key: `${prefix}-${s.key}`, project: "shop", compute: { resources: { VCPU: s.vcpu, MEMORY_MB: 1024 } },
      ...(s.group !== undefined && { serverGroup: s.group }),
    })) });
    const claimed = await claimPending(t.db, WORKER, 100, 60_000);
    return new Map(claimed.map((r) => [r.key.slice(prefix.length + 1), r]));
  }

  const on = (host: string, vcpu: number) => [{ provider: host, resources: { VCPU: vcpu, MEMORY_MB: 1024 } }];
  const historyOf = async (id: string) =>
    (await rows<{ to_state: string }>(t.db, sql`select to_state::text as to_state from placement_request_events where request_id = ${id}::uuid order by id`)).map((r) => r.to_state);

  it("writes what fits in one go, and the one that no longer fits gets its own conflict without holding back the rest", async () => {
    const prefix = `cap-${backend}`;
    await smallTree(t.caller(), prefix, 3);
    const [h1, h2, h3] = [`${prefix}-h1`, `${prefix}-h2`, `${prefix}-h3`];
    await t.db.execute(sql`update resource_providers set state = 'maintenance' where name = ${h3}`);
    const snapshot = new SnapshotCache(t.db, 60_000);
    await snapshot.refresh();
    const claimed = Object.fromEntries(await claim(prefix, [
      { key: "a", vcpu: 60 }, { key: "a2", vcpu: 60 }, { key: "a3", vcpu: 60 }, { key: "a4", vcpu: 60 },
      { key: "b", vcpu: 30 }, { key: "c", vcpu: 10 }, { key: "d", vcpu: 1 }, { key: "e", vcpu: 100 },
    ]));
    const [gen0] = await rows<{ generation: number }>(t.db, sql`select generation from resource_providers where name = ${h1}`);
    // h1 holds 64 VCPU x 4 = 256: four of 60 fit, then 30 no longer does; d asks a host in maintenance; e more than one unit may be (64).
    const out = await writeWindow(t.db, snapshot, [
      ...["a", "a2", "a3", "a4"].map((k) => ({ row: claimed[k]!, allocations: on(h1, 60) })), { row: claimed.b!, allocations: on(h1, 30) },
      { row: claimed.c!, allocations: on(h2, 10) }, { row: claimed.d!, allocations: on(h3, 1) }, { row: claimed.e!, allocations: on(h2, 100) },
    ], WORKER, "provisioning (test)");
    for (const k of ["a", "a2", "a3", "a4", "c"]) expect(out.get(claimed[k]!.id)?.kind).toBe("provisioning");
    expect(out.get(claimed.b!.id)?.kind).toBe("conflict");
    expect(out.get(claimed.d!.id)?.kind).toBe("conflict");
    expect(out.get(claimed.e!.id)?.kind).toBe("refused");
    expect(await historyOf(claimed.a!.id)).toEqual(["pending", "placing", "placed", "provisioning"]);
    expect(await historyOf(claimed.b!.id)).toEqual(["pending", "placing"]);
    const used = await rows<{ name: string; used: number }>(t.db, sql`select p.name, sum(a.used)::int as used from allocations a
      join resource_providers p on p.id = a.provider_id where p.name like ${`${prefix}-%`} and a.resource_class = 'VCPU' group by 1 order by 1`);
    expect(used).toEqual([{ name: h1, used: 240 }, { name: h2, used: 10 }]);
    const [gen1] = await rows<{ generation: number }>(t.db, sql`select generation from resource_providers where name = ${h1}`);
    expect(gen1!.generation).toBeGreaterThan(gen0!.generation);
    const [req] = await rows<{ consumer_id: string | null; host: string | null; placed: boolean }>(t.db,
      sql`select consumer_id::text as consumer_id, host, placed_at is not null as placed from placement_requests where id = ${claimed.a!.id}::uuid`);
    expect(req).toMatchObject({ host: h1, placed: true });
    expect(req!.consumer_id).toBe((out.get(claimed.a!.id) as { consumerId: string }).consumerId);
    const [audit] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where entity_id = ${req!.consumer_id}`);
    expect(audit!.n).toBe(1);
    expect((await checkInvariants(t.db)).overCommitted).toBe(0);
  });

  it("two members of one anti-affinity group planned onto one host in one window: the first is written, the second conflicts", async () => {
    const prefix = `grp-${backend}`;
    await smallTree(t.caller(), prefix, 2);
    const [h1, h2] = [`${prefix}-h1`, `${prefix}-h2`];
    await t.db.insert(serverGroups).values({ name: `anti-${backend}`, projectId: "shop", policy: "anti-affinity", scope: "host" });
    const snapshot = new SnapshotCache(t.db, 60_000);
    await snapshot.refresh();
    const claimed = await claim(prefix, [
      { key: "m1", vcpu: 1, group: `shop/anti-${backend}` }, { key: "m2", vcpu: 1, group: `shop/anti-${backend}` }, { key: "m3", vcpu: 1, group: `shop/anti-${backend}` },
    ]);
    const out = await writeWindow(t.db, snapshot, [
      { row: claimed.get("m1")!, allocations: on(h1, 1) }, { row: claimed.get("m2")!, allocations: on(h1, 1) }, { row: claimed.get("m3")!, allocations: on(h2, 1) },
    ], WORKER, "provisioning (test)");
    expect(out.get(claimed.get("m1")!.id)?.kind).toBe("provisioning");
    expect(out.get(claimed.get("m2")!.id)?.kind).toBe("conflict");
    expect(out.get(claimed.get("m3")!.id)?.kind).toBe("provisioning");
  });

  it("a request no longer held by the worker: the window falls back to one at a time, that one is gone, the others are placed", async () => {
    const prefix = `gone-${backend}`;
    await smallTree(t.caller(), prefix, 1);
    const h1 = `${prefix}-h1`;
    const snapshot = new SnapshotCache(t.db, 60_000);
    await snapshot.refresh();
    const claimed = await claim(prefix, [{ key: "x", vcpu: 1 }, { key: "y", vcpu: 1 }]);
    await t.db.execute(sql`update placement_requests set claimed_by = 'someone-else' where id = ${claimed.get("x")!.id}::uuid`);
    const out = await writeWindow(t.db, snapshot, [
      { row: claimed.get("x")!, allocations: on(h1, 1) }, { row: claimed.get("y")!, allocations: on(h1, 1) },
    ], WORKER, "provisioning (test)");
    expect(out.get(claimed.get("x")!.id)?.kind).toBe("gone");
    expect(out.get(claimed.get("y")!.id)?.kind).toBe("placed");
    // The batch was rolled back whole: nothing of x was written, no consumer without allocations left behind.
    const [x] = await rows<{ consumer_id: string | null }>(t.db, sql`select consumer_id::text as consumer_id from placement_requests where id = ${claimed.get("x")!.id}::uuid`);
    expect(x!.consumer_id).toBeNull();
    const [empty] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from consumers c
      where c.user_id = 'headroom-scheduler' and not exists (select 1 from allocations a where a.consumer_id = c.id)`);
    expect(empty!.n).toBe(0);
  });

  it("what the batch engine leaves for want of time is placed by the online placer on the same picture plus the batch's placements", async () => {
    const prefix = `late-${backend}`;
    await smallTree(t.caller(), prefix, 2);
    // Only this test's two hosts take work (the earlier tests' hosts are put out of service).
    await t.db.execute(sql`update resource_providers set state = 'maintenance' where kind = 'host' and name not like ${`${prefix}-%`}`);
    const snapshot = new SnapshotCache(t.db, 60_000);
    await snapshot.refresh();
    // Two hosts of 256 VCPU (at most 64 a unit): four of 60 fit on each, ten are asked.
    const claimed = [...(await claim(prefix, Array.from({ length: 10 }, (_, i) => ({ key: `r${i}`, vcpu: 60 })))).values()];
    const outcomes = await planWindow(t.db, snapshot, claimed, { timeLimitMs: 1, seed: 1 });
    expect(outcomes.filter((o) => !o.ok && o.code === "TIME_LIMIT")).toEqual([]);
    const perHost = new Map<string, number>();
    for (const o of outcomes) if (o.ok) perHost.set(o.allocations[0]!.provider, (perHost.get(o.allocations[0]!.provider) ?? 0) + (o.allocations[0]!.resources.VCPU ?? 0));
    for (const [host, vcpu] of perHost) {
      expect(host.startsWith(prefix)).toBe(true);
      expect(vcpu).toBeLessThanOrEqual(256);
    }
    expect(outcomes.filter((o) => o.ok)).toHaveLength(8);
  });
});
