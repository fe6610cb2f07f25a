import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { problemArb } from "../testing/problems";
import { compileCluster } from "../stages/1-compile/cluster";
import type { Provider } from "../contract";
import type { FilterContext } from "../stages/2-filter/plugins/types";
import { prepareRequest } from "../stages/1-compile/prepared";
import { compileRequest, compileServerGroups } from "../stages/1-compile/request";
import { PlacementState } from "../stages/1-compile/state";
import { normalizeScores } from "./normalize";
import { makeScorer, scorePlugins } from "./registry";
import { weights } from "./weights";

const providers: Provider[] = [
  { id: "empty", kind: "host", inventory: { VCPU: { total: 8 }, MEMORY_MB: { total: 8192 } } },
  { id: "half", kind: "host", inventory: { VCPU: { total: 8 }, MEMORY_MB: { total: 8192 } }, used: { VCPU: 4, MEMORY_MB: 4096 } },
  { id: "skewed", kind: "host", inventory: { VCPU: { total: 8 }, MEMORY_MB: { total: 8192 } }, used: { VCPU: 7, MEMORY_MB: 0 } },
];
const cluster = compileCluster(providers);
const ctx: FilterContext = { cluster, state: new PlacementState(cluster, 0) };
const req = prepareRequest(cluster, compileRequest(cluster, { compute: { resources: { VCPU: 1, MEMORY_MB: 1024 } } }, compileServerGroups()));
const best = (objective: "pack" | "spread" | "balance") => {
  const score = makeScorer(objective);
  return providers.map((p, h) => [p.id, score(ctx, req, h)] as const).sort((a, b) => b[1] - a[1])[0]![0];
};

describe("score plugins", () => {
  it.each(scorePlugins.map((p) => [p.name, p] as const))("%s stays in [0, 1]", (_n, plugin) => {
    for (let h = 0; h < providers.length; h++) {
      const s = plugin.score(ctx, req, h);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it.each([["pack", "half"], ["spread", "empty"], ["balance", "empty"]] as const)("%s prefers %s", (objective, host) => {
    expect(best(objective)).toBe(host);
  });

  it("weights name only known plugins", () => {
    for (const row of Object.values(weights)) for (const name of Object.keys(row)) expect(scorePlugins.map((p) => p.name)).toContain(name);
    expect(() => makeScorer("pack", { ...weights, pack: { nope: 1 } })).toThrow(/unknown score plugin/);
  });

  it("normalises to [0, 1] and maps all-equal to 1", () => {
    expect(Array.from(normalizeScores(Float64Array.from([2, 4, 3])))).toEqual([0, 1, 0.5]);
    expect(Array.from(normalizeScores(Float64Array.from([5, 5])))).toEqual([1, 1]);
  });

  it.each(["pack", "spread", "balance"] as const)("%s: pruning against a threshold never hides a host that beats it", (objective) => {
    const score = makeScorer(objective);
    for (let h = 0; h < providers.length; h++) {
      const exact = score(ctx, req, h);
      for (const beat of [-Infinity, exact - 0.5, exact - 1e-9, exact + 1e-9, exact + 0.5, exact + 20]) {
        const pruned = score(ctx, req, h, beat);
        if (pruned === -Infinity) expect(exact).toBeLessThan(beat);
        else expect(pruned).toBe(exact);
      }
    }
  });
});

describe("makeScorer(...).forRequest", () => {
  it("gives the scorer's value to the last bit, for every objective, request and host, with use on the hosts", () => {
    fc.assert(fc.property(problemArb(), fc.constantFrom("pack", "spread", "balance") as fc.Arbitrary<"pack" | "spread" | "balance">, (problem, objective) => {
      const cluster = compileCluster(problem.providers);
      const groups = compileServerGroups(problem.serverGroups);
      const state = new PlacementState(cluster, groups.size);
      const ctx: FilterContext = { cluster, state };
      const score = makeScorer(objective);
      for (const r of problem.requests) {
        const prep = prepareRequest(cluster, compileRequest(cluster, r, groups));
        const fast = score.forRequest(prep);
        for (const h of cluster.hosts) expect(fast(ctx, h)).toBe(score(ctx, prep, h));
        // Place one copy where it fits, so later requests are scored against use and group members.
        for (const h of cluster.hosts) if (state.tryPlace(prep, h) !== null) break;
      }
    }), { numRuns: 150, seed: 3 });
  });
});
