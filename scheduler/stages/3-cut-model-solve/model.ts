// A solver-neutral MILP: plain data that a test can snapshot and any adapter can translate.
// buildPackModel is the pack objective's assignment model over request classes with integer counts
// (identical requests merged) and a candidate cut of hosts per class.

export type VarType = "continuous" | "integer" | "binary";
export type ModelVar = { name: string; lb: number; ub: number; type: VarType; cost: number };
/** lb <= sum(coef * var) <= ub; either side may be infinite. */
export type ModelRow = { name: string; terms: [number, number][]; lb: number; ub: number };
export type Model = { name: string; sense: "min"; vars: ModelVar[]; rows: ModelRow[] };

/** A storage or network group of a class: its demand, and per candidate host the providers its copies there may use. */
export type AttachedInput = {
  demand: ArrayLike<number>;
  /** Per candidate (same order as `candidates`): indexes into `providers`; an empty list closes the candidate. */
  eligible: readonly (readonly number[])[];
};

export type ModelClass = {
  id: string;
  copies: number;
  demand: ArrayLike<number>;
  /** Indexes into `hosts` (the candidate cut). */
  candidates: readonly number[];
  /** Anti-affinity group (at most one member per domain), or -1. */
  group: number;
  /** With `group`: the failure domain of each candidate (rack or zone id); absent, each host is its own domain. */
  domains?: readonly number[];
  /** Affinity group whose first member is still to be placed (all members in one domain), with the domain of each candidate. */
  affinity?: { group: number; domains: readonly number[] };
  /** Storage groups, then network groups. */
  attached?: readonly AttachedInput[];
};

export type PackModelInput = {
  /** Per resource class dimension. */
  dims: number;
  hosts: { id: string; free: ArrayLike<number>; inUse: boolean }[];
  classes: ModelClass[];
  /** Per anti-affinity group: domains (hosts, unless the class gives `domains`) that already hold a member (closed to the group). */
  groupHostsTaken: ReadonlyMap<number, ReadonlySet<number>>;
  /** Storage and network providers that attached groups name, with their free capacity per dimension. */
  providers?: readonly { id: string; free: ArrayLike<number> }[];
  /** Add x <= copies * y linking rows (tightens the relaxation; worth it for small MILPs). */
  linking: boolean;
};

/** Where the model chose among several providers for an attached group: one variable per provider. */
export type AttachedChoice = { cls: number; group: number; candidates: readonly number[]; providers: readonly number[]; w: Int32Array };

export type PackModel = Model & {
  /** Variable index of x[class][k] for candidate k; y per host (-1 when the host is already in use); u per class. */
  x: Int32Array[];
  y: Int32Array;
  u: Int32Array;
  /** Attached groups with a choice of providers: w[j] copies of the class on `candidates` use providers[j] for the group. */
  choices: AttachedChoice[];
};

/**
 * minimise   sum_h y_h + M sum_c u_c        (hosts newly opened; copies left out cost more than any host)
 * subject to sum_h x_ch + u_c = n_c                            (every copy placed or counted out)
 *            sum_c a_cd x_ch <= F_hd y_h   (new host)  or <= F_hd (host in use)      (capacity rule)
 *            sum_{c in g} x_ch <= 1 per anti-affinity group g and host h not taken
 *            x_ch <= n_c y_h (optional linking), x integer >= 0, y binary, u >= 0
 * plus the rows of `addJointRows`: attached providers' capacity (storage, networks) and server groups over
 * racks and zones, jointly with the host choice.
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
    hostAntiRows(input, terms, hi, rows);
    if (input.linking && y[hi]! >= 0) {
      for (const [ci, v] of terms) rows.push({ name: `link${ci}_${hi}`, terms: [[v, 1], [y[hi]!, -vars[v]!.ub]], lb: -Infinity, ub: 0 });
    }
  });
  const choices = addJointRows(input, vars, rows, x);
  return { name: "pack", sense: "min", vars, rows, x, y, u, choices };
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
    hostAntiRows(input, terms, hi, rows);
  });
  const choices = addJointRows(input, vars, rows, x);
  return { name: "spread", sense: "min", vars, rows, x, y: new Int32Array(input.hosts.length).fill(-1), u, choices };
}

/** At most one member of a host-scoped anti-affinity group per host (rack- and zone-scoped groups get `addJointRows`'s rows). */
function hostAntiRows(input: PackModelInput, terms: readonly [number, number][], hi: number, rows: ModelRow[]): void {
  const byGroup = new Map<number, [number, number][]>();
  for (const [ci, v] of terms) {
    const c = input.classes[ci]!;
    if (c.group >= 0 && c.domains === undefined) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), [v, 1]]);
  }
  for (const [g, row] of byGroup) if (row.length > 1) rows.push({ name: `anti${g}_${hi}`, terms: row, lb: -Infinity, ub: 1 });
}

