/** `headroom cloud servers --driver simulated [--json]`: what the simulated cloud holds (servers not deleted). */
import { parseArgs } from "node:util";
import { listSimulatedServers } from "../provisioning/simulated-read";
import { openMigrated } from "../db";
import { envOrUsage } from "./db";
import { UsageError } from "./errors";

const usage = "usage: headroom cloud servers --driver simulated [--json]";

export async function run(rest: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { driver: { type: "string" }, json: { type: "boolean" } } });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const [sub, extra] = parsed.positionals;
  if (sub !== "servers" || extra !== undefined) throw new UsageError(sub === undefined ? usage : `unknown subcommand '${sub}'\n${usage}`);
  const driver = parsed.values.driver ?? "simulated";
  if (driver !== "simulated") throw new UsageError(`--driver: only the simulated cloud is listed here (got '${driver}'); a real cloud lists its servers itself`);
  const handle = await openMigrated(envOrUsage());
  try {
    const servers = await listSimulatedServers(handle.db);
    if (parsed.values.json) process.stdout.write(JSON.stringify({ servers }) + "\n");
    else for (const s of servers) process.stdout.write(`${s.id}\t${s.host}\t${s.key}\t${s.state}\n`);
    process.stderr.write(`${servers.length} server(s) in the SIMULATED cloud\n`);
    return 0;
  } finally {
    await handle.close();
  }
}
