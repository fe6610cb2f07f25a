import { hostname } from "node:os";
import type { DbHandle } from "../db/client";
import { createDriver } from "../provisioning/drivers";
import { configFromEnv } from "./config";
import { SchedulerWorker } from "./worker";

/** The web process's own worker (npm start): the configured driver (simulated by default); HEADROOM_SCHEDULER=0 turns it off. */
export async function startInProcessWorker(handle: DbHandle): Promise<() => Promise<void>> {
  if (process.env.HEADROOM_SCHEDULER === "0") return async () => undefined;
  const log = (line: string) => console.log(`headroom: ${line}`);
  const driver = await createDriver(process.env.HEADROOM_DRIVER ?? "simulated", { db: handle.db, log });
  const worker = new SchedulerWorker(handle.db, driver, {
    name: `web-${hostname()}`, config: configFromEnv(), log, writeConcurrency: handle.kind === "postgresql" ? 4 : 1, concurrency: 16,
  });
  await worker.start();
  return () => worker.stop();
}
