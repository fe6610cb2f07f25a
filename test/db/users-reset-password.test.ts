/**
 * An admin resets a user's password (users.resetPassword), on every backend: the server makes the
 * new password and returns it once; the old one no longer signs in and the new one does, through
 * better-auth's own sign-in; the user's sessions end; the audit names the admin and holds no secret.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createTRPCContext } from "../../server/api/trpc";
import { createAuth } from "../../server/auth/config";
import { identify } from "../../server/auth/identity";
import { backends, rows, useTestDatabase } from "./harness";

const SECRET = "test-secret-".padEnd(48, "y");
const BASE = "http://headroom.test";

describe.each(backends())("users.resetPassword on %s", (backend) => {
  const t = useTestDatabase(backend);
  const as = (user: string, role: "admin" | "operator" = "admin") => createCaller(createTRPCContext({ db: t.db, user, role }));
  const auth = () => createAuth({ db: t.db, secret: SECRET, env: { secret: SECRET, publicUrl: BASE, oidc: undefined }, secure: false });
  let ip = 0;
  const signIn = (email: string, password: string) => auth().handler(new Request(`${BASE}/api/auth/sign-in/email`, {
    method: "POST", headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": `10.1.0.${++ip}` }, body: JSON.stringify({ email, password }),
  }));
  const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

  it("makes a new password, shown once: the old one stops working, the new one works, sessions end, the audit names the admin", async () => {
    const admin = as("root@x.example");
    const user = await admin.users.create({ email: "pat@x.example", name: "Pat", role: "planner", password: "the-first-password" });
    const session = await signIn("pat@x.example", "the-first-password");
    expect(session.status).toBe(200);
    const cookie = cookieOf(session);
    expect(await identify(t.db, auth(), new Headers({ cookie }))).toMatchObject({ user: "pat@x.example" });

    const out = await admin.users.resetPassword({ id: user.id });
    expect(out.id).toBe(user.id);
    expect(out.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await identify(t.db, auth(), new Headers({ cookie }))).toBeNull();
    expect((await signIn("pat@x.example", "the-first-password")).status).toBe(401);
    expect((await signIn("pat@x.example", out.password)).status).toBe(200);
    // Another reset makes another password.
    expect((await admin.users.resetPassword({ id: user.id })).password).not.toBe(out.password);

    const audit = await admin.users.audit();
    expect(audit.filter((a) => a.entityId === user.id).map((a) => [a.action, a.actor]))
      .toEqual([["user.setPassword", "root@x.example"], ["user.setPassword", "root@x.example"], ["user.create", "root@x.example"]]);
    const everything = JSON.stringify(await rows(t.db, sql`select * from audit_log`)) + JSON.stringify(await rows(t.db, sql`select * from auth_accounts`));
    expect(everything).not.toContain(out.password);
  });

  it("refuses an unknown user and anyone but an admin, changing nothing", async () => {
    await expect(as("root@x.example").users.resetPassword({ id: "no-such-user" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [pat] = (await as("root@x.example").users.list()).filter((u) => u.email === "pat@x.example");
    const before = await rows(t.db, sql`select password from auth_accounts where user_id = ${pat!.id}`);
    await expect(as("ops@x.example", "operator").users.resetPassword({ id: pat!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rows(t.db, sql`select password from auth_accounts where user_id = ${pat!.id}`)).toEqual(before);
  });
});
