/**
 * The route handlers themselves on the process's database (getDb, an embedded PGlite in a temporary
 * folder): better-auth's, with the per-account sign-in limit that made-up X-Forwarded-For addresses
 * cannot get round, and tRPC's, which knows nobody without a session or token.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as authPost } from "../../app/api/auth/[...all]/route";
import { GET as trpcGet, POST as trpcPost } from "../../app/api/trpc/[trpc]/route";
import { ACCOUNT_LIMIT } from "../../server/auth/limit";
import { closeDb } from "../../server/db";

const BASE = "http://127.0.0.1:3999";

describe("the auth and tRPC routes", () => {
  const saved = { url: process.env.DATABASE_URL, dir: process.env.HEADROOM_DATA_DIR, secret: process.env.HEADROOM_AUTH_SECRET };
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "headroom-auth-route-"));
    delete process.env.DATABASE_URL;
    process.env.HEADROOM_DATA_DIR = path.join(dir, "pglite");
    process.env.HEADROOM_AUTH_SECRET = "route-test-secret-".padEnd(40, "z");
  });
  afterAll(async () => {
    await closeDb();
    for (const [key, value] of [["DATABASE_URL", saved.url], ["HEADROOM_DATA_DIR", saved.dir], ["HEADROOM_AUTH_SECRET", saved.secret]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("limits password sign-ins per account, whatever address the request claims", async () => {
    const attempt = (i: number, email: string) => authPost(new Request(`${BASE}/api/auth/sign-in/email`, {
      method: "POST", headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": `10.7.${i >> 8}.${i & 255}` },
      body: JSON.stringify({ email, password: "not-the-password-1" }),
    }));
    const statuses: number[] = [];
    for (let i = 0; i <= ACCOUNT_LIMIT.max; i++) statuses.push((await attempt(i, "Target@Example.com")).status);
    expect(statuses.slice(0, ACCOUNT_LIMIT.max).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await attempt(999, "target@example.com")).status).toBe(429); // the same account in other letters
    expect((await attempt(1000, "someone-else@example.com")).status).toBe(401);
  });

  it("tRPC: nobody is UNAUTHORIZED for reads and writes; a cross-origin write is refused before anything runs", async () => {
    const read = await trpcGet(new Request(`${BASE}/api/trpc/providers.list?input=${encodeURIComponent("{}")}`));
    expect(read.status).toBe(401);
    const write = await trpcPost(new Request(`${BASE}/api/trpc/providers.create`, {
      method: "POST", headers: { "content-type": "application/json", "x-headroom-user": "admin" }, body: JSON.stringify({ name: "x", kind: "region" }),
    }));
    expect(write.status).toBe(401);
    const cross = await trpcPost(new Request(`${BASE}/api/trpc/providers.create`, {
      method: "POST", headers: { "content-type": "application/json", origin: "http://evil.example", host: "127.0.0.1:3999" }, body: JSON.stringify({ name: "x", kind: "region" }),
    }));
    expect(cross.status).toBe(403);
  });
});
