/**
 * `headroom cloud servers --driver openstack`: the real cloud's servers through the OpenStack
 * driver, configured from HEADROOM_OPENSTACK_CONFIG as the worker is, in the simulated listing's
 * shape `{ servers: { id, host, key, state }[] }`.
 *
 * Against the sandbox when it is up (the list is checked against the sync's own reading of Nova);
 * otherwise against the FAKE cloud of test/openstack/fake-cloud.ts (not OpenStack: it proves the
 * paging, the key and the shape, nothing about a real Nova), as driver-logic.test.ts does.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../server/cli/cloud";
import { UsageError } from "../../server/cli/errors";
import { parseConfig, type OpenStackConfig } from "../../server/openstack/config";
import { OpenStackDriver } from "../../server/openstack/driver";
import { readCloud } from "../../server/openstack/sync/read";
import { startFakeCloud, type FakeCloud } from "./fake-cloud";
import { sandbox } from "./harness";

type Listed = { servers: { id: string; host: string; key: string; state: string }[] };
const PASSWORD = "fake-cloud-password-for-listing";
const dir = mkdtempSync(path.join(tmpdir(), "headroom-cloud-servers-"));
let cloud: FakeCloud | undefined;
let config: OpenStackConfig;

/** The command's stdout, stderr and exit status, with the config file in HEADROOM_OPENSTACK_CONFIG. */
async function cli(args: string[], raw: Record<string, unknown> = config): Promise<{ code: number; out: string; err: string }> {
  const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(raw), { mode: 0o600 });
  const out: string[] = [];
  const err: string[] = [];
  const write = (sink: string[]) => (chunk: string | Uint8Array) => (sink.push(String(chunk)), true);
  const saved = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  process.stdout.write = write(out) as typeof process.stdout.write;
  process.stderr.write = write(err) as typeof process.stderr.write;
  try {
    const code = await run(args, { HEADROOM_OPENSTACK_CONFIG: file });
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

beforeAll(async () => {
  if (sandbox) {
    config = sandbox.config;
    return;
  }
  cloud = await startFakeCloud({ password: PASSWORD });
  config = parseConfig({ auth_url: `${cloud.url}/identity/v3`, username: "u", password: PASSWORD, project_name: "p", image: "img", timeout_ms: 2000, retries: 2 }, "test");
});
afterAll(async () => {
  await cloud?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`headroom cloud servers --driver openstack (${sandbox ? "the OpenStack sandbox" : "a FAKE cloud: no sandbox is up"})`, () => {
  it.runIf(sandbox !== null)("lists what Nova holds, as the sync reads it, with each server's Headroom key", async () => {
    const { code, out, err } = await cli(["servers", "--driver", "openstack", "--json"]);
    expect(code).toBe(0);
    const listed = (JSON.parse(out) as Listed).servers;
    const truth = (await readCloud(new OpenStackDriver(config).client)).servers;
    expect(listed.map((s) => s.id).sort()).toEqual(truth.map((s) => s.id).sort());
    for (const s of listed) {
      const t = truth.find((x) => x.id === s.id)!;
      expect(s).toEqual({ id: t.id, host: t.host ?? "", key: t.key ?? "", state: expect.stringMatching(/^(building|active|error|deleting)$/) });
    }
    expect(err).toContain(`${listed.length} server(s) in`);
    expect(out + err).not.toContain(config.password);
  });

  it.runIf(sandbox === null)("lists every server page by page, oldest first, with its key (empty for one Headroom did not make), deleted ones left out", async () => {
    const fake = cloud!;
    const driver = new OpenStackDriver(config);
    const made = [];
    for (const [i, key] of ["web-1", "web-2#0", "db-1"].entries()) {
      made.push(await driver.createServer({ key, name: key, host: `hv-0${i + 1}`, resources: { VCPU: 1, MEMORY_MB: 2048, DISK_GB: 10 }, portIds: [], projectId: "p" }));
    }
    fake.servers.set("not-ours", { id: "not-ours", name: "hand-made", status: "BUILD", metadata: {}, tags: [], host: "hv-02" });
    fake.servers.set("was-here", { id: "was-here", name: "gone", status: "DELETED", metadata: { headroom_key: "old" }, tags: [], host: "hv-01" });
    const expected = [
      { id: made[0]!.id, host: "hv-01", key: "web-1", state: "active" },
      { id: made[1]!.id, host: "hv-02", key: "web-2#0", state: "active" },
      { id: made[2]!.id, host: "hv-03", key: "db-1", state: "active" },
      { id: "not-ours", host: "hv-02", key: "", state: "building" },
    ];
    // Pages of two: five servers in the cloud take three pages, the last one short.
    expect(await driver.listServers(2)).toEqual(expected);
    expect(await driver.listServers(5)).toEqual(expected);

    const json = await cli(["servers", "--driver", "openstack", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ servers: expected });
    expect(json.err).toBe(`4 server(s) in u@p (Default/Default) at ${config.auth_url}\n`);
    const text = await cli(["servers", "--driver", "openstack"]);
    expect(text.out.trim().split("\n")).toEqual(expected.map((s) => `${s.id}\t${s.host}\t${s.key}\t${s.state}`));
  });

  it.runIf(sandbox === null)("bad configuration is exit 2 (a UsageError) naming what to fix, never the password; a Nova that fails is exit 1", async () => {
    const wrong = cli(["servers", "--driver", "openstack"], { ...config, password: "not-the-password" });
    await expect(wrong).rejects.toThrow(UsageError);
    await expect(wrong).rejects.toThrow(/rejected the credentials.*OS_PASSWORD/);
    await expect(wrong).rejects.not.toThrow(/not-the-password/);
    await expect(cli(["servers", "--driver", "openstack"], { ...config, auth_url: "not a url" })).rejects.toThrow(/auth_url/);
    await expect(cli(["servers", "--driver", "nova"])).rejects.toThrow(/expected simulated or openstack/);
    await expect(run(["servers", "--driver", "openstack"], {})).rejects.toThrow(/--driver openstack: .*HEADROOM_OPENSTACK_CONFIG/);
    await expect(cli(["servers", "--driver", "openstack"], { ...config, auth_url: "http://127.0.0.1:9/v3", retries: 1 })).rejects.toThrow(/cannot reach Keystone/);
    // Keystone answers, Nova does not: the cloud's failure, not the configuration's.
    const down = cli(["servers", "--driver", "openstack"], { ...config, retries: 1, endpoint_overrides: { compute: "http://127.0.0.1:9" } });
    await expect(down).rejects.toThrow(/listing the servers of u@p/);
    await expect(down.catch((e: unknown) => e instanceof UsageError)).resolves.toBe(false);
  });
});
