import { z } from "zod";
import { historyPoints, runwayReport, usageSeries } from "../../reports/history";
import { topConsumers } from "../../reports/consumers";
import { HistoryQuerySchema, RunwayQuerySchema, SeriesQuerySchema } from "../../reports/schemas";
import { takeSnapshot } from "../../reports/snapshot";
import { strandedReport } from "../../reports/stranded";
import { createTRPCRouter, plannerProcedure, unwrap, viewerProcedure } from "../trpc";

export const reportsRouter = createTRPCRouter({
  /** The contract's history points: per snapshot, class and zone. */
  history: viewerProcedure.input(HistoryQuerySchema).query(async ({ ctx, input }) => unwrap(await historyPoints(ctx.db, input))),
  /** Use over time of one class by class, zone, rack, hardware model or project: one point a day. */
  series: viewerProcedure.input(SeriesQuerySchema).query(async ({ ctx, input }) => unwrap(await usageSeries(ctx.db, input))),
  runway: viewerProcedure.input(RunwayQuerySchema.optional()).query(async ({ ctx, input }) => unwrap(await runwayReport(ctx.db, input ?? {}))),
  topConsumers: viewerProcedure
    .input(z.object({ sinceDays: z.number().int().min(1).max(365).optional(), limit: z.number().int().min(1).max(500).optional() }).optional())
    .query(({ ctx, input }) => topConsumers(ctx.db, input ?? {})),
  stranded: viewerProcedure.query(({ ctx }) => strandedReport(ctx.db)),
  /** A snapshot of the live inventory, now. */
  snapshot: plannerProcedure.mutation(({ ctx }) => takeSnapshot(ctx.db, { at: new Date(), source: "manual" })),
});
