import { and, count, eq, inArray, sql } from "drizzle-orm";
import { inventories, providerTraits, resourceProviders } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import { capacityOf } from "../../scheduler/capacity";
import { listFlavors } from "./catalog";
import { allocatedToInventory } from "./usage";
import { FLAVOR_CLASSES, TAKES_NEW_WORK, flavorHeadroom, mainBinding, type HeadroomHost } from "./flavor-headroom";

const p = resourceProviders;

/** [total, reserved, allocation ratio, used] of one class on one host. */
type Figures = [number, number, number, number];

function parseJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/**
 * The active hosts as the headroom computation needs them: per flavor class, the inventory's figures
 * and what is allocated; the host's traits, only those some flavor requires or forbids. Hosts with the
 * very same figures and traits come back as one row with their count, so a fleet of identical, empty
 * (or full) hosts costs one row; the rest costs one row per host, never one per inventory.
 */
export async function headroomHosts(db: DbOrTx, relevantTraits: readonly string[]): Promise<HeadroomHost[]> {
  const rows = await headroomQuery(db, relevantTraits);
  return rows.map((r) => {
    const figures = parseJson<Record<string, Figures> | null>(r.figures) ?? {};
    const usage: HeadroomHost["usage"] = {};
    for (const [rc, [total, reserved, allocationRatio, usedAmount]] of Object.entries(figures)) {
      usage[rc] = { capacity: capacityOf({ total, reserved, allocationRatio }), used: Number(usedAmount) };
    }
    return { state: TAKES_NEW_WORK, traits: r.traits === "" ? [] : r.traits.split(","), usage, count: r.n };
  });
}

/** One row per distinct (traits, figures) among the active hosts, with how many hosts share it. */
function headroomQuery(db: DbOrTx, relevantTraits: readonly string[]) {
  const classes = [...FLAVOR_CLASSES];
  const traitsOfHost = relevantTraits.length === 0 ? sql<string>`''` : sql<string>`coalesce((
      select string_agg(${providerTraits.trait}, ',' order by ${providerTraits.trait}) from ${providerTraits}
      where ${providerTraits.providerId} = ${p.id} and ${inArray(providerTraits.trait, [...relevantTraits])}), '')`;
  const perHost = db
    .select({
      traits: traitsOfHost.as("traits"),
      // Absent when the host has none of the classes: json null groups like any other value.
      figures: sql<unknown>`jsonb_object_agg(${inventories.resourceClass}, jsonb_build_array(
          ${inventories.total}, ${inventories.reserved}, ${inventories.allocationRatio}, ${allocatedToInventory}))
        filter (where ${inventories.resourceClass} is not null)`.as("figures"),
    })
    .from(p)
    .leftJoin(inventories, and(eq(inventories.providerId, p.id), inArray(inventories.resourceClass, classes)))
    .where(and(eq(p.kind, "host"), eq(p.state, TAKES_NEW_WORK)))
    .groupBy(p.id)
    .as("per_host");
  return db
    .select({ n: count(), traits: perHost.traits, figures: perHost.figures })
    .from(perHost)
    .groupBy(perHost.traits, perHost.figures);
}

/** overview.flavorHeadroom: every flavor with how many more of it fit on the active hosts today. */
export async function overviewFlavorHeadroom(db: DbOrTx) {
  const flavors = await listFlavors(db);
  const relevant = [...new Set(flavors.flatMap((f) => [...f.requiredTraits, ...f.forbiddenTraits]))].sort();
  const hosts = await headroomHosts(db, relevant);
  return flavors.map((f) => {
    const h = flavorHeadroom(hosts, f);
    return { ...f, ...h, limitedBy: mainBinding(h) };
  });
}
