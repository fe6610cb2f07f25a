import type { ScorePlugin } from "./types";

/** 1 on a host that already has use (packing onto it opens no new host), else 0. */
export const hostInUse = {
  name: "host-in-use",
  score: (ctx, _req, host) => (ctx.state.hostInUse(host) ? 1 : 0),
} as const satisfies ScorePlugin;
