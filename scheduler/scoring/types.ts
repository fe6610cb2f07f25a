// Score plugins: a pure function of (request, host, state) into [0, 1], higher is better. How much
// each counts is data (weights.ts), never code; normalisation across candidates lives in normalize.ts.
import type { FilterContext } from "../stages/2-filter/plugins/types";
import type { PreparedRequest } from "../stages/1-compile/prepared";

export type ScorePlugin = {
  readonly name: string;
  score(ctx: FilterContext, req: PreparedRequest, host: number): number;
  /** The score when it is the same on every host for this request (e.g. no server group to weigh), else undefined. */
  constantFor?(req: PreparedRequest): number | undefined;
};
