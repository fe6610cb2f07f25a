import { checkProblem } from "../../scheduler/contract";
import type { PlacementRequest } from "../../scheduler/contract";
import { traceRate } from "../trace/trace-rate";
import type { Issue } from "../trace/trace-rate";
import { ScenarioSchema } from "./schema";
import type { Scenario, TraceRef, Traces } from "./schema";

export type { Issue };
export type ParsedScenario = { ok: true; scenario: Scenario } | { ok: false; issues: Issue[] };

/** The trace files a scenario names (paths as written, relative to the scenario file), so the shell knows what to read. */
export function tracesNamed(scenario: Scenario): string[] {
  const names = new Set<string>();
  for (const c of scenario.churn ?? []) if (typeof c.arrivalsPerHour !== "number") names.add(c.arrivalsPerHour.trace);
  for (const s of scenario.services ?? []) if ("trace" in s.load) names.add(s.load.trace);
  return [...names];
}

/** Every trace reference with its field path. */
function traceRefs(scenario: Scenario): { ref: TraceRef; at: (string | number)[] }[] {
  const refs: { ref: TraceRef; at: (string | number)[] }[] = [];
  (scenario.churn ?? []).forEach((c, i) => {
    if (typeof c.arrivalsPerHour !== "number") refs.push({ ref: c.arrivalsPerHour, at: ["churn", i, "arrivalsPerHour"] });
  });
  (scenario.services ?? []).forEach((s, i) => {
    if ("trace" in s.load) refs.push({ ref: s.load, at: ["services", i, "load"] });
  });
  return refs;
}

/**
 * What the schema cannot say: the inventory and requests as the scheduler checks them, unique ids,
 * min <= initial <= max instances, uniform min <= max, failure targets that name a provider, rack
 * or zone, request zones that exist, and every trace reference against the loaded traces.
 */
export function checkScenario(scenario: Scenario, traces: Traces): Issue[] {
  const issues: Issue[] = [];
  const templates: { at: (string | number)[]; request: PlacementRequest }[] = [];
  (scenario.churn ?? []).forEach((c, i) => templates.push({ at: ["churn", i, "request"], request: { ...c.request, id: `churn/${c.id}` } }));
  (scenario.services ?? []).forEach((s, i) => templates.push({ at: ["services", i, "request"], request: { ...s.request, id: `service/${s.id}` } }));
  for (const issue of checkProblem({ providers: scenario.providers, serverGroups: scenario.serverGroups, requests: templates.map((t) => t.request) })) {
    if (issue.path[0] === "requests" && typeof issue.path[1] === "number") {
      const t = templates[issue.path[1]];
      if (t && issue.path[2] !== "id") issues.push({ path: [...t.at, ...issue.path.slice(2)], message: issue.message });
    } else issues.push(issue);
  }

  const zones = new Set(scenario.providers.flatMap((p) => (p.zone === undefined ? [] : [p.zone])));
  const racks = new Set(scenario.providers.flatMap((p) => (p.rack === undefined ? [] : [p.rack])));
  const ids = new Set(scenario.providers.map((p) => p.id));
  for (const t of templates) {
    if (t.request.zone !== undefined && !zones.has(t.request.zone)) {
      issues.push({ path: [...t.at, "zone"], message: `no provider is in zone '${t.request.zone}' (zones: ${[...zones].join(", ") || "none"})` });
    }
  }

  const owners = new Map<string, string>();
  const uniqueId = (id: string, at: (string | number)[]) => {
    const other = owners.get(id);
    if (other !== undefined) issues.push({ path: at, message: `id '${id}' is also used by ${other}` });
    else owners.set(id, `${String(at[0])}[${String(at[1])}]`);
  };
  (scenario.churn ?? []).forEach((c, i) => {
    uniqueId(c.id, ["churn", i, "id"]);
    if (c.lifetime.kind === "uniform" && c.lifetime.min > c.lifetime.max) issues.push({ path: ["churn", i, "lifetime", "min"], message: `min (${c.lifetime.min}) exceeds max (${c.lifetime.max})` });
  });
  (scenario.services ?? []).forEach((s, i) => {
    uniqueId(s.id, ["services", i, "id"]);
    const at = ["services", i];
    if (s.minInstances > s.maxInstances) issues.push({ path: [...at, "minInstances"], message: `minInstances (${s.minInstances}) exceeds maxInstances (${s.maxInstances})` });
    const initial = s.initialInstances;
    if (initial !== undefined && (initial < s.minInstances || initial > s.maxInstances)) {
      issues.push({ path: [...at, "initialInstances"], message: `initialInstances (${initial}) is outside minInstances..maxInstances (${s.minInstances}..${s.maxInstances})` });
    }
    const boot = s.scaling.bootSeconds;
    if (boot.kind === "uniform" && boot.min > boot.max) issues.push({ path: [...at, "scaling", "bootSeconds", "min"], message: `min (${boot.min}) exceeds max (${boot.max})` });
    if ("profile" in s.load && s.load.peakMultiplier !== undefined && s.load.profile !== "peak-sale") {
      issues.push({ path: [...at, "load", "peakMultiplier"], message: `peakMultiplier applies to the peak-sale profile only, not '${s.load.profile}'` });
    }
  });

  let mtbf = -1;
  (scenario.failures ?? []).forEach((f, i) => {
    if ("target" in f && !ids.has(f.target) && !racks.has(f.target) && !zones.has(f.target)) {
      issues.push({ path: ["failures", i, "target"], message: `'${f.target}' names no provider, rack or zone` });
    }
    if ("hostMtbfHours" in f) {
      if (mtbf >= 0) issues.push({ path: ["failures", i], message: `random host failures are already given by failures[${mtbf}]` });
      else mtbf = i;
    }
  });

  const step = scenario.stepSeconds ?? 60;
  for (const { ref, at } of traceRefs(scenario)) {
    const out = traceRate(ref, traces, step, at);
    if (!out.ok) issues.push(...out.issues);
  }
  return issues;
}

/** Parses and checks a scenario against its loaded traces; never throws on bad input. */
export function parseScenario(json: unknown, traces: Traces): ParsedScenario {
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "number" ? p : String(p))), message: i.message })) };
  }
  const issues = checkScenario(parsed.data, traces);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, scenario: parsed.data };
}
