// `headroom bench placement`: the engine beside the Nova-like greedy baseline, on the same problems
// in the same process. Cases: the benchmark families with known optima (aggregated per family), a
// generated cluster of 1,000 hosts and 5,000 mixed requests, a batch where storage and networks bind
// rather than compute, a batch where arrival order defeats one-at-a-time placement, the online
// path (one request at a time) against 5,000 hosts, a region (10,000 hosts x 100,000 requests, region.ts),
// and the scheduler worker's windows (windows.ts: place() per window against the online placer).
import type { PlacementProblem, PlacementResult } from "../contract";
import { createOnlinePlacer, place, placeGreedy } from "../index";
import { generateProblem, generateStorageBoundProblem } from "../testing/generate";
import type { BenchInstance } from "./instances";
import { loadAllInstances } from "./instances";
import { arrivalOrderProblem, instanceProblem } from "./problems";
import { runRegion } from "./region";
import { runWindows } from "./windows";

export type PlacementBenchCase = {
  name: string; hosts: number; requests: number;
  engine: { solver: string; ms: number; hostsUsed: number; newHostsUsed: number; placed: number; lowerBound: number | null };
  greedy: { ms: number; hostsUsed: number; newHostsUsed: number; placed: number };
  /** benchmark families: sum of the known optima, and instances where each reached it */
  optimum?: number; instances?: number; engineAtOptimum?: number; greedyAtOptimum?: number;
  /** the online path: latency of one placement */
  online?: { requests: number; p50Ms: number; p99Ms: number };
  /** region scale: memory after the engine's run (MiB), and the online placer with the engine's pack weights beside the baseline */
  memory?: { rssMb: number; heapUsedMb: number };
  onlinePack?: { ms: number; hostsUsed: number; newHostsUsed: number; placed: number };
  /** the worker's windows (windows.ts): the "greedy" side is the online placer with the same weights; peak utilisation of the hosts placed on, and hosts whose use differs */
  windows?: { window: number; objective: string; enginePeak: number; onlinePeak: number; hostsDiffering: number };
};
export type PlacementBench = { cases: PlacementBenchCase[] };

const now = performance.now.bind(performance);

/**
 * The engine's time limit per benchmark instance: the contract's default (policy.timeLimitMs 10 s), so
 * the bench shows what a user gets. The limit is a ceiling: the engine's own budget policy decides how
 * long it works (construction and model, then the packing search, which stops at the proven lower
 * bound); env HEADROOM_BENCH_INSTANCE_LIMIT_MS overrides.
 */
