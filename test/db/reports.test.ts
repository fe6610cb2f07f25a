import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { utilisationSnapshots } from "../../drizzle/schema";
import { cellKey } from "../../server/reports/cells";
import { fitRunway } from "../../server/reports/runway";
import { liveCells } from "../../server/reports/snapshot";
import { HISTORY_DAYS } from "../../server/db/seed/history";
import { codeOf, fieldsOf } from "./fixtures";
import { backends, FIXED_NOW, useTestDatabase } from "./harness";

describe.each(backends())("reports on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });

  it("the seeded history ends at the live inventory: its last day's cells are what a snapshot reads now", async () => {
    const live = (await liveCells(t.db)).filter((c) => c.project === null);
    const last = await t.db.select().from(utilisationSnapshots)
      .where(and(eq(utilisationSnapshots.at, FIXED_NOW), isNull(utilisationSnapshots.project)));
    const byKey = new Map(last.map((r) => [cellKey(r), r]));
    expect(last.length).toBe(live.length);
    for (const c of live) {
      const r = byKey.get(cellKey(c));
      expect(r, cellKey(c)).toBeDefined();
      expect(r!.used).toBeCloseTo(c.used, 6);
      expect(r!.capacity).toBeCloseTo(c.capacity, 6);
    }
  });

  it("history: one point per day per class and zone, IPv4 addresses and floating IPs among them; an empty range names its field", async () => {
    const api = t.caller();
    const { points } = await api.reports.history({ resourceClass: "VCPU", zone: "az1" });
    expect(points.length).toBe(HISTORY_DAYS);
    expect(points.every((p) => p.class === "VCPU" && p.zone === "az1" && p.used <= p.capacity)).toBe(true);
    const all = await api.reports.history({ from: new Date(FIXED_NOW.getTime() - 86_400_000 / 2).toISOString() });
    expect(new Set(all.points.map((p) => p.class))).toEqual(new Set(["VCPU", "MEMORY_MB", "DISK_GB", "VOLUME_GB", "IOPS", "OBJECT_GB", "NET_BW_MBPS", "IPV4_ADDRESS", "FLOATING_IP"]));
    expect(all.points.find((p) => p.class === "FLOATING_IP")?.zone).toBeNull();
    expect(await codeOf(api.reports.history({ from: "2030-01-01" }))).toBe("BAD_REQUEST");
    expect(await fieldsOf(api.reports.history({ from: "2030-01-01" }))).toEqual(["from"]);
    expect(await fieldsOf(api.reports.history({ from: "2026-02-01", to: "2026-01-01" }))).toEqual(["from"]);
    expect(await fieldsOf(api.reports.series({ resourceClass: "VCPU", by: "rack", to: "2001-01-01" }))).toEqual(["to"]);
  });

  it("series: by rack and hardware model add up to the zone's total; by project to its use", async () => {
    const api = t.caller();
    const range = { from: new Date(FIXED_NOW.getTime() - 20 * 86_400_000).toISOString() };
    const byZone = await api.reports.series({ resourceClass: "MEMORY_MB", by: "zone", ...range });
    const byRack = await api.reports.series({ resourceClass: "MEMORY_MB", by: "rack", ...range });
    const byModel = await api.reports.series({ resourceClass: "MEMORY_MB", by: "hardwareModel", ...range });
    const byProject = await api.reports.series({ resourceClass: "MEMORY_MB", by: "project", ...range });
    const sum = (pts: { day: string; used: number }[], day: string) => pts.filter((p) => p.day === day).reduce((s, p) => s + p.used, 0);
    const lastDay = byZone.points[byZone.points.length - 1]!.day;
    expect(byRack.keys.length).toBe(24);
    expect(byModel.keys).toEqual(["model-a", "model-b", "model-c"]);
    expect(sum(byRack.points, lastDay)).toBeCloseTo(sum(byZone.points, lastDay), 3);
    expect(sum(byModel.points, lastDay)).toBeCloseTo(sum(byZone.points, lastDay), 3);
    expect(sum(byProject.points, lastDay)).toBeCloseTo(sum(byZone.points, lastDay), 3);
    expect(byProject.keys).toContain("checkout");
  });

  it("runway: a fit per class and zone from the daily totals, the same figures fitRunway gives", async () => {
    const api = t.caller();
    const { runway, windowDays } = await api.reports.runway({ windowDays: 90 });
    expect(windowDays).toBe(90);
    expect(runway.map((r) => `${r.class}/${r.zone ?? "-"}`)).toContain("IPV4_ADDRESS/az1");
    const vcpu = runway.find((r) => r.class === "VCPU" && r.zone === "az2")!;
    const { points } = await api.reports.history({ resourceClass: "VCPU", zone: "az2", from: new Date(FIXED_NOW.getTime() - 90 * 86_400_000).toISOString() });
    const fit = fitRunway(points.map((p) => ({ at: new Date(p.at), used: p.used })), points[points.length - 1]!.capacity);
    expect(vcpu.growthPerDay).toBeCloseTo(fit.growthPerDay, 6);
    expect(vcpu.exhaustsAt).toBe(fit.exhaustsAt);
    expect(vcpu.fit.points).toBe(fit.fit.points);
    for (const r of runway) {
      expect(r.band[0]).toBeLessThanOrEqual(r.band[1]);
      if (r.growthPerDay <= 0 && r.used < r.capacity) expect([r.exhaustsAt, r.exhaustsAtConservative]).toEqual([null, null]);
      if (r.exhaustsAt !== null && r.exhaustsAtConservative !== null) expect(Date.parse(r.exhaustsAtConservative)).toBeLessThanOrEqual(Date.parse(r.exhaustsAt));
    }
  });

  it("a snapshot on demand writes the live cells once, and it becomes the newest point", async () => {
    const api = t.caller();
    const live = await liveCells(t.db);
    const result = await api.reports.snapshot();
    expect(result.rows).toBe(live.length);
    const { points } = await api.reports.history({ resourceClass: "VCPU", zone: "az1", from: new Date(Date.parse(result.at) - 1000).toISOString() });
    const expected = live.filter((c) => c.project === null && c.resourceClass === "VCPU" && c.zone === "az1").reduce((s, c) => s + c.used, 0);
    expect(points.map((p) => p.used)).toEqual([expected]);
  });

  it("top consumers are ranked by share of capacity, and stranded capacity never exceeds what is free", async () => {
    const api = t.caller();
    const top = await api.reports.topConsumers({ limit: 10 });
    expect(top.consumers.length).toBe(10);
    for (let i = 1; i < top.consumers.length; i++) expect(top.consumers[i - 1]!.share).toBeGreaterThanOrEqual(top.consumers[i]!.share);
    const stranded = await api.reports.stranded();
    expect(stranded.hosts).toBeGreaterThan(400);
    for (const c of stranded.classes) expect(c.stranded).toBeLessThanOrEqual(c.free);
  });

  it("a viewer may read but not take a snapshot", async () => {
    const { createCaller } = await import("../../server/api/root");
    const { createTRPCContext } = await import("../../server/api/trpc");
    const viewer = createCaller(createTRPCContext({ db: t.db, user: "v", role: "viewer" }));
    await expect(viewer.reports.runway()).resolves.toBeDefined();
    await expect(viewer.reports.snapshot()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
