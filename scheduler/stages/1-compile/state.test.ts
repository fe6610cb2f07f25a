// PlacementState: every rule in one place. Each answer is checked against the problem's own numbers
// (capacity from capacityOf, members counted from the placements), not against the state's internals.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileBatch } from "./batch";
import { capacityOf } from "../../capacity";
import type { PlacementProblem } from "../../contract";
import { PlacementState } from "./state";

function problem(): PlacementProblem {
  return {
    providers: [
      { id: "h0", kind: "host", rack: "r1", aggregates: ["a"], inventory: { VCPU: { total: 8, reserved: 1, allocationRatio: 2 }, MEMORY_MB: { total: 4096 } } },
      { id: "h1", kind: "host", rack: "r1", aggregates: ["a"], inventory: { VCPU: { total: 4 }, MEMORY_MB: { total: 4096 } }, used: { VCPU: 3 } },
      { id: "pool", kind: "storage", aggregates: ["a"], inventory: { VOLUME_GB: { total: 100 } }, used: { VOLUME_GB: 70 } },
    ],
    requests: [
      { id: "vm", compute: { resources: { VCPU: 2, MEMORY_MB: 1024 } }, storage: [{ resources: { VOLUME_GB: 20 } }] },
      { id: "anti", compute: { resources: { VCPU: 1, MEMORY_MB: 512 } }, serverGroup: "g" },
    ],
    serverGroups: [{ id: "g", policy: "anti-affinity", scope: "rack" }],
  };
}

function setup() {
  const batch = compileBatch(problem());
  const state = new PlacementState(batch.cluster, batch.serverGroups);
  const [vm, anti] = batch.classes.map((c) => c.prep);
  const id = (name: string) => batch.cluster.index.get(name)!;
  return { batch, state, vm: vm!, anti: anti!, id };
}

describe("PlacementState", () => {
  it("places a copy only while host and storage both have room, and then on both (all groups or none)", () => {
    const { state, vm, id } = setup();
    const vcpuCap = capacityOf({ total: 8, reserved: 1, allocationRatio: 2 });
    // The pool has 30 GB free: one 20 GB volume fits, a second does not, whatever the host has left.
    const first = state.tryPlace(vm, id("h0"));
    expect(first && Array.from(first)).toEqual([id("h0"), id("pool")]);
    expect(vcpuCap - 2).toBeGreaterThanOrEqual(2);
    const usedBefore = state.used.slice();
    expect(state.tryPlace(vm, id("h0"))).toBeNull();
    expect(Array.from(state.used)).toEqual(Array.from(usedBefore));
  });

  it("remove gives back exactly what tryPlace took; clone is independent", () => {
    const { state, vm, id } = setup();
    const before = Array.from(state.used);
    const copy = state.clone();
    const got = state.tryPlace(vm, id("h0"))!;
    expect(Array.from(copy.used)).toEqual(before);
    expect(state.hostInUse(id("h0"))).toBe(true);
    state.remove(vm, got);
    expect(Array.from(state.used)).toEqual(before);
    expect(state.load[id("h0")]).toBe(0);
    expect(state.hostInUse(id("h1"))).toBe(true);
  });

  it("anti-affinity over a rack: a second member may not share the rack; after removal it may", () => {
    const { state, anti, id } = setup();
    const a = state.tryPlace(anti, id("h0"))!;
    expect(a).not.toBeNull();
    expect(state.groupAllows(anti, id("h1"))).toBe(false);
    expect(state.tryPlace(anti, id("h1"))).toBeNull();
    state.remove(anti, a);
    expect(state.tryPlace(anti, id("h1"))).not.toBeNull();
  });

  it("a host that is down takes nothing; tryPlaceExact refuses providers that do not fit", () => {
    const { state, vm, id } = setup();
    state.down[id("h0")] = 1;
    expect(state.tryPlace(vm, id("h0"))).toBeNull();
    state.down[id("h0")] = 0;
    // h1 has 1 vCPU left (4 - 3): a 2-vCPU copy does not fit there exactly either.
    expect(state.tryPlaceExact(vm, Int32Array.from([id("h1"), id("pool")]))).toBeNull();
    expect(state.tryPlaceExact(vm, Int32Array.from([id("h0"), id("pool")]))).not.toBeNull();
  });

  it("for any sequence of places and removes, used equals existing use plus what is held (property)", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 1 }), fc.boolean()), { maxLength: 30 }), (ops) => {
      const { batch, state, vm, anti, id } = setup();
      const held: { prep: typeof vm; got: Int32Array }[] = [];
      for (const [add, host, which] of ops) {
        if (add) {
          const prep = which ? vm : anti;
          const got = state.tryPlace(prep, id(host === 0 ? "h0" : "h1"));
          if (got) held.push({ prep, got });
        } else if (held.length > 0) {
          const x = held.pop()!;
          state.remove(x.prep, x.got);
        }
      }
      const C = batch.cluster.C;
      const expected = Array.from(batch.cluster.used0);
      for (const { prep, got } of held) {
        const groups = [prep.compute, ...prep.attached];
        groups.forEach((g, k) => g.idx.forEach((c, j) => (expected[got[k]! * C + c]! += g.amt[j]!)));
      }
      expect(Array.from(state.used)).toEqual(expected);
      for (let i = 0; i < expected.length; i++) expect(expected[i]!).toBeLessThanOrEqual(batch.cluster.cap[i]! + 1e-9);
      // At most one anti-affinity member per rack (both hosts share r1).
      expect(held.filter((x) => x.prep === anti).length).toBeLessThanOrEqual(1);
    }), { numRuns: 200, seed: 4 });
  });
});
