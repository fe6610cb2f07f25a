import { afterEach, describe, expect, it, vi } from "vitest";
import { backends, useTestDatabase } from "../db/harness";
import { sandbox } from "./harness";

describe.each(backends())("sync router on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });
  afterEach(() => vi.unstubAllEnvs());

  it("says what to configure when no OpenStack is set, and applies nothing", async () => {
    vi.stubEnv("HEADROOM_OPENSTACK_CONFIG", "");
    vi.stubEnv("OS_AUTH_URL", "");
    const out = await t.caller().sync.drift();
    expect(out.configured).toBe(false);
    expect(out.cloud).toMatch(/HEADROOM_OPENSTACK_CONFIG.*OS_AUTH_URL/);
    await expect(t.caller().sync.applyDrift({ fingerprint: "x" })).rejects.toThrow(/HEADROOM_OPENSTACK_CONFIG/);
  });

  it("names an unreadable configuration file", async () => {
    vi.stubEnv("HEADROOM_OPENSTACK_CONFIG", "/nonexistent/openstack.json");
    const out = await t.caller().sync.drift();
    expect(out.cloud).toContain("/nonexistent/openstack.json");
  });

  it.skipIf(!sandbox)("with the sandbox: a drift, a stale fingerprint refused, and never the password", async () => {
    vi.stubEnv("HEADROOM_OPENSTACK_CONFIG", sandbox!.file);
    const out = await t.caller().sync.drift();
    expect(out.configured).toBe(true);
    expect(out.drift?.counts.create).toBeGreaterThan(0);
    expect(JSON.stringify(out)).not.toContain(sandbox!.config.password);
    await expect(t.caller().sync.applyDrift({ fingerprint: "not-the-one-shown" })).rejects.toThrow(/drift changed/);
  });
});
