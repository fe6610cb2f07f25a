import { createConnection } from "node:net";
import { describe, it } from "vitest";
import { readSandbox, sandboxCredentialsFile, SANDBOX_UP_COMMAND, type SandboxFacts } from "../../server/openstack/sandbox-files";
import type { OpenStackConfig } from "../../server/openstack/config";

/**
 * The tests of test/openstack run against the project's OpenStack sandbox: a real control plane
 * (Keystone, Placement, Nova, Neutron, Cinder, Glance) with fake hypervisors. Without it they are
 * skipped, loudly, naming the one command that brings it up.
 */
export type Sandbox = { config: OpenStackConfig; facts: SandboxFacts; file: string };

async function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return await new Promise<boolean>((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 80) });
    s.setTimeout(1500, () => (s.destroy(), resolve(false)));
    s.on("connect", () => (s.end(), resolve(true)));
    s.on("error", () => resolve(false));
  });
}

export async function findSandbox(): Promise<Sandbox | null> {
  const file = sandboxCredentialsFile();
  if (!file) return null;
  const { config, facts } = readSandbox(file);
  return (await reachable(config.auth_url)) ? { config, facts, file } : null;
}

export const sandbox = await findSandbox();

/** describe() when the sandbox is up; otherwise a skipped suite and a warning on stderr saying how to enable it. */
export function describeSandbox(name: string, fn: (sb: Sandbox) => void): void {
  if (sandbox) {
    describe(name, () => fn(sandbox));
    return;
  }
  const why = `SKIPPED: no OpenStack sandbox is up (checked HEADROOM_OPENSTACK_CONFIG, .data/openstack/sandbox.json, the sandbox state dir). Enable with: ${SANDBOX_UP_COMMAND}`;
  process.stderr.write(`\n*** test/openstack "${name}": ${why}\n\n`);
  describe(name, () => {
    it.skip(why, () => undefined);
  });
}
