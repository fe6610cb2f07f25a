/**
 * Runs a simulation on a worker thread (simulate-thread.mjs), keeping one thread loaded and warm so
 * a run starts at once: loading the simulator through tsx costs a second or more, paid here ahead
 * of time. A cancelled run terminates its thread (simulate() has no other way to stop) and a fresh
 * one is warmed for the next run.
 */
import type { Worker } from "node:worker_threads";
import { moduleThread } from "../jobs/thread";
import type { Scenario, Traces } from "../../simulator/scenario/schema";
import type { SimulationSummary } from "../../simulator/summary";

export type ThreadProgress = { fraction: number; simulatedSeconds: number; events: number; run: number; runs: number };
type Message = { type: "ready" } | ({ type: "progress" } & ThreadProgress) | { type: "done"; summary: SimulationSummary } | { type: "error"; message: string };

export class RunCancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

let warm: Worker | undefined;

function spawn(): Worker {
  const worker = moduleThread("server", "scenarios", "simulate-thread.mjs");
  worker.unref();
  worker.on("error", () => {
    if (warm === worker) warm = undefined;
  });
  return worker;
}

/** Starts the warm thread now (the job worker calls this when it starts). */
export function warmUp(): void {
  warm ??= spawn();
}

/** Stops the warm thread (shutdown; tests). */
export async function coolDown(): Promise<void> {
  const w = warm;
  warm = undefined;
  await w?.terminate();
}

export async function runOnThread(
  input: { scenario: Scenario; traces: Traces; seed: number; runs: number | undefined },
  options: { signal: AbortSignal; onProgress: (p: ThreadProgress) => void },
): Promise<SimulationSummary> {
  const worker = warm ?? spawn();
  warm = undefined;
  worker.ref();
  let finished = false;
  try {
    return await new Promise<SimulationSummary>((resolve, reject) => {
      const abort = () => reject(new RunCancelled());
      if (options.signal.aborted) return abort();
      options.signal.addEventListener("abort", abort, { once: true });
      worker.on("message", (m: Message) => {
        if (m.type === "progress") options.onProgress(m);
        else if (m.type === "done") resolve(m.summary);
        else if (m.type === "error") reject(new Error(m.message));
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the simulation thread stopped (exit code ${code})`)));
      worker.postMessage(input);
    }).then((s) => {
      finished = true;
      return s;
    });
  } finally {
    if (finished) {
      // Healthy and idle: keep it as the warm thread (its listeners go, its loaded simulator stays).
      worker.removeAllListeners("message");
      worker.removeAllListeners("exit");
      worker.removeAllListeners("error");
      worker.on("error", () => {
        if (warm === worker) warm = undefined;
      });
      worker.unref();
      if (warm === undefined) warm = worker;
      else void worker.terminate();
    } else {
      void worker.terminate();
      warm ??= spawn();
    }
  }
}
