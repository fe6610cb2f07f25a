import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { auditLog, consumers, inventories, resourceProviders } from "../../drizzle/schema";
import { OpenStackDriver } from "../../server/openstack/driver";
import { readCloud } from "../../server/openstack/sync/read";
import { applySync, planSync, type Drift } from "../../server/openstack/sync/sync";
import type { ResourceKind } from "../../server/provisioning/port";
import { useTestDatabase } from "../db/harness";
import { describeSandbox } from "./harness";

// Other files of test/openstack make and delete servers at the same time; this one looks at the
// providers and at its own consumers (named sync-*), which nobody else touches.
const mine = (d: Drift) => d.items.filter((i) => i.entity === "provider" || i.name.startsWith("sync-"));

describeSandbox("sync openstack against the sandbox", (sb) => {
  const t = useTestDatabase("pglite");
  const driver = new OpenStackDriver(sb.config);
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  async function boot(name: string, host: string) {
    const s = await driver.createServer({ key: name, name, host, resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }, portIds: [], projectId: "p" });
    cleanup.push(() => driver.delete("server", s.id));
    for (let i = 0; i < 120; i++) {
      const r = await driver.poll("server", s.id);
      if (r.state === "active") return r;
      if (r.state === "error") throw new Error(r.fault);
      await new Promise((res) => setTimeout(res, 500));
    }
    throw new Error(`${name} never became active`);
  }
  async function gone(kind: ResourceKind, id: string) {
    for (let i = 0; i < 120 && (await driver.poll(kind, id)).state !== "gone"; i++) await new Promise((res) => setTimeout(res, 500));
  }

  it("finds and applies exactly the changes made behind Headroom's back", async () => {
    const [h1, h2] = sb.facts.hosts;
    const old = await boot(`sync-old-${randomUUID()}`, h1!.name);
    const first = await applySync(t.db, await readCloud(driver.client), "test");
    expect(first.ok).toBe(true);
    expect(mine(await planSync(t.db, await readCloud(driver.client)))).toEqual([]);

    // Behind Headroom's back: one server made and one deleted in Nova, one host's inventory changed in Placement.
    const fresh = await boot(`sync-new-${randomUUID()}`, h2!.name);
    await driver.delete("server", old.id);
    await gone("server", old.id);
    const rp = (await readCloud(driver.client)).hosts.find((h) => h.name === h2!.name)!;
    const ratio = rp.inventory.VCPU!.allocation_ratio;
    const changed = ratio + 1;
    const put = (r: number, generation: number) =>
      driver.client.call("placement", "PUT", `/resource_providers/${rp.uuid}/inventories/VCPU`, { body: { ...rp.inventory.VCPU, allocation_ratio: r, resource_provider_generation: generation } });
    await put(changed, rp.generation);
    cleanup.push(async () => {
      const now = (await readCloud(driver.client)).hosts.find((h) => h.name === h2!.name)!;
      await put(ratio, now.generation);
    });

    const drift = mine(await planSync(t.db, await readCloud(driver.client)));
    const oldName = (await readCloud(driver.client)).servers.find((s) => s.id === fresh.id)!.name;
    expect(drift.map((i) => [i.action, i.entity, i.name])).toEqual(
      expect.arrayContaining([
        ["change", "provider", h2!.name],
        ["create", "consumer", `${oldName} (${fresh.id})`],
        ["retire", "consumer", expect.stringContaining(old.id)],
      ]),
    );
    expect(drift).toHaveLength(3);
    expect(drift.find((i) => i.entity === "provider")!.changes).toEqual([`inventory VCPU allocationRatio ${ratio} -> ${changed}`]);

    const applied = await applySync(t.db, await readCloud(driver.client), "test");
    expect(applied.ok).toBe(true);
    const [host] = await t.db.select().from(resourceProviders).where(eq(resourceProviders.name, h2!.name));
    const [inv] = await t.db.select().from(inventories).where(eq(inventories.providerId, host!.id));
    expect((await t.db.select().from(inventories).where(eq(inventories.providerId, host!.id))).find((i) => i.resourceClass === "VCPU")!.allocationRatio).toBe(changed);
    expect(inv).toBeDefined();
    expect(await t.db.select().from(consumers).where(eq(consumers.id, fresh.id))).toHaveLength(1);
    expect(await t.db.select().from(consumers).where(eq(consumers.id, old.id))).toHaveLength(0);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, "sync.openstack.apply"))).length).toBe(2);
    expect(mine(await planSync(t.db, await readCloud(driver.client)))).toEqual([]);
  }, 300_000);
});
