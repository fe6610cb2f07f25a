/**
 * The four zeros of the soak (issue #10, item 6), each one SQL query on the database itself:
 * - over-committed: inventories whose allocations exceed the capacity rule (total - reserved) * ratio;
 * - lost: requests not ended (active, failed with a reason, or cancelled);
 * - duplicate servers: keys with more than one server (not deleted) in the simulated cloud;
 * - orphan allocations: allocations of the scheduler's consumers whose request is not placed, provisioning or active.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { rowsOf } from "../db/rows";
import { SCHEDULER_USER } from "./write";

export type Invariants = { overCommitted: number; lost: number; duplicateServers: number; orphanAllocations: number };

export async function checkInvariants(db: DbOrTx): Promise<Invariants> {
  const [row] = await rowsOf<Invariants>(db, sql`select
    (select count(*)::int from inventories i
      where (select coalesce(sum(a.used), 0) from allocations a where a.provider_id = i.provider_id and a.resource_class = i.resource_class)
        > (i.total - i.reserved) * i.allocation_ratio) as "overCommitted",
    (select count(*)::int from placement_requests
      where not (state = 'active' or state = 'cancelled' or (state = 'failed' and coalesce(last_error, '') <> ''))) as lost,
    (select count(*)::int from (select key from simulated_resources where kind = 'server' and state <> 'gone' group by key having count(*) > 1) d) as "duplicateServers",
    (select count(*)::int from allocations a join consumers c on c.id = a.consumer_id
      where c.user_id = ${SCHEDULER_USER}
        and not exists (select 1 from placement_requests r where r.consumer_id = c.id and r.state in ('placed', 'provisioning', 'active'))) as "orphanAllocations"`);
  return { overCommitted: Number(row!.overCommitted), lost: Number(row!.lost), duplicateServers: Number(row!.duplicateServers), orphanAllocations: Number(row!.orphanAllocations) };
}
