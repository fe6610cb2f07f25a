export type { ImproveOptions, LowerBoundOptions, PackingInstance } from "./types";
export { improvePacking } from "./improve";
export { packingLowerBound, l2Bound } from "./lowerBound";
export { seededRng } from "./rng";
export { packingViolations, binsUsed } from "./check";
