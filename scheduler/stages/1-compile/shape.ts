// The one compiled request type of both paths: a request shape (a request without id and count) compiled
// against the cluster, with its static candidates once the filter stage has run on it. The batch path's
// classes (batch.ts) and the online placer's shapes (online.ts) are this plus what each path adds.
import type { PlacementRequest } from "../../contract";
import type { Verdict } from "../2-filter/eligibility";
import type { Cluster } from "./cluster";
import type { PreparedRequest } from "./prepared";
import { prepareRequest } from "./prepared";
import type { CompiledServerGroup } from "./request";
import { compileRequest } from "./request";

export type CompiledShape = {
  prep: PreparedRequest;
  /** Hosts passing every static filter (empty until the filter stage has run on the shape). */
  hosts: Int32Array;
  /** False until the filter stage has run on the shape (the batch path's time limit can leave it so). */
  filtered: boolean;
  /** When no host passes the static filters: the binding rule, found once by the filter stage. */
  staticVerdict: Verdict | undefined;
};

export function compileShape(cluster: Cluster, shape: Omit<PlacementRequest, "id" | "count">, groups: ReadonlyMap<string, CompiledServerGroup>): CompiledShape {
  return { prep: prepareRequest(cluster, compileRequest(cluster, shape, groups)), hosts: new Int32Array(0), filtered: false, staticVerdict: undefined };
}
