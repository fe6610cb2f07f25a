// Monte-Carlo replications (DESIGN §4): the same scenario run `runs` times with seeds seed, seed + 1,
// ..., and the key metrics as a mean, a sample standard deviation and a Student's t confidence
// interval. Pure like simulate(): the seeds are the only source of randomness, so the same scenario
// and seed give the same intervals.
import { ReplicationsSchema } from "./scenario/schema";
import type { Scenario } from "./scenario/schema";
import { simulate } from "./simulate";
import type { SimulateOptions } from "./simulate";
import { tQuantile } from "./stats/student-t";
import type { Estimate, ReplicationSummary, SimulationSummary } from "./summary";

/** The confidence of the intervals when the scenario gives none. */
export const DEFAULT_CONFIDENCE = 0.95;

/**
 * The two-sided Student's t factor of a `confidence` interval with `df` degrees of freedom: the
 * quantile t(1 - (1 - confidence) / 2, df), by inverting the CDF (regularised incomplete beta; stats/student-t.ts).
 */
export function tFactor(confidence: number, df: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  return tQuantile(1 - (1 - confidence) / 2, df);
}

/** Mean, sample standard deviation (divisor n - 1) and the interval mean ± t x sd / sqrt(n). */
export function estimate(values: readonly number[], t: number): Estimate {
  const n = values.length;
  if (n < 2) throw new RangeError(`an interval needs at least 2 values, got ${n}`);
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const halfWidth = (t * sd) / Math.sqrt(n);
  return { mean, sd, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}

export type ReplicationProgress = { run: number; runs: number; seed: number; fraction: number; simulatedSeconds: number; events: number };

export type ReplicateOptions = Omit<SimulateOptions, "onProgress"> & {
  /** Replications; overrides scenario.replications.runs. Without either, one plain run. */
  runs?: number;
  /** Overrides scenario.replications.confidence (default 0.95). */
  confidence?: number;
  /** simulate()'s progress of each run, with the run's index (0-based) and seed. */
  onProgress?: (p: ReplicationProgress) => void;
  /** Called after each replication with its own summary (in the order they finish). */
  onReplication?: (r: { run: number; runs: number; seed: number; summary: SimulationSummary }) => void;
  /**
   * Runs one replication (default: simulate() here, with the options above). A shell can run them
   * elsewhere, e.g. on worker threads, and pass `concurrency`: the result does not depend on either,
   * since each run is seeded on its own and the runs are gathered by index.
   */
  runner?: (run: { run: number; seed: number; series: boolean | undefined }) => Promise<SimulationSummary>;
  /** Replications at a time (default 1). */
  concurrency?: number;
};

/**
 * Runs a scenario `runs` times, run i with seed `seed + i` (seed: options.seed, else the scenario's,
 * else 1), and returns the first run's summary exactly as simulate() gives it (its series too, when
 * asked), with `replications` added: each key metric's mean, standard deviation and Student's t
 * interval over the runs. Without runs (neither options nor scenario), it is simulate().
 *
 * The runs are independent (each seeds its own generators) and identically distributed, which is
 * what the t interval assumes; each metric is one number per run, so the interval is for that
 * run-level quantity (e.g. the blocking probability of a run of this length, including its start
 * from an empty cloud), not a steady-state value.
 */
export async function replicate(scenario: Scenario, options: ReplicateOptions = {}): Promise<SimulationSummary> {
  const { runs: runsOption, confidence: confidenceOption, onProgress, onReplication, runner, concurrency = 1, ...simulateOptions } = options;
  const runs = runsOption ?? scenario.replications?.runs;
  const seed = options.seed ?? scenario.seed ?? 1;
  const progress = (run: number, n: number, s: number) =>
    onProgress && ((p: { fraction: number; simulatedSeconds: number; events: number }) => onProgress({ ...p, run, runs: n, seed: s }));
  if (runs === undefined) return simulate(scenario, { ...simulateOptions, seed, onProgress: progress(0, 1, seed) });

  const confidence = confidenceOption ?? scenario.replications?.confidence ?? DEFAULT_CONFIDENCE;
  const checked = ReplicationsSchema.safeParse({ runs, confidence });
  if (!checked.success) {
    throw new RangeError(checked.error.issues.map((i) => `replications.${i.path.join(".")}: ${i.message}`).join("; "));
  }
  if (!Number.isSafeInteger(seed + runs - 1)) throw new RangeError(`seeds ${seed}..${seed}+${runs - 1} leave the safe integers`);

  const clock = simulateOptions.clock ?? (() => 0);
  const started = clock();
  const summaries: SimulationSummary[] = new Array<SimulationSummary>(runs);
  const seeds = Array.from({ length: runs }, (_, run) => seed + run);
  const one = runner ?? (({ run, seed: runSeed, series }) =>
    simulate(scenario, { ...simulateOptions, seed: runSeed, series, onProgress: progress(run, runs, runSeed) }));
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < runs) {
      const run = next++;
      // Only the first run keeps the series (the summary is that run's); the others would be dropped.
      const summary = await one({ run, seed: seeds[run]!, series: run === 0 ? simulateOptions.series : false });
      summaries[run] = summary;
      onReplication?.({ run, runs, seed: seeds[run]!, summary });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, runs)) }, lane));

  const first = summaries[0]!;
  const t = tFactor(confidence, runs - 1);
  const over = (value: (s: SimulationSummary) => number) => estimate(summaries.map(value), t);
  const service = (s: SimulationSummary, id: string) => {
    const found = s.services.find((x) => x.id === id);
    if (!found) throw new Error(`replication with seed ${s.seed} has no service '${id}'`);
    return found;
  };
  const perClass = (pick: (s: SimulationSummary) => Record<string, number>) =>
    Object.fromEntries(Object.keys(pick(first)).map((rc) => [rc, over((s) => pick(s)[rc] ?? 0)]));

  const replications: ReplicationSummary = {
    runs,
    confidence,
    seeds,
    t,
    wallMs: clock() - started,
    placements: {
      blockingProbability: over((s) => s.placements.blockingProbability),
      rejected: over((s) => s.placements.rejected),
    },
    hostsUsedPeak: over((s) => s.hostsUsedPeak),
    services: first.services.map(({ id }) => ({
      id,
      droppedShare: over((s) => {
        const x = service(s, id);
        return x.offeredRequests > 0 ? x.droppedRequests / x.offeredRequests : 0;
      }),
      droppedRequests: over((s) => service(s, id).droppedRequests),
      overloadSeconds: over((s) => service(s, id).overloadSeconds),
      peakInstances: over((s) => service(s, id).peakInstances),
    })),
    utilization: { peak: perClass((s) => s.utilization.peak), mean: perClass((s) => s.utilization.mean) },
  };
  if (first.queues !== undefined) {
    const queue = (s: SimulationSummary, id: string) => {
      const found = s.queues?.find((q) => q.id === id);
      if (!found) throw new Error(`replication with seed ${s.seed} has no queue '${id}'`);
      return found;
    };
    replications.queues = first.queues.map(({ id }) => ({
      id,
      waitedShare: over((s) => queue(s, id).waitedShare),
      meanWaitSeconds: over((s) => queue(s, id).meanWaitSeconds),
      abandoned: over((s) => queue(s, id).abandoned),
    }));
  }
  if (first.sharedUtilization !== undefined) {
    const shared: NonNullable<ReplicationSummary["sharedUtilization"]> = {};
    for (const kind of ["storage", "network"] as const) {
      if (first.sharedUtilization[kind] === undefined) continue;
      shared[kind] = {
        peak: perClass((s) => s.sharedUtilization?.[kind]?.peak ?? {}),
        mean: perClass((s) => s.sharedUtilization?.[kind]?.mean ?? {}),
      };
    }
    replications.sharedUtilization = shared;
  }
  return { ...first, replications };
}
