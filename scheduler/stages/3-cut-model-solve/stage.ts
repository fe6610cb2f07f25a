// Stage 3 of the batch engine: which path the batch takes and how the time is shared (plan), then per
// priority level the candidate cut, the model and its solve, whose rounding (stage 4's construction) is
// kept when it beats plain decreasing-fit construction from the same state (model).
import { emptyAssignment } from "../1-compile/batch";
import { PlacementState } from "../1-compile/state";
import { seededRandom, tieBreakers } from "../../random";
import { makeScorer } from "../../scoring/registry";
import { better, constructBoth, constructClasses, fork } from "../4-round-repair/construct";
import { constrainedFirst } from "../4-round-repair/repair";
import { packLowerBound } from "../5-search/improve";
import { hostCounts } from "../7-result/result";
import type { StageRun } from "../runner";
import type { Compiled, Level, Placing } from "../run";
import { chooseStrategy, solveGuides } from "./strategy";

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
/**
 * On a real clock a model whose solver is still loading runs only with this much time left: the first solve
 * loads the WebAssembly module (0.45 s for HiGHS here, 2 s under heavy load), which no solver time limit
 * covers, and a 300 ms window then overran its limit and left its lower priority unplaced. The load starts
 * when the plan needs a solver, so later calls find it ready.
 */
export const LOAD_MS = 1000;
/** Small batches still get this long (the search stops early once it meets the lower bound). */
const MIN_EFFORT_MS = 500;

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

/** The path (construction, LP or MILP), the empty placement, and the time shares. */
export function planStage({ settings, batch }: Compiled, { budget, progress }: StageRun): Placing {
  const { objective, limitMs } = settings;
  const { cluster } = batch;
  const effort = effortMs(batch.copies, limitMs);
  const strategy = chooseStrategy(batch, objective, settings.solver, limitMs, !budget.isReal);
  progress(`strategy ${strategy.label}`);
  if (strategy.kind !== "construct") void strategy.solver.load?.().catch(() => undefined);
  return {
    settings, batch, strategy,
    ctx: { cluster, state: new PlacementState(cluster, batch.serverGroups) },
    assignment: emptyAssignment(batch),
    score: makeScorer(objective, settings.weights),
    jitter: tieBreakers(cluster.ids.length, settings.seed),
    rng: seededRandom(settings.seed ^ 0x5bd1e995),
    effortMs: effort,
    // The search uses the time given on a real clock (up to the limit less the tail; it stops early at the
    // proven bound or when it stalls, the stall window growing with the gap); on the virtual clock, its own budget.
    // On a loaded machine every step is slower than the figures above assume: what follows the search costs
    // about what compile and filter cost (both scale with copies and hosts), so the tail is at least that.
    tailMs: budget.isReal ? Math.min(limitMs / 4, Math.max(budget.now() - budget.start, tailMs(batch.copies, limitMs, strategy.kind !== "construct" && objective === "pack" ? effort / 2 : 0))) : 0,
    searchLeftMs: budget.isReal ? Infinity : packSearchMs(batch.copies),
    solveMs: 0,
    parts: new Set(),
  };
}

/** The priority levels, highest first, each with its classes most constrained first. */
export function levelsOf(run: Placing): Level[] {
  const levels = [...new Set(run.batch.classes.map((c) => c.priority))].sort((a, b) => b - a);
  return levels.map((level, index) => ({ run, level, index, count: levels.length }));
}

export function levelClasses(lv: Level) {
  return constrainedFirst(lv.run.batch.classes.filter((c) => c.priority === lv.level), lv.run.batch.cluster.hosts.length);
}

/**
 * Model-guided construction (rounding, then greedy repair) against plain greedy construction from the same
 * state; the better one goes on. The solver's own limit is wall time: at least a second for a MILP (a small
 * model stops as soon as it is optimal), a quarter of the level's share of the models' budget for an LP (the
 * search needs the rest), never past the limit.
 */
export async function modelStage(lv: Level, { budget, progress }: StageRun): Promise<Level> {
  const run = lv.run;
  const { batch, strategy, score, jitter, settings } = run;
  const { objective, limitMs } = settings;
  const classes = levelClasses(lv);
  if (strategy.kind === "construct" || budget.expired()) {
    ({ ctx: run.ctx, assignment: run.assignment } = constructBoth(run.ctx, run.assignment, classes, objective, score, jitter, budget));
    run.parts.add("decreasing-fit");
    return lv;
  }
  const effort = budget.until(budget.start + run.effortMs);
  const share = effort.remaining() / (lv.count - lv.index) * (strategy.kind === "milp" ? 0.5 : 0.25);
  const floor = strategy.kind === "milp" ? MIN_SOLVER_MS : 0;
  // On the virtual clock the solver's wall-time limit would make answers depend on the machine: let it
  // finish (within the limit). On a real clock a pack MILP gets MIN_SOLVER_MS at most: bin packing MILPs
  // that cannot prove optimality quickly would eat the time the packing search uses better.
  const cap = objective === "pack" && strategy.kind === "milp" ? MIN_SOLVER_MS : Infinity;
  const modelMs = !budget.isReal ? limitMs : Math.max(1, Math.min(budget.remaining(), Math.max(share, floor), cap));
  const plain = constructBoth(run.ctx, run.assignment, classes, objective, score, jitter, budget);
  // pack: when the plain construction placed every copy of the level on as few hosts as the proven
  // bound allows, no model can do better: skip it.
  const proven = objective === "pack" && classes.every((c) => plain.assignment[c.index]!.every((a) => a !== null))
    && hostCounts(plain.ctx).hostsUsed <= packLowerBound(plain.ctx, batch, plain.assignment);
  const guided = fork(run.ctx, run.assignment);
  const loading = budget.isReal && strategy.solver.loaded?.() === false && budget.remaining() < LOAD_MS;
  const skip = proven || loading || budget.expired();
  const why = proven ? "construction met the lower bound" : loading ? `${strategy.solver.name} still loading` : "time limit reached";
  const solveStart = budget.isReal && !skip ? budget.now() : 0;
  const out = skip
    ? { guides: new Map(), plans: new Map(), label: `${why}; model skipped`, tag: "" }
    : await solveGuides(guided.ctx, batch, classes, guided.assignment, strategy, { timeLimitMs: modelMs, jitter });
  if (budget.isReal && !skip) {
    // The LP bound after the search is a model of about this size: keep back what this solve took (the
    // solvers' own limits leave out building and reading the model: 1.0 s against 0.52 s given at 1,000 hosts).
    run.solveMs = Math.max(run.solveMs, budget.now() - solveStart);
    run.tailMs = Math.min(limitMs / 4, Math.max(run.tailMs, run.solveMs + 50 + batch.copies * 0.02));
  }
  if (!skip) constructClasses(guided.ctx, classes, guided.assignment, score, jitter, out.guides, out.plans, budget);
  const useModel = out.guides.size > 0 && better(guided, plain, classes, objective);
  ({ ctx: run.ctx, assignment: run.assignment } = useModel ? guided : plain);
  run.parts.add(useModel ? `${out.tag}+rounding+repair` : "decreasing-fit");
  progress(`priority ${lv.level}: ${out.label}; kept the ${useModel ? "model-guided" : "greedy"} construction`);
  return lv;
}
