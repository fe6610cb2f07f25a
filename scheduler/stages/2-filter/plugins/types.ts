// The filter-plugin shape (after Kubernetes' framework plugins): a name, the reason codes it can give,
// a pure predicate per (request, host), and a sentence naming the binding rule when it is the one that
// left a request with no host. "static" filters depend only on the inventory and the request, so their
// verdict is computed once per request class; "dynamic" ones read the placement state.
import type { Cluster } from "../../1-compile/cluster";
import type { PreparedRequest } from "../../1-compile/prepared";
import type { PlacementState } from "../../1-compile/state";

export type FilterStatus =
  | { readonly code: "ok" }
  | { readonly code: "unschedulable" | "unresolvable"; readonly reasonCode: string };

export type FilterContext = { readonly cluster: Cluster; readonly state: PlacementState };

export type FilterPlugin = {
  readonly name: string;
  readonly stage: "static" | "dynamic";
  /** Reason codes this plugin can give, with what each means. */
  readonly reasons: Readonly<Record<string, string>>;
  filter(ctx: FilterContext, req: PreparedRequest, host: number): FilterStatus;
  /** Why no host is left, given the hosts this plugin eliminated (all of them failed it). */
  explain(ctx: FilterContext, req: PreparedRequest, eliminated: readonly number[]): { code: string; reason: string };
};

export const OK: FilterStatus = { code: "ok" };

/** A status constant per reason code, so hot loops allocate nothing. */
export function statuses<K extends string>(stage: "static" | "dynamic", codes: readonly K[]): Record<K, FilterStatus> {
  const out = {} as Record<K, FilterStatus>;
  for (const c of codes) out[c] = { code: stage === "static" ? "unresolvable" : "unschedulable", reasonCode: c };
  return out;
}

/** "h1, h2, h3 and 7 more" */
export function listIds(cluster: Cluster, ps: readonly number[], max = 3): string {
  const names = ps.slice(0, max).map((p) => cluster.ids[p]!);
  return ps.length > max ? `${names.join(", ")} and ${ps.length - max} more` : names.join(", ");
}
