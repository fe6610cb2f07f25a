/** Reads what a spec's base is (base.ts is the I/O; compile.ts the pure part). */
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { hardwareModels, resourceProviders, scenarioVersions } from "../../drizzle/schema";
import { peakSaleDay } from "../../simulator/bench/scenarios";
import type { Scenario } from "../../simulator/scenario/schema";
import type { DbOrTx } from "../db/client";
import { exportScenario, readInventory } from "../inventory/export";
import type { BaseMaterial, Issue } from "./compile";
import type { BaseSpec } from "./spec";

async function models(db: DbOrTx): Promise<BaseMaterial["models"]> {
  return db.select({ id: hardwareModels.id, vcpus: hardwareModels.vcpus, memoryMb: hardwareModels.memoryMb, diskGb: hardwareModels.diskGb, traits: hardwareModels.traits })
    .from(hardwareModels).orderBy(hardwareModels.id);
}

export async function liveHostModels(db: DbOrTx): Promise<Record<string, string>> {
  const rows = await db.select({ name: resourceProviders.name, model: resourceProviders.hardwareModelId }).from(resourceProviders)
    .where(and(eq(resourceProviders.kind, "host"), isNotNull(resourceProviders.hardwareModelId)));
  return Object.fromEntries(rows.map((r) => [r.name, r.model!]));
}

/** The base a spec names, or the issue that makes it impossible (field `base...`). `now` names the inventory's moment. */
export async function loadBase(db: DbOrTx, base: BaseSpec, now: Date): Promise<{ ok: true; material: BaseMaterial } | { ok: false; issues: Issue[] }> {
  if (base.kind === "inventory") {
    const snapshot = await readInventory(db, base.zone === undefined ? {} : { zone: base.zone });
    if (base.zone !== undefined && !snapshot.zones.includes(base.zone)) {
      return { ok: false, issues: [{ path: ["base", "zone"], message: `no zone '${base.zone}' in the inventory (zones: ${snapshot.zones.join(", ")})` }] };
    }
    const out = exportScenario(snapshot, now, base.zone === undefined ? {} : { zone: base.zone });
    return {
      ok: true,
      material: {
        scenario: out.document, hostModels: await liveHostModels(db), models: await models(db),
        zones: base.zone === undefined ? snapshot.zones : [base.zone],
        label: `live inventory${base.zone === undefined ? "" : ` (zone ${base.zone})`} at ${now.toISOString().slice(0, 16).replace("T", " ")} UTC: ${out.counts.host} hosts`,
      },
    };
  }
  if (base.kind === "scenario") {
    const where = base.version === undefined
      ? eq(scenarioVersions.scenarioId, base.scenarioId)
      : and(eq(scenarioVersions.scenarioId, base.scenarioId), eq(scenarioVersions.version, base.version));
    const [row] = await db.select({ compiled: scenarioVersions.compiled, hostModels: scenarioVersions.hostModels, version: scenarioVersions.version })
      .from(scenarioVersions).where(where).orderBy(desc(scenarioVersions.version)).limit(1);
    if (!row) return { ok: false, issues: [{ path: ["base", base.version === undefined ? "scenarioId" : "version"], message: "no such scenario or version" }] };
    const scenario = row.compiled as Scenario;
    return {
      ok: true,
      material: { scenario, hostModels: row.hostModels, models: await models(db), zones: [], label: `scenario ${scenario.name} v${row.version}` },
    };
  }
  if (base.kind === "bench") {
    const scenario = peakSaleDay({ hosts: base.hosts, services: base.services });
    return { ok: true, material: { scenario, hostModels: {}, models: await models(db), zones: [], label: `simulator bench: peak sale day, ${base.hosts} hosts, ${base.services} services` } };
  }
  return { ok: true, material: { scenario: base.scenario, hostModels: {}, models: await models(db), zones: [], label: base.label } };
}
