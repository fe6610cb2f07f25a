import { unitsOk } from "../../1-compile/prepared";
import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("static", ["NO_CAPACITY"]);

/** The host has inventory of every requested class, the amounts respect minUnit/maxUnit/stepSize, and fit an empty host. */
export const computeResources = {
  name: "compute-resources",
  stage: "static",
  reasons: { NO_CAPACITY: "no host could hold the request even if it were empty, or its units do not fit the inventory" },
  filter: (ctx, req, host) => (req.missingClass === undefined && unitsOk(ctx.cluster, req.compute, host) ? OK : S.NO_CAPACITY),
  explain: (_ctx, req, eliminated) => {
    if (req.missingClass !== undefined) return { code: "NO_CAPACITY", reason: `no provider has inventory of ${req.missingClass}` };
    const ask = req.compute.names.map((n, k) => `${n} ${req.compute.amt[k]}`).join(", ");
    return { code: "NO_CAPACITY", reason: `none of the ${eliminated.length} remaining hosts can ever hold ${ask} (inventory, capacity, or minUnit/maxUnit/stepSize)` };
  },
} as const satisfies FilterPlugin;
