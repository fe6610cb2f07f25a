import type { FilterPlugin } from "./types";
import { listIds, OK, statuses } from "./types";

const S = statuses("dynamic", ["NO_CAPACITY"]);

/** The capacity rule on the host and on a reachable provider for each storage and network group, right now. */
export const capacity = {
  name: "capacity",
  stage: "dynamic",
  reasons: { NO_CAPACITY: "the eligible hosts (or their reachable storage and networks) are full" },
  filter: (ctx, req, host) => (ctx.state.fits(req.compute, host) && ctx.state.attachedOk(req, host) ? OK : S.NO_CAPACITY),
  explain: (ctx, req, eliminated) => {
    const hostFull = eliminated.filter((h) => !ctx.state.fits(req.compute, h));
    const ask = req.compute.names.map((n, k) => `${n} ${req.compute.amt[k]}`).join(", ");
    const reason = hostFull.length === eliminated.length
      ? `the ${eliminated.length} eligible host(s) (${listIds(ctx.cluster, eliminated)}) lack free capacity for ${ask}`
      : `${eliminated.length - hostFull.length} eligible host(s) have room but their reachable storage or network providers are full; the other ${hostFull.length} lack free capacity for ${ask}`;
    return { code: "NO_CAPACITY", reason };
  },
} as const satisfies FilterPlugin;
