import type { ScorePlugin } from "./types";

/** Soft anti-affinity: 1 where no member of the request's server group is in the domain, falling with each member. */
export const softAntiAffinity = {
  name: "soft-anti-affinity",
  score: (ctx, req, host) => (req.serverGroup?.policy === "soft-anti-affinity" ? 1 / (1 + ctx.state.groupMembersNear(req, host)) : 1),
  constantFor: (req) => (req.serverGroup?.policy === "soft-anti-affinity" ? undefined : 1),
} as const satisfies ScorePlugin;
