// The batch engine (DESIGN §3): filters -> candidate cut -> model -> solver -> rounding and repair ->
// local search -> result with a proven lower bound. `place` is what the CLI, the server and the
// benchmarks call; `placeGreedy` is the Nova-like baseline; `createOnlinePlacer` the one-at-a-time path.
import type { Assignment, RequestClass } from "./stages/1-compile/batch";
import { compileBatch, emptyAssignment } from "./stages/1-compile/batch";
import { constructClasses } from "./stages/4-round-repair/construct";
import type { Objective, PlacementProblem, PlacementResult } from "./contract";
import { placeGreedy } from "./greedy";
import { improveClasses, packLowerBound } from "./stages/5-search/improve";
import type { FilterContext } from "./stages/2-filter/plugins/types";
import { seededRandom, tieBreakers } from "./random";
import { balanceLowerBound, buildResult, hostCounts, objectiveValue, spreadLowerBound } from "./stages/7-result/result";
import { makeScorer } from "./scoring/registry";
import type { Weights } from "./scoring/weights";
import { batchWeights } from "./scoring/weights";
import { lpLowerBound } from "./stages/6-bound/bound";
import { chooseStrategy, solveGuides } from "./stages/3-cut-model-solve/strategy";
import type { SolverChoice } from "./stages/3-cut-model-solve/strategy";
import { constrainedFirst, repairByMoving } from "./stages/4-round-repair/repair";
import { PlacementState } from "./stages/1-compile/state";

export type { PlacementProblem, PlacementResult } from "./contract";
export { placeGreedy } from "./greedy";
export { createOnlinePlacer } from "./online";
export type { OnlinePlacer, OnlinePlacerInput, PlaceOutcome } from "./online";
export { parsePlacementProblem } from "./contract";
export { verifyPlacement } from "./verify";
export { batchWeights, weights } from "./scoring/weights";
export type { Weights } from "./scoring/weights";
export type { SolverChoice } from "./stages/3-cut-model-solve/strategy";
// The solver port, for other parts of the product (purchase models): plain-data models, glpk or HiGHS behind one interface.
export type { Model, ModelRow, ModelVar, VarType } from "./stages/3-cut-model-solve/model";
export type { Solution, SolveOptions, SolverPort } from "./stages/3-cut-model-solve/port";
export { getSolver } from "./stages/3-cut-model-solve/registry";
export type { SolverName } from "./stages/3-cut-model-solve/registry";

export type PlaceOptions = {
  solver?: SolverChoice;
  timeLimitMs?: number;
  /** Milliseconds, monotonic: time budgets and elapsedMs. Callers pass performance.now.bind(performance); without one, a virtual clock (deterministic, elapsedMs 0). */
  clock?: () => number;
  /** Randomised tie-breaks; default 1. */
  seed?: number;
  onProgress?: (msg: string) => void;
  /** Score weights per objective (data); default the `batchWeights` table. */
  weights?: Readonly<Record<Objective, Weights>>;
};

/**
 * A MILP's solver gets at least this much wall time (a small one stops as soon as it is optimal). For pack
 * on a real clock it is also the most it gets: bin packing MILPs that cannot prove optimality quickly would
 * otherwise eat the budget that the packing search uses better.
 */
const MIN_SOLVER_MS = 1000;
/**
 * pack: the packing search's own budget per batch, after construction (0.04 ms more per copy), within the
 * limit. It stops as soon as it meets the proven lower bound, so easy batches cost nothing of it.
 */
const PACK_SEARCH_MS = 1800;
/** Small batches still get this long (the search stops early once it meets the lower bound). */
const MIN_EFFORT_MS = 500;
/** Below this much time left for it, the result goes out with the cheap bounds only. */
const MIN_BOUND_MS = 100;

/**
 * How long the engine works on a batch: the time limit is a limit, not a target. Models stop after a budget
 * that grows with the batch (0.1 s plus 0.2 ms per copy, at least 0.5 s: 1.1 s at 5,000 copies), or at the limit
 * if that comes first; for pack the packing search then gets `packSearchMs` of its own (within the limit).
 */
