import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { place } from "../../scheduler/index";
import { OpenStackDriver } from "../../server/openstack/driver";
import { readCloud } from "../../server/openstack/sync/read";
import { problemOf } from "../../server/openstack/sync/problem";
import type { CloudResource, ProvisioningDriver, ResourceKind } from "../../server/provisioning/port";
import { describeSandbox } from "./harness";

async function until(d: ProvisioningDriver, kind: ResourceKind, id: string, done: (r: CloudResource) => boolean): Promise<CloudResource> {
  for (let i = 0; i < 240; i++) {
    const r = await d.poll(kind, id);
    if (done(r)) return r;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`${kind} ${id} did not settle`);
}

describeSandbox("openstack driver against the sandbox", (sb) => {
  const driver = new OpenStackDriver(sb.config);
  const made: { kind: ResourceKind; id: string }[] = [];
  afterAll(async () => {
    for (const r of made.reverse()) await driver.delete(r.kind, r.id).catch(() => undefined);
  });

  it("reports healthy, naming the cloud but never the password", async () => {
    const h = await driver.health();
    expect(h.ok, h.detail).toBe(true);
    expect(h.simulated).toBe(false);
    expect(h.detail).not.toContain(sb.config.password);
  });

  it("provisions a server with a volume and a port where the engine chose; delete frees both", async () => {
    const before = await readCloud(driver.client);
    const resources = { VCPU: 1, MEMORY_MB: 1024, DISK_GB: 5 };
    const problem = problemOf(before, [{ id: "r1", compute: { resources }, storage: [{ resources: { VOLUME_GB: 1 } }], network: [{ resources: { IPV4_ADDRESS: 1 } }] }]);
    const result = await place(problem);
    expect(result.unplaced).toEqual([]);
    const alloc = result.placements[0]!.allocations;
    const kindOf = (id: string) => problem.providers.find((p) => p.id === id)!.kind;
    const host = alloc.find((a) => kindOf(a.provider) === "host")!.provider;
    const pool = alloc.find((a) => kindOf(a.provider) === "storage")!.provider;
    const subnet = alloc.find((a) => kindOf(a.provider) === "network")!.provider;
    const network = before.networks.find((n) => n.subnets.some((s) => s.name === subnet))!;

    const key = `test-${randomUUID()}`;
    const port = await driver.createPort({ key: `${key}/port/0`, name: `${key}-port`, network: network.name, subnet, projectId: "p" });
    made.push({ kind: "port", id: port.id });
    const volume = await driver.createVolume({ key: `${key}/volume/0`, name: `${key}-vol`, sizeGb: 1, backend: pool, projectId: "p" });
    made.push({ kind: "volume", id: volume.id });
    const server = await driver.createServer({ key, name: key, host, resources, portIds: [port.id], projectId: "p", metadata: { headroom_request: "r1" } });
    made.push({ kind: "server", id: server.id });
    const active = await until(driver, "server", server.id, (r) => r.state !== "building");
    expect(active.state, active.fault).toBe("active");
    expect(active.host).toBe(host);
    await until(driver, "volume", volume.id, (r) => r.state !== "building");
    await driver.attach(server.id, volume.id);

    const after = await readCloud(driver.client);
    const s = after.servers.find((x) => x.id === server.id)!;
    expect(s.key).toBe(key);
    expect(s.allocations).toEqual([{ provider: host, resources }]);
    const p = after.ports.find((x) => x.id === port.id)!;
    expect(p.deviceId).toBe(server.id);
    expect(p.subnetId).toBe(network.subnets.find((x) => x.name === subnet)!.id);
    const v = after.volumes.find((x) => x.id === volume.id)!;
    expect(v.status).toBe("in-use");
    expect(v.pool).toBe(pool);
    const usedBefore = before.hosts.find((h) => h.name === host)!.usages;
    const usedAfter = after.hosts.find((h) => h.name === host)!.usages;
    for (const [rc, n] of Object.entries(resources)) expect((usedAfter[rc] ?? 0) - (usedBefore[rc] ?? 0)).toBe(n);

    await driver.delete("volume", volume.id);
    await driver.delete("server", server.id);
    await until(driver, "server", server.id, (r) => r.state === "gone");
    await driver.delete("port", port.id);
    expect((await driver.poll("port", port.id)).state).toBe("gone");
    await until(driver, "volume", volume.id, (r) => r.state === "gone");
    const freed = await readCloud(driver.client);
    expect(freed.hosts.find((h) => h.name === host)!.usages).toEqual(usedBefore);
    expect(freed.servers.some((x) => x.id === server.id)).toBe(false);
    expect(freed.ports.some((x) => x.id === port.id)).toBe(false);
  });

  it("live-migrates a running server to a chosen host", async () => {
    const [from, to] = sb.facts.hosts;
    const key = `test-${randomUUID()}`;
    const s = await driver.createServer({ key, name: key, host: from!.name, resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }, portIds: [], projectId: "p" });
    made.push({ kind: "server", id: s.id });
    expect((await until(driver, "server", s.id, (r) => r.state !== "building")).host).toBe(from!.name);
    await driver.liveMigrate(s.id, to!.name);
    const moved = await driver.poll("server", s.id);
    expect(moved.state).toBe("active");
    expect(moved.host).toBe(to!.name);
    const placed = (await readCloud(driver.client)).servers.find((x) => x.id === s.id)!;
    expect(placed.allocations.map((a) => a.provider)).toEqual([to!.name]);
  });

  it("a restart finds what a crash left behind: the same key adopts the server, no second one", async () => {
    const key = `test-${randomUUID()}`;
    const spec = { key, name: key, host: sb.facts.hosts[0]!.name, resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }, portIds: [], projectId: "p" };
    // The first worker made the create call and died before recording its answer.
    const first = await new OpenStackDriver(sb.config).createServer(spec);
    made.push({ kind: "server", id: first.id });
    // A new process (new session) reconciles its open journal entry by key.
    const restarted = new OpenStackDriver(sb.config);
    const found = await restarted.findByKey("server", key);
    expect(found?.id).toBe(first.id);
    const again = await restarted.createServer(spec);
    expect(again.id).toBe(first.id);
    const all = (await readCloud(restarted.client)).servers.filter((s) => s.key === key);
    expect(all.map((s) => s.id)).toEqual([first.id]);
    expect((await until(restarted, "server", first.id, (r) => r.state !== "building")).state).toBe("active");
  });
});
