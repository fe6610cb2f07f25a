import type { Db, Tx } from "../db/client";

/**
 * Expected outcomes are values (CONVENTIONS 3): a write returns `Outcome<T>`; the API edge maps a
 * failure's code to a TRPCError. Inside a transaction, `fail()` throws so the transaction rolls
 * back; `write()` catches it at the boundary and hands the failure back as a value.
 */
export type FailureCode = "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST" | "PRECONDITION_FAILED";
export type Failure = { ok: false; code: FailureCode; message: string; field?: string };
export type Outcome<T> = { ok: true; value: T } | Failure;

export class Abort extends Error {
  override readonly name = "Abort";
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export function fail(code: FailureCode, message: string, field?: string): never {
  throw new Abort(field === undefined ? { ok: false, code, message } : { ok: false, code, message, field });
}

/** The PostgreSQL error code of a driver error, through drizzle's wrapping. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Runs `fn` in one transaction: all of it or nothing. A unique violation is a CONFLICT, not a bug. */
export async function write<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await db.transaction(fn) };
  } catch (error) {
    if (error instanceof Abort) return error.failure;
    const code = pgErrorCode(error);
    if (code === "23505") return { ok: false, code: "CONFLICT", message: "a record with that name already exists" };
    if (code === "40001" || code === "40P01") {
      return { ok: false, code: "CONFLICT", message: "a concurrent change got there first; read again and retry" };
    }
    throw error;
  }
}
