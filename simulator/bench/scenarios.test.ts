import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/validate";
import { simulate } from "../simulate";
import { mixedDay } from "./simulator";
import { peakSaleDay, worldcupWeek } from "./scenarios";

// The benchmark's scenarios are scenarios like any other: they must pass the same checks, and a
// short, small version of each must run and keep the books.
describe("bench scenarios", () => {
  it.each([
    ["mixed day", mixedDay(100)],
    ["peak sale day", peakSaleDay({ hosts: 200, services: 12 })],
  ] as const)("%s passes the scenario checks and keeps the books over six hours", async (_name, full) => {
    const scenario = { ...full, durationSeconds: 6 * 3600 };
    const parsed = parseScenario(JSON.parse(JSON.stringify(scenario)), {});
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    const s = await simulate(scenario, { seed: 3 });
    expect(s.placements.placed + s.placements.rejected).toBe(s.placements.requested);
    // Against the scenario, not the service's own books: never more served than offered, nor more than its
    // peak instance count could serve for the whole run.
    for (const svc of s.services) {
      const spec = scenario.services!.find((x) => x.id === svc.id)!;
      expect(svc.servedRequests).toBeLessThanOrEqual(svc.offeredRequests);
      expect(svc.servedRequests).toBeLessThanOrEqual(svc.peakInstances * spec.rpsPerInstance * scenario.durationSeconds);
    }
    expect(s.events).toBeGreaterThan(1000);
    for (const u of Object.values(s.utilization.peak)) expect(u).toBeLessThanOrEqual(1);
  });

  it("the peak sale day puts a third of its services through the sale and the rest on the daily curve", () => {
    const s = peakSaleDay({ hosts: 2000, services: 40 });
    const profiles = s.services!.map((x) => ("profile" in x.load ? x.load.profile : "trace"));
    expect(profiles.filter((p) => p === "peak-sale")).toHaveLength(Math.ceil(40 / 3)); // services 1, 4, 7, ...: i % 3 === 0
    expect(profiles.filter((p) => p === "diurnal")).toHaveLength(40 - Math.ceil(40 / 3));
    expect(s.providers).toHaveLength(2000);
  });

  it("the World Cup week names its traces by the paths in data/", () => {
    const s = worldcupWeek({ hosts: 40, days: 1, churnPerHour: 10 });
    const refs = [...s.services!.map((x) => x.load), ...s.churn!.map((c) => c.arrivalsPerHour)].flatMap((r) => (typeof r === "object" && "trace" in r ? [r.trace] : []));
    expect(refs.sort()).toEqual(["traces/alibaba2018-datacenter-usage-300s.csv", "traces/worldcup98-requests-per-minute.csv"]);
  });
});
