/** The packing core's seeded generator is the scheduler's one (mulberry32 in ../random). */
export { seededRandom as seededRng } from "../random";
