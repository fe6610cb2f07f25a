/**
 * `headroom worker [--driver simulated|openstack] [--name NAME] [--exit-when-idle] [--no-jobs]`:
 * a scheduler worker (claims, places, provisions) and the pg-boss job workers, until SIGTERM or
 * SIGINT (or, with --exit-when-idle, until nothing is pending, placing, placed or provisioning).
 * Progress lines on stderr. Settings: HEADROOM_SCHEDULER_* and HEADROOM_RETRY_* (server/scheduler/config.ts),
 * the simulated driver's HEADROOM_SIM_* (server/provisioning/drivers.ts).
 */
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { openMigrated } from "../db";
import { createDriver, driverNames } from "../provisioning/drivers";
import { DriverError } from "../provisioning/port";
import { configFromEnv } from "../scheduler/config";
import { SchedulerWorker } from "../scheduler/worker";
import { envOrUsage } from "./db";
import { formatZodError, UsageError } from "./errors";

const usage = "usage: headroom worker [--driver simulated|openstack] [--name NAME] [--exit-when-idle] [--no-jobs] [--concurrency N]";

export async function run(rest: string[]): Promise<number> {
  let values: { driver?: string; name?: string; "exit-when-idle"?: boolean; "no-jobs"?: boolean; concurrency?: string };
  try {
    ({ values } = parseArgs({
      args: rest, allowPositionals: false,
      options: { driver: { type: "string" }, name: { type: "string" }, "exit-when-idle": { type: "boolean" }, "no-jobs": { type: "boolean" }, concurrency: { type: "string" } },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const driverName = values.driver ?? process.env.HEADROOM_DRIVER ?? "simulated";
  if (!(driverNames as readonly string[]).includes(driverName)) throw new UsageError(`--driver: expected one of ${driverNames.join(", ")}, got '${driverName}'`);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000)) throw new UsageError(`--concurrency: expected 1..1000, got '${values.concurrency}'`);
  let config;
  try {
    config = configFromEnv();
  } catch (error) {
    if (error instanceof ZodError) throw new UsageError(formatZodError("environment", error));
    throw error;
  }
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  // A database that restarts under the worker fails queries some of which nobody awaits any more (the
  // driver's pipelined ones): the worker logs them and goes on; its loop and leases recover the rest.
  process.on("unhandledRejection", (reason) => log(`worker: unhandled rejection (going on): ${reason instanceof Error ? reason.message : String(reason)}`));
  // postgres-js can throw from a timer when PostgreSQL closes a socket it still writes to
  // ("Cannot read properties of null (reading 'write')" in connection.js nextWrite): that one is the
  // database going away, which the worker survives; anything else ends the process as usual.
  process.on("uncaughtException", (error) => {
    if (error instanceof TypeError && (error.stack ?? "").includes("postgres/src/connection.js")) {
      log(`worker: the database connection broke (${error.message}); going on`);
      return;
    }
    log(`worker: ${error.stack ?? error.message}`);
    process.exit(1);
  });
  const handle = await openMigrated(envOrUsage());
  let driver;
  try {
    driver = await createDriver(driverName, { db: handle.db, log });
  } catch (error) {
    await handle.close();
    if (error instanceof DriverError && error.code === "config") throw new UsageError(`--driver ${driverName}: ${error.message}`);
    throw error;
  }
  const worker = new SchedulerWorker(handle.db, driver, {
    ...(values.name !== undefined && { name: values.name }), config, log, exitWhenIdle: values["exit-when-idle"] === true,
    writeConcurrency: handle.kind === "postgresql" ? 4 : 1, ...(concurrency !== undefined && { concurrency }),
  });
  let stopJobs: (() => Promise<void>) | undefined;
  if (!values["no-jobs"]) {
    try {
      stopJobs = await (await import("../jobs")).startJobWorkers(handle, { name: worker.name });
      log(`worker ${worker.name}: job workers started`);
    } catch (error) {
      log(`worker ${worker.name}: job workers did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  log(`worker ${worker.name}: on ${handle.kind} at ${handle.location}`);
  await worker.start();
  const progress = setInterval(() => {
    const t = worker.totals;
    log(`worker ${worker.name}: placed ${t.placed}, active ${t.active}, failed ${t.failed}, deferred ${t.deferred}, conflicts ${t.conflicts}, deleted ${t.deleted}`);
  }, 10_000);
  progress.unref();
  let signalled = false;
  const onSignal = () => {
    if (signalled) return;
    signalled = true;
    log(`worker ${worker.name}: stopping (finishing what it holds)`);
    void worker.stop();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  await worker.done();
  await worker.stop();
  clearInterval(progress);
  await stopJobs?.().catch(() => undefined);
  await driver.close?.();
  await handle.close();
  log(`worker ${worker.name}: stopped`);
  return 0;
}
