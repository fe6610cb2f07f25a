/**
 * The write's server-group guard on every backend: with the group's row locked, a member written on
 * a picture a moment old cannot break its group's rule against what is committed (two workers placing
 * members of one anti-affinity group at the same instant).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { serverGroups } from "../../drizzle/schema";
import { replaceAllocations } from "../../server/inventory/allocations";
import { write } from "../../server/inventory/outcome";
import { checkServerGroup } from "../../server/scheduler/write";
import { smallTree } from "./fixtures";
import { backends, rows, useTestDatabase } from "./harness";

describe.each(backends())("server-group guard of the scheduler's write on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  async function group(name: string, policy: "affinity" | "anti-affinity" | "soft-anti-affinity", scope: "host" | "rack" | "zone" = "host") {
    const [g] = await t.db.insert(serverGroups).values({ name, projectId: "shop", policy, scope }).returning({ id: serverGroups.id });
    return g!.id;
  }

  async function member(groupId: string, hostId: string) {
    const out = await replaceAllocations(t.db, {
      consumerId: randomUUID(), consumerGeneration: null,
      consumer: { name: "m", projectId: "shop", userId: "test", serverGroupId: groupId },
      allocations: [{ providerId: hostId, resources: { VCPU: 1 } }],
    }, "test");
    expect(out.ok).toBe(true);
  }

  const verdict = async (groupId: string, hostId: string) => {
    const out = await write(t.db, (tx) => checkServerGroup(tx, groupId, hostId, "the host"));
    return out.ok ? "ok" : out.code;
  };

  it("anti-affinity per host: the members' host is refused as a conflict, another host allowed; affinity the other way round", async () => {
    const tree = await smallTree(t.caller(), `sg-${backend}`, 2);
    const [a, b] = tree.hosts as [string, string];
    const anti = await group(`anti-${backend}`, "anti-affinity");
    const aff = await group(`aff-${backend}`, "affinity");
    const soft = await group(`soft-${backend}`, "soft-anti-affinity");
    expect(await verdict(anti, a)).toBe("ok"); // no member yet
    await member(anti, a);
    await member(aff, a);
    await member(soft, a);
    expect(await verdict(anti, a)).toBe("CONFLICT");
    expect(await verdict(anti, b)).toBe("ok");
    expect(await verdict(aff, a)).toBe("ok");
    expect(await verdict(aff, b)).toBe("CONFLICT");
    expect(await verdict(soft, a)).toBe("ok");
  });

  it("anti-affinity per rack: both hosts of one rack share the domain", async () => {
    const tree = await smallTree(t.caller(), `sgr-${backend}`, 2);
    const [a, b] = tree.hosts as [string, string];
    const anti = await group(`anti-rack-${backend}`, "anti-affinity", "rack");
    await member(anti, a);
    expect(await verdict(anti, b)).toBe("CONFLICT");
  });

  it("two writers of one group's members at once: the group's row lock makes the second see the first", async () => {
    if (backend !== "postgresql") return; // PGlite has one connection: its writes are serial anyway
    const tree = await smallTree(t.caller(), `sgc-${backend}`, 1);
    const [a] = tree.hosts as [string];
    const anti = await group(`anti-race-${backend}`, "anti-affinity");
    const place = () => write(t.db, async (tx) => {
      await checkServerGroup(tx, anti, a, "the host");
      await tx.execute(sql`select pg_sleep(0.2)`);
      const consumerId = randomUUID();
      await tx.execute(sql`insert into consumers (id, name, project_id, user_id, server_group_id, generation) values (${consumerId}::uuid, 'race', 'shop', 'test', ${anti}::uuid, 1)`);
      await tx.execute(sql`insert into allocations (consumer_id, provider_id, resource_class, used) values (${consumerId}::uuid, ${a}::uuid, 'VCPU', 1)`);
    });
    const outs = await Promise.all([place(), place()]);
    expect(outs.map((o) => (o.ok ? "ok" : o.code)).sort()).toEqual(["CONFLICT", "ok"]);
    const [n] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from consumers where server_group_id = ${anti}::uuid`);
    expect(n!.n).toBe(1);
  });
});
