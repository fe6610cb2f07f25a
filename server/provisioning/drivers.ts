/**
 * The driver factory: `headroom worker --driver NAME` and the web process's worker make their
 * driver here. `simulated` is built in; the OpenStack work adds its case (server/openstack/) beside it.
 */
import { z } from "zod";
import type { Db } from "../db/client";
import type { ProvisioningDriver } from "./port";
import { DriverError } from "./port";
import { SimulatedDriver, type SimulatedFaults } from "./simulated";

export const driverNames = ["simulated", "openstack"] as const;

export type DriverContext = {
  db: Db;
  /** Progress and fault lines (stderr for the CLI). */
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
  /** simulated: the seed of its delays and faults, and the share of faulty calls (override the environment). */
  seed?: number;
  faults?: SimulatedFaults;
};

const range = z.string().regex(/^\d+,\d+$/, "must be MIN,MAX in ms").transform((v) => v.split(",").map(Number) as [number, number]);
const simEnv = z.object({
  HEADROOM_SIM_FAULTS: z.coerce.number().min(0).max(1).optional(),
  HEADROOM_SIM_SEED: z.coerce.number().int().optional(),
  HEADROOM_SIM_CALL_MS: range.optional(),
  HEADROOM_SIM_BOOT_MS: range.optional(),
  HEADROOM_SIM_SLOW_MS: z.coerce.number().int().min(0).optional(),
  HEADROOM_SIM_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
});

/** Makes the named driver; an unknown name or a bad setting is a DriverError("config") naming what to fix. */
export async function createDriver(name: string, ctx: DriverContext): Promise<ProvisioningDriver> {
  const env = ctx.env ?? process.env;
  switch (name) {
    case "simulated": {
      const parsed = simEnv.safeParse(env);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new DriverError("config", `${issue.path.join(".")}: ${issue.message}`, false);
      }
      const e = parsed.data;
      return new SimulatedDriver({
        db: ctx.db, seed: ctx.seed ?? e.HEADROOM_SIM_SEED ?? 1,
        faults: ctx.faults ?? { rate: e.HEADROOM_SIM_FAULTS ?? 0 },
        ...(e.HEADROOM_SIM_CALL_MS && { callDelayMs: e.HEADROOM_SIM_CALL_MS }),
        ...(e.HEADROOM_SIM_BOOT_MS && { bootMs: e.HEADROOM_SIM_BOOT_MS }),
        ...(e.HEADROOM_SIM_SLOW_MS !== undefined && { slowMs: e.HEADROOM_SIM_SLOW_MS }),
        ...(e.HEADROOM_SIM_TIMEOUT_MS !== undefined && { timeoutMs: e.HEADROOM_SIM_TIMEOUT_MS }),
        ...(ctx.log && { log: ctx.log }),
      });
    }
    case "openstack": {
      // Configuration from HEADROOM_OPENSTACK_CONFIG or OS_*; checked against the cloud now, so a
      // wrong password, an unreachable endpoint or an old Nova stops the start with what to fix.
      const { OpenStackDriver } = await import("../openstack/driver");
      const { loadConfig } = await import("../openstack/config");
      const driver = new OpenStackDriver(loadConfig(env));
      await driver.assertHealthy();
      return driver;
    }
    default:
      throw new DriverError("config", `no provisioning driver '${name}' (drivers: ${driverNames.join(", ")})`, false);
  }
}
