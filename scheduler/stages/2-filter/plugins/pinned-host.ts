import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("static", ["PINNED_HOST_UNAVAILABLE"]);

/** An operator chose the host by hand: only that host. */
export const pinnedHost = {
  name: "pinned-host",
  stage: "static",
  reasons: { PINNED_HOST_UNAVAILABLE: "the request is pinned to a host that cannot take it" },
  filter: (_ctx, req, host) => (req.pinned === -1 || req.pinned === host ? OK : S.PINNED_HOST_UNAVAILABLE),
  explain: (_ctx, req) => ({ code: "PINNED_HOST_UNAVAILABLE", reason: `pinned to host '${req.pinnedId}', which is not an eligible host` }),
} as const satisfies FilterPlugin;
