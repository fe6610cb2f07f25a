import { parseArgs } from "node:util";
import { openMigrated } from "../db";
import { loadConfig } from "../openstack/config";
import { openstackApply, openstackDrift, rackRuleFrom, syncOptions } from "../openstack/sync/run";
import type { Drift } from "../openstack/sync/sync";
import { DriverError } from "../provisioning/port";
import { UsageError } from "./errors";

function print(drift: Drift, applied: boolean) {
  const lines = drift.items.map((i) => `  ${i.action.padEnd(6)} ${i.entity} ${i.kind} ${i.name}${i.changes.length ? `\n           ${i.changes.join("\n           ")}` : ""}`);
  const sum = `${drift.counts.create} to create, ${drift.counts.change} to change, ${drift.counts.retire} to retire`;
  process.stdout.write(`${applied ? "applied" : "drift"} (${sum}; fingerprint ${drift.fingerprint}):\n${lines.join("\n") || "  nothing: Headroom matches the cloud"}\n`);
  if (!applied && drift.items.length) process.stdout.write("run again with --apply to apply it (one transaction, audited)\n");
}

/**
 * `headroom sync openstack [--apply] [--expect FINGERPRINT] [--rack-rule REGEX] [--json]`: reads the
 * configured OpenStack (HEADROOM_OPENSTACK_CONFIG or OS_*) and shows how Headroom's inventory differs;
 * --apply writes that drift in one transaction with an audit entry.
 */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { apply: { type: "boolean", default: false }, json: { type: "boolean", default: false }, expect: { type: "string" }, "rack-rule": { type: "string" } } });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [source, ...extra] = parsed.positionals;
  if (source !== "openstack") throw new UsageError(`${source === undefined ? "" : `unknown source '${source}'\n`}usage: headroom sync openstack [--apply] [--expect FINGERPRINT] [--rack-rule REGEX] [--json]`);
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  let rackRule: RegExp | null;
  try {
    rackRule = rackRuleFrom(parsed.values["rack-rule"] ?? process.env.HEADROOM_SYNC_RACK_RULE);
  } catch (e) {
    throw new UsageError(`--rack-rule: ${(e as Error).message}`);
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof DriverError) throw new UsageError(e.message);
    throw e;
  }
  const opts = { ...syncOptions(config), rackRule };
  const handle = await openMigrated();
  try {
    process.stderr.write("sync: reading Placement, Nova, Cinder and Neutron\n");
    if (!parsed.values.apply) {
      const drift = await openstackDrift(handle.db, config, opts);
      if (parsed.values.json) process.stdout.write(JSON.stringify(drift) + "\n");
      else print(drift, false);
      return 0;
    }
    const out = await openstackApply(handle.db, "cli:sync", parsed.values.expect, config, opts);
    if (!out.ok) {
      process.stderr.write(`headroom sync: ${out.message}\n`);
      return 1;
    }
    if (parsed.values.json) process.stdout.write(JSON.stringify(out.value) + "\n");
    else print(out.value, true);
    return 0;
  } catch (e) {
    if (e instanceof DriverError) {
      process.stderr.write(`headroom sync: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await handle.close();
  }
}
