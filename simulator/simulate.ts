import { createOnlinePlacer } from "../scheduler/online";
import type { OnlinePlacer } from "../scheduler/online";
import { Environment } from "./core/environment";
import { sampler } from "./core/distributions";
import { createRng } from "./core/rng";
import { Churn } from "./models/churn";
import { PRIORITY } from "./models/events";
import { Failures } from "./models/failures";
import { Fleet } from "./models/fleet";
import type { BatchPlace } from "./models/fleet";
import { profileRate } from "./models/profiles";
import { Recorder } from "./models/recorder";
import { Service } from "./models/service";
import { SHARED_KINDS, Usage } from "./models/usage";
import type { Scenario, TraceRef, Traces } from "./scenario/schema";
import { checkScenario } from "./scenario/validate";
import type { Issue } from "./scenario/validate";
import type { SimulationSummary } from "./summary";
import { ConstantRate, scaled } from "./trace/rate";
import type { Rate } from "./trace/rate";
import { traceRate } from "./trace/trace-rate";

export type SimulateOptions = {
  /** Overrides the scenario's seed (default 1). */
  seed?: number;
  /** The parsed trace files the scenario names, by the path as written in it. */
  traces?: Traces;
  /** Called about every 5% of simulated time. */
  onProgress?: (p: { fraction: number; simulatedSeconds: number; events: number }) => void;
  /** Milliseconds, for wallMs only (default: always 0). The simulated run never depends on it. */
  clock?: () => number;
  /**
   * The clock the batch engine measures its budgets with. Default: a counter that advances 2 ms
   * per reading, so a batch's search effort, and thus the run, is the same on any machine.
   */
  placementClock?: () => number;
  /** Return the per-step series (also asked by scenario.output.series). */
  series?: boolean;
  /** Batches of at most this many VMs go through the online placer, one by one (default ONLINE_BATCH_MAX; 0: none). */
  onlineBatchMax?: number;
  /** The batch engine; default: scheduler/index.ts `place`, loaded on the first batch. */
  batchPlace?: BatchPlace;
  /** Wraps the online placer (the benchmark times it); default: the scheduler's placer as is. */
  wrapPlacer?: (placer: OnlinePlacer) => OnlinePlacer;
};

/** A scenario that checkScenario refuses: a bug in the caller, which should have parsed it with parseScenario. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
}

/** What one reading of the batch engine's clock counts for (ms): its search effort is counted in readings, so it is the same on any machine. */
const COUNTING_CLOCK_STEP_MS = 2;

/**
 * Batches (initial fleet, evacuation) of at most this many VMs are placed one by one by the online
 * placer, as Nova reschedules a host's instances. A host of the bench inventory holds up to ~100 small
 * VMs when packed, so one host's evacuation goes online and a rack's (20 hosts) to the batch engine;
 * measured on the 2,000-host peak day, the engine took 150-230 ms per single-host batch of 33-40 VMs,
 * mostly the snapshot and compilation of 2,000 hosts, against well under a millisecond online.
 */
export const ONLINE_BATCH_MAX = 128;

/**
 * Default time limit of a batch placement (initial fleet, evacuation) inside a run, on the counting
 * clock. Below the engine's model threshold, so `auto` places a batch by construction plus packing
 * search, which is exactly repeatable. Measured on the bench days (a rack of 20 hosts evacuated: 38
 * to 830 VMs on 100 to 1,000 hosts): 100 ms gives the same hosts used as 1,000 ms (which adds a
 * HiGHS MILP) at 1/25 of the wall time. `placement.timeLimitMs` gives a batch more.
 */
export const BATCH_TIME_LIMIT_MS = 100;

/** Streams of the seeded generator, one per model, so adding one model does not shift another's draws. */
const STREAM = { arrivals: 1000, lifetimes: 2000, boots: 3000, failures: 4000 };

function countingClock(): () => number {
  let ms = 0;
  return () => (ms += COUNTING_CLOCK_STEP_MS);
}

/**
 * Runs a scenario: the whole run is one event loop on a virtual clock, seeded, so the same
 * scenario and seed give the same summary to the last digit (wallMs apart). VMs are events (each
 * arrival, placement, boot, failure and departure); service load is a rate per metric bucket.
 *
 * Placement goes through scheduler/: single arrivals and scale-outs through the online placer,
 * batches (the initial fleet at time 0, the evacuation after each failure) through the batch
 * engine `place()` with the scenario's objective and solver.
 */
