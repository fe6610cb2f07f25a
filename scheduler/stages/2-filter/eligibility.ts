// Running the filter pipeline: static candidates once per request shape (both paths), and the binding rule
// when a request ends up with no host (one loop, one status type for both paths).
import type { FilterContext, FilterPlugin } from "./plugins/types";
import { dynamicFilters, filterPlugins, staticFilters } from "./plugins/registry";
import type { PreparedRequest } from "../1-compile/prepared";
import type { CompiledShape } from "../1-compile/shape";

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

/** One status type for a request left out, on both paths: a machine-readable code and a sentence. */
export type Verdict = { code: string; reason: string };

/** Batch path: every rule lets some host take the request now, but the batch gave the room to others. */
export const NOT_PLACED: Verdict = { code: "NOT_PLACED", reason: "a host passes every filter now, but the solver gave the room to other requests of equal or higher priority" };
/** Online path: some host passes every host rule, yet no host has room together with reachable storage and networks. */
export const NO_ROOM_TOGETHER: Verdict = { code: "NO_CAPACITY", reason: "no host and reachable storage and network providers have room together" };
/** Batch path: the time limit ran out before the engine got to the request. */
export const TIME_LIMIT = {
  unread: { code: "TIME_LIMIT", reason: "the time limit ran out before the engine read this request" },
  unfiltered: { code: "TIME_LIMIT", reason: "the time limit ran out before the engine filtered this request's hosts" },
  unplaced: { code: "TIME_LIMIT", reason: "the time limit ran out before the engine placed this request (a host passes every filter now)" },
} as const satisfies Record<string, Verdict>;

/** Stage 2 on one shape: its static candidates and, when there are none, the binding static rule. */
export function filterShape(ctx: FilterContext, shape: CompiledShape): void {
  shape.hosts = staticCandidates(ctx, shape.prep);
  shape.staticVerdict = shape.hosts.length === 0 ? bindingRule(ctx, shape.prep, Array.from(ctx.cluster.hosts), filterPlugins, NOT_PLACED) : undefined;
  shape.filtered = true;
}

/**
 * Why no host takes a filtered shape right now (both paths): its static verdict if no host passed the static
 * filters, else the first dynamic filter that leaves none of its candidates, else `fallback` (each path's
 * sentence for room that is there but not together, or taken by the batch).
 */
export function whyNot(ctx: FilterContext, shape: CompiledShape, fallback: Verdict): Verdict {
  return shape.staticVerdict ?? bindingRule(ctx, shape.prep, Array.from(shape.hosts), dynamicFilters, fallback);
}

/** True when some candidate of the filtered shape passes every dynamic filter now (stops at the first). */
export function someHostPasses(ctx: FilterContext, shape: CompiledShape): boolean {
  if (shape.staticVerdict) return false;
  outer: for (const h of shape.hosts) {
    for (const f of dynamicFilters) if (f.filter(ctx, shape.prep, h).code !== "ok") continue outer;
    return true;
  }
  return false;
}

/**
 * The one why-not loop: filters run in pipeline order over `hosts`, and the first one that leaves none is the
 * binding rule, with what a server group had narrowed before it. A pinned request reports
 * PINNED_HOST_UNAVAILABLE with that rule.
 */
function bindingRule(ctx: FilterContext, req: PreparedRequest, hosts: number[], plugins: readonly FilterPlugin[], fallback: Verdict): Verdict {
  if (ctx.cluster.hosts.length === 0) return { code: "NO_CAPACITY", reason: "the inventory has no host" };
  let remaining = hosts;
  const narrowedBy: string[] = [];
  for (const f of plugins) {
    const keep: number[] = [];
    const gone: number[] = [];
    for (const h of remaining) (f.filter(ctx, req, h).code === "ok" ? keep : gone).push(h);
    if (keep.length === 0) {
      const v = narrowedBy.length === 0 ? f.explain(ctx, req, gone) : withNarrowing(f.explain(ctx, req, gone), narrowedBy);
      if (req.pinned !== -1 && f.name !== "pinned-host") {
        return { code: "PINNED_HOST_UNAVAILABLE", reason: `pinned to host '${req.pinnedId}': ${v.reason} (${v.code})` };
      }
      return v;
    }
    if (gone.length > 0 && f.name === "server-group") narrowedBy.push(`server group '${req.serverGroup!.id}' (${req.serverGroup!.policy}) ruled out ${gone.length} other host(s)`);
    remaining = keep;
  }
  return fallback;
}

/** The binding rule's sentence, plus what a dynamic rule (a server group) had already ruled out. */
function withNarrowing(v: Verdict, narrowedBy: readonly string[]): Verdict {
  return { code: v.code, reason: `${v.reason}; ${narrowedBy.join("; ")}` };
}
