/**
 * Who is calling: an API token (`Authorization: Bearer hr_…`) or a better-auth session cookie.
 * Neither, or a bad one, is nobody (role null: every procedure then answers UNAUTHORIZED).
 */
import type { Role } from "../api/trpc";
import type { Db } from "../db/client";
import type { Auth } from "./config";
import { roleNames } from "./schemas";
import { verifyToken } from "./tokens";

export type Identity = { user: string; role: Role; via: "session" | "token" };

function asRole(value: unknown): Role | null {
  return typeof value === "string" && (roleNames as readonly string[]).includes(value) ? (value as Role) : null;
}

export async function identify(db: Db, auth: Auth, headers: Headers): Promise<Identity | null> {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = match?.[1] ? await verifyToken(db, match[1]) : null;
    const role = asRole(token?.role);
    return token && role ? { user: `token:${token.name}`, role, via: "token" } : null;
  }
  const session = await auth.api.getSession({ headers }).catch(() => null);
  const role = asRole((session?.user as { role?: unknown } | undefined)?.role);
  return session && role ? { user: session.user.email, role, via: "session" } : null;
}

/**
 * A browser's cross-origin write is refused: SameSite=Lax keeps the cookie off cross-site posts, and
 * this keeps it off same-site but cross-origin ones. Callers without an Origin (scripts) pass.
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
