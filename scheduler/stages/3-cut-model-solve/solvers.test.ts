import { describe, expect, it } from "vitest";
import { glpkSolver } from "./glpk";
import { highsSolver, toCplexLp } from "./highs";
import { buildPackModel } from "./model";
import type { PackModelInput } from "./model";
import { getSolver, place } from "../../index";
import { generateProblem } from "../../testing/generate";
import { verifyPlacement } from "../../verify";
import type { Model, SolverPort } from "../../index";

// A host in use with 2 vCPU free and two empty hosts of 4; three 2-vCPU copies, one 3-vCPU copy and an
// anti-affinity class of two 1-vCPU copies that may not use h0. Demand (11) exceeds room (10): one copy stays out.
const input: PackModelInput = {
  dims: 1,
  hosts: [{ id: "h0", free: [2], inUse: true }, { id: "h1", free: [4], inUse: false }, { id: "h2", free: [4], inUse: false }],
  classes: [
    { id: "small", copies: 3, demand: [2], candidates: [0, 1, 2], group: -1 },
    { id: "big", copies: 1, demand: [3], candidates: [1, 2], group: -1 },
    { id: "anti", copies: 2, demand: [1], candidates: [0, 1, 2], group: 0 },
  ],
  groupHostsTaken: new Map([[0, new Set([0])]]),
  linking: true,
};

/** Brute force over the tiny model's objective: new hosts + M per copy left out (computed, not typed in). */
function bruteForce(): number {
  const M = input.hosts.length + 1;
  let best = Infinity;
  const free = input.hosts.map((h) => h.free[0]!);
  const copies = input.classes.flatMap((c) => Array.from({ length: c.copies }, () => c));
  const anti = new Set<number>();
  const go = (i: number, used: Set<number>, out = 0) => {
    if (i === copies.length) {
      best = Math.min(best, [...used].filter((h) => !input.hosts[h]!.inUse).length + M * out);
      return;
    }
    const c = copies[i]!;
    go(i + 1, used, out + 1);
    for (const h of c.candidates) {
      if (free[h]! < c.demand[0]! || (c.group === 0 && (anti.has(h) || input.groupHostsTaken.get(0)!.has(h)))) continue;
      free[h]! -= c.demand[0]!;
      if (c.group === 0) anti.add(h);
      go(i + 1, new Set([...used, h]), out);
      free[h]! += c.demand[0]!;
      if (c.group === 0) anti.delete(h);
    }
  };
  go(0, new Set());
  return best;
}

describe("pack model", () => {
  it("is plain data with the rows and variables the formulation names", () => {
    const m = buildPackModel(input);
    expect(m.vars.map((v) => `${v.name}:${v.type}[${v.lb},${v.ub}]c${v.cost}`)).toMatchSnapshot();
    expect(m.rows.map((r) => `${r.name}: ${r.terms.map(([v, c]) => `${c}*${m.vars[v]!.name}`).join(" + ")} in [${r.lb}, ${r.ub}]`)).toMatchSnapshot();
  });

  it("writes CPLEX LP text", () => {
    const text = toCplexLp(buildPackModel(input), false);
    expect(text).toMatch(/^Minimize\n obj: /);
    expect(text).toContain("Subject To");
    expect(text).toContain("General");
    expect(text.trimEnd().endsWith("End")).toBe(true);
  });

  it.each([glpkSolver, highsSolver])("$name solves the MILP to the brute-force optimum and the LP to no more", async (solver) => {
    const m = buildPackModel(input);
    const opt = bruteForce();
    const milp = await solver.solve(m, { relax: false, timeLimitMs: 10_000 });
    expect(milp.status).toBe("optimal");
    expect(milp.objective).toBeCloseTo(opt, 6);
    const lp = await solver.solve(m, { relax: true, timeLimitMs: 10_000 });
    expect(lp.status).toBe("optimal");
    expect(lp.objective).toBeLessThanOrEqual(opt + 1e-9);
    // The MILP point satisfies every row.
    for (const r of m.rows) {
      const v = r.terms.reduce((s, [i, c]) => s + c * milp.values[i]!, 0);
      expect(v).toBeGreaterThanOrEqual(r.lb - 1e-6);
      expect(v).toBeLessThanOrEqual(r.ub + 1e-6);
    }
  });
});

describe("getSolver (the port for other parts of the product)", () => {
  // A hand-written purchase-like MILP: buy integer counts of two host models (cost 3 and 5, 4 and 7 vCPU,
  // 8 and 16 GiB) to cover 30 vCPU and 70 GiB; the optimum is found by enumeration, not typed in.
  const model: Model = {
    name: "purchase", sense: "min",
    vars: [{ name: "a", lb: 0, ub: 20, type: "integer", cost: 3 }, { name: "b", lb: 0, ub: 20, type: "integer", cost: 5 }],
    rows: [{ name: "vcpu", terms: [[0, 4], [1, 7]], lb: 30, ub: Infinity }, { name: "ram", terms: [[0, 8], [1, 16]], lb: 70, ub: Infinity }],
  };
  let best = Infinity;
  for (let a = 0; a <= 20; a++) for (let b = 0; b <= 20; b++) if (4 * a + 7 * b >= 30 && 8 * a + 16 * b >= 70) best = Math.min(best, 3 * a + 5 * b);

  it.each(["glpk", "highs"] as const)("%s answers a model built outside the engine", async (name) => {
    const solver: SolverPort = getSolver(name);
    expect(solver.name).toBe(name);
    const out = await solver.solve(model, { relax: false, timeLimitMs: 10_000 });
    expect(out.status).toBe("optimal");
    expect(out.objective).toBeCloseTo(best, 6);
    expect(3 * out.values[0]! + 5 * out.values[1]!).toBeCloseTo(best, 6);
  });

  it("refuses an unknown name", () => {
    expect(() => getSolver("cplex" as "glpk")).toThrow(/unknown solver cplex/);
  });
});

describe("place() with a solver port of the caller's", () => {
  /** The real glpk adapter behind a wrapper that counts its calls and the models it saw. */
  function counting() {
    const seen: string[] = [];
    const port: SolverPort = { name: "glpk", solve: (m, o) => (seen.push(m.name), glpkSolver.solve(m, o)) };
    return { port, seen };
  }

  it("solves the pack model with it (the LP relaxation on the virtual clock)", async () => {
    const problem = generateProblem({ hosts: 40, requests: 200, seed: 3 });
    const { port, seen } = counting();
    const result = await place(problem, { solver: port });
    expect(verifyPlacement(problem, result)).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toContain("pack");
    // The same answer as the engine's own glpk: the port was the solver, nothing else solved beside it.
    expect(result).toEqual(await place(problem, { solver: "glpk" }));
  });

  it("solves the spread MILP with it, and an answer the port refuses leaves the greedy construction", async () => {
    const problem = generateProblem({ hosts: 8, requests: 24, seed: 2, objective: "spread" });
    const { port, seen } = counting();
    const result = await place(problem, { solver: port, clock: () => 0 });
    expect(verifyPlacement(problem, result)).toEqual([]);
    expect(seen).toContain("spread");
    expect(result.stats.solver).toContain("glpk-milp");
    const refusing: SolverPort = { name: "glpk", solve: async (m) => (seen.push(`refused ${m.name}`), { status: "no-solution", objective: NaN, values: new Float64Array(m.vars.length) }) };
    const fallback = await place(problem, { solver: refusing, clock: () => 0 });
    expect(seen).toContain("refused spread");
    expect(fallback.stats.solver).not.toContain("glpk");
    expect(verifyPlacement(problem, fallback)).toEqual([]);
  });
});