/**
 * The rows that make the model place compute, storage and network together, shared by both models:
 *
 * - Attached providers (storage pools, networks): for class c, attached group g and a set S of candidate
 *   hosts whose copies may use the same providers E (hosts of one reachability class reach the same ones),
 *   if E = {p}:  a_cgd * sum_{h in S} x_ch counts in p's row;
 *   else:        w_cgSp >= 0 integer per p in E, sum_p w_cgSp = sum_{h in S} x_ch, and a_cgd * w_cgSp counts in p's row;
 *   per provider p and dimension d:  sum of its terms <= F_pd (free capacity).
 *   This is exact, not an aggregation: copies on hosts of S are interchangeable as far as g is concerned
 *   (every one of them may use any provider of E), so any integer split w of their count over E is realised
 *   by giving w_cgSp of those copies provider p, and every placement gives such a split. The variables
 *   grow with classes x groups x reachability classes x providers, not with hosts.
 * - Anti-affinity over racks or zones: sum_{c in g, h in domain D} x_ch <= 1 (the x of a domain that
 *   already holds a member have upper bound 0).
 * - Affinity whose first member is still to place: binary v_gD per domain, sum_D v_gD <= 1 and
 *   sum_{c in g, h in D} x_ch <= N_gD v_gD (N_gD: the most the x of D can hold). Exact for the MILP;
 *   the relaxation may split the group, which the rounding then repairs (the first copy fixes the domain).
 */
function addJointRows(input: PackModelInput, vars: ModelVar[], rows: ModelRow[], x: readonly Int32Array[]): AttachedChoice[] {
  const choices: AttachedChoice[] = [];
  const providers = input.providers ?? [];
  const perProvider: [number, number][][][] = providers.map(() => Array.from({ length: input.dims }, () => []));
  const anti = new Map<string, [number, number][]>();
  const aff = new Map<number, Map<number, [number, number][]>>();
  input.classes.forEach((c, ci) => {
    const xs = x[ci]!;
    (c.attached ?? []).forEach((a, g) => {
      const sets = new Map<string, { ps: readonly number[]; ks: number[] }>();
      a.eligible.forEach((list, k) => {
        if (list.length === 0 || vars[xs[k]!]!.ub === 0) return;
        const key = list.join(",");
        const set = sets.get(key);
        if (set) set.ks.push(k);
        else sets.set(key, { ps: list, ks: [k] });
      });
      let si = 0;
      for (const { ps, ks } of sets.values()) {
        if (ps.length === 1) {
          for (let d = 0; d < input.dims; d++) if ((a.demand[d] ?? 0) > 0) for (const k of ks) perProvider[ps[0]!]![d]!.push([xs[k]!, a.demand[d]!]);
          continue;
        }
        const most = ks.reduce((n, k) => n + vars[xs[k]!]!.ub, 0);
        const w = Int32Array.from(ps, (p) => {
          vars.push({ name: `w${ci}_${g}_${si}_${p}`, lb: 0, ub: most, type: "integer", cost: 0 });
          for (let d = 0; d < input.dims; d++) if ((a.demand[d] ?? 0) > 0) perProvider[p]![d]!.push([vars.length - 1, a.demand[d]!]);
          return vars.length - 1;
        });
        rows.push({ name: `pick${ci}_${g}_${si}`, terms: [...Array.from(w, (v): [number, number] => [v, 1]), ...ks.map((k): [number, number] => [xs[k]!, -1])], lb: 0, ub: 0 });
        choices.push({ cls: ci, group: g, candidates: ks.map((k) => c.candidates[k]!), providers: ps, w });
        si++;
      }
    });
    if (c.group >= 0 && c.domains !== undefined) {
      c.domains.forEach((dom, k) => {
        const key = `${c.group}:${dom}`;
        anti.set(key, [...(anti.get(key) ?? []), [xs[k]!, 1]]);
      });
    }
    if (c.affinity !== undefined) {
      const byDomain = aff.get(c.affinity.group) ?? new Map<number, [number, number][]>();
      c.affinity.domains.forEach((dom, k) => byDomain.set(dom, [...(byDomain.get(dom) ?? []), [xs[k]!, 1]]));
      aff.set(c.affinity.group, byDomain);
    }
  });
  perProvider.forEach((byDim, p) => byDim.forEach((terms, d) => {
    if (terms.length > 0) rows.push({ name: `att${p}_${d}`, terms: merged(terms), lb: -Infinity, ub: Math.max(0, providers[p]!.free[d] ?? 0) });
  }));
  for (const [key, terms] of anti) if (terms.length > 1) rows.push({ name: `anti${key.replace(":", "_d")}`, terms, lb: -Infinity, ub: 1 });
  for (const [g, byDomain] of aff) {
    if (byDomain.size < 2) continue;
    const pick: [number, number][] = [];
    for (const [dom, terms] of byDomain) {
      const v = vars.length;
      vars.push({ name: `v${g}_${dom}`, lb: 0, ub: 1, type: "binary", cost: 0 });
      pick.push([v, 1]);
      const most = terms.reduce((n, [xv]) => n + vars[xv]!.ub, 0);
      rows.push({ name: `aff${g}_${dom}`, terms: [...terms, [v, -most]], lb: -Infinity, ub: 0 });
    }
    rows.push({ name: `affone${g}`, terms: pick, lb: -Infinity, ub: 1 });
  }
  return choices;
}

