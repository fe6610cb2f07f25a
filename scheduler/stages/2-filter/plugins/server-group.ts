import type { FilterPlugin } from "./types";
import { OK, statuses } from "./types";

const S = statuses("dynamic", ["SERVER_GROUP"]);

/** Affinity: all members share one host/rack/zone; anti-affinity: no two members share one. */
export const serverGroup = {
  name: "server-group",
  stage: "dynamic",
  reasons: { SERVER_GROUP: "the server group's affinity or anti-affinity rule leaves no host" },
  filter: (ctx, req, host) => (ctx.state.groupAllows(req, host) ? OK : S.SERVER_GROUP),
  explain: (ctx, req, eliminated) => {
    const sg = req.serverGroup!;
    const placed = ctx.state.groupSize(req);
    const rule = sg.policy === "affinity"
      ? `must share a ${sg.scope} with the ${placed} member(s) already placed`
      : `must not share a ${sg.scope} with any of the ${placed} member(s) already placed`;
    return { code: "SERVER_GROUP", reason: `server group '${sg.id}' (${sg.policy}): the request ${rule}, which rules out the ${eliminated.length} remaining hosts` };
  },
} as const satisfies FilterPlugin;
