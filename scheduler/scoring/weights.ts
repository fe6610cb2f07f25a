// Weights are data: one row per objective, one column per score plugin (registry names).
import type { Objective } from "../contract";

export type Weights = Readonly<Record<string, number>>;

export const weights: Readonly<Record<Objective, Weights>> = {
  /** Fewest active hosts: fill hosts already in use, then the fullest. */
  pack: { "host-in-use": 4, "most-allocated": 1, "balanced-allocation": 0.25, "soft-anti-affinity": 8 },
  /** Lowest peak utilisation: the emptiest host first. */
  spread: { "least-allocated": 1, "balanced-allocation": 0.25, "soft-anti-affinity": 8 },
  /** Even use across classes, least stranded capacity. */
  balance: { "balanced-allocation": 1, "least-allocated": 0.5, "soft-anti-affinity": 8 },
};

// Storage and network backends are not weighed: the least-allocated reachable one that fits is taken
// (PlacementState.leastAllocated), whatever the objective.
