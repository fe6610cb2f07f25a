// Which path a batch takes, and the model-based guide for the construction: the pack model over the
// candidate cut, solved as a MILP where it is small enough to finish or as an LP relaxation, then
// rounded down into per-host counts that the construction places first (rounding), with everything
// the rounding left out placed greedily after (repair).
import type { Assignment, Batch, RequestClass } from "../1-compile/batch";
import type { Guide, ProviderPlan } from "../4-round-repair/construct";
import type { Objective } from "../../contract";
import type { FilterContext } from "../2-filter/plugins/types";
import { attachedFor } from "../1-compile/prepared";
import { KIND_HOST } from "../1-compile/cluster";
import { makeScorer } from "../../scoring/registry";
import { glpkSolver } from "./glpk";
import { highsSolver } from "./highs";
import { buildPackModel, buildSpreadModel } from "./model";
import { peakUtilisation } from "../7-result/result";
import type { ModelClass, PackModelInput } from "./model";
import type { SolverPort } from "./port";

export type SolverChoice = "auto" | "glpk" | "highs" | "greedy";

export type Strategy =
  | { kind: "construct"; label: string }
  | { kind: "lp" | "milp"; solver: SolverPort; candidates: number; label: string; objective: "pack" | "spread" };

/**
 * Assignment variables (classes x hosts) up to which the MILP runs. Measured here (DESIGN §3): glpk's
 * MILP stalls past a few hundred integer variables, HiGHS's past a couple of thousand.
 */
const MILP_MAX_VARS = { glpk: 400, highs: 2000 };
/**
 * The MILP sizes above are for a limit of at least this long; a shorter limit scales them down. A solver's
 * wall-time limit is not a promise: the worker's 300 ms windows on 1,000 hosts (two classes: 2,000 variables)
 * had HiGHS return after 1.1-1.4 s, and the window's lower priority level found the budget spent.
 */
const MILP_FULL_LIMIT_MS = 2000;
/**
 * Candidate hosts per class in the LP: enough choice, and at most about this many assignment variables in all.
 * (64 until the model saw storage: a batch of a few classes then cut a class to the hosts packing likes best,
 * the very hosts whose pools or subnets other classes needed.)
 */
const LP_CANDIDATES = 256;
const LP_MAX_VARS = 3000;
const LP_MAX_HOSTS_AUTO = 200;
/** Relative MIP gap for pack: about one host in two hundred; the packing search closes what is left. */
const PACK_MIP_GAP = 0.005;
/** Below this budget there is no time for a model: greedy construction and local search only. */
const MIN_MODEL_MS = 200;

/** Storage or networks bind when the batch asks for more than this share of some class's free room on storage and network providers. */
const ATTACHED_TIGHT = 0.5;

/**
 * True when storage or networks, not compute, may decide where copies go: for some resource class that
 * storage or network groups ask for, the batch wants more than ATTACHED_TIGHT of what all providers of
 * those kinds have free. Then the joint LP runs even above LP_MAX_HOSTS_AUTO hosts (measured on a
 * 1,000-host storage-bound batch: 2,911 of 4,000 copies placed with it, 2,815 without, 0.3 s).
 */
export function attachedTight(batch: Batch): boolean {
  const { cluster } = batch;
  const C = cluster.C;
  const want = new Float64Array(C);
  for (const cls of batch.classes) {
    for (const g of cls.prep.attached) for (let k = 0; k < g.idx.length; k++) want[g.idx[k]!]! += g.amt[k]! * cls.ids.length;
  }
  const free = new Float64Array(C);
  for (let p = 0; p < cluster.ids.length; p++) {
    if (cluster.kind[p] === KIND_HOST) continue;
    for (let c = 0; c < C; c++) free[c]! += Math.max(0, cluster.cap[p * C + c]! - cluster.used0[p * C + c]!);
  }
  for (let c = 0; c < C; c++) if (want[c]! > 0 && want[c]! > ATTACHED_TIGHT * free[c]!) return true;
  return false;
}

/**
 * `repeatable`: the caller needs the same answer on any machine (place() on its virtual clock). A MILP
 * that does not finish is cut by wall time, which cannot repeat; for pack, where the packing search
 * does the real work, auto then takes the LP relaxation (which finishes) in place of the MILP.
 * A solver port given in place of a name follows auto's rules and solves every model (and the LP bound).
 */
