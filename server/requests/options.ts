import { asc } from "drizzle-orm";
import { serverGroups } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";

/** Server groups as a request names them: `<project>/<name>`, with policy and scope. */
export async function serverGroupChoices(db: DbOrTx) {
  const rows = await db.select({ name: serverGroups.name, projectId: serverGroups.projectId, policy: serverGroups.policy, scope: serverGroups.scope })
    .from(serverGroups).orderBy(asc(serverGroups.projectId), asc(serverGroups.name));
  return rows.map((g) => ({ id: `${g.projectId}/${g.name}`, ...g }));
}
