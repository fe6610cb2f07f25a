/**
 * "Room for how many more m1.large?": for each active host that a flavor may use (required traits
 * present, forbidden ones absent), how many more instances fit in its free capacity, summed. It counts
 * capacity only, one flavor at a time: unit limits, storage and network groups and anti-affinity are
 * the scheduler's business, so this is an upper bound on what placement can achieve.
 */
export type HeadroomHost = {
  state: string;
  traits: readonly string[];
  usage: Record<string, { capacity: number; used: number } | undefined>;
};

export type FlavorLike = {
  vcpus: number;
  memoryMb: number;
  diskGb: number;
  requiredTraits: readonly string[];
  forbiddenTraits: readonly string[];
};

export type FlavorHeadroom = {
  /** Instances that fit, summed over hosts. */
  instances: number;
  /** Hosts with room for at least one. */
  hosts: number;
  /** Active hosts whose traits allow the flavor. */
  eligible: number;
  /** Per resource class, how many eligible hosts it is the tightest on. */
  binding: Record<string, number>;
};

export function demandOf(flavor: FlavorLike): Record<string, number> {
  const demand: Record<string, number> = { VCPU: flavor.vcpus, MEMORY_MB: flavor.memoryMb };
  if (flavor.diskGb > 0) demand.DISK_GB = flavor.diskGb;
  return demand;
}

export function flavorHeadroom(hosts: readonly HeadroomHost[], flavor: FlavorLike): FlavorHeadroom {
  const demand = Object.entries(demandOf(flavor));
  const result: FlavorHeadroom = { instances: 0, hosts: 0, eligible: 0, binding: {} };
  for (const host of hosts) {
    if (host.state !== "active") continue;
    if (!flavor.requiredTraits.every((t) => host.traits.includes(t))) continue;
    if (flavor.forbiddenTraits.some((t) => host.traits.includes(t))) continue;
    result.eligible += 1;
    let fits = Infinity;
    let tightest = "";
    for (const [rc, amount] of demand) {
      const u = host.usage[rc];
      const n = u ? Math.floor(Math.max(0, u.capacity - u.used) / amount) : 0;
      if (n < fits) {
        fits = n;
        tightest = rc;
      }
    }
    if (!Number.isFinite(fits)) continue;
    result.instances += fits;
    if (fits > 0) result.hosts += 1;
    result.binding[tightest] = (result.binding[tightest] ?? 0) + 1;
  }
  return result;
}

/** The class that limits the most hosts, or null when no host is eligible. */
export function mainBinding(h: FlavorHeadroom): string | null {
  let best: string | null = null;
  for (const [rc, n] of Object.entries(h.binding)) if (best === null || n > (h.binding[best] ?? 0)) best = rc;
  return best;
}
