"use client";
import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { describeChange } from "../../_lib/audit-diff";
import { formatTime } from "../../_lib/time";
import { useTRPC } from "../../_lib/trpc";
import { Empty, ErrorState, Loading } from "../ui/states";

/** The latest writes to the inventory, whoever made them: what an operator checks after a change window. */
export function RecentChanges({ limit = 12 }: { limit?: number }) {
  const trpc = useTRPC();
  const recent = useQuery(trpc.audit.recent.queryOptions({ limit }));
  return (
    <section className="panel" aria-labelledby="recent-title" data-testid="recent-changes">
      <div className="panel-head">
        <div>
          <h2 id="recent-title">Recent changes</h2>
          <p>The latest {limit} writes to the inventory, from the audit trail.</p>
        </div>
      </div>
      {recent.isPending ? <Loading rows={4} /> : recent.isError ? (
        <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
      ) : recent.data.length === 0 ? <Empty title="No changes recorded" /> : (
        <div className="table-wrap">
          <table className="data">
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Change</th></tr></thead>
            <tbody>
              {recent.data.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap mono" style={{ fontSize: 12 }}>{formatTime(e.at)}</td>
                  <td className="nowrap">{e.actor}</td>
                  <td className="nowrap">
                    {e.entityType === "provider"
                      ? <Link href={`/providers/${e.entityId}` as Route}><code>{e.action}</code></Link>
                      : <code>{e.action}</code>}
                  </td>
                  <td className="mono" style={{ fontSize: 12, overflowWrap: "anywhere" }}>{describeChange(e.before, e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
