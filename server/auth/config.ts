/**
 * better-auth, configured once per process (DESIGN §9): local accounts with the library's password
 * hashing, sessions in the database (its Drizzle adapter on the process's database), optional OIDC
 * through its generic OAuth plugin, sign-in rate-limited, HttpOnly SameSite=Lax cookies that are
 * Secure when the app is served over https. Nobody signs up on their own: an admin (or
 * `headroom user add`) creates accounts; an OIDC user gets HEADROOM_OIDC_ROLE (viewer by default).
 */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { authAccounts, authSessions, authUsers, authVerifications } from "../../drizzle/schema";
import type { Db } from "../db/client";
import type { AuthEnv } from "../env";

export const MIN_PASSWORD_LENGTH = 12;
/** Sign-in attempts per address and path in a window (better-auth's own limiter). */
export const SIGN_IN_LIMIT = { window: 60, max: 10 } as const;
export const OIDC_PROVIDER_ID = "oidc";

export type AuthOptions = { db: Db; secret: string; env: AuthEnv | undefined; secure: boolean };

export function createAuth({ db, secret, env, secure }: AuthOptions) {
  const oidc = env?.oidc;
  return betterAuth({
    appName: "Headroom",
    secret,
    ...(env?.publicUrl !== undefined && { baseURL: env.publicUrl }),
    basePath: "/api/auth",
    // Without a configured public address, the origin a request was addressed to (its Host) is the
    // trusted one: a browser's sign-in from the page it loaded passes, another site's does not.
    trustedOrigins: (request) => (env?.publicUrl !== undefined ? [new URL(env.publicUrl).origin] : [requestOrigin(request)]),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: authUsers, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 256 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: oidc?.role ?? "viewer", input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60, cookieCache: { enabled: false } },
    rateLimit: {
      enabled: true,
      storage: "memory",
      window: 60,
      max: 300,
      customRules: { "/sign-in/*": SIGN_IN_LIMIT },
    },
    advanced: {
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
    },
    telemetry: { enabled: false },
    logger: { level: "error" },
    plugins: oidc
      ? [genericOAuth({
        config: [{
          providerId: OIDC_PROVIDER_ID,
          name: oidc.name,
          discoveryUrl: `${oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
          clientId: oidc.clientId,
          clientSecret: oidc.clientSecret,
          scopes: ["openid", "email", "profile"],
          pkce: true,
        }],
      })]
      : [],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The origin a request was addressed to: its Host (or X-Forwarded-Host) and protocol. */
export function requestOrigin(request: Request | undefined): string | null {
  if (!request) return null;
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}
