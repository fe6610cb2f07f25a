import { and, asc, eq, ne } from "drizzle-orm";
import { simulatedResources } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";

const s = simulatedResources;

/** The simulated cloud's servers that are not deleted (`headroom cloud servers`). */
export async function listSimulatedServers(db: DbOrTx): Promise<{ id: string; host: string; key: string; state: string }[]> {
  return db.select({ id: s.id, host: s.location, key: s.key, state: s.state }).from(s)
    .where(and(eq(s.kind, "server"), ne(s.state, "gone"))).orderBy(asc(s.createdAt), asc(s.id));
}
