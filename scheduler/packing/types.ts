/**
 * Multi-dimensional bin packing as the engine hands it to the packing core (interface agreed in
 * notes/scheduler-interface.md): bins are hosts with their residual capacity per resource class,
 * items are VMs with their demand per class, eligibility lists and conflict groups carry the
 * filters and host anti-affinity.
 */
export type PackingInstance = {
  dims: number;
  /** residual capacity per dim; preUsed = the host already has use (counts as used anyway) */
  bins: { capacity: Float64Array | number[]; preUsed: boolean }[];
  /** demand per dim; eligible bin indexes (null = every bin) */
  items: { demand: number[]; eligible: Int32Array | null }[];
  /** groups of item indexes: at most one item of a group per bin */
  conflicts?: number[][];
};

export type ImproveOptions = {
  /** clock() value after which the search stops and returns the best packing found */
  deadline: number;
  clock: () => number;
  /** uniform in [0, 1), seeded by the caller */
  rng: () => number;
  /** stop once this many bins are used (e.g. a lower bound); default packingLowerBound(inst) */
  target?: number;
};

export type LowerBoundOptions = {
  /** only items with placed[i] >= 0 count (the engine's placed subset); default every item */
  placed?: Int32Array;
};
