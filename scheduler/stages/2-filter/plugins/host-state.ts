import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("dynamic", ["HOST_DOWN"]);

/** A host that is down takes no new allocations. */
export const hostState = {
  name: "host-state",
  stage: "dynamic",
  reasons: { HOST_DOWN: "every eligible host is down" },
  filter: (ctx, _req, host) => (ctx.state.down[host] === 0 ? OK : S.HOST_DOWN),
  explain: (_ctx, _req, eliminated) => ({ code: "HOST_DOWN", reason: `the ${eliminated.length} remaining eligible hosts are down` }),
} as const satisfies FilterPlugin;
