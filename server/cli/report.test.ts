import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureOutput } from "./capture-output";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { fitRunway } from "../reports/runway";
import { insertSnapshotRows } from "../reports/snapshot";
import { main } from "./main";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
// Two weeks of VCPU in az1 (growing), MEMORY_MB in az1 (flat) and FLOATING_IP without a zone.
const days = Array.from({ length: 14 }, (_, d) => d);
const vcpu = days.map((d) => 100 + 5 * d + (d % 3));
const rows = days.flatMap((d) => [
  { at: new Date(T0 + d * DAY), source: "manual" as const, resourceClass: "VCPU", zone: "az1", rack: "r1", hardwareModel: "m", project: null, capacity: 200, used: vcpu[d]! },
  { at: new Date(T0 + d * DAY), source: "manual" as const, resourceClass: "MEMORY_MB", zone: "az1", rack: "r1", hardwareModel: "m", project: null, capacity: 1000, used: 500 },
  { at: new Date(T0 + d * DAY), source: "manual" as const, resourceClass: "FLOATING_IP", zone: null, rack: null, hardwareModel: null, project: null, capacity: 254, used: 20 + d },
  { at: new Date(T0 + d * DAY), source: "manual" as const, resourceClass: "VCPU", zone: "az1", rack: "r1", hardwareModel: "m", project: "shop", capacity: 0, used: vcpu[d]! },
]);

describe("headroom report", () => {
  let dir = "";
  const io = captureOutput();
  const capture = () => io.capture();
  const saved = { url: process.env.DATABASE_URL, dir: process.env.HEADROOM_DATA_DIR };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "headroom-report-"));
    delete process.env.DATABASE_URL;
    process.env.HEADROOM_DATA_DIR = dir;
    const h = await openDatabase({ kind: "pglite", dataDir: dir });
    await migrateDatabase(h);
    await insertSnapshotRows(h.db, rows);
    await h.close();
  });
  afterAll(() => {
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    if (saved.dir !== undefined) process.env.HEADROOM_DATA_DIR = saved.dir;
    else delete process.env.HEADROOM_DATA_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it("history --json prints the contract's points: cell rows summed per snapshot, class and zone", async () => {
    capture();
    expect(await main(["report", "history", "--class", "VCPU", "--zone", "az1", "--from", new Date(T0 + 10 * DAY).toISOString(), "--json"])).toBe(0);
    const doc = JSON.parse(io.out) as { points: { at: string; zone: string | null; class: string; capacity: number; used: number }[] };
    expect(doc).toEqual({ points: [10, 11, 12, 13].map((d) => ({ at: new Date(T0 + d * DAY).toISOString(), zone: "az1", class: "VCPU", capacity: 200, used: vcpu[d] })) });
    capture();
    expect(await main(["report", "history", "--class", "FLOATING_IP", "--json"])).toBe(0);
    expect((JSON.parse(io.out) as { points: { zone: null }[] }).points.map((p) => p.zone)).toEqual(days.map(() => null));
  });

  it("runway --json: the fit per class and zone; flat memory never runs out", async () => {
    capture();
    expect(await main(["report", "runway", "--json"])).toBe(0);
    const doc = JSON.parse(io.out) as { runway: { class: string; zone: string | null; used: number; capacity: number; growthPerDay: number; exhaustsAt: string | null; exhaustsAtConservative: string | null; band: [number, number] }[] };
    const fit = fitRunway(days.map((d) => ({ at: new Date(T0 + d * DAY), used: vcpu[d]! })), 200);
    const v = doc.runway.find((r) => r.class === "VCPU")!;
    expect(v).toMatchObject({ zone: "az1", used: vcpu[13], capacity: 200, exhaustsAt: fit.exhaustsAt, exhaustsAtConservative: fit.exhaustsAtConservative });
    expect(v.growthPerDay).toBeCloseTo(fit.growthPerDay, 9);
    expect(v.band[0]).toBeCloseTo(fit.band[0], 6);
    expect(doc.runway.find((r) => r.class === "MEMORY_MB")).toMatchObject({ exhaustsAt: null, exhaustsAtConservative: null, growthPerDay: 0 });
    expect(doc.runway.find((r) => r.class === "FLOATING_IP")?.zone).toBeNull();
    expect(Object.keys(v).slice(0, 8)).toEqual(["class", "zone", "used", "capacity", "growthPerDay", "exhaustsAt", "exhaustsAtConservative", "band"]);
  });

  it.each([
    [["report", "history", "--from", "2030-01-01"], "--from"],
    [["report", "history", "--from", "yesterday-ish"], "--from"],
    [["report", "history", "--from", "2026-11-05", "--to", "2026-11-01"], "--from"],
    [["report", "history", "--class", "NOPE"], "--class"],
    [["report", "runway", "--window-days", "0"], "--window-days"],
    [["report", "history", "--bogus"], "bogus"],
    [["report"], "usage"],
  ])("%j exits 2 naming %s", async (args, named) => {
    capture();
    expect(await main(args)).toBe(2);
    expect(io.err).toContain(named);
    expect(io.out).toBe("");
  });
});
