import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { replicate } from "../../simulator/replicate";
import { REPLICATIONS_MAX, REPLICATIONS_MIN, ScenarioSchema } from "../../simulator/scenario/schema";
import type { Scenario, Traces } from "../../simulator/scenario/schema";
import { checkScenario } from "../../simulator/scenario/validate";
import { formatSummary } from "../../simulator/summary";
import type { SimulationSummary } from "../../simulator/summary";
import { parseCsv } from "../../simulator/trace/csv";
import { formatPath, formatZodError, UsageError } from "./errors";

/**
 * `headroom simulate <scenario.json> [--seed N] [--replications N] [--json] [--series]`: the shell
 * around the pure simulator. It reads the scenario and the trace files it names (paths relative to
 * the scenario file), reports bad input as exit 2 with the file and field path, prints progress on
 * stderr and the summary on stdout (only the JSON document with --json). --series adds the
 * per-step series. --replications N (extension) runs N replications, seeds seed..seed + N - 1,
 * overriding the scenario's `replications.runs`: one progress line per run instead of percentages.
 * --jobs N (extension) runs the replications N at a time on worker threads; the result is the same.
 */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        seed: { type: "string" },
        replications: { type: "string" },
        jobs: { type: "string" },
        json: { type: "boolean", default: false },
        series: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw new UsageError("simulate needs a scenario file: headroom simulate <scenario.json> [--seed N] [--replications N] [--jobs N] [--json] [--series]");
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  let seed: number | undefined;
  if (parsed.values.seed !== undefined) {
    seed = Number(parsed.values.seed);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, got '${parsed.values.seed}'`);
  }
  let runs: number | undefined;
  if (parsed.values.replications !== undefined) {
    const text = parsed.values.replications;
    runs = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
    if (!(runs >= REPLICATIONS_MIN && runs <= REPLICATIONS_MAX)) {
      throw new UsageError(`--replications must be a whole number from ${REPLICATIONS_MIN} to ${REPLICATIONS_MAX}, got '${text}'`);
    }
  }
  let jobs: number | undefined;
  if (parsed.values.jobs !== undefined) {
    const text = parsed.values.jobs;
    jobs = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
    if (!(jobs >= 1 && jobs <= 64)) throw new UsageError(`--jobs must be a whole number from 1 to 64, got '${text}'`);
  }

  const name = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const schema = ScenarioSchema.safeParse(json);
  if (!schema.success) throw new UsageError(formatZodError(name, schema.error));
  const scenario = schema.data;

  const traces = await readTraces(scenario, file, name);
  const issues = checkScenario(scenario, traces);
  if (issues.length > 0) throw new UsageError(issues.map((i) => `${name}: ${formatPath(i.path)}: ${i.message}`).join("\n"));

  const log = (line: string) => process.stderr.write(line + "\n");
  const clock = performance.now.bind(performance);
  const t0 = clock();
  runs ??= scenario.replications?.runs;
  const first = seed ?? scenario.seed ?? 1;
  log(`simulating ${scenario.name}: ${scenario.durationSeconds} s, ${scenario.providers.length} providers`
    + (runs === undefined ? "" : `, ${runs} replications (seeds ${first}..${first + runs - 1})`));
  let done = 0;
  // With --jobs N, replications run N at a time on worker threads. Not the default: a worker pays a
  // second or more to load and warm up, which is more than a short run takes; for runs of seconds
  // each, --jobs <cores> divides the wall time by about the number of cores (measured: 6 runs of the
  // 2,000-host bench day, 15.6 s with one job, 8.1 s with two on this 2-core machine).
  const lanes = runs === undefined ? 1 : Math.min(runs, jobs ?? 1);
  const pool = lanes > 1 ? new WorkerPool(lanes, scenario, traces) : undefined;
  if (pool) log(`  ${lanes} replications at a time (worker threads)`);
  const summary = await replicate(scenario, {
    runner: pool?.run,
    concurrency: lanes,
    seed,
    runs,
    traces,
    clock,
    series: parsed.values.series || undefined,
    onProgress: (p) => {
      // A single run reports its percentages; replications report once per run (onReplication).
      if (runs === undefined && p.fraction < 1) log(`  ${(100 * p.fraction).toFixed(0).padStart(3)}%  t=${Math.round(p.simulatedSeconds)} s  ${p.events} events  ${Math.round(clock() - t0)} ms`);
    },
    onReplication: ({ run, runs: n, seed: s, summary: r }) => {
      const now = clock();
      const w = String(n).length;
      log(`  run ${String(run + 1).padStart(w)}/${n}  seed ${s}  blocking ${(100 * r.placements.blockingProbability).toFixed(2)}%  hosts peak ${r.hostsUsedPeak}  ${r.events} events  ${Math.round(r.wallMs)} ms`
        + (pool ? ` (${++done}/${n} done, ${Math.round((now - t0) / 1000)} s)` : ""));
    },
  }).finally(() => pool?.close());
  process.stdout.write(parsed.values.json ? JSON.stringify(summary, null, 2) + "\n" : formatSummary(summary) + "\n");
  return 0;
}

/** Reads every trace the scenario names, relative to the scenario file; a missing or broken one names its field path. */
export async function readTraces(scenario: Scenario, file: string, name: string): Promise<Traces> {
  const refs: { trace: string; at: (string | number)[] }[] = [];
  (scenario.churn ?? []).forEach((c, i) => {
    if (typeof c.arrivalsPerHour !== "number") refs.push({ trace: c.arrivalsPerHour.trace, at: ["churn", i, "arrivalsPerHour", "trace"] });
  });
  (scenario.services ?? []).forEach((s, i) => {
    if ("trace" in s.load) refs.push({ trace: s.load.trace, at: ["services", i, "load", "trace"] });
  });
  const traces: Traces = {};
  const dir = path.dirname(file);
  for (const ref of refs) {
    if (ref.trace in traces) continue;
    const where = path.resolve(dir, ref.trace);
    let csv: string;
    try {
      csv = await readFile(where, "utf8");
    } catch (error) {
      throw new UsageError(`${name}: ${formatPath(ref.at)}: cannot read trace '${ref.trace}' (${where}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    try {
      traces[ref.trace] = parseCsv(csv);
    } catch (error) {
      throw new UsageError(`${name}: ${formatPath(ref.at)}: ${ref.trace} is not a CSV file: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return traces;
}

/** Worker threads that each hold the scenario and run the seeds they are given (simulate-worker.mjs). */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly all: Worker[] = [];

  constructor(size: number, scenario: Scenario, traces: Traces) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./simulate-worker.mjs", import.meta.url), { workerData: { scenario, traces } });
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs one replication on the next free worker. */
  readonly run = async ({ run, seed, series }: { run: number; seed: number; series: boolean | undefined }): Promise<SimulationSummary> => {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    try {
      return await new Promise<SimulationSummary>((resolve, reject) => {
        const onMessage = (m: { run: number; summary?: SimulationSummary; error?: string }) => {
          worker.off("error", onError);
          if (m.error !== undefined) reject(new Error(`replication ${run + 1} (seed ${seed}): ${m.error}`));
          else resolve(m.summary!);
        };
        const onError = (error: Error) => {
          worker.off("message", onMessage);
          reject(error);
        };
        worker.once("message", onMessage);
        worker.once("error", onError);
        worker.postMessage({ run, seed, series });
      });
    } finally {
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.idle.push(worker);
    }
  };

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
