"use client";
import { useQuery } from "@tanstack/react-query";
import { flavorHeadroom, mainBinding } from "../../_lib/flavor-headroom";
import { useTRPC } from "../../_lib/trpc";
import { useAllProviders } from "../../_lib/use-all-providers";
import { classLabel, formatAmount, formatCount } from "../../_lib/units";
import { Empty, ErrorState, Loading } from "../ui/states";

/** How many more of each flavor the active hosts could take today: headroom in the unit planners think in. */
export function FlavorHeadroomPanel() {
  const trpc = useTRPC();
  const flavors = useQuery(trpc.catalog.flavors.queryOptions());
  const hosts = useAllProviders({ kind: "host" });
  const error = flavors.error ?? hosts.error;
  const list = flavors.data ?? [];
  return (
    <section className="panel" aria-labelledby="headroom-title" data-testid="flavor-headroom">
      <div className="panel-head">
        <div>
          <h2 id="headroom-title">Room for more</h2>
          <p>Instances of each flavor that still fit on active hosts, one flavor at a time. Capacity and traits only:
            an upper bound on what the scheduler can place.</p>
        </div>
      </div>
      {error ? <ErrorState error={error} /> : flavors.isPending || hosts.isPending ? <Loading rows={5} /> : list.length === 0 ? <Empty title="No flavors" /> : (
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
              {list.map((f) => {
                const h = flavorHeadroom(hosts.data ?? [], f);
                const binding = mainBinding(h);
                return (
                  <tr key={f.id} data-testid="flavor-row" data-flavor={f.id} data-instances={h.instances}>
                    <td className="nowrap"><code>{f.id}</code>{f.requiredTraits.length > 0 && <span className="faint" title={f.requiredTraits.join(", ")}> · needs {f.requiredTraits.length} trait{f.requiredTraits.length > 1 ? "s" : ""}</span>}</td>
                    <td className="nowrap muted">{formatAmount("VCPU", f.vcpus)} · {formatAmount("MEMORY_MB", f.memoryMb)} · {formatAmount("DISK_GB", f.diskGb)}</td>
                    <td className="num"><strong>{formatCount(h.instances)}</strong></td>
                    <td className="num">{formatCount(h.hosts)} <span className="faint">of {formatCount(h.eligible)}</span></td>
                    <td>{binding ? classLabel(binding) : <span className="faint">no eligible host</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
