// The placement problem and result of /work/shared/contracts/README.md ("Placement problem",
// "Placement result"), as zod v4 schemas. One schema, many uses: the CLI, the server and the
// simulator's scenario schema all parse through these.
import { z } from "zod";

const nonEmpty = z.string().min(1, "must not be empty");
const finite = z.number().refine(Number.isFinite, "must be a finite number");
const nonNegative = finite.refine((v) => v >= 0, "must not be negative");

export const ResourceClassSchema = nonEmpty;
export type ResourceClass = z.infer<typeof ResourceClassSchema>;

export const InventorySchema = z.strictObject({
  total: nonNegative,
  reserved: nonNegative.optional(),
  allocationRatio: finite.refine((v) => v > 0, "must be positive").optional(),
  minUnit: nonNegative.optional(),
  maxUnit: nonNegative.optional(),
  stepSize: finite.refine((v) => v > 0, "must be positive").optional(),
});
export type Inventory = z.infer<typeof InventorySchema>;

export const ProviderKindSchema = z.enum(["host", "storage", "network"]);
export type ProviderKind = z.infer<typeof ProviderKindSchema>;

export const ProviderSchema = z.strictObject({
  id: nonEmpty,
  kind: ProviderKindSchema,
  zone: nonEmpty.optional(),
  rack: nonEmpty.optional(),
  inventory: z.record(ResourceClassSchema, InventorySchema),
  used: z.record(ResourceClassSchema, nonNegative).optional(),
  traits: z.array(nonEmpty).optional(),
  aggregates: z.array(nonEmpty).optional(),
});
export type Provider = z.infer<typeof ProviderSchema>;

export const RequestGroupSchema = z.strictObject({
  resources: z.record(ResourceClassSchema, nonNegative),
  requiredTraits: z.array(nonEmpty).optional(),
  forbiddenTraits: z.array(nonEmpty).optional(),
});
export type RequestGroup = z.infer<typeof RequestGroupSchema>;

export const PlacementRequestSchema = z.strictObject({
  id: nonEmpty,
  compute: RequestGroupSchema,
  storage: z.array(RequestGroupSchema).optional(),
  network: z.array(RequestGroupSchema).optional(),
  count: z.number().int("must be a whole number").positive("must be at least 1").optional(),
  serverGroup: nonEmpty.optional(),
  zone: nonEmpty.optional(),
  pinnedHost: nonEmpty.optional(),
  priority: finite.optional(),
});
export type PlacementRequest = z.infer<typeof PlacementRequestSchema>;

export const ServerGroupPolicySchema = z.enum(["affinity", "anti-affinity", "soft-anti-affinity"]);
export const ServerGroupScopeSchema = z.enum(["host", "rack", "zone"]);
export type ServerGroupPolicy = z.infer<typeof ServerGroupPolicySchema>;
export type ServerGroupScope = z.infer<typeof ServerGroupScopeSchema>;

export const ServerGroupSchema = z.strictObject({
  id: nonEmpty,
  policy: ServerGroupPolicySchema,
  scope: ServerGroupScopeSchema.optional(),
});
export type ServerGroup = z.infer<typeof ServerGroupSchema>;

export const ObjectiveSchema = z.enum(["pack", "spread", "balance"]);
export type Objective = z.infer<typeof ObjectiveSchema>;

