/** The recommendation's inputs (contract: "Planning and reports"): host models with prices, and the check's targets. */
import { z } from "zod";
import { InventorySchema } from "../../scheduler/contract";

const nonEmpty = z.string().min(1, "must not be empty");

export const HostModelSchema = z.strictObject({
  id: nonEmpty,
  price: z.number({ error: "is required: the price of one host of this model" }).refine(Number.isFinite, "must be a finite number").refine((v) => v > 0, "must be positive"),
  inventory: z.record(nonEmpty, InventorySchema).refine((inv) => Object.keys(inv).length > 0, "must name at least one resource class"),
  traits: z.array(nonEmpty).optional(),
  maxPerRack: z.number().int("must be a whole number").positive("must be at least 1").optional(),
});
export type HostModel = z.infer<typeof HostModelSchema>;

/** A models file: `{ "models": HostModel[] }`, or the list alone (read as `{ models: list }`, so paths name `models[i]`). */
export const ModelsFileSchema = z
  .preprocess((v) => (Array.isArray(v) ? { models: v } : v), z.strictObject({ models: z.array(HostModelSchema).min(1, "must list at least one host model") }))
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.models.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: "custom", path: ["models", i, "id"], message: `duplicate model id '${m.id}'` });
      seen.add(m.id);
    });
  })
  .transform((file) => file.models);

export const TargetsSchema = z.strictObject({
  peak: z.number().refine(Number.isFinite, "must be a finite number").refine((v) => v > 0, "must be positive").default(1),
  fail: nonEmpty.optional(),
  targetBlocking: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").default(0.01),
  maxOverloadSeconds: z.number().min(0, "must not be negative").refine(Number.isFinite, "must be a finite number").default(0),
});
export type Targets = z.infer<typeof TargetsSchema>;
