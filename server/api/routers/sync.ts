import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { loadConfig, describeConfig } from "../../openstack/config";
import { openstackApply, openstackDrift } from "../../openstack/sync/run";
import { DriverError } from "../../provisioning/port";
import { createTRPCRouter, operatorProcedure, unwrap, viewerProcedure } from "../trpc";

/** The configured cloud, or why there is none; the password never leaves the server. */
function cloud() {
  try {
    const config = loadConfig();
    return { config, where: describeConfig(config) };
  } catch (e) {
    return { config: null, where: e instanceof Error ? e.message : String(e) };
  }
}

export const syncRouter = createTRPCRouter({
  /** The drift between the inventory and the configured OpenStack (read-only). */
  drift: viewerProcedure.query(async ({ ctx }) => {
    const { config, where } = cloud();
    if (!config) return { configured: false as const, cloud: where, drift: null, error: null };
    try {
      return { configured: true as const, cloud: where, drift: await openstackDrift(ctx.db, config), error: null };
    } catch (e) {
      if (e instanceof DriverError) return { configured: true as const, cloud: where, drift: null, error: e.message };
      throw e;
    }
  }),
  /** Applies the drift that was shown (its fingerprint) in one transaction with an audit entry. */
  applyDrift: operatorProcedure.input(z.object({ fingerprint: z.string().min(1, "the drift's fingerprint is needed") })).mutation(async ({ ctx, input }) => {
    const { config, where } = cloud();
    if (!config) throw new TRPCError({ code: "PRECONDITION_FAILED", message: where });
    try {
      return unwrap(await openstackApply(ctx.db, ctx.user, input.fingerprint, config));
    } catch (e) {
      if (e instanceof DriverError) throw new TRPCError({ code: "PRECONDITION_FAILED", message: e.message });
      throw e;
    }
  }),
});
