// Storage and networks in the model, against exhaustive search on tiny problems: the model's MILP reaches
// the brute-force optimum and its LP relaxation never exceeds it; the engine places as many copies as can
// be placed, on as few hosts; the reported (LP) lower bound never exceeds the fewest hosts any placement
// of the same copies needs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Assignment } from "../1-compile/batch";
import { compileBatch, emptyAssignment } from "../1-compile/batch";
import type { PlacementProblem, Provider } from "../../contract";
import { place } from "../../index";
import { expectedIds, verifyPlacement } from "../../verify";
import { lpLowerBound } from "../6-bound/bound";
import { glpkSolver } from "./glpk";
import { highsSolver } from "./highs";
import { buildPackModel } from "./model";
import type { PackModelInput } from "./model";

// Two empty hosts; pool p0 (room 30) reaches h0 only, pools p1 (room 20) and p2 (room 10) reach h1. Class
// "vol" (1 vCPU, 10 GB) may use p0 on h0 and p1 or p2 on h1; class "big" (1 vCPU, 20 GB) the same.
const input: PackModelInput = {
  dims: 2,
  hosts: [{ id: "h0", free: [3, 0], inUse: false }, { id: "h1", free: [4, 0], inUse: false }],
  providers: [{ id: "p0", free: [0, 30] }, { id: "p1", free: [0, 20] }, { id: "p2", free: [0, 10] }],
  classes: [
    { id: "vol", copies: 4, demand: [1, 0], candidates: [0, 1], group: -1, attached: [{ demand: [0, 10], eligible: [[0], [1, 2]] }] },
    { id: "big", copies: 2, demand: [1, 0], candidates: [0, 1], group: -1, attached: [{ demand: [0, 20], eligible: [[0], [1, 2]] }] },
  ],
  groupHostsTaken: new Map(),
  linking: true,
};

/** Exhaustive: new hosts + M per copy left out, every copy on a candidate host and an eligible provider. */
function bruteForceModel(): number {
  const M = input.hosts.length + 1;
  const hostFree = input.hosts.map((h) => Array.from(h.free));
  const provFree = input.providers!.map((p) => Array.from(p.free));
  const copies = input.classes.flatMap((c) => Array.from({ length: c.copies }, () => c));
  const count = input.hosts.map(() => 0);
  let best = Infinity;
  const go = (i: number, out: number) => {
    if (i === copies.length) {
      best = Math.min(best, count.filter((n, h) => n > 0 && !input.hosts[h]!.inUse).length + M * out);
      return;
    }
    const c = copies[i]!;
    go(i + 1, out + 1);
    c.candidates.forEach((h, k) => {
      if (hostFree[h]!.some((f, d) => f < (c.demand[d] ?? 0))) return;
      for (const p of c.attached![0]!.eligible[k]!) {
        const a = c.attached![0]!.demand;
        if (provFree[p]!.some((f, d) => f < (a[d] ?? 0))) continue;
        hostFree[h]!.forEach((_, d) => (hostFree[h]![d]! -= c.demand[d] ?? 0));
        provFree[p]!.forEach((_, d) => (provFree[p]![d]! -= a[d] ?? 0));
        count[h]!++;
        go(i + 1, out);
        count[h]!--;
        hostFree[h]!.forEach((_, d) => (hostFree[h]![d]! += c.demand[d] ?? 0));
        provFree[p]!.forEach((_, d) => (provFree[p]![d]! += a[d] ?? 0));
      }
    });
  };
  go(0, 0);
  return best;
}

describe("joint model: storage and networks with the host", () => {
  it("adds provider rows and a choice where several providers are eligible", () => {
    const m = buildPackModel(input);
    const names = m.rows.map((r) => r.name);
    expect(names).toContain("att0_1");
    expect(names).toContain("att1_1");
    expect(names).toContain("pick0_0_0");
    // h0's pool is its only provider: x is bounded by the pool's room (30 GB / 20 GB = 1 big copy).
    expect(m.vars[m.x[1]![0]!]!.ub).toBe(1);
    expect(m.choices.map((c) => [c.cls, c.providers])).toEqual([[0, [1, 2]], [1, [1, 2]]]);
  });

  it.each([glpkSolver, highsSolver])("$name: the MILP reaches the brute-force optimum, the LP no more", async (solver) => {
    const m = buildPackModel(input);
    const opt = bruteForceModel();
    const milp = await solver.solve(m, { relax: false, timeLimitMs: 10_000 });
    expect(milp.status).toBe("optimal");
    expect(milp.objective).toBeCloseTo(opt, 6);
    const lp = await solver.solve(m, { relax: true, timeLimitMs: 10_000 });
    expect(lp.objective).toBeLessThanOrEqual(opt + 1e-9);
    for (const r of m.rows) {
      const v = r.terms.reduce((s, [i, c]) => s + c * milp.values[i]!, 0);
      expect(v).toBeGreaterThanOrEqual(r.lb - 1e-6);
      expect(v).toBeLessThanOrEqual(r.ub + 1e-6);
    }
  });
});

