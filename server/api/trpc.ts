/**
 * The only initTRPC of the project (CONVENTIONS 7). The context takes its dependencies (CONVENTIONS 8):
 * the route handler passes the process's database and the caller; tests pass a fresh PGlite.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import type { Db } from "../db/client";
import type { Outcome } from "../inventory/outcome";

export type TRPCContext = { db: Db; user: string };

/**
 * No authentication yet: the actor written to the audit trail is whatever the caller says in the
 * `x-headroom-user` header, or "anonymous". Replace with a real identity before production.
 */
export function createTRPCContext(opts: { db: Db; user?: string | null }): TRPCContext {
  const user = opts.user?.trim();
  return { db: opts.db, user: user ? user.slice(0, 200) : "anonymous" };
}

/** A domain failure's field, carried on the TRPCError so the formatter can show it beside the input. */
class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const t = initTRPC.context<TRPCContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodError = cause instanceof ZodError ? z.flattenError(cause) : null;
    const field = cause instanceof FieldError ? cause.field : null;
    // fieldErrors: one place for both zod's and the domain's field messages.
    const fieldErrors: Record<string, string[]> = {};
    if (zodError) {
      for (const issue of (cause as ZodError).issues) {
        const key = issue.path.map(String).join(".") || "(input)";
        (fieldErrors[key] ??= []).push(issue.message);
      }
    }
    if (cause instanceof FieldError) fieldErrors[cause.field] = [cause.message];
    return { ...shape, data: { ...shape.data, zodError, field, fieldErrors } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

/** Maps a domain outcome to the procedure's value, or to a TRPCError with the same code and the field named. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const message = outcome.field ? `${outcome.field}: ${outcome.message}` : outcome.message;
  throw new TRPCError({
    code: outcome.code,
    message,
    ...(outcome.field !== undefined && { cause: new FieldError(outcome.field, outcome.message) }),
  });
}

export function notFound(what: string): never {
  throw new TRPCError({ code: "NOT_FOUND", message: `no ${what}` });
}