const DEFAULT_LIMIT_MS = 10_000;
function instanceLimitMs(): number {
  const v = Number(process.env.HEADROOM_BENCH_INSTANCE_LIMIT_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_LIMIT_MS;
}

function requestCount(p: PlacementProblem): number {
  return p.requests.reduce((n, r) => n + (r.count ?? 1), 0);
}

function hostCount(p: PlacementProblem): number {
  return p.providers.filter((x) => x.kind === "host").length;
}

async function runBoth(problem: PlacementProblem, seed = 1): Promise<{ engine: PlacementResult; engineMs: number; greedy: PlacementResult; greedyMs: number }> {
  let t = now();
  const engine = await place(problem, { clock: now, seed });
  const engineMs = now() - t;
  t = now();
  const greedy = placeGreedy(problem, { clock: now, seed });
  const greedyMs = now() - t;
  return { engine, engineMs, greedy, greedyMs };
}

function caseOf(name: string, problem: PlacementProblem, r: Awaited<ReturnType<typeof runBoth>>): PlacementBenchCase {
  return {
    name, hosts: hostCount(problem), requests: requestCount(problem),
    engine: { solver: r.engine.stats.solver, ms: round(r.engineMs), hostsUsed: r.engine.stats.hostsUsed, newHostsUsed: r.engine.stats.newHostsUsed,
      placed: r.engine.placements.length, lowerBound: r.engine.stats.lowerBound },
    greedy: { ms: round(r.greedyMs), hostsUsed: r.greedy.stats.hostsUsed, newHostsUsed: r.greedy.stats.newHostsUsed, placed: r.greedy.placements.length },
  };
}

async function familyCase(name: string, xs: BenchInstance[], log: (line: string) => void): Promise<PlacementBenchCase> {
  const sum: PlacementBenchCase = {
    name, hosts: 0, requests: 0,
    engine: { solver: "", ms: 0, hostsUsed: 0, newHostsUsed: 0, placed: 0, lowerBound: 0 },
    greedy: { ms: 0, hostsUsed: 0, newHostsUsed: 0, placed: 0 },
    optimum: 0, instances: xs.length, engineAtOptimum: 0, greedyAtOptimum: 0,
  };
  const solvers = new Set<string>();
  for (const x of xs) {
    const problem = instanceProblem(x, instanceLimitMs());
    const r = await runBoth(problem);
    const c = caseOf(x.name, problem, r);
    sum.hosts += c.hosts; sum.requests += c.requests; sum.optimum! += x.optimum;
    sum.engine.ms += c.engine.ms; sum.engine.hostsUsed += c.engine.hostsUsed; sum.engine.newHostsUsed += c.engine.newHostsUsed; sum.engine.placed += c.engine.placed;
    sum.engine.lowerBound = sum.engine.lowerBound === null || c.engine.lowerBound === null ? null : sum.engine.lowerBound + c.engine.lowerBound;
    sum.greedy.ms += c.greedy.ms; sum.greedy.hostsUsed += c.greedy.hostsUsed; sum.greedy.newHostsUsed += c.greedy.newHostsUsed; sum.greedy.placed += c.greedy.placed;
    if (c.engine.hostsUsed === x.optimum && c.engine.placed === c.requests) sum.engineAtOptimum!++;
    if (c.greedy.hostsUsed === x.optimum && c.greedy.placed === c.requests) sum.greedyAtOptimum!++;
    solvers.add(c.engine.solver);
  }
  sum.engine.solver = [...solvers].sort().join(" | ");
  sum.engine.ms = round(sum.engine.ms); sum.greedy.ms = round(sum.greedy.ms);
  log(`${name}: ${xs.length} instances, engine at optimum on ${sum.engineAtOptimum}, greedy on ${sum.greedyAtOptimum}; hosts ${sum.engine.hostsUsed} vs ${sum.greedy.hostsUsed} (optimum ${sum.optimum})`);
  return sum;
}

/** Benchmark families: u120, t120, and the vector instances per class and dims. */
export function families(all: BenchInstance[]): [string, BenchInstance[]][] {
  const out = new Map<string, BenchInstance[]>();
  for (const x of all) {
    const parts = x.name.split("_");
    const key = x.family === "vector" ? `vector ${parts[0]} d=${parts[2]}` : `falkenauer ${x.family}`;
    out.set(key, [...(out.get(key) ?? []), x]);
  }
  return [...out];
}

/** One request at a time through the online placer; latency per call. */
function onlineCase(log: (line: string) => void): PlacementBenchCase {
  const problem = generateProblem({ hosts: 5000, requests: 5000, seed: 11 });
  const placer = createOnlinePlacer({ providers: problem.providers, serverGroups: problem.serverGroups ?? [], objective: "pack", seed: 1 });
  const lat: number[] = [];
  const hostsTouched = new Set<string>();
  const isHost = new Set(problem.providers.filter((p) => p.kind === "host").map((p) => p.id));
  const preUsed = new Set(problem.providers.filter((p) => p.kind === "host" && Object.values(p.used ?? {}).some((v) => v > 0)).map((p) => p.id));
  let placed = 0;
  const t0 = now();
  for (const r of problem.requests) {
    for (let k = 0; k < (r.count ?? 1); k++) {
      const one = { ...r, id: `${r.id}#${k}` };
      delete one.count;
      const t = now();
      const out = placer.place(one);
      lat.push(now() - t);
      if (out.ok) {
        placed++;
        for (const a of out.allocations) if (isHost.has(a.provider)) hostsTouched.add(a.provider);
      }
    }
  }
  const ms = now() - t0;
  lat.sort((a, b) => a - b);
  const q = (p: number) => round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0, 3);
  const t = now();
  const greedy = placeGreedy(problem, { clock: now, seed: 1 });
  const greedyMs = now() - t;
  const newHosts = [...hostsTouched].filter((h) => !preUsed.has(h)).length;
  const c: PlacementBenchCase = {
    name: "online: one request at a time, 5,000 hosts", hosts: hostCount(problem), requests: requestCount(problem),
    engine: { solver: "online", ms: round(ms), hostsUsed: preUsed.size + newHosts, newHostsUsed: newHosts, placed, lowerBound: null },
    greedy: { ms: round(greedyMs), hostsUsed: greedy.stats.hostsUsed, newHostsUsed: greedy.stats.newHostsUsed, placed: greedy.placements.length },
    online: { requests: lat.length, p50Ms: q(0.5), p99Ms: q(0.99) },
  };
  log(`online: ${lat.length} placements, p50 ${c.online!.p50Ms} ms, p99 ${c.online!.p99Ms} ms`);
  return c;
}

