"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { FormMessage } from "../ui/form-message";
import { Empty, ErrorState, Loading } from "../ui/states";

const ACTION_TEXT = { create: "create", change: "change", retire: "retire" } as const;

/**
 * The drift between Headroom's inventory and the configured OpenStack (Placement, Nova, Cinder,
 * Neutron): what applying would create, change and retire. Reading is for everyone; applying is an
 * operator's, of exactly the drift shown (its fingerprint), in one audited transaction.
 */
export function SyncView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery({ ...trpc.sync.drift.queryOptions(), refetchOnWindowFocus: false });
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  const apply = useMutation(trpc.sync.applyDrift.mutationOptions({
    onSuccess: async (d) => {
      setFailure(null);
      setApplied(`Applied: ${d.counts.create} created, ${d.counts.change} changed, ${d.counts.retire} retired.`);
      await queryClient.invalidateQueries();
    },
    onError: (e) => setFailure(toFormFailure(e)),
  }));
  const data = query.data;
  const drift = data?.drift ?? null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Sync OpenStack</h1>
          <p>
            Reads resource providers, inventories, traits, aggregates and allocations from Placement, hypervisors and zones from Nova,
            pools from Cinder and subnets with their free addresses from Neutron, and shows how Headroom&apos;s inventory differs.
            Racks come from host aggregates with <code>headroom_rack</code> metadata or the naming rule <code>HEADROOM_SYNC_RACK_RULE</code>.
          </p>
        </div>
        <div className="page-actions">
          <button type="button" className="btn" onClick={() => void query.refetch()} disabled={query.isFetching}>Read again</button>
          <button
            type="button" className="btn btn-primary" data-testid="sync-apply"
            disabled={!drift || drift.items.length === 0 || apply.isPending}
            onClick={() => drift && apply.mutate({ fingerprint: drift.fingerprint })}
          >
            {apply.isPending ? "Applying…" : "Apply this drift"}
          </button>
        </div>
      </div>
      <FormMessage failure={failure} onReload={() => { setFailure(null); void query.refetch(); }} />
      {applied && !failure && <div className="callout" role="status" data-testid="sync-applied">{applied}</div>}
      <section className="panel" aria-label="Drift">
        {query.isPending ? <Loading label="Reading the cloud…" rows={5} />
          : query.isError ? <ErrorState title="Could not read the drift" error={query.error} onRetry={() => void query.refetch()} />
          : !data?.configured ? (
            <Empty level={2} title="No OpenStack is configured">
              <p>{data?.cloud}</p>
              <p>For a local one, <code>npx headroom sandbox up</code> brings up a real control plane with fake hypervisors.</p>
            </Empty>
          ) : data.error ? (
            <Empty level={2} title="The cloud could not be read"><p data-testid="sync-error">{data.error}</p></Empty>
          ) : !drift || drift.items.length === 0 ? (
            <Empty level={2} title="Headroom matches the cloud"><p>{data.cloud}</p></Empty>
          ) : (
            <div className="table-wrap">
              <p style={{ padding: "var(--space-2) var(--space-4)" }} data-testid="sync-summary">
                {data.cloud}: {drift.counts.create} to create, {drift.counts.change} to change, {drift.counts.retire} to retire
              </p>
              <table className="data" data-testid="sync-table">
                <thead><tr><th scope="col">Action</th><th scope="col">What</th><th scope="col">Kind</th><th scope="col">Name</th><th scope="col">Details</th></tr></thead>
                <tbody>
                  {drift.items.map((i) => (
                    <tr key={`${i.action}/${i.entity}/${i.name}`}>
                      <td>{ACTION_TEXT[i.action]}</td><td>{i.entity}</td><td>{i.kind}</td><td>{i.name}</td>
                      <td>{i.changes.map((c) => <div key={c}>{c}</div>)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>
    </>
  );
}
