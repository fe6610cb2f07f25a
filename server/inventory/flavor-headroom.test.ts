import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flavorHeadroom, mainBinding, type FlavorLike, type HeadroomHost } from "./flavor-headroom";

const flavor = (vcpus: number, memoryMb: number, diskGb = 0, requiredTraits: string[] = [], forbiddenTraits: string[] = []): FlavorLike =>
  ({ vcpus, memoryMb, diskGb, requiredTraits, forbiddenTraits });
const host = (vcpu: [number, number], mem: [number, number], traits: string[] = [], state = "active"): HeadroomHost => ({
  state, traits, usage: { VCPU: { capacity: vcpu[0], used: vcpu[1] }, MEMORY_MB: { capacity: mem[0], used: mem[1] } },
});

describe("flavorHeadroom", () => {
  it.each([
    ["vCPU binds", [host([16, 8], [65536, 0])], flavor(4, 8192), { instances: 2, hosts: 1, eligible: 1, binding: { VCPU: 1 } }],
    ["memory binds", [host([64, 0], [16384, 0])], flavor(2, 8192), { instances: 2, hosts: 1, eligible: 1, binding: { MEMORY_MB: 1 } }],
    ["a full host adds nothing", [host([8, 8], [8192, 0])], flavor(1, 1024), { instances: 0, hosts: 0, eligible: 1, binding: { VCPU: 1 } }],
    ["over-use counts as full", [host([8, 12], [8192, 0])], flavor(1, 1024), { instances: 0, hosts: 0, eligible: 1, binding: { VCPU: 1 } }],
    ["a missing class means no room", [host([8, 0], [8192, 0])], flavor(1, 1024, 10), { instances: 0, hosts: 0, eligible: 1, binding: { DISK_GB: 1 } }],
    ["maintenance hosts take nothing", [host([8, 0], [8192, 0], [], "maintenance")], flavor(1, 1024), { instances: 0, hosts: 0, eligible: 0, binding: {} }],
    ["required traits", [host([8, 0], [8192, 0]), host([8, 0], [8192, 0], ["AVX512"])], flavor(4, 1024, 0, ["AVX512"]), { instances: 2, hosts: 1, eligible: 1, binding: { VCPU: 1 } }],
    ["forbidden traits", [host([8, 0], [8192, 0], ["GPU"])], flavor(1, 1024, 0, [], ["GPU"]), { instances: 0, hosts: 0, eligible: 0, binding: {} }],
    ["disabled hosts take nothing", [host([8, 0], [8192, 0], [], "disabled")], flavor(1, 1024), { instances: 0, hosts: 0, eligible: 0, binding: {} }],
    ["a host with no inventory is eligible but has no room", [{ state: "active", traits: [], usage: {} }], flavor(1, 1024), { instances: 0, hosts: 0, eligible: 1, binding: { VCPU: 1 } }],
    ["a tie goes to the class asked for first", [host([8, 4], [8192, 4096])], flavor(2, 2048), { instances: 2, hosts: 1, eligible: 1, binding: { VCPU: 1 } }],
    ["disk counts only when the flavor asks for it", [host([8, 0], [8192, 0])], flavor(1, 1024, 0), { instances: 8, hosts: 1, eligible: 1, binding: { VCPU: 1 } }],
    ["a row standing for 3 identical hosts counts 3 times", [{ ...host([16, 8], [65536, 0]), count: 3 }], flavor(4, 8192), { instances: 6, hosts: 3, eligible: 3, binding: { VCPU: 3 } }],
    ["a row of 3 full hosts adds eligible hosts only", [{ ...host([8, 8], [8192, 0]), count: 3 }], flavor(1, 1024), { instances: 0, hosts: 0, eligible: 3, binding: { VCPU: 3 } }],
  ])("%s", (_name, hosts, f, expected) => {
    expect(flavorHeadroom(hosts, f)).toEqual(expected);
  });

  it("counting identical hosts once with a count is the same as listing each of them", () => {
    const arb = fc.array(fc.record({ cv: fc.nat(64), uv: fc.nat(64), cm: fc.nat(1 << 16), um: fc.nat(1 << 16), n: fc.integer({ min: 1, max: 5 }), avx: fc.boolean() }), { maxLength: 20 });
    fc.assert(fc.property(arb, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8192 }), fc.boolean(), (rows, vcpus, mem, needsAvx) => {
      const f = flavor(vcpus, mem, 0, needsAvx ? ["AVX"] : []);
      const grouped = rows.map((r) => ({ ...host([r.cv, r.uv], [r.cm, r.um], r.avx ? ["AVX"] : []), count: r.n }));
      const each = rows.flatMap((r) => Array.from({ length: r.n }, () => host([r.cv, r.uv], [r.cm, r.um], r.avx ? ["AVX"] : [])));
      expect(flavorHeadroom(grouped, f)).toEqual(flavorHeadroom(each, f));
    }));
  });

  it("never promises more than the free capacity of any class allows", () => {
    const arb = fc.array(fc.record({ cv: fc.nat(256), uv: fc.nat(256), cm: fc.nat(1 << 20), um: fc.nat(1 << 20) }), { maxLength: 30 });
    fc.assert(fc.property(arb, fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 65536 }), (rows, vcpus, mem) => {
      const hosts = rows.map((r) => host([r.cv, r.uv], [r.cm, r.um]));
      const h = flavorHeadroom(hosts, flavor(vcpus, mem));
      const freeV = rows.reduce((s, r) => s + Math.max(0, r.cv - r.uv), 0);
      const freeM = rows.reduce((s, r) => s + Math.max(0, r.cm - r.um), 0);
      expect(h.instances * vcpus).toBeLessThanOrEqual(freeV);
      expect(h.instances * mem).toBeLessThanOrEqual(freeM);
      expect(h.hosts).toBeLessThanOrEqual(h.eligible);
    }));
  });
});

describe("mainBinding", () => {
  it.each([
    [{ instances: 0, hosts: 0, eligible: 0, binding: {} }, null],
    [{ instances: 0, hosts: 0, eligible: 3, binding: { VCPU: 1, MEMORY_MB: 2 } }, "MEMORY_MB"],
  ])("%j -> %s", (h, expected) => expect(mainBinding(h)).toBe(expected));
});
