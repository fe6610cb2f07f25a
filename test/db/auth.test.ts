import { describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { eq } from "drizzle-orm";
import { auditLog, authUsers } from "../../drizzle/schema";
import { appRouter } from "../../server/api/root";
import { createTRPCContext } from "../../server/api/trpc";
import { insertCatalog } from "../../server/db/seed";
import { createAuth, SIGN_IN_LIMIT } from "../../server/auth/config";
import { demoAccounts, presentDemoAccounts, seedDemoAccounts } from "../../server/auth/demo";
import { identify } from "../../server/auth/identity";
import { createToken, revokeToken } from "../../server/auth/tokens";
import { setUserRole } from "../../server/auth/users";
import { backends, createTestDatabase, useTestDatabase } from "./harness";

const SECRET = "test-secret-".padEnd(48, "x");
const BASE = "http://headroom.test";

describe.each(backends())("sign-in and identity on %s", (backend) => {
  const t = useTestDatabase(backend);
  const auth = () => createAuth({ db: t.db, secret: SECRET, env: { secret: SECRET, publicUrl: BASE, oidc: undefined }, secure: false });
  let ip = 0;
  const signIn = (email: string, password: string, from = `10.0.0.${++ip}`) =>
    auth().handler(new Request(`${BASE}/api/auth/sign-in/email`, {
      method: "POST", headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": from }, body: JSON.stringify({ email, password }),
    }));
  const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

  it("signs a demo account in with its password; the cookie is HttpOnly and SameSite and names the user and role", async () => {
    await t.db.transaction((tx) => seedDemoAccounts(tx));
    expect((await presentDemoAccounts(t.db)).map((a) => a.role)).toEqual(["viewer", "planner", "operator", "admin"]);
    const account = demoAccounts.find((a) => a.role === "planner")!;
    const response = await signIn(account.email, account.password);
    expect(response.status).toBe(200);
    const setCookie = response.headers.getSetCookie().find((c) => c.includes("session_token"));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const identity = await identify(t.db, auth(), new Headers({ cookie: cookieOf(response) }));
    expect(identity).toEqual({ user: account.email, role: "planner", via: "session" });
  });

  it("refuses a wrong password and an unknown user, and stores no password in the clear", async () => {
    const account = demoAccounts[0]!;
    expect((await signIn(account.email, "not-the-password-at-all")).status).toBe(401);
    expect((await signIn("nobody@example.com", account.password)).status).toBe(401);
    const dump = JSON.stringify(await t.db.execute("select * from auth_accounts"));
    for (const a of demoAccounts) expect(dump).not.toContain(a.password);
  });

  it("takes a role change on the next request", async () => {
    const account = demoAccounts.find((a) => a.role === "viewer")!;
    const cookie = cookieOf(await signIn(account.email, account.password));
    const [user] = await t.db.select().from(authUsers).where(eq(authUsers.email, account.email));
    expect((await setUserRole(t.db, { id: user!.id, role: "operator" }, "admin")).ok).toBe(true);
    expect((await identify(t.db, auth(), new Headers({ cookie })))?.role).toBe("operator");
  });

  it("rate-limits sign-in attempts from one address", async () => {
    const statuses: number[] = [];
    // An account and addresses of this backend's own: the limits live in the process, and both backends' suites run in one.
    const email = `x-${backend}@example.com`;
    const net = backend === "pglite" ? "10.9.9" : "10.9.8";
    for (let i = 0; i <= SIGN_IN_LIMIT.max; i++) statuses.push((await signIn(email, "wrong-password-123", `${net}.9`)).status);
    expect(statuses.slice(0, SIGN_IN_LIMIT.max).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // another address is not held back
    expect((await signIn(email, "wrong-password-123", `${net}.10`)).status).toBe(401);
  });

  it("cookies are Secure when served over https", async () => {
    const secure = createAuth({ db: t.db, secret: SECRET, env: { secret: SECRET, publicUrl: "https://headroom.test", oidc: undefined }, secure: true });
    const account = demoAccounts[0]!;
    const response = await secure.handler(new Request("https://headroom.test/api/auth/sign-in/email", {
      method: "POST", headers: { "content-type": "application/json", origin: "https://headroom.test", "x-forwarded-for": "10.1.1.1" },
      body: JSON.stringify({ email: account.email, password: account.password }),
    }));
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().find((c) => c.includes("session_token"))).toMatch(/;\s*Secure/i);
  });

  it("a Bearer token acts with its role until it is revoked or expires", async () => {
    const created = await createToken(t.db, { name: "ci-bot", role: "operator", expiresInDays: 1 }, "admin@x");
    if (!created.ok) throw new Error(created.message);
    const headers = new Headers({ authorization: `Bearer ${created.value.token}` });
    expect(await identify(t.db, auth(), headers)).toEqual({ user: "token:ci-bot", role: "operator", via: "token" });
    expect(await identify(t.db, auth(), new Headers({ authorization: `Bearer ${created.value.token}x` }))).toBeNull();
    const dump = JSON.stringify(await t.db.execute("select * from api_tokens"));
    expect(dump).not.toContain(created.value.token);
    const expired = await createToken(t.db, { name: "old", role: "viewer", expiresInDays: 1 }, "admin@x", new Date(Date.now() - 2 * 86_400_000));
    if (!expired.ok) throw new Error(expired.message);
    expect(await identify(t.db, auth(), new Headers({ authorization: `Bearer ${expired.value.token}` }))).toBeNull();
    expect((await revokeToken(t.db, created.value.id, "admin@x")).ok).toBe(true);
    expect(await identify(t.db, auth(), headers)).toBeNull();
  });

  it("the audit trail names the signed-in user, or the token, on a write over HTTP", async () => {
    await insertCatalog(t.db);
    const operator = demoAccounts.find((a) => a.role === "operator")!;
    const cookie = cookieOf(await signIn(operator.email, operator.password));
    const created = await createToken(t.db, { name: "sync-bot", role: "operator", expiresInDays: 30 }, "admin@x");
    if (!created.ok) throw new Error(created.message);
    const post = (headers: Record<string, string>, name: string) => fetchRequestHandler({
      endpoint: "/api/trpc", router: appRouter,
      req: new Request(`${BASE}/api/trpc/providers.create`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ name, kind: "region" }) }),
      createContext: async ({ req }) => {
        const identity = await identify(t.db, auth(), req.headers);
        return createTRPCContext({ db: t.db, user: identity?.user ?? "anonymous", role: identity?.role ?? null });
      },
    });
    expect((await post({ cookie }, "audit-by-session")).status).toBe(200);
    expect((await post({ authorization: `Bearer ${created.value.token}` }, "audit-by-token")).status).toBe(200);
    expect((await post({ "x-headroom-user": "mallory" }, "audit-by-header")).status).toBe(401);
    const audit = await t.db.select({ actor: auditLog.actor, after: auditLog.after }).from(auditLog).where(eq(auditLog.action, "provider.create"));
    const byName = Object.fromEntries(audit.map((a) => [(a.after as { name: string }).name, a.actor]));
    expect(byName).toEqual({ "audit-by-session": operator.email, "audit-by-token": "token:sync-bot" });
  });

  it("nobody signs up alone, and nobody raises their own role through better-auth's endpoints", async () => {
    const signUp = await auth().handler(new Request(`${BASE}/api/auth/sign-up/email`, {
      method: "POST", headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": "10.3.3.3" },
      body: JSON.stringify({ email: "walk-in@example.com", password: "a-long-password-9", name: "Walk In" }),
    }));
    expect(signUp.status).not.toBe(200);
    expect(await t.db.select().from(authUsers).where(eq(authUsers.email, "walk-in@example.com"))).toEqual([]);
    const planner = demoAccounts.find((a) => a.role === "planner")!;
    const cookie = cookieOf(await signIn(planner.email, planner.password));
    const update = await auth().handler(new Request(`${BASE}/api/auth/update-user`, {
      method: "POST", headers: { "content-type": "application/json", origin: BASE, cookie, "x-forwarded-for": "10.3.3.4" },
      body: JSON.stringify({ role: "admin", name: "Promoted?" }),
    }));
    expect(update.status).not.toBe(200);
    expect((await identify(t.db, auth(), new Headers({ cookie })))?.role).toBe("planner");
  });

  it("nobody without a cookie or token", async () => {
    expect(await identify(t.db, auth(), new Headers())).toBeNull();
    expect(await identify(t.db, auth(), new Headers({ cookie: "better-auth.session_token=forged.value" }))).toBeNull();
  });
});