export const PolicySchema = z.strictObject({
  objective: ObjectiveSchema.optional(),
  timeLimitMs: z.number().int("must be a whole number").positive("must be positive").optional(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const PlacementProblemSchema = z.strictObject({
  providers: z.array(ProviderSchema),
  requests: z.array(PlacementRequestSchema),
  serverGroups: z.array(ServerGroupSchema).optional(),
  policy: PolicySchema.optional(),
});
export type PlacementProblem = z.infer<typeof PlacementProblemSchema>;

export const AllocationSchema = z.strictObject({
  provider: nonEmpty,
  resources: z.record(ResourceClassSchema, nonNegative),
});
export type Allocation = z.infer<typeof AllocationSchema>;

export const PlacementSchema = z.strictObject({ request: nonEmpty, allocations: z.array(AllocationSchema) });
export type Placement = z.infer<typeof PlacementSchema>;

export const UnplacedSchema = z.strictObject({ request: nonEmpty, reason: z.string(), code: nonEmpty });
export type Unplaced = z.infer<typeof UnplacedSchema>;

export const PlacementStatsSchema = z.strictObject({
  solver: z.string(),
  objective: ObjectiveSchema,
  hostsUsed: z.number().int().nonnegative(),
  newHostsUsed: z.number().int().nonnegative(),
  lowerBound: z.number().nullable(),
  gap: z.number().nullable(),
  elapsedMs: z.number().nonnegative(),
});
export type PlacementStats = z.infer<typeof PlacementStatsSchema>;

export const PlacementResultSchema = z.strictObject({
  placements: z.array(PlacementSchema),
  unplaced: z.array(UnplacedSchema),
  stats: PlacementStatsSchema,
});
export type PlacementResult = z.infer<typeof PlacementResultSchema>;

export type Issue = { path: (string | number)[]; message: string };
export type ParseOutcome = { ok: true; problem: PlacementProblem } | { ok: false; issues: Issue[] };

/** Id of copy k of a request: `${id}#k` (contract: `count` identical copies). */
export function copyId(requestId: string, k: number): string {
  return `${requestId}#${k}`;
}

/** Cross-reference and consistency checks that a schema alone cannot express; each issue names its field path. */
export function checkProblem(problem: PlacementProblem): Issue[] {
  const issues: Issue[] = [];
  const providers = new Map<string, Provider>();
  problem.providers.forEach((p, i) => {
    if (providers.has(p.id)) issues.push({ path: ["providers", i, "id"], message: `duplicate provider id '${p.id}'` });
    else providers.set(p.id, p);
    for (const [rc, inv] of Object.entries(p.inventory)) {
      const at = ["providers", i, "inventory", rc];
      if ((inv.reserved ?? 0) > inv.total) issues.push({ path: [...at, "reserved"], message: `reserved (${inv.reserved}) exceeds total (${inv.total})` });
      const min = inv.minUnit ?? 1;
      const max = inv.maxUnit ?? inv.total;
      if (min > max) issues.push({ path: [...at, "minUnit"], message: `minUnit (${min}) exceeds maxUnit (${max})` });
    }
    for (const rc of Object.keys(p.used ?? {})) {
      if (!(rc in p.inventory)) issues.push({ path: ["providers", i, "used", rc], message: `provider '${p.id}' has no inventory of ${rc}` });
    }
  });
  const groups = new Set<string>();
  (problem.serverGroups ?? []).forEach((g, i) => {
    if (groups.has(g.id)) issues.push({ path: ["serverGroups", i, "id"], message: `duplicate server group id '${g.id}'` });
    groups.add(g.id);
  });
  const requestIds = new Map<string, number>();
  problem.requests.forEach((r, i) => {
    if (requestIds.has(r.id)) issues.push({ path: ["requests", i, "id"], message: `duplicate request id '${r.id}'` });
    else requestIds.set(r.id, i);
    if (r.pinnedHost !== undefined) {
      const host = providers.get(r.pinnedHost);
      if (!host) issues.push({ path: ["requests", i, "pinnedHost"], message: `unknown provider '${r.pinnedHost}'` });
      else if (host.kind !== "host") issues.push({ path: ["requests", i, "pinnedHost"], message: `provider '${r.pinnedHost}' is of kind ${host.kind}, not host` });
    }
    if (r.serverGroup !== undefined && !groups.has(r.serverGroup)) {
      issues.push({ path: ["requests", i, "serverGroup"], message: `unknown server group '${r.serverGroup}'` });
    }
  });
  // Copy ids must not collide with another request's id (a request "a#0" next to "a" with count 2).
  problem.requests.forEach((r) => {
    const count = r.count ?? 1;
    if (count <= 1) return;
    for (let k = 0; k < count; k++) {
      const other = requestIds.get(copyId(r.id, k));
      if (other !== undefined) issues.push({ path: ["requests", other, "id"], message: `id '${copyId(r.id, k)}' collides with copy ${k} of request '${r.id}'` });
    }
  });
  return issues;
}

/** Parses and checks a placement problem; never throws on bad input. */
export function parsePlacementProblem(json: unknown): ParseOutcome {
  const parsed = PlacementProblemSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "number" ? p : String(p))), message: i.message })) };
  }
  const issues = checkProblem(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, problem: parsed.data };
}
