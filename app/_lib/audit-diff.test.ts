import { describe, expect, it } from "vitest";
import { describeChange } from "./audit-diff";

describe("describeChange", () => {
  it.each([
    ["a creation lists the new values", null, { name: "h1", kind: "host" }, "name=h1, kind=host"],
    ["a removal lists what was there", { resourceClass: "VCPU", total: 8 }, null, "removed resourceClass=VCPU, total=8"],
    ["an update shows only the changed fields", { name: "a", state: "active" }, { name: "a", state: "maintenance" }, "state active → maintenance"],
    ["an inventory change names its class", { resourceClass: "VCPU", total: 8, reserved: 0 }, { resourceClass: "VCPU", total: 16, reserved: 0 }, "VCPU: total 8 → 16"],
    ["a new key shows as from nothing", { traits: ["A"] }, { traits: ["A", "B"], x: 1 }, 'traits ["A"] → ["A","B"], x ∅ → 1'],
    ["no before and no after is empty", null, null, ""],
    ["a generation bump is noise beside a real change", { state: "active", generation: 0 }, { state: "retired", generation: 1 }, "state active → retired"],
    ["but is shown when it is the only change", { generation: 0 }, { generation: 1 }, "generation 0 → 1"],
    ["nested records show their keys", null, { name: "h", inventories: { VCPU: { total: 1 }, MEMORY_MB: { total: 2 } } }, "name=h, inventories={VCPU, MEMORY_MB}"],
    ["a creation leaves out ids and empty values", null, { id: "u1", name: "h1", parentId: "u0", traits: [], subtype: null, attributes: {}, generation: 0 }, "name=h1"],
  ])("%s", (_name, before, after, expected) => {
    expect(describeChange(before, after)).toBe(expected);
  });
});