/** Terms on one variable summed (two groups of one request on one provider): adapters want each variable once per row. */
function merged(terms: readonly [number, number][]): [number, number][] {
  const m = new Map<number, number>();
  for (const [v, c] of terms) m.set(v, (m.get(v) ?? 0) + c);
  return [...m];
}

/**
 * The part both models share: per class and candidate host an integer x (how many copies land there,
 * bounded by what fits in the host's free capacity and by host anti-affinity), an unplaced slack u
 * costing M per copy, and the demand row sum_h x_ch + u_c = n_c. Returns the variable indices and,
 * per host, the (class, x) pairs its capacity rows need.
 */
function addAssignments(
  input: PackModelInput,
  vars: ModelVar[], rows: ModelRow[], M: number,
): { x: Int32Array[]; u: Int32Array; perHost: [number, number][][] } {
  const x: Int32Array[] = [];
  const u = new Int32Array(input.classes.length);
  const perHost: [number, number][][] = input.hosts.map(() => []);
  input.classes.forEach((c, ci) => {
    const taken = c.group >= 0 ? input.groupHostsTaken.get(c.group) : undefined;
    const xs = Int32Array.from(c.candidates, (h, k) => {
      let fit = Math.min(c.copies, fits(c.demand, input.hosts[h]!.free, input.dims));
      if (c.group >= 0) fit = Math.min(fit, taken?.has(c.domains?.[k] ?? h) ? 0 : 1);
      // An attached group with no provider closes the host; with exactly one, that provider's room bounds x too.
      for (const a of c.attached ?? []) {
        const list = a.eligible[k]!;
        if (list.length === 0) fit = 0;
        else if (list.length === 1) fit = Math.min(fit, fits(a.demand, input.providers![list[0]!]!.free, input.dims));
      }
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

/** How many copies of `demand` fit in `free` (dimensions with no demand do not limit). */
function fits(demand: ArrayLike<number>, free: ArrayLike<number>, dims: number): number {
  let n = Infinity;
  for (let d = 0; d < dims; d++) if ((demand[d] ?? 0) > 0) n = Math.min(n, Math.floor((free[d] ?? 0) / demand[d]! + 1e-9));
  return Math.max(0, n);
}
