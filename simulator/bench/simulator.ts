// `headroom bench simulator`: the event loop alone, then whole models with placement through the
// scheduler's engine, including a week of the World Cup 1998 trace at 3x on 2,000 hosts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { OnlinePlacer, RequestShape } from "../../scheduler/online";
import { Environment } from "../core/environment";
import { exponential } from "../core/distributions";
import { createRng } from "../core/rng";
import type { Scenario, Traces } from "../scenario/schema";
import { simulate } from "../simulate";
import { parseCsv } from "../trace/csv";
import { inventory } from "./inventory";
import { ALIBABA_TRACE, WORLDCUP_TRACE, peakSaleDay, worldcupWeek } from "./scenarios";

export type SimulatorBenchCase = { name: string; events: number; wallMs: number; eventsPerSecond: number; simulatedSeconds: number;
  /** Extension: wall time inside the scheduler's online placer (estimated from a sample of its calls; included in wallMs), and placements. */
  placementMs?: number; placements?: number;
  /** Extension: events per second as a share of the bare event loop's (hold model, 1,000 timers) in the same run. */
  ofCore?: number };
export type SimulatorBench = { cases: SimulatorBenchCase[] };

const now = () => performance.now();

function sharedData(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data");
}

/** The classic hold model: `pending` timers, each firing and re-arming itself after an exponential delay. */
export function holdModel(pending: number, events: number): SimulatorBenchCase {
  const env = new Environment();
  const rng = createRng(1);
  let fired = 0;
  const kind = env.register((a) => {
    if (++fired < events) env.schedule(exponential(rng, 1), kind, a);
  });
  for (let i = 0; i < pending; i++) env.schedule(exponential(rng, 1), kind, i);
  const t0 = now();
  while (env.step());
  const wallMs = now() - t0;
  return { name: `core: hold model, ${pending.toLocaleString("en-US")} pending timers`, events: env.processed, wallMs,
    eventsPerSecond: env.processed / (wallMs / 1000), simulatedSeconds: env.now };
}

/** A day of a mid-size cloud: VM churn, two services (one through a peak sale), a rack failure and random host failures. */
export function mixedDay(hosts: number): Scenario {
  return {
    name: `day-${hosts}-hosts`,
    durationSeconds: 86_400,
    providers: inventory({ zones: 2, racksPerZone: Math.max(1, hosts / 40), hostsPerRack: 20 }),
    placement: { objective: "pack", solver: "auto" },
    churn: [
      { id: "ci", arrivalsPerHour: 12 * hosts, lifetime: { kind: "exponential", mean: 900 }, request: { compute: { resources: { VCPU: 2, MEMORY_MB: 4096, DISK_GB: 20 } } } },
      { id: "batch", arrivalsPerHour: 2 * hosts, lifetime: { kind: "lognormal", mean: 4 * 3600, sd: 3 * 3600 }, request: { compute: { resources: { VCPU: 8, MEMORY_MB: 16384, DISK_GB: 100 } } } },
    ],
    services: [
      { id: "shop", request: { compute: { resources: { VCPU: 4, MEMORY_MB: 8192 } } }, rpsPerInstance: 20, minInstances: 10, maxInstances: 20 * hosts,
        scaling: { targetUtilization: 0.6, cooldownSeconds: 120, bootSeconds: { kind: "lognormal", mean: 90, sd: 30 } },
        load: { profile: "peak-sale", baseRps: 20 * hosts, peakMultiplier: 4 } },
      { id: "search", request: { compute: { resources: { VCPU: 8, MEMORY_MB: 16384 } } }, rpsPerInstance: 50, minInstances: 4, maxInstances: 4 * hosts,
        scaling: { targetUtilization: 0.7, cooldownSeconds: 300, stepInstances: 10, bootSeconds: { kind: "uniform", min: 60, max: 180 } },
        load: { profile: "diurnal", baseRps: 20 * hosts } },
    ],
    failures: [{ at: 15 * 3600, target: "az1-r01", repairSeconds: 3 * 3600 }, { hostMtbfHours: 2000, hostMttrHours: 6 }],
  };
}

/**
 * Not the product path: a stand-in placer that puts everything on the first host without looking,
 * to measure what the simulator itself costs per event, apart from the placement engine.
 */
function stubPlacer(providers: Scenario["providers"]): OnlinePlacer {
  const first = new Int32Array([0]);
  const unsupported = () => {
    throw new Error("the stub placer has only the hot path");
  };
  let tokens = 0;
  const freed: number[] = [];
  let template: RequestShape | undefined;
  return {
    place: unsupported,
    release: unsupported,
    holds: unsupported,
    setProviderDown: () => undefined,
    shape: (request) => ({ request }),
    placeShape(shape) {
      template = shape.request;
      return freed.length > 0 ? freed.pop()! : tokens++;
    },
    explain: () => ({ code: "NO_CAPACITY", reason: "stub" }),
    providersOf: () => first.slice(),
    providersInto: (_token, out) => {
      out[0] = 0;
      return 1;
    },
    allocationsOf: () => [{ provider: providers[0]!.id, resources: template!.compute.resources }],
    releaseToken: (token) => void freed.push(token),
  };
}

/** One call in this many to the online placer is timed (reading the clock on every call would add ~10% to the run it measures). */
const SAMPLE_EVERY = 16;