export async function runPlacementBench({ log }: { log: (line: string) => void }): Promise<PlacementBench> {
  const cases: PlacementBenchCase[] = [];
  for (const [name, xs] of families(loadAllInstances())) cases.push(await familyCase(name, xs, log));

  log("generated: 1,000 hosts, 5,000 mixed requests (flavors, volumes, ports, server groups, existing use)");
  const big = generateProblem({ hosts: 1000, requests: 5000, seed: 7 });
  const bigRun = await runBoth(big);
  cases.push(caseOf("generated: 1,000 hosts, 5,000 requests, fragmented", big, bigRun));
  log(`generated: engine ${round(bigRun.engineMs)} ms (${bigRun.engine.stats.solver}), ${bigRun.engine.stats.newHostsUsed} new hosts; greedy ${bigRun.greedy.stats.newHostsUsed}`);

  log("storage-bound: 150 hosts, 600 requests; az1's Ceph pools nearly full, a few free addresses per rack subnet");
  const storage = generateStorageBoundProblem({ hosts: 150, requests: 600, seed: 5 });
  const storageRun = await runBoth(storage);
  cases.push(caseOf("storage-bound: 150 hosts, 600 requests, full pools and subnets", storage, storageRun));
  log(`storage-bound: engine placed ${storageRun.engine.placements.length} (${storageRun.engine.stats.solver}), greedy ${storageRun.greedy.placements.length}`);

  log("arrival order: small VMs before large ones");
  const order = arrivalOrderProblem();
  const orderRun = await runBoth(order);
  cases.push(caseOf("arrival order: 400 m5.4xlarge then 200 r5.8xlarge", order, orderRun));

  cases.push(onlineCase(log));

  log("region: 10,000 hosts in 500 racks, 60% in use, 100,000 requests (30% with a volume and a port, 175 anti-affinity groups), 10 s limit");
  const region = await runRegion(now, {}, log);
  const rc: PlacementBenchCase = {
    name: "region: 10,000 hosts, 100,000 requests, 60% in use", hosts: hostCount(region.problem), requests: requestCount(region.problem),
    engine: { solver: region.engine.stats.solver, ms: round(region.engineMs), hostsUsed: region.engine.stats.hostsUsed, newHostsUsed: region.engine.stats.newHostsUsed,
      placed: region.engine.placements.length, lowerBound: region.engine.stats.lowerBound },
    greedy: { ms: round(region.greedy.ms), hostsUsed: region.greedy.hostsUsed, newHostsUsed: region.greedy.newHostsUsed, placed: region.greedy.placed },
    memory: region.memory,
    onlinePack: { ...region.online, ms: round(region.online.ms) },
  };
  cases.push(rc);
  log(`region: engine ${rc.engine.newHostsUsed} new hosts (bound ${rc.engine.lowerBound}, ${rc.engine.ms} ms), Nova-like greedy ${rc.greedy.newHostsUsed}, online placer ${rc.onlinePack!.newHostsUsed}; rss ${rc.memory!.rssMb} MiB, heap ${rc.memory!.heapUsedMb} MiB`);
  for (const objective of ["spread", "pack"] as const) {
    for (const window of [10, 50]) {
      log(`windows: 300 hosts, 1,500 requests in windows of ${window}, ${objective}, 300 ms each (the worker's), against the online placer with the same weights`);
      const w = await runWindows({ hosts: 300, requests: 1500, window, objective }, now);
      const side = (x: typeof w.batch) => ({ ms: round(x.ms), hostsUsed: x.hostsUsed, newHostsUsed: x.newHostsUsed, placed: x.placed });
      cases.push({
        name: `windows of ${window}: 300 hosts, 1,500 requests, ${objective}`, hosts: 300, requests: w.requests,
        engine: { solver: "place() per window", ...side(w.batch), lowerBound: null }, greedy: side(w.online),
        windows: { window, objective, enginePeak: round(w.batch.peakUtilisation, 3), onlinePeak: round(w.online.peakUtilisation, 3), hostsDiffering: w.hostsDiffering },
      });
    }
  }
  return { cases };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function ratio(a: number, b: number): string {
  return b === 0 ? (a === 0 ? "1.000" : "-") : (a / b).toFixed(3);
}

/** A table for people: engine beside greedy, with ratios engine/greedy (below 1: the engine did better). */
export function formatPlacementBench(result: PlacementBench): string {
  const head = ["case", "hosts", "requests", "engine new hosts", "greedy new hosts", "ratio", "engine hosts used", "greedy hosts used", "ratio",
    "placed e/g", "lower bound", "optimum", "at optimum e/g", "engine ms", "greedy ms", "solver"];
  const rows = result.cases.map((c) => [
    c.name, String(c.hosts), String(c.requests),
    String(c.engine.newHostsUsed), String(c.greedy.newHostsUsed), ratio(c.engine.newHostsUsed, c.greedy.newHostsUsed),
    String(c.engine.hostsUsed), String(c.greedy.hostsUsed), ratio(c.engine.hostsUsed, c.greedy.hostsUsed),
    `${c.engine.placed}/${c.greedy.placed}`, c.engine.lowerBound === null ? "-" : String(c.engine.lowerBound),
    c.optimum === undefined ? "-" : String(c.optimum),
    c.instances === undefined ? "-" : `${c.engineAtOptimum}/${c.greedyAtOptimum} of ${c.instances}`,
    String(c.engine.ms), String(c.greedy.ms),
    c.online ? `${c.engine.solver}: p50 ${c.online.p50Ms} ms, p99 ${c.online.p99Ms} ms`
      : c.windows ? `${c.engine.solver}; greedy = online placer, same weights; peak e/o ${c.windows.enginePeak}/${c.windows.onlinePeak}; ${c.windows.hostsDiffering} hosts differ`
      : c.memory ? `${c.engine.solver}; rss ${c.memory.rssMb} MiB; greedy = Nova-like on the online index; online placer (pack weights) ${c.onlinePack?.newHostsUsed ?? "-"} new`
      : c.engine.solver,
  ]);
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (r: string[]) => r.map((x, k) => (k === 0 || k === r.length - 1 ? x.padEnd(width[k]!) : x.padStart(width[k]!))).join("  ").trimEnd();
  return [line(head), line(width.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
