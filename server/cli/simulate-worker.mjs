// A worker thread for `headroom simulate` replications: it loads the simulator through tsx (like
// bin/headroom.mjs), takes the scenario and its parsed traces once, then runs the seeds it is sent
// and posts each summary back. Plain JavaScript, so it starts without a TypeScript loader.
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { simulate } = await import("../../simulator/simulate.ts");
const { scenario, traces } = workerData;
const clock = performance.now.bind(performance);

parentPort.on("message", async ({ run, seed, series }) => {
  try {
    const summary = await simulate(scenario, { seed, series, traces, clock });
    parentPort.postMessage({ run, summary });
  } catch (error) {
    parentPort.postMessage({ run, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
