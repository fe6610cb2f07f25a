// A proven lower bound on hosts in use (pack), from the LP relaxation of an aggregated model that
// keeps what the packing bound ignores: which hosts each request class may use (zones, traits, pins,
// reachable storage). Hosts that no class tells apart and that have the same free capacity form one
// type; hosts already in use pool their free capacity (they count anyway). Any placement maps onto a
// feasible point of this LP, so its optimum, rounded up, bounds the new hosts needed.
import type { Assignment, Batch } from "../batch";
import type { Model, ModelRow, ModelVar } from "./model";
import type { SolverPort } from "./port";

export type BoundModel = Model & { preUsed: number };

/** Builds the aggregated bound model for the placed copies; null when nothing is placed. */
export function buildBoundModel(batch: Batch, assignment: Assignment): BoundModel | null {
  const { cluster } = batch;
  const C = cluster.C;
  const placedClasses = batch.classes.filter((c) => assignment[c.index]!.some((a) => a !== null));
  if (placedClasses.length === 0) return null;
  // Scale each class dimension to the largest capacity so the LP is well conditioned.
  const scale = new Float64Array(C).fill(1);
  for (const h of cluster.hosts) for (let c = 0; c < C; c++) scale[c] = Math.max(scale[c]!, cluster.cap[h * C + c]!);
  const signature = new Map<number, number[]>();
  placedClasses.forEach((cls, k) => {
    for (const h of cls.hosts) {
      const list = signature.get(h);
      if (list) list.push(k);
      else signature.set(h, [k]);
    }
  });
  type HostType = { key: string; classes: number[]; preUsed: boolean; count: number; cap: Float64Array };
  const types = new Map<string, HostType>();
  let preUsed = 0;
  for (const h of cluster.hosts) {
    const isPre = cluster.preUsed[h] === 1;
    if (isPre) preUsed++;
    const cls = signature.get(h);
    if (!cls) continue;
    const free = new Float64Array(C);
    for (let c = 0; c < C; c++) free[c] = Math.max(0, cluster.cap[h * C + c]! - cluster.used0[h * C + c]!) / scale[c]!;
    const key = `${isPre ? "p" : "n"}|${cls.join(",")}${isPre ? "" : `|${Array.from(free).join(",")}`}`;
    const t = types.get(key);
    if (t) {
      t.count++;
      if (isPre) for (let c = 0; c < C; c++) t.cap[c]! += free[c]!;
    } else types.set(key, { key, classes: cls, preUsed: isPre, count: 1, cap: free });
  }
  const vars: ModelVar[] = [];
  const rows: ModelRow[] = [];
  const typeList = [...types.values()];
  const y = typeList.map((t, ti) => {
    if (t.preUsed) return -1;
    vars.push({ name: `y${ti}`, lb: 0, ub: t.count, type: "integer", cost: 1 });
    return vars.length - 1;
  });
  const xOf = new Map<string, number>();
  const demandRows: [number, number][][] = placedClasses.map(() => []);
  typeList.forEach((t, ti) => {
    for (const k of t.classes) {
      xOf.set(`${k}:${ti}`, vars.length);
      demandRows[k]!.push([vars.length, 1]);
      vars.push({ name: `x${k}_${ti}`, lb: 0, ub: Infinity, type: "continuous", cost: 0 });
    }
  });
  placedClasses.forEach((cls, k) => {
    const n = assignment[cls.index]!.filter((a) => a !== null).length;
    rows.push({ name: `demand${k}`, terms: demandRows[k]!, lb: n, ub: n });
  });
  typeList.forEach((t, ti) => {
    for (let c = 0; c < C; c++) {
      const terms: [number, number][] = [];
      for (const k of t.classes) {
        const g = placedClasses[k]!.prep.compute;
        for (let j = 0; j < g.idx.length; j++) if (g.idx[j] === c) terms.push([xOf.get(`${k}:${ti}`)!, g.amt[j]! / scale[c]!]);
      }
      if (terms.length === 0) continue;
      if (t.preUsed) rows.push({ name: `cap${ti}_${c}`, terms, lb: -Infinity, ub: t.cap[c]! });
      else rows.push({ name: `cap${ti}_${c}`, terms: [...terms, [y[ti]!, -t.cap[c]!]], lb: -Infinity, ub: 0 });
    }
    // At most one member of an anti-affinity group per host (any scope implies it for hosts).
    const byGroup = new Map<number, [number, number][]>();
    for (const k of t.classes) {
      const sg = placedClasses[k]!.prep.serverGroup;
      if (sg?.policy !== "anti-affinity") continue;
      byGroup.set(sg.index, [...(byGroup.get(sg.index) ?? []), [xOf.get(`${k}:${ti}`)!, 1]]);
    }
    for (const [g, terms] of byGroup) {
      if (t.preUsed) rows.push({ name: `anti${g}_${ti}`, terms, lb: -Infinity, ub: t.count });
      else rows.push({ name: `anti${g}_${ti}`, terms: [...terms, [y[ti]!, -1]], lb: -Infinity, ub: 0 });
    }
  });
  return { name: "pack-bound", sense: "min", vars, rows, preUsed };
}

/** preUsed hosts + the LP optimum rounded up (with a tolerance that can only lower it); null unless solved to optimality. */
export async function lpLowerBound(batch: Batch, assignment: Assignment, solver: SolverPort, timeLimitMs: number): Promise<number | null> {
  const model = buildBoundModel(batch, assignment);
  if (model === null) return null;
  if (model.vars.length === 0) return model.preUsed;
  const sol = await solver.solve(model, { relax: true, timeLimitMs });
  if (sol.status !== "optimal" || !Number.isFinite(sol.objective)) return null;
  return model.preUsed + Math.max(0, Math.ceil(sol.objective - 1e-3));
}
