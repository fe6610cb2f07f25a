// The discrete-event simulator (DESIGN §4): scenario in, summary (and series) out. Pure: traces
// come in parsed, time and randomness are parameters.
export { simulate, ScenarioError } from "./simulate";
export type { SimulateOptions } from "./simulate";
export { replicate, estimate, tFactor, DEFAULT_CONFIDENCE } from "./replicate";
export type { ReplicateOptions, ReplicationProgress } from "./replicate";
export { parseScenario, checkScenario, tracesNamed } from "./scenario/validate";
export type { Issue, ParsedScenario } from "./scenario/validate";
export { ScenarioSchema } from "./scenario/schema";
export type { Scenario, Traces, ReplicationsSpec } from "./scenario/schema";
export { REPLICATIONS_MIN, REPLICATIONS_MAX } from "./scenario/schema";
export { parseCsv } from "./trace/csv";
export { formatSummary } from "./summary";
export type { SimulationSummary, SeriesRow, Estimate, ReplicationSummary } from "./summary";
export { Environment } from "./core/environment";
export { createRng } from "./core/rng";
export type { Rng } from "./core/rng";
