/**
 * Utilisation per rack for the overview's heat strip, from the server's per-rack sums
 * (`overview.summary`: `rackHosts` and `byRack`), racks grouped by zone and sorted by name so the
 * strip reads like the floor plan. With several classes, a rack is as full as its fullest class (a
 * rack out of memory is full however idle its CPUs), and that class is named.
 */
export type RackHosts = { zone: string | null; rack: string; hosts: number };
export type RackSum = { zone: string | null; rack: string; resourceClass: string; capacity: number; used: number };

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

const NO_ZONE = "(no zone)";
const keyOf = (zone: string | null, rack: string) => `${zone ?? ""}\u0000${rack}`;

/** One cell per rack that holds hosts; a rack without the class counts as empty rather than dropped. */
export function rackHeat(racks: readonly RackHosts[], sums: readonly RackSum[], classes: string | readonly string[]): RackHeat[] {
  const wanted = typeof classes === "string" ? [classes] : classes;
  const byRack = new Map<string, RackSum[]>();
  for (const s of sums) byRack.set(keyOf(s.zone, s.rack), [...(byRack.get(keyOf(s.zone, s.rack)) ?? []), s]);
  const cells = racks.map((r) => {
    let best: RackHeat = { zone: r.zone ?? NO_ZONE, rack: r.rack, hosts: r.hosts, resourceClass: wanted[0] ?? "", capacity: 0, used: 0, fraction: 0 };
    const rackSums = byRack.get(keyOf(r.zone, r.rack)) ?? [];
    for (const rc of wanted) {
      const s = rackSums.find((x) => x.resourceClass === rc);
      if (!s) continue;
      const fraction = s.capacity > 0 ? Math.min(s.used / s.capacity, 1) : 0;
      if (best.capacity === 0 || fraction > best.fraction) best = { ...best, resourceClass: rc, capacity: s.capacity, used: s.used, fraction };
    }
    return best;
  });
  return cells.sort((a, b) => a.zone.localeCompare(b.zone) || a.rack.localeCompare(b.rack, undefined, { numeric: true }));
}
