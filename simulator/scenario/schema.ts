// The Scenario of /work/shared/contracts/README.md ("Scenario (`headroom simulate`)") as zod v4
// schemas, reusing the scheduler's provider, server-group and request schemas. Additive, optional
// fields beyond the contract are marked "extension" below.
import { z } from "zod";
import { ObjectiveSchema, PlacementRequestSchema, ProviderSchema, ServerGroupSchema } from "../../scheduler/contract";

const nonEmpty = z.string().min(1, "must not be empty");
const finite = z.number().refine(Number.isFinite, "must be a finite number");
const nonNegative = finite.refine((v) => v >= 0, "must not be negative");
const positive = finite.refine((v) => v > 0, "must be positive");
const count = z.number().int("must be a whole number").nonnegative("must not be negative");

export const DistributionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("fixed"), value: nonNegative }),
  z.strictObject({ kind: z.literal("exponential"), mean: positive }),
  z.strictObject({ kind: z.literal("lognormal"), mean: positive, sd: nonNegative }),
  z.strictObject({ kind: z.literal("uniform"), min: nonNegative, max: nonNegative }),
]);

/** A request as a template: the simulator gives each copy its id. */
export const RequestTemplateSchema = PlacementRequestSchema.omit({ id: true, count: true });

/**
 * A column of a CSV trace, by a path relative to the scenario file. The column's value times
 * `scale` is the rate. Rows are placed in time by `timeColumn` (timestamps such as
 * `1998-06-30 20:00:00`, read as UTC) from `startAt` (a timestamp that must be in the trace;
 * default: the first row), or, without a time column, one row per `rowSeconds` (extension;
 * default: the scenario's stepSeconds). Past its last row a trace holds its last value.
 */
const traceRef = {
  trace: nonEmpty,
  column: nonEmpty,
  timeColumn: nonEmpty.optional(),
  startAt: nonEmpty.optional(),
  scale: nonNegative.optional(),
  rowSeconds: positive.optional(), // extension
};
export const TraceRefSchema = z.strictObject(traceRef);

export const ChurnSchema = z.strictObject({
  id: nonEmpty,
  /** Poisson arrivals per hour: a constant, or a trace column (arrivals per hour times scale). */
  arrivalsPerHour: z.union([nonNegative, TraceRefSchema]),
  lifetime: DistributionSchema,
  request: RequestTemplateSchema,
  /**
   * Extension: what a request that finds no room does: "reject" (lost; the contract's loss system,
   * the default) or "wait" in a first-come-first-served queue until room comes free (a delay
   * system), giving up after `maxWaitSeconds` if set (counted as rejected).
   */
  whenFull: z.enum(["reject", "wait"]).optional(),
  maxWaitSeconds: positive.optional(),
}).refine((c) => c.maxWaitSeconds === undefined || c.whenFull === "wait", {
  path: ["maxWaitSeconds"], message: "needs whenFull: \"wait\" (only a waiting request can give up)",
});

/** The shapes of a load profile (simulator/models/profiles.ts); the planner's scenario offers the same. */
export const LoadProfileSchema = z.enum(["flat", "diurnal", "peak-sale"]);

export const ProfileLoadSchema = z.strictObject({
  profile: LoadProfileSchema,
  baseRps: nonNegative,
  peakMultiplier: positive.optional(),
  /** Extension: second at which a peak-sale opens (default 72,000 = 20:00 on the first day, or half the run if shorter than a day). */
  peakAt: nonNegative.optional(),
});

export const ServiceSchema = z.strictObject({
  id: nonEmpty,
  request: RequestTemplateSchema,
  rpsPerInstance: positive,
  minInstances: count,
  maxInstances: count,
  initialInstances: count.optional(),
  scaling: z.strictObject({
    targetUtilization: positive.refine((v) => v <= 1, "must be at most 1"),
    cooldownSeconds: nonNegative,
    stepInstances: z.number().int("must be a whole number").positive("must be at least 1").optional(),
    bootSeconds: DistributionSchema,
  }),
  /** Requests per second: a trace column (times scale) or a profile. */
  load: z.union([TraceRefSchema, ProfileLoadSchema]),
});

export const FailureSchema = z.union([
  z.strictObject({ at: nonNegative, target: nonEmpty, repairSeconds: nonNegative.optional() }),
  z.strictObject({ hostMtbfHours: positive, hostMttrHours: positive }),
]);

/** Bounds of `replications.runs`: an interval needs two runs; more than this is a mistake, not a plan. */
export const REPLICATIONS_MIN = 2;
export const REPLICATIONS_MAX = 1000;

/** The confidence of the replications' intervals (here and in the planner's scenario). */
export const ConfidenceSchema = finite.refine((v) => v > 0 && v < 1, "must be between 0 and 1, both excluded (e.g. 0.95)");

export const ReplicationsSchema = z.strictObject({
  runs: z.number().int("must be a whole number")
    .min(REPLICATIONS_MIN, `must be at least ${REPLICATIONS_MIN} (an interval needs two runs)`)
    .max(REPLICATIONS_MAX, `must be at most ${REPLICATIONS_MAX}`),
  confidence: ConfidenceSchema.optional(),
});

export const ScenarioSchema = z.strictObject({
  name: nonEmpty,
  seed: z.number().int("must be a whole number").optional(),
  durationSeconds: positive,
  stepSeconds: positive.optional(),
  providers: z.array(ProviderSchema).min(1, "needs at least one provider"),
  serverGroups: z.array(ServerGroupSchema).optional(),
  placement: z.strictObject({
    objective: ObjectiveSchema.optional(),
    solver: z.enum(["auto", "glpk", "highs", "greedy"]).optional(),
    timeLimitMs: z.number().int("must be a whole number").positive("must be positive").optional(), // extension
  }).optional(),
  churn: z.array(ChurnSchema).optional(),
  services: z.array(ServiceSchema).optional(),
  failures: z.array(FailureSchema).optional(),
  loadMultiplier: nonNegative.optional(),
  /** Extension: what to return besides the summary. */
  output: z.strictObject({ series: z.boolean().optional() }).optional(),
  /**
   * Extension: Monte-Carlo replications (simulator/replicate.ts). Run i of `runs` uses seed
   * `seed + i`; the summary's own fields stay those of run 0, and `replications` in the summary
   * adds mean, standard deviation and a Student's t interval at `confidence` (default 0.95).
   */
  replications: ReplicationsSchema.optional(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ChurnSpec = z.infer<typeof ChurnSchema>;
export type ServiceSpec = z.infer<typeof ServiceSchema>;
export type FailureSpec = z.infer<typeof FailureSchema>;
export type TraceRef = z.infer<typeof TraceRefSchema>;
export type ProfileLoad = z.infer<typeof ProfileLoadSchema>;
export type RequestTemplate = z.infer<typeof RequestTemplateSchema>;
export type ReplicationsSpec = z.infer<typeof ReplicationsSchema>;

/** Parsed trace files, by the path the scenario names them with: column name -> values (numbers or numeric strings). */
export type Traces = Record<string, Record<string, readonly (string | number)[]>>;
