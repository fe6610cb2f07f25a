import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("static", ["ZONE_MISMATCH"]);

/** Only hosts whose availability zone is the requested one. */
export const zone = {
  name: "zone",
  stage: "static",
  reasons: { ZONE_MISMATCH: "no host in the requested availability zone" },
  filter: (ctx, req, host) => (req.zone === undefined || ctx.cluster.zoneName[host] === req.zone ? OK : S.ZONE_MISMATCH),
  explain: (_ctx, req, eliminated) => ({ code: "ZONE_MISMATCH", reason: `none of the ${eliminated.length} remaining hosts is in availability zone '${req.zone}'` }),
} as const satisfies FilterPlugin;
