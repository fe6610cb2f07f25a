import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { repoCredentialsFile, SANDBOX_SCRIPT } from "../openstack/sandbox-files";
import { UsageError } from "./errors";

const PYTHON = "/usr/bin/python3";

/**
 * `headroom sandbox up [--hosts N] | down | status [--json]`: a real OpenStack control plane with
 * fake hypervisors on this machine (Debian's OpenStack packages, installed when missing; MariaDB and
 * RabbitMQ must already run). Idempotent. `up` prints the credentials it made and writes them to
 * .data/openstack/sandbox.json (git-ignored) for the driver and the tests.
 */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { hosts: { type: "string", default: "3" }, json: { type: "boolean", default: false } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [command, ...extra] = parsed.positionals;
  if (command !== "up" && command !== "down" && command !== "status") throw new UsageError(`${command === undefined ? "" : `unknown subcommand '${command}'\n`}usage: headroom sandbox up [--hosts N] | down | status [--json]`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const hosts = Number(parsed.values.hosts);
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > 40) throw new UsageError(`--hosts must be a whole number from 1 to 40, got '${parsed.values.hosts}'`);
  if (!existsSync(PYTHON)) {
    process.stderr.write(`headroom sandbox: needs Debian's ${PYTHON} (the OpenStack packages are installed for it): apt-get install -y python3\n`);
    return 1;
  }
  const argv = [SANDBOX_SCRIPT, command];
  if (command === "up") argv.push("--hosts", String(hosts), "--credentials-out", repoCredentialsFile());
  if (command === "status" && parsed.values.json) argv.push("--json");
  return await new Promise<number>((resolve) => {
    const child = spawn(PYTHON, argv, { stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", (e) => {
      process.stderr.write(`headroom sandbox: ${e.message}\n`);
      resolve(1);
    });
  });
}
