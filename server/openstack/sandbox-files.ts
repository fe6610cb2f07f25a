import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig, type OpenStackConfig } from "./config";

/**
 * Where `headroom sandbox up` leaves what it made. The sandbox is a real OpenStack control plane
 * with fake hypervisors; its credentials go to a file outside git (the state directory) and to
 * `.data/openstack/sandbox.json` in the checkout (git-ignored), which the driver's tests read.
 */
export const SANDBOX_STATE_DIR = process.env.HEADROOM_SANDBOX_DIR ?? "/var/tmp/headroom-openstack";
export const SANDBOX_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "sandbox", "sandbox.py");
export const SANDBOX_UP_COMMAND = "npx headroom sandbox up";

export const repoCredentialsFile = (cwd = process.cwd()) => path.join(cwd, ".data", "openstack", "sandbox.json");

/** What the sandbox file says beyond the driver's settings (hosts, networks, volume types). */
export type SandboxFacts = {
  image: string;
  hosts: { name: string; zone: string; rack: string; vcpus: number; memory_mb: number; disk_gb: number }[];
  networks: { name: string; subnets: string[] }[];
  volume_types: string[];
  admin: { username: string; password: string; project_name: string };
};

/** The sandbox's credentials file: HEADROOM_OPENSTACK_CONFIG, the checkout's, or the state directory's. */
export function sandboxCredentialsFile(): string | null {
  const candidates = [process.env.HEADROOM_OPENSTACK_CONFIG, repoCredentialsFile(), path.join(SANDBOX_STATE_DIR, "credentials.json")];
  return candidates.find((f): f is string => !!f && existsSync(f)) ?? null;
}

export function readSandbox(file: string): { config: OpenStackConfig; facts: SandboxFacts } {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  return { config: parseConfig(raw, file), facts: raw as unknown as SandboxFacts };
}
