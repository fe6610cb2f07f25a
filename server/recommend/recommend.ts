/**
 * The capacity recommendation (DESIGN §7, contract "Planning and reports"): the cheapest purchase of
 * host models, per zone, such that the scenario with every load x K and TARGET down from the first
 * second to the last keeps its blocking target and no service is overloaded longer than allowed.
 *
 * 1. Demand: the stressed scenario is simulated once beside an unlimited pool (per zone, enough
 *    "probe" hosts, each as large as the largest model in every class and with every model's
 *    traits); the peak use per zone and class, less what the surviving hosts hold, is the demand.
 *    That run is also the best any purchase can do: if it misses a target (overload from boot and
 *    cooldown lag, or requests no model can serve), no purchase meets it, and the answer says by how
 *    much instead of buying without end.
 * 2. Sizing: the integer program of size.ts over the models, through the solver port; its optimum is
 *    the proven lower bound on the cost of covering the measured demand.
 * 3. Check and raise: the purchase is added as hosts `new-<model>-<n>` in new racks of its zone, the
 *    scenario simulated under the same K and failure; while it misses a target, the demand of each
 *    zone and class that ran full (97% of its surviving and bought capacity) is raised by a host's
 *    worth or 5%, whichever is more, and the program solved again.
 * 4. Bisect: between the last demand that missed and the first that met, the halfway demand is sized
 *    and checked (three times); then one host fewer of each line is checked (dearest model first),
 *    and taken while the check holds, within a budget of simulations. Each line of the answer says
 *    whether one host fewer fails the check, passes it (then the answer is within the bound's gap),
 *    or was not tried.
 * Pure: the simulator and the solver come in as functions and a port; no clock except the one given.
 */
import type { Provider } from "../../scheduler/contract";
import type { SolverPort } from "../../scheduler";
import type { Scenario, Traces } from "../../simulator/scenario/schema";
import type { SimulationSummary } from "../../simulator/summary";
import { capacityOf } from "../../scheduler/capacity";
import type { HostModel, Targets } from "./schema";
import { countKey, hostCapacity, sizePurchase, type Deficits } from "./size";

export type PurchaseLine = { model: string; zone: string | null; rack: string | null; count: number };
export type Recommendation = {
  purchase: PurchaseLine[];
  cost: number;
  lowerBoundCost: number | null;
  check: SimulationSummary;
  margin: { blocking: number; overloadSeconds: number };
  // Extensions.
  met: boolean;
  unreachable: null | { blocking: number; overloadSeconds: number; services: { id: string; overloadSeconds: number }[]; uncovered: { zone: string | null; class: string }[]; reason: string };
  demand: { zone: string | null; class: string; peak: number; surviving: number; deficit: number }[];
  steps: { cost: number; hosts: number; blocking: number; overloadSeconds: number; met: boolean; why: "sized" | "raised" | "bisect" | "remove-one" }[];
  removeOne: { model: string; zone: string | null; costWithout: number; check: "fails" | "passes" | "not tried"; withinBound: boolean }[];
  simulations: number;
};

export type Simulate = (scenario: Scenario, options: { traces: Traces; series?: boolean }) => Promise<SimulationSummary>;

export type RecommendInput = {
  scenario: Scenario;
  traces: Traces;
  models: HostModel[];
  targets: Targets;
  solver: SolverPort;
  simulate: Simulate;
  maxSteps?: number;
  /** Simulations the bisection and the remove-one checks may spend; default 6. */
  trimBudget?: number;
  /** Halvings between the last purchase that missed and the first that met; default 3. */
  bisectSteps?: number;
  onProgress?: (line: string) => void;
};

export class RecommendError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const hostsOf = (s: Scenario) => s.providers.filter((p) => p.kind === "host");
const maxOverload = (s: SimulationSummary) => Math.max(0, ...s.services.map((x) => x.overloadSeconds));
const capOf = (p: Provider, rc: string) => (p.inventory[rc] ? capacityOf(p.inventory[rc]) : 0);

