// Weights are data: one row per objective, one column per score plugin (registry names).
import type { Objective } from "../contract";

export type Weights = Readonly<Record<string, number>>;

export const weights: Readonly<Record<Objective, Weights>> = {
  /** Fewest active hosts: fill hosts already in use, then the fullest; (the batch engine also opens the largest host first: batchWeights). */
  pack: { "host-in-use": 4, "most-allocated": 1, "balanced-allocation": 0.25, "soft-anti-affinity": 8 },
  /** Lowest peak utilisation: the emptiest host first. */
  spread: { "least-allocated": 1, "balanced-allocation": 0.25, "soft-anti-affinity": 8 },
  /** Even use across classes, least stranded capacity. */
  balance: { "balanced-allocation": 1, "least-allocated": 0.5, "soft-anti-affinity": 8 },
};

// Storage and network backends are not weighed: the least-allocated reachable one that fits is taken
// (PlacementState.leastAllocated), whatever the objective.

/**
 * The batch engine's default: as `weights`, and for pack a new host is the largest that fits ("open-largest":
 * fewer hosts for the same work on a fleet of several models; measured on the region case, 10,000 hosts of
 * three models: 1,807 new hosts against 2,710 without it). The online placer keeps `weights`: one request at a
 * time it cannot tell whether the batch will fill a large host, and its soft anti-affinity trade-off is tuned
 * on those weights.
 */
export const batchWeights: Readonly<Record<Objective, Weights>> = { ...weights, pack: { ...weights.pack, "open-largest": 1 } };
