import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sumUsage, type UsageItem } from "./sum-usage";

const item = (kind: string, usage: UsageItem["usage"], state = "active"): UsageItem => ({ kind, state, usage });

describe("sumUsage", () => {
  it("adds capacity and use per class, and counts the providers that hold any", () => {
    const totals = sumUsage([
      item("host", { VCPU: { capacity: 100, used: 10 }, MEMORY_MB: { capacity: 1024, used: 512 } }),
      item("host", { VCPU: { capacity: 50, used: 50 } }),
      item("storage", { VOLUME_GB: { capacity: 1000, used: 1 } }),
      item("rack", {}),
    ]);
    expect(Object.fromEntries(totals.byClass.map((c) => [c.resourceClass, [c.used, c.capacity]]))).toEqual({
      VCPU: [60, 150], MEMORY_MB: [512, 1024], VOLUME_GB: [1, 1000],
    });
    expect(totals.kinds).toEqual({ host: 2, storage: 1 });
  });

  it("leaves retired providers out", () => {
    expect(sumUsage([item("host", { VCPU: { capacity: 8, used: 0 } }, "retired")])).toEqual({ byClass: [], kinds: {} });
  });

  it("is the same whatever the order of the providers", () => {
    const arb = fc.array(fc.record({ cap: fc.nat(1000), used: fc.nat(1000), rc: fc.constantFrom("VCPU", "DISK_GB") }), { maxLength: 20 });
    fc.assert(fc.property(arb, (rows) => {
      const items = rows.map((r) => item("host", { [r.rc]: { capacity: r.cap, used: r.used } }));
      const sort = (t: ReturnType<typeof sumUsage>) => [...t.byClass].sort((a, b) => a.resourceClass.localeCompare(b.resourceClass));
      expect(sort(sumUsage([...items].reverse()))).toEqual(sort(sumUsage(items)));
    }));
  });
});