/**
 * Runs a scenario, estimating the time inside the online placer from a sample of its calls (or
 * replacing it by the stub to measure the simulator alone).
 */
export async function model(name: string, scenario: Scenario, traces: Traces, stub = false): Promise<SimulatorBenchCase> {
  let sampledMs = 0;
  let calls = 0;
  let placements = 0;
  const timed = <A extends unknown[], R>(f: (...args: A) => R, count: boolean) => (...args: A): R => {
    if (count) placements++;
    if (++calls % SAMPLE_EVERY !== 0) return f(...args);
    const t = now();
    const out = f(...args);
    sampledMs += now() - t;
    return out;
  };
  const wrapPlacer = stub ? () => stubPlacer(scenario.providers) : (p: OnlinePlacer): OnlinePlacer => ({
    place: timed((r) => p.place(r), true),
    release: timed((id) => p.release(id), false),
    setProviderDown: timed((id, down) => p.setProviderDown(id, down), false),
    holds: (id) => p.holds(id),
    shape: (r) => p.shape(r),
    placeShape: timed((s) => p.placeShape(s), true),
    explain: (s) => p.explain(s),
    providersOf: (t) => p.providersOf(t),
    providersInto: (t, out) => p.providersInto(t, out),
    allocationsOf: (t) => p.allocationsOf(t),
    releaseToken: timed((t) => p.releaseToken(t), false),
  });
  const summary = await simulate(scenario, { traces, clock: now, wrapPlacer });
  const measured = { name, events: summary.events, wallMs: summary.wallMs, eventsPerSecond: summary.events / (summary.wallMs / 1000),
    simulatedSeconds: summary.simulatedSeconds };
  return stub ? measured : { ...measured, placementMs: sampledMs * SAMPLE_EVERY, placements };
}

export async function runSimulatorBench({ log }: { log: (line: string) => void }): Promise<SimulatorBench> {
  const cases: SimulatorBenchCase[] = [];
  const add = (c: SimulatorBenchCase) => {
    cases.push(c);
    log(`  ${c.name}: ${Math.round(c.eventsPerSecond).toLocaleString("en-US")} events/s (${c.events.toLocaleString("en-US")} events in ${Math.round(c.wallMs)} ms)`);
  };
  log("simulator bench: event loop alone");
  holdModel(1000, 200_000); // warm-up
  const core = holdModel(1_000, 5_000_000);
  add(core);
  add(holdModel(100_000, 5_000_000));
  log("simulator bench: whole models, placement through the scheduler's online placer and batch engine");
  const data = sharedData();
  const traces: Traces = {
    [WORLDCUP_TRACE]: parseCsv(readFileSync(path.join(data, WORLDCUP_TRACE), "utf8")),
    [ALIBABA_TRACE]: parseCsv(readFileSync(path.join(data, ALIBABA_TRACE), "utf8")),
  };
  const alone: Scenario = { ...mixedDay(500), failures: [], placement: { solver: "greedy" } };
  // Warm-up (not reported): the same code paths for a few simulated hours, so the engine has compiled
  // them and the batch engine's modules are loaded before anything is timed.
  await model("warm-up", { ...alone, durationSeconds: 6 * 3600 }, traces, true);
  await model("warm-up", { ...mixedDay(500), durationSeconds: 16 * 3600 }, traces);
  add(await model("simulator alone: day, 500 hosts, churn + 2 scaled services (stub placer, not the product path)", alone, traces, true));
  add(await model("model: day, 100 hosts, churn + 2 scaled services + failures", mixedDay(100), traces));
  add(await model("model: day, 500 hosts, churn + 2 scaled services + failures", mixedDay(500), traces));
  add(await model("model: peak sale day, 2,000 hosts, 40 scaled services + churn + rack failure at the peak + host failures",
    peakSaleDay({ hosts: 2000, services: 40 }), traces));
  add(await model("model: World Cup 98 week at 3x, 2,000 hosts, service only", worldcupWeek({ hosts: 2000, days: 7, churnPerHour: 0 }), traces));
  add(await model("model: World Cup 98 day at 3x, 2,000 hosts, with churn", worldcupWeek({ hosts: 2000, days: 1, churnPerHour: 600 }), traces));
  for (const c of cases) c.ofCore = c.eventsPerSecond / core.eventsPerSecond;
  return { cases };
}

export function formatSimulatorBench(result: SimulatorBench): string {
  const rows = result.cases.map((c) => [
    c.name,
    c.events.toLocaleString("en-US"),
    c.simulatedSeconds >= 86_400 ? `${(c.simulatedSeconds / 86_400).toFixed(0)} d` : `${Math.round(c.simulatedSeconds).toLocaleString("en-US")} s`,
    Math.round(c.wallMs).toLocaleString("en-US"),
    Math.round(c.eventsPerSecond).toLocaleString("en-US"),
    c.ofCore === undefined ? "-" : `${c.ofCore.toFixed(2)}x`,
    c.placementMs === undefined ? "-" : `${Math.round((100 * c.placementMs) / c.wallMs)}%`,
    c.placements === undefined ? "-" : `${((1000 * c.placementMs!) / Math.max(1, c.placements)).toFixed(1)}`,
  ]);
  const header = ["case", "events", "simulated", "wall ms", "events/s", "of core", "in placer", "µs/placement"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}
