import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/api/health/route";
import { closeDb } from "../db";

/** The route handler itself, with the process database the environment names (getDb). */
describe("app/api/health/route GET", () => {
  const saved = { url: process.env.DATABASE_URL, dir: process.env.HEADROOM_DATA_DIR };
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "headroom-health-"));
  });
  afterAll(async () => {
    await closeDb();
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    if (saved.dir === undefined) delete process.env.HEADROOM_DATA_DIR;
    else process.env.HEADROOM_DATA_DIR = saved.dir;
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 with a reason while the database cannot be reached", async () => {
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nowhere";
    const response = await GET();
    expect(response.status).toBe(503);
    const body = (await response.json()) as { ok: boolean; reason: string };
    expect(body.ok).toBe(false);
    expect(body.reason.length).toBeGreaterThan(0);
  });

  it("answers 200 on the embedded PGlite once it is open and migrated, without a restart", async () => {
    delete process.env.DATABASE_URL;
    process.env.HEADROOM_DATA_DIR = dir;
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: "pglite", providers: 0, provisioning: { driver: "simulated", simulated: true, workersAlive: 0 } });
  });
});
