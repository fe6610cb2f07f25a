// A worker thread that works one recommendation out for the "recommend.run" job (job.ts), so that
// its simulations and integer programs never block the web process's event loop (on PGlite the jobs
// run inside it). It loads the engine and the simulator through tsx (like bin/headroom.mjs), runs
// the one request it is sent, posting each step's sentence and each simulation's progress, then the
// answer. Plain JavaScript, so it starts without a TypeScript loader.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { runPrepared } = await import("./service.ts");
const { simulate } = await import("../../simulator/simulate.ts");

parentPort.once("message", async (prepared) => {
  let simulations = 0;
  let line = "";
  let last = 0;
  const post = (fraction, force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    parentPort.postMessage({ type: "progress", simulations, fraction, line });
  };
  try {
    const out = await runPrepared(prepared, {
      onProgress: (l) => { line = l; post(1, true); },
      simulate: (s, o) => {
        simulations += 1;
        post(0, true);
        return simulate(s, { traces: o.traces, series: o.series, onProgress: (p) => post(p.fraction) });
      },
    });
    parentPort.postMessage({ type: "done", out });
  } catch (error) {
    parentPort.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ type: "ready" });
