// A proven lower bound on hosts in use (pack), from the LP relaxation of an aggregated model that
// keeps what the packing bound ignores: which hosts each request class may use (zones, traits, pins,
// reachable storage). Hosts that no class tells apart and that have the same free capacity form one
// type; hosts already in use pool their free capacity (they count anyway). Storage and network groups
// are capacity-constrained too: host types are split by reachability class, and each attached
// provider's free room bounds what the copies on the types that reach it put there.
//
// Why the bound is valid. Take any placement P of the same placed copies per class (the engine's or an
// optimal one) that obeys the capacity rule. Set x_kt = copies of class k on hosts of type t, y_t = new
// hosts of type t in use, and for an attached group g of k whose providers (reachable from t,
// statically eligible) are E, w_kgSp = copies of k on the types of S (the types with that same E) whose
// group g sits on p. Then: demand rows hold (every placed copy is on some host of an eligible type: its
// class's static candidates are exactly the hosts it may use); a new type's capacity row holds because
// each of its y_t hosts in use takes at most its free capacity (hosts of a type have equal free
// capacity) and the others take nothing; a pooled in-use type's row is the sum of its hosts' capacity
// rules; anti-affinity rows hold because a host holds at most one member of a group; the choice rows
// hold because every copy's group g is on exactly one provider of E; a provider's row is its capacity
// rule (use before the batch + what the copies put there <= capacity). So (x, y, w) is feasible for the
// LP, its objective sum_t y_t is P's new hosts, and LP optimum <= new hosts of every such placement.
// Adding the pre-used hosts (in use in every placement) and rounding up (hosts are whole) keeps it a
// lower bound; the tolerance in `lpLowerBound` only rounds down.
import type { Assignment, Batch } from "../1-compile/batch";
import { attachedFor } from "../1-compile/prepared";
import type { Model, ModelRow, ModelVar } from "../3-cut-model-solve/model";
import type { SolverPort } from "../3-cut-model-solve/port";

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
  type HostType = { key: string; classes: number[]; preUsed: boolean; count: number; cap: Float64Array; reach: number };
  // Reachability matters once some placed class has storage or networks.
  const byReach = placedClasses.some((c) => c.prep.attached.length > 0);
  const types = new Map<string, HostType>();
  let preUsed = 0;
  for (const h of cluster.hosts) {
    const isPre = cluster.preUsed[h] === 1;
    if (isPre) preUsed++;
    const cls = signature.get(h);
    if (!cls) continue;
    const free = new Float64Array(C);
    for (let c = 0; c < C; c++) free[c] = Math.max(0, cluster.cap[h * C + c]! - cluster.used0[h * C + c]!) / scale[c]!;
    const key = `${isPre ? "p" : "n"}|${cls.join(",")}${isPre ? "" : `|${Array.from(free).join(",")}`}${byReach ? `|r${cluster.reach[h]}` : ""}`;
    const t = types.get(key);
    if (t) {
      t.count++;
      if (isPre) for (let c = 0; c < C; c++) t.cap[c]! += free[c]!;
    } else types.set(key, { key, classes: cls, preUsed: isPre, count: 1, cap: free, reach: cluster.reach[h]! });
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
  // Attached providers: per class, group and set of types reaching the same eligible providers, the
  // copies' x count in the provider's row (one provider) or split by choice variables w (several).
  const perProvider = new Map<number, Map<number, [number, number][]>>();
  const charge = (p: number, v: number, group: { idx: Int32Array; amt: Float64Array }) => {
    let rowsOf = perProvider.get(p);
    if (!rowsOf) perProvider.set(p, (rowsOf = new Map()));
    for (let j = 0; j < group.idx.length; j++) {
      const c = group.idx[j]!;
      const k = cluster.cap[p * C + c]!;
      rowsOf.set(c, [...(rowsOf.get(c) ?? []), [v, group.amt[j]! / Math.max(1, k)]]);
    }
  };
  placedClasses.forEach((cls, k) => {
    cls.prep.attached.forEach((group, g) => {
      const sets = new Map<string, { ps: Int32Array; xs: number[] }>();
      typeList.forEach((t, ti) => {
        const v = xOf.get(`${k}:${ti}`);
        if (v === undefined) return;
        const ps = attachedFor(cluster, cls.prep, t.reach)?.[g] ?? new Int32Array(0);
        const key = ps.join(",");
        const set = sets.get(key);
        if (set) set.xs.push(v);
        else sets.set(key, { ps, xs: [v] });
      });
      let si = 0;
      for (const { ps, xs } of sets.values()) {
        // No provider at all: those copies cannot be there (their hosts would not be candidates).
        if (ps.length === 0) for (const v of xs) vars[v]!.ub = 0;
        else if (ps.length === 1) for (const v of xs) charge(ps[0]!, v, group);
        else {
          const terms: [number, number][] = xs.map((v) => [v, -1]);
          for (const p of ps) {
            terms.push([vars.length, 1]);
            charge(p, vars.length, group);
            vars.push({ name: `w${k}_${g}_${si}_${p}`, lb: 0, ub: Infinity, type: "continuous", cost: 0 });
          }
          rows.push({ name: `pick${k}_${g}_${si}`, terms, lb: 0, ub: 0 });
        }
        si++;
      }
    });
  });
  for (const [p, rowsOf] of perProvider) {
    for (const [c, terms] of rowsOf) {
      const k = cluster.cap[p * C + c]!;
      const merged = new Map<number, number>();
      for (const [v, a] of terms) merged.set(v, (merged.get(v) ?? 0) + a);
      rows.push({ name: `att${p}_${c}`, terms: [...merged], lb: -Infinity, ub: Math.max(0, k - cluster.used0[p * C + c]!) / Math.max(1, k) });
    }
  }
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
