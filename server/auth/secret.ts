import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../env";

/**
 * The session secret: HEADROOM_AUTH_SECRET when set; otherwise one generated on first use and kept
 * beside the data folder (`<data folder>/../auth-secret`, mode 0600), so the embedded install has one
 * without configuration and sessions survive a restart. It never leaves the server.
 */
export function resolveAuthSecret(env: Env): string {
  if (env.auth?.secret) return env.auth.secret;
  const file = path.join(path.dirname(env.dataDir), "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not made yet
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  if (env.databaseUrl !== undefined) {
    console.warn(`headroom: HEADROOM_AUTH_SECRET is not set; generated one in ${file} (set it for every instance that shares the database)`);
  }
  return secret;
}
