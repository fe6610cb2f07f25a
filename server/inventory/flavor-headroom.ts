/**
 * "Room for how many more m1.large?": for each active host that a flavor may use (required traits
 * present, forbidden ones absent), how many more instances fit in its free capacity, summed. It counts
 * capacity only, one flavor at a time: unit limits, storage and network groups and anti-affinity are
 * the scheduler's business, so this is an upper bound on what placement can achieve.
 *
 * Pure: the query in overview-headroom.ts reads the hosts (grouped, when several have the very same
 * figures and traits) and this computes, host by host.
 */

/** The one host state that takes new instances; maintenance and disabled hosts keep what they have. */
export const TAKES_NEW_WORK = "active";

/** Every class a flavor can ask of a host, in the order ties of "tightest class" are broken. */
export const FLAVOR_CLASSES = ["VCPU", "MEMORY_MB", "DISK_GB"] as const;

export type HeadroomHost = {
  state: string;
  traits: readonly string[];
  /** Capacity ((total - reserved) × allocation ratio) and use per class; a class the host lacks is absent. */
  usage: Partial<Record<string, { capacity: number; used: number }>>;
  /** How many hosts with exactly these figures this row stands for (1 when omitted). */
  count?: number;
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

export function demandOf(flavor: Pick<FlavorLike, "vcpus" | "memoryMb" | "diskGb">): Record<string, number> {
  const demand: Record<string, number> = { VCPU: flavor.vcpus, MEMORY_MB: flavor.memoryMb };
  if (flavor.diskGb > 0) demand.DISK_GB = flavor.diskGb;
  return demand;
}

export function flavorHeadroom(hosts: readonly HeadroomHost[], flavor: FlavorLike): FlavorHeadroom {
  const demand = Object.entries(demandOf(flavor));
  const result: FlavorHeadroom = { instances: 0, hosts: 0, eligible: 0, binding: {} };
  for (const host of hosts) {
    if (host.state !== TAKES_NEW_WORK) continue;
    if (!flavor.requiredTraits.every((t) => host.traits.includes(t))) continue;
    if (flavor.forbiddenTraits.some((t) => host.traits.includes(t))) continue;
    const n = host.count ?? 1;
    result.eligible += n;
    let fits = Infinity;
    let tightest = "";
    for (const [rc, amount] of demand) {
      const u = host.usage[rc];
      const k = u ? Math.floor(Math.max(0, u.capacity - u.used) / amount) : 0;
      if (k < fits) {
        fits = k;
        tightest = rc;
      }
    }
    if (!Number.isFinite(fits)) continue;
    result.instances += fits * n;
    if (fits > 0) result.hosts += n;
    result.binding[tightest] = (result.binding[tightest] ?? 0) + n;
  }
  return result;
}

/** The class that limits the most hosts, or null when no host is eligible. */
export function mainBinding(h: Pick<FlavorHeadroom, "binding">): string | null {
  let best: string | null = null;
  for (const [rc, n] of Object.entries(h.binding)) if (best === null || n > (h.binding[best] ?? 0)) best = rc;
  return best;
}