describe("joint model: server groups over racks and zones", () => {
  // Four empty hosts of 4 vCPU in two racks (0: h0 h1, 1: h2 h3).
  const hosts = [0, 1, 2, 3].map((i) => ({ id: `h${i}`, free: [4], inUse: false }));
  const rackOf = [0, 0, 1, 1];

  it.each([glpkSolver, highsSolver])("$name: anti-affinity over racks puts at most one member per rack", async (solver) => {
    const m = buildPackModel({ dims: 1, hosts, linking: true, groupHostsTaken: new Map([[0, new Set<number>()]]),
      classes: [{ id: "a", copies: 3, demand: [1], candidates: [0, 1, 2, 3], group: 0, domains: rackOf }] });
    const sol = await solver.solve(m, { relax: false, timeLimitMs: 10_000 });
    const x = Array.from(m.x[0]!, (v) => Math.round(sol.values[v]!));
    expect(x[0]! + x[1]!).toBe(1);
    expect(x[2]! + x[3]!).toBe(1);
    expect(Math.round(sol.values[m.u[0]!]!)).toBe(1);
    // A rack that already holds a member is closed.
    const closed = buildPackModel({ dims: 1, hosts, linking: true, groupHostsTaken: new Map([[0, new Set([1])]]),
      classes: [{ id: "a", copies: 3, demand: [1], candidates: [0, 1, 2, 3], group: 0, domains: rackOf }] });
    expect([2, 3].map((k) => closed.vars[closed.x[0]![k]!]!.ub)).toEqual([0, 0]);
  });

  it.each([glpkSolver, highsSolver])("$name: an affinity group over racks stays in one rack, even split over two classes", async (solver) => {
    // Rack 1's hosts are in use with room for one copy each (free to use); rack 0's are empty. Without the
    // affinity rows the cheapest answer splits the group (two in rack 1, two on one new host in rack 0).
    const mixed = hosts.map((h, i) => (i < 2 ? h : { ...h, free: [2], inUse: true }));
    const m = buildPackModel({ dims: 1, hosts: mixed, linking: true, groupHostsTaken: new Map(),
      classes: [
        { id: "a", copies: 2, demand: [2], candidates: [0, 1, 2, 3], group: -1, affinity: { group: 0, domains: rackOf } },
        { id: "b", copies: 2, demand: [2], candidates: [0, 1, 2, 3], group: -1, affinity: { group: 0, domains: rackOf } },
      ] });
    const sol = await solver.solve(m, { relax: false, timeLimitMs: 10_000 });
    const per = [0, 1].map((r) => [0, 1].reduce((n, ci) => n + Array.from(m.x[ci]!).reduce((s, v, k) => s + (rackOf[k] === r ? Math.round(sol.values[v]!) : 0), 0), 0));
    expect(per).toEqual([4, 0]);
  });
});

// Tiny problems where storage and networks bind: hosts in two aggregates, small pools and subnets.
type Tiny = {
  hosts: { vcpu: number; aggs: readonly string[]; used: number }[];
  pools: { gb: number; aggs: readonly string[]; ssd: boolean }[];
  nets: { ips: number; aggs: readonly string[] }[];
  reqs: { vcpu: number; count: number; gb: number; ssd: boolean; port: boolean }[];
};

