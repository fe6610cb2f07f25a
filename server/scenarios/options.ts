/** What the scenario forms choose from: zones, racks, hosts and models of the live inventory, the other scenarios. */
import { asc, ne } from "drizzle-orm";
import { hardwareModels, scenarios } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import { readInventory } from "../inventory/export";
import { liveHostModels } from "./base";

export type FormOptions = {
  zones: string[]; racks: string[]; hosts: string[]; models: { id: string; description: string; hosts: number }[];
  resourceClasses: string[]; serverGroups: string[]; scenarios: { id: string; name: string; latestVersion: number }[];
};

export async function formOptions(db: DbOrTx): Promise<FormOptions> {
  const snapshot = await readInventory(db);
  const hosts = snapshot.providers.filter((p) => p.kind === "host" && p.state !== "retired");
  const byModel = await liveHostModels(db);
  const models = await db.select({ id: hardwareModels.id, description: hardwareModels.description }).from(hardwareModels).orderBy(asc(hardwareModels.id));
  const count = (m: string) => hosts.filter((h) => byModel[h.name] === m).length;
  const list = await db.select({ id: scenarios.id, name: scenarios.name, latestVersion: scenarios.latestVersion }).from(scenarios)
    .where(ne(scenarios.latestVersion, 0)).orderBy(asc(scenarios.name));
  return {
    zones: snapshot.zones,
    racks: [...new Set(hosts.flatMap((h) => (h.rack === null ? [] : [h.rack])))].sort(),
    hosts: hosts.map((h) => h.name).sort(),
    models: models.map((m) => ({ ...m, hosts: count(m.id) })),
    resourceClasses: [...new Set(hosts.flatMap((h) => Object.keys(h.inventory)))].sort(),
    serverGroups: snapshot.serverGroups.map((g) => `${g.projectId}/${g.name}`).sort(),
    scenarios: list,
  };
}
