/**
 * The capacity rule of DESIGN §2, the one definition every layer uses (the database's writer, the
 * engine, the simulator, the forms, the seed, the reports): OpenStack Placement's rule, not rounded.
 *
 *   capacity = (total - reserved) * allocationRatio
 *   an amount fits when  used + amount <= capacity,  minUnit <= amount <= maxUnit,  amount % stepSize == 0
 *
 * A page may round a figure for display; no check may round. Because the engine and the writer call
 * the same function on the same numbers, whatever the engine decides the writer accepts.
 */
export type InventoryLike = {
  total: number;
  reserved?: number;
  allocationRatio?: number;
  minUnit?: number;
  maxUnit?: number;
  stepSize?: number;
};

/** (total - reserved) * allocationRatio, not rounded; reserved defaults to 0 and the ratio to 1. */
export function capacityOf(inv: Pick<InventoryLike, "total" | "reserved" | "allocationRatio">): number {
  return (inv.total - (inv.reserved ?? 0)) * (inv.allocationRatio ?? 1);
}

export type FitCode = "ok" | "no_capacity" | "below_min_unit" | "above_max_unit" | "step_size";

/** Whether `amount` more fits on an inventory that already has `used` allocated (maxUnit defaults to total). */
export function fits(inv: InventoryLike, used: number, amount: number): FitCode {
  if (amount < (inv.minUnit ?? 1)) return "below_min_unit";
  if (amount > (inv.maxUnit ?? inv.total)) return "above_max_unit";
  if (amount % (inv.stepSize ?? 1) !== 0) return "step_size";
  return used + amount <= capacityOf(inv) ? "ok" : "no_capacity";
}
