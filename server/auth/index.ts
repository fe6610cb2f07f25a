/**
 * The process's better-auth: one instance per cookie security (https or not), on the process's
 * database (server/db getDb), kept on globalThis like the database itself.
 */
import { getDb } from "../db";
import { parseEnv, type Env } from "../env";
import { createAuth, type Auth } from "./config";
import { resolveAuthSecret } from "./secret";

const globalKey = Symbol.for("headroom.auth");
type Holder = { [globalKey]?: Map<boolean, Promise<Auth>> };

/** Secure cookies when the public address is https, or (without one) when this request came over https. */
export function isSecureRequest(req: Request, env: Env): boolean {
  if (env.auth?.publicUrl !== undefined) return env.auth.publicUrl.startsWith("https://");
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (forwarded) return forwarded === "https";
  return new URL(req.url).protocol === "https:";
}

export function getAuth(secure: boolean): Promise<Auth> {
  const holder = globalThis as Holder;
  const map = (holder[globalKey] ??= new Map());
  let pending = map.get(secure);
  if (pending === undefined) {
    pending = (async () => {
      const env = parseEnv();
      const { db } = await getDb();
      return createAuth({ db, secret: resolveAuthSecret(env), env: env.auth, secure });
    })();
    map.set(secure, pending);
    pending.catch(() => map.delete(secure));
  }
  return pending;
}

/** The better-auth instance for this request. */
export function authFor(req: Request): Promise<Auth> {
  return getAuth(isSecureRequest(req, parseEnv()));
}