export function effortMs(copies: number, limitMs: number): number {
  return Math.min(limitMs, Math.max(MIN_EFFORT_MS, 100 + copies * 0.2));
}

/**
 * pack on the virtual clock: the packing search's budget over all priority levels (1.8 s plus 0.04 ms per
 * copy: 2 s at 5,000), cut at the limit. A virtual budget is a model of effort (clock readings), not of time,
 * and repeats on any machine. On a real clock the search may use the whole limit (`tailMs` kept back).
 */
export function packSearchMs(copies: number): number {
  return PACK_SEARCH_MS + copies * 0.04;
}

/**
 * On a real clock, the time kept back from the search for what follows it (retry, repair, bounds, the
 * result): 50 ms plus 0.02 ms per copy (2 s at 100,000), plus the LP bound's share where one runs, at most a
 * quarter of the limit.
 */
export function tailMs(copies: number, limitMs: number, lpBoundMs: number): number {
  return Math.min(limitMs / 4, 50 + copies * 0.02 + lpBoundMs);
}


/**
 * 0.05 ms per reading: a model of effort, not of time. Calibrated on the packing core, which reads the
 * clock once per search step (an elimination attempt, a bin-completion node): measured on this 2-core
 * machine under load, a reading stood for 15-250 microseconds of work depending on the instance (about
 * 30 on vector packing, 160-260 on Falkenauer's); 50 lies inside that range, so a virtual budget does
 * about as much work as the same real budget, give or take a factor of five (more under heavy load: a
 * triplet instance that never met its bound spent 8.5 s of wall time on a 1.2 s virtual search).
 */
function virtualClock(): () => number {
  let t = 0;
  return () => (t += 0.05);
}

type Trial = { ctx: FilterContext; assignment: Assignment };

function fork(ctx: FilterContext, assignment: Assignment): Trial {
  return { ctx: { cluster: ctx.cluster, state: ctx.state.clone() }, assignment: assignment.map((row) => row.slice()) };
}

/** More copies of these classes placed, then the better objective value (fewer hosts, lower peak). */
function better(a: Trial, b: Trial, classes: readonly RequestClass[], objective: Objective): boolean {
  const placed = (t: Trial) => classes.reduce((n, c) => n + t.assignment[c.index]!.filter((x) => x !== null).length, 0);
  const pa = placed(a);
  const pb = placed(b);
  if (pa !== pb) return pa > pb;
  return objectiveValue(a.ctx, objective) <= objectiveValue(b.ctx, objective);
}

/** Classes with storage or networks first (their hosts are fewer: those that reach room), each part most constrained first. */
function attachedFirst(classes: readonly RequestClass[]): RequestClass[] {
  const order = new Map(classes.map((c, i) => [c.index, i]));
  return [...classes].sort((a, b) => Number(b.prep.attached.length > 0) - Number(a.prep.attached.length > 0) || order.get(a.index)! - order.get(b.index)!);
}

/**
 * Decreasing-fit construction on a fork of the state; where some classes have storage or networks and some
 * not, also with those first, and the better of the two. Decreasing size alone can give the hosts that
 * reach free pools and addresses to copies that need neither (measured: 1,681 of 2,400 copies placed
 * against greedy's 2,151 on a 600-host storage-bound batch).
 */
function constructBoth(ctx: FilterContext, assignment: Assignment, classes: readonly RequestClass[], objective: Objective,
  score: ReturnType<typeof makeScorer>, jitter: Float64Array): Trial {
  const bySize = fork(ctx, assignment);
  constructClasses(bySize.ctx, classes, bySize.assignment, score, jitter);
  const mixed = classes.some((c) => c.prep.attached.length > 0) && classes.some((c) => c.prep.attached.length === 0);
  if (!mixed || classes.every((c) => bySize.assignment[c.index]!.every((a) => a !== null))) return bySize;
  const first = fork(ctx, assignment);
  constructClasses(first.ctx, attachedFirst(classes), first.assignment, score, jitter);
  return better(first, bySize, classes, objective) && !better(bySize, first, classes, objective) ? first : bySize;
}

