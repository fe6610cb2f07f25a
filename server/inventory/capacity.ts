/**
 * The capacity rule of DESIGN §2, the one definition the server uses:
 * `used + amount <= (total - reserved) * allocationRatio`, `minUnit <= amount <= maxUnit`,
 * `amount % stepSize == 0`. Capacity is floored to a whole unit, as Placement does; for integer
 * amounts the rule is the same either way.
 */
export type InventoryLike = {
  total: number;
  reserved: number;
  allocationRatio: number;
  minUnit?: number;
  maxUnit?: number;
  stepSize?: number;
};

export function capacityOf(inv: Pick<InventoryLike, "total" | "reserved" | "allocationRatio">): number {
  // The epsilon absorbs binary floating point (e.g. 1.1 * 10 = 11.000000000000002 or 10.999999999999998).
  return Math.max(0, Math.floor((inv.total - inv.reserved) * inv.allocationRatio + 1e-9));
}

export type FitCode = "ok" | "no_capacity" | "below_min_unit" | "above_max_unit" | "step_size";

/** Whether `amount` more fits on an inventory that already has `used` allocated. */
export function fits(inv: InventoryLike, used: number, amount: number): FitCode {
  if (inv.minUnit !== undefined && amount < inv.minUnit) return "below_min_unit";
  if (inv.maxUnit !== undefined && amount > inv.maxUnit) return "above_max_unit";
  if (inv.stepSize !== undefined && amount % inv.stepSize !== 0) return "step_size";
  return used + amount <= capacityOf(inv) ? "ok" : "no_capacity";
}
