/**
 * Waking the requests that wait for capacity (DESIGN §5: a request the engine cannot place "is
 * retried when capacity changes"). A worker sends such a request back to pending with a backoff
 * (`not_before`); when capacity is freed (a release) or added (the inventory grows: a new provider,
 * a larger inventory, a provider back in service, traits or aggregates that widen the candidates),
 * the backoff is dropped so the next claim tries it at once.
 *
 * Called inside the transaction of the write that changed capacity: a wake for capacity that is
 * rolled back never happens, and one for capacity that commits is never missed. A request a worker
 * is deferring at that moment waits for the row lock and is then woken too.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import { placementRequests } from "../../drizzle/schema";
import type { Tx } from "../db/client";

const r = placementRequests;

/** Drops the backoff of every pending request waiting for capacity. */
export async function wakeWaitingRequests(tx: Tx): Promise<void> {
  await tx.update(r).set({ notBefore: null }).where(and(eq(r.state, "pending"), isNotNull(r.notBefore)));
}
