// Small scenarios for the simulator's tests: hand-sized inventories whose answers can be worked out.
import type { Provider } from "../../scheduler/contract";
import type { Scenario } from "../scenario/schema";

/** `n` hosts with `vcpu` VCPU each (and ample memory), in the given zone and rack. */
export function hosts(n: number, vcpu: number, where: { zone?: string; rack?: string; prefix?: string } = {}): Provider[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${where.prefix ?? where.rack ?? "h"}-${i + 1}`,
    kind: "host" as const,
    ...(where.zone ? { zone: where.zone } : {}),
    ...(where.rack ? { rack: where.rack } : {}),
    inventory: { VCPU: { total: vcpu }, MEMORY_MB: { total: 1 << 20 } },
  }));
}

export const vcpu = (n: number) => ({ compute: { resources: { VCPU: n } } });

/** A scenario with defaults filled in: one day, 60 s steps, greedy batches (fast and deterministic). */
export function scenario(parts: Partial<Scenario> & { providers: Provider[] }): Scenario {
  return { name: "test", durationSeconds: 86_400, placement: { solver: "greedy" }, ...parts };
}
