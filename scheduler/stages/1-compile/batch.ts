// A batch compiled for the engine: identical requests (same everything but id and count) merged into
// classes with a list of copy ids, each class prepared and filtered once.
import type { Cluster } from "./cluster";
import { compileCluster } from "./cluster";
import type { PlacementProblem } from "../../contract";
import { staticCandidates } from "../2-filter/eligibility";
import type { FilterContext } from "../2-filter/plugins/types";
import type { PreparedRequest } from "./prepared";
import { prepareRequest } from "./prepared";
import { compileRequest, compileServerGroups, requestSignature } from "./request";
import { PlacementState } from "./state";
import { expectedIds } from "../../verify";

export type RequestClass = {
  index: number;
  prep: PreparedRequest;
  /** Copy ids in input order. */
  ids: string[];
  priority: number;
  /** Hosts passing every static filter. */
  hosts: Int32Array;
  /** Compute demand as a fraction of the mean host capacity, summed over classes: the "size" for decreasing orders. */
  size: number;
};

export type Batch = { cluster: Cluster; classes: RequestClass[]; serverGroups: number; copies: number };

export function compileBatch(problem: PlacementProblem): Batch {
  const cluster = compileCluster(problem.providers);
  const groups = compileServerGroups(problem.serverGroups);
  const ctx: FilterContext = { cluster, state: new PlacementState(cluster, groups.size) };
  const bySig = new Map<string, RequestClass>();
  const classes: RequestClass[] = [];
  const meanCap = new Float64Array(cluster.C);
  for (const h of cluster.hosts) for (let c = 0; c < cluster.C; c++) meanCap[c]! += cluster.cap[h * cluster.C + c]! / cluster.hosts.length;
  let copies = 0;
  for (const r of problem.requests) {
    const sig = requestSignature(r);
    let cls = bySig.get(sig);
    if (!cls) {
      const { id: _id, count: _count, ...shape } = r;
      const prep = prepareRequest(cluster, compileRequest(cluster, shape, groups));
      let size = 0;
      for (let k = 0; k < prep.compute.idx.length; k++) {
        const m = meanCap[prep.compute.idx[k]!]!;
        size += m > 0 ? prep.compute.amt[k]! / m : 1;
      }
      cls = { index: classes.length, prep, ids: [], priority: prep.priority, hosts: staticCandidates(ctx, prep), size };
      bySig.set(sig, cls);
      classes.push(cls);
    }
    const ids = expectedIds(r);
    cls.ids.push(...ids);
    copies += ids.length;
  }
  return { cluster, classes, serverGroups: groups.size, copies };
}

/** Where every copy went: providers per copy (null = unplaced), indexed [class][copy]. */
export type Assignment = (Int32Array | null)[][];

export function emptyAssignment(batch: Batch): Assignment {
  return batch.classes.map((c) => c.ids.map(() => null));
}