export function chooseStrategy(batch: Batch, objective: Objective, given: SolverChoice | SolverPort, limitMs: number, repeatable = false): Strategy {
  const port = typeof given === "object" ? given : undefined;
  const choice: SolverChoice = port ? "auto" : (given as SolverChoice);
  if (objective === "balance") return { kind: "construct", label: "decreasing-fit construction (balance has no model; its weights)" };
  if (choice === "greedy" || (choice === "auto" && limitMs < MIN_MODEL_MS)) return { kind: "construct", label: "greedy construction" };
  const hosts = batch.cluster.hosts.length;
  // auto: HiGHS for the MILP (it finishes where glpk stalls); glpk for the LP relaxation (faster here on these models).
  const milpSolver = port ?? (choice === "glpk" ? glpkSolver : highsSolver);
  const levels = new Map<number, number>();
  for (const c of batch.classes) levels.set(c.priority, (levels.get(c.priority) ?? 0) + 1);
  const vars = Math.max(0, ...levels.values()) * hosts;
  const milpOk = !(repeatable && choice === "auto" && objective === "pack");
  if (milpOk && vars <= MILP_MAX_VARS[milpSolver.name] * Math.min(1, limitMs / MILP_FULL_LIMIT_MS)) return { kind: "milp", solver: milpSolver, candidates: hosts, label: `${milpSolver.name} MILP (${objective})`, objective };
  // Past a few hundred hosts the LP (a row per host and class) costs more of a ~2 s budget than it returns:
  // on this machine greedy construction plus packing search did as well or better at 1,000 hosts.
  if (choice === "auto" && hosts > LP_MAX_HOSTS_AUTO && !attachedTight(batch)) return { kind: "construct", label: `greedy construction (LP skipped above ${LP_MAX_HOSTS_AUTO} hosts)` };
  const solver = port ?? (choice === "highs" ? highsSolver : glpkSolver);
  return { kind: "lp", solver, candidates: Math.min(hosts, LP_CANDIDATES), label: `${solver.name} LP relaxation + rounding (${objective})`, objective };
}

/**
 * The best K of hosts sorted best first, taken in turns from each reachability class (the next best of each
 * class in score order), so that every class of storage and networks stays within the model's reach.
 */
function acrossReach(reach: Int32Array, sorted: readonly number[], K: number): number[] {
  const queues = new Map<number, number[]>();
  for (const h of sorted) {
    const q = queues.get(reach[h]!);
    if (q) q.push(h);
    else queues.set(reach[h]!, [h]);
  }
  if (queues.size === 1) return sorted.slice(0, K);
  const out: number[] = [];
  const heads = [...queues.values()];
  for (let i = 0; out.length < K; i++) {
    for (const q of heads) if (i < q.length && out.length < K) out.push(q[i]!);
  }
  return out;
}


/**
 * Builds and solves the model for the open copies of `classes`, and turns its answer into guides (per class,
 * host -> copies) and provider plans.
 */
