/** The zod schemas of the reports, shared by the tRPC inputs, the page and the CLI (CONVENTIONS 10). */
import { z } from "zod";

const day = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a date (YYYY-MM-DD or ISO 8601)");

export const dimensions = ["class", "zone", "rack", "hardwareModel", "project"] as const;
export type Dimension = (typeof dimensions)[number];

const range = { from: day.optional(), to: day.optional() };
const ordered = (r: { from?: string; to?: string }) => r.from === undefined || r.to === undefined || Date.parse(r.from) < Date.parse(r.to);
const orderedMessage = { message: "must be before to", path: ["from"] };

export const RangeSchema = z.object(range).refine(ordered, orderedMessage);

export const HistoryQuerySchema = z.object({ resourceClass: z.string().min(1).optional(), zone: z.string().min(1).optional(), ...range })
  .refine(ordered, orderedMessage);
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

export const SeriesQuerySchema = z.object({ resourceClass: z.string().min(1), by: z.enum(dimensions), zone: z.string().min(1).optional(), ...range })
  .refine(ordered, orderedMessage);
export type SeriesQuery = z.infer<typeof SeriesQuerySchema>;

export const RunwayQuerySchema = z.object({
  /** Days of history the line is fitted to; default 180. */
  windowDays: z.number().int().min(7).max(3650).optional(),
  horizonDays: z.number().int().min(1).max(3650).optional(),
});
export type RunwayQuery = z.infer<typeof RunwayQuerySchema>;
