// A worker thread that runs scenario simulations for the job worker (server/scenarios/runner.ts), so
// a run never blocks the web process's event loop (on PGlite the jobs run inside it). It loads the
// simulator once through tsx (like bin/headroom.mjs) and then runs what it is sent, one at a time,
// posting progress and the summary back. Plain JavaScript, so it starts without a TypeScript loader.
import { performance } from "node:perf_hooks";
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { replicate } = await import("../../simulator/replicate.ts");
const clock = performance.now.bind(performance);

parentPort.on("message", async ({ scenario, traces, seed, runs }) => {
  try {
    const summary = await replicate(scenario, {
      seed, runs, traces, clock, series: true,
      onProgress: (p) => parentPort.postMessage({ type: "progress", fraction: (p.run + p.fraction) / p.runs, simulatedSeconds: p.simulatedSeconds, events: p.events, run: p.run, runs: p.runs }),
    });
    parentPort.postMessage({ type: "done", summary });
  } catch (error) {
    parentPort.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  }
});
parentPort.postMessage({ type: "ready" });
