/**
 * A scenario spec (spec.ts) compiled to the contract's Scenario (simulator/scenario/schema.ts). Pure:
 * the base's providers, the hardware models and the parsed traces come in as data (base.ts reads
 * them). Every refusal names the spec's field path, so the form shows it beside the field.
 */
import type { Inventory, Provider, ServerGroup } from "../../scheduler/contract";
import { ScenarioSchema, type Scenario, type Traces, type TraceRef } from "../../simulator/scenario/schema";
import { checkScenario } from "../../simulator/scenario/validate";
import { parseTimestamp } from "../../simulator/trace/trace-rate";
import { SHIPPED_TRACES, type ScenarioSpec, type TraceLoad } from "./spec";

export type HardwareModel = { id: string; vcpus: number; memoryMb: number; diskGb: number; traits: string[] };

/** What a spec is compiled on: the base scenario and what is known of its hosts. */
export type BaseMaterial = {
  /** Providers, server groups and (for a scenario base) its services, churn and failures. */
  scenario: Scenario;
  /** Host id -> hardware model id, where known (the live inventory knows; a file does not). */
  hostModels: Record<string, string>;
  models: HardwareModel[];
  /** Zone names of the base, beyond those its providers carry (an empty zone can take bought hosts). */
  zones: string[];
  label: string;
};

export type Issue = { path: (string | number)[]; message: string };
export type Compiled = { ok: true; scenario: Scenario; notes: string[]; hostModels: Record<string, string> } | { ok: false; issues: Issue[] };

/** The path a trace goes by inside the compiled scenario (relative to the scenario file). */
export function tracePath(source: TraceLoad["source"]): string {
  return source.kind === "shipped" ? SHIPPED_TRACES[source.id].file : `traces/upload-${source.id}.csv`;
}

const HOUR = 3600;

function traceRef(load: TraceLoad): TraceRef {
  const rowSeconds = load.timeColumn === undefined
    ? load.rowSeconds ?? (load.source.kind === "shipped" ? SHIPPED_TRACES[load.source.id].rowSeconds : undefined)
    : undefined;
  return {
    trace: tracePath(load.source), column: load.column,
    ...(load.timeColumn === undefined ? {} : { timeColumn: load.timeColumn }),
    ...(load.startAt === undefined ? {} : { startAt: load.startAt }),
    ...(load.scale === 1 ? {} : { scale: load.scale }),
    ...(rowSeconds === undefined ? {} : { rowSeconds }),
  };
}

/** The trace checks the simulator leaves to its caller: the column exists, the window lies inside the trace. */
function checkTrace(load: TraceLoad, traces: Traces, durationSeconds: number, stepSeconds: number, at: (string | number)[], issues: Issue[]): void {
  const table = traces[tracePath(load.source)];
  if (table === undefined) {
    issues.push({ path: [...at, "source"], message: load.source.kind === "upload" ? "no uploaded trace with this id" : "this trace is not available" });
    return;
  }
  const columns = Object.keys(table);
  if (!(load.column in table)) {
    issues.push({ path: [...at, "column"], message: `the trace has no column '${load.column}' (it has: ${columns.join(", ")})` });
    return;
  }
  if (load.timeColumn !== undefined && !(load.timeColumn in table)) {
    issues.push({ path: [...at, "timeColumn"], message: `the trace has no column '${load.timeColumn}' (it has: ${columns.join(", ")})` });
    return;
  }
  const rows = table[load.column]!.length;
  if (rows === 0) {
    issues.push({ path: [...at, "column"], message: "the trace has no rows" });
    return;
  }
  if (load.timeColumn === undefined) {
    if (load.startAt !== undefined) issues.push({ path: [...at, "startAt"], message: "a window start needs a time column" });
    const row = load.rowSeconds ?? (load.source.kind === "shipped" ? SHIPPED_TRACES[load.source.id].rowSeconds : stepSeconds);
    if (rows * row < durationSeconds) {
      issues.push({ path: [...at, "column"], message: `the trace covers ${(rows * row / HOUR).toFixed(1)} h (${rows} rows of ${row} s), shorter than the run (${(durationSeconds / HOUR).toFixed(1)} h)` });
    }
    return;
  }
  const times = table[load.timeColumn]!;
  const first = parseTimestamp(String(times[0]));
  const last = parseTimestamp(String(times[times.length - 1]));
  const rowStep = times.length > 1 ? parseTimestamp(String(times[1])) - first : stepSeconds;
  const start = load.startAt === undefined ? first : parseTimestamp(load.startAt);
  if (Number.isNaN(start)) {
    issues.push({ path: [...at, "startAt"], message: `'${load.startAt}' is not a timestamp (YYYY-MM-DD HH:MM:SS)` });
    return;
  }
  if (start < first || start > last) {
    issues.push({ path: [...at, "startAt"], message: `'${load.startAt}' is outside the trace (${String(times[0])} .. ${String(times[times.length - 1])})` });
    return;
  }
  if (start + durationSeconds > last + rowStep) {
    const end = new Date((last + rowStep - durationSeconds) * 1000).toISOString().slice(0, 19).replace("T", " ");
    issues.push({ path: [...at, "startAt"], message: `the window (${(durationSeconds / HOUR).toFixed(1)} h from ${load.startAt ?? String(times[0])}) runs past the trace's end (${String(times[times.length - 1])}); start at ${end} or earlier` });
  }
}

