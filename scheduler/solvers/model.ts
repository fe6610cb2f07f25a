// A solver-neutral MILP: plain data that a test can snapshot and any adapter can translate.
// buildPackModel is the pack objective's assignment model over request classes with integer counts
// (identical requests merged) and a candidate cut of hosts per class.

export type VarType = "continuous" | "integer" | "binary";
export type ModelVar = { name: string; lb: number; ub: number; type: VarType; cost: number };
/** lb <= sum(coef * var) <= ub; either side may be infinite. */
export type ModelRow = { name: string; terms: [number, number][]; lb: number; ub: number };
export type Model = { name: string; sense: "min"; vars: ModelVar[]; rows: ModelRow[] };

export type PackModelInput = {
  /** Per resource class dimension. */
  dims: number;
  hosts: { id: string; free: ArrayLike<number>; inUse: boolean }[];
  classes: {
    id: string;
    copies: number;
    demand: ArrayLike<number>;
    /** Indexes into `hosts` (the candidate cut). */
    candidates: readonly number[];
    /** Anti-affinity group (at most one member per host), or -1. */
    group: number;
  }[];
  /** Per anti-affinity group: hosts that already hold a member (closed to the group). */
  groupHostsTaken: ReadonlyMap<number, ReadonlySet<number>>;
  /** Add x <= copies * y linking rows (tightens the relaxation; worth it for small MILPs). */
  linking: boolean;
};

export type PackModel = Model & {
  /** Variable index of x[class][k] for candidate k; y per host (-1 when the host is already in use); u per class. */
  x: Int32Array[];
  y: Int32Array;
  u: Int32Array;
};

/**
 * minimise   sum_h y_h + M sum_c u_c        (hosts newly opened; copies left out cost more than any host)
 * subject to sum_h x_ch + u_c = n_c                            (every copy placed or counted out)
 *            sum_c a_cd x_ch <= F_hd y_h   (new host)  or <= F_hd (host in use)      (capacity rule)
 *            sum_{c in g} x_ch <= 1 per anti-affinity group g and host h not taken
 *            x_ch <= n_c y_h (optional linking), x integer >= 0, y binary, u >= 0
 */
export function buildPackModel(input: PackModelInput): PackModel {
  const vars: ModelVar[] = [];
  const rows: ModelRow[] = [];
  const M = input.hosts.length + 1;
  const y = new Int32Array(input.hosts.length).fill(-1);
  const usedHost = new Uint8Array(input.hosts.length);
  for (const c of input.classes) for (const h of c.candidates) usedHost[h] = 1;
  input.hosts.forEach((h, i) => {
    if (!h.inUse && usedHost[i] === 1) {
      y[i] = vars.length;
      vars.push({ name: `y${i}`, lb: 0, ub: 1, type: "binary", cost: 1 });
    }
  });
  const { x, u, perHost } = addAssignments(input, vars, rows, M);
  input.hosts.forEach((h, hi) => {
    const terms = perHost[hi]!;
    if (terms.length === 0) return;
    for (let d = 0; d < input.dims; d++) {
      const row: [number, number][] = [];
      for (const [ci, v] of terms) {
        const a = input.classes[ci]!.demand[d] ?? 0;
        if (a > 0) row.push([v, a]);
      }
      if (row.length === 0) continue;
      const free = Math.max(0, h.free[d] ?? 0);
      if (y[hi]! >= 0) rows.push({ name: `cap${hi}_${d}`, terms: [...row, [y[hi]!, -free]], lb: -Infinity, ub: 0 });
      else rows.push({ name: `cap${hi}_${d}`, terms: row, lb: -Infinity, ub: free });
    }
    const byGroup = new Map<number, [number, number][]>();
    for (const [ci, v] of terms) {
      const g = input.classes[ci]!.group;
      if (g >= 0) byGroup.set(g, [...(byGroup.get(g) ?? []), [v, 1]]);
    }
    for (const [g, row] of byGroup) if (row.length > 1) rows.push({ name: `anti${g}_${hi}`, terms: row, lb: -Infinity, ub: 1 });
    if (input.linking && y[hi]! >= 0) {
      for (const [ci, v] of terms) rows.push({ name: `link${ci}_${hi}`, terms: [[v, 1], [y[hi]!, -vars[v]!.ub]], lb: -Infinity, ub: 0 });
    }
  });
  return { name: "pack", sense: "min", vars, rows, x, y, u };
}

export type SpreadModelInput = PackModelInput & {
  /** Capacity per host and dimension ((total - reserved) * ratio), same order as `hosts`. */
  caps: ArrayLike<number>[];
  /** Peak utilisation already reached anywhere (hosts outside the model included): z cannot go below it. */
  floor: number;
};

