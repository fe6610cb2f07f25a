/**
 * Scenarios and their versions: every save compiles the spec on its base (read now) and writes a
 * new immutable version, in one transaction; a spec that does not compile writes nothing and says
 * which fields are wrong. A diff between any two versions lists the spec's changed fields.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { scenarioRuns, scenarios, scenarioVersions } from "../../drizzle/schema";
import type { Scenario } from "../../simulator/scenario/schema";
import type { Db, DbOrTx } from "../db/client";
import { fail, write, type Failure, type Outcome } from "../inventory/outcome";
import { loadBase } from "./base";
import { compileScenario, type Issue } from "./compile";
import { ScenarioSpecSchema, type SaveScenarioInput, SaveScenarioSchema, type ScenarioSpec } from "./spec";
import { loadTraces, tablesOf } from "./traces";

/** A refusal with every issue (the router turns them into fieldErrors under `spec.`). */
export type SpecFailure = Failure & { issues?: Issue[] };

const fieldOf = (path: (string | number)[]) => ["spec", ...path].join(".");

/** Compiles a spec now (base read from the database), without saving. */
export async function compileSpec(db: DbOrTx, name: string, spec: ScenarioSpec, now: Date) {
  const base = await loadBase(db, spec.base, now);
  if (!base.ok) return { ok: false as const, issues: base.issues };
  const loaded = await loadTraces(db, spec);
  const compiled = compileScenario(name, spec, base.material, tablesOf(loaded));
  if (!compiled.ok) return compiled;
  const digest = createHash("sha256").update(JSON.stringify(compiled.scenario));
  for (const [p, t] of [...loaded].sort(([a], [b]) => (a < b ? -1 : 1))) digest.update(p).update(t.digest);
  return { ...compiled, baseLabel: base.material.label, digest: digest.digest("hex").slice(0, 32) };
}

function refused(issues: Issue[]): SpecFailure {
  const first = issues[0]!;
  return { ok: false, code: "BAD_REQUEST", message: first.message, field: fieldOf(first.path), issues };
}

export type SavedVersion = { scenarioId: string; version: number; versionId: string; notes: string[] };

/** Saves a new scenario (no scenarioId) or a new version of one. A stale expectedVersion is CONFLICT. */
export async function saveScenario(db: Db, raw: SaveScenarioInput, user: string, now = new Date()): Promise<Outcome<SavedVersion> | SpecFailure> {
  const input = SaveScenarioSchema.parse(raw);
  const compiled = await compileSpec(db, input.name, input.spec, now);
  if (!compiled.ok) return refused(compiled.issues);
  return write(db, async (tx) => {
    let scenarioId = input.scenarioId;
    let version = 1;
    if (scenarioId === undefined) {
      const [row] = await tx.insert(scenarios).values({ name: input.name, description: input.description, latestVersion: 1, createdBy: user })
        .onConflictDoNothing().returning({ id: scenarios.id });
      if (!row) fail("CONFLICT", `a scenario named '${input.name}' exists already`, "name");
      scenarioId = row.id;
    } else {
      const [current] = await tx.select({ latest: scenarios.latestVersion }).from(scenarios).where(eq(scenarios.id, scenarioId)).for("update");
      if (!current) fail("NOT_FOUND", "no such scenario", "scenarioId");
      if (input.expectedVersion !== undefined && input.expectedVersion !== current.latest) {
        fail("CONFLICT", `version ${current.latest} was saved since you opened version ${input.expectedVersion}: reload it first`, "expectedVersion");
      }
      version = current.latest + 1;
      await tx.update(scenarios).set({ name: input.name, description: input.description, latestVersion: version, updatedAt: now }).where(eq(scenarios.id, scenarioId));
    }
    const [v] = await tx.insert(scenarioVersions).values({
      scenarioId, version, spec: input.spec, compiled: compiled.scenario, hostModels: compiled.hostModels, baseLabel: compiled.baseLabel,
      notes: compiled.notes, digest: compiled.digest, createdBy: user,
    }).returning({ id: scenarioVersions.id });
    return { scenarioId, version, versionId: v!.id, notes: compiled.notes };
  });
}

export type ScenarioListItem = { id: string; name: string; description: string; latestVersion: number; updatedAt: Date; createdBy: string; runs: number };

export async function listScenarios(db: DbOrTx): Promise<ScenarioListItem[]> {
  return db.select({
    id: scenarios.id, name: scenarios.name, description: scenarios.description, latestVersion: scenarios.latestVersion,
    updatedAt: scenarios.updatedAt, createdBy: scenarios.createdBy,
    runs: sql<number>`(select count(*) from ${scenarioRuns} where ${scenarioRuns.scenarioId} = ${scenarios.id})`.mapWith(Number),
  }).from(scenarios).orderBy(desc(scenarios.updatedAt));
}

export type VersionView = {
  id: string; scenarioId: string; name: string; description: string; version: number; latestVersion: number; spec: ScenarioSpec;
  notes: string[]; baseLabel: string; digest: string; createdBy: string; createdAt: Date;
  counts: { hosts: number; services: number; churn: number; failures: number; durationSeconds: number; loadMultiplier: number };
  versions: { version: number; createdAt: Date; createdBy: string }[];
};

