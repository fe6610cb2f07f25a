import type { Allocation } from "../../contract";
import type { Cluster } from "../1-compile/cluster";
import type { CompiledGroup } from "../1-compile/request";
import type { PreparedRequest } from "../1-compile/prepared";

function resourcesOf(group: CompiledGroup): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k < group.idx.length; k++) out[group.names[k]!] = group.amt[k]!;
  return out;
}

/** Contract allocations for one placed copy: the compute group on the host, then each storage and network group. */
export function toAllocations(cluster: Cluster, req: PreparedRequest, providers: Int32Array): Allocation[] {
  const out: Allocation[] = [{ provider: cluster.ids[providers[0]!]!, resources: resourcesOf(req.compute) }];
  for (let g = 0; g < req.attached.length; g++) out.push({ provider: cluster.ids[providers[g + 1]!]!, resources: resourcesOf(req.attached[g]!) });
  return out;
}