export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<SimulationSummary> {
  const traces = options.traces ?? {};
  const issues = checkScenario(scenario, traces);
  if (issues.length > 0) throw new ScenarioError(issues);
  const clock = options.clock ?? (() => 0);
  const started = clock();
  const seed = options.seed ?? scenario.seed ?? 1;
  const duration = scenario.durationSeconds;
  const step = scenario.stepSeconds ?? 60;
  const multiplier = scenario.loadMultiplier ?? 1;
  const objective = scenario.placement?.objective ?? "pack";

  const env = new Environment();
  const usage = new Usage(scenario.providers);
  const placer = createOnlinePlacer({ providers: scenario.providers, serverGroups: scenario.serverGroups, objective, seed });
  const online = options.wrapPlacer ? options.wrapPlacer(placer) : placer;
  const loadBatch = async (): Promise<BatchPlace> => options.batchPlace ?? (await import("../scheduler/index")).place;
  const fleet = new Fleet(env, scenario.providers, scenario.serverGroups, online, usage, loadBatch, {
    onlineBatchMax: options.onlineBatchMax ?? ONLINE_BATCH_MAX,
    objective,
    solver: scenario.placement?.solver ?? "auto",
    // One batch among many in a run: 100 ms of counted effort by default, not the engine's 10 s for a single problem.
    timeLimitMs: scenario.placement?.timeLimitMs ?? BATCH_TIME_LIMIT_MS,
    seed,
    clock: options.placementClock ?? countingClock(),
  });

  const rateOf = (ref: TraceRef, at: (string | number)[], factor: number): Rate => {
    const out = traceRate(ref, traces, step, at);
    if (!out.ok) throw new ScenarioError(out.issues);
    return scaled(out.rate, factor);
  };
  const churns = (scenario.churn ?? []).map((c, i) => {
    const perSecond = typeof c.arrivalsPerHour === "number"
      ? new ConstantRate((c.arrivalsPerHour * multiplier) / 3600)
      : rateOf(c.arrivalsPerHour, ["churn", i, "arrivalsPerHour"], multiplier / 3600);
    return new Churn(env, fleet, c.id, c.request, perSecond, sampler(c.lifetime),
      createRng(seed, STREAM.arrivals + i), createRng(seed, STREAM.lifetimes + i), duration,
      c.whenFull === "wait" ? { mode: "wait", maxWaitSeconds: c.maxWaitSeconds ?? Infinity } : { mode: "reject" });
  });
  const queued = churns.filter((c) => c.waits);
  if (queued.length > 0) fleet.onRoom = () => {
    for (const c of queued) c.retry();
  };
  const services = (scenario.services ?? []).map((s, i) => {
    const rate = "trace" in s.load ? rateOf(s.load, ["services", i, "load"], multiplier) : scaled(profileRate(s.load, duration), multiplier);
    return new Service(env, fleet, s, rate, sampler(s.scaling.bootSeconds), createRng(seed, STREAM.boots + i));
  });
  new Failures(env, fleet, scenario.providers, scenario.failures ?? [], createRng(seed, STREAM.failures));
  const recorder = new Recorder(usage, fleet, services, queued, options.series ?? scenario.output?.series ?? false);

  // Time 0: the initial fleet in one batch, then the first bucket opens and the models start.
  for (const s of services) s.queueInitial();
  await fleet.flushBatch();
  let bucketStart = 0;
  const firstEnd = Math.min(step, duration);
  for (const s of services) s.openBucket(0, firstEnd);
  const tick = env.register(() => {
    const now = env.now;
    const buckets = services.map((s) => s.closeBucket(now));
    recorder.close(bucketStart, now, buckets);
    for (const s of services) s.scale(now);
    if (now >= duration) return;
    const next = Math.min(now + step, duration);
    for (const s of services) s.openBucket(now, next);
    bucketStart = now;
    env.scheduleAt(next, tick, 0, 0, PRIORITY.tick);
  });
  env.scheduleAt(firstEnd, tick, 0, 0, PRIORITY.tick);
  for (const c of churns) c.start();

  const report = duration / 20;
  let nextReport = report;
  for (;;) {
    env.run(Math.min(nextReport, duration));
    if (fleet.batchPending) {
      await fleet.flushBatch();
      continue;
    }
    if (env.now >= duration) break;
    options.onProgress?.({ fraction: env.now / duration, simulatedSeconds: env.now, events: env.processed });
    nextReport = Math.min(duration, nextReport + report);
  }
  options.onProgress?.({ fraction: 1, simulatedSeconds: duration, events: env.processed });

  const peak: Record<string, number> = {};
  const mean: Record<string, number> = {};
  for (const c of recorder.classes) {
    const rc = usage.classes[c]!;
    peak[rc] = recorder.peak[c]!;
    mean[rc] = usage.hostArea[c]! / (usage.hostCap[c]! * duration);
  }
  const summary: SimulationSummary = {
    scenario: scenario.name,
    seed,
    simulatedSeconds: duration,
    events: env.processed,
    wallMs: clock() - started,
    placements: {
      requested: fleet.requested,
      placed: fleet.placed,
      rejected: fleet.rejected,
      blockingProbability: fleet.requested > 0 ? fleet.rejected / fleet.requested : 0,
    },
    services: services.map((s) => ({
      id: s.id,
      offeredRequests: s.offered,
      servedRequests: s.served,
      droppedRequests: s.dropped,
      overloadSeconds: s.overloadSeconds,
      peakInstances: s.peakInstances,
    })),
    utilization: { peak, mean },
    hostsUsedPeak: usage.hostsInUsePeak,
  };
  if (fleet.firstRejectedAt !== undefined) summary.firstRejectionSeconds = fleet.firstRejectedAt;
  // Extension: the shared providers' utilisation, per kind and class, where they have capacity.
  for (let sk = 0; sk < SHARED_KINDS.length; sk++) {
    for (let c = 0; c < usage.C; c++) {
      const k = sk * usage.C + c;
      if (!(usage.sharedCap[k]! > 0)) continue;
      const shared = (summary.sharedUtilization ??= {});
      const kind = (shared[SHARED_KINDS[sk]!] ??= { peak: {}, mean: {} });
      kind.peak[usage.classes[c]!] = recorder.sharedPeak[k]!;
      kind.mean[usage.classes[c]!] = usage.sharedArea[k]! / (usage.sharedCap[k]! * duration);
    }
  }
  if (queued.length > 0) {
    summary.queues = queued.map((c) => {
      const q = c.queue;
      const admitted = c.arrivals - q.waited + q.admittedAfterWait;
      return { id: c.id, arrivals: c.arrivals, waited: q.waited, waitedShare: c.arrivals > 0 ? q.waited / c.arrivals : 0,
        meanWaitSeconds: admitted > 0 ? q.waitSum / admitted : 0, maxWaitSeconds: q.waitMax, abandoned: q.abandoned,
        waitingPeak: q.waitingPeak, waitingAtEnd: q.waiting };
    });
  }
  if (recorder.series) summary.series = recorder.series;
  return summary;
}