/** A scenario at a version (default the latest), with the list of its versions. */
export async function getScenario(db: DbOrTx, scenarioId: string, version?: number): Promise<Outcome<VersionView>> {
  const [s] = await db.select().from(scenarios).where(eq(scenarios.id, scenarioId));
  if (!s) return { ok: false, code: "NOT_FOUND", message: "no such scenario", field: "scenarioId" };
  const [v] = await db.select().from(scenarioVersions)
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.version, version ?? s.latestVersion)));
  if (!v) return { ok: false, code: "NOT_FOUND", message: `no version ${version}`, field: "version" };
  const versions = await db.select({ version: scenarioVersions.version, createdAt: scenarioVersions.createdAt, createdBy: scenarioVersions.createdBy })
    .from(scenarioVersions).where(eq(scenarioVersions.scenarioId, scenarioId)).orderBy(desc(scenarioVersions.version));
  const c = v.compiled as Scenario;
  return {
    ok: true,
    value: {
      id: v.id, scenarioId, name: s.name, description: s.description, version: v.version, latestVersion: s.latestVersion,
      spec: ScenarioSpecSchema.parse(v.spec), notes: v.notes, baseLabel: v.baseLabel, digest: v.digest, createdBy: v.createdBy, createdAt: v.createdAt,
      counts: {
        hosts: c.providers.filter((p) => p.kind === "host").length, services: c.services?.length ?? 0, churn: c.churn?.length ?? 0,
        failures: c.failures?.length ?? 0, durationSeconds: c.durationSeconds, loadMultiplier: c.loadMultiplier ?? 1,
      },
      versions,
    },
  };
}

/** The compiled contract Scenario of a version (the download; what a run simulates). */
export async function compiledVersion(db: DbOrTx, versionId: string): Promise<{ scenario: Scenario; scenarioId: string; version: number; digest: string } | null> {
  const [v] = await db.select({ compiled: scenarioVersions.compiled, scenarioId: scenarioVersions.scenarioId, version: scenarioVersions.version, digest: scenarioVersions.digest })
    .from(scenarioVersions).where(eq(scenarioVersions.id, versionId));
  return v ? { scenario: v.compiled as Scenario, scenarioId: v.scenarioId, version: v.version, digest: v.digest } : null;
}

export async function versionId(db: DbOrTx, scenarioId: string, version: number): Promise<string | null> {
  const [v] = await db.select({ id: scenarioVersions.id }).from(scenarioVersions)
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.version, version)));
  return v?.id ?? null;
}

export type DiffEntry = { path: string; change: "added" | "removed" | "changed"; before?: unknown; after?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The differences between two JSON values, as leaf paths (arrays by index; an item's id names it where it has one). Pure. */
export function diffValues(a: unknown, b: unknown, path: string[] = []): DiffEntry[] {
  const here = path.join(".");
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: DiffEntry[] = [];
    const label = (x: unknown, i: number) => (isObject(x) && typeof x.id === "string" ? `${i}(${x.id})` : String(i));
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) out.push({ path: [...path, label(b[i], i)].join("."), change: "added", after: b[i] });
      else if (i >= b.length) out.push({ path: [...path, label(a[i], i)].join("."), change: "removed", before: a[i] });
      else out.push(...diffValues(a[i], b[i], [...path, label(b[i], i)]));
    }
    return out;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => {
      if (!(k in a)) return [{ path: [...path, k].join("."), change: "added" as const, after: b[k] }];
      if (!(k in b)) return [{ path: [...path, k].join("."), change: "removed" as const, before: a[k] }];
      return diffValues(a[k], b[k], [...path, k]);
    });
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ path: here, change: "changed", before: a, after: b }];
}

/** What changed in the spec from version `from` to version `to` (any two, of one scenario or of two). */
export async function diffVersions(db: DbOrTx, a: { scenarioId: string; version: number }, b: { scenarioId: string; version: number }): Promise<Outcome<{ entries: DiffEntry[]; sameCompiled: boolean }>> {
  const read = (x: typeof a) => db.select({ spec: scenarioVersions.spec, digest: scenarioVersions.digest }).from(scenarioVersions)
    .where(and(eq(scenarioVersions.scenarioId, x.scenarioId), eq(scenarioVersions.version, x.version)));
  const [[va], [vb]] = await Promise.all([read(a), read(b)]);
  if (!va) return { ok: false, code: "NOT_FOUND", message: `no version ${a.version}`, field: "from" };
  if (!vb) return { ok: false, code: "NOT_FOUND", message: `no version ${b.version}`, field: "to" };
  const strip = (spec: unknown) => {
    const s = spec as ScenarioSpec;
    // A file base is compared by its label and size, not line by line.
    return s.base.kind === "document" ? { ...s, base: { kind: "document", label: s.base.label, providers: s.base.scenario.providers.length } } : s;
  };
  return { ok: true, value: { entries: diffValues(strip(va.spec), strip(vb.spec)), sameCompiled: va.digest === vb.digest } };
}

export async function versionsOf(db: DbOrTx, scenarioId: string) {
  return db.select({ version: scenarioVersions.version, id: scenarioVersions.id }).from(scenarioVersions)
    .where(eq(scenarioVersions.scenarioId, scenarioId)).orderBy(asc(scenarioVersions.version));
}
