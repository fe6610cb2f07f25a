"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../_lib/trpc";
import { classLabel, formatAmount, formatCount } from "../../_lib/units";
import { Empty, ErrorState, Loading } from "../ui/states";

/**
 * How many more of each flavor the active hosts could take today: headroom in the unit planners think
 * in. The server counts it host by host (overview.flavorHeadroom); the browser only shows the totals.
 */
export function FlavorHeadroomPanel() {
  const trpc = useTRPC();
  const headroom = useQuery(trpc.overview.flavorHeadroom.queryOptions());
  const list = headroom.data ?? [];
  return (
    <section className="panel" aria-labelledby="headroom-title" data-testid="flavor-headroom">
      <div className="panel-head">
        <div>
          <h2 id="headroom-title">Room for more</h2>
          <p>Instances of each flavor that still fit on active hosts, one flavor at a time. Capacity and traits only:
            an upper bound on what the scheduler can place.</p>
        </div>
      </div>
      {headroom.isError ? <ErrorState error={headroom.error} onRetry={() => void headroom.refetch()} /> :
        headroom.isPending ? <Loading rows={5} /> : list.length === 0 ? <Empty title="No flavors" /> : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Flavor</th>
                <th scope="col">Size</th>
                <th scope="col" className="num">Fits now</th>
                <th scope="col" className="num">On hosts</th>
                <th scope="col">Mostly limited by</th>
              </tr>
            </thead>
            <tbody>
              {list.map((f) => (
                <tr key={f.id} data-testid="flavor-row" data-flavor={f.id} data-instances={f.instances} data-hosts={f.hosts} data-eligible={f.eligible}>
                  <td className="nowrap"><code>{f.id}</code>{f.requiredTraits.length > 0 && <span className="faint" title={f.requiredTraits.join(", ")}> · needs {f.requiredTraits.length} trait{f.requiredTraits.length > 1 ? "s" : ""}</span>}</td>
                  <td className="nowrap muted">{formatAmount("VCPU", f.vcpus)} · {formatAmount("MEMORY_MB", f.memoryMb)} · {formatAmount("DISK_GB", f.diskGb)}</td>
                  <td className="num"><strong>{formatCount(f.instances)}</strong></td>
                  <td className="num">{formatCount(f.hosts)} <span className="faint">of {formatCount(f.eligible)}</span></td>
                  <td>{f.limitedBy ? classLabel(f.limitedBy) : <span className="faint">no eligible host</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