const aggsArb = fc.constantFrom(["a"], ["b"], ["a", "b"]);
const tinyArb: fc.Arbitrary<Tiny> = fc.record({
  hosts: fc.array(fc.record({ vcpu: fc.integer({ min: 2, max: 6 }), aggs: aggsArb, used: fc.constantFrom(0, 0, 1) }), { minLength: 1, maxLength: 3 }),
  pools: fc.array(fc.record({ gb: fc.integer({ min: 1, max: 5 }).map((n) => n * 10), aggs: aggsArb, ssd: fc.boolean() }), { minLength: 1, maxLength: 2 }),
  nets: fc.array(fc.record({ ips: fc.integer({ min: 1, max: 3 }), aggs: aggsArb }), { maxLength: 1 }),
  reqs: fc.array(fc.record({ vcpu: fc.integer({ min: 1, max: 3 }), count: fc.integer({ min: 1, max: 2 }), gb: fc.constantFrom(10, 20), ssd: fc.boolean(), port: fc.boolean() }),
    { minLength: 1, maxLength: 3 }),
}).filter((t) => t.reqs.reduce((n, r) => n + r.count, 0) <= 5);

function toProblem(t: Tiny): PlacementProblem {
  const providers: Provider[] = [
    ...t.hosts.map((h, i): Provider => ({ id: `h${i}`, kind: "host", aggregates: [...h.aggs], inventory: { VCPU: { total: h.vcpu } },
      ...(h.used > 0 ? { used: { VCPU: h.used } } : {}) })),
    ...t.pools.map((p, i): Provider => ({ id: `s${i}`, kind: "storage", aggregates: [...p.aggs], traits: p.ssd ? ["STORAGE_DISK_SSD"] : [], inventory: { VOLUME_GB: { total: p.gb } } })),
    ...t.nets.map((n, i): Provider => ({ id: `n${i}`, kind: "network", aggregates: [...n.aggs], inventory: { IPV4_ADDRESS: { total: n.ips } } })),
  ];
  const requests = t.reqs.map((r, i) => ({
    id: `r${i}`, ...(r.count > 1 ? { count: r.count } : {}), compute: { resources: { VCPU: r.vcpu } },
    storage: [{ resources: { VOLUME_GB: r.gb }, ...(r.ssd ? { requiredTraits: ["STORAGE_DISK_SSD"] } : {}) }],
    ...(r.port && t.nets.length > 0 ? { network: [{ resources: { IPV4_ADDRESS: 1 } }] } : {}),
  }));
  return { providers, requests };
}

/**
 * Every assignment of copies to (host, pool, network) or nowhere, by the contract's rules alone. Returns the
 * fewest hosts in use (pre-used count) per vector of copies placed per request, keyed "n0,n1,...".
 */
function bruteForce(t: Tiny): Map<string, number> {
  const hostUse = t.hosts.map((h) => h.used);
  const poolUse = t.pools.map(() => 0);
  const netUse = t.nets.map(() => 0);
  const load = t.hosts.map(() => 0);
  const shares = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));
  const copies = t.reqs.flatMap((r, i) => Array.from({ length: r.count }, () => i));
  const placed = t.reqs.map(() => 0);
  const best = new Map<string, number>();
  const go = (i: number) => {
    if (i === copies.length) {
      const key = placed.join(",");
      const hosts = t.hosts.filter((h, k) => h.used > 0 || load[k]! > 0).length;
      best.set(key, Math.min(best.get(key) ?? Infinity, hosts));
      return;
    }
    go(i + 1);
    const r = t.reqs[copies[i]!]!;
    const port = r.port && t.nets.length > 0;
    t.hosts.forEach((h, k) => {
      if (hostUse[k]! + r.vcpu > h.vcpu) return;
      t.pools.forEach((p, s) => {
        if ((r.ssd && !p.ssd) || !shares(p.aggs, h.aggs) || poolUse[s]! + r.gb > p.gb) return;
        const nets = port ? t.nets.map((_, n) => n).filter((n) => shares(t.nets[n]!.aggs, h.aggs) && netUse[n]! + 1 <= t.nets[n]!.ips) : [-1];
        for (const n of nets) {
          hostUse[k]! += r.vcpu; poolUse[s]! += r.gb; load[k]!++; placed[copies[i]!]!++;
          if (n >= 0) netUse[n]!++;
          go(i + 1);
          hostUse[k]! -= r.vcpu; poolUse[s]! -= r.gb; load[k]!--; placed[copies[i]!]!--;
          if (n >= 0) netUse[n]!--;
        }
      });
    });
  };
  go(0);
  return best;
}

