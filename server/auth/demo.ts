/**
 * The embedded demo's accounts, one per role. They exist only in a demo seeded on the embedded
 * PGlite (server/cli/start.ts passes seedDemoAccounts to the seed), and they are named only on the
 * sign-in page, which lists those that exist.
 */
import { inArray } from "drizzle-orm";
import { authUsers } from "../../drizzle/schema";
import type { DbOrTx, Tx } from "../db/client";
import { roleNames } from "./schemas";
import { insertUser } from "./users";

export const demoAccounts = roleNames.map((role) => ({
  role, email: `${role}@demo.headroom.local`, password: `headroom-${role}-demo`, name: `Demo ${role}`,
}));

/** Adds the demo accounts that are missing (a reseed keeps the users). */
export async function seedDemoAccounts(tx: Tx): Promise<number> {
  const present = new Set((await presentDemoAccounts(tx)).map((a) => a.email));
  const missing = demoAccounts.filter((a) => !present.has(a.email));
  for (const account of missing) await insertUser(tx, account);
  return missing.length;
}

/** The demo accounts present in this database (none outside the embedded demo). */
export async function presentDemoAccounts(db: DbOrTx) {
  const rows = await db.select({ email: authUsers.email }).from(authUsers).where(inArray(authUsers.email, demoAccounts.map((a) => a.email)));
  const present = new Set(rows.map((r) => r.email));
  return demoAccounts.filter((a) => present.has(a.email));
}
