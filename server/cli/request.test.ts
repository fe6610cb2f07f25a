/**
 * `headroom request`, `headroom worker --exit-when-idle` and `headroom cloud servers` through main(),
 * as the command line runs them, on an embedded PGlite in a temporary data folder with the catalogue
 * and two hosts: the contract's JSON, exit 2 naming the file, field path or id, and a worker that
 * brings the requests to active on the simulated driver and stops when idle.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCaller } from "../api/root";
import { createTRPCContext } from "../api/trpc";
import { openMigrated } from "../db";
import { insertCatalog } from "../db/seed";
import { smallTree } from "../../test/db/fixtures";
import { main } from "./main";

describe("headroom request / worker / cloud", () => {
  let dir = "";
  let out = "";
  let err = "";
  const saved = { url: process.env.DATABASE_URL, dir: process.env.HEADROOM_DATA_DIR, boot: process.env.HEADROOM_SIM_BOOT_MS };
  const file = (name: string, body: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof body === "string" ? body : JSON.stringify(body));
    return p;
  };
  const cli = async (...args: string[]) => {
    out = "";
    err = "";
    const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
    try {
      return await main(args);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "headroom-request-"));
    delete process.env.DATABASE_URL;
    process.env.HEADROOM_DATA_DIR = path.join(dir, "data");
    process.env.HEADROOM_SIM_BOOT_MS = "5,20";
    const handle = await openMigrated();
    try {
      await insertCatalog(handle.db);
      await smallTree(createCaller(createTRPCContext({ db: handle.db, user: "test" })), "cli", 2);
    } finally {
      await handle.close();
    }
  }, 120_000);
  afterAll(() => {
    for (const [k, v] of [["DATABASE_URL", saved.url], ["HEADROOM_DATA_DIR", saved.dir], ["HEADROOM_SIM_BOOT_MS", saved.boot]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("submits (copies key#k), says created false for a repeat, and exits 2 naming the file and field", async () => {
    const good = file("good.json", { requests: [{ key: "vm", compute: { resources: { VCPU: 2, MEMORY_MB: 1024 } }, count: 2 }, { key: "one", compute: { resources: { VCPU: 1 } }, pinnedHost: "cli-h2" }] });
    expect(await cli("request", "submit", good, "--json")).toBe(0);
    const first = JSON.parse(out) as { requests: { id: string; key: string; created: boolean }[] };
    expect(first.requests.map((r) => [r.key, r.created])).toEqual([["vm#0", true], ["vm#1", true], ["one", true]]);
    expect(await cli("request", "submit", good, "--json")).toBe(0);
    expect(JSON.parse(out)).toEqual({ requests: first.requests.map((r) => ({ ...r, created: false })) });

    const unknown = file("unknown.json", { requests: [{ key: "x", flavor: "m9.nope" }] });
    expect(await cli("request", "submit", unknown)).toBe(2);
    expect(err).toContain(`${unknown}: requests[0].flavor: no flavor 'm9.nope'`);
    const negative = file("negative.json", { requests: [{ key: "x", compute: { resources: { VCPU: -2 } } }] });
    expect(await cli("request", "submit", negative)).toBe(2);
    expect(err).toContain(`${negative}: requests[0].compute.resources.VCPU: must not be negative`);
    const reused = file("reused.json", { requests: [{ key: "one", compute: { resources: { VCPU: 3 } }, pinnedHost: "cli-h2" }] });
    expect(await cli("request", "submit", reused)).toBe(2);
    expect(err).toContain(`${reused}: requests[0].compute.resources.VCPU:`);
    expect(await cli("request", "submit", file("broken.json", "{ nope"))).toBe(2);
    expect(err).toContain("broken.json: not JSON");
    expect(await cli("request", "list", "--state", "sideways")).toBe(2);
    expect(await cli("request", "cancel", "no-such-key")).toBe(2);
    expect(err).toContain("no-such-key");
  });

  it("runs a worker until idle: every request active on the simulated cloud, listed as the contract says", async () => {
    expect(await cli("worker", "--exit-when-idle", "--no-jobs", "--name", "cli-worker")).toBe(0);
    expect(err).toContain("SIMULATED");
    expect(await cli("request", "list", "--json")).toBe(0);
    const { requests } = JSON.parse(out) as { requests: { key: string; state: string; host?: string; serverId?: string; attempts: number }[] };
    expect(requests.map((r) => [r.key, r.state]).sort()).toEqual([["one", "active"], ["vm#0", "active"], ["vm#1", "active"]]);
    expect(requests.find((r) => r.key === "one")!.host).toBe("cli-h2");
    expect(await cli("cloud", "servers", "--driver", "simulated", "--json")).toBe(0);
    const { servers } = JSON.parse(out) as { servers: { id: string; host: string; key: string; state: string }[] };
    expect(servers.map((s) => s.key).sort()).toEqual(["one", "vm#0", "vm#1"]);
    expect(servers.map((s) => s.id).sort()).toEqual(requests.map((r) => r.serverId).sort());
    expect(await cli("cloud", "servers", "--driver", "nova")).toBe(2);
  }, 120_000);

  it("cancels one not yet active (exit 2 for an active one), deletes an active one", async () => {
    expect(await cli("request", "cancel", "one")).toBe(2);
    expect(err).toContain("one: is active");
    expect(await cli("request", "delete", "one")).toBe(0);
    expect(out).toContain("delete asked");
    expect(await cli("worker", "--exit-when-idle", "--no-jobs")).toBe(0);
    expect(await cli("request", "list", "--state", "cancelled", "--json")).toBe(0);
    expect((JSON.parse(out) as { requests: { key: string }[] }).requests.map((r) => r.key)).toEqual(["one"]);
    expect(await cli("request", "retry", "one")).toBe(2);
  }, 120_000);
});
