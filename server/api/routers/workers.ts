import { listWorkers, provisioningInfo } from "../../scheduler/workers-read";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const workersRouter = createTRPCRouter({
  /** Every worker seen: alive, last heartbeat, claimed now, totals, active per minute, driver (simulated or not). */
  list: viewerProcedure.query(async ({ ctx }) => {
    const [workers, provisioning] = await Promise.all([listWorkers(ctx.db), provisioningInfo(ctx.db)]);
    return { workers, provisioning };
  }),
  /** `{ driver, simulated, workersAlive }`: what the pages show beside the requests. */
  provisioning: viewerProcedure.query(({ ctx }) => provisioningInfo(ctx.db)),
});