export async function place(problem: PlacementProblem, options: PlaceOptions = {}): Promise<PlacementResult> {
  // Without a clock (the cores never read the wall clock), budgets run on a virtual clock that advances
  // with every reading: searches still end, and the run is deterministic; elapsedMs is then reported as 0.
  const clock = options.clock ?? virtualClock();
  const t0 = clock();
  const objective: Objective = problem.policy?.objective ?? "pack";
  const limit = options.timeLimitMs ?? problem.policy?.timeLimitMs ?? 10_000;
  const seed = options.seed ?? 1;
  const progress = options.onProgress ?? (() => undefined);
  if (options.solver === "greedy") {
    progress("greedy baseline (filter and weigh, one request at a time)");
    return placeGreedy(problem, { clock, seed });
  }
  const batch = compileBatch(problem);
  const { cluster } = batch;
  let ctx: FilterContext = { cluster, state: new PlacementState(cluster, batch.serverGroups) };
  let assignment: Assignment = emptyAssignment(batch);
  const jitter = tieBreakers(cluster.ids.length, seed);
  const rng = seededRandom(seed ^ 0x5bd1e995);
  const score = makeScorer(objective, options.weights ?? batchWeights);
  const effort = effortMs(batch.copies, limit);
  const deadline = t0 + effort;
  const strategy = chooseStrategy(batch, objective, options.solver ?? "auto", limit, options.clock === undefined);
  progress(`${batch.copies} copies in ${batch.classes.length} classes on ${cluster.hosts.length} hosts; strategy ${strategy.label}`);

  const levels = [...new Set(batch.classes.map((c) => c.priority))].sort((a, b) => b - a);
  // The search uses the time given on a real clock (up to the limit less the tail; it stops early at the
  // proven bound or when it stalls, the stall window growing with the gap); on the virtual clock, its own budget.
  const realClock = options.clock !== undefined;
  const tail = realClock ? tailMs(batch.copies, limit, strategy.kind !== "construct" && objective === "pack" ? effort / 2 : 0) : 0;
  let searchLeft = realClock ? Infinity : packSearchMs(batch.copies);
  const parts = new Set<string>();
  for (const [li, level] of levels.entries()) {
    const classes = constrainedFirst(batch.classes.filter((c) => c.priority === level), cluster.hosts.length);
    if (strategy.kind === "construct") {
      ({ ctx, assignment } = constructBoth(ctx, assignment, classes, objective, score, jitter));
      parts.add("decreasing-fit");
    } else {
      // Model-guided construction (rounding, then greedy repair) against plain greedy construction from
      // the same state; the better one goes on. The solver's own limit is wall time: give it at least a
      // second for a MILP (a small model stops as soon as it is optimal), a quarter of the level's budget for
      // an LP (the search needs the rest), never past the limit.
      const share = (deadline - clock()) / (levels.length - li) * (strategy.kind === "milp" ? 0.5 : 0.25);
      const floor = strategy.kind === "milp" ? MIN_SOLVER_MS : 0;
      // On the virtual clock the solver's wall-time limit would make answers depend on the machine: let it
      // finish (within the limit). On a real clock a pack MILP gets MIN_SOLVER_MS at most: bin packing MILPs
      // that cannot prove optimality quickly would eat the time the packing search uses better.
      const cap = objective === "pack" && strategy.kind === "milp" ? MIN_SOLVER_MS : Infinity;
      const modelMs = options.clock === undefined ? limit : Math.max(1, Math.min(t0 + limit - clock(), Math.max(share, floor), cap));
      const plain = constructBoth(ctx, assignment, classes, objective, score, jitter);
      // pack: when the plain construction placed every copy of the level on as few hosts as the proven
      // bound allows, no model can do better: skip it.
      const proven = objective === "pack" && classes.every((c) => plain.assignment[c.index]!.every((a) => a !== null))
        && hostCounts(plain.ctx).hostsUsed <= packLowerBound(plain.ctx, batch, plain.assignment);
      const guided = fork(ctx, assignment);
      const out = proven
        ? { guides: new Map(), plans: new Map(), label: "construction met the lower bound; model skipped", tag: "" }
        : await solveGuides(guided.ctx, batch, classes, guided.assignment, strategy, { timeLimitMs: modelMs, jitter });
      if (!proven) constructClasses(guided.ctx, classes, guided.assignment, score, jitter, out.guides, out.plans);
      const useModel = out.guides.size > 0 && better(guided, plain, classes, objective);
      ({ ctx, assignment } = useModel ? guided : plain);
      parts.add(useModel ? `${out.tag}+rounding+repair` : "decreasing-fit");
      progress(`priority ${level}: ${out.label}; kept the ${useModel ? "model-guided" : "greedy"} construction`);
    }
    // Narrow copies that others of the batch crowded out: make room now, so the search can tidy up after.
    const early = repairByMoving(ctx, batch, assignment, batch.classes.filter((c) => c.priority >= level), { score, jitter, clock, deadline: t0 + limit });
    if (early > 0) progress(`priority ${level}: repair placed ${early} by moving copies of the batch`);
    // pack: the search gets its own budget after construction, whatever the model took (never skipped), within
    // the limit; it stops by itself at the lower bound. Levels share it, each taking its part of what is left.
    if (objective === "pack" && clock() < t0 + limit) {
      const start = clock();
      const budget = realClock
        ? Math.max(0, t0 + limit - tail - start) / (levels.length - li)
        : Math.min(t0 + limit - start, Math.max(deadline - start, searchLeft) / (levels.length - li));
      const saved = improveClasses(ctx, batch, assignment, classes, { deadline: start + budget, clock, rng });
      searchLeft -= clock() - start;
      parts.add("packing-search");
      progress(`priority ${level}: local search saved ${saved} host(s)`);
    }
    // Room may have opened: retry what is still unplaced, highest priority first.
    const above = batch.classes.filter((c) => c.priority >= level);
    const retry = constrainedFirst(above, cluster.hosts.length).sort((a, b) => b.priority - a.priority);
    constructClasses(ctx, retry, assignment, score, jitter);
    // Still unplaced (most constrained first): make room on a candidate host by moving copies of this batch.
    const repaired = repairByMoving(ctx, batch, assignment, above, { score, jitter, clock, deadline: t0 + limit });
    if (repaired > 0) progress(`priority ${level}: repair placed ${repaired} more by moving copies of the batch`);
  }
  let lowerBound = objective === "pack" ? packLowerBound(ctx, batch, assignment) : objective === "spread" ? spreadLowerBound(ctx) : balanceLowerBound(ctx, batch, assignment);
  const boundEnd = realClock ? t0 + limit - Math.min(tail, 50 + batch.copies * 0.02) : Math.min(t0 + limit, Math.max(deadline, clock()) + effort / 2);
  if (objective === "pack" && strategy.kind !== "construct" && lowerBound !== null && lowerBound < hostCounts(ctx).hostsUsed && boundEnd - clock() > MIN_BOUND_MS) {
    // The eligibility-aware LP bound, where a model runs at all (pack, within the model's size): it sees
    // zones, traits and pins that the packing bound ignores.
    const lp = await lpLowerBound(batch, assignment, strategy.solver, options.clock === undefined ? limit : boundEnd - clock());
    progress(`LP lower bound ${lp ?? "not proven"}, packing bound ${lowerBound}`);
    if (lp !== null) lowerBound = Math.max(lowerBound, lp);
  }
  return buildResult(ctx, batch, assignment, { solver: [...parts].join("+"), objective, lowerBound, elapsedMs: options.clock ? clock() - t0 : 0 });
}
