/**
 * Utilisation per rack for the overview's heat strip: the hosts of each rack summed per resource
 * class, racks grouped by zone and sorted by name so the strip reads like the floor plan.
 */
export type HostUsage = {
  zone: string | null;
  rack: string | null;
  state: string;
  usage: Record<string, { capacity: number; used: number } | undefined>;
};

export type RackHeat = { zone: string; rack: string; hosts: number; capacity: number; used: number; fraction: number };

export function rackHeat(hosts: readonly HostUsage[], resourceClass: string): RackHeat[] {
  const byRack = new Map<string, RackHeat>();
  for (const host of hosts) {
    if (host.state === "retired" || !host.rack) continue;
    const zone = host.zone ?? "(no zone)";
    const key = `${zone}\u0000${host.rack}`;
    const entry = byRack.get(key) ?? { zone, rack: host.rack, hosts: 0, capacity: 0, used: 0, fraction: 0 };
    entry.hosts += 1;
    const u = host.usage[resourceClass];
    if (u) {
      entry.capacity += u.capacity;
      entry.used += u.used;
    }
    byRack.set(key, entry);
  }
  const racks = [...byRack.values()];
  for (const r of racks) r.fraction = r.capacity > 0 ? Math.min(r.used / r.capacity, 1) : 0;
  return racks.sort((a, b) => a.zone.localeCompare(b.zone) || a.rack.localeCompare(b.rack, undefined, { numeric: true }));
}
