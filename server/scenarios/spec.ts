/**
 * The planner's scenario document (DESIGN §7): what the forms edit and every version stores. One
 * zod schema for the tRPC input, the forms and the tests (CONVENTIONS 10). It compiles
 * (compile.ts) to the contract's Scenario (simulator/scenario/schema.ts).
 *
 * Times are in hours where planners think in hours (duration, failure moments, repairs, MTBF);
 * seconds where the simulator's knobs are seconds (boot, cooldown, step).
 */
import { z } from "zod";
import { ObjectiveSchema, ServerGroupPolicySchema, ServerGroupScopeSchema } from "../../scheduler/contract";
import { ConfidenceSchema, LoadProfileSchema, ScenarioSchema } from "../../simulator/scenario/schema";

const name = z.string().trim().min(1, "must not be empty").max(120, "at most 120 characters");
const id = z.string().trim().min(1, "must not be empty").max(60, "at most 60 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '-', '_' and '.' only");
const nonNegative = z.number({ error: "must be a number" }).finite("must be a finite number").min(0, "must not be negative");
const positive = z.number({ error: "must be a number" }).finite("must be a finite number").positive("must be positive");
const whole = z.number({ error: "must be a number" }).int("must be a whole number").min(0, "must not be negative");

/** The shipped traces (data/traces), by the id the forms offer. */
export const SHIPPED_TRACES = {
  "worldcup98": {
    file: "data/traces/worldcup98-requests-per-minute.csv",
    label: "World Cup 98: requests per minute (1998-04-30 to 07-26)",
    timeColumn: "period",
    columns: ["count"],
    rowSeconds: 60,
    notice: "M. Arlitt and T. Jin, 1998 World Cup Web Site Access Logs, Internet Traffic Archive",
  },
  "alibaba2018": {
    file: "data/traces/alibaba2018-datacenter-usage-300s.csv",
    label: "Alibaba 2018 cluster: average utilisation every 300 s (8 days)",
    timeColumn: undefined,
    columns: ["cpu_util_percent", "mem_util_percent", "net_in", "net_out", "disk_io_percent"],
    rowSeconds: 300,
    notice: "Alibaba cluster-trace-v2018 (CC BY 4.0)",
  },
} as const;
export type ShippedTraceId = keyof typeof SHIPPED_TRACES;

export const TraceSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("shipped"), id: z.enum(Object.keys(SHIPPED_TRACES) as [ShippedTraceId, ...ShippedTraceId[]]) }),
  z.strictObject({ kind: z.literal("upload"), id: z.uuid("must be an uploaded trace's id") }),
]);

export const TraceLoadSchema = z.strictObject({
  kind: z.literal("trace"),
  source: TraceSourceSchema,
  /** The column whose values are the rate (requests per second for a service, times scale). */
  column: z.string().trim().min(1, "choose a column"),
  /** A timestamp column: rows placed by their time (UTC). Without one, a row every rowSeconds. */
  timeColumn: z.string().trim().min(1).optional(),
  /** Seconds per row without a time column (default: the trace's own step, else the scenario's). */
  rowSeconds: positive.optional(),
  /** The window's first row: a timestamp of the time column; the window is the scenario's duration long. */
  startAt: z.string().trim().min(1).optional(),
  /** Rate = value x scale (e.g. 1/60 turns requests per minute into per second). */
  scale: nonNegative.default(1),
});

export const ProfileLoadSpecSchema = z.strictObject({
  kind: z.literal("profile"),
  profile: LoadProfileSchema,
  baseRps: nonNegative,
  peakMultiplier: positive.optional(),
  /** Hour of the run the sale opens (peak-sale; default 20:00 on the first day). */
  peakAtHours: nonNegative.optional(),
});

export const LoadSpecSchema = z.discriminatedUnion("kind", [TraceLoadSchema, ProfileLoadSpecSchema]);

export const VmShapeSchema = z.strictObject({
  vcpu: positive,
  memoryMb: positive,
  diskGb: nonNegative.default(0),
  serverGroup: z.string().trim().min(1).optional(),
  zone: z.string().trim().min(1).optional(),
});

export const ServiceSpecSchema = z.strictObject({
  id,
  vm: VmShapeSchema,
  rpsPerInstance: positive,
  minInstances: whole,
  maxInstances: whole,
  initialInstances: whole.optional(),
  targetUtilization: positive.max(1, "must be at most 1"),
  cooldownSeconds: nonNegative.default(120),
  stepInstances: z.number().int("must be a whole number").positive("must be at least 1").optional(),
  bootSeconds: positive.default(90),
  load: LoadSpecSchema,
}).superRefine((s, ctx) => {
  if (s.minInstances > s.maxInstances) ctx.addIssue({ code: "custom", path: ["minInstances"], message: `must not be above max instances (${s.maxInstances})` });
  if (s.initialInstances !== undefined && (s.initialInstances < s.minInstances || s.initialInstances > s.maxInstances)) {
    ctx.addIssue({ code: "custom", path: ["initialInstances"], message: `must be between min (${s.minInstances}) and max (${s.maxInstances}) instances` });
  }
});

