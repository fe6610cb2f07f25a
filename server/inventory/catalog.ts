import { asc, count, eq, ne, sql } from "drizzle-orm";
import {
  aggregates, flavors, hardwareModels, providerAggregates, providerTraits, resourceClasses, resourceProviders, traits,
  volumeTypes,
} from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";

const p = resourceProviders;

export async function listTraits(db: DbOrTx) {
  return db
    .select({
      name: traits.name, standard: traits.standard, description: traits.description,
      providers: sql<string>`count(${providerTraits.providerId})`.mapWith(Number),
    })
    .from(traits)
    .leftJoin(providerTraits, eq(providerTraits.trait, traits.name))
    .groupBy(traits.name)
    .orderBy(asc(traits.name));
}

export async function listAggregates(db: DbOrTx) {
  return db
    .select({
      id: aggregates.id, name: aggregates.name, kind: aggregates.kind, metadata: aggregates.metadata,
      providers: sql<string>`count(${providerAggregates.providerId})`.mapWith(Number),
    })
    .from(aggregates)
    .leftJoin(providerAggregates, eq(providerAggregates.aggregateId, aggregates.id))
    .groupBy(aggregates.id)
    .orderBy(asc(aggregates.name));
}

export async function listResourceClasses(db: DbOrTx) {
  return db
    .select({ name: resourceClasses.name, standard: resourceClasses.standard, unit: resourceClasses.unit, description: resourceClasses.description })
    .from(resourceClasses)
    .orderBy(asc(resourceClasses.name));
}

/** Zones with their racks (retired ones left out), for filters and pickers. */
export async function listZones(db: DbOrTx) {
  const rows = await db
    .select({ id: p.id, name: p.name, kind: p.kind, parentId: p.parentId, state: p.state })
    .from(p)
    .where(sql`${p.kind} in ('zone', 'rack') and ${p.state} <> 'retired'`)
    .orderBy(asc(p.name));
  return rows
    .filter((r) => r.kind === "zone")
    .map((z) => ({
      id: z.id, name: z.name, state: z.state,
      racks: rows.filter((r) => r.kind === "rack" && r.parentId === z.id).map((r) => ({ id: r.id, name: r.name, state: r.state })),
    }));
}

export async function listHardwareModels(db: DbOrTx) {
  const [models, counts] = await Promise.all([
    db
      .select({
        id: hardwareModels.id, vendor: hardwareModels.vendor, description: hardwareModels.description,
        vcpus: hardwareModels.vcpus, memoryMb: hardwareModels.memoryMb, diskGb: hardwareModels.diskGb,
        traits: hardwareModels.traits, unitCostPerMonth: hardwareModels.unitCostPerMonth,
      })
      .from(hardwareModels)
      .orderBy(asc(hardwareModels.id)),
    db
      .select({ id: p.hardwareModelId, n: count() })
      .from(p)
      .where(ne(p.state, "retired"))
      .groupBy(p.hardwareModelId),
  ]);
  const byModel = new Map(counts.map((c) => [c.id, c.n]));
  return models.map((m) => ({ ...m, hosts: byModel.get(m.id) ?? 0 }));
}

export async function listFlavors(db: DbOrTx) {
  return db
    .select({
      id: flavors.id, vcpus: flavors.vcpus, memoryMb: flavors.memoryMb, diskGb: flavors.diskGb,
      requiredTraits: flavors.requiredTraits, forbiddenTraits: flavors.forbiddenTraits, isPublic: flavors.isPublic,
      description: flavors.description,
    })
    .from(flavors)
    .orderBy(asc(flavors.vcpus), asc(flavors.memoryMb), asc(flavors.id));
}

export async function listVolumeTypes(db: DbOrTx) {
  return db
    .select({ id: volumeTypes.id, requiredTraits: volumeTypes.requiredTraits, backendName: volumeTypes.backendName, description: volumeTypes.description })
    .from(volumeTypes)
    .orderBy(asc(volumeTypes.id));
}
