/**
 * Accounts: people who sign in with an email and a password (hashed by better-auth's own
 * hashPassword, in the auth_accounts row better-auth reads), or through OIDC. Created by an admin
 * (the users page), by `headroom user add` (the first admin), or by the embedded demo's seed.
 */
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { and, asc, count, desc, eq, inArray, ne } from "drizzle-orm";
import { auditLog, authAccounts, authSessions, authUsers } from "../../drizzle/schema";
import type { Db, DbOrTx, Tx } from "../db/client";
import { recordAudit } from "../inventory/audit";
import { fail, write, type Outcome } from "../inventory/outcome";
import type { UserCreateInput } from "./schemas";

export type UserRow = { id: string; email: string; name: string; role: string; createdAt: Date; signIns: string[] };

/** Inserts the user and its credential account in the caller's transaction. */
export async function insertUser(tx: DbOrTx, input: UserCreateInput, now = new Date()): Promise<{ id: string; email: string; role: string }> {
  const [taken] = await tx.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, input.email));
  if (taken) fail("CONFLICT", "a user with this email exists already", "email");
  const id = randomUUID();
  await tx.insert(authUsers).values({ id, email: input.email, name: input.name, role: input.role, emailVerified: true, createdAt: now, updatedAt: now });
  await tx.insert(authAccounts).values({
    id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: await hashPassword(input.password), createdAt: now, updatedAt: now,
  });
  return { id, email: input.email, role: input.role };
}

export function createUser(db: Db, input: UserCreateInput, actor: string): Promise<Outcome<{ id: string; email: string; role: string }>> {
  return write(db, async (tx) => {
    const user = await insertUser(tx, input);
    await recordAudit(tx, { actor, action: "user.create", entityType: "user", entityId: user.id, before: null, after: { email: user.email, name: input.name, role: user.role } });
    return user;
  });
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const users = await db.select({ id: authUsers.id, email: authUsers.email, name: authUsers.name, role: authUsers.role, createdAt: authUsers.createdAt })
    .from(authUsers).orderBy(asc(authUsers.email));
  const accounts = await db.select({ userId: authAccounts.userId, providerId: authAccounts.providerId }).from(authAccounts);
  return users.map((u) => ({ ...u, signIns: accounts.filter((a) => a.userId === u.id).map((a) => a.providerId).sort() }));
}

async function otherAdmins(tx: Tx, id: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(authUsers).where(and(eq(authUsers.role, "admin"), ne(authUsers.id, id)));
  return row?.n ?? 0;
}

async function loadUser(tx: Tx, id: string) {
  const [user] = await tx.select({ id: authUsers.id, email: authUsers.email, role: authUsers.role }).from(authUsers).where(eq(authUsers.id, id)).for("update");
  return user ?? fail("NOT_FOUND", "no such user", "id");
}

/** A role change takes effect on the user's next request (roles are read per request, never cached in the cookie). */
export function setUserRole(db: Db, input: { id: string; role: string }, actor: string): Promise<Outcome<{ id: string; role: string }>> {
  return write(db, async (tx) => {
    const user = await loadUser(tx, input.id);
    if (user.role === "admin" && input.role !== "admin" && (await otherAdmins(tx, user.id)) === 0) {
      fail("PRECONDITION_FAILED", "the last admin cannot be demoted", "role");
    }
    await tx.update(authUsers).set({ role: input.role, updatedAt: new Date() }).where(eq(authUsers.id, user.id));
    await recordAudit(tx, { actor, action: "user.setRole", entityType: "user", entityId: user.id, before: { email: user.email, role: user.role }, after: { email: user.email, role: input.role } });
    return { id: user.id, role: input.role };
  });
}

export function setUserPassword(db: Db, input: { id: string; password: string }, actor: string): Promise<Outcome<{ id: string }>> {
  return write(db, async (tx) => {
    const user = await loadUser(tx, input.id);
    const hash = await hashPassword(input.password);
    const updated = await tx.update(authAccounts).set({ password: hash, updatedAt: new Date() })
      .where(and(eq(authAccounts.userId, user.id), eq(authAccounts.providerId, "credential"))).returning({ id: authAccounts.id });
    if (updated.length === 0) {
      await tx.insert(authAccounts).values({ id: randomUUID(), accountId: user.id, providerId: "credential", userId: user.id, password: hash });
    }
    await tx.delete(authSessions).where(eq(authSessions.userId, user.id));
    await recordAudit(tx, { actor, action: "user.setPassword", entityType: "user", entityId: user.id, before: null, after: { email: user.email } });
    return { id: user.id };
  });
}

/** Removes the user with its sessions and accounts; never the last admin, never yourself. */
export function removeUser(db: Db, id: string, actor: string): Promise<Outcome<{ id: string }>> {
  return write(db, async (tx) => {
    const user = await loadUser(tx, id);
    if (user.email === actor) fail("PRECONDITION_FAILED", "you cannot remove your own account", "id");
    if (user.role === "admin" && (await otherAdmins(tx, user.id)) === 0) fail("PRECONDITION_FAILED", "the last admin cannot be removed", "id");
    await tx.delete(authUsers).where(eq(authUsers.id, user.id));
    await recordAudit(tx, { actor, action: "user.remove", entityType: "user", entityId: user.id, before: { email: user.email, role: user.role }, after: null });
    return { id: user.id };
  });
}

/** The audit trail of access itself: users and tokens created, changed, removed, revoked. */
export function accessAudit(db: Db, limit: number) {
  return db.select({ id: auditLog.id, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after })
    .from(auditLog).where(inArray(auditLog.entityType, ["user", "token"])).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
}