function isDown(p: Provider, target: string | undefined): boolean {
  return target !== undefined && (p.id === target || p.rack === target || p.zone === target);
}

/** Why `fail` names nothing the scenario holds, or null when it is a provider, rack or zone of it (or absent). */
export function checkFailTarget(scenario: Scenario, fail: string | undefined): string | null {
  if (fail === undefined || scenario.providers.some((p) => p.id === fail || p.rack === fail || p.zone === fail)) return null;
  const racks = [...new Set(scenario.providers.flatMap((p) => (p.rack ? [p.rack] : [])))].slice(0, 8);
  return `'${fail}' is no provider, rack or zone of the scenario (racks: ${racks.join(", ")}${racks.length === 8 ? ", ..." : ""})`;
}

export async function recommend(input: RecommendInput): Promise<Recommendation> {
  const { scenario, models, targets, solver } = input;
  const log = input.onProgress ?? (() => {});
  const hosts = hostsOf(scenario);
  const failIssue = checkFailTarget(scenario, targets.fail);
  if (failIssue !== null) throw new RecommendError("fail", failIssue);
  const zonesAll = [...new Set(hosts.map((h) => h.zone ?? null))].sort((a, b) => (a ?? "").localeCompare(b ?? ""));
  const zones = zonesAll.length === 0 ? [null] : zonesAll;
  const buyable = zones.filter((z) => z === null || z !== targets.fail);
  const classes = [...new Set([...hosts.flatMap((h) => Object.keys(h.inventory)), ...models.flatMap((m) => Object.keys(m.inventory))])].sort();
  const aggregatesOf = new Map(zones.map((z) => [z, [...new Set(hosts.filter((h) => (h.zone ?? null) === z).flatMap((h) => h.aggregates ?? []))].sort()]));
  let simulations = 0;

  const stressed = (extra: Provider[]): Scenario => ({
    ...scenario,
    replications: undefined,
    providers: [...scenario.providers, ...extra],
    loadMultiplier: (scenario.loadMultiplier ?? 1) * targets.peak,
    failures: [...(scenario.failures ?? []), ...(targets.fail === undefined ? [] : [{ at: 0, target: targets.fail }])],
  });
  const run = async (extra: Provider[], series = false) => {
    simulations++;
    return input.simulate(stressed(extra), { traces: input.traces, series });
  };

  // 1. Demand beside an unlimited pool.
  const probe = {
    inventory: Object.fromEntries(classes.map((rc) => [rc, { total: Math.max(0, ...models.map((m) => hostCapacity(m, rc))) }]).filter(([, inv]) => (inv as { total: number }).total > 0)) as Provider["inventory"],
    traits: [...new Set(models.flatMap((m) => m.traits ?? []))].sort(),
  };
  const totalCap = (rc: string) => hosts.reduce((s, h) => s + capOf(h, rc), 0);
  const probesPerZone = Math.max(2, ...classes.map((rc) => (probe.inventory[rc] ? Math.ceil((targets.peak * totalCap(rc)) / capacityOf(probe.inventory[rc])) : 0))) + 2;
  const probes: Provider[] = zones.flatMap((z) => Array.from({ length: probesPerZone }, (_, i) => ({
    id: `probe-${z ?? "any"}-${i + 1}`, kind: "host" as const, ...(z === null ? {} : { zone: z }), rack: `probe-${z ?? "any"}`,
    inventory: probe.inventory, traits: probe.traits, aggregates: aggregatesOf.get(z) ?? [],
  })));
  log(`measuring demand: the scenario x${targets.peak}${targets.fail ? ` with ${targets.fail} down` : ""} beside ${probes.length} unlimited hosts`);
  const unlimited = await run(probes, true);
  const zoneCap = (z: string | null, rc: string, extra: Provider[]) => [...hosts, ...extra].filter((h) => z === null || h.zone === z).reduce((s, h) => s + capOf(h, rc), 0);
  const peakUse = (summary: SimulationSummary, z: string | null, rc: string, extra: Provider[]) => {
    const key = z === null || zonesAll.length === 0 ? `util/${rc}` : `util/${z}/${rc}`;
    const peak = Math.max(0, ...(summary.series ?? []).map((row) => Number(row[key] ?? 0)));
    return peak * zoneCap(z, rc, extra);
  };
  const surviving = (z: string | null, rc: string) => hosts.filter((h) => (z === null || h.zone === z) && !isDown(h, targets.fail)).reduce((s, h) => s + capOf(h, rc), 0);
  const demand: Recommendation["demand"] = [];
  const deficits: Deficits = new Map();
  for (const z of zones) {
    const m = new Map<string, number>();
    for (const rc of classes) {
      const peak = peakUse(unlimited, z, rc, probes);
      const surv = surviving(z, rc);
      const deficit = Math.max(0, peak - surv);
      if (peak > 0) demand.push({ zone: z, class: rc, peak, surviving: surv, deficit });
      if (deficit > 0 && buyable.includes(z)) m.set(rc, deficit);
    }
    deficits.set(z, m);
  }
  // What no purchase can do better than: the unlimited run's own figures.
  const lagOverload = unlimited.services.filter((s) => s.overloadSeconds > targets.maxOverloadSeconds);
  const lagBlocking = unlimited.placements.blockingProbability > targets.targetBlocking;
  const goal = {
    blocking: lagBlocking ? unlimited.placements.blockingProbability + 0.001 : targets.targetBlocking,
    overload: new Map(unlimited.services.map((s) => [s.id, s.overloadSeconds > targets.maxOverloadSeconds ? s.overloadSeconds * 1.1 + 60 : targets.maxOverloadSeconds])),
  };
  const meets = (s: SimulationSummary) => s.placements.blockingProbability <= goal.blocking + 1e-12
    && s.services.every((x) => x.overloadSeconds <= (goal.overload.get(x.id) ?? targets.maxOverloadSeconds) + 1e-9);

  // 2. Size; 3. check and raise.
  const modelById = new Map(models.map((m) => [m.id, m]));
  const minHost = (rc: string) => Math.min(...models.map((m) => hostCapacity(m, rc)).filter((c) => c > 0));
  const sized = await sizePurchase(solver, deficits, models, buyable);
  const lowerBoundCost = sized.status === "infeasible" ? null : sized.bound;
  const steps: Recommendation["steps"] = [];
  const costOf = (counts: Map<string, number>) => [...counts].reduce((s, [k, n]) => s + n * modelById.get(k.split("|")[0]!)!.price, 0);
  let counts = sized.counts;
  let extra = providersFor(counts, modelById, aggregatesOf);
  let check = await run(extra, true);
  let met = meets(check);
  steps.push({ cost: costOf(counts), hosts: extra.length, blocking: check.placements.blockingProbability, overloadSeconds: maxOverload(check), met, why: "sized" });
  log(`sized: ${extra.length} hosts, cost ${costOf(counts)} (bound ${lowerBoundCost ?? "none"}): ${met ? "meets the targets" : "misses them"}`);
  const maxSteps = input.maxSteps ?? 20;
  let missed: Deficits | null = null;
  for (let step = 0; !met && step < maxSteps && sized.uncovered.length === 0; step++) {
    missed = cloneDeficits(deficits);
    let raised = false;
    for (const z of buyable) {
      const m = deficits.get(z) ?? new Map<string, number>();
      let worst: [string, number] | null = null;
      for (const rc of classes) {
        const available = surviving(z, rc) + extra.filter((h) => (z === null || h.zone === z)).reduce((s, h) => s + capOf(h, rc), 0);
        if (available <= 0 || !Number.isFinite(minHost(rc))) continue;
        const fill = peakUse(check, z, rc, extra) / available;
        if (fill >= 0.97) {
          m.set(rc, (m.get(rc) ?? 0) + Math.max(minHost(rc), 0.05 * available));
          raised = true;
        }
        if (worst === null || fill > worst[1]) worst = [rc, fill];
      }
      deficits.set(z, m);
      if (!raised && worst && z === buyable[buyable.length - 1]) {
        // Nothing ran full yet the check misses: raise every zone's fullest class by one host.
        for (const zz of buyable) {
          const mm = deficits.get(zz)!;
          mm.set(worst[0], (mm.get(worst[0]) ?? 0) + minHost(worst[0]));
        }
      }
    }
    const next = await sizePurchase(solver, deficits, models, buyable);
    counts = next.counts;
    extra = providersFor(counts, modelById, aggregatesOf);
    check = await run(extra, true);
    met = meets(check);
    steps.push({ cost: costOf(counts), hosts: extra.length, blocking: check.placements.blockingProbability, overloadSeconds: maxOverload(check), met, why: "raised" });
    log(`raised (${step + 1}): ${extra.length} hosts, cost ${costOf(counts)}: ${met ? "meets the targets" : "misses them"}`);
  }

  // 4. Bisect between the last purchase that missed and the one that met (the demand halfway, sized
  //    again), then the remove-one evidence: one host fewer of each line, dearest model first,
  //    taken when it still meets the targets (and tried again), within the budget.
  let budget = input.trimBudget ?? 6;
  const tried = new Map<string, "fails" | "passes">();
  if (met && steps.length > 1 && missed !== null) {
    let lo = missed;
    let hi = cloneDeficits(deficits);
    for (let i = 0; i < (input.bisectSteps ?? 3) && budget > 0; i++) {
      const mid: Deficits = new Map([...hi].map(([z, m]) => [z, new Map([...m].map(([rc, d]) => [rc, (d + (lo.get(z)?.get(rc) ?? 0)) / 2]))]));
      const sizedMid = await sizePurchase(solver, mid, models, buyable);
      if (costOf(sizedMid.counts) >= costOf(counts)) { hi = mid; continue; }
      budget--;
      const trialHosts = providersFor(sizedMid.counts, modelById, aggregatesOf);
      const trial = await run(trialHosts, true);
      const ok = meets(trial);
      steps.push({ cost: costOf(sizedMid.counts), hosts: trialHosts.length, blocking: trial.placements.blockingProbability, overloadSeconds: maxOverload(trial), met: ok, why: "bisect" });
      log(`bisect (${i + 1}): ${trialHosts.length} hosts, cost ${costOf(sizedMid.counts)}: ${ok ? "meets the targets" : "misses them"}`);
      if (ok) { hi = mid; counts = sizedMid.counts; check = trial; } else lo = mid;
    }
  }
  if (met) {
    let progress = true;
    while (progress && budget > 0) {
      progress = false;
      const keys = [...counts.keys()].sort((a, b) => modelById.get(b.split("|")[0]!)!.price - modelById.get(a.split("|")[0]!)!.price || a.localeCompare(b));
      for (const key of keys) {
        if (budget <= 0) break;
        if (tried.get(key) === "fails") continue;
        const fewer = new Map(counts);
        const n = (fewer.get(key) ?? 0) - 1;
        if (n > 0) fewer.set(key, n); else fewer.delete(key);
        budget--;
        const trialHosts = providersFor(fewer, modelById, aggregatesOf);
        const trial = await run(trialHosts, true);
        const ok = meets(trial);
        steps.push({ cost: costOf(fewer), hosts: trialHosts.length, blocking: trial.placements.blockingProbability, overloadSeconds: maxOverload(trial), met: ok, why: "remove-one" });
        if (ok) {
          counts = fewer;
          check = trial;
          tried.clear();
          progress = true;
          log(`one ${key.split("|")[0]} fewer in ${key.split("|")[1] || "the fleet"} still meets the targets: cost ${costOf(counts)}`);
          break;
        }
        tried.set(key, "fails");
      }
    }
  }
  const cost = costOf(counts);
  const removeOne: Recommendation["removeOne"] = [...counts.keys()].sort().map((key) => {
    const [model, zone] = key.split("|") as [string, string];
    const costWithout = cost - modelById.get(model)!.price;
    return { model, zone: zone === "" ? null : zone, costWithout, check: met ? (tried.get(key) ?? "not tried") : "not tried", withinBound: lowerBoundCost !== null && costWithout >= lowerBoundCost - 1e-9 };
  });

  const unreachable = lagBlocking || lagOverload.length > 0 || sized.uncovered.length > 0
    ? {
        blocking: Math.max(0, unlimited.placements.blockingProbability - targets.targetBlocking),
        overloadSeconds: Math.max(0, maxOverload(unlimited) - targets.maxOverloadSeconds),
        services: lagOverload.map((s) => ({ id: s.id, overloadSeconds: s.overloadSeconds - targets.maxOverloadSeconds })),
        uncovered: sized.uncovered,
        reason: sized.uncovered.length > 0
          ? "no host model has capacity of a class the demand needs"
          : "even with unlimited hosts the scenario misses its targets: the overload comes from boot and cooldown lag (or requests no model can serve), not from capacity",
      }
    : null;
  const { series: _series, ...checkSummary } = check;
  void _series;
  return {
    purchase: linesOf(counts, modelById),
    cost,
    lowerBoundCost,
    check: checkSummary,
    margin: { blocking: targets.targetBlocking - check.placements.blockingProbability, overloadSeconds: targets.maxOverloadSeconds - maxOverload(check) },
    met: met && unreachable === null,
    unreachable,
    demand,
    steps,
    removeOne,
    simulations,
  };
}

