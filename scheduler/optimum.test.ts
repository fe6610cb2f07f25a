// Tiny pack instances against the exact optimum found by brute force: the engine must place as many
// requests as possible and, among such placements, use the fewest hosts; its lower bound must never
// exceed the optimum (it is a proof, not an estimate).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlacementProblem, Provider } from "./contract";
import { place } from "./index";
import { verifyPlacement } from "./verify";

type Tiny = { hosts: { vcpu: number; mem: number; used: number }[]; items: { vcpu: number; mem: number }[]; anti: boolean };

const tinyArb: fc.Arbitrary<Tiny> = fc.record({
  hosts: fc.array(fc.record({ vcpu: fc.integer({ min: 2, max: 10 }), mem: fc.integer({ min: 2, max: 10 }), used: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 4 }),
  items: fc.array(fc.record({ vcpu: fc.integer({ min: 1, max: 6 }), mem: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 6 }),
  anti: fc.boolean(),
});

function toProblem(t: Tiny): PlacementProblem {
  const providers: Provider[] = t.hosts.map((h, i) => ({
    id: `h${i}`, kind: "host", inventory: { VCPU: { total: h.vcpu }, MEMORY_MB: { total: h.mem } }, ...(h.used > 0 ? { used: { VCPU: Math.min(h.used, h.vcpu) } } : {}),
  }));
  // With `anti`, the first two items form a host anti-affinity group.
  return {
    providers,
    requests: t.items.map((it, i) => ({ id: `r${i}`, compute: { resources: { VCPU: it.vcpu, MEMORY_MB: it.mem } }, ...(t.anti && i < 2 ? { serverGroup: "g" } : {}) })),
    serverGroups: t.anti ? [{ id: "g", policy: "anti-affinity" }] : [],
  };
}

/** Most items placed, then fewest hosts in use (pre-used hosts count), over every assignment. */
function bruteForce(t: Tiny): { placed: number; hosts: number } {
  const H = t.hosts.length;
  const vcpu = t.hosts.map((h) => Math.min(h.used, h.vcpu));
  const mem = t.hosts.map(() => 0);
  const count = t.hosts.map(() => 0);
  let best = { placed: -1, hosts: Infinity };
  const go = (i: number, placed: number, groupHosts: number[]) => {
    if (i === t.items.length) {
      const hosts = t.hosts.filter((h, k) => h.used > 0 || count[k]! > 0).length;
      if (placed > best.placed || (placed === best.placed && hosts < best.hosts)) best = { placed, hosts };
      return;
    }
    const it = t.items[i]!;
    for (let k = 0; k < H; k++) {
      if (vcpu[k]! + it.vcpu > t.hosts[k]!.vcpu || mem[k]! + it.mem > t.hosts[k]!.mem) continue;
      if (t.anti && i < 2 && groupHosts.includes(k)) continue;
      vcpu[k]! += it.vcpu; mem[k]! += it.mem; count[k]! += 1;
      go(i + 1, placed + 1, t.anti && i < 2 ? [...groupHosts, k] : groupHosts);
      vcpu[k]! -= it.vcpu; mem[k]! -= it.mem; count[k]! -= 1;
    }
    go(i + 1, placed, groupHosts);
  };
  go(0, 0, []);
  return best;
}

describe("pack against brute force", () => {
  it.each(["auto", "glpk", "highs"] as const)("finds the optimum on tiny instances (%s)", async (solver) => {
    let t = 0;
    await fc.assert(fc.asyncProperty(tinyArb, async (tiny) => {
      const problem = toProblem(tiny);
      const result = await place(problem, { solver, clock: () => (t += 1) });
      expect(verifyPlacement(problem, result)).toEqual([]);
      const opt = bruteForce(tiny);
      expect(result.placements.length).toBe(opt.placed);
      expect(result.stats.hostsUsed).toBe(opt.hosts);
      if (result.stats.lowerBound !== null) expect(result.stats.lowerBound).toBeLessThanOrEqual(opt.hosts);
    }), { numRuns: 80, seed: 23 });
  });

  it("spread: the MILP reaches the lowest peak utilisation (within 1%) on tiny instances", async () => {
    let t = 0;
    await fc.assert(fc.asyncProperty(tinyArb, async (tiny) => {
      const problem = { ...toProblem({ ...tiny, anti: false }), policy: { objective: "spread" as const } };
      const result = await place(problem, { clock: () => (t += 1) });
      expect(verifyPlacement(problem, result)).toEqual([]);
      const opt = bruteForceSpread(tiny);
      expect(result.placements.length).toBe(opt.placed);
      const peak = peakOf(tiny, result.placements.map((p) => [Number(p.request.slice(1)), Number(p.allocations[0]!.provider.slice(1))]));
      expect(peak).toBeLessThanOrEqual(opt.peak * 1.01 + 1e-9);
    }), { numRuns: 60, seed: 29 });
  });
});

/** Peak utilisation over hosts and both classes for items [item, host] (existing VCPU use counts). */
function peakOf(t: Tiny, placed: [number, number][]): number {
  const vcpu = t.hosts.map((h) => Math.min(h.used, h.vcpu));
  const mem = t.hosts.map(() => 0);
  for (const [i, h] of placed) {
    vcpu[h]! += t.items[i]!.vcpu;
    mem[h]! += t.items[i]!.mem;
  }
  return Math.max(...t.hosts.map((h, k) => Math.max(vcpu[k]! / h.vcpu, mem[k]! / h.mem)));
}

/** Most items placed, then the lowest peak utilisation, over every assignment. */
function bruteForceSpread(t: Tiny): { placed: number; peak: number } {
  let best = { placed: -1, peak: Infinity };
  const assign: [number, number][] = [];
  const vcpu = t.hosts.map((h) => Math.min(h.used, h.vcpu));
  const mem = t.hosts.map(() => 0);
  const go = (i: number) => {
    if (i === t.items.length) {
      const peak = peakOf(t, assign);
      if (assign.length > best.placed || (assign.length === best.placed && peak < best.peak)) best = { placed: assign.length, peak };
      return;
    }
    const it = t.items[i]!;
    t.hosts.forEach((h, k) => {
      if (vcpu[k]! + it.vcpu > h.vcpu || mem[k]! + it.mem > h.mem) return;
      vcpu[k]! += it.vcpu; mem[k]! += it.mem; assign.push([i, k]);
      go(i + 1);
      vcpu[k]! -= it.vcpu; mem[k]! -= it.mem; assign.pop();
    });
    go(i + 1);
  };
  go(0);
  return best;
}
