/**
 * Capacity against use summed over a set of providers (the hosts, storage and networks under a
 * rack, a zone or a region), per resource class, with how many providers of each kind counted.
 */
export type UsageItem = {
  kind: string;
  state: string;
  usage: Record<string, { capacity: number; used: number } | undefined>;
};

export type UsageTotals = {
  byClass: { resourceClass: string; capacity: number; used: number }[];
  kinds: Record<string, number>;
};

export function sumUsage(items: readonly UsageItem[]): UsageTotals {
  const byClass = new Map<string, { capacity: number; used: number }>();
  const kinds: Record<string, number> = {};
  for (const item of items) {
    if (item.state === "retired") continue;
    const entries = Object.entries(item.usage).filter((e): e is [string, { capacity: number; used: number }] => e[1] !== undefined);
    if (entries.length === 0) continue;
    kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
    for (const [rc, u] of entries) {
      const sum = byClass.get(rc) ?? { capacity: 0, used: 0 };
      sum.capacity += u.capacity;
      sum.used += u.used;
      byClass.set(rc, sum);
    }
  }
  return { byClass: [...byClass].map(([resourceClass, s]) => ({ resourceClass, ...s })), kinds };
}
