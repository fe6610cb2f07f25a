// Running the filter pipeline: static candidates once per request class, and the binding rule when a
// request ends up with no host.
import type { FilterContext, FilterPlugin } from "./plugins/types";
import { filterPlugins, staticFilters } from "./plugins/registry";
import type { PreparedRequest } from "../1-compile/prepared";

/** Hosts that pass every static filter. */
export function staticCandidates(ctx: FilterContext, req: PreparedRequest): Int32Array {
  const hosts = ctx.cluster.hosts;
  const out: number[] = [];
  outer: for (let j = 0; j < hosts.length; j++) {
    const h = hosts[j]!;
    for (const f of staticFilters) if (f.filter(ctx, req, h).code !== "ok") continue outer;
    out.push(h);
  }
  return Int32Array.from(out);
}

export type Verdict = { code: string; reason: string };

/**
 * Why no host takes the request right now: filters run in pipeline order over every host, and the first
 * one that leaves none is the binding rule. A pinned request reports PINNED_HOST_UNAVAILABLE with that rule.
 */
export function explainUnplaced(ctx: FilterContext, req: PreparedRequest, plugins: readonly FilterPlugin[] = filterPlugins): Verdict {
  let remaining: number[] = Array.from(ctx.cluster.hosts);
  if (remaining.length === 0) return { code: "NO_CAPACITY", reason: "the inventory has no host" };
  const narrowedBy: string[] = [];
  for (const f of plugins) {
    const keep: number[] = [];
    const gone: number[] = [];
    for (const h of remaining) (f.filter(ctx, req, h).code === "ok" ? keep : gone).push(h);
    if (keep.length === 0) {
      const v = withNarrowing(f.explain(ctx, req, gone), narrowedBy);
      if (req.pinned !== -1 && f.name !== "pinned-host") {
        return { code: "PINNED_HOST_UNAVAILABLE", reason: `pinned to host '${req.pinnedId}': ${v.reason} (${v.code})` };
      }
      return v;
    }
    if (gone.length > 0 && f.name === "server-group") narrowedBy.push(`server group '${req.serverGroup!.id}' (${req.serverGroup!.policy}) ruled out ${gone.length} other host(s)`);
    remaining = keep;
  }
  return { code: "NOT_PLACED", reason: "a host passes every filter now, but the solver gave the room to other requests of equal or higher priority" };
}

/** The binding rule's sentence, plus what a dynamic rule (a server group) had already ruled out. */
export function withNarrowing(v: Verdict, narrowedBy: readonly string[]): Verdict {
  return narrowedBy.length === 0 ? v : { code: v.code, reason: `${v.reason}; ${narrowedBy.join("; ")}` };
}