describe("OIDC sign-in (generic OAuth, configured from the environment)", () => {
  it("sends the browser to the provider's authorize endpoint with the client id, PKCE and a callback here", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      if (req.url === "/.well-known/openid-configuration") {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/userinfo`, jwks_uri: `${issuer}/jwks` }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const { parseEnv } = await import("../../server/env");
      const env = parseEnv({ HEADROOM_OIDC_ISSUER: issuer, HEADROOM_OIDC_CLIENT_ID: "headroom-app", HEADROOM_OIDC_CLIENT_SECRET: "s3cret-client", HEADROOM_PUBLIC_URL: BASE });
      expect(() => parseEnv({ HEADROOM_OIDC_ISSUER: issuer })).toThrow(/HEADROOM_OIDC_CLIENT_ID/);
      const handle = await createTestDatabase("pglite");
      try {
        const auth = createAuth({ db: handle.db, secret: SECRET, env: env.auth, secure: false });
        const response = await auth.handler(new Request(`${BASE}/api/auth/sign-in/social`, {
          method: "POST", headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": "10.2.2.2" },
          body: JSON.stringify({ provider: "oidc", callbackURL: "/providers" }),
        }));
        expect(response.status).toBe(200);
        const { url } = (await response.json()) as { url: string };
        const target = new URL(url);
        expect(`${target.origin}${target.pathname}`).toBe(`${issuer}/authorize`);
        expect(target.searchParams.get("client_id")).toBe("headroom-app");
        expect(target.searchParams.get("code_challenge_method")).toBe("S256");
        expect(target.searchParams.get("redirect_uri")).toBe(`${BASE}/api/auth/callback/oidc`);
        expect(url).not.toContain("s3cret-client");
      } finally {
        await handle.close();
      }
    } finally {
      server.close();
    }
  });
});