export async function solveGuides(ctx: FilterContext, batch: Batch, classes: readonly RequestClass[], assignment: Assignment,
  strategy: Extract<Strategy, { kind: "lp" | "milp" }>, opts: { timeLimitMs: number; jitter: Float64Array }): Promise<{ guides: Map<number, Guide>; plans: Map<number, ProviderPlan>; label: string; tag: string }> {
  const tag = `${strategy.solver.name}-${strategy.kind}`;
  const { cluster, state } = ctx;
  const C = cluster.C;
  const score = makeScorer(strategy.objective);
  const hostSlot = new Map<number, number>();
  const hosts: PackModelInput["hosts"] = [];
  const caps: Float64Array[] = [];
  const freeOf = (p: number) => {
    const free = new Float64Array(C);
    for (let c = 0; c < C; c++) free[c] = cluster.cap[p * C + c]! - state.used[p * C + c]!;
    return free;
  };
  const slot = (h: number) => {
    let s = hostSlot.get(h);
    if (s === undefined) {
      s = hosts.length;
      hostSlot.set(h, s);
      hosts.push({ id: cluster.ids[h]!, free: freeOf(h), inUse: state.hostInUse(h) });
      caps.push(cluster.cap.slice(h * C, h * C + C));
    }
    return s;
  };
  // Storage and network providers in the model: those some class's copies may still use (up, with room for the group).
  const providerSlot = new Map<number, number>();
  const providers: { id: string; free: Float64Array }[] = [];
  const providerOf: number[] = [];
  const pslot = (p: number) => {
    let s = providerSlot.get(p);
    if (s === undefined) {
      s = providers.length;
      providerSlot.set(p, s);
      providers.push({ id: cluster.ids[p]!, free: freeOf(p) });
      providerOf.push(p);
    }
    return s;
  };
  const picked: RequestClass[] = [];
  const inModel = classes.filter((c) => assignment[c.index]!.some((a) => a === null)).length;
  const K = strategy.kind === "milp" ? strategy.candidates : Math.max(8, Math.min(strategy.candidates, Math.floor(LP_MAX_VARS / Math.max(1, inModel))));
  const taken = new Map<number, Set<number>>();
  const input: PackModelInput = { dims: C, hosts, classes: [], groupHostsTaken: taken, providers, linking: strategy.kind === "milp" };
  for (const cls of classes) {
    const open = assignment[cls.index]!.filter((a) => a === null).length;
    if (open === 0) continue;
    const prep = cls.prep;
    // Per host reachability class, per attached group: the providers that could take one more copy's group now.
    const eligibleByReach = new Map<number, Int32Array[] | null>();
    const eligibleFor = (h: number): Int32Array[] | null => {
      const r = cluster.reach[h]!;
      let lists = eligibleByReach.get(r);
      if (lists === undefined) {
        const all = attachedFor(cluster, prep, r);
        lists = all === null ? null : all.map((list, g) => list.filter((p) => state.down[p] === 0 && state.fits(prep.attached[g]!, p)));
        if (lists?.some((l) => l.length === 0)) lists = null;
        eligibleByReach.set(r, lists);
      }
      return lists;
    };
    // Hosts whose storage or networks are full are out, so the cut keeps hosts the copies can use.
    const ok = Array.from(cls.hosts).filter((h) => state.hostOk(prep, h) && (prep.attached.length === 0 || eligibleFor(h) !== null));
    let cut = ok;
    if (ok.length > K) {
      const s = new Map(ok.map((h) => [h, score(ctx, prep, h) + opts.jitter[h]!]));
      cut = ok.sort((a, b) => s.get(b)! - s.get(a)!);
      cut = acrossReach(cluster.reach, cut, K);
    }
    const sg = prep.serverGroup;
    const group = sg?.policy === "anti-affinity" ? sg.index : -1;
    const mc: ModelClass = { id: String(cls.index), copies: open, demand: prep.compute.dense, candidates: cut.map(slot), group };
    if (sg?.policy === "anti-affinity" && sg.scope !== "host") {
      mc.domains = cut.map((h) => cluster.domain[sg.scope][h]!);
      const set = taken.get(sg.index) ?? new Set<number>();
      for (const d of state.groupDomains(prep).keys()) set.add(d);
      taken.set(sg.index, set);
    }
    if (sg?.policy === "affinity" && state.groupSize(prep) === 0) mc.affinity = { group: sg.index, domains: cut.map((h) => cluster.domain[sg.scope][h]!) };
    if (prep.attached.length > 0) {
      mc.attached = prep.attached.map((a, g) => ({ demand: a.dense, eligible: cut.map((h) => Array.from(eligibleFor(h)![g]!, pslot)) }));
    }
    input.classes.push(mc);
    picked.push(cls);
  }
  const guides = new Map<number, Guide>();
  const plans = new Map<number, ProviderPlan>();
  if (picked.length === 0) return { guides, plans, label: strategy.label, tag };
  // Hosts already holding a member of a host-scoped anti-affinity group are closed to it.
  for (const [ci, cls] of picked.entries()) {
    const mc = input.classes[ci]!;
    if (mc.group < 0 || mc.domains !== undefined) continue;
    const set = taken.get(mc.group) ?? new Set<number>();
    for (const [h, s] of hostSlot) if (state.groupMembersNear(cls.prep, h) > 0) set.add(s);
    taken.set(mc.group, set);
  }
  const model = strategy.objective === "spread" ? buildSpreadModel({ ...input, caps, floor: peakUtilisation(ctx) }) : buildPackModel(input);
  const relax = strategy.kind === "lp";
  const sol = await strategy.solver.solve(model, { relax, timeLimitMs: opts.timeLimitMs, mipGap: strategy.objective === "pack" ? PACK_MIP_GAP : 1e-4 });
  if (sol.status !== "optimal" && sol.status !== "feasible") return { guides, plans, label: `${strategy.label} (${sol.status}; greedy repair)`, tag };
  const hostOf = [...hostSlot.entries()].sort((a, b) => a[1] - b[1]).map(([h]) => h);
  const count = (v: number) => (relax ? Math.floor(v + 1e-6) : Math.round(v));
  picked.forEach((cls, ci) => {
    const g: Guide = new Map();
    const xs = model.x[ci]!;
    const cands = input.classes[ci]!.candidates;
    // Largest shares first, so the rounding keeps what the model was surest of.
    const order = Array.from(xs.keys()).sort((a, b) => sol.values[xs[b]!]! - sol.values[xs[a]!]!);
    for (const k of order) {
      const n = count(sol.values[xs[k]!]!);
      if (n > 0) g.set(hostOf[cands[k]!]!, n);
    }
    guides.set(cls.index, g);
  });
  // Where the model chose among providers, the rounding follows its split (rounded down; the rest least-allocated).
  for (const ch of model.choices) {
    const cls = picked[ch.cls]!;
    const plan = plans.get(cls.index) ?? cls.prep.attached.map(() => new Map<number, Map<number, number>>());
    plans.set(cls.index, plan);
    const counts = new Map<number, number>();
    ch.providers.forEach((p, j) => {
      const n = count(sol.values[ch.w[j]!]!);
      if (n > 0) counts.set(providerOf[p]!, n);
    });
    for (const s of ch.candidates) plan[ch.group]!.set(hostOf[s]!, counts);
  }
  return { guides, plans, label: `${strategy.label}${sol.status === "optimal" ? "" : " (time limit)"}`, tag: `${tag}${sol.status === "optimal" ? "" : "(time-limit)"}` };
}
