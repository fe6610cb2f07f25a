import { afterAll, expect, it } from "vitest";
import { OpenStackDriver } from "../../server/openstack/driver";
import { readCloud } from "../../server/openstack/sync/read";
import { applySync } from "../../server/openstack/sync/sync";
import { checkInvariants } from "../../server/scheduler/invariants";
import { SchedulerWorker } from "../../server/scheduler/worker";
import { useTestDatabase } from "../db/harness";
import { describeSandbox } from "./harness";

/**
 * The whole path on the real control plane: the inventory synced from the sandbox, a request
 * submitted through the API, the scheduler worker placing it with the engine and provisioning it
 * through the openstack driver; then deleted through the API.
 */
describeSandbox("scheduler worker with the openstack driver (real control plane)", (sb) => {
  const t = useTestDatabase("pglite");
  const driver = new OpenStackDriver(sb.config);
  const key = `wk-${Date.now().toString(36)}`;
  afterAll(async () => {
    for (const kind of ["server", "volume", "port"] as const) {
      const k = kind === "server" ? key : `${key}/${kind}/0`;
      const r = await driver.findByKey(kind, k).catch(() => null);
      if (r) await driver.delete(kind, r.id).catch(() => undefined);
    }
  });

  async function run(name: string) {
    const worker = new SchedulerWorker(t.db, driver, { name, exitWhenIdle: true, config: { idleMs: 200 } });
    await worker.start();
    await worker.done();
    await worker.stop();
  }

  it("a request with a volume and a port is provisioned on the host the engine chose; delete frees both", async () => {
    expect((await applySync(t.db, await readCloud(driver.client), "test")).ok).toBe(true);
    const api = t.caller();
    await api.requests.submit({ requests: [{ key, name: key, compute: { resources: { VCPU: 1, MEMORY_MB: 1024, DISK_GB: 2 } }, storage: [{ resources: { VOLUME_GB: 1 } }], network: [{ resources: { IPV4_ADDRESS: 1 } }] }] });
    await run("w-openstack");
    const got = await api.requests.get({ id: key });
    expect(got.state, got.lastError ?? "").toBe("active");
    const host = got.allocations.find((a) => a.kind === "host")!.provider;
    const cloud = await readCloud(driver.client);
    const server = cloud.servers.find((s) => s.key === key)!;
    expect(server.host).toBe(host);
    expect(server.allocations.map((a) => a.provider)).toEqual([host]);
    const port = cloud.ports.find((p) => p.key === `${key}/port/0`)!;
    expect(port.deviceId).toBe(server.id);
    const subnet = got.allocations.find((a) => a.kind === "network")!.provider;
    expect(cloud.networks.flatMap((n) => n.subnets).find((s) => s.id === port.subnetId)!.name).toBe(subnet);
    const volume = cloud.volumes.find((v) => v.key === `${key}/volume/0`)!;
    expect(volume.status).toBe("in-use");
    expect(volume.pool).toBe(got.allocations.find((a) => a.kind === "storage")!.provider);
    expect(await checkInvariants(t.db)).toMatchObject({ overCommitted: 0, duplicateServers: 0 });

    await api.requests.delete({ id: got.id });
    await run("w-openstack-2");
    for (let i = 0; i < 60 && (await driver.poll("server", server.id)).state !== "gone"; i++) await new Promise((r) => setTimeout(r, 500));
    const after = await readCloud(driver.client);
    expect(after.servers.some((s) => s.id === server.id)).toBe(false);
    expect(after.ports.some((p) => p.id === port.id)).toBe(false);
    expect(await api.requests.get({ id: got.id }).then((r) => r.allocations)).toEqual([]);
  }, 400_000);
});