function request(vm: ScenarioSpec["services"][number]["vm"]) {
  return {
    compute: { resources: { VCPU: vm.vcpu, MEMORY_MB: vm.memoryMb, ...(vm.diskGb > 0 ? { DISK_GB: vm.diskGb } : {}) } },
    ...(vm.serverGroup === undefined ? {} : { serverGroup: vm.serverGroup }),
    ...(vm.zone === undefined ? {} : { zone: vm.zone }),
  };
}

function stripUsed(p: Provider): Provider {
  const { used: _used, ...rest } = p;
  return { ...rest, inventory: Object.fromEntries(Object.entries(p.inventory).map(([k, v]) => [k, { ...v }])) };
}

/** Compiles a spec on its base. Pure. */
export function compileScenario(name: string, spec: ScenarioSpec, base: BaseMaterial, traces: Traces): Compiled {
  const issues: Issue[] = [];
  const notes: string[] = [];
  const durationSeconds = spec.durationHours * HOUR;
  const hostModels = { ...base.hostModels };
  const models = new Map(base.models.map((m) => [m.id, m]));

  // Changes to the providers: retire, buy, then allocation ratios (bought hosts included).
  let providers = base.scenario.providers.map((p) => ({ ...p, inventory: { ...p.inventory } }));
  const ids = new Set(providers.map((p) => p.id));
  spec.changes.retire.forEach((host, i) => {
    if (!ids.has(host)) issues.push({ path: ["changes", "retire", i], message: `no provider named '${host}' in the base` });
  });
  const retired = new Set(spec.changes.retire);
  providers = providers.filter((p) => !retired.has(p.id));
  if (retired.size > 0) notes.push(`${retired.size} provider(s) retired`);

  const zones = new Set([...base.zones, ...providers.flatMap((p) => (p.zone === undefined ? [] : [p.zone]))]);
  const bought = new Map<string, number>();
  spec.changes.buy.forEach((b, i) => {
    const at = ["changes", "buy", i];
    const model = models.get(b.model);
    if (model === undefined) {
      issues.push({ path: [...at, "model"], message: `no hardware model '${b.model}' (known: ${[...models.keys()].join(", ") || "none"})` });
      return;
    }
    if (!zones.has(b.zone)) {
      issues.push({ path: [...at, "zone"], message: `no zone '${b.zone}' in the base (zones: ${[...zones].join(", ")})` });
      return;
    }
    const hosts = providers.filter((p) => p.kind === "host");
    const sameModel = hosts.find((p) => hostModels[p.id] === b.model && p.zone === b.zone) ?? hosts.find((p) => hostModels[p.id] === b.model);
    const sameZone = hosts.find((p) => p.zone === b.zone);
    const inventory: Record<string, Inventory> = sameModel
      ? stripUsed(sameModel).inventory
      : {
          VCPU: { total: model.vcpus, allocationRatio: 1 },
          MEMORY_MB: { total: model.memoryMb, allocationRatio: 1 },
          DISK_GB: { total: model.diskGb, allocationRatio: 1 },
        };
    if (!sameModel) notes.push(`bought ${b.model}: no host of that model in the base, so its inventory is the model's with allocation ratio 1`);
    const aggregates = sameZone?.aggregates;
    const rack = b.rack ?? `${b.zone}-new-${b.model}`;
    for (let k = 0; k < b.count; k++) {
      const n = (bought.get(b.model) ?? 0) + 1;
      bought.set(b.model, n);
      const id = `new-${b.model}-${n}`;
      providers.push({
        id, kind: "host", zone: b.zone, rack, inventory: Object.fromEntries(Object.entries(inventory).map(([c, v]) => [c, { ...v }])),
        ...(model.traits.length > 0 ? { traits: [...model.traits] } : {}),
        ...(aggregates && aggregates.length > 0 ? { aggregates: [...aggregates] } : {}),
      });
      hostModels[id] = b.model;
    }
    notes.push(`bought ${b.count} x ${b.model} into ${b.zone} / ${rack}`);
  });

  spec.changes.allocationRatios.forEach((r, i) => {
    const at = ["changes", "allocationRatios", i];
    const of = providers.filter((p) => hostModels[p.id] === r.model);
    if (of.length === 0) {
      issues.push({ path: [...at, "model"], message: models.has(r.model) ? `no host of model '${r.model}' in the base` : `no hardware model '${r.model}'` });
      return;
    }
    if (!of.some((p) => r.resourceClass in p.inventory)) {
      issues.push({ path: [...at, "resourceClass"], message: `hosts of ${r.model} have no ${r.resourceClass} inventory` });
      return;
    }
    for (const p of of) {
      const inv = p.inventory[r.resourceClass];
      if (inv) p.inventory[r.resourceClass] = { ...inv, allocationRatio: r.ratio };
    }
    notes.push(`${r.resourceClass} allocation ratio ${r.ratio} on ${of.length} host(s) of ${r.model}`);
  });

  const groups: ServerGroup[] = [...(base.scenario.serverGroups ?? [])];
  spec.changes.serverGroups.forEach((g, i) => {
    if (groups.some((x) => x.id === g.id)) issues.push({ path: ["changes", "serverGroups", i, "id"], message: `a server group '${g.id}' exists already` });
    else groups.push({ id: g.id, policy: g.policy, scope: g.scope });
  });
  const groupIds = new Set(groups.map((g) => g.id));
  const finalZones = new Set(providers.flatMap((p) => (p.zone === undefined ? [] : [p.zone])));
  const checkVm = (vm: ScenarioSpec["services"][number]["vm"], at: (string | number)[]) => {
    if (vm.serverGroup !== undefined && !groupIds.has(vm.serverGroup)) issues.push({ path: [...at, "serverGroup"], message: `no server group '${vm.serverGroup}'` });
    if (vm.zone !== undefined && !finalZones.has(vm.zone)) issues.push({ path: [...at, "zone"], message: `no zone '${vm.zone}'` });
  };

  const services = [...(base.scenario.services ?? [])];
  const baseIds = new Set([...services.map((s) => s.id), ...(base.scenario.churn ?? []).map((c) => c.id)]);
  spec.services.forEach((s, i) => {
    const at = ["services", i];
    if (baseIds.has(s.id)) issues.push({ path: [...at, "id"], message: `the base has a service or stream '${s.id}' already` });
    checkVm(s.vm, [...at, "vm"]);
    if (s.load.kind === "trace") checkTrace(s.load, traces, durationSeconds, spec.stepSeconds, [...at, "load"], issues);
    services.push({
      id: s.id, request: request(s.vm), rpsPerInstance: s.rpsPerInstance, minInstances: s.minInstances, maxInstances: s.maxInstances,
      ...(s.initialInstances === undefined ? {} : { initialInstances: s.initialInstances }),
      scaling: {
        targetUtilization: s.targetUtilization, cooldownSeconds: s.cooldownSeconds,
        ...(s.stepInstances === undefined ? {} : { stepInstances: s.stepInstances }),
        bootSeconds: { kind: "lognormal", mean: s.bootSeconds, sd: s.bootSeconds / 3 },
      },
      load: s.load.kind === "trace"
        ? traceRef(s.load)
        : {
            profile: s.load.profile, baseRps: s.load.baseRps,
            ...(s.load.peakMultiplier === undefined ? {} : { peakMultiplier: s.load.peakMultiplier }),
            ...(s.load.peakAtHours === undefined ? {} : { peakAt: s.load.peakAtHours * HOUR }),
          },
    });
  });

  const churn = [...(base.scenario.churn ?? [])];
  spec.churn.forEach((c, i) => {
    const at = ["churn", i];
    if (baseIds.has(c.id)) issues.push({ path: [...at, "id"], message: `the base has a service or stream '${c.id}' already` });
    checkVm(c.vm, [...at, "vm"]);
    if (c.arrivals.kind === "trace") checkTrace(c.arrivals, traces, durationSeconds, spec.stepSeconds, [...at, "arrivals"], issues);
    if (c.maxWaitSeconds !== undefined && c.whenFull !== "wait") issues.push({ path: [...at, "maxWaitSeconds"], message: "only a stream that waits can give up" });
    churn.push({
      id: c.id,
      arrivalsPerHour: c.arrivals.kind === "rate" ? c.arrivals.perHour : traceRef(c.arrivals),
      lifetime: { kind: "exponential", mean: c.meanLifetimeHours * HOUR },
      request: request(c.vm),
      ...(c.whenFull === "wait" ? { whenFull: "wait" as const } : {}),
      ...(c.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: c.maxWaitSeconds }),
    });
  });

  const racks = new Set(providers.flatMap((p) => (p.rack === undefined ? [] : [p.rack])));
  const providerIds = new Set(providers.map((p) => p.id));
  const failures = [...(base.scenario.failures ?? [])];
  spec.failures.forEach((f, i) => {
    const at = ["failures", i];
    if (f.kind === "random") {
      if (failures.some((x) => "hostMtbfHours" in x)) issues.push({ path: [...at, "mtbfHours"], message: "only one random-failure entry per scenario" });
      failures.push({ hostMtbfHours: f.mtbfHours, hostMttrHours: f.mttrHours });
      return;
    }
    if (!providerIds.has(f.target) && !racks.has(f.target) && !finalZones.has(f.target)) {
      issues.push({ path: [...at, "target"], message: `no rack, zone or host named '${f.target}'` });
    }
    if (f.atHours * HOUR >= durationSeconds) issues.push({ path: [...at, "atHours"], message: `must be within the run (under ${spec.durationHours} h)` });
    failures.push({ at: f.atHours * HOUR, target: f.target, ...(f.repairHours === undefined ? {} : { repairSeconds: f.repairHours * HOUR }) });
  });

  if (providers.filter((p) => p.kind === "host").length === 0) issues.push({ path: ["base"], message: "the base has no hosts (after the retirements)" });
  if (issues.length > 0) return { ok: false, issues };

  const scenario: Scenario = {
    name: name.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "scenario",
    seed: spec.seed,
    durationSeconds,
    stepSeconds: spec.stepSeconds,
    providers,
    ...(groups.length > 0 ? { serverGroups: groups } : {}),
    placement: { ...base.scenario.placement, objective: spec.objective },
    ...(churn.length > 0 ? { churn } : {}),
    ...(services.length > 0 ? { services } : {}),
    ...(failures.length > 0 ? { failures } : {}),
    loadMultiplier: (base.scenario.loadMultiplier ?? 1) * spec.loadMultiplier,
    output: { series: true },
    ...(spec.replications >= 2 ? { replications: { runs: spec.replications, confidence: spec.confidence } } : {}),
  };
  const parsed = ScenarioSchema.safeParse(scenario);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: ["compiled", ...i.path.map((p) => (typeof p === "number" ? p : String(p)))], message: i.message })) };
  const checked = checkScenario(parsed.data, traces);
  if (checked.length > 0) return { ok: false, issues: checked.map((i) => ({ path: ["compiled", ...i.path], message: i.message })) };
  return { ok: true, scenario: parsed.data, notes, hostModels };
}
