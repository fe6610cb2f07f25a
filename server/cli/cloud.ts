/**
 * `headroom cloud servers --driver simulated|openstack [--json]`: what the cloud holds, as
 * `{ servers: { id, host, key, state }[] }` (key: the Headroom idempotency key, "" for a server
 * Headroom did not make). simulated: the simulated cloud in the database (servers not deleted);
 * openstack: the real cloud's servers through the OpenStack driver, configured as `headroom worker
 * --driver openstack` is (HEADROOM_OPENSTACK_CONFIG or OS_*), no database opened.
 */
import { parseArgs } from "node:util";
import { DriverError } from "../provisioning/port";
import { listSimulatedServers } from "../provisioning/simulated-read";
import { openMigrated } from "../db";
import { envOrUsage } from "./db";
import { UsageError } from "./errors";

const usage = "usage: headroom cloud servers --driver simulated|openstack [--json]";

type Server = { id: string; host: string; key: string; state: string };

async function simulatedServers(): Promise<Server[]> {
  const handle = await openMigrated(envOrUsage());
  try {
    return await listSimulatedServers(handle.db);
  } finally {
    await handle.close();
  }
}

async function openstackServers(env: Record<string, string | undefined>): Promise<{ servers: Server[]; where: string }> {
  const { loadConfig, describeConfig, redact } = await import("../openstack/config");
  const { OpenStackDriver } = await import("../openstack/driver");
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof DriverError && error.code === "config") throw new UsageError(`--driver openstack: ${error.message}`);
    throw error;
  }
  try {
    return { servers: await new OpenStackDriver(config).listServers(), where: describeConfig(config) };
  } catch (error) {
    if (!(error instanceof DriverError)) throw error;
    const message = redact(error.message, config);
    // Wrong credentials, an unreachable Keystone, a missing catalog entry: the configuration's to fix
    // (exit 2, as the worker's start); a Nova that fails or does not answer is the cloud's (exit 1).
    if (error.code === "config" || error.code === "unauthorized") throw new UsageError(`--driver openstack: ${message}`);
    throw new Error(`listing the servers of ${describeConfig(config)}: ${message}`, { cause: error });
  }
}

export async function run(rest: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { driver: { type: "string" }, json: { type: "boolean" } } });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const [sub, extra] = parsed.positionals;
  if (sub !== "servers" || extra !== undefined) throw new UsageError(sub === undefined ? usage : `unknown subcommand '${sub}'\n${usage}`);
  const driver = parsed.values.driver ?? "simulated";
  if (driver !== "simulated" && driver !== "openstack") throw new UsageError(`--driver: expected simulated or openstack, got '${driver}'`);
  const { servers, where } = driver === "simulated"
    ? { servers: await simulatedServers(), where: "the SIMULATED cloud" }
    : await openstackServers(env);
  if (parsed.values.json) process.stdout.write(JSON.stringify({ servers }) + "\n");
  else for (const s of servers) process.stdout.write(`${s.id}\t${s.host}\t${s.key}\t${s.state}\n`);
  process.stderr.write(`${servers.length} server(s) in ${where}\n`);
  return 0;
}
