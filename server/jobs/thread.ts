/**
 * A worker thread running one of the project's plain-JavaScript thread modules (which load the
 * TypeScript they need through tsx), for jobs whose work must not hold the event loop of the
 * process that runs them (on PGlite, the web process).
 *
 * The module is found from the project root (the CLI and Next's server both run there), not from
 * import.meta.url: Next bundles the callers and must not bundle the thread's module. A tiny CommonJS
 * bootstrap imports it, so the bundler sees a string, not a module to follow.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";

const BOOT = "import(require('node:url').pathToFileURL(require('node:worker_threads').workerData.file).href).catch((e) => { throw e; });";

/** A thread running `<cwd>/<segments…>` (e.g. "server", "recommend", "recommend-thread.mjs"). */
export function moduleThread(...segments: string[]): Worker {
  return new Worker(BOOT, { eval: true, workerData: { file: path.join(process.cwd(), ...segments) } });
}