/** Racks of the purchase: `new-<zone>-<model>` (split into `-r<k>` racks of maxPerRack hosts when the model has one). */
function rackPlan(model: HostModel, zone: string | null, count: number): { rack: string; count: number }[] {
  const base = `new-${zone ?? "any"}-${model.id}`;
  if (model.maxPerRack === undefined || count <= model.maxPerRack) return [{ rack: base, count }];
  const out: { rack: string; count: number }[] = [];
  for (let left = count, k = 1; left > 0; k++, left -= model.maxPerRack) out.push({ rack: `${base}-r${k}`, count: Math.min(left, model.maxPerRack) });
  return out;
}

function cloneDeficits(d: Deficits): Deficits {
  return new Map([...d].map(([z, m]) => [z, new Map(m)]));
}

function sortedKeys(counts: Map<string, number>): string[] {
  return [...counts.keys()].sort();
}

function linesOf(counts: Map<string, number>, models: Map<string, HostModel>): PurchaseLine[] {
  return sortedKeys(counts).flatMap((key) => {
    const [id, z] = key.split("|") as [string, string];
    const zone = z === "" ? null : z;
    return rackPlan(models.get(id)!, zone, counts.get(key)!).map((r) => ({ model: id, zone, rack: r.rack, count: r.count }));
  });
}

/** The purchase as hosts: ids `new-<model>-<n>` (n counted per model over the zones in order), in their zone and rack. */
export function providersFor(counts: Map<string, number>, models: Map<string, HostModel>, aggregatesOf: Map<string | null, string[]>): Provider[] {
  const next = new Map<string, number>();
  return linesOf(counts, models).flatMap((line) => {
    const m = models.get(line.model)!;
    return Array.from({ length: line.count }, () => {
      const n = (next.get(m.id) ?? 0) + 1;
      next.set(m.id, n);
      return {
        id: `new-${m.id}-${n}`, kind: "host" as const, ...(line.zone === null ? {} : { zone: line.zone }), rack: line.rack ?? undefined,
        inventory: m.inventory, ...(m.traits ? { traits: m.traits } : {}), aggregates: aggregatesOf.get(line.zone) ?? [],
      };
    });
  });
}

export { countKey };
