import { describe, expect, it } from "vitest";
import { generateRegionProblem } from "../testing/region";
import { novaStack, placeOneByOne } from "./region";

const tick = () => {
  let t = 0;
  return () => (t += 1);
};

describe("region case", () => {
  // The engine's quality at this scale is measured by `headroom bench placement` (a real clock, 10 s): on the
  // virtual clock the packing search's readings cost milliseconds each on batches like this one.
  const problem = generateRegionProblem({ hosts: 200, requests: 1500, antiAffinityGroups: 12, seed: 3, timeLimitMs: 60 });
  const hosts = problem.providers.filter((p) => p.kind === "host");

  it("is built as specified: racks of 20, the used share, volume and port together, the groups", () => {
    expect(new Set(hosts.map((h) => h.rack)).size).toBe(Math.ceil(hosts.length / 20));
    const used = hosts.filter((h) => h.used !== undefined).length / hosts.length;
    expect(Math.abs(used - 0.6)).toBeLessThan(0.08);
    const copies = problem.requests.reduce((n, r) => n + (r.count ?? 1), 0);
    expect(copies).toBe(1500);
    for (const r of problem.requests) expect(r.storage === undefined).toBe(r.network === undefined);
    expect(problem.serverGroups).toHaveLength(12);
    expect(problem.serverGroups!.every((g) => g.policy === "anti-affinity")).toBe(true);
  });

  it("one at a time on the online index: every host with existing use counts as used, new hosts are the rest", () => {
    const out = placeOneByOne(problem, tick(), { weights: novaStack });
    expect(out.placed).toBeLessThanOrEqual(1500);
    const preUsed = hosts.filter((h) => Object.values(h.used ?? {}).some((v) => v > 0)).length;
    expect(out.hostsUsed - out.newHostsUsed).toBe(preUsed);
  });
});
