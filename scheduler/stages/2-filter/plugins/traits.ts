import { traitsOk } from "../../1-compile/prepared";
import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("static", ["TRAIT_MISSING"]);

/** Required traits present and forbidden traits absent on the host (compute group). */
export const traits = {
  name: "traits",
  stage: "static",
  reasons: { TRAIT_MISSING: "no host has the required traits without a forbidden one" },
  filter: (ctx, req, host) => (traitsOk(ctx.cluster, req.compute, host) ? OK : S.TRAIT_MISSING),
  explain: (_ctx, req, eliminated) => {
    const parts: string[] = [];
    if (req.compute.required.length > 0) parts.push(`required traits ${req.compute.required.join(", ")}`);
    if (req.compute.forbidden.length > 0) parts.push(`none of the forbidden traits ${req.compute.forbidden.join(", ")}`);
    return { code: "TRAIT_MISSING", reason: `none of the ${eliminated.length} remaining hosts has ${parts.join(" and ")}` };
  },
} as const satisfies FilterPlugin;
