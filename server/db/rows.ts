import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "./client";

/** Rows of a raw query on either driver (PGlite answers `{ rows }`, postgres-js an array). */
export async function rowsOf<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
