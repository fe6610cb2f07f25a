/**
 * The only initTRPC of the project (CONVENTIONS 7). The context takes its dependencies (CONVENTIONS 8):
 * the route handler passes the process's database and the caller; tests pass a fresh PGlite.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import type { Db } from "../db/client";
import type { Outcome } from "../inventory/outcome";

/** Roles of DESIGN §9, each allowed what the one before it is and more. */
export const roles = ["viewer", "planner", "operator", "admin"] as const;
export type Role = (typeof roles)[number];

/** What a procedure declares: the least role that may call it. Every procedure declares one (see the procedures below). */
export type ProcedureMeta = { role: Role };

export type TRPCContext = { db: Db; user: string; role: Role | null };

export function roleAtLeast(have: Role | null, need: Role): boolean {
  return have !== null && roles.indexOf(have) >= roles.indexOf(need);
}

/**
 * The context of a call. Over HTTP (app/api/trpc/[trpc]/route.ts) the user and role are the ones the
 * session cookie or the Bearer token establishes (server/auth/identity.ts), and role null (nobody)
 * when there is neither: every procedure then answers UNAUTHORIZED. The route always passes the role;
 * only in-process callers that pass none (the tests' harness) act as an admin.
 */
export function createTRPCContext(opts: { db: Db; user?: string | null; role?: Role | null }): TRPCContext {
  const user = opts.user?.trim();
  return { db: opts.db, user: user ? user.slice(0, 200) : "anonymous", role: opts.role === undefined ? "admin" : opts.role };
}

/** A domain failure's field, carried on the TRPCError so the formatter can show it beside the input. */
class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const t = initTRPC.context<TRPCContext>().meta<ProcedureMeta>().create({
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

/** The role check, as middleware: no identity is UNAUTHORIZED, too small a role FORBIDDEN. */
function requireRole(role: Role) {
  return t.middleware(({ ctx, next }) => {
    if (ctx.role === null) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
    if (!roleAtLeast(ctx.role, role)) throw new TRPCError({ code: "FORBIDDEN", message: `this needs the ${role} role (you are ${ctx.role})` });
    return next();
  });
}

/** The path of the first string (or key) holding a NUL character: PostgreSQL cannot store one in text. */
function nulPath(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(input)" : null;
  if (value === null || typeof value !== "object" || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key].join(".");
    const found = nulPath(item, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Refuses input with a NUL character as bad input naming the field (the database would fail on it: a 500). */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  const field = nulPath(await getRawInput());
  if (field !== null) {
    throw new TRPCError({ code: "BAD_REQUEST", message: `${field}: must not contain NUL characters`, cause: new FieldError(field, "must not contain NUL characters") });
  }
  return next();
});

/**
 * The only procedure builders: each declares its role (in `meta`, so a test can walk the router) and
 * checks it. viewers read; planners also build and run scenarios and reports; operators also change
 * the inventory and the requests; admins also manage users and tokens.
 */
export const viewerProcedure = t.procedure.meta({ role: "viewer" }).use(requireRole("viewer")).use(refuseNul);
export const plannerProcedure = t.procedure.meta({ role: "planner" }).use(requireRole("planner")).use(refuseNul);
export const operatorProcedure = t.procedure.meta({ role: "operator" }).use(requireRole("operator")).use(refuseNul);
export const adminProcedure = t.procedure.meta({ role: "admin" }).use(requireRole("admin")).use(refuseNul);

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
