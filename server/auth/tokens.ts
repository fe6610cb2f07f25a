/**
 * API tokens (DESIGN §9): an admin creates one with a role and an expiry; the token is shown once
 * and only its SHA-256 is stored (a token is 32 random bytes, so a fast hash is enough: there is
 * nothing to guess); it is used as `Authorization: Bearer hr_…` and can be revoked at any time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens } from "../../drizzle/schema";
import type { Db } from "../db/client";
import { recordAudit } from "../inventory/audit";
import { fail, write, type Outcome } from "../inventory/outcome";
import type { TokenCreateInput } from "./schemas";

export const TOKEN_PREFIX = "hr_";
const DAY_MS = 86_400_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export type TokenRow = {
  id: string; name: string; role: string; prefix: string; createdBy: string; createdAt: Date; expiresAt: Date;
  revokedAt: Date | null; revokedBy: string | null; lastUsedAt: Date | null;
};

const listed = {
  id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, prefix: apiTokens.prefix, createdBy: apiTokens.createdBy,
  createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt, revokedBy: apiTokens.revokedBy,
  lastUsedAt: apiTokens.lastUsedAt,
};

/** Creates a token; the returned `token` is the only time anyone sees it. */
export function createToken(db: Db, input: TokenCreateInput, actor: string, now = new Date()): Promise<Outcome<TokenRow & { token: string }>> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return write(db, async (tx) => {
    const [taken] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, input.name));
    if (taken) fail("CONFLICT", "a token with this name exists already", "name");
    const [row] = await tx.insert(apiTokens).values({
      name: input.name, role: input.role, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      createdBy: actor, createdAt: now, expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
    }).returning(listed);
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, { actor, action: "token.create", entityType: "token", entityId: row.id, before: null, after: { name: row.name, role: row.role, expiresAt: row.expiresAt.toISOString() } });
    return { ...row, token };
  });
}

export function listTokens(db: Db): Promise<TokenRow[]> {
  return db.select(listed).from(apiTokens).orderBy(desc(apiTokens.createdAt), apiTokens.name);
}

export function revokeToken(db: Db, id: string, actor: string, now = new Date()): Promise<Outcome<TokenRow>> {
  return write(db, async (tx) => {
    const [row] = await tx.update(apiTokens).set({ revokedAt: now, revokedBy: actor })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning(listed);
    if (!row) {
      const [exists] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, id));
      fail(exists ? "CONFLICT" : "NOT_FOUND", exists ? "this token is revoked already" : "no such token", "id");
    }
    await recordAudit(tx, { actor, action: "token.revoke", entityType: "token", entityId: id, before: { name: row.name }, after: { revokedAt: now.toISOString() } });
    return row;
  });
}

/** The token's name and role when it is known, unrevoked and unexpired; null otherwise. */
export async function verifyToken(db: Db, token: string, now = new Date()): Promise<{ name: string; role: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const hash = hashToken(token);
  const [row] = await db.select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, tokenHash: apiTokens.tokenHash, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens).where(eq(apiTokens.tokenHash, hash));
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))) return null;
  if (row.revokedAt !== null || row.expiresAt.getTime() <= now.getTime()) return null;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return { name: row.name, role: row.role };
}