export const ChurnSpecSchema = z.strictObject({
  id,
  vm: VmShapeSchema,
  /** Poisson arrivals per hour, or a trace column (arrivals per hour = value x scale). */
  arrivals: z.discriminatedUnion("kind", [z.strictObject({ kind: z.literal("rate"), perHour: nonNegative }), TraceLoadSchema]),
  /** Mean lifetime (exponential), hours. */
  meanLifetimeHours: positive,
  whenFull: z.enum(["reject", "wait"]).default("reject"),
  maxWaitSeconds: positive.optional(),
});

export const FailureSpecSchema = z.discriminatedUnion("kind", [
  /** A rack, a zone, or a host (provider) at a moment, back after `repairHours` (never, without). */
  z.strictObject({ kind: z.literal("target"), target: z.string().trim().min(1, "choose a rack, zone or host"), atHours: nonNegative, repairHours: positive.optional() }),
  /** Random host failures: exponential times between failures (MTBF) and repairs (MTTR). */
  z.strictObject({ kind: z.literal("random"), mtbfHours: positive, mttrHours: positive }),
]);

export const ChangesSchema = z.strictObject({
  /** New allocation ratio of one resource class on every host of a hardware model. */
  allocationRatios: z.array(z.strictObject({ model: z.string().trim().min(1, "choose a hardware model"), resourceClass: z.string().trim().min(1), ratio: positive })).default([]),
  /** Hosts bought: count of a model, into a zone (and a rack, else a new rack of their own). */
  buy: z.array(z.strictObject({
    model: z.string().trim().min(1, "choose a hardware model"),
    count: z.number().int("must be a whole number").min(1, "must be at least 1").max(5000, "at most 5000"),
    zone: z.string().trim().min(1, "choose a zone"),
    rack: z.string().trim().min(1).optional(),
  })).default([]),
  /** Host names taken out of the inventory. */
  retire: z.array(z.string().trim().min(1)).default([]),
  serverGroups: z.array(z.strictObject({ id, policy: ServerGroupPolicySchema, scope: ServerGroupScopeSchema.default("host") })).default([]),
});

export const BaseSpecSchema = z.discriminatedUnion("kind", [
  /** The live inventory when the version is saved (all of it, or one zone). */
  z.strictObject({ kind: z.literal("inventory"), zone: z.string().trim().min(1).optional() }),
  /** Another scenario's compiled version (its latest without `version`). */
  z.strictObject({ kind: z.literal("scenario"), scenarioId: z.uuid("choose a scenario"), version: z.number().int().positive().optional() }),
  /** The simulator benchmark's peak sale estate (simulator/bench/scenarios.ts peakSaleDay), not the live inventory. */
  z.strictObject({ kind: z.literal("bench"), hosts: z.number().int().min(20, "at least 20").max(5000, "at most 5000"), services: z.number().int().min(1).max(100) }),
  /** A contract Scenario document (an uploaded scenario file). */
  z.strictObject({ kind: z.literal("document"), label: z.string().default("scenario file"), scenario: ScenarioSchema }),
]);

export const ScenarioSpecSchema = z.strictObject({
  base: BaseSpecSchema,
  durationHours: positive.max(24 * 31, "at most 31 days"),
  stepSeconds: positive.default(60),
  seed: z.number().int("must be a whole number").default(1),
  loadMultiplier: nonNegative.default(1),
  objective: ObjectiveSchema.default("pack"),
  services: z.array(ServiceSpecSchema).default([]),
  churn: z.array(ChurnSpecSchema).default([]),
  failures: z.array(FailureSpecSchema).default([]),
  changes: ChangesSchema.default({ allocationRatios: [], buy: [], retire: [], serverGroups: [] }),
  /** Monte-Carlo replications (1: a single run). */
  replications: z.number().int("must be a whole number").min(1, "must be at least 1").max(50, "at most 50 from the page").default(1),
  confidence: ConfidenceSchema.default(0.95),
}).superRefine((s, ctx) => {
  const seen = new Set<string>();
  for (const [list, items] of [["services", s.services], ["churn", s.churn]] as const) {
    items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [list, i, "id"], message: `'${item.id}' is used twice (services and churn streams need distinct ids)` });
      seen.add(item.id);
    });
  }
});

export type ScenarioSpec = z.infer<typeof ScenarioSpecSchema>;
export type ScenarioSpecInput = z.input<typeof ScenarioSpecSchema>;
export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;
export type LoadSpec = z.infer<typeof LoadSpecSchema>;
export type TraceLoad = z.infer<typeof TraceLoadSchema>;
export type FailureSpec = z.infer<typeof FailureSpecSchema>;
export type BaseSpec = z.infer<typeof BaseSpecSchema>;

export const SaveScenarioSchema = z.strictObject({
  /** Absent: a new scenario. */
  scenarioId: z.uuid().optional(),
  /** The version the form was opened at: a save on a newer one is a conflict. */
  expectedVersion: z.number().int().min(0).optional(),
  name,
  description: z.string().max(2000).default(""),
  spec: ScenarioSpecSchema,
});
export type SaveScenarioInput = z.input<typeof SaveScenarioSchema>;
