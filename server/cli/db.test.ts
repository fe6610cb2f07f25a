import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumers, resourceProviders } from "../../drizzle/schema";
import { openDatabase } from "../db/client";
import { buildPlan } from "../db/seed";
import { run } from "./db";
import { UsageError } from "./errors";

/** `headroom db` on an embedded PGlite in a temporary data folder (the PostgreSQL path is the same code as the suites'). */
describe("headroom db", () => {
  let dir = "";
  const saved = { url: process.env.DATABASE_URL, dir: process.env.HEADROOM_DATA_DIR };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "headroom-db-"));
    delete process.env.DATABASE_URL;
    process.env.HEADROOM_DATA_DIR = dir;
  });
  afterAll(() => {
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    if (saved.dir !== undefined) process.env.HEADROOM_DATA_DIR = saved.dir;
    else delete process.env.HEADROOM_DATA_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([[[]], [["nope"]], [["seed", "--bogus"]], [["migrate", "--reset"]], [["seed", "--seed", "x"]]])("%j is a usage error", async (args) => {
    await expect(run(args)).rejects.toBeInstanceOf(UsageError);
  });

  it("migrates, seeds once (the plan of the seed), and leaves a seeded inventory alone", async () => {
    expect(await run(["migrate"])).toBe(0);
    expect(await run(["seed", "--seed", "5"])).toBe(0);
    expect(await run(["seed", "--seed", "6"])).toBe(0); // not empty: nothing happens
    const h = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      const [p] = await h.db.select({ n: count() }).from(resourceProviders);
      const [c] = await h.db.select({ n: count() }).from(consumers);
      const plan = buildPlan(5, new Date(0));
      expect([p?.n, c?.n]).toEqual([plan.providers.length, plan.consumers.length]);
    } finally {
      await h.close();
    }
  });
});
