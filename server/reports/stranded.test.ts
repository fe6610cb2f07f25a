import { describe, expect, it } from "vitest";
import { strandedCapacity } from "./stranded";

const flavor = (vcpus: number, memoryMb: number, diskGb = 0, requiredTraits: string[] = []) => ({ vcpus, memoryMb, diskGb, requiredTraits, forbiddenTraits: [] as string[] });
const host = (free: Record<string, [number, number]>, traits: string[] = [], count = 1) => ({
  state: "active", traits, count, usage: Object.fromEntries(Object.entries(free).map(([rc, [capacity, used]]) => [rc, { capacity, used }])),
});

describe("strandedCapacity", () => {
  it.each([
    { name: "memory full: the free vCPUs and disk are stranded, blamed on memory", hosts: [host({ VCPU: [64, 10], MEMORY_MB: [1024, 1024], DISK_GB: [100, 0] })],
      flavors: [flavor(2, 512)], stranded: { VCPU: 54, MEMORY_MB: 0, DISK_GB: 100 }, full: "MEMORY_MB", stranding: 1 },
    { name: "a flavor still fits: nothing stranded", hosts: [host({ VCPU: [64, 60], MEMORY_MB: [1024, 0], DISK_GB: [100, 0] })],
      flavors: [flavor(4, 512), flavor(8, 256)], stranded: { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 }, full: null, stranding: 0 },
    { name: "room only for a flavor the host's traits forbid: stranded, times the host count", hosts: [host({ VCPU: [64, 63], MEMORY_MB: [1024, 0], DISK_GB: [100, 0] }, [], 3)],
      flavors: [flavor(1, 256, 0, ["CUSTOM_NVME"]), flavor(2, 256)], stranded: { VCPU: 0, MEMORY_MB: 3072, DISK_GB: 300 }, full: "VCPU", stranding: 3 },
    { name: "disk is a class like the others", hosts: [host({ VCPU: [64, 0], MEMORY_MB: [1024, 0], DISK_GB: [100, 90] })],
      flavors: [flavor(2, 512, 20)], stranded: { VCPU: 64, MEMORY_MB: 1024, DISK_GB: 0 }, full: "DISK_GB", stranding: 1 },
  ])("$name", ({ hosts, flavors, stranded, full, stranding }) => {
    const r = strandedCapacity(hosts, flavors);
    expect(Object.fromEntries(r.classes.map((c) => [c.class, c.stranded]))).toEqual(stranded);
    expect(r.hostsStranding).toBe(stranding);
    for (const c of r.classes) {
      expect(c.stranded).toBeLessThanOrEqual(c.free);
      if (c.stranded > 0) expect(Object.keys(c.fullClass)).toEqual([full]);
    }
  });
});
