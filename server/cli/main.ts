import { UsageError } from "./errors";

type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> };

const commands: Record<string, Command> = {
  start: { summary: "start [--port N]              migrate, seed on first start, build if needed, serve the app", load: () => import("./start") },
  db: { summary: "db migrate | db seed [--reset] | db export [--as problem|scenario] [--zone NAME] [--out FILE]  apply migrations / load the demo data centre / write the inventory as a problem or scenario", load: () => import("./db") },
  place: { summary: "place <problem.json> [--solver auto|glpk|highs|greedy] [--time-limit-ms N] [--json]", load: () => import("./place") },
  simulate: { summary: "simulate <scenario.json> [--seed N] [--replications N] [--jobs N] [--series] [--json]", load: () => import("./simulate") },
  recommend: { summary: "recommend <scenario.json> --models <models.json> [--peak K] [--fail TARGET] [--target-blocking B] [--max-overload-seconds S] [--json]", load: () => import("./recommend") },
  report: { summary: "report history [--class C] [--zone Z] [--from DATE] [--json] | report runway [--json] | report snapshot", load: () => import("./report") },
  sandbox: { summary: "sandbox up [--hosts N] | down | status [--json]  a real OpenStack control plane with fake hypervisors on this machine", load: () => import("./sandbox") },
  sync: { summary: "sync openstack [--apply] [--expect FINGERPRINT] [--rack-rule REGEX] [--json]  show (and apply) how the inventory differs from a real OpenStack", load: () => import("./sync") },
  bench: { summary: "bench placement|simulator [--json] | bench reports [--recommend] [--json] | bench scheduler [--workers N] [--requests N] [--faults P] [--kills K] [--pg-restart] [--json]", load: () => import("./bench") },
  request: { summary: "request submit <requests.json> [--json] | request list [--state S] [--json] | request cancel|delete|retry <id|key>", load: () => import("./request") },
  worker: { summary: "worker [--driver simulated|openstack] [--name NAME] [--exit-when-idle] [--no-jobs]  a scheduler worker", load: () => import("./worker") },
  cloud: { summary: "cloud servers --driver simulated|openstack [--json]   what the cloud holds (servers with their Headroom key)", load: () => import("./cloud") },
  user: { summary: "user add <email> --role R [--name N] [--password-stdin] | user list | user set-role <email> --role R  accounts (the first admin of a new install)", load: () => import("./user") },
};

function usage(): string {
  return ["usage: headroom <command> [options]", "", ...Object.values(commands).map((c) => `  headroom ${c.summary}`)].join("\n");
}

/** Exit status as the contract says: 0 success, 2 bad file or arguments, 1 anything else. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`headroom: unknown command '${name}'\n${usage()}\n`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`headroom ${name}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`headroom ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
