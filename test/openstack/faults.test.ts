import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseConfig } from "../../server/openstack/config";
import { OpenStackDriver } from "../../server/openstack/driver";
import { startFaultProxy, type FaultProxy, type FaultRule } from "../../server/openstack/fault-proxy";
import { readCloud } from "../../server/openstack/sync/read";
import { DriverError, type ResourceKind } from "../../server/provisioning/port";
import { describeSandbox } from "./harness";

type Outcome = { key: string; state: "active" } | { key: string; state: "failed"; reason: string };

describeSandbox("openstack driver under the fault proxy (real control plane)", (sb) => {
  const direct = new OpenStackDriver(sb.config);
  const proxies: FaultProxy[] = [];
  let faulty: OpenStackDriver;
  const keys: string[] = [];
  // Every kind of fault, each on a share of the calls; seeded, so a run repeats.
  const rules: FaultRule[] = [
    { fault: { kind: "status", status: 503 }, probability: 0.12 },
    { match: { method: "POST" }, fault: { kind: "status", status: 409 }, probability: 0.1 },
    { match: { method: "POST" }, fault: { kind: "reset-after" }, probability: 0.12 },
    { fault: { kind: "reset-before" }, probability: 0.06 },
    { fault: { kind: "slow", delayMs: 2500 }, probability: 0.05 },
  ];

  beforeAll(async () => {
    const session = await direct.client.session();
    const overrides: Record<string, string> = {};
    for (const [i, type] of ["compute", "volumev3", "network", "placement", "image"].entries()) {
      const target = new URL(await direct.client.endpoint(type as "compute", session)).origin;
      const p = await startFaultProxy({ target, rules, seed: 11 + i });
      proxies.push(p);
      overrides[type] = p.url;
    }
    const ks = await startFaultProxy({ target: new URL(sb.config.auth_url).origin, rules: rules.slice(0, 1), seed: 3 });
    proxies.push(ks);
    faulty = new OpenStackDriver(
      parseConfig({ ...sb.config, auth_url: `${ks.url}${new URL(sb.config.auth_url).pathname}`, endpoint_overrides: overrides, timeout_ms: 2000, retries: 8, retry_base_ms: 100, retry_max_ms: 1000, wait_ms: 90_000 }, "test"),
    );
  });

  afterAll(async () => {
    // Clean up as the worker would: whatever any key made, found by key.
    for (const key of keys) {
      for (const [kind, k] of [["server", key], ["volume", `${key}/volume/0`], ["port", `${key}/port/0`]] as [ResourceKind, string][]) {
        for (let i = 0; i < 3; i++) {
          const r = await direct.findByKey(kind, k);
          if (!r) break;
          await direct.delete(kind, r.id).catch(() => undefined);
          if (kind === "server") await waitGone(r.id);
        }
      }
    }
    await Promise.all(proxies.map((p) => p.close()));
  });

  async function waitGone(id: string) {
    for (let i = 0; i < 120 && (await direct.poll("server", id)).state !== "gone"; i++) await new Promise((r) => setTimeout(r, 500));
  }

  async function settle(kind: ResourceKind, id: string) {
    for (let i = 0; i < 240; i++) {
      try {
        const r = await faulty.poll(kind, id);
        if (r.state !== "building") return r;
      } catch (e) {
        if (!(e instanceof DriverError) || !e.retryable) throw e;
      }
      await new Promise((res) => setTimeout(res, 500));
    }
    throw new DriverError("timeout", `${kind} ${id} still building`, true);
  }

  /** What the worker does for one request: port, volume, server on the chosen host, attach. */
  async function provision(key: string, host: string): Promise<Outcome> {
    try {
      const port = await faulty.createPort({ key: `${key}/port/0`, name: key, network: sb.facts.networks[0]!.name, subnet: sb.facts.networks[0]!.subnets[0]!, projectId: "p" });
      const volume = await faulty.createVolume({ key: `${key}/volume/0`, name: key, sizeGb: 1, backend: sb.facts.volume_types[1]!, projectId: "p" });
      const server = await faulty.createServer({ key, name: key, host, resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }, portIds: [port.id], projectId: "p" });
      const v = await settle("volume", volume.id);
      if (v.state !== "active") return { key, state: "failed", reason: `volume ${v.state}` };
      const s = await settle("server", server.id);
      if (s.state !== "active") return { key, state: "failed", reason: s.fault ?? `server ${s.state}` };
      await faulty.attach(server.id, volume.id);
      return { key, state: "active" };
    } catch (e) {
      return { key, state: "failed", reason: e instanceof Error ? e.message : String(e) };
    }
  }

  it("every request ends active or failed with a reason, and no key makes a second server", async () => {
    const hosts = sb.facts.hosts.map((h) => h.name);
    const batch = hosts.map((h) => ({ key: `fault-${randomUUID()}`, host: h }));
    keys.push(...batch.map((b) => b.key));
    const outcomes = await Promise.all(batch.map((b) => provision(b.key, b.host)));
    const injected = proxies.reduce((n, p) => n + Object.values(p.stats.injected).reduce((a, b) => a + b, 0), 0);
    expect(injected).toBeGreaterThan(0);
    const cloud = await readCloud(direct.client);
    for (const o of outcomes) {
      const servers = cloud.servers.filter((s) => s.key === o.key);
      expect(servers.length, `servers for ${o.key}`).toBeLessThanOrEqual(1);
      expect(cloud.ports.filter((p) => p.key === `${o.key}/port/0`).length).toBeLessThanOrEqual(1);
      expect(cloud.volumes.filter((v) => v.key === `${o.key}/volume/0`).length).toBeLessThanOrEqual(1);
      if (o.state === "active") {
        const b = batch.find((x) => x.key === o.key)!;
        expect(servers[0]?.status).toBe("ACTIVE");
        expect(servers[0]?.host).toBe(b.host);
        expect(cloud.volumes.find((v) => v.key === `${o.key}/volume/0`)?.status).toBe("in-use");
      } else {
        expect(o.reason.length).toBeGreaterThan(0);
        expect(o.reason).not.toContain(sb.config.password);
      }
    }
    process.stderr.write(`fault proxy: ${injected} faults injected; outcomes ${outcomes.map((o) => o.state).join(", ")}\n`);
  }, 400_000);
});
