// The only importer of glpk.js (v5, the synchronous Node build). The WASM module loads once and is reused.
import type { GLPK, LP } from "glpk.js/node";
import type { Model } from "./model";
import type { Solution, SolveOptions, SolverPort } from "./port";

let instance: Promise<GLPK> | undefined;
let ready = false;

function load(): Promise<GLPK> {
  instance ??= import("glpk.js/node").then((m) => m.default()).then((x) => ((ready = true), x));
  return instance;
}

function bounds(glpk: GLPK, lb: number, ub: number): { type: number; lb: number; ub: number } {
  const lo = Number.isFinite(lb);
  const hi = Number.isFinite(ub);
  if (lo && hi) return lb === ub ? { type: glpk.GLP_FX, lb, ub } : { type: glpk.GLP_DB, lb, ub };
  if (lo) return { type: glpk.GLP_LO, lb, ub: 0 };
  if (hi) return { type: glpk.GLP_UP, lb: 0, ub };
  return { type: glpk.GLP_FR, lb: 0, ub: 0 };
}

export function toGlpk(glpk: GLPK, model: Model, relax: boolean): LP {
  return {
    name: model.name,
    objective: { direction: glpk.GLP_MIN, name: "obj", vars: model.vars.map((v) => ({ name: v.name, coef: v.cost })) },
    subjectTo: model.rows.map((r) => ({ name: r.name, vars: r.terms.map(([v, coef]) => ({ name: model.vars[v]!.name, coef })), bnds: bounds(glpk, r.lb, r.ub) })),
    bounds: model.vars.map((v) => ({ name: v.name, ...bounds(glpk, v.lb, v.ub) })),
    generals: relax ? [] : model.vars.filter((v) => v.type === "integer").map((v) => v.name),
    binaries: relax ? [] : model.vars.filter((v) => v.type === "binary").map((v) => v.name),
  };
}

export const glpkSolver: SolverPort = {
  name: "glpk",
  loaded: () => ready,
  async load() {
    await load();
  },
  async solve(model: Model, options: SolveOptions): Promise<Solution> {
    const glpk = await load();
    const out = glpk.solve(toGlpk(glpk, model, options.relax), {
      msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: Math.max(0.01, options.timeLimitMs / 1000), mipgap: options.mipGap ?? 0,
    });
    const s = out.result.status;
    const status = s === glpk.GLP_OPT ? "optimal" : s === glpk.GLP_FEAS ? "feasible" : s === glpk.GLP_NOFEAS || s === glpk.GLP_INFEAS ? "infeasible" : "no-solution";
    const values = Float64Array.from(model.vars, (v) => out.result.vars[v.name] ?? 0);
    return { status, objective: status === "optimal" || status === "feasible" ? out.result.z : NaN, values };
  },
};
