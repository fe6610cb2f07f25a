// The scheduler worker's windows (server/scheduler/plan.ts: a window of more than one claimed request goes
// to place(), one request to the online placer): a stream of requests placed window by window on the
// inventory the previous windows left, by the batch engine (one place() per window, the worker's time limit)
// and by the online placer with the same scores (the engine's batch weights: for pack, `open-largest`
// beside most-allocated), one request at a time in the same order. Server groups are left out (the worker
// adds placed members as pinned requests; a stream without groups compares the packing alone).
import type { Objective, PlacementProblem, PlacementRequest, Provider } from "../contract";
import { capacityOf } from "../capacity";
import { batchWeights, createOnlinePlacer, place } from "../index";
import type { Allocation } from "../contract";
import { generateProblem } from "../testing/generate";

/** peakUtilisation: over the hosts the stream placed copies on (the fleet's own peak is the existing use's). */
export type WindowSide = { ms: number; p50WindowMs: number; placed: number; hostsUsed: number; newHostsUsed: number; peakUtilisation: number };
/** hostsDiffering: hosts whose use at the end differs between the two (0: the same placement, host for host). */
export type WindowsRun = { objective: Objective; window: number; windows: number; requests: number; batch: WindowSide; online: WindowSide; hostsDiffering: number };

export type WindowsOptions = { hosts: number; requests: number; window: number; objective: Objective; seed?: number; timeLimitMs?: number };

/** The generated cluster's requests one copy each (the worker claims requests, not classes), without server groups. */
function stream(problem: PlacementProblem): PlacementRequest[] {
  return problem.requests.flatMap((r) => {
    const { serverGroup: _sg, count = 1, ...rest } = r;
    return Array.from({ length: count }, (_, k) => ({ ...rest, id: `${r.id}.${k}` }));
  });
}

function apply(used: Map<string, Record<string, number>>, allocations: readonly Allocation[]): void {
  for (const a of allocations) {
    const u = used.get(a.provider)!;
    for (const [rc, n] of Object.entries(a.resources)) u[rc] = (u[rc] ?? 0) + n;
  }
}

/** Hosts in use, new hosts in use and the peak utilisation of the providers with the batch's use added. */
function measure(providers: readonly Provider[], used: Map<string, Record<string, number>>, added: Set<string>): Omit<WindowSide, "ms" | "p50WindowMs" | "placed"> {
  let hostsUsed = 0;
  let newHostsUsed = 0;
  let peak = 0;
  for (const p of providers) {
    if (p.kind !== "host") continue;
    const before = Object.values(p.used ?? {}).some((v) => v > 0);
    if (before || added.has(p.id)) hostsUsed++;
    if (!before && added.has(p.id)) newHostsUsed++;
    const u = used.get(p.id)!;
    if (!added.has(p.id)) continue;
    for (const [rc, inv] of Object.entries(p.inventory)) {
      const cap = capacityOf(inv);
      if (cap > 0) peak = Math.max(peak, (u[rc] ?? 0) / cap);
    }
  }
  return { hostsUsed, newHostsUsed, peakUtilisation: peak };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function runWindows(opts: WindowsOptions, clock: () => number): Promise<WindowsRun> {
  const base = generateProblem({ hosts: opts.hosts, requests: opts.requests, seed: opts.seed ?? 7, objective: opts.objective });
  const requests = stream(base).slice(0, opts.requests);
  const limit = opts.timeLimitMs ?? 300;
  const initial = () => new Map(base.providers.map((p) => [p.id, { ...(p.used ?? {}) }]));
  const isHost = new Set(base.providers.filter((p) => p.kind === "host").map((p) => p.id));

  // Batch: one place() per window on the inventory as the previous windows left it.
  const used = initial();
  const added = new Set<string>();
  const times: number[] = [];
  let placed = 0;
  let t0 = clock();
  for (let i = 0; i < requests.length; i += opts.window) {
    const providers = base.providers.map((p) => ({ ...p, used: used.get(p.id)! }));
    const t = clock();
    const result = await place({ providers, requests: requests.slice(i, i + opts.window), policy: { objective: opts.objective, timeLimitMs: limit } },
      { timeLimitMs: limit, clock, seed: 1 });
    times.push(clock() - t);
    for (const p of result.placements) {
      apply(used, p.allocations);
      for (const a of p.allocations) if (isHost.has(a.provider)) added.add(a.provider);
    }
    placed += result.placements.length;
  }
  const batch: WindowSide = { ms: clock() - t0, p50WindowMs: median(times), placed, ...measure(base.providers, used, added) };

  // Online: one placer for the whole stream, the same requests in the same order, the batch engine's weights.
  const usedOnline = initial();
  const addedOnline = new Set<string>();
  const onlineTimes: number[] = [];
  let placedOnline = 0;
  t0 = clock();
  const placer = createOnlinePlacer({ providers: base.providers, objective: opts.objective, seed: 1, weights: batchWeights });
  for (let i = 0; i < requests.length; i += opts.window) {
    const t = clock();
    for (const r of requests.slice(i, i + opts.window)) {
      const out = placer.place(r);
      if (!out.ok) continue;
      placedOnline++;
      apply(usedOnline, out.allocations);
      for (const a of out.allocations) if (isHost.has(a.provider)) addedOnline.add(a.provider);
    }
    onlineTimes.push(clock() - t);
  }
  const online: WindowSide = { ms: clock() - t0, p50WindowMs: median(onlineTimes), placed: placedOnline, ...measure(base.providers, usedOnline, addedOnline) };
  let hostsDiffering = 0;
  for (const id of isHost) {
    const a = used.get(id)!;
    const b = usedOnline.get(id)!;
    if (Object.keys({ ...a, ...b }).some((rc) => (a[rc] ?? 0) !== (b[rc] ?? 0))) hostsDiffering++;
  }
  return { objective: opts.objective, window: opts.window, windows: times.length, requests: requests.length, batch, online, hostsDiffering };
}
