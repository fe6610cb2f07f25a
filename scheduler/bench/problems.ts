import type { PlacementProblem, PlacementRequest, Provider } from "../contract";
import type { BenchInstance } from "./instances";

/** Resource classes standing for the dims of a benchmark instance (1, 3 or 5 of them). */
export const BENCH_CLASSES = ["VCPU", "MEMORY_MB", "DISK_GB", "NET_BW_MBPS", "CUSTOM_IOPS"] as const;

/**
 * A benchmark instance as a placement problem for the engine: each item a request with its demand per
 * dim, each bin an empty host with that inventory (as many hosts as items: always enough, and the
 * engine has to find out how few it needs); objective pack.
 */
export function instanceProblem(x: BenchInstance, timeLimitMs: number): PlacementProblem {
  const dims = BENCH_CLASSES.slice(0, x.capacity.length);
  if (dims.length !== x.capacity.length) throw new Error(`${x.name}: ${x.capacity.length} dims, at most ${BENCH_CLASSES.length} supported`);
  const inventory = Object.fromEntries(dims.map((r, d) => [r, { total: x.capacity[d]! }]));
  const providers: Provider[] = x.items.map((_, h) => ({ id: `bin-${h}`, kind: "host", inventory }));
  const requests: PlacementRequest[] = x.items.map((it, i) => ({
    id: `item-${i}`, compute: { resources: Object.fromEntries(dims.map((r, d) => [r, it[d]!])) },
  }));
  return { providers, requests, policy: { objective: "pack", timeLimitMs } };
}

/**
 * A batch where arrival order hurts one-at-a-time placement: 300 hosts (384 GiB, 96 cores at
 * allocation ratio 4.0) take a tenant's batch of 400 m5.4xlarge-like VMs (16 vCPU, 64 GiB) that
 * arrives before 200 r5.8xlarge-like VMs (32 vCPU, 256 GiB). Stacking the small ones as they come
 * fills hosts with six of them; each large one then needs a host of its own, leaving 128 GiB
 * stranded on each. Two small plus one large fill a host exactly, so 200 hosts suffice.
 */
export function arrivalOrderProblem(): PlacementProblem {
  const providers: Provider[] = Array.from({ length: 300 }, (_, h) => ({
    id: `host-${String(h).padStart(3, "0")}`, kind: "host", zone: "az1", rack: `rack-${Math.floor(h / 20)}`,
    inventory: { VCPU: { total: 96, allocationRatio: 4 }, MEMORY_MB: { total: 393216 + 8192, reserved: 8192 }, DISK_GB: { total: 3840 } },
  }));
  const requests: PlacementRequest[] = [
    { id: "web", count: 400, compute: { resources: { VCPU: 16, MEMORY_MB: 65536, DISK_GB: 80 } } },
    { id: "db", count: 200, compute: { resources: { VCPU: 32, MEMORY_MB: 262144, DISK_GB: 320 } } },
  ];
  return { providers, requests, policy: { objective: "pack" } };
}