/**
 * minimise   z + M sum_c u_c                                   (peak utilisation; copies left out cost more)
 * subject to sum_h x_ch + u_c = n_c
 *            sum_c a_cd x_ch <= F_hd                          (capacity rule)
 *            sum_c (a_cd / K_hd) x_ch - z <= -(K_hd - F_hd) / K_hd   (utilisation of h in d at most z)
 *            sum_{c in g} x_ch <= 1 per anti-affinity group and host, z >= floor
 */
export function buildSpreadModel(input: SpreadModelInput): PackModel {
  const vars: ModelVar[] = [];
  const rows: ModelRow[] = [];
  // Placing a copy raises the peak by at most 1 (the capacity rule holds it at 1 where it lands), so
  // M = 2 makes every copy worth placing while keeping the objective on the scale of z (the MIP gap is relative).
  const M = 2;
  const z = vars.length;
  vars.push({ name: "z", lb: input.floor, ub: Infinity, type: "continuous", cost: 1 });
  const { x, u, perHost } = addAssignments(input, vars, rows, M);
  input.hosts.forEach((h, hi) => {
    const terms = perHost[hi]!;
    if (terms.length === 0) return;
    for (let d = 0; d < input.dims; d++) {
      const K = input.caps[hi]![d] ?? 0;
      const row: [number, number][] = [];
      for (const [ci, v] of terms) {
        const a = input.classes[ci]!.demand[d] ?? 0;
        if (a > 0) row.push([v, a]);
      }
      if (row.length === 0 || !(K > 0)) continue;
      const free = Math.max(0, h.free[d] ?? 0);
      rows.push({ name: `cap${hi}_${d}`, terms: row, lb: -Infinity, ub: free });
      rows.push({ name: `peak${hi}_${d}`, terms: [...row.map(([v, a]): [number, number] => [v, a / K]), [z, -1]], lb: -Infinity, ub: -(K - (h.free[d] ?? 0)) / K });
    }
    const byGroup = new Map<number, [number, number][]>();
    for (const [ci, v] of terms) {
      const g = input.classes[ci]!.group;
      if (g >= 0) byGroup.set(g, [...(byGroup.get(g) ?? []), [v, 1]]);
    }
    for (const [g, row] of byGroup) if (row.length > 1) rows.push({ name: `anti${g}_${hi}`, terms: row, lb: -Infinity, ub: 1 });
  });
  return { name: "spread", sense: "min", vars, rows, x, y: new Int32Array(input.hosts.length).fill(-1), u };
}

/**
 * The part both models share: per class and candidate host an integer x (how many copies land there,
 * bounded by what fits in the host's free capacity and by host anti-affinity), an unplaced slack u
 * costing M per copy, and the demand row sum_h x_ch + u_c = n_c. Returns the variable indices and,
 * per host, the (class, x) pairs its capacity rows need.
 */
function addAssignments(
  input: { dims: number; hosts: readonly { free: ArrayLike<number> }[]; classes: readonly { candidates: readonly number[] | Int32Array; copies: number; demand: ArrayLike<number>; group: number }[]; groupHostsTaken: ReadonlyMap<number, ReadonlySet<number>> },
  vars: ModelVar[], rows: ModelRow[], M: number,
): { x: Int32Array[]; u: Int32Array; perHost: [number, number][][] } {
  const x: Int32Array[] = [];
  const u = new Int32Array(input.classes.length);
  const perHost: [number, number][][] = input.hosts.map(() => []);
  input.classes.forEach((c, ci) => {
    const taken = c.group >= 0 ? input.groupHostsTaken.get(c.group) : undefined;
    const xs = Int32Array.from(c.candidates, (h) => {
      const free = input.hosts[h]!.free;
      let fit = c.copies;
      for (let d = 0; d < input.dims; d++) if ((c.demand[d] ?? 0) > 0) fit = Math.min(fit, Math.floor((free[d] ?? 0) / c.demand[d]! + 1e-9));
      if (c.group >= 0) fit = Math.min(fit, taken?.has(h) ? 0 : 1);
      vars.push({ name: `x${ci}_${h}`, lb: 0, ub: Math.max(0, fit), type: "integer", cost: 0 });
      perHost[h]!.push([ci, vars.length - 1]);
      return vars.length - 1;
    });
    x.push(xs);
    u[ci] = vars.length;
    vars.push({ name: `u${ci}`, lb: 0, ub: c.copies, type: "continuous", cost: M });
    rows.push({ name: `demand${ci}`, terms: [...Array.from(xs, (v): [number, number] => [v, 1]), [u[ci]!, 1]], lb: c.copies, ub: c.copies });
  });
  return { x, u, perHost };
}
