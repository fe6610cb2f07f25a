import { desc } from "drizzle-orm";
import { auditLog } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";

export type AuditEntry = {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

/** One audit row per write, in the write's own transaction: who changed what, before and after. */
export async function recordAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, before: entry.before ?? null, after: entry.after ?? null });
}

export async function recentAudit(db: DbOrTx, limit: number) {
  return db
    .select({
      id: auditLog.id, at: auditLog.at, actor: auditLog.actor, action: auditLog.action,
      entityType: auditLog.entityType, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after,
    })
    .from(auditLog)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}
