// A batch compiled for the engine: identical requests (same everything but id and count) merged into
// classes with a list of copy ids, each class prepared and filtered once.
import type { Cluster } from "./cluster";
import { compileCluster } from "./cluster";
import type { PlacementProblem } from "../../contract";
import { filterShape } from "../2-filter/eligibility";
import type { FilterContext } from "../2-filter/plugins/types";
import { compileServerGroups, requestSignature } from "./request";
import type { CompiledShape } from "./shape";
import { compileShape } from "./shape";
import { PlacementState } from "./state";
import { expectedIds } from "../../verify";
import { Budget } from "../budget";

/** A class: a compiled shape (the type the online path uses too) with the ids of its copies. */
export type RequestClass = CompiledShape & {
  index: number;
  /** Copy ids in input order. */
  ids: string[];
  priority: number;
  /** Compute demand as a fraction of the mean host capacity, summed over classes: the "size" for decreasing orders. */
  size: number;
};

export type Batch = {
  cluster: Cluster; classes: RequestClass[]; serverGroups: number; copies: number;
  /** Copy ids of the requests the time limit left uncompiled (in input order); they go out unplaced. */
  skipped: string[];
};

/** Requests checked between two readings of the clock while compiling. */
const COMPILE_STEP = 256;

/**
 * Compiles the inventory and merges identical requests into classes (stage 1); the classes' candidates
 * are the filter stage's (`filterClasses`). When the budget runs out, the requests not reached yet are
 * listed in `skipped`.
 */
export function compileRequests(problem: PlacementProblem, budget: Budget = Budget.unlimited()): Batch {
  const cluster = compileCluster(problem.providers);
  const groups = compileServerGroups(problem.serverGroups);
  const bySig = new Map<string, RequestClass>();
  const classes: RequestClass[] = [];
  const skipped: string[] = [];
  const meanCap = new Float64Array(cluster.C);
  for (const h of cluster.hosts) for (let c = 0; c < cluster.C; c++) meanCap[c]! += cluster.cap[h * cluster.C + c]! / cluster.hosts.length;
  let copies = 0;
  const late = budget.checker(COMPILE_STEP);
  let stopped = budget.expired();
  for (const r of problem.requests) {
    const ids = expectedIds(r);
    copies += ids.length;
    if (stopped || (stopped = late())) {
      skipped.push(...ids);
      continue;
    }
    const sig = requestSignature(r);
    let cls = bySig.get(sig);
    if (!cls) {
      const { id: _id, count: _count, ...request } = r;
      const shape = compileShape(cluster, request, groups);
      const prep = shape.prep;
      let size = 0;
      for (let k = 0; k < prep.compute.idx.length; k++) {
        const m = meanCap[prep.compute.idx[k]!]!;
        size += m > 0 ? prep.compute.amt[k]! / m : 1;
      }
      cls = { ...shape, index: classes.length, ids: [], priority: prep.priority, size };
      bySig.set(sig, cls);
      classes.push(cls);
    }
    cls.ids.push(...ids);
  }
  return { cluster, classes, serverGroups: groups.size, copies, skipped };
}

/** Stage 2: each class's static candidates, once per class, until the budget runs out (later classes stay unfiltered, with no host). */
export function filterClasses(batch: Batch, budget: Budget = Budget.unlimited()): Batch {
  const ctx: FilterContext = { cluster: batch.cluster, state: new PlacementState(batch.cluster, batch.serverGroups) };
  for (const cls of batch.classes) {
    if (cls.filtered) continue;
    if (budget.expired()) break;
    filterShape(ctx, cls);
  }
  return batch;
}

/** Both stages at once, without a time limit (tests, the greedy baseline). */
export function compileBatch(problem: PlacementProblem, budget: Budget = Budget.unlimited()): Batch {
  return filterClasses(compileRequests(problem, budget), budget);
}

/** Where every copy went: providers per copy (null = unplaced), indexed [class][copy]. */
export type Assignment = (Int32Array | null)[][];

export function emptyAssignment(batch: Batch): Assignment {
  return batch.classes.map((c) => c.ids.map(() => null));
}
