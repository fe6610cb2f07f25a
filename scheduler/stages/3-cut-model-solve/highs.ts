// The only importer of highs (HiGHS compiled to WebAssembly). Models go in as CPLEX LP text; the module
// loads once and is reused.
import type { Highs } from "highs";
import type { Model } from "./model";
import type { Solution, SolveOptions, SolverPort } from "./port";

let instance: Promise<Highs> | undefined;
let ready = false;

function load(): Promise<Highs> {
  instance ??= import("highs").then((m) => m.default()).then((x) => ((ready = true), x));
  return instance;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(15).replace(/\.?0+$/, ""));

function expr(terms: [string, number][]): string {
  if (terms.length === 0) return "0 x__zero";
  const parts = terms.map(([name, c], i) => `${c < 0 ? "-" : i === 0 ? "" : "+"} ${num(Math.abs(c))} ${name}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 8) lines.push(parts.slice(i, i + 8).join(" "));
  return lines.join("\n   ");
}

/** CPLEX LP text of a model (ranged rows become two rows). */
export function toCplexLp(model: Model, relax: boolean): string {
  const out: string[] = ["Minimize", ` obj: ${expr(model.vars.filter((v) => v.cost !== 0).map((v) => [v.name, v.cost]))}`, "Subject To"];
  for (const r of model.rows) {
    const e = expr(r.terms.map(([v, c]) => [model.vars[v]!.name, c]));
    if (r.lb === r.ub) out.push(` ${r.name}: ${e} = ${num(r.ub)}`);
    else {
      if (Number.isFinite(r.ub)) out.push(` ${r.name}: ${e} <= ${num(r.ub)}`);
      if (Number.isFinite(r.lb)) out.push(` ${r.name}_lo: ${e} >= ${num(r.lb)}`);
    }
  }
  out.push("Bounds");
  for (const v of model.vars) {
    const lb = Number.isFinite(v.lb) ? num(v.lb) : "-inf";
    const ub = Number.isFinite(v.ub) ? num(v.ub) : "+inf";
    out.push(` ${lb} <= ${v.name} <= ${ub}`);
  }
  if (model.vars.every((v) => v.cost === 0) || model.rows.length === 0) out.push(" x__zero = 0");
  if (!relax) {
    const ints = model.vars.filter((v) => v.type !== "continuous").map((v) => v.name);
    if (ints.length > 0) out.push("General", ...ints.map((n) => ` ${n}`));
  }
  out.push("End");
  return out.join("\n");
}

export const highsSolver: SolverPort = {
  name: "highs",
  loaded: () => ready,
  async load() {
    await load();
  },
  async solve(model: Model, options: SolveOptions): Promise<Solution> {
    const highs = await load();
    const out = highs.solve(toCplexLp(model, options.relax), {
      time_limit: Math.max(0.01, options.timeLimitMs / 1000), mip_rel_gap: options.mipGap ?? 1e-4, output_flag: false, presolve: "on",
    } as Parameters<Highs["solve"]>[1]);
    const cols = out.Columns as Record<string, { Primal?: number }>;
    const values = Float64Array.from(model.vars, (v) => cols[v.name]?.Primal ?? 0);
    const hasPoint = Object.keys(cols).length > 0 && out.Status !== "Infeasible";
    const status = out.Status === "Optimal" ? "optimal" : out.Status === "Infeasible" ? "infeasible" : hasPoint ? "feasible" : "no-solution";
    return { status, objective: hasPoint ? out.ObjectiveValue : NaN, values };
  },
};
