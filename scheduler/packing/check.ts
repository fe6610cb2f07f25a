import type { PackingInstance } from "./types";

/**
 * Independent feasibility check of a packing (bin per item, -1 = unplaced): every bin within its
 * capacity in every dim, every placed item on an eligible bin, no two items of a conflict group in
 * one bin. Returns the violations found, empty when the packing is feasible.
 */
export function packingViolations(inst: PackingInstance, assign: Int32Array): string[] {
  const out: string[] = [];
  const D = inst.dims;
  const load = inst.bins.map(() => new Float64Array(D));
  assign.forEach((b, i) => {
    if (b < 0) return;
    if (b >= inst.bins.length) { out.push(`item ${i}: bin ${b} does not exist`); return; }
    const item = inst.items[i]!;
    if (item.eligible !== null && !item.eligible.includes(b)) out.push(`item ${i}: bin ${b} is not eligible`);
    for (let d = 0; d < D; d++) load[b]![d] = load[b]![d]! + (item.demand[d] ?? 0);
  });
  load.forEach((l, b) => {
    for (let d = 0; d < D; d++) {
      const c = inst.bins[b]!.capacity[d] ?? 0;
      if (l[d]! > c + 1e-9 * Math.max(1, c)) out.push(`bin ${b}: dim ${d} holds ${l[d]} > ${c}`);
    }
  });
  (inst.conflicts ?? []).forEach((g, k) => {
    const seen = new Set<number>();
    for (const i of g) {
      const b = assign[i] ?? -1;
      if (b < 0) continue;
      if (seen.has(b)) out.push(`conflict group ${k}: two items in bin ${b}`);
      seen.add(b);
    }
  });
  return out;
}

/** bins used: pre-used bins plus bins holding an item */
export function binsUsed(inst: PackingInstance, assign: Int32Array): number {
  const used = new Set<number>();
  inst.bins.forEach((b, k) => { if (b.preUsed) used.add(k); });
  for (const b of assign) if (b >= 0) used.add(b);
  return used.size;
}
