/**
 * Stranded capacity: room on an active host that no catalogue flavor can use because another class
 * of the same host is full (free vCPUs on a host whose memory is gone, and so on). Per class: the
 * free room, the part of it stranded, and which class ran out on the hosts that strand it. Counts
 * one flavor at a time on free capacity, as the overview's "room for more" does
 * (inventory/flavor-headroom.ts): a host strands its room when not one instance of any flavor it may
 * run fits. Pure core, with the read of the hosts beside it.
 */
import type { DbOrTx } from "../db/client";
import { listFlavors } from "../inventory/catalog";
import { demandOf, FLAVOR_CLASSES, type FlavorLike, type HeadroomHost } from "../inventory/flavor-headroom";
import { headroomHosts } from "../inventory/overview-headroom";

export type StrandedClass = { class: string; free: number; stranded: number; hosts: number; fullClass: Record<string, number> };

export function strandedCapacity(hosts: readonly HeadroomHost[], flavors: readonly FlavorLike[]): { classes: StrandedClass[]; hostsStranding: number; hosts: number } {
  const out = new Map<string, StrandedClass>(FLAVOR_CLASSES.map((rc) => [rc, { class: rc, free: 0, stranded: 0, hosts: 0, fullClass: {} }]));
  let stranding = 0;
  let all = 0;
  for (const host of hosts) {
    const n = host.count ?? 1;
    all += n;
    const free = (rc: string) => { const u = host.usage[rc]; return u ? Math.max(0, u.capacity - u.used) : 0; };
    const usable = flavors.some((f) => f.requiredTraits.every((t) => host.traits.includes(t)) && !f.forbiddenTraits.some((t) => host.traits.includes(t))
      && Object.entries(demandOf(f)).every(([rc, amount]) => free(rc) >= amount));
    for (const rc of FLAVOR_CLASSES) out.get(rc)!.free += free(rc) * n;
    if (usable) continue;
    // The class that ran out: the one with the smallest share of its capacity left.
    let full = "";
    let least = Infinity;
    for (const rc of FLAVOR_CLASSES) {
      const u = host.usage[rc];
      if (!u || u.capacity <= 0) continue;
      const share = free(rc) / u.capacity;
      if (share < least) { least = share; full = rc; }
    }
    stranding += n;
    for (const rc of FLAVOR_CLASSES) {
      const s = out.get(rc)!;
      if (rc === full || free(rc) <= 0) continue;
      s.stranded += free(rc) * n;
      s.hosts += n;
      s.fullClass[full] = (s.fullClass[full] ?? 0) + n;
    }
  }
  return { classes: [...out.values()], hostsStranding: stranding, hosts: all };
}

/** The live inventory's stranded capacity, against the public catalogue. */
export async function strandedReport(db: DbOrTx) {
  const flavors = (await listFlavors(db)).filter((f) => f.isPublic !== false);
  const relevant = [...new Set(flavors.flatMap((f) => [...f.requiredTraits, ...f.forbiddenTraits]))].sort();
  return strandedCapacity(await headroomHosts(db, relevant), flavors);
}
