import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, parseConfig, type OpenStackConfig } from "../../server/openstack/config";
import { keyTag, OpenStackDriver } from "../../server/openstack/driver";
import { startFaultProxy, type FaultProxy } from "../../server/openstack/fault-proxy";
import { DriverError } from "../../server/provisioning/port";
import { startFakeCloud, type FakeCloud } from "./fake-cloud";

// The driver's retry and idempotency logic, through the project's fault proxy in front of a FAKE
// cloud (test/openstack/fake-cloud.ts, not OpenStack). Runs everywhere; the real thing is tested
// against the sandbox in the other files here.
const PASSWORD = "s3cret-fake-password";
let cloud: FakeCloud;
let proxy: FaultProxy;

function config(over: Partial<OpenStackConfig> = {}): OpenStackConfig {
  return parseConfig(
    {
      auth_url: `${cloud.url}/identity/v3`, username: "u", password: PASSWORD, project_name: "p", image: "img",
      timeout_ms: 500, retries: 6, retry_base_ms: 5, retry_max_ms: 20,
      endpoint_overrides: { compute: proxy.url }, ...over,
    },
    "test",
  );
}

const spec = (key: string) => ({ key, name: key, host: "hv-01", resources: { VCPU: 1, MEMORY_MB: 2048, DISK_GB: 10 }, portIds: [], projectId: "p" });
const serversWith = (key: string) => [...cloud.servers.values()].filter((s) => s.metadata.headroom_key === key);

beforeAll(async () => {
  cloud = await startFakeCloud({ password: PASSWORD });
  proxy = await startFaultProxy({ target: cloud.url, seed: 7 });
});
afterAll(async () => {
  await proxy.close();
  await cloud.close();
});
afterEach(() => proxy.setRules([]));

describe("openstack driver logic (fault proxy in front of a fake cloud)", () => {
  it("boots on the chosen host with the key in metadata and tag", async () => {
    const d = new OpenStackDriver(config());
    const r = await d.createServer(spec("k-plain"));
    const [s] = serversWith("k-plain");
    expect(s?.id).toBe(r.id);
    expect(s?.host).toBe("hv-01");
    expect(s?.tags).toEqual([keyTag("k-plain")]);
  });

  it("an answer lost after Nova acted (reset) is adopted by key, not created twice", async () => {
    proxy.setRules([{ match: { method: "POST", path: "/servers" }, fault: { kind: "reset-after" }, times: 2 }]);
    const d = new OpenStackDriver(config());
    const r = await d.createServer(spec("k-reset"));
    expect(proxy.stats.injected["reset-after"]).toBeGreaterThanOrEqual(1);
    expect(serversWith("k-reset").map((s) => s.id)).toEqual([r.id]);
  });

  it("a slow answer past the timeout is adopted by key too", async () => {
    proxy.setRules([{ match: { method: "POST", path: "/servers" }, fault: { kind: "slow", delayMs: 800 }, times: 1 }]);
    const d = new OpenStackDriver(config());
    const r = await d.createServer(spec("k-slow"));
    await new Promise((res) => setTimeout(res, 900));
    expect(serversWith("k-slow").map((s) => s.id)).toEqual([r.id]);
  });

  it("retries 503 and 409 with backoff, and gives up retryable after its tries", async () => {
    proxy.setRules([{ match: { method: "GET", path: "/servers/detail" }, fault: { kind: "status", status: 503 }, times: 2 }, { match: { method: "POST", path: "/servers" }, fault: { kind: "status", status: 409 }, times: 1 }]);
    const d = new OpenStackDriver(config());
    const r = await d.createServer(spec("k-503"));
    expect(serversWith("k-503").map((s) => s.id)).toEqual([r.id]);
    proxy.setRules([{ match: { path: "/servers" }, fault: { kind: "status", status: 500 } }]);
    const err = await d.createServer(spec("k-down")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect((err as DriverError).retryable).toBe(true);
    expect(serversWith("k-down")).toEqual([]);
  });

  it("does not retry a 400 or a 404", async () => {
    proxy.setRules([{ match: { method: "POST", path: "/servers" }, fault: { kind: "status", status: 400, body: { badRequest: { code: 400, message: "Invalid flavorRef" } } } }]);
    const d = new OpenStackDriver(config());
    const err = (await d.createServer(spec("k-400")).catch((e: unknown) => e)) as DriverError;
    expect(err.code).toBe("bad_request");
    expect(err.retryable).toBe(false);
    expect(err.message).toContain("Invalid flavorRef");
    expect(proxy.stats.log.filter((l) => l.method === "POST" && l.fault === "status 400")).toHaveLength(1);
    expect((await d.poll("server", "no-such-id")).state).toBe("gone");
  });

  it("reuses its token, and takes a new one when the old is about to expire", async () => {
    const d = new OpenStackDriver(config());
    await d.poll("server", "x");
    await d.poll("server", "y");
    expect(d.client.authentications).toBe(1);
    cloud.tokenTtlS = 60; // under the five minutes of margin: every use renews
    const e = new OpenStackDriver(config());
    await e.poll("server", "x");
    await e.poll("server", "y");
    expect(e.client.authentications).toBe(2);
    cloud.tokenTtlS = 3600;
  });

  it("bad configuration: clear errors naming what to fix, never the password", async () => {
    const wrong = await new OpenStackDriver(config({ password: "not-the-password" })).health();
    expect(wrong.ok).toBe(false);
    expect(wrong.detail).toMatch(/rejected the credentials.*OS_PASSWORD/);
    expect(wrong.detail).not.toContain("not-the-password");
    const unreachable = await new OpenStackDriver(config({ auth_url: "http://127.0.0.1:9/v3", retries: 1 })).health();
    expect(unreachable.detail).toMatch(/cannot reach Keystone at http:\/\/127.0.0.1:9\/v3.*OS_AUTH_URL/);
    cloud.maxMicroversion = "2.60";
    const old = await new OpenStackDriver(config()).health();
    cloud.maxMicroversion = "2.93";
    expect(old.detail).toMatch(/up to 2.60; Headroom needs 2.74/);
    const ok = await new OpenStackDriver(config()).health();
    expect(ok.ok, ok.detail).toBe(true);
    for (const h of [wrong, unreachable, old, ok]) expect(h.detail).not.toContain(PASSWORD);
    expect(() => loadConfig({})).toThrow(/HEADROOM_OPENSTACK_CONFIG.*OS_AUTH_URL/);
    expect(() => loadConfig({ OS_AUTH_URL: "not a url", OS_USERNAME: "u", OS_PASSWORD: PASSWORD, OS_PROJECT_NAME: "p" })).toThrow(/OS_AUTH_URL/);
    try {
      loadConfig({ OS_AUTH_URL: "http://k/v3", OS_USERNAME: "u", OS_PASSWORD: PASSWORD });
    } catch (e) {
      expect(String(e)).toMatch(/OS_PROJECT_NAME/);
      expect(String(e)).not.toContain(PASSWORD);
    }
  });
});