const placedPerRequest = (t: Tiny, ids: string[]) => t.reqs.map((_, i) => ids.filter((id) => id === `r${i}` || id.startsWith(`r${i}#`)).length).join(",");

describe("engine on storage- and network-bound tiny problems", () => {
  // No clock: budgets run on the virtual clock and a MILP gets the whole limit (wall time cannot cut it
  // short under load); auto then takes the LP relaxation, rounding and repair, which must still place
  // as many copies as can be placed, and use the fewest hosts for the copies it placed.
  it.each(["auto", "glpk", "highs"] as const)("places the most copies on the fewest hosts, and its bound is a bound (%s)", async (solver) => {
    await fc.assert(fc.asyncProperty(tinyArb, async (tiny) => {
      const problem = toProblem(tiny);
      const result = await place(problem, { solver });
      expect(verifyPlacement(problem, result)).toEqual([]);
      const best = bruteForce(tiny);
      const most = Math.max(...[...best.keys()].map((k) => k.split(",").reduce((n, x) => n + Number(x), 0)));
      expect(result.placements.length).toBe(most);
      const key = placedPerRequest(tiny, result.placements.map((p) => p.request));
      const opt = best.get(key)!;
      expect(opt).toBeDefined();
      // The MILP is exact; the LP path (rounding, repair, search) may pick another subset of copies when not all fit.
      const fewest = Math.min(...[...best].filter(([k]) => k.split(",").reduce((n, x) => n + Number(x), 0) === most).map(([, v]) => v));
      if (solver !== "auto") expect(result.stats.hostsUsed).toBe(fewest);
      else expect(result.stats.hostsUsed).toBe(opt);
      if (result.stats.lowerBound !== null) expect(result.stats.lowerBound).toBeLessThanOrEqual(opt);
    }), { numRuns: 60, seed: 31 });
  });

  it("the LP bound, given any placeable copies, never exceeds the fewest hosts that place them", async () => {
    await fc.assert(fc.asyncProperty(tinyArb, async (tiny) => {
      const problem = toProblem(tiny);
      const batch = compileBatch(problem);
      const best = bruteForce(tiny);
      for (const [key, opt] of best) {
        const want = key.split(",").map(Number);
        // Mark that many copies of each request placed (the bound reads only how many per class).
        const assignment: Assignment = emptyAssignment(batch);
        problem.requests.forEach((r, i) => {
          const ids = expectedIds(r).slice(0, want[i]!);
          const cls = batch.classes.find((c) => ids.every((id) => c.ids.includes(id)))!;
          for (const id of ids) assignment[cls.index]![cls.ids.indexOf(id)] = Int32Array.of(0);
        });
        for (const solver of [glpkSolver, highsSolver]) {
          const lb = await lpLowerBound(batch, assignment, solver, 10_000);
          if (lb !== null) expect(lb).toBeLessThanOrEqual(opt);
        }
      }
    }), { numRuns: 40, seed: 37 });
  });

  it("the bound sees a full pool: copies that must use the other pool's hosts need two hosts, not one", async () => {
    const problem: PlacementProblem = {
      providers: [
        { id: "a1", kind: "host", aggregates: ["a"], inventory: { VCPU: { total: 4 } } },
        { id: "b1", kind: "host", aggregates: ["b"], inventory: { VCPU: { total: 2 } } },
        { id: "b2", kind: "host", aggregates: ["b"], inventory: { VCPU: { total: 2 } } },
        { id: "pa", kind: "storage", aggregates: ["a"], inventory: { VOLUME_GB: { total: 100 } }, used: { VOLUME_GB: 95 } },
        { id: "pb", kind: "storage", aggregates: ["b"], inventory: { VOLUME_GB: { total: 100 } } },
      ],
      requests: [{ id: "vm", count: 2, compute: { resources: { VCPU: 2 } }, storage: [{ resources: { VOLUME_GB: 10 } }] }],
    };
    let t = 0;
    const result = await place(problem, { clock: () => (t += 1) });
    expect(verifyPlacement(problem, result)).toEqual([]);
    expect(result.placements).toHaveLength(2);
    expect(result.stats.hostsUsed).toBe(2);
    const batch = compileBatch(problem);
    const all: Assignment = batch.classes.map((c) => c.ids.map(() => Int32Array.of(0)));
    expect(await lpLowerBound(batch, all, glpkSolver, 10_000)).toBe(2);
  });
});
