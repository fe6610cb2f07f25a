import { TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { formOptions } from "../../scenarios/options";
import { SaveScenarioSchema, ScenarioSpecSchema } from "../../scenarios/spec";
import { templates } from "../../scenarios/templates";
import { listTraces, traceCsv, uploadTrace } from "../../scenarios/traces";
import { compiledVersion, compileSpec, diffVersions, getScenario, listScenarios, saveScenario, type SpecFailure } from "../../scenarios/versions";
import type { Outcome } from "../../inventory/outcome";
import { createTRPCRouter, plannerProcedure, unwrap, viewerProcedure } from "../trpc";

/** Like unwrap, but a spec refused with several issues shows each beside its field (fieldErrors under `spec.`). */
function unwrapSpec<T>(outcome: Outcome<T> | SpecFailure): T {
  if (!outcome.ok && "issues" in outcome && outcome.issues && outcome.issues.length > 1) {
    const cause = new ZodError(outcome.issues.map((i) => ({ code: "custom" as const, path: ["spec", ...i.path], message: i.message, input: undefined })));
    throw new TRPCError({ code: "BAD_REQUEST", message: `${outcome.field}: ${outcome.message} (and ${outcome.issues.length - 1} more)`, cause });
  }
  return unwrap(outcome);
}

const ref = z.object({ scenarioId: z.uuid(), version: z.number().int().positive() });

export const scenariosRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listScenarios(ctx.db)),
  get: viewerProcedure.input(z.object({ scenarioId: z.uuid(), version: z.number().int().positive().optional() }))
    .query(async ({ ctx, input }) => unwrap(await getScenario(ctx.db, input.scenarioId, input.version))),
  options: viewerProcedure.query(({ ctx }) => formOptions(ctx.db)),
  templates: viewerProcedure.query(async ({ ctx }) => {
    const o = await formOptions(ctx.db);
    return templates({ racks: o.racks, zones: o.zones });
  }),
  save: plannerProcedure.input(SaveScenarioSchema).mutation(async ({ ctx, input }) => unwrapSpec(await saveScenario(ctx.db, input, ctx.user))),
  /** Compiles without saving: what the form's "Check" shows (counts and notes, or the fields that are wrong). */
  check: plannerProcedure.input(z.object({ name: z.string().min(1), spec: ScenarioSpecSchema })).mutation(async ({ ctx, input }) => {
    const out = await compileSpec(ctx.db, input.name, input.spec, new Date());
    if (!out.ok) return unwrapSpec<never>({ ok: false, code: "BAD_REQUEST", message: out.issues[0]!.message, field: ["spec", ...out.issues[0]!.path].join("."), issues: out.issues });
    const hosts = out.scenario.providers.filter((p) => p.kind === "host").length;
    return { notes: out.notes, baseLabel: out.baseLabel, hosts, services: out.scenario.services?.length ?? 0, churn: out.scenario.churn?.length ?? 0, failures: out.scenario.failures?.length ?? 0 };
  }),
  diff: viewerProcedure.input(z.object({ from: ref, to: ref })).query(async ({ ctx, input }) => unwrap(await diffVersions(ctx.db, input.from, input.to))),
  /** The contract Scenario of a version: the download `headroom simulate` runs. */
  compiled: viewerProcedure.input(z.object({ versionId: z.uuid() })).query(async ({ ctx, input }) => {
    const v = await compiledVersion(ctx.db, input.versionId);
    if (!v) throw new TRPCError({ code: "NOT_FOUND", message: "no such version" });
    return v;
  }),
  traces: viewerProcedure.query(({ ctx }) => listTraces(ctx.db)),
  traceCsv: viewerProcedure.input(z.object({ path: z.string().min(1) })).query(async ({ ctx, input }) => {
    const csv = await traceCsv(ctx.db, input.path);
    if (csv === null) throw new TRPCError({ code: "NOT_FOUND", message: "no such trace" });
    return csv;
  }),
  uploadTrace: plannerProcedure.input(z.object({ name: z.string().trim().min(1).max(200), csv: z.string() }))
    .mutation(async ({ ctx, input }) => unwrap(await uploadTrace(ctx.db, input, ctx.user))),
});
