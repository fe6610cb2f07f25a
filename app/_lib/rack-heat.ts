/**
 * Utilisation per rack for the overview's heat strip: the hosts of each rack summed per resource
 * class, racks grouped by zone and sorted by name so the strip reads like the floor plan. With
 * several classes, a rack is as full as its fullest class (a rack out of memory is full however
 * idle its CPUs), and that class is named.
 */
export type HostUsage = {
  zone: string | null;
  rack: string | null;
  state: string;
  usage: Record<string, { capacity: number; used: number } | undefined>;
};

export type RackHeat = {
  zone: string;
  rack: string;
  hosts: number;
  /** The class that sets the fraction (the fullest one), and its sums. */
  resourceClass: string;
  capacity: number;
  used: number;
  fraction: number;
};

export function rackHeat(hosts: readonly HostUsage[], classes: string | readonly string[]): RackHeat[] {
  const wanted = typeof classes === "string" ? [classes] : classes;
  const byRack = new Map<string, { zone: string; rack: string; hosts: number; sums: Map<string, { capacity: number; used: number }> }>();
  for (const host of hosts) {
    if (host.state === "retired" || !host.rack) continue;
    const zone = host.zone ?? "(no zone)";
    const key = `${zone}\u0000${host.rack}`;
    const entry = byRack.get(key) ?? { zone, rack: host.rack, hosts: 0, sums: new Map() };
    entry.hosts += 1;
    for (const rc of wanted) {
      const u = host.usage[rc];
      if (!u) continue;
      const sum = entry.sums.get(rc) ?? { capacity: 0, used: 0 };
      sum.capacity += u.capacity;
      sum.used += u.used;
      entry.sums.set(rc, sum);
    }
    byRack.set(key, entry);
  }
  const racks: RackHeat[] = [...byRack.values()].map((r) => {
    let best: RackHeat = { zone: r.zone, rack: r.rack, hosts: r.hosts, resourceClass: wanted[0] ?? "", capacity: 0, used: 0, fraction: 0 };
    for (const rc of wanted) {
      const s = r.sums.get(rc);
      if (!s) continue;
      const fraction = s.capacity > 0 ? Math.min(s.used / s.capacity, 1) : 0;
      if (best.capacity === 0 || fraction > best.fraction) best = { ...best, resourceClass: rc, capacity: s.capacity, used: s.used, fraction };
    }
    return best;
  });
  return racks.sort((a, b) => a.zone.localeCompare(b.zone) || a.rack.localeCompare(b.rack, undefined, { numeric: true }));
}
