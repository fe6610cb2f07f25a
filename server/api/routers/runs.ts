import { z } from "zod";
import { cancelRun, listRuns, runResult, runStatus, startRun } from "../../scenarios/runs";
import { createTRPCRouter, plannerProcedure, unwrap, viewerProcedure } from "../trpc";

const runId = z.object({ runId: z.uuid() });

export const runsRouter = createTRPCRouter({
  start: plannerProcedure.input(z.object({
    scenarioId: z.uuid(), version: z.number().int().positive().optional(), seed: z.number().int().optional(),
    replications: z.number().int().min(1, "must be at least 1").max(50, "at most 50").optional(), reuse: z.boolean().default(true),
  })).mutation(async ({ ctx, input }) => unwrap(await startRun(ctx.db, input, ctx.user))),
  cancel: plannerProcedure.input(runId).mutation(async ({ ctx, input }) => unwrap(await cancelRun(ctx.db, input.runId))),
  status: viewerProcedure.input(runId).query(async ({ ctx, input }) => unwrap(await runStatus(ctx.db, input.runId))),
  get: viewerProcedure.input(runId).query(async ({ ctx, input }) => unwrap(await runResult(ctx.db, input.runId))),
  list: viewerProcedure.input(z.object({ scenarioId: z.uuid().optional(), limit: z.number().int().min(1).max(200).optional() }).default({}))
    .query(({ ctx, input }) => listRuns(ctx.db, input)),
});
