/**
 * Every procedure of a tRPC router, found by walking it (`_def.procedures`, the flattened map), with
 * the role it declares (`meta.role`) and its input parser: the suites cover procedures added later
 * without being told about them.
 */
import type { ZodType } from "zod";
import type { AnyRouter } from "@trpc/server";

export type WalkedProcedure = { path: string; type: "query" | "mutation" | "subscription"; role: unknown; input: ZodType | undefined; inputs: number };

type ProcedureDef = { type: WalkedProcedure["type"]; meta?: { role?: unknown }; inputs: unknown[] };

export function walkProcedures(router: AnyRouter): WalkedProcedure[] {
  const procedures = (router._def as unknown as { procedures: Record<string, { _def: ProcedureDef }> }).procedures;
  return Object.entries(procedures)
    .map(([path, p]) => ({ path, type: p._def.type, role: p._def.meta?.role, input: p._def.inputs[0] as ZodType | undefined, inputs: p._def.inputs.length }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
