import type { Provider } from "../../scheduler/contract";

/**
 * A synthetic inventory for benchmarks and examples: `zones` availability zones of `racksPerZone`
 * racks of `hostsPerRack` hosts, each host 2 x 24 cores with hyper-threading (48 VCPU at
 * allocation ratio 4), 384 GiB of memory (ratio 1, 16 GiB reserved) and 1.6 TB of local disk.
 */
export function inventory(opts: { zones: number; racksPerZone: number; hostsPerRack: number }): Provider[] {
  const providers: Provider[] = [];
  for (let z = 1; z <= opts.zones; z++) {
    for (let r = 1; r <= opts.racksPerZone; r++) {
      for (let h = 1; h <= opts.hostsPerRack; h++) {
        providers.push({
          id: `az${z}-r${String(r).padStart(2, "0")}-h${String(h).padStart(2, "0")}`,
          kind: "host",
          zone: `az${z}`,
          rack: `az${z}-r${String(r).padStart(2, "0")}`,
          inventory: {
            VCPU: { total: 48, allocationRatio: 4 },
            MEMORY_MB: { total: 393216, reserved: 16384 },
            DISK_GB: { total: 1600 },
          },
        });
      }
    }
  }
  return providers;
}
