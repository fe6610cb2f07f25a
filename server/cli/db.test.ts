import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq, ne, and, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { consumers, resourceProviders } from "../../drizzle/schema";
import { parsePlacementProblem } from "../../scheduler/contract";
import { parseScenario } from "../../simulator/scenario/validate";
import { openDatabase } from "../db/client";
import { buildPlan } from "../db/seed";
import { run } from "./db";
import { UsageError } from "./errors";
import { main } from "./main";

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
  }, 240_000); // two seeds of the demo data centre with its 18 months of history: a guard against a hang, not a timing
});

/** `headroom db export` on a seeded PGlite data folder, through main() as the command line runs it. */
describe("headroom db export", () => {
  let dir = "";
  let zones: string[] = [];
  let active = 0;
  let out = "";
  let err = "";
  const saved = { url: process.env.DATABASE_URL, dir: process.env.HEADROOM_DATA_DIR };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "headroom-db-export-"));
    delete process.env.DATABASE_URL;
    process.env.HEADROOM_DATA_DIR = path.join(dir, "pglite");
    expect(await run(["seed"])).toBe(0);
    const h = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    try {
      zones = (await h.db.select({ name: resourceProviders.name }).from(resourceProviders).where(and(eq(resourceProviders.kind, "zone"), ne(resourceProviders.state, "retired"))))
        .map((z) => z.name);
      const [n] = await h.db.select({ n: count() }).from(resourceProviders)
        .where(and(inArray(resourceProviders.kind, ["host", "storage", "network"]), eq(resourceProviders.state, "active")));
      active = n?.n ?? 0;
    } finally {
      await h.close();
    }
  }, 120_000);
  afterAll(() => {
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    if (saved.dir !== undefined) process.env.HEADROOM_DATA_DIR = saved.dir;
    else delete process.env.HEADROOM_DATA_DIR;
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    out = "";
    err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("prints the placement problem alone on stdout, notes on stderr", async () => {
    expect(await main(["db", "export"])).toBe(0);
    const doc: unknown = JSON.parse(out);
    const parsed = parsePlacementProblem(doc);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.problem.providers).toHaveLength(active);
    expect(parsed.problem.requests).toEqual([]);
    expect(err).toMatch(/note: left out \d+ provider\(s\) that take no new work/);
    expect(err).toMatch(/problem with \d+ hosts/);
  });

  it("writes the same document to --out and nothing to stdout", async () => {
    expect(await main(["db", "export", "--as", "problem"])).toBe(0);
    const printed = out;
    out = "";
    const file = path.join(dir, "problem.json");
    expect(await main(["db", "export", "--out", file])).toBe(0);
    expect(out).toBe("");
    expect(readFileSync(file, "utf8")).toBe(printed);
    expect(err).toContain(`written to ${file}`);
  });

  it("writes a scenario of one zone that headroom simulate runs as is", async () => {
    const zone = zones[0]!;
    const file = path.join(dir, "scenario.json");
    expect(await main(["db", "export", "--as", "scenario", "--zone", zone, "--out", file])).toBe(0);
    const doc = JSON.parse(readFileSync(file, "utf8")) as { name: string; providers: { kind: string; zone?: string }[] };
    const parsed = parseScenario(doc, {});
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(doc.name).toMatch(/^inventory-\d{4}-\d{2}-\d{2}$/);
    expect(doc.providers.filter((p) => p.kind === "host" && p.zone !== zone)).toEqual([]);
    expect(doc.providers.some((p) => p.kind === "host")).toBe(true);
    out = "";
    expect(await main(["simulate", file, "--json"])).toBe(0);
    const summary = JSON.parse(out) as { scenario: string; placements: { requested: number }; hostsUsedPeak: number };
    expect(summary.scenario).toBe(doc.name);
    expect(summary.placements.requested).toBe(0);
    expect(summary.hostsUsedPeak).toBeGreaterThan(0); // the running fleet is in the inventory's use
  });

  it.each([
    [["--as", "csv"], /--as: expected one of problem, scenario, got 'csv'/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["extra"], /Unexpected argument 'extra'/],
    [["--zone"], /--zone/],
    [["--zone", ""], /--zone: expected a zone name/],
    [["--out", ""], /--out: expected a file name/],
  ])("%j exits 2 with a message naming the flag", async (args, message) => {
    expect(await main(["db", "export", ...args])).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe("");
  });

  it("exits 2 for an unknown zone, naming the zones that exist", async () => {
    expect(await main(["db", "export", "--zone", "no-such-zone"])).toBe(2);
    expect(err).toContain("--zone: no zone 'no-such-zone'");
    expect(zones.length).toBeGreaterThan(0);
    for (const z of zones) expect(err).toContain(z);
    expect(out).toBe("");
  });

  it("exits 2 when --out cannot be written, and writes nothing", async () => {
    expect(await main(["db", "export", "--out", path.join(dir, "missing", "x.json")])).toBe(2);
    expect(err).toMatch(/--out: cannot write .*ENOENT/);
    expect(out).toBe("");
  });

  it("refuses a scenario of an empty inventory (exit 2), exports an empty problem", async () => {
    process.env.HEADROOM_DATA_DIR = path.join(dir, "empty");
    try {
      expect(await main(["db", "export", "--as", "scenario"])).toBe(2);
      expect(err).toMatch(/no provider to export/);
      expect(out).toBe("");
      expect(await main(["db", "export"])).toBe(0);
      expect(JSON.parse(out)).toEqual({ providers: [], serverGroups: [], requests: [] });
    } finally {
      process.env.HEADROOM_DATA_DIR = path.join(dir, "pglite");
    }
  });
});
