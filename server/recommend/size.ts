/**
 * Sizing a purchase: the integer program over host models that covers a demand per zone and class
 * at least cost, solved through the engine's solver port.
 *
 *   minimise   sum_{m,z} price_m n_mz
 *   subject to sum_m cap_mc n_mz >= deficit_zc     for every zone z and class c with a deficit
 *              n_mz integer, 0 <= n_mz <= (enough for m alone)
 *
 * cap_mc is a host's capacity by the one capacity rule. Pure given the solver.
 */
import { capacityOf } from "../../scheduler/capacity";
import type { Model, ModelVar, ModelRow, SolverPort } from "../../scheduler";
import type { HostModel } from "./schema";

export type Deficits = Map<string | null, Map<string, number>>;
export type Sized = { counts: Map<string, number>; cost: number; bound: number | null; status: "optimal" | "feasible" | "infeasible"; uncovered: { zone: string | null; class: string }[] };

export const countKey = (model: string, zone: string | null) => `${model}|${zone ?? ""}`;

export function hostCapacity(m: HostModel, rc: string): number {
  const inv = m.inventory[rc];
  return inv ? capacityOf(inv) : 0;
}

/** The model (solver-neutral), its variables' (model, zone), and the deficits no model can cover. */
export function buildPurchaseModel(deficits: Deficits, models: readonly HostModel[], zones: readonly (string | null)[]) {
  const vars: ModelVar[] = [];
  const rows: ModelRow[] = [];
  const which: { model: HostModel; zone: string | null }[] = [];
  const uncovered: { zone: string | null; class: string }[] = [];
  for (const zone of zones) {
    const need = [...(deficits.get(zone) ?? new Map<string, number>()).entries()].filter(([, d]) => d > 1e-9);
    if (need.length === 0) continue;
    const index = new Map<string, number>();
    for (const m of models) {
      const ub = Math.max(0, ...need.map(([rc, d]) => (hostCapacity(m, rc) > 0 ? Math.ceil(d / hostCapacity(m, rc)) : 0)));
      if (ub === 0) continue;
      index.set(m.id, vars.length);
      vars.push({ name: `n_${vars.length}`, lb: 0, ub, type: "integer", cost: m.price });
      which.push({ model: m, zone });
    }
    for (const [rc, d] of need) {
      const terms: [number, number][] = models.flatMap((m) => (index.has(m.id) && hostCapacity(m, rc) > 0 ? [[index.get(m.id)!, hostCapacity(m, rc)] as [number, number]] : []));
      if (terms.length === 0) uncovered.push({ zone, class: rc });
      else rows.push({ name: `cover_${rows.length}`, terms, lb: d, ub: Infinity });
    }
  }
  const model: Model = { name: "purchase", sense: "min", vars, rows };
  return { model, which, uncovered };
}

export async function sizePurchase(solver: SolverPort, deficits: Deficits, models: readonly HostModel[], zones: readonly (string | null)[], timeLimitMs = 20_000): Promise<Sized> {
  const { model, which, uncovered } = buildPurchaseModel(deficits, models, zones);
  const counts = new Map<string, number>();
  if (model.vars.length === 0) return { counts, cost: 0, bound: 0, status: uncovered.length > 0 ? "infeasible" : "optimal", uncovered };
  const out = await solver.solve(model, { relax: false, timeLimitMs });
  if (out.status === "infeasible" || out.status === "no-solution") return { counts, cost: 0, bound: null, status: "infeasible", uncovered };
  let cost = 0;
  which.forEach((w, i) => {
    const n = Math.round(out.values[i] ?? 0);
    if (n > 0) counts.set(countKey(w.model.id, w.zone), n);
    cost += n * w.model.price;
  });
  let bound: number | null = out.status === "optimal" ? out.objective : null;
  if (bound === null) {
    const lp = await solver.solve(model, { relax: true, timeLimitMs });
    bound = lp.status === "optimal" ? lp.objective : null;
  }
  return { counts, cost, bound, status: out.status, uncovered };
}
